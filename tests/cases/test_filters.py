"""The register's FilterSets (people, households, consents) through the API
that serves them: each filter narrows, a bad value is a 400 naming the
parameter, and another commune's rows never appear under any filter."""

import pytest
from django.utils import timezone

from cases.models import ConsentBasis, PovertyStatus, Sex
from tests.cases.casework.test_filters import HUGE, ids, refused
from tests.cases.factories import (
    BeneficiaryCategoryFactory,
    BeneficiaryFactory,
    ConsentFactory,
    HouseholdFactory,
    HouseholdPovertyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(commune_a, commune_b):
    year = timezone.localdate().year
    home = HouseholdFactory(commune=commune_a)
    return {
        "old": BeneficiaryFactory(full_name="Nguyễn Văn Đức", commune=commune_a, birth_date=None,
                                  birth_year=year - 80, sex=Sex.MALE, household=home),
        "young": BeneficiaryFactory(full_name="Trần Thị Bích", commune=commune_a, birth_date=None,
                                    birth_year=year - 10, sex=Sex.FEMALE),
        "far": BeneficiaryFactory(full_name="Nguyễn Văn Đức", commune=commune_b, birth_date=None,
                                  birth_year=year - 80, sex=Sex.MALE),
    }  # fmt: skip


def test_beneficiary_filters_narrow(client, department, people, commune_b):
    url = "/api/v1/beneficiaries/"
    old, young, far = people["old"], people["young"], people["far"]
    assert ids(client, department, url, commune=commune_b.pk) == {far.pk}
    assert ids(client, department, url, q="nguyen van duc") == {old.pk, far.pk}
    assert ids(client, department, url, q="nguyen van duc", commune=commune_b.pk) == {far.pk}
    assert ids(client, department, url, age_min=70) == {old.pk, far.pk}
    assert ids(client, department, url, age_max=20) == {young.pk}
    assert ids(client, department, url, sex=Sex.FEMALE) == {young.pk}
    assert ids(client, department, url, household=old.household_id) == {old.pk}
    assert ids(client, department, url, has_household="true") == {old.pk}
    assert old.pk not in ids(client, department, url, has_household="false")
    ConsentFactory(beneficiary=young)
    assert ids(client, department, url, consent="true") == {young.pk}
    link = BeneficiaryCategoryFactory(beneficiary=old)
    assert ids(client, department, url, category=link.category.code) == {old.pk}


def test_beneficiary_filters_refuse_bad_values(client, department, people):
    url = "/api/v1/beneficiaries/"
    for params in (
        {"commune": "abc"},
        {"commune": HUGE},
        {"age_min": "-1"},
        {"age_max": "old"},
        {"sex": "x"},
        {"household": "HO1"},
        {"consent": "perhaps"},
        {"category": "no-such-group"},
    ):
        refused(client, department, url, **params)


def test_beneficiary_filters_never_widen_the_scope(client, collaborator_a, people, commune_b):
    url = "/api/v1/beneficiaries/"
    assert ids(client, collaborator_a, url, q="nguyen van duc") == {people["old"].pk}
    assert ids(client, collaborator_a, url, commune=commune_b.pk) == set()


def test_household_filters(client, department, collaborator_a, commune_a, commune_b):
    poor = HouseholdPovertyFactory(
        household=HouseholdFactory(commune=commune_a, code="HO-A1"), year=2025
    ).household
    near = HouseholdPovertyFactory(
        household=HouseholdFactory(commune=commune_a), year=2024, status=PovertyStatus.NEAR_POOR
    ).household
    far = HouseholdFactory(commune=commune_b)
    url = "/api/v1/households/"
    assert ids(client, department, url, commune=commune_b.pk) == {far.pk}
    assert ids(client, department, url, code="ho-a1") == {poor.pk}
    assert ids(client, department, url, poverty_year=2024) == {near.pk}
    assert ids(client, department, url, poverty_status=PovertyStatus.NEAR_POOR) == {near.pk}
    assert ids(client, collaborator_a, url, commune=commune_b.pk) == set()
    assert ids(client, collaborator_a, url, code=far.code) == set()
    for params in ({"commune": "a"}, {"poverty_year": "0"}, {"poverty_year": "2025.5"}):
        refused(client, department, url, **params)


def test_consent_filters(client, department, collaborator_a, people):
    mine = ConsentFactory(beneficiary=people["old"])
    statutory = ConsentFactory(beneficiary=people["young"], basis=ConsentBasis.STATUTORY)
    far = ConsentFactory(beneficiary=people["far"])
    url = "/api/v1/consents/"
    assert ids(client, department, url, beneficiary=people["old"].pk) == {mine.pk}
    assert ids(client, department, url, basis=ConsentBasis.STATUTORY) == {statutory.pk}
    assert ids(client, collaborator_a, url, beneficiary=people["far"].pk) == set()
    assert far.pk not in ids(client, collaborator_a, url)
    for params in ({"beneficiary": "x"}, {"basis": "whim"}):
        refused(client, department, url, **params)
