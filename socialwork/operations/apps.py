from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "socialwork.operations"
    label = "operations"
    verbose_name = _("Vận hành")

    def ready(self) -> None:
        from . import errors, recording

        recording.connect()
        errors.connect()
