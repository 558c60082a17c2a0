import pytest

from tests.cases.factories import BeneficiaryFactory
from tests.casework.factories import CaseFactory
from tests.factories import (
    CollaboratorUserFactory,
    CommuneLeaderFactory,
    CommuneOfficialFactory,
    FacilityUserFactory,
    LeadershipUserFactory,
    UserFactory,
)


@pytest.fixture
def department(province):
    return UserFactory(area=province, can_view_sensitive=True)


@pytest.fixture
def collaborator_a(commune_a):
    return CollaboratorUserFactory(area=commune_a)


@pytest.fixture
def collaborator_a2(commune_a):
    return CollaboratorUserFactory(area=commune_a)


@pytest.fixture
def collaborator_b(commune_b):
    return CollaboratorUserFactory(area=commune_b)


@pytest.fixture
def official_a(commune_a):
    return CommuneOfficialFactory(area=commune_a)


@pytest.fixture
def leader_a(commune_a):
    return CommuneLeaderFactory(area=commune_a)


@pytest.fixture
def leader_b(commune_b):
    return CommuneLeaderFactory(area=commune_b)


@pytest.fixture
def leadership(province):
    return LeadershipUserFactory(area=province)


@pytest.fixture
def facility_user(province):
    return FacilityUserFactory(area=province)


@pytest.fixture
def child_a(commune_a):
    import datetime

    return BeneficiaryFactory(commune=commune_a, birth_date=datetime.date(2016, 3, 4))


@pytest.fixture
def case_a(child_a, collaborator_a):
    return CaseFactory(beneficiary=child_a, commune=child_a.commune, assigned_worker=collaborator_a)
