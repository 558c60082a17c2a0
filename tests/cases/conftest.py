import pytest

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
def department_plain(province):
    return UserFactory(area=province, can_view_sensitive=False)


@pytest.fixture
def collaborator_a(commune_a):
    return CollaboratorUserFactory(area=commune_a)


@pytest.fixture
def official_a(commune_a):
    return CommuneOfficialFactory(area=commune_a)


@pytest.fixture
def leader_a(commune_a):
    return CommuneLeaderFactory(area=commune_a)


@pytest.fixture
def leadership(province):
    return LeadershipUserFactory(area=province)


@pytest.fixture
def facility_user(province):
    return FacilityUserFactory(area=province)
