import pytest

from tests.referrals.scopes import register_all


@pytest.fixture(autouse=True)
def _scopes():
    register_all()
