"""The unit list's FilterSet: it narrows (tests/socialwork/areas/test_api.py
walks level, province and search on the loaded map); a bad level is a 400
naming the parameter; an unknown province or name finds nothing, never a 500."""

import pytest

from socialwork.areas.models import Level
from tests.cases.casework.test_filters import ids, refused

pytestmark = pytest.mark.django_db
URL = "/api/v1/areas/"


def test_unit_filters_narrow_and_refuse_bad_values(client, department, commune_a, commune_b):
    # By name: the first page may be full of the loaded map's communes.
    for commune in (commune_a, commune_b):
        assert commune.pk in ids(client, department, URL, level=Level.COMMUNE, q=commune.name)
    assert commune_a.pk not in ids(client, department, URL, level=Level.PROVINCE)
    assert ids(client, department, URL, province="no-such-code") == set()
    assert ids(client, department, URL, q="%_' or 1=1 --") == set()
    refused(client, department, URL, level="hamlet")
