import pytest

from tests.facilities.factories import FacilityStaffUserFactory
from tests.factories import (
    CollaboratorUserFactory,
    CommuneOfficialFactory,
    LeadershipUserFactory,
    UserFactory,
)
from tests.referrals.factories import CentreFactory


@pytest.fixture
def department(province):
    return UserFactory(area=province, can_view_sensitive=True)


@pytest.fixture
def collaborator_a(commune_a):
    return CollaboratorUserFactory(area=commune_a)


@pytest.fixture
def collaborator_b(commune_b):
    return CollaboratorUserFactory(area=commune_b)


@pytest.fixture
def official_a(commune_a):
    return CommuneOfficialFactory(area=commune_a)


@pytest.fixture
def leadership(province):
    return LeadershipUserFactory(area=province)


@pytest.fixture
def centre(commune_b):
    return CentreFactory(commune=commune_b)


@pytest.fixture
def centre_staff(centre):
    return FacilityStaffUserFactory(facility=centre)


@pytest.fixture
def other_facility_staff(commune_b):
    return FacilityStaffUserFactory(facility=CentreFactory(commune=commune_b))
