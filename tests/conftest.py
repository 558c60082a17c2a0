import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from pytest_django.plugin import blocking_manager_key

from tests.factories import (
    CollaboratorUserFactory,
    CommuneFactory,
    CommuneLeaderFactory,
    CommuneOfficialFactory,
    FacilityUserFactory,
    LeadershipUserFactory,
    ProvinceFactory,
    UserFactory,
)

PASSWORD = "mat-khau-thu-1"

_force_login = Client.force_login


def _force_login_past_the_second_factor(self, user, backend=None):
    """force_login skips the password; it skips the second factor as well, as if
    the user had entered their code. The sign-in itself is tested through the pages
    and the API (tests/socialwork/accounts/test_twofactor.py) and in every browser
    journey (tests/e2e/conftest.py)."""
    _force_login(self, user, backend)
    session = self.session
    session[DEVICE_ID_SESSION_KEY] = "tests.force_login"
    session.save()


Client.force_login = _force_login_past_the_second_factor

TRANSACTIONAL_FIXTURES = {"live_server", "transactional_db", "django_db_reset_sequences"}


def pytest_collection_modifyitems(items):
    """Transactional tests (browser, real worker) empty the tables when they end,
    which would wipe the reference data the migrations load (categories,
    coefficients, holidays…). Serialized rollback keeps a copy of it and loads
    it at the start of such a test; pytest_runtest_teardown below loads it
    again at the end, for the tests that follow."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and marker.kwargs.get("transaction"))
        fixtures = getattr(item, "fixturenames", [])
        wanted = transactional or TRANSACTIONAL_FIXTURES & set(fixtures)
        if wanted and "django_db_serialized_rollback" not in fixtures:
            fixtures.append("django_db_serialized_rollback")


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if nextitem is None or "django_db_serialized_rollback" not in getattr(item, "fixturenames", ()):
        return  # the last test: the test database is gone by now
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with item.config.stash[blocking_manager_key].unblock():
            connection.creation.deserialize_db_from_string(contents)


# Ids start past 100,000 so that an id printed with the thousands separator ("100.001")
# breaks a link in the tests, not first in production where ids grow that large.
FIRST_ID = 100_001


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT format('%%I.%%I', schemaname, sequencename) FROM pg_sequences"
            " WHERE coalesce(last_value, 0) < %s",
            [FIRST_ID],
        )
        for (sequence,) in cursor.fetchall():
            cursor.execute(f"ALTER SEQUENCE {sequence} RESTART WITH {FIRST_ID}")


@pytest.fixture
def province(db):
    return ProvinceFactory()


@pytest.fixture
def commune_a(province):
    return CommuneFactory(parent=province, name="Xã Ea Tu")


@pytest.fixture
def commune_b(province):
    return CommuneFactory(parent=province, name="Phường Tuy Hòa")


# One user of each role, in commune A unless named _b; apps' conftests add their own.
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
def leader_a(commune_a):
    return CommuneLeaderFactory(area=commune_a)


@pytest.fixture
def leadership(province):
    return LeadershipUserFactory(area=province)


@pytest.fixture
def facility_user(province):
    return FacilityUserFactory(area=province)


# The Social Work Centre (in commune B) and its staff, for referrals and the hotline.
@pytest.fixture
def centre(commune_b):
    from tests.cases.referrals.factories import CentreFactory

    return CentreFactory(commune=commune_b)


@pytest.fixture
def centre_staff(centre):
    from tests.facilities.factories import FacilityStaffUserFactory

    return FacilityStaffUserFactory(facility=centre)


@pytest.fixture
def other_facility_staff(commune_b):
    from tests.cases.referrals.factories import CentreFactory
    from tests.facilities.factories import FacilityStaffUserFactory

    return FacilityStaffUserFactory(facility=CentreFactory(commune=commune_b))


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"
