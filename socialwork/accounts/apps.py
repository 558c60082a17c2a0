from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "socialwork.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self):
        from . import lifetime  # noqa: F401  (connects the login stamp)
        from .scoping import register_account_scopes

        register_account_scopes()
