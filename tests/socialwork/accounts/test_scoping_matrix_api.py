"""The scoping matrix, the API half for allowances and collaborators (issue 16):
every detail route of their viewsets (retrieve, update, each detail action,
every method) and every list with each of its id filters, as each commune role
of commune A, with commune B's ids: refused (403/404, or 405 for a method the
route lacks) or an empty answer, and nothing written. The record pages and the
other apps' retrieves are walked in test_scoping_matrix.py."""

import datetime

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


# --- The API half for allowances and collaborators (issue 16) ---------------------------------
# Every detail route of these viewsets (retrieve, update, each detail action, every
# method), and every list with each id filter, as each commune role of commune A,
# with commune B's ids: refused (403/404, or 405 for a method the route lacks) or
# an empty answer, and nothing written.

API_APPS = ("socialwork.allowances.", "collaborators.")
REFUSED = {403, 404, 405}


@pytest.fixture
def other_commune(commune_a, commune_b):
    """Commune B's record of every allowance and collaborator model."""
    from collaborators.models import Collaborator
    from socialwork.allowances.models import Payment, PaymentList
    from socialwork.allowances.services import funerals, payment_lists
    from tests.cases.factories import BeneficiaryFactory
    from tests.collaborators.factories import AttendanceFactory, CollaboratorFactory
    from tests.factories import UserFactory
    from tests.socialwork.allowances.factories import ApplicationFactory, EntitlementFactory

    staff = UserFactory()
    entitlement = EntitlementFactory(beneficiary=BeneficiaryFactory(commune=commune_b))
    month = datetime.date(2025, 5, 1)
    payment_lists.payment_lists_generate(actor=staff, month=month, communes=[commune_b])
    funeral, _ = funerals.funeral_apply(
        actor=staff, beneficiary=BeneficiaryFactory(commune=commune_b),
        died_on=datetime.date(2025, 5, 2), filed_on=datetime.date(2025, 5, 3),
        applicant_name="Con",
    )  # fmt: skip
    collaborator = CollaboratorFactory(user__area=commune_b)
    records = [
        ApplicationFactory(beneficiary=entitlement.beneficiary),
        entitlement,
        PaymentList.objects.get(commune=commune_b),
        Payment.objects.get(payment_list__commune=commune_b),
        funeral,
        collaborator,
        AttendanceFactory(collaborator=collaborator),
    ]
    assert Collaborator.objects.filter(user__area=commune_b).count() == 1
    return {type(r): r for r in records} | {"beneficiary": entitlement.beneficiary,
                                             "commune": commune_b}  # fmt: skip


def _api_viewsets():
    import socialwork.urls  # noqa: F401 (every app's viewsets registered)
    from socialwork.api.router import router

    for prefix, viewset, _ in router.registry:
        if viewset.__module__.startswith(API_APPS):
            queryset = getattr(viewset, "queryset", None)
            serializer = getattr(viewset, "serializer_class", None)
            model = (
                queryset.model
                if queryset is not None
                else getattr(getattr(serializer, "Meta", None), "model", None)
            )
            yield prefix, viewset, model


def _detail_routes(prefix, viewset, pk):
    if hasattr(viewset, "retrieve"):
        yield "get", f"/api/v1/{prefix}/{pk}/"
    if hasattr(viewset, "partial_update"):
        yield "patch", f"/api/v1/{prefix}/{pk}/"
    for action in viewset.get_extra_actions():
        if action.detail:
            for method in action.mapping:
                yield method, f"/api/v1/{prefix}/{pk}/{action.url_path}/"


def _commune_roles(commune_a):
    from tests.factories import (
        CollaboratorUserFactory,
        CommuneLeaderFactory,
        CommuneOfficialFactory,
    )

    return [
        CollaboratorUserFactory(area=commune_a),
        CommuneOfficialFactory(area=commune_a),
        CommuneLeaderFactory(area=commune_a),
    ]


def _written(models):
    return {m: m._default_manager.count() for m in models}


def test_allowance_and_collaborator_detail_routes_refuse_another_communes_ids(
    other_commune, commune_a
):
    viewsets = [v for v in _api_viewsets() if v[2] in other_commune]
    reached = set()
    for user in _commune_roles(commune_a):
        client = APIClient()
        client.force_authenticate(user)
        for prefix, viewset, model in viewsets:
            pk = other_commune[model].pk
            for method, url in _detail_routes(prefix, viewset, pk):
                before = _written(other_commune.keys() - {"beneficiary", "commune"})
                status = getattr(client, method)(url, {}, format="json").status_code
                assert status in REFUSED, (user.role, method, url, status)
                assert _written(before.keys()) == before, (user.role, method, url)
                reached.add((prefix, method, url.rsplit(f"/{pk}/", 1)[-1]))
    prefixes = {r[0] for r in reached}
    assert {"allowance-applications", "allowance-entitlements", "payment-lists",
            "funeral-supports", "collaborators", "attendance"} <= prefixes  # fmt: skip
    assert ("payment-lists", "get", "xlsx/") in reached and (
        "collaborators",
        "post",
        "end/",
    ) in reached


# The id filters of each list, and the commune B record whose id each one takes.
ID_FILTERS = {"commune": "commune", "beneficiary": "beneficiary",
              "payment_list": "PaymentList", "collaborator": "Collaborator",
              "course": "Attendance.course"}  # fmt: skip


def _filter_value(name, other_commune):
    target = ID_FILTERS[name]
    if target in ("commune", "beneficiary"):
        return other_commune[target].pk
    by_name = {m.__name__: r for m, r in other_commune.items() if isinstance(m, type)}
    if "." in target:
        model, attr = target.split(".")
        return getattr(by_name[model], f"{attr}_id")
    return by_name[target].pk


def test_allowance_and_collaborator_lists_never_show_another_communes_rows(
    other_commune, commune_a
):
    hidden = {m: r.pk for m, r in other_commune.items() if isinstance(m, type)}
    checked = []
    for user in _commune_roles(commune_a):
        client = APIClient()
        client.force_authenticate(user)
        for prefix, viewset, model in _api_viewsets():
            if not hasattr(viewset, "list") or model not in hidden:
                continue
            filterset = getattr(viewset, "filterset_class", None)
            names = [n for n in (filterset.base_filters if filterset else {}) if n in ID_FILTERS]
            for name in [None, *names]:
                query = {} if name is None else {name: _filter_value(name, other_commune)}
                response = client.get(f"/api/v1/{prefix}/", query)
                checked.append((prefix, name))
                if response.status_code in (400, 403):
                    continue
                assert response.status_code == 200, (user.role, prefix, query)
                body = response.json()
                rows = body["results"] if isinstance(body, dict) else body
                ids = {row.get("id") for row in rows}
                assert hidden[model] not in ids, (user.role, prefix, query)
    assert {p for p, _ in checked} >= {"allowance-applications", "payments", "collaborators",
                                       "attendance"}  # fmt: skip
    assert ("allowance-entitlements", "beneficiary") in checked
    assert ("payments", "payment_list") in checked


def test_creates_naming_another_communes_records_write_nothing(other_commune, commune_a):
    from collaborators.models import Attendance
    from socialwork.allowances.models import AllowanceApplication, PaymentList

    person, commune = other_commune["beneficiary"], other_commune["commune"]
    collaborator = next(r for m, r in other_commune.items() if m.__name__ == "Collaborator"
                        if isinstance(m, type))  # fmt: skip
    course = next(r for m, r in other_commune.items() if isinstance(m, type)
                  and m.__name__ == "Attendance").course  # fmt: skip
    posts = [
        ("/api/v1/allowance-applications/",
         {"beneficiary": person.pk, "group": "ND20-5.5a", "filed_on": "2025-09-01"}),
        ("/api/v1/payment-lists/generate/", {"month": "2025-06-01", "commune": commune.pk}),
        ("/api/v1/funeral-supports/",
         {"beneficiary": person.pk, "died_on": "2025-05-02", "filed_on": "2025-05-03",
          "applicant_name": "Con"}),
        ("/api/v1/attendance/", {"course": course.pk, "collaborator": collaborator.pk}),
        ("/api/v1/collaborators/",
         {"full_name": "Lê Văn Lạ", "phone": "0987000111", "commune": commune.pk,
          "started_on": "2025-06-01"}),
    ]  # fmt: skip
    counted = (AllowanceApplication, PaymentList, Attendance, type(collaborator))
    for user in _commune_roles(commune_a):
        client = APIClient()
        client.force_authenticate(user)
        for url, body in posts:
            before = _written(counted)
            status = client.post(url, body, format="json").status_code
            assert status in {400, 403, 404}, (user.role, url, status)
            assert _written(counted) == before, (user.role, url)
