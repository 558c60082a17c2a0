from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaboratorsConfig(AppConfig):
    name = "collaborators"
    label = "collaborators"
    verbose_name = _("Cộng tác viên")

    def ready(self) -> None:
        from . import exports, importers, permissions, scoping  # noqa: F401 (they register)

        scoping.register()
