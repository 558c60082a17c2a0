from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "socialwork.areas"
    label = "areas"
    verbose_name = _("Địa bàn hành chính")

    def ready(self) -> None:
        from socialwork.accounts.scoping import ScopePolicy, register_scope

        from .models import AdministrativeUnit, UnitSuccession

        # The official map is public reference data: everyone signed in reads it.
        register_scope(AdministrativeUnit, ScopePolicy(reference=True))
        register_scope(UnitSuccession, ScopePolicy(reference=True))
