"""Factories of the register, building on tests/factories.py."""

import datetime

import factory

from cases.models import (
    NO_CARER_CATEGORY,
    Beneficiary,
    BeneficiaryCategory,
    Category,
    Consent,
    ConsentBasis,
    Household,
    HouseholdPoverty,
    PovertyStatus,
    Sex,
)
from tests.factories import CommuneFactory


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    commune = factory.SubFactory(CommuneFactory)
    address = "Thôn 3"
    code = factory.Sequence(lambda n: f"HO{n:05d}")


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beneficiary

    full_name = factory.Sequence(lambda n: f"Trần Thị Thử {n}")
    birth_date = datetime.date(1960, 5, 17)
    birth_year = factory.LazyAttribute(lambda o: o.birth_date.year if o.birth_date else None)
    sex = Sex.FEMALE
    commune = factory.SubFactory(CommuneFactory)
    address = "Thôn 1"


class HouseholdPovertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdPoverty

    household = factory.SubFactory(HouseholdFactory)
    year = 2025
    status = PovertyStatus.POOR


class BeneficiaryCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BeneficiaryCategory

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    category = factory.LazyFunction(lambda: Category.objects.get(code="ND20-5.5a"))


class NoCarerFactory(BeneficiaryCategoryFactory):
    """A person flagged by the commune as in extreme hardship with no carer
    (the population of indicator TGXH-966a)."""

    # Loaded by migration; created here if a transactional test flushed it.
    category = factory.LazyFunction(
        lambda: Category.objects.get_or_create(
            code=NO_CARER_CATEGORY,
            defaults={"name": "Không có người chăm sóc", "group": "vulnerable"},
        )[0]
    )


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    basis = ConsentBasis.PERSON
    given_on = datetime.date(2025, 8, 1)
