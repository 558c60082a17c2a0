from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "socialwork.indicators"
    label = "indicators"
    verbose_name = _("Chỉ tiêu kế hoạch")

    def ready(self) -> None:
        from socialwork.accounts.scoping import ScopePolicy, register_scope

        from .models import (
            Baseline,
            ComputationRun,
            IndicatorTarget,
            IndicatorValue,
            OfficialDenominator,
            PeriodLock,
        )

        # Aggregates only, no personal data: leadership reads them all; a
        # commune's own roles read their commune's rows (the unit), nothing else.
        for model in (IndicatorValue, IndicatorTarget, Baseline, OfficialDenominator):
            register_scope(model, ScopePolicy(commune="unit", public_to_leadership=True))
        # Run bookkeeping and locks are province-level: no commune row at all.
        for model in (ComputationRun, PeriodLock):
            register_scope(model, ScopePolicy(public_to_leadership=True))
