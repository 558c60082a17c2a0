"""Demo data for the dashboard: the default targets, a 2020 baseline and an
official child count (figures the department enters), then real runs of the
job over what the earlier seeders built, so every chart has points."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from . import services
from .models import Baseline, IndicatorValue, OfficialDenominator
from .periods import month_period, today, year_period

if TYPE_CHECKING:
    from socialwork.demo.context import DemoContext


def seed(ctx: DemoContext) -> None:
    services.target_defaults_load(province=ctx.province)
    this_year = today().year
    # The figures the department enters are made to fit the demo's own history,
    # as real ones fit a real province: the 2020 baseline of CTXH-03 a little
    # below the 2025 count (the +20% plan nearly reached), official child counts
    # a little above the register (statistics count children not yet registered).
    years = [year_period(y) for y in range(this_year - 2, this_year + 1)]
    for period in years:
        services.indicators_compute(period=period)
    counted = _province_figures(ctx, years)
    Baseline.objects.get_or_create(
        code="CTXH-03",
        unit=ctx.province,
        year=2020,
        defaults={
            "value": Decimal(round(counted.get(("CTXH-03", 2025), 0) / 1.18)),
            "source": "Báo cáo tổng kết công tác xã hội năm 2020 (số liệu minh họa)",
        },
    )
    for year in range(2025, this_year + 1):
        register = counted.get(("CTXH-05", year), 0)
        OfficialDenominator.objects.get_or_create(
            code="CTXH-05",
            unit=ctx.province,
            year=year,
            defaults={
                "value": round(register * 1.08) + ctx.rng.randint(0, 40),
                "source": "Cục Thống kê tỉnh (số liệu minh họa)",
            },
        )
    periods = years + [month_period(this_year, m) for m in range(1, today().month + 1)]
    for period in periods:
        services.indicators_compute(period=period)
    ctx.say(f"indicators: {len(periods)} periods computed")


def _province_figures(ctx: DemoContext, years) -> dict[tuple[str, int], int]:
    """Province counts of the first pass: CTXH-03's people, CTXH-05's children."""
    rows = IndicatorValue.objects.filter(
        unit=ctx.province,
        breakdown="",
        code__in=["CTXH-03", "CTXH-05"],
        period_kind=years[0].kind,
        period_start__in=[p.start for p in years],
    ).values_list("code", "period_start", "numerator", "denominator")
    return {
        (code, start.year): (numerator if code == "CTXH-03" else denominator) or 0
        for code, start, numerator, denominator in rows
    }
