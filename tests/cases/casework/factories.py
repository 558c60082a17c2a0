"""Factories of case management, building on tests/factories.py and the register's."""

import datetime

import factory
from django.utils import timezone

from cases.models import (
    Assessment,
    AssessmentKind,
    Case,
    CasePlan,
    CasePlanAction,
    CaseStatus,
    IntakeSource,
    ServiceDelivery,
)
from facilities.models import ServiceType
from tests.cases.factories import BeneficiaryFactory


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    commune = factory.SelfAttribute("beneficiary.commune")
    source = IntakeSource.COLLABORATOR
    reported_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    summary = "Trẻ em bị bỏ đói, người báo là hàng xóm."
    status = CaseStatus.INTAKE


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    case = factory.SubFactory(CaseFactory)
    kind = AssessmentKind.NEEDS
    assessed_on = factory.LazyFunction(timezone.localdate)
    needs = "Hỗ trợ tâm lý, đi học"


class CasePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CasePlan

    case = factory.SubFactory(CaseFactory, status=CaseStatus.PLANNING)
    goals = "Trẻ được an toàn, đi học lại"
    drafted_at = factory.LazyFunction(timezone.now)


class CasePlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CasePlanAction

    plan = factory.SubFactory(CasePlanFactory)
    description = "Tư vấn tâm lý hằng tuần"
    responsible_other = "Trạm y tế xã"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    cost_estimate = 1_500_000


class ServiceDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceDelivery

    case = factory.SubFactory(CaseFactory)
    beneficiary = factory.SelfAttribute("case.beneficiary")
    commune = factory.SelfAttribute("case.commune")
    service_type = factory.LazyFunction(lambda: ServiceType.objects.get(code="tu_van"))
    delivered_on = factory.LazyFunction(timezone.localdate)
