import pytest

from tests.factories import CollaboratorUserFactory, UserFactory


@pytest.fixture
def department_user(province):
    return UserFactory(area=province, username="so.lan")


@pytest.fixture
def collaborator(commune_a):
    return CollaboratorUserFactory(area=commune_a, username="ctv.hoa", phone="0912345678")


@pytest.fixture
def other_collaborator(commune_b):
    return CollaboratorUserFactory(area=commune_b, username="ctv.binh")
