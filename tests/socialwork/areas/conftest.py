import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from socialwork.areas.services import admin_units_load


@pytest.fixture(scope="package")
def admin_map(django_db_setup, django_db_blocker):
    """The whole country loaded once for tests/socialwork/areas (a few seconds), removed
    after it so other apps' tests start from an empty table. Tests that change it run in
    their own transaction (the `db` fixture) and are rolled back."""
    with django_db_blocker.unblock():
        with CaptureQueriesContext(connection) as queries:
            summary = admin_units_load()
        summary.query_count = len(queries)
    yield summary
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM areas_unitsuccession")
        cursor.execute("UPDATE areas_administrativeunit SET parent_id = NULL, province_id = NULL")
        cursor.execute("DELETE FROM areas_administrativeunit")


@pytest.fixture
def loaded(admin_map, db):
    return admin_map
