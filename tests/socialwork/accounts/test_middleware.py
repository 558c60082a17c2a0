"""Every refusal leaves one access-log row: pages and API, any app, 403 or a
404 on a record's URL; a lookup that logs its own miss is not logged twice."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from socialwork.accounts.models import AccessLog
from tests.cases.factories import BeneficiaryFactory
from tests.factories import LeadershipUserFactory

pytestmark = pytest.mark.django_db


def _denials():
    return list(AccessLog.objects.filter(action=AccessLog.Action.DENIED))


def test_another_communes_record_on_a_page_is_one_row(client, collaborator_a, commune_b):
    person = BeneficiaryFactory(commune=commune_b)
    client.force_login(collaborator_a)

    response = client.get(reverse("cases:beneficiary_detail", args=[person.pk]))

    assert response.status_code == 404
    [row] = _denials()
    assert row.user == collaborator_a
    assert row.object_id == str(person.pk)


def test_leaderships_403_is_logged(client, commune_a):
    person = BeneficiaryFactory(commune=commune_a)
    leader = LeadershipUserFactory()
    client.force_login(leader)

    response = client.get(reverse("cases:beneficiary_detail", args=[person.pk]))

    assert response.status_code == 403
    assert [(r.user, r.object_id) for r in _denials()] == [(leader, str(person.pk))]


def test_a_refused_page_of_any_app_is_logged_with_its_name(client, collaborator_a):
    client.force_login(collaborator_a)

    response = client.get(reverse("privacy:breach_list"))

    assert response.status_code == 403
    [row] = _denials()
    assert row.object_type == "url:privacy:breach_list"
    assert row.detail == "GET 403"


def test_an_api_probe_with_a_token_is_logged_once(collaborator_a, commune_b):
    from socialwork.accounts.services import api_token_create

    person = BeneficiaryFactory(commune=commune_b)
    _token, key = api_token_create(user=collaborator_a, name="Redmi")

    response = APIClient().get(
        f"/api/v1/beneficiaries/{person.pk}/", HTTP_AUTHORIZATION=f"Token {key}"
    )

    assert response.status_code == 404
    assert [r.user for r in _denials()] == [collaborator_a]


def test_a_mistyped_address_is_not_a_refusal(client, collaborator_a):
    client.force_login(collaborator_a)

    assert client.get("/khong-co-trang-nay/").status_code == 404
    assert _denials() == []


# --- one row per request, one INSERT ------------------------------------------------------


def _log_inserts(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith('INSERT INTO "accounts_accesslog"'))


def test_a_person_page_is_one_view_row_and_one_insert(client, collaborator_a, commune_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = BeneficiaryFactory(commune=commune_a)
    client.force_login(collaborator_a)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cases:beneficiary_detail", args=[person.pk]))

    assert response.status_code == 200
    assert _log_inserts(queries.captured_queries) == 1
    [row] = AccessLog.objects.all()
    assert (row.action, row.object_type, row.object_id) == (
        "view",
        "cases.beneficiary",
        str(person.pk),
    )
    assert (row.person_id, row.commune_id, row.user) == (person.pk, commune_a.pk, collaborator_a)


def test_an_api_list_is_one_row_with_its_count(collaborator_a, commune_a, commune_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    BeneficiaryFactory.create_batch(3, commune=commune_a)
    BeneficiaryFactory(commune=commune_b)
    api = APIClient()
    api.force_authenticate(collaborator_a)

    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/beneficiaries/")

    assert response.status_code == 200
    assert _log_inserts(queries.captured_queries) == 1
    [row] = AccessLog.objects.all()
    assert (row.action, row.object_type, row.row_count) == ("list", "cases.beneficiary", 3)


def test_a_refusal_survives_the_views_rollback(client, collaborator_a, commune_b):
    person = BeneficiaryFactory(commune=commune_b)
    client.force_login(collaborator_a)

    client.get(reverse("cases:beneficiary_detail", args=[person.pk]))
    client.get(f"/api/v1/cases/{person.pk}9999/")

    assert AccessLog.objects.filter(action="denied").count() == 2
