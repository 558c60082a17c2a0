from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadsheetsConfig(AppConfig):
    name = "socialwork.spreadsheets"
    label = "spreadsheets"
    verbose_name = _("Nhập/xuất bảng tính")

    def ready(self) -> None:
        from . import scoping  # noqa: F401 (registers the scope policies)
