"""`generate_province` step for the indicators: the figures the department
enters by hand (targets, CTXH-03's 2020 baseline, the official count of
priority children), scaled to the generated province, and the people the
communes flag "no carer, extreme hardship" (TGXH-966a's population, which no
other generator knows about). The snapshots themselves are never generated:
the benchmark times the real job."""

from __future__ import annotations

from decimal import Decimal

from cases.models import NO_CARER_CATEGORY, BeneficiaryCategory
from socialwork.areas.models import AdministrativeUnit
from socialwork.demo.bulk import insert_select
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
    # Half of the people living in a facility (most were admitted for having
    # no one to care for them) and one in 149 of the others: about 0.7%.
    insert_select(
        BeneficiaryCategory,
        {"beneficiary_id": "b.id", "category_id": "c.id"},
        "cases_beneficiary b JOIN cases_category c ON c.code = %(code)s"
        " WHERE b.id %% 149 = 0 OR (b.id %% 2 = 0 AND EXISTS ("
        "SELECT 1 FROM facilities_admission a WHERE a.beneficiary_id = b.id))",
        {"code": NO_CARER_CATEGORY},
    )
