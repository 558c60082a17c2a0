import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from socialwork.accounts.models import Role
from tests.factories import (
    CommuneOfficialFactory,
    FacilityUserFactory,
    LeadershipUserFactory,
    UserFactory,
)

from .factories import AttendanceFactory, CollaboratorFactory, TrainingCourseFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def staff(province):
    return UserFactory(role=Role.DEPARTMENT, area=province)


@pytest.fixture
def me(commune_a):
    return CollaboratorFactory(user__area=commune_a)


@pytest.fixture
def colleague(commune_a):
    return CollaboratorFactory(user__area=commune_a)


@pytest.fixture
def stranger(commune_b):
    return CollaboratorFactory(user__area=commune_b)


class TestCollaboratorScoping:
    def test_collaborator_sees_own_commune_colleagues_by_name_only(self, me, colleague, stranger):
        response = client_for(me.user).get("/api/v1/collaborators/")
        assert response.status_code == 200
        rows = {r["id"]: r for r in response.json()["results"]}
        assert set(rows) == {me.pk, colleague.pk}
        assert rows[colleague.pk] == {"id": colleague.pk, "full_name": colleague.full_name}
        assert rows[me.pk]["phone"] == me.user.phone

    def test_colleague_detail_is_name_only(self, me, colleague):
        response = client_for(me.user).get(f"/api/v1/collaborators/{colleague.pk}/")
        assert response.json() == {"id": colleague.pk, "full_name": colleague.full_name}

    @pytest.mark.parametrize("method", ["get", "patch"])
    def test_other_commune_is_404(self, me, stranger, method):
        response = getattr(client_for(me.user), method)(
            f"/api/v1/collaborators/{stranger.pk}/", {"village": "X"}, format="json"
        )
        assert response.status_code == 404

    def test_other_commune_end_is_404_for_commune_official(self, commune_a, stranger):
        official = CommuneOfficialFactory(area=commune_a)
        response = client_for(official).post(
            f"/api/v1/collaborators/{stranger.pk}/end/", {}, format="json"
        )
        assert response.status_code == 404

    def test_collaborator_edits_own_profile(self, me):
        response = client_for(me.user).patch(
            f"/api/v1/collaborators/{me.pk}/", {"village": "Buôn Đôn"}, format="json"
        )
        assert response.status_code == 200
        me.refresh_from_db()
        assert me.village == "Buôn Đôn"

    def test_collaborator_cannot_edit_colleague(self, me, colleague):
        response = client_for(me.user).patch(
            f"/api/v1/collaborators/{colleague.pk}/", {"village": "X"}, format="json"
        )
        assert response.status_code == 403

    def test_collaborator_cannot_change_own_allowance(self, me):
        response = client_for(me.user).patch(
            f"/api/v1/collaborators/{me.pk}/", {"monthly_allowance": 9}, format="json"
        )
        assert response.status_code == 403

    def test_department_sees_all(self, staff, me, stranger):
        rows = client_for(staff).get("/api/v1/collaborators/").json()["results"]
        assert {r["id"] for r in rows} == {me.pk, stranger.pk}
        assert all("phone" in r for r in rows)

    def test_leadership_403_on_personal(self, me):
        client = client_for(LeadershipUserFactory())
        assert client.get("/api/v1/collaborators/").status_code == 403
        assert client.get(f"/api/v1/collaborators/{me.pk}/").status_code == 403
        assert client.get("/api/v1/attendance/").status_code == 403

    def test_facility_staff_see_no_collaborator(self, me):
        response = client_for(FacilityUserFactory()).get("/api/v1/collaborators/")
        assert response.json()["results"] == []

    def test_list_query_count_is_fixed(self, staff, commune_a, django_assert_max_num_queries):
        CollaboratorFactory.create_batch(15, user__area=commune_a)
        with django_assert_max_num_queries(4):
            response = client_for(staff).get("/api/v1/collaborators/?page_size=50")
        assert len(response.json()["results"]) == 15


class TestCollaboratorWrites:
    def test_create_returns_temporary_password_once(self, staff, commune_a):
        response = client_for(staff).post(
            "/api/v1/collaborators/",
            {
                "full_name": "Y Nguyên Niê",
                "phone": "0935 222 333",
                "commune": commune_a.pk,
                "started_on": "2025-08-01",
            },
            format="json",
        )
        assert response.status_code == 201
        body = response.json()
        assert len(body["temporary_password"]) == 14  # socialwork.accounts.services
        assert body["collaborator"]["phone"] == "0935222333"

    def test_create_bad_phone_message(self, staff, commune_a):
        response = client_for(staff).post(
            "/api/v1/collaborators/",
            {
                "full_name": "A B",
                "phone": "12345",
                "commune": commune_a.pk,
                "started_on": "2025-08-01",
            },
            format="json",
        )
        assert response.status_code == 400
        assert "định dạng" in response.json()["phone"][0]

    def test_create_refused_to_collaborator(self, me, commune_a):
        response = client_for(me.user).post("/api/v1/collaborators/", {}, format="json")
        assert response.status_code == 403

    def test_end_before_start(self, staff, me):
        response = client_for(staff).post(
            f"/api/v1/collaborators/{me.pk}/end/",
            {"ended_on": "2020-01-01", "reason": "Nghỉ"},
            format="json",
        )
        assert response.status_code == 400
        assert "trước ngày bắt đầu" in response.json()["ended_on"][0]

    def test_end(self, staff, me):
        today = timezone.localdate().isoformat()
        response = client_for(staff).post(
            f"/api/v1/collaborators/{me.pk}/end/",
            {"ended_on": today, "reason": "Nghỉ hưu"},
            format="json",
        )
        assert response.status_code == 200
        assert response.json()["ended_on"] == today


class TestTrainingApi:
    def test_attendance_before_course_refused(self, staff, me):
        start = timezone.localdate() + datetime.timedelta(days=10)
        course = TrainingCourseFactory(starts_on=start, ends_on=start)
        response = client_for(staff).post(
            "/api/v1/attendance/", {"course": course.pk, "collaborator": me.pk}, format="json"
        )
        assert response.status_code == 400
        assert "chưa diễn ra" in response.json()["course"][0]

    def test_attendance_recorded(self, staff, me):
        course = TrainingCourseFactory()
        response = client_for(staff).post(
            "/api/v1/attendance/",
            {"course": course.pk, "collaborator": me.pk, "completed": True, "cpd_credits": "1.5"},
            format="json",
        )
        assert response.status_code == 201, response.json()

    def test_collaborator_sees_only_own_attendance(self, me, colleague, stranger):
        mine = AttendanceFactory(collaborator=me)
        AttendanceFactory(collaborator=colleague)
        other = AttendanceFactory(collaborator=stranger)
        client = client_for(me.user)
        rows = client.get("/api/v1/attendance/").json()["results"]
        assert [r["id"] for r in rows] == [mine.pk]
        assert client.get(f"/api/v1/attendance/{other.pk}/").status_code == 404

    def test_collaborator_cannot_record_attendance(self, me):
        course = TrainingCourseFactory()
        response = client_for(me.user).post(
            "/api/v1/attendance/", {"course": course.pk, "collaborator": me.pk}, format="json"
        )
        assert response.status_code == 403

    def test_courses_readable_writable_by_department(self, staff, me):
        TrainingCourseFactory()
        assert client_for(me.user).get("/api/v1/training-courses/").status_code == 200
        payload = {
            "title": "Sơ cứu tâm lý",
            "topic": "psychosocial_first_aid",
            "starts_on": "2025-06-01",
            "ends_on": "2025-05-01",
            "hours": 8,
        }
        assert client_for(me.user).post("/api/v1/training-courses/", payload).status_code == 403
        response = client_for(staff).post("/api/v1/training-courses/", payload)
        assert response.status_code == 400
        assert "trước ngày bắt đầu" in response.json()["ends_on"][0]


class TestCoverageApi:
    def test_leadership_reads_counts(self, me, stranger, commune_a, commune_b):
        response = client_for(LeadershipUserFactory()).get("/api/v1/coverage/")
        assert response.status_code == 200
        body = response.json()
        assert body["communes"] == 2 and body["covered"] == 2 and body["share"] == 100.0
        assert all("full_name" not in row for row in body["rows"])

    def test_collaborator_refused(self, me):
        assert client_for(me.user).get("/api/v1/coverage/").status_code == 403
