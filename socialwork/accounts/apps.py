from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "socialwork.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self):
        from . import lifetime, permissions  # noqa: F401  (login stamp, capability table)
        from .scoping import register_account_scopes

        register_account_scopes()
