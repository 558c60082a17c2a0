from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    label = "cases"
    verbose_name = _("Đối tượng và trường hợp")

    def ready(self) -> None:
        from django.db.models import fields

        # Django's blank choice ("- Select an option -") has no Vietnamese
        # translation: every select of the portal starts with this one.
        fields.BLANK_CHOICE_LABEL = _("— Chọn —")
        from . import exports, importers, permissions, privacy_source, scoping  # noqa: F401
        from .casework import scoping as casework_scoping
        from .hotline import scoping as hotline_scoping
        from .referrals import scoping as referrals_scoping

        # Order matters: referrals widen the case and register policies made before them.
        scoping.register()
        casework_scoping.register()
        referrals_scoping.register()
        hotline_scoping.register()
        privacy_source.register()
        from . import attachments

        attachments.register()
