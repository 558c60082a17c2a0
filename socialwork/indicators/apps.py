from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "socialwork.indicators"
    label = "indicators"
    verbose_name = _("Chỉ tiêu kế hoạch")

    def ready(self) -> None:
        from socialwork.accounts.scoping import ScopePolicy, register_scope

        from . import permissions  # noqa: F401 (registers the capability table)
        from .models import (
            Baseline,
            ComputationRun,
            IndicatorTarget,
            IndicatorValue,
            OfficialDenominator,
            PeriodLock,
        )

        # Snapshots: aggregates only, no personal data. Leadership reads them
        # all; a commune's own roles read their commune's rows, nothing else.
        register_scope(IndicatorValue, ScopePolicy(commune="unit", public_to_leadership=True))
        # Targets, baselines and official figures are the plan itself: every
        # signed-in user may read them (a commune compares itself with the
        # province's target); only the department changes them (services).
        for model in (IndicatorTarget, Baseline, OfficialDenominator):
            register_scope(model, ScopePolicy(reference=True))
        # Run bookkeeping and locks are province-level: no commune row at all.
        for model in (ComputationRun, PeriodLock):
            register_scope(model, ScopePolicy(public_to_leadership=True))

        from .report import _register_export

        _register_export()
