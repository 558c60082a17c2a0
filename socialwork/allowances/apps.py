from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllowancesConfig(AppConfig):
    name = "socialwork.allowances"
    label = "allowances"
    verbose_name = _("Trợ giúp xã hội")

    def ready(self) -> None:
        from cases.casework.transfers import register_dossier_part

        from . import attachments, exports, permissions, scoping  # noqa: F401 (they register)
        from .selectors import transfer_dossier_rows

        attachments.register()
        register_dossier_part(transfer_dossier_rows)
