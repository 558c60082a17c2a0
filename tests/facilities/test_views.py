import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from facilities.models import Facility, StaffAssignment
from tests.facilities.factories import (
    FacilityFactory,
    FacilityStaffUserFactory,
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

ROLES = [
    UserFactory,
    LeadershipUserFactory,
    CollaboratorUserFactory,
    CommuneOfficialFactory,
    CommuneLeaderFactory,
    FacilityUserFactory,
]


def _login(client, user):
    client.force_login(user)
    return client


def test_pages_need_a_login(client):
    facility = FacilityFactory()
    for url in (reverse("facilities:list"), reverse("facilities:detail", args=[facility.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/" in response["Location"]


@pytest.mark.parametrize("factory", ROLES)
def test_every_role_sees_the_network_list(client, factory, commune_a):
    FacilityFactory(name="Trung tâm Công tác xã hội tỉnh Đắk Lắk", commune=commune_a)
    response = _login(client, factory(area=commune_a)).get(reverse("facilities:list"))
    assert response.status_code == 200
    assert "Trung tâm Công tác xã hội tỉnh Đắk Lắk" in response.content.decode()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("facilities:list")).status_code == 200
    return len(queries)


def test_network_list_runs_a_fixed_number_of_queries(client):
    _login(client, UserFactory())
    for _ in range(2):
        StaffAssignmentFactory()
    few = _list_queries(client)
    for _ in range(20):
        StaffAssignmentFactory(staff__facility=FacilityFactory(services=[]))
    assert _list_queries(client) == few
    assert few <= 10  # session, user, count, rows, filter choices, session save


def test_network_list_filters_by_kind(client):
    FacilityFactory(name="Trung tâm Bảo trợ xã hội tỉnh Phú Yên")
    FacilityFactory(name="Bệnh viện Đa khoa vùng Tây Nguyên", kind="hospital", capacity=None)
    response = _login(client, UserFactory()).get(reverse("facilities:list"), {"kind": "hospital"})
    page = response.content.decode()
    assert "Bệnh viện Đa khoa vùng Tây Nguyên" in page
    assert "Trung tâm Bảo trợ xã hội tỉnh Phú Yên" not in page


def test_facility_page_shows_services_and_staff_to_the_department(client):
    facility = FacilityFactory()
    StaffAssignmentFactory(staff__facility=facility, staff__full_name="Y Bhin Niê")
    _login(client, UserFactory())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("facilities:detail", args=[facility.pk]))
    page = response.content.decode()
    assert "Y Bhin Niê" in page
    assert "Chuyên trách" in page
    assert len(queries) <= 8


@pytest.mark.parametrize("factory", [LeadershipUserFactory, CollaboratorUserFactory])
def test_facility_page_hides_staff_from_commune_roles_and_leadership(client, factory, commune_a):
    facility = FacilityFactory(commune=commune_a)
    StaffMemberFactory(facility=facility, full_name="Y Bhin Niê")
    response = _login(client, factory(area=commune_a)).get(
        reverse("facilities:detail", args=[facility.pk])
    )
    assert response.status_code == 200
    assert "Y Bhin Niê" not in response.content.decode()


def test_unknown_facility_is_404(client):
    response = _login(client, UserFactory()).get(reverse("facilities:detail", args=[999999]))
    assert response.status_code == 404


def test_staff_page_of_another_facility_is_404_for_facility_staff(client):
    stranger = StaffMemberFactory()
    user = FacilityStaffUserFactory()
    response = _login(client, user).get(reverse("facilities:staff_edit", args=[stranger.pk]))
    assert response.status_code == 404


def test_facility_staff_read_their_colleague_but_cannot_edit(client):
    facility = FacilityFactory()
    colleague = StaffAssignmentFactory(staff__facility=facility).staff
    client = _login(client, FacilityStaffUserFactory(facility=facility))
    url = reverse("facilities:staff_edit", args=[colleague.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"full_name": "Đổi tên"}).status_code == 403


@pytest.mark.parametrize("factory", [CollaboratorUserFactory, CommuneOfficialFactory])
def test_staff_page_is_404_for_commune_roles(client, factory, commune_a):
    staff = StaffMemberFactory(facility=FacilityFactory(commune=commune_a))
    response = _login(client, factory(area=commune_a)).get(
        reverse("facilities:staff_edit", args=[staff.pk])
    )
    assert response.status_code == 404


def test_staff_page_is_403_for_leadership(client):
    staff = StaffMemberFactory()
    response = _login(client, LeadershipUserFactory()).get(
        reverse("facilities:staff_edit", args=[staff.pk])
    )
    assert response.status_code == 403


@pytest.mark.parametrize("factory", [CollaboratorUserFactory, FacilityUserFactory])
def test_only_the_department_opens_the_create_page(client, factory, commune_a):
    response = _login(client, factory(area=commune_a)).get(reverse("facilities:create"))
    assert response.status_code == 403


def _facility_post(commune, **overrides):
    data = {
        "name": "Làng trẻ em SOS Buôn Ma Thuột",
        "kind": "children_care",
        "ownership": "private",
        "commune": commune.pk,
        "capacity": "150",
        "in_ctxh01_scope": "on",
        "services": [],
    }
    data.update(overrides)
    return data


def test_department_creates_a_facility(client, commune_a):
    response = _login(client, UserFactory()).post(
        reverse("facilities:create"), _facility_post(commune_a)
    )
    facility = Facility.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("facilities:detail", args=[facility.pk])
    assert facility.scope_periods.get().in_ctxh01_scope


@pytest.mark.parametrize("capacity", ["0", "-10"])
def test_create_page_explains_a_zero_or_negative_capacity(client, commune_a, capacity):
    response = _login(client, UserFactory()).post(
        reverse("facilities:create"), _facility_post(commune_a, capacity=capacity)
    )
    assert response.status_code == 200
    assert "Công suất phải là số giường lớn hơn 0." in response.content.decode()
    assert not Facility.objects.exists()


def test_create_page_refuses_a_commune_of_another_province(client, province):
    elsewhere = CommuneFactory(parent=ProvinceFactory(code="01", name="Thành phố Hà Nội"))
    response = _login(client, UserFactory()).post(
        reverse("facilities:create"), _facility_post(elsewhere)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["commune"]
    assert not Facility.objects.exists()


def test_edit_keeps_the_saved_capacity_when_refused(client, commune_a):
    facility = FacilityFactory(commune=commune_a, capacity=90)
    response = _login(client, UserFactory()).post(
        reverse("facilities:edit", args=[facility.pk]), _facility_post(commune_a, capacity="0")
    )
    assert response.context["form"].errors["capacity"] == ["Công suất phải là số giường lớn hơn 0."]
    facility.refresh_from_db()
    assert facility.capacity == 90


def _staff_post(staff, **overrides):
    data = {
        "full_name": staff.full_name,
        "position": staff.position,
        "qualification": staff.qualification,
        "started_on": staff.started_on.strftime("%d/%m/%Y"),
        "assignment": "part_time",
        "assignment_from": "01/06/2024",
    }
    data.update(overrides)
    return data


def test_staff_edit_records_a_new_assignment(client):
    first = StaffAssignmentFactory()
    response = _login(client, UserFactory()).post(
        reverse("facilities:staff_edit", args=[first.staff.pk]), _staff_post(first.staff)
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.valid_to == datetime.date(2024, 5, 31)
    assert first.staff.assignments.filter(assignment="part_time").exists()


def test_staff_edit_explains_an_assignment_ending_before_it_starts(client):
    first = StaffAssignmentFactory()
    response = _login(client, UserFactory()).post(
        reverse("facilities:staff_edit", args=[first.staff.pk]),
        _staff_post(first.staff, full_name="Tên mới", assignment_to="01/05/2024"),
    )
    assert response.status_code == 200
    assert "Ngày kết thúc phân công không được trước ngày bắt đầu." in response.content.decode()
    first.refresh_from_db()
    assert first.valid_to is None
    assert first.staff.full_name != "Tên mới"  # the details change was rolled back too
    assert StaffAssignment.objects.count() == 1


def test_department_adds_staff_from_the_facility_page(client):
    facility = FacilityFactory()
    response = _login(client, UserFactory()).post(
        reverse("facilities:staff_create", args=[facility.pk]),
        {
            "full_name": "H'Luyến Byă",
            "qualification": "college",
            "civil_service_title": "V.09.04.02",
            "started_on": "15/03/2022",
            "assignment": "full_time",
        },
    )
    assert response.status_code == 302
    staff = facility.staff.get()
    assert staff.started_on == datetime.date(2022, 3, 15)
    assert staff.assignments.get().assignment == "full_time"
