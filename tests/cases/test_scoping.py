"""Every role × every page and endpoint of the register × own/other commune.

A commune user naming another commune's record gets 404 (existence is not
leaked) and the attempt is logged; leadership gets 403 on personal data."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from socialwork.accounts.models import AccessLog
from tests.cases.factories import BeneficiaryFactory, HouseholdFactory
from tests.factories import (
    AdminUserFactory,
    CollaboratorUserFactory,
    CommuneLeaderFactory,
    CommuneOfficialFactory,
    FacilityUserFactory,
    LeadershipUserFactory,
    UserFactory,
)

ROLES = ["department", "admin", "official", "leader", "collaborator", "leadership", "facility"]
COMMUNE_ROLES = {"official", "leader", "collaborator"}


def _user(role, province, commune_a):
    return {
        "department": lambda: UserFactory(area=province, can_view_sensitive=True),
        "admin": lambda: AdminUserFactory(area=province),
        "official": lambda: CommuneOfficialFactory(area=commune_a),
        "leader": lambda: CommuneLeaderFactory(area=commune_a),
        "collaborator": lambda: CollaboratorUserFactory(area=commune_a),
        "leadership": lambda: LeadershipUserFactory(area=province),
        "facility": lambda: FacilityUserFactory(area=province),
    }[role]()


# (name, method, url builder, body builder, kind of id it names)
TARGETS = [
    ("page detail", "get", lambda b, h: reverse("cases:beneficiary_detail", args=[b.pk]), None),
    ("page edit", "get", lambda b, h: reverse("cases:beneficiary_edit", args=[b.pk]), None),
    ("page consent", "post", lambda b, h: reverse("cases:consent_add", args=[b.pk]),
     lambda b: {"basis": "statutory", "given_on": "01/08/2025",
                "client_uuid": "7d3c6f4e-1111-4a1a-9c1a-000000000001"}),
    ("page household", "get", lambda b, h: reverse("cases:household_detail", args=[h.pk]), None),
    ("api detail", "get", lambda b, h: f"/api/v1/beneficiaries/{b.pk}/", None),
    ("api patch", "patch", lambda b, h: f"/api/v1/beneficiaries/{b.pk}/",
     lambda b: {"address": "Thôn 5", "version": 1}),
    ("api household", "get", lambda b, h: f"/api/v1/households/{h.pk}/", None),
    ("api poverty", "post", lambda b, h: f"/api/v1/households/{h.pk}/poverty/",
     lambda b: {"year": 2025, "status": "poor"}),
    ("api consent", "post", lambda b, h: "/api/v1/consents/",
     lambda b: {"beneficiary": b.pk, "basis": "statutory", "given_on": "2025-08-01"}),
]  # fmt: skip


def _expected(role, own, name):
    if role == "leadership":
        return 403
    if role == "facility":
        return 403 if name == "page edit" else 404
    if role in COMMUNE_ROLES and not own:
        return 404
    return "ok"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("own", [True, False], ids=["own", "other"])
@pytest.mark.parametrize("target", TARGETS, ids=[t[0] for t in TARGETS])
def test_scoping_matrix(role, own, target, province, commune_a, commune_b):
    name, method, url, body = target
    user = _user(role, province, commune_a)
    commune = commune_a if own else commune_b
    household = HouseholdFactory(commune=commune)
    person = BeneficiaryFactory(commune=commune, household=household)
    client = APIClient()
    client.force_login(user)
    data = body(person) if body else None
    kwargs = {"format": "json"} if name.startswith("api") and data is not None else {}
    response = getattr(client, method)(url(person, household), data, **kwargs)
    expected = _expected(role, own, name)
    if expected == "ok":
        assert response.status_code in (200, 201, 302), (
            response.status_code,
            response.content[:300],
        )
    else:
        assert response.status_code == expected
    if expected == 404 and role in COMMUNE_ROLES:
        assert AccessLog.objects.filter(user=user, action="denied").exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", ["/cases/people/", "/api/v1/beneficiaries/", "/api/v1/households/",
                                 "/api/v1/consents/", "/cases/people/new/"])  # fmt: skip
def test_lists_show_only_own_area(role, url, province, commune_a, commune_b):
    user = _user(role, province, commune_a)
    mine = BeneficiaryFactory(commune=commune_a, full_name="Người Xã A")
    BeneficiaryFactory(commune=commune_b, full_name="Người Xã B")
    HouseholdFactory(commune=commune_b, code="HO-B")
    client = APIClient()
    client.force_login(user)
    response = client.get(url)
    if role == "leadership" or (role == "facility" and url.endswith("/new/")):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    body = response.content.decode()
    if role in COMMUNE_ROLES:
        assert "Người Xã B" not in body and "HO-B" not in body
    if (
        role in ("department", "admin")
        and url.startswith("/cases/people/")
        and url != "/cases/people/new/"
    ):
        assert "Người Xã B" in body
    if role == "facility":
        assert mine.full_name not in body


@pytest.mark.parametrize("role", ROLES)
def test_categories_are_reference_data_for_everyone(role, province, commune_a):
    client = APIClient()
    client.force_login(_user(role, province, commune_a))
    assert client.get("/api/v1/categories/").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_only_department_merges(role, province, commune_a):
    user = _user(role, province, commune_a)
    keep = BeneficiaryFactory(commune=commune_a)
    remove = BeneficiaryFactory(commune=commune_a)
    client = APIClient()
    client.force_login(user)
    response = client.post(f"/api/v1/beneficiaries/{keep.pk}/merge/", {"remove": remove.pk},
                           format="json")  # fmt: skip
    expected = {"department": 200, "admin": 200, "facility": 404}.get(role, 403)
    assert response.status_code == expected
