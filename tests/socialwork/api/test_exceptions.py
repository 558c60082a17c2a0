"""The one exception handler, through real endpoints: each mapping once, and a
guard that no api module translates Django's errors by hand again."""

import datetime
import re
from pathlib import Path

import pytest

from cases.models import Beneficiary
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def case_a(commune_a, collaborator_a):
    child = BeneficiaryFactory(commune=commune_a, birth_date=datetime.date(2016, 3, 4))
    return CaseFactory(beneficiary=child, commune=commune_a, assigned_worker=collaborator_a)


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_services_refusal_without_a_field_is_400_under_non_field_errors(
    client, collaborator_a, case_a
):
    client.force_login(collaborator_a)
    response = _post(client, f"/api/v1/cases/{case_a.pk}/close/", {"reason": "goals_met"})
    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["non_field_errors"]
    assert "Không thể chuyển" in body["non_field_errors"][0]


def test_a_services_field_error_is_400_under_its_field(client, collaborator_a, commune_a):
    client.force_login(collaborator_a)
    body = {
        "beneficiary": BeneficiaryFactory(commune=commune_a).pk,
        "source": "collaborator",
        "reported_at": "2999-01-01T08:00:00+07:00",
    }
    response = _post(client, "/api/v1/cases/", body)
    assert response.status_code == 400
    assert list(response.json()) == ["reported_at"]
    assert isinstance(response.json()["reported_at"], list)


def test_a_body_that_is_not_json_is_400_in_the_same_shape(client, collaborator_a, case_a):
    client.force_login(collaborator_a)
    url = f"/api/v1/cases/{case_a.pk}/reopen/"
    response = client.post(url, b"\x00\x95{", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Nội dung gửi lên không phải JSON hợp lệ."]}


def test_a_stale_version_is_409_with_the_services_message(client, collaborator_a, case_a):
    client.force_login(collaborator_a)
    version = case_a.version
    moved = _post(client, f"/api/v1/cases/{case_a.pk}/assess/", {"version": version})
    assert moved.status_code == 200
    stale = _post(client, f"/api/v1/cases/{case_a.pk}/assess/", {"version": version})
    assert stale.status_code == 409
    assert "người khác cập nhật" in stale.json()["detail"]


def test_a_stale_register_edit_is_409(client, department, commune_a):
    person = BeneficiaryFactory(commune=commune_a)
    client.force_login(department)
    url = f"/api/v1/beneficiaries/{person.pk}/"
    body = {"version": person.version, "address": "Thôn 2"}
    assert client.patch(url, body, content_type="application/json").status_code == 200
    stale = client.patch(url, body | {"address": "Thôn 3"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["detail"]
    assert Beneficiary.objects.get(pk=person.pk).address == "Thôn 2"


def test_permission_denied_is_403(client, leadership, case_a):
    client.force_login(leadership)
    response = client.get(f"/api/v1/cases/{case_a.pk}/")
    assert response.status_code == 403
    assert response.json()["detail"]


def test_out_of_scope_is_404(client, collaborator_b, case_a):
    client.force_login(collaborator_b)
    response = client.get(f"/api/v1/cases/{case_a.pk}/")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cases/abc/",
        "/api/v1/referrals/null/",
        "/api/v1/hotline-calls/1.5/",
        "/api/v1/beneficiaries/-1/",
        "/api/v1/collaborators/%F0%9F%98%80/",
        "/api/v1/cases/99999999999999999999999/",
    ],
)
def test_malformed_ids_are_404(client, department, url):
    client.force_login(department)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/allowance-reports/headline/?year=0", "year"),
        ("/api/v1/allowance-reports/report-10a/?year=abc", "year"),
        ("/api/v1/allowance-reports/report-10b/?half=3", "half"),
        ("/api/v1/training-courses/?year=0.0", "year"),
        ("/api/v1/training-courses/?year=99999999999", "year"),
        ("/api/v1/hotline-calls/?outcome=AAA", "outcome"),
        ("/api/v1/referrals/?to_facility=0", "to_facility"),
        ("/api/v1/referrals/?urgency=AAA", "urgency"),
        ("/api/v1/allowance-applications/posting/?commune=null&commune=null", "commune"),
    ],
)
def test_bad_query_parameters_are_400_with_a_vietnamese_message(client, department, url, field):
    client.force_login(department)
    response = client.get(url)
    assert response.status_code == 400
    messages = response.json()[field]
    assert messages and all(isinstance(message, str) for message in messages)
    assert re.search(r"[àáảãạăâđêôơưếệốộớờứừ]|Hãy|Chọn|phải|không", messages[0], re.I), messages


def test_drf_messages_are_vietnamese(client, department, commune_a):
    """REST framework ships 20 Vietnamese messages; socialwork/api/drf_locale adds the rest."""
    client.force_login(department)
    response = _post(client, "/api/v1/beneficiaries/", {"full_name": "x" * 300, "sex": "?"})
    assert response.status_code == 400
    body = response.json()
    assert body["full_name"] == ["Trường này chỉ được có tối đa 200 ký tự."]
    assert body["sex"] == ['"?" không phải là một lựa chọn hợp lệ.']


def test_anonymous_call_is_401_with_www_authenticate(client):
    response = client.get("/api/v1/cases/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_schema_and_docs_need_a_login(client, department):
    assert client.get("/api/v1/schema/").status_code == 401
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(department)
    assert client.get("/api/v1/schema/?format=json").status_code == 200
    assert client.get("/api/v1/docs/").status_code == 200


def test_the_schema_documents_the_error_answers(client, department):
    client.force_login(department)
    schema = client.get("/api/v1/schema/?format=json").json()
    listing = schema["paths"]["/api/v1/cases/"]["get"]["responses"]
    assert {"400", "401", "403", "404"} <= set(listing)
    write = schema["paths"]["/api/v1/cases/{id}/assess/"]["post"]["responses"]
    assert {"400", "401", "403", "404", "409"} <= set(write)
    errors = write["400"]["content"]["application/json"]["schema"]
    assert "non_field_errors" in errors["description"]


def test_no_api_module_translates_djangos_errors_by_hand():
    """Views and serializers let Django's ValidationError pass to the handler."""
    modules = [
        path
        for folder in ("cases", "collaborators", "facilities", "socialwork")
        for path in (ROOT / folder).rglob("*.py")
        if path.name == "api.py" or "api" in path.parent.parts[-1:]
    ]
    assert len(modules) >= 10
    offenders = [
        str(path.relative_to(ROOT))
        for path in modules
        if path.name != "exceptions.py"
        and re.search(
            r"except\s*\(?[^:]*DjangoValidationError|_as_drf|_refused|"
            r"from django\.core\.exceptions import [^\n]*ValidationError",
            path.read_text(),
        )
    ]
    assert offenders == []
