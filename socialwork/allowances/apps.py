from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllowancesConfig(AppConfig):
    name = "socialwork.allowances"
    label = "allowances"
    verbose_name = _("Trợ giúp xã hội")

    def ready(self) -> None:
        from . import attachments, exports, permissions, scoping  # noqa: F401 (they register)

        attachments.register()
