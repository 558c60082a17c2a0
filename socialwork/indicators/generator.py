"""`generate_province` step for the indicators: the figures the department
enters by hand (targets, CTXH-03's 2020 baseline, the official count of
priority children), scaled to the generated province. The snapshots
themselves are never generated: the benchmark times the real job."""

from __future__ import annotations

from decimal import Decimal

from socialwork.areas.models import AdministrativeUnit
from socialwork.demo.generate import GeneratorContext

from . import services
from .models import Baseline, OfficialDenominator
from .periods import today


def generate(ctx: GeneratorContext) -> None:
    province = AdministrativeUnit.objects.get(pk=ctx.province_id)
    services.target_defaults_load(province=province)
    # Per million people: about 8,000 helped in 2020, 9,000 priority children.
    Baseline.objects.update_or_create(
        code="CTXH-03",
        unit=province,
        year=2020,
        defaults={"value": Decimal(ctx.scaled(8_000)), "source": "Số liệu sinh tự động"},
    )
    for year in range(2025, today().year + 1):
        OfficialDenominator.objects.update_or_create(
            code="CTXH-05",
            unit=province,
            year=year,
            defaults={"value": ctx.scaled(9_000), "source": "Số liệu sinh tự động"},
        )
