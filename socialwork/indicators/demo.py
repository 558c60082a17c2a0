"""Demo data for the dashboard: the default targets, a 2020 baseline and an
official child count (figures the department enters), then real runs of the
job over what the earlier seeders built, so every chart has points."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from . import services
from .models import Baseline, OfficialDenominator
from .periods import month_period, today, year_period

if TYPE_CHECKING:
    from socialwork.demo.context import DemoContext


def seed(ctx: DemoContext) -> None:
    services.target_defaults_load(province=ctx.province)
    Baseline.objects.get_or_create(
        code="CTXH-03",
        unit=ctx.province,
        year=2020,
        defaults={
            "value": Decimal(ctx.scaled(4000) + ctx.rng.randint(0, 300)),
            "source": "Báo cáo tổng kết công tác xã hội năm 2020 (số liệu minh họa)",
        },
    )
    this_year = today().year
    for year in range(2025, this_year + 1):
        OfficialDenominator.objects.get_or_create(
            code="CTXH-05",
            unit=ctx.province,
            year=year,
            defaults={
                "value": ctx.scaled(900) + ctx.rng.randint(0, 80),
                "source": "Cục Thống kê tỉnh (số liệu minh họa)",
            },
        )
    periods = [year_period(y) for y in range(this_year - 2, this_year + 1)]
    periods += [month_period(this_year, m) for m in range(1, today().month + 1)]
    for period in periods:
        services.indicators_compute(period=period)
    ctx.say(f"indicators: {len(periods)} periods computed")
