import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from cases.models import Case
from collaborators import services
from collaborators.models import Attendance, Collaborator, Organisation
from socialwork.accounts.models import Role, User
from tests.cases.casework.factories import CaseFactory
from tests.factories import (
    CollaboratorUserFactory,
    CommuneFactory,
    ProvinceFactory,
    UserFactory,
)

from .factories import (
    AttendanceFactory,
    ClosedCaseFactory,
    CollaboratorFactory,
    TrainingCourseFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _create(actor, commune, **overrides):
    data = {
        "full_name": "Nguyễn Thị Lan",
        "phone": "+84 912 345 678",
        "commune": commune,
        "started_on": datetime.date(2025, 8, 1),
        "actor": actor,
        "organisation": Organisation.YOUTH_UNION,
    }
    data.update(overrides)
    return services.collaborator_create(**data)


def _codes(exc: ValidationError, field: str) -> list[str]:
    return [e.code for e in exc.error_dict[field]]


@pytest.fixture
def staff(province):
    return UserFactory(role=Role.DEPARTMENT, area=province)


class TestCollaboratorCreate:
    def test_creates_login_with_temporary_password(self, staff, commune_a):
        created = _create(staff, commune_a)
        user = created.collaborator.user
        assert user.role == Role.COLLABORATOR
        assert user.area == commune_a
        assert user.phone == "0912345678"
        assert (user.last_name, user.first_name) == ("Nguyễn Thị", "Lan")
        assert created.collaborator.full_name == "Nguyễn Thị Lan"
        assert user.must_change_password is True
        assert user.check_password(created.temporary_password)
        assert created.temporary_password not in user.password

    def test_phone_wrong_format(self, staff, commune_a):
        with pytest.raises(ValidationError) as exc:
            _create(staff, commune_a, phone="0123")
        assert _codes(exc.value, "phone") == ["phone_format"]
        assert "định dạng" in exc.value.message_dict["phone"][0]
        assert not Collaborator.objects.exists()

    def test_phone_already_used(self, staff, commune_a):
        UserFactory(phone="0912345678")
        with pytest.raises(ValidationError) as exc:
            _create(staff, commune_a, phone="0912 345 678")
        assert _codes(exc.value, "phone") == ["phone_taken"]
        assert "0912345678" in exc.value.message_dict["phone"][0]

    def test_commune_outside_province(self, staff):
        other_province = ProvinceFactory(code="01", name="Thành phố Hà Nội")
        outside = CommuneFactory(parent=other_province)
        with pytest.raises(ValidationError) as exc:
            _create(staff, outside)
        assert _codes(exc.value, "commune") == ["commune_outside"]
        assert not User.objects.filter(role=Role.COLLABORATOR).exists()

    def test_several_errors_reported_together(self, staff):
        outside = CommuneFactory(parent=ProvinceFactory(code="01", name="Hà Nội"))
        with pytest.raises(ValidationError) as exc:
            _create(staff, outside, phone="12", full_name=" ")
        assert set(exc.value.error_dict) == {"phone", "commune", "full_name"}

    def test_same_phone_base_username_gets_suffix(self, staff, commune_a):
        UserFactory(username="ctv0912345678")
        created = _create(staff, commune_a)
        assert created.collaborator.user.username == "ctv0912345678-2"

    def test_refused_to_a_collaborator(self, commune_a):
        actor = CollaboratorUserFactory(area=commune_a)
        with pytest.raises(PermissionDenied):
            _create(actor, commune_a)


class TestCollaboratorUpdate:
    def test_collaborator_edits_own_contact(self, commune_a):
        collaborator = CollaboratorFactory(user__area=commune_a)
        services.collaborator_update(
            collaborator=collaborator,
            actor=collaborator.user,
            phone="0935 111 222",
            village="Buôn Ky",
        )
        collaborator.refresh_from_db()
        assert collaborator.user.phone == "0935111222"
        assert collaborator.village == "Buôn Ky"

    def test_collaborator_cannot_raise_own_allowance(self, commune_a):
        collaborator = CollaboratorFactory(user__area=commune_a)
        with pytest.raises(PermissionDenied):
            services.collaborator_update(
                collaborator=collaborator, actor=collaborator.user, monthly_allowance=9_000_000
            )

    def test_collaborator_cannot_edit_colleague(self, commune_a):
        collaborator = CollaboratorFactory(user__area=commune_a)
        colleague = CollaboratorFactory(user__area=commune_a)
        with pytest.raises(PermissionDenied):
            services.collaborator_update(
                collaborator=colleague, actor=collaborator.user, village="X"
            )

    def test_own_phone_kept_is_not_taken(self, staff, commune_a):
        collaborator = CollaboratorFactory(user__area=commune_a)
        services.collaborator_update(
            collaborator=collaborator, actor=staff, phone=collaborator.user.phone
        )

    def test_phone_used_by_another(self, staff, commune_a):
        collaborator = CollaboratorFactory(user__area=commune_a)
        other = CollaboratorFactory(user__area=commune_a)
        with pytest.raises(ValidationError) as exc:
            services.collaborator_update(
                collaborator=collaborator, actor=staff, phone=other.user.phone
            )
        assert _codes(exc.value, "phone") == ["phone_taken"]

    def test_move_outside_province_refused(self, staff, commune_a):
        collaborator = CollaboratorFactory(user__area=commune_a)
        outside = CommuneFactory(parent=ProvinceFactory(code="01", name="Hà Nội"))
        with pytest.raises(ValidationError) as exc:
            services.collaborator_update(collaborator=collaborator, actor=staff, commune=outside)
        assert _codes(exc.value, "commune") == ["commune_outside"]
        collaborator.user.refresh_from_db()
        assert collaborator.user.area == commune_a


class TestCollaboratorEnd:
    def test_end_switches_login_off(self, staff, commune_a):
        collaborator = CollaboratorFactory(user__area=commune_a)
        services.collaborator_end(
            collaborator=collaborator, actor=staff, ended_on=TODAY(), reason="Chuyển công tác"
        )
        collaborator.refresh_from_db()
        assert collaborator.ended_on == TODAY()
        assert collaborator.user.is_active is False
        assert not Collaborator.objects.active().filter(pk=collaborator.pk).exists()

    def test_end_before_start(self, staff, commune_a):
        collaborator = CollaboratorFactory(
            user__area=commune_a, started_on=datetime.date(2025, 1, 1)
        )
        with pytest.raises(ValidationError) as exc:
            services.collaborator_end(
                collaborator=collaborator,
                actor=staff,
                ended_on=datetime.date(2024, 12, 31),
                reason="Nghỉ",
            )
        assert _codes(exc.value, "ended_on") == ["end_before_start"]
        collaborator.refresh_from_db()
        assert collaborator.ended_on is None
        assert collaborator.user.is_active is True

    def test_database_refuses_end_before_start(self, commune_a):
        collaborator = CollaboratorFactory(
            user__area=commune_a, started_on=datetime.date(2025, 1, 1)
        )
        collaborator.ended_on = datetime.date(2024, 1, 1)
        with pytest.raises(IntegrityError):
            collaborator.save()

    def test_end_needs_a_reason(self, staff, commune_a):
        collaborator = CollaboratorFactory(user__area=commune_a)
        with pytest.raises(ValidationError) as exc:
            services.collaborator_end(
                collaborator=collaborator, actor=staff, ended_on=TODAY(), reason=""
            )
        assert _codes(exc.value, "reason") == ["required"]

    def test_twice_refused(self, staff, commune_a):
        collaborator = CollaboratorFactory(user__area=commune_a)
        services.collaborator_end(
            collaborator=collaborator, actor=staff, ended_on=TODAY(), reason="a"
        )
        with pytest.raises(ValidationError) as exc:
            services.collaborator_end(
                collaborator=collaborator, actor=staff, ended_on=TODAY(), reason="b"
            )
        assert exc.value.code == "already_ended"

    def test_only_the_department_ends(self, commune_a):
        collaborator = CollaboratorFactory(user__area=commune_a)
        with pytest.raises(PermissionDenied):
            services.collaborator_end(
                collaborator=collaborator, actor=collaborator.user, ended_on=TODAY(), reason="x"
            )


class TestEndWithOpenCases:
    def test_refused_with_the_list_until_reassigned(self, staff, commune_a):
        leaving = CollaboratorFactory(user__area=commune_a)
        colleague = CollaboratorFactory(user__area=commune_a)
        first, second = CaseFactory.create_batch(
            2, beneficiary__commune=commune_a, assigned_worker=leaving.user
        )
        ClosedCaseFactory(
            beneficiary__commune=commune_a,
            assigned_worker=leaving.user,
        )
        with pytest.raises(services.OpenCasesError) as exc:
            services.collaborator_end(
                collaborator=leaving, actor=staff, ended_on=TODAY(), reason="Chuyển công tác"
            )
        assert set(exc.value.cases) == {first, second}
        assert "2 hồ sơ" in exc.value.messages[0]
        leaving.refresh_from_db()
        assert leaving.ended_on is None and leaving.user.is_active

        Case.objects.filter(pk__in=[first.pk, second.pk]).update(assigned_worker=colleague.user)
        services.collaborator_end(
            collaborator=leaving, actor=staff, ended_on=TODAY(), reason="Chuyển công tác"
        )
        leaving.refresh_from_db()
        assert leaving.ended_on == TODAY() and not leaving.user.is_active


class TestOpenCasesCheck:
    """The refusal and its list, apart from where the list comes from."""

    def test_no_open_cases_passes(self):
        services.check_no_open_cases([])

    def test_open_cases_refused_with_the_list(self):
        cases = ["HS-1", "HS-2"]
        with pytest.raises(services.OpenCasesError) as exc:
            services.check_no_open_cases(cases)
        assert exc.value.cases == cases
        assert exc.value.code == "open_cases"
        assert "2 hồ sơ" in exc.value.messages[0]


class TestTraining:
    def test_course_end_before_start(self, staff):
        with pytest.raises(ValidationError) as exc:
            services.course_create(
                actor=staff,
                title="Bảo vệ trẻ em",
                topic="child_protection",
                starts_on=datetime.date(2025, 5, 2),
                ends_on=datetime.date(2025, 5, 1),
                hours=8,
            )
        assert _codes(exc.value, "ends_on") == ["end_before_start"]

    def test_attendance_recorded(self, staff, commune_a):
        course = TrainingCourseFactory()
        collaborator = CollaboratorFactory(user__area=commune_a)
        attendance = services.attendance_record(
            actor=staff,
            course=course,
            collaborator=collaborator,
            completed=True,
            certificate_number="CC-1",
            practice_hours=40,
            cpd_credits=2,
        )
        assert attendance.pk and attendance.completed

    def test_attendance_before_the_course(self, staff, commune_a):
        start = TODAY() + datetime.timedelta(days=3)
        course = TrainingCourseFactory(starts_on=start, ends_on=start + datetime.timedelta(days=1))
        collaborator = CollaboratorFactory(user__area=commune_a)
        with pytest.raises(ValidationError) as exc:
            services.attendance_record(actor=staff, course=course, collaborator=collaborator)
        assert _codes(exc.value, "course") == ["course_not_started"]
        assert start.strftime("%d/%m/%Y") in exc.value.message_dict["course"][0]
        assert not Attendance.objects.exists()

    def test_completion_before_the_course_ends(self, staff, commune_a):
        course = TrainingCourseFactory(
            starts_on=TODAY(), ends_on=TODAY() + datetime.timedelta(days=2)
        )
        collaborator = CollaboratorFactory(user__area=commune_a)
        with pytest.raises(ValidationError) as exc:
            services.attendance_record(
                actor=staff, course=course, collaborator=collaborator, completed=True
            )
        assert _codes(exc.value, "completed") == ["course_not_finished"]

    def test_attendance_twice_refused(self, staff, commune_a):
        existing = AttendanceFactory(collaborator__user__area=commune_a)
        with pytest.raises(ValidationError):
            services.attendance_record(
                actor=staff, course=existing.course, collaborator=existing.collaborator
            )

    def test_attendance_needs_exactly_one_person(self, staff):
        with pytest.raises(ValidationError) as exc:
            services.attendance_record(actor=staff, course=TrainingCourseFactory())
        assert exc.value.code == "one_person"

    def test_database_refuses_attendance_without_person(self):
        with pytest.raises(IntegrityError):
            Attendance.objects.create(course=TrainingCourseFactory())

    def test_attendance_update_completion(self, staff, commune_a):
        attendance = AttendanceFactory(collaborator__user__area=commune_a, completed=False)
        services.attendance_update(attendance=attendance, actor=staff, completed=True)
        attendance.refresh_from_db()
        assert attendance.completed
