import datetime
from decimal import Decimal

import factory

from cases.models import PovertyStatus
from socialwork.allowances.models import (
    AllowanceApplication,
    AllowanceEntitlement,
    ApplicationStatus,
    EmergencyEvent,
    Group,
    StandardLevel,
)
from tests.cases.factories import BeneficiaryFactory, HouseholdFactory, HouseholdPovertyFactory
from tests.factories import CommuneFactory


class StandardLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardLevel

    scope = StandardLevel.Scope.PROVINCE
    amount = 600_000
    valid_from = datetime.date(2025, 1, 1)
    legal_basis = "Nghị quyết HĐND tỉnh (thử)"


class EntitlementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllowanceEntitlement

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    commune = factory.SelfAttribute("beneficiary.commune")
    group = Group.OLDER_POOR
    units = 1
    coefficient = Decimal("1.5")
    start_month = datetime.date(2025, 1, 1)
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    decided_on = factory.SelfAttribute("start_month")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllowanceApplication

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    commune = factory.SelfAttribute("beneficiary.commune")
    group = Group.OLDER_POOR
    form = "1c"
    status = ApplicationStatus.SUBMITTED
    filed_on = datetime.date(2025, 9, 1)
    review_due = datetime.date(2025, 9, 10)


class EmergencyEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmergencyEvent

    name = "Lũ tháng 10/2025"
    kind = EmergencyEvent.Kind.FLOOD
    started_on = datetime.date(2025, 10, 20)


__all__ = ["CommuneFactory"]


def poor_older(commune, birth=datetime.date(1950, 3, 3), year=2025):
    """A person of 75 or more in a household registered poor that year."""
    household = HouseholdFactory(commune=commune)
    HouseholdPovertyFactory(household=household, year=year, status=PovertyStatus.POOR)
    return BeneficiaryFactory(commune=commune, household=household, birth_date=birth)
