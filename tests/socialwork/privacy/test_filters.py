"""The access log's FilterSet on the data-protection page (person and user
are walked in test_views.py): kind of access, commune and dates narrow; a bad
value says the filter is wrong instead of failing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from socialwork.accounts.models import AccessLog, Role
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_access_log_filters(client, province, collaborator_a, commune_a, commune_b):
    mine = CaseFactory(beneficiary=BeneficiaryFactory(commune=commune_a))
    far = CaseFactory(beneficiary=BeneficiaryFactory(commune=commune_b))
    client.force_login(collaborator_a)
    assert client.get(reverse("casework:case_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("casework:case_detail", args=[far.pk])).status_code == 404
    client.force_login(UserFactory(area=province, role=Role.DATA_PROTECTION, username="dpo"))
    url = reverse("privacy:access_log")

    def rows(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [(r.action, r.object_id) for r in response.context["page"]]

    assert rows(action=AccessLog.Action.DENIED) == [(AccessLog.Action.DENIED, str(far.pk))]
    assert rows(action=AccessLog.Action.VIEW) == [(AccessLog.Action.VIEW, str(mine.pk))]
    today = timezone.localdate()
    assert len(rows(since=today.isoformat(), until=today.isoformat())) == 2
    assert rows(until=(today - datetime.timedelta(days=1)).isoformat()) == []
    assert rows(since=(today + datetime.timedelta(days=1)).isoformat()) == []
    assert len(rows(commune=commune_a.pk)) >= 1
    bad = client.get(url, {"action": "peek"}, follow=True)
    assert bad.status_code == 200
    assert "Bộ lọc không hợp lệ." in bad.content.decode()
