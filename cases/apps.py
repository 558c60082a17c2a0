from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    label = "cases"
    verbose_name = _("Đối tượng và trường hợp")

    def ready(self) -> None:
        from . import importers, scoping  # noqa: F401 (importers register themselves)
        from .casework import scoping as casework_scoping

        scoping.register()
        casework_scoping.register()
