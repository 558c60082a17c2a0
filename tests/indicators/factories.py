"""Factories of the indicators tests, on top of tests/factories.py."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from socialwork.indicators.models import (
    Baseline,
    ComputationRun,
    IndicatorTarget,
    IndicatorValue,
    OfficialDenominator,
    PeriodKind,
    PeriodLock,
)
from tests.factories import ProvinceFactory, UserFactory


class IndicatorTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorTarget
        django_get_or_create = ("code", "unit", "year")

    code = "CTXH-01"
    unit = factory.SubFactory(ProvinceFactory)
    year = 2025
    value = Decimal("60")


class BaselineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Baseline

    code = "CTXH-03"
    unit = factory.SubFactory(ProvinceFactory)
    year = 2020
    value = Decimal("1000")
    source = "Báo cáo tổng kết năm 2020 của tỉnh"


class OfficialDenominatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficialDenominator

    code = "CTXH-05"
    unit = factory.SubFactory(ProvinceFactory)
    year = 2025
    value = 400
    source = "Cục Thống kê tỉnh, niên giám 2025"


class ComputationRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComputationRun

    period_kind = PeriodKind.YEAR
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2025, 12, 31)
    status = ComputationRun.Status.DONE
    finished_at = factory.LazyFunction(timezone.now)
    total_steps = 1
    done_steps = 1


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    code = "CTXH-01"
    unit = factory.SubFactory(ProvinceFactory)
    period_kind = PeriodKind.YEAR
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2025, 12, 31)
    numerator = 6
    denominator = 10
    value = Decimal("60")
    computed_at = factory.LazyFunction(timezone.now)
    run = factory.SubFactory(
        ComputationRunFactory,
        period_kind=factory.SelfAttribute("..period_kind"),
        period_start=factory.SelfAttribute("..period_start"),
        period_end=factory.SelfAttribute("..period_end"),
    )


class PeriodLockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeriodLock

    period_kind = PeriodKind.YEAR
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2025, 12, 31)
    locked_by = factory.SubFactory(UserFactory)
    reason = "Đã gửi báo cáo năm"
