"""History that shows the change (cases/history.py and cases/history_api.py)."""

import pghistory
import pytest
from django.urls import reverse

from cases.history import record_history
from cases.models import Beneficiary, Ethnicity
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.factories import CommuneOfficialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(commune_a, official_a):
    person = BeneficiaryFactory(commune=commune_a, phone="0912000001", sex="female")
    with pghistory.context(user=official_a.pk, url="/cases/people/1/edit/"):
        Beneficiary.objects.filter(pk=person.pk).update(
            phone="0987000002", sex="male", ethnicity=Ethnicity.objects.get(code="01")
        )
    return person


def _change(entry, field):
    return next(c for c in entry.changes if c.field == field)


def test_old_and_new_values_in_words(edited, official_a):
    update, insert = record_history(actor=official_a, obj=edited, show_sensitive=True)
    assert (insert.label, update.label) == ("Tạo mới", "Cập nhật")
    assert update.who == str(official_a)
    phone = _change(update, "phone")
    assert (phone.label, phone.old, phone.new) == ("số điện thoại", "0912000001", "0987000002")
    sex = _change(update, "sex")
    assert (sex.old, sex.new) == ("Nữ", "Nam")  # choice labels, not "female"
    ethnicity = _change(update, "ethnicity")
    assert (ethnicity.old, ethnicity.new) == ("—", str(Ethnicity.objects.get(code="01")))


def test_sensitive_values_are_masked_for_those_who_may_not_see_them(edited, collaborator_a):
    update, _insert = record_history(actor=collaborator_a, obj=edited, show_sensitive=False)
    ethnicity = _change(update, "ethnicity")
    assert (ethnicity.old, ethnicity.new) == ("(hạn chế)", "(hạn chế)")
    assert _change(update, "phone").new == "0987000002"


def test_writes_of_one_request_are_one_entry(commune_a, department):
    person = BeneficiaryFactory(commune=commune_a, phone="0912000001")
    with pghistory.context(user=department.pk, url="/cases/people/1/merge/"):
        Beneficiary.objects.filter(pk=person.pk).update(phone="0912000003")
        Beneficiary.objects.filter(pk=person.pk).update(address="Tổ 9")
    merge, _insert = record_history(actor=department, obj=person, show_sensitive=True)
    assert merge.label == "Gộp hồ sơ"
    assert {c.field for c in merge.changes} == {"phone", "address"}


def test_the_person_page_shows_old_and_new(client, edited, official_a):
    client.force_login(official_a)
    page = client.get(reverse("cases:beneficiary_detail", args=[edited.pk])).content.decode()
    assert "<del>0912000001</del> → <ins>0987000002</ins>" in page
    assert "update" not in page.split('id="history"')[1].split("</ul>")[0]


def test_the_case_hides_the_reporter_from_those_who_may_not_know(commune_a, collaborator_a):
    case = CaseFactory(commune=commune_a, beneficiary__commune=commune_a, confidential=False)
    from cases.models import Case

    Case.objects.filter(pk=case.pk).update(reporter_name="Hàng xóm A")
    from cases.history import REPORTER_FIELDS

    entries = record_history(
        actor=collaborator_a, obj=case, show_sensitive=False, hidden=REPORTER_FIELDS
    )
    assert _change(entries[0], "reporter_name").new == "(hạn chế)"


def test_the_history_api_is_scoped_and_paginated(client, edited, official_a, leadership):
    client.force_login(official_a)
    body = client.get(f"/api/v1/history/?beneficiary={edited.pk}&page_size=1").json()
    assert body["count"] == 2 and len(body["results"]) == 1 and body["next"]
    first = body["results"][0]
    assert first["label"] == "Cập nhật"
    assert {"field": "phone", "label": "số điện thoại", "old": "0912000001",
            "new": "0987000002"} in first["changes"]  # fmt: skip
    client.force_login(CommuneOfficialFactory())
    assert client.get(f"/api/v1/history/?beneficiary={edited.pk}").status_code == 404
    client.force_login(leadership)
    assert client.get(f"/api/v1/history/?beneficiary={edited.pk}").status_code == 403
    client.force_login(official_a)
    assert client.get("/api/v1/history/").status_code == 400


def test_a_confidential_cases_history_hides_its_reporter_by_the_rule(
    commune_a, collaborator_a, official_a
):
    # case_history decides the masking itself (Decree 56 Art. 24): the page and
    # the API ask it, neither repeats the rule.
    from cases.history import case_history
    from cases.models import Case

    case = CaseFactory(commune=commune_a, beneficiary__commune=commune_a, confidential=True)
    Case.objects.filter(pk=case.pk).update(reporter_name="Hàng xóm B")
    case.refresh_from_db()
    hidden = case_history(actor=collaborator_a, case=case)
    assert _change(hidden[0], "reporter_name").new == "(hạn chế)"
    shown = case_history(actor=official_a, case=case)
    assert _change(shown[0], "reporter_name").new == "Hàng xóm B"
