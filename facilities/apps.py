from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "facilities"
    label = "facilities"
    verbose_name = _("Cơ sở và dịch vụ")

    def ready(self) -> None:
        from . import scoping  # noqa: F401 (registers the scope policies)
