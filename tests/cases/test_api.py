import uuid

import pytest
from rest_framework.test import APIClient

from cases.models import Beneficiary, Consent
from tests.cases.factories import BeneficiaryCategoryFactory, BeneficiaryFactory, HouseholdFactory


@pytest.fixture
def api():
    return APIClient()


def _as(api, user):
    api.force_authenticate(user)
    return api


def _body(commune, **extra):
    return {"full_name": "Y Bhin Niê", "birth_year": 1952, "sex": "male", "commune": commune.pk,
            "categories": ["ND20-5.5"], **extra}  # fmt: skip


def test_create_is_idempotent_by_client_uuid(api, collaborator_a, commune_a):
    _as(api, collaborator_a)
    body = _body(commune_a, client_uuid=str(uuid.uuid4()))
    first = api.post("/api/v1/beneficiaries/", body, format="json")
    again = api.post("/api/v1/beneficiaries/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Beneficiary.objects.count() == 1


def test_create_returns_409_with_likely_duplicates(api, collaborator_a, commune_a):
    BeneficiaryFactory(full_name="Y Bhin Niê", birth_date=None, birth_year=1952, commune=commune_a)
    _as(api, collaborator_a)
    response = api.post("/api/v1/beneficiaries/", _body(commune_a), format="json")
    assert response.status_code == 409
    assert len(response.json()["candidates"]) == 1
    confirmed = api.post("/api/v1/beneficiaries/", _body(commune_a, confirm_distinct=True),
                         format="json")  # fmt: skip
    assert confirmed.status_code == 201


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"cccd": "0661"}, "cccd"),
        ({"birth_date": "2999-01-01"}, "birth_date"),
        ({"categories": ["KHONG-CO"]}, "categories"),
        ({"registered_on": "2999-01-01"}, "registered_on"),
    ],
)
def test_bad_input_gives_400_with_the_field(api, collaborator_a, commune_a, extra, field):
    _as(api, collaborator_a)
    response = api.post("/api/v1/beneficiaries/", _body(commune_a, **extra), format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_stale_patch_gives_409(api, department, commune_a):
    person = BeneficiaryFactory(commune=commune_a)
    _as(api, department)
    ok = api.patch(f"/api/v1/beneficiaries/{person.pk}/", {"address": "A", "version": 1},
                   format="json")  # fmt: skip
    stale = api.patch(f"/api/v1/beneficiaries/{person.pk}/", {"address": "B", "version": 1},
                      format="json")  # fmt: skip
    assert (ok.status_code, stale.status_code) == (200, 409)
    person.refresh_from_db()
    assert person.address == "A"


def test_detail_withholds_sensitive_data(api, collaborator_a, commune_a):
    person = BeneficiaryFactory(commune=commune_a, health_notes="bí mật")
    BeneficiaryCategoryFactory(beneficiary=person, category=_category("YT-HIV"))
    _as(api, collaborator_a)
    body = api.get(f"/api/v1/beneficiaries/{person.pk}/").json()
    assert body["restricted"] is True
    assert body["health_notes"] is None
    assert "YT-HIV" not in body["categories"]


def _category(code):
    from cases.models import Category

    return Category.objects.get(code=code)


def test_list_filters_and_search(api, department, commune_a, commune_b):
    BeneficiaryFactory(full_name="Nguyễn Văn Đức", commune=commune_a)
    BeneficiaryFactory(full_name="H'Hen Niê", commune=commune_b)
    _as(api, department)
    names = [
        r["full_name"] for r in api.get("/api/v1/beneficiaries/", {"q": "H’Hen"}).json()["results"]
    ]
    assert names == ["H'Hen Niê"]
    by_commune = api.get("/api/v1/beneficiaries/", {"commune": commune_a.pk}).json()["results"]
    assert [r["full_name"] for r in by_commune] == ["Nguyễn Văn Đức"]


@pytest.mark.parametrize("size", [10, 50])
def test_list_endpoint_runs_a_fixed_number_of_queries(
    api, department, commune_a, size, django_assert_num_queries
):
    for person in BeneficiaryFactory.create_batch(60, commune=commune_a):
        BeneficiaryCategoryFactory(beneficiary=person)
    _as(api, department)
    # The page, its categories, and the request's one access-log row.
    with django_assert_num_queries(3):
        response = api.get("/api/v1/beneficiaries/", {"page_size": size})
    assert len(response.json()["results"]) == size
    assert response.json()["next"]


def test_categories_and_households_and_consents(api, collaborator_a, commune_a):
    _as(api, collaborator_a)
    codes = [c["code"] for c in api.get("/api/v1/categories/").json()]
    assert "TE-dd" in codes
    key = str(uuid.uuid4())
    made = api.post(
        "/api/v1/households/", {"commune": commune_a.pk, "client_uuid": key}, format="json"
    )
    again = api.post(
        "/api/v1/households/", {"commune": commune_a.pk, "client_uuid": key}, format="json"
    )
    assert (made.status_code, again.status_code) == (201, 200)
    poverty = api.post(f"/api/v1/households/{made.json()['id']}/poverty/",
                       {"year": 2025, "status": "near_poor"}, format="json")  # fmt: skip
    assert poverty.json()["poverty"] == [{"year": 2025, "status": "near_poor"}]
    person = BeneficiaryFactory(commune=commune_a)
    consent = api.post("/api/v1/consents/", {"beneficiary": person.pk, "basis": "person",
                       "given_on": "2025-08-01", "client_uuid": key}, format="json")  # fmt: skip
    assert consent.status_code == 201
    assert Consent.objects.count() == 1
    listed = api.get("/api/v1/consents/", {"beneficiary": person.pk}).json()["results"]
    assert len(listed) == 1


def test_household_of_other_commune_is_404(api, collaborator_a, commune_b):
    household = HouseholdFactory(commune=commune_b)
    _as(api, collaborator_a)
    assert api.get(f"/api/v1/households/{household.pk}/").status_code == 404


def test_schema_generates_without_warnings_for_cases(api, department, capsys):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/beneficiaries/" in schema["paths"]
    assert "/api/v1/beneficiaries/{id}/merge/" in schema["paths"]
    mine = [line for line in capsys.readouterr().err.splitlines() if "/cases/" in line]
    assert mine == []


def test_create_takes_a_past_registration_date(api, collaborator_a, commune_a):
    _as(api, collaborator_a)
    response = api.post(
        "/api/v1/beneficiaries/", _body(commune_a, registered_on="2023-04-05"), format="json"
    )
    assert response.status_code == 201
    assert response.json()["registered_on"] == "2023-04-05"
    assert Beneficiary.objects.get().registered_on.isoformat() == "2023-04-05"
