import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from drf_spectacular.generators import SchemaGenerator
from rest_framework.routers import DefaultRouter
from rest_framework.test import APIClient

from facilities.api import FacilityViewSet, ServiceTypeViewSet, StaffViewSet
from facilities.models import Facility, ServiceType, StaffAssignment
from tests.facilities.factories import (
    FacilityFactory,
    FacilityStaffUserFactory,
    SchoolFactory,
    StaffAssignmentFactory,
    StaffMemberFactory,
)
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

pytestmark = pytest.mark.django_db

FACILITIES = "/api/v1/facilities/"
STAFF = "/api/v1/staff/"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_anonymous_is_refused():
    assert APIClient().get(FACILITIES).status_code in (401, 403)
    assert APIClient().get(STAFF).status_code in (401, 403)


@pytest.mark.parametrize(
    "factory",
    [
        UserFactory,
        LeadershipUserFactory,
        CollaboratorUserFactory,
        CommuneOfficialFactory,
        CommuneLeaderFactory,
        FacilityUserFactory,
    ],
)
def test_every_role_lists_the_network(factory, commune_a, commune_b):
    FacilityFactory(commune=commune_a)
    FacilityFactory(commune=commune_b)
    response = _api(factory(area=commune_a)).get(FACILITIES)
    assert response.status_code == 200
    assert len(response.json()["results"]) == 2


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [FACILITIES, STAFF])
def test_lists_run_a_fixed_number_of_queries(url):
    client = _api(UserFactory())
    shelter = ServiceType.objects.get(code="cham_soc_khan_cap")
    StaffAssignmentFactory(staff__facility=FacilityFactory(services=[shelter]))
    few = _queries(client, url)
    for _ in range(15):
        StaffAssignmentFactory(staff__facility=FacilityFactory(services=[shelter]))
    assert _queries(client, url) == few
    assert few <= 3


def test_facility_list_filters_by_kind_and_commune(commune_a, commune_b):
    FacilityFactory(commune=commune_a)
    school = SchoolFactory(commune=commune_b)
    client = _api(UserFactory())
    by_kind = client.get(FACILITIES, {"kind": "school"}).json()["results"]
    by_commune = client.get(FACILITIES, {"commune": commune_b.pk}).json()["results"]
    assert [row["id"] for row in by_kind] == [school.pk]
    assert [row["id"] for row in by_commune] == [school.pk]


def test_service_types_are_listed_with_their_indicator_flags():
    rows = _api(CollaboratorUserFactory()).get("/api/v1/service-types/").json()
    by_code = {row["code"]: row for row in rows}
    assert by_code["tro_cap_hang_thang"]["counts_as_assistance"] is True
    assert by_code["tu_van"]["counts_as_ctxh_service"] is True


def _facility_payload(commune, **overrides):
    payload = {
        "name": "Trung tâm Bảo trợ xã hội tỉnh Phú Yên",
        "kind": "general_care",
        "commune": commune.pk,
        "capacity": 200,
        "services": list(
            ServiceType.objects.filter(group="counselling").values_list("pk", flat=True)
        ),
        "in_ctxh02_plan": True,
    }
    payload.update(overrides)
    return payload


def test_department_creates_a_facility(commune_a):
    response = _api(UserFactory()).post(FACILITIES, _facility_payload(commune_a), format="json")
    assert response.status_code == 201, response.json()
    facility = Facility.objects.get()
    assert response.json()["id"] == facility.pk
    assert facility.scope_periods.get().in_ctxh02_plan is True


@pytest.mark.parametrize("capacity", [0, -1])
def test_create_refuses_zero_or_negative_capacity(commune_a, capacity):
    response = _api(UserFactory()).post(
        FACILITIES, _facility_payload(commune_a, capacity=capacity), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"capacity": ["Công suất phải là số giường lớn hơn 0."]}
    assert not Facility.objects.exists()


def test_create_refuses_a_commune_of_another_province(province):
    elsewhere = CommuneFactory(parent=ProvinceFactory(code="01", name="Thành phố Hà Nội"))
    response = _api(UserFactory()).post(FACILITIES, _facility_payload(elsewhere), format="json")
    assert response.status_code == 400
    assert "commune" in response.json()
    assert not Facility.objects.exists()


@pytest.mark.parametrize(
    "factory", [CollaboratorUserFactory, FacilityUserFactory, LeadershipUserFactory]
)
def test_only_the_department_creates(factory, commune_a):
    response = _api(factory(area=commune_a)).post(
        FACILITIES, _facility_payload(commune_a), format="json"
    )
    assert response.status_code == 403
    assert not Facility.objects.exists()


def test_patch_keeps_the_saved_capacity_when_refused():
    facility = FacilityFactory(capacity=60)
    response = _api(UserFactory()).patch(
        f"{FACILITIES}{facility.pk}/", {"capacity": 0}, format="json"
    )
    assert response.status_code == 400
    facility.refresh_from_db()
    assert facility.capacity == 60


def test_set_scope_action():
    facility = FacilityFactory()
    response = _api(UserFactory()).post(
        f"{FACILITIES}{facility.pk}/set-scope/",
        {"in_ctxh01_scope": True, "in_ctxh02_plan": True, "valid_from": "2025-01-01"},
        format="json",
    )
    assert response.status_code == 200
    assert facility.scope_periods.get().in_ctxh02_plan is True


def test_facility_staff_list_only_their_own_staff():
    own = FacilityFactory()
    user = FacilityStaffUserFactory(facility=own)
    stranger = StaffMemberFactory()
    client = _api(user)
    ids = {row["id"] for row in client.get(STAFF).json()["results"]}
    assert ids == {user.staff_member.pk}
    assert client.get(f"{STAFF}{stranger.pk}/").status_code == 404


@pytest.mark.parametrize(
    "factory", [CollaboratorUserFactory, CommuneOfficialFactory, CommuneLeaderFactory]
)
def test_commune_roles_see_no_staff(factory, commune_a):
    staff = StaffMemberFactory(facility=FacilityFactory(commune=commune_a))
    client = _api(factory(area=commune_a))
    assert client.get(STAFF).json()["results"] == []
    assert client.get(f"{STAFF}{staff.pk}/").status_code == 404
    assert client.post(f"{STAFF}{staff.pk}/assign/", {}, format="json").status_code == 404


def test_leadership_is_refused_staff():
    staff = StaffMemberFactory()
    client = _api(LeadershipUserFactory())
    assert client.get(STAFF).status_code == 403
    assert client.get(f"{STAFF}{staff.pk}/").status_code == 403


def test_department_creates_staff_with_assignment():
    facility = FacilityFactory()
    response = _api(UserFactory()).post(
        STAFF,
        {
            "full_name": "Nguyễn Thị Thu",
            "facility": facility.pk,
            "qualification": "master",
            "civil_service_title": "V.09.04.01",
            "started_on": "2021-09-01",
            "assignment": "full_time",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["current_assignment"] == "full_time"


def test_assign_refuses_an_end_before_the_start():
    first = StaffAssignmentFactory()
    response = _api(UserFactory()).post(
        f"{STAFF}{first.staff.pk}/assign/",
        {"assignment": "part_time", "valid_from": "2024-06-01", "valid_to": "2024-05-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "valid_to": ["Ngày kết thúc phân công không được trước ngày bắt đầu."]
    }
    assert StaffAssignment.objects.count() == 1


def test_facility_staff_cannot_assign_their_colleagues():
    facility = FacilityFactory()
    colleague = StaffAssignmentFactory(staff__facility=facility).staff
    response = _api(FacilityStaffUserFactory(facility=facility)).post(
        f"{STAFF}{colleague.pk}/assign/",
        {"assignment": "none", "valid_from": "2025-01-01"},
        format="json",
    )
    assert response.status_code == 403


def test_openapi_describes_the_endpoints():
    router = DefaultRouter()
    router.register("facilities", FacilityViewSet, basename="facility")
    router.register("service-types", ServiceTypeViewSet, basename="service-type")
    router.register("staff", StaffViewSet, basename="staff")
    schema = SchemaGenerator(patterns=[path("api/v1/", include(router.urls))]).get_schema(
        request=None, public=True
    )
    paths = schema["paths"]
    assert {"/api/v1/facilities/", "/api/v1/service-types/", "/api/v1/staff/"} <= set(paths)
    assert "/api/v1/staff/{id}/assign/" in paths
    parameters = {p["name"] for p in paths["/api/v1/facilities/"]["get"]["parameters"]}
    assert {"kind", "commune"} <= parameters
