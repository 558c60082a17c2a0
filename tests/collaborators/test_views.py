import datetime
import io

import openpyxl
import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from collaborators.models import Collaborator, IssuedLogin
from socialwork.accounts.models import AccessLog, Role
from tests.cases.casework.factories import CaseFactory
from tests.factories import (
    CommuneOfficialFactory,
    LeadershipUserFactory,
    UserFactory,
)

from .factories import AttendanceFactory, CollaboratorFactory, TrainingCourseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(province):
    return UserFactory(role=Role.DEPARTMENT, area=province)


@pytest.fixture
def me(commune_a):
    return CollaboratorFactory(user__area=commune_a)


@pytest.fixture
def stranger(commune_b):
    return CollaboratorFactory(
        user__area=commune_b, user__last_name="Trần Văn", user__first_name="Xa"
    )


def login(client, user):
    client.force_login(user)
    return client


class TestScopingOnPages:
    @pytest.mark.parametrize("name", ["collaborators:detail", "collaborators:edit"])
    def test_other_commune_ids_are_404(self, client, me, stranger, name):
        response = login(client, me.user).get(reverse(name, args=[stranger.pk]))
        assert response.status_code == 404

    def test_other_commune_list_is_404_for_official(self, client, commune_a, commune_b, stranger):
        official = CommuneOfficialFactory(area=commune_a)
        login(client, official)
        assert (
            client.get(reverse("collaborators:coverage_commune", args=[commune_b.pk])).status_code
            == 404
        )
        assert client.get(reverse("collaborators:detail", args=[stranger.pk])).status_code == 404

    def test_leadership_refused_personal_pages(self, client, me):
        login(client, LeadershipUserFactory())
        assert client.get(reverse("collaborators:list")).status_code == 403
        assert client.get(reverse("collaborators:detail", args=[me.pk])).status_code == 403
        assert client.get(reverse("collaborators:coverage")).status_code == 200

    def test_collaborator_list_is_names_only(self, client, me, commune_a, stranger):
        colleague = CollaboratorFactory(user__area=commune_a, user__first_name="Bình")
        body = login(client, me.user).get(reverse("collaborators:list")).content.decode()
        assert colleague.full_name in body
        assert colleague.user.phone not in body
        assert stranger.full_name not in body

    def test_colleague_detail_shows_name_only(self, client, me, commune_a):
        colleague = CollaboratorFactory(user__area=commune_a)
        body = (
            login(client, me.user)
            .get(reverse("collaborators:detail", args=[colleague.pk]))
            .content.decode()
        )
        assert colleague.full_name in body
        assert colleague.user.phone not in body

    @pytest.mark.parametrize(
        "name",
        [
            "collaborators:create",
            "collaborators:import",
            "collaborators:export",
            "collaborators:course_create",
        ],
    )
    def test_manager_pages_refuse_collaborators(self, client, me, name):
        assert login(client, me.user).get(reverse(name)).status_code == 403

    def test_training_status_refused_to_collaborators(self, client, me):
        assert (
            login(client, me.user).get(reverse("collaborators:training_status")).status_code == 403
        )

    def test_pages_need_login(self, client, me):
        response = client.get(reverse("collaborators:detail", args=[me.pk]))
        assert response.status_code == 302


class TestPages:
    def test_create_shows_password_once(self, client, staff, commune_a):
        response = login(client, staff).post(
            reverse("collaborators:create"),
            {
                "full_name": "Lê Thị Hoa",
                "phone": "0977 123 456",
                "commune": commune_a.pk,
                "organisation": "volunteer",
                "started_on": "01/08/2025",
                "qualification": "none",
                "monthly_allowance": "0",
            },
        )
        assert response.status_code == 200
        collaborator = Collaborator.objects.get(user__phone="0977123456")
        assert collaborator.started_on == datetime.date(2025, 8, 1)  # read day first
        password = response.context["logins"][0][1]
        assert password in response.content.decode()
        assert collaborator.user.check_password(password)

    def test_create_bad_phone_keeps_input(self, client, staff, commune_a):
        response = login(client, staff).post(
            reverse("collaborators:create"),
            {
                "full_name": "Lê Thị Hoa",
                "phone": "12",
                "commune": commune_a.pk,
                "organisation": "volunteer",
                "started_on": "01/08/2025",
                "qualification": "none",
                "monthly_allowance": "0",
            },
        )
        body = response.content.decode()
        assert "định dạng di động" in body
        assert "Lê Thị Hoa" in body

    def test_end_before_start_message(self, client, staff, me):
        response = login(client, staff).post(
            reverse("collaborators:end", args=[me.pk]), {"ended_on": "01/01/2020", "reason": "Nghỉ"}
        )
        assert "không được trước ngày bắt đầu" in response.content.decode()
        me.refresh_from_db()
        assert me.ended_on is None

    def test_coverage_shows_share_and_changes(self, client, staff, me, commune_a, commune_b):
        login(client, staff)
        response = client.get(reverse("collaborators:coverage"))
        assert response.context["report"].share == 50.0
        assert "50.0%" in response.content.decode() or "50,0%" in response.content.decode()
        CollaboratorFactory(user__area=commune_b)
        response = client.get(reverse("collaborators:coverage") + "?order=-count")
        assert response.context["report"].all_covered
        assert "100% xã có cộng tác viên" in response.content.decode()

    def test_attendance_before_course_message(self, client, staff, me):
        start = timezone.localdate() + datetime.timedelta(days=5)
        course = TrainingCourseFactory(starts_on=start, ends_on=start)
        response = login(client, staff).post(
            reverse("collaborators:course_detail", args=[course.pk]),
            {"phone": me.user.phone, "practice_hours": "0", "cpd_credits": "0"},
        )
        assert "chưa diễn ra" in response.content.decode()
        assert not course.attendances.exists()

    def test_attendance_recorded_by_phone(self, client, staff, me):
        course = TrainingCourseFactory()
        response = login(client, staff).post(
            reverse("collaborators:course_detail", args=[course.pk]),
            {
                "phone": me.user.phone,
                "completed": "on",
                "practice_hours": "8",
                "cpd_credits": "1,5",
            },
        )
        assert response.status_code == 302
        assert course.attendances.get().collaborator == me

    def test_list_query_count_is_fixed(
        self, client, staff, commune_a, django_assert_max_num_queries
    ):
        CollaboratorFactory.create_batch(20, user__area=commune_a)
        login(client, staff)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("collaborators:list"))
        assert len(response.context["page"]) == 20

    def test_training_status_lists(self, client, staff, commune_a):
        never = CollaboratorFactory(user__area=commune_a)
        old = AttendanceFactory(
            collaborator__user__area=commune_a,
            course__starts_on=datetime.date(2020, 1, 1),
            course__ends_on=datetime.date(2020, 1, 2),
        ).collaborator
        login(client, staff)
        assert list(client.get(reverse("collaborators:training_status")).context["page"]) == [never]
        page = client.get(reverse("collaborators:training_status") + "?show=refresher").context[
            "page"
        ]
        assert list(page) == [old]


class TestExport:
    def test_export_is_formula_safe_and_logged(self, client, staff, commune_a):
        CollaboratorFactory(user__area=commune_a, village='=HYPERLINK("x")')
        response = login(client, staff).get(reverse("collaborators:export"))
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
        assert '=HYPERLINK("x")' in values
        cell = next(c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("x")')
        assert cell.data_type == "s"
        assert AccessLog.objects.filter(
            user=staff, action=AccessLog.Action.EXPORT, object_type="collaborators.Collaborator"
        ).exists()


class TestImportLogins:
    def test_shown_once_to_the_importer(self, client, staff, me):
        IssuedLogin.objects.create(
            import_job_id=7, user=me.user, temporary_password="abc234xyz9", created_by=staff
        )
        login(client, staff)
        assert (
            "abc234xyz9"
            in client.get(reverse("collaborators:import_logins", args=[7])).content.decode()
        )
        assert (
            "abc234xyz9"
            not in client.get(reverse("collaborators:import_logins", args=[7])).content.decode()
        )

    def test_not_shown_to_another_staff_member(self, client, staff, me, province):
        IssuedLogin.objects.create(
            import_job_id=7, user=me.user, temporary_password="abc234xyz9", created_by=staff
        )
        other = UserFactory(role=Role.DEPARTMENT, area=province)
        body = (
            login(client, other)
            .get(reverse("collaborators:import_logins", args=[7]))
            .content.decode()
        )
        assert "abc234xyz9" not in body
        assert IssuedLogin.objects.exists()


class TestHomeTiles:
    def _render(self, user):
        request = RequestFactory().get("/")
        request.user = user
        template = Template('{% include "collaborators/home_tiles.html" %}')
        return template.render(RequestContext(request, {}))

    def test_shows_my_training(self, me):
        AttendanceFactory(collaborator=me, course__title="Sơ cứu tâm lý 2025")
        html = self._render(me.user)
        assert "Sơ cứu tâm lý 2025" in html
        assert "Đào tạo của tôi" in html

    def test_register_link_only_when_the_url_exists(self, me):
        from django.urls import NoReverseMatch

        try:
            url = reverse("cases:beneficiary_register")
        except NoReverseMatch:
            url = None
        html = self._render(me.user)
        assert ("Đăng ký đối tượng" in html) is (url is not None)


@pytest.mark.parametrize("name", ["collaborators:workload", "collaborators:list"])
def test_department_pages_render(client, staff, me, name):
    response = login(client, staff).get(reverse(name))
    assert me.full_name in response.content.decode()


def test_course_list_renders(client, me):
    attendance = AttendanceFactory(collaborator=me)
    body = login(client, me.user).get(reverse("collaborators:courses")).content.decode()
    assert attendance.course.title in body


def test_commune_page_lists_its_collaborators(client, staff, me, stranger, commune_a):
    body = (
        login(client, staff)
        .get(reverse("collaborators:coverage_commune", args=[commune_a.pk]))
        .content.decode()
    )
    assert me.full_name in body
    assert stranger.full_name not in body


def test_end_page_lists_open_cases_until_they_are_reassigned(client, staff, me, commune_a):
    case = CaseFactory(beneficiary__full_name="Hà Thị Bông", assigned_worker=me.user)
    url = reverse("collaborators:end", args=[me.pk])
    data = {"ended_on": timezone.localdate().strftime("%Y-%m-%d"), "reason": "Chuyển công tác"}
    response = login(client, staff).post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 hồ sơ đang mở" in body
    assert "Hà Thị Bông" in body and reverse("casework:case_detail", args=[case.pk]) in body
    me.refresh_from_db()
    assert me.ended_on is None

    # Reassigned to a colleague: now the collaborator may leave.
    Case.objects.filter(pk=case.pk).update(assigned_worker=CollaboratorFactory().user)
    response = client.post(url, data)
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.ended_on == timezone.localdate()


def test_home_tiles_show_my_due_follow_up_first(client, me, commune_a):
    CaseFactory(
        beneficiary__full_name="Lê Văn Tới",
        beneficiary__commune=commune_a,
        assigned_worker=me.user,
        next_deadline=timezone.now() - datetime.timedelta(hours=1),
    )
    body = login(client, me.user).get("/").content.decode()
    assert (
        body.index("Cần theo dõi hôm nay")
        < body.index("Lê Văn Tới")
        < body.index("Đào tạo của tôi")
    )
