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


# --- Case management (cases.casework); built lazily so this module imports
# while the cases app is still growing. -------------------------------------


def case_factories():
    """Factories for cases.Case, ServiceDelivery, CaseEvent and CasePlan."""
    from cases.models import Case, CaseEvent, CasePlan, ServiceDelivery
    from tests.cases.factories import BeneficiaryFactory

    class CaseFactory(factory.django.DjangoModelFactory):
        class Meta:
            model = Case

        beneficiary = factory.SubFactory(BeneficiaryFactory)
        commune = factory.SelfAttribute("beneficiary.commune")
        source = "collaborator"
        reported_at = factory.LazyFunction(timezone.now)

    class ServiceDeliveryFactory(factory.django.DjangoModelFactory):
        class Meta:
            model = ServiceDelivery

        beneficiary = factory.SubFactory(BeneficiaryFactory)
        commune = factory.SelfAttribute("beneficiary.commune")
        delivered_on = datetime.date(2025, 6, 1)

    class CaseEventFactory(factory.django.DjangoModelFactory):
        class Meta:
            model = CaseEvent

        case = factory.SubFactory(CaseFactory)
        kind = "emergency"
        occurred_at = factory.LazyFunction(timezone.now)

    class CasePlanFactory(factory.django.DjangoModelFactory):
        class Meta:
            model = CasePlan

        case = factory.SubFactory(CaseFactory)
        goals = "An toàn, đi học trở lại"
        drafted_at = factory.LazyFunction(timezone.now)

    return CaseFactory, ServiceDeliveryFactory, CaseEventFactory, CasePlanFactory


def assessment_factory():
    from cases.models import Assessment

    class AssessmentFactory(factory.django.DjangoModelFactory):
        class Meta:
            model = Assessment

        case = factory.SubFactory(case_factories()[0])
        kind = "needs"
        assessed_on = datetime.date(2025, 6, 2)

    return AssessmentFactory


def network_factories():
    """Factories for cases.Referral (+ transitions) and facilities.Admission."""
    from cases.models.referrals import Referral, ReferralTransition
    from facilities.models import Admission
    from tests.cases.factories import BeneficiaryFactory
    from tests.facilities.factories import FacilityFactory

    case_factory = case_factories()[0]

    class ReferralFactory(factory.django.DjangoModelFactory):
        class Meta:
            model = Referral

        case = factory.SubFactory(case_factory)
        beneficiary = factory.SelfAttribute("case.beneficiary")
        commune = factory.SelfAttribute("case.commune")
        sender = factory.SubFactory(UserFactory)
        to_facility = factory.SubFactory(
            FacilityFactory, commune=factory.SelfAttribute("..commune")
        )
        reason = "Cần hỗ trợ tâm lý"
        urgency = "urgent"
        legal_basis = "statutory"
        sent_at = factory.LazyFunction(timezone.now)

    class ReferralTransitionFactory(factory.django.DjangoModelFactory):
        class Meta:
            model = ReferralTransition

        referral = factory.SubFactory(ReferralFactory)
        from_status = "sent"
        to_status = "accepted"
        at = factory.LazyFunction(timezone.now)

    class AdmissionFactory(factory.django.DjangoModelFactory):
        class Meta:
            model = Admission

        facility = factory.SubFactory(FacilityFactory)
        beneficiary = factory.SubFactory(
            BeneficiaryFactory, commune=factory.SelfAttribute("..facility.commune")
        )
        kind = "temporary"
        status = "resident"
        requested_on = datetime.date(2025, 1, 2)
        admitted_on = datetime.date(2025, 1, 3)

    return ReferralFactory, ReferralTransitionFactory, AdmissionFactory
