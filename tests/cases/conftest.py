import pytest

from tests.factories import UserFactory


@pytest.fixture
def department_plain(province):
    return UserFactory(area=province, can_view_sensitive=False)
