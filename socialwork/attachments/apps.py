from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    name = "socialwork.attachments"
    label = "attachments"
    verbose_name = _("Tài liệu đính kèm")

    def ready(self) -> None:
        from . import permissions, scoping  # noqa: F401 (they register)
