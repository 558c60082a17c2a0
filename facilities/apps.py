from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "facilities"
    label = "facilities"
    verbose_name = _("Cơ sở và dịch vụ")

    def ready(self) -> None:
        from socialwork.accounts.capabilities import register_facility_resolver

        from . import permissions, scoping  # noqa: F401 (register the tables)
        from .selectors import user_facility_id

        register_facility_resolver(user_facility_id)
        from . import attachments

        attachments.register()
