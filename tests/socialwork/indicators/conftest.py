"""A small province built by hand for the indicator tests.

Period: the calendar year 2025 (1/1/2025–31/12/2025). What each unit and
person contributes is written beside it; the tests state the expected
numerators and denominators from these notes.
"""

import datetime

import pytest

from tests.collaborators.factories import (
    AttendanceFactory,
    CollaboratorFactory,
    TrainingCourseFactory,
)
from tests.facilities.factories import (
    FacilityFactory,
    SchoolFactory,
    ScopePeriodFactory,
    StaffAssignmentFactory,
    StaffMemberFactory,
)
from tests.factories import CommuneFactory, LeadershipUserFactory, UserFactory

END = datetime.date(2025, 12, 31)


@pytest.fixture(autouse=True)
def _calendar_periods(settings):
    settings.INDICATOR_PERIOD_MODE = "calendar"


@pytest.fixture
def commune_c(province):
    return CommuneFactory(parent=province, name="Xã Hòa Hiệp")


@pytest.fixture
def department(province):
    return UserFactory(area=province)


@pytest.fixture
def leadership(province):
    return LeadershipUserFactory(area=province)


@pytest.fixture
def small_province(province, commune_a, commune_b, commune_c):
    """Three communes, three facilities in scope, one out of scope."""
    course_2025 = TrainingCourseFactory(
        starts_on=datetime.date(2025, 3, 10), ends_on=datetime.date(2025, 3, 12)
    )
    course_2020 = TrainingCourseFactory(
        starts_on=datetime.date(2020, 12, 1), ends_on=datetime.date(2020, 12, 15)
    )
    course_2026 = TrainingCourseFactory(
        starts_on=datetime.date(2026, 1, 5), ends_on=datetime.date(2026, 1, 10)
    )
    course_other = TrainingCourseFactory(
        starts_on=datetime.date(2024, 5, 1), ends_on=datetime.date(2024, 5, 3)
    )

    # commune_a: two active collaborators; A1 trained in 2025, A2 attended a
    # course without completing it and one that ends after the period.
    a1 = CollaboratorFactory(user__area=commune_a, started_on=datetime.date(2024, 1, 1))
    a2 = CollaboratorFactory(user__area=commune_a, started_on=datetime.date(2025, 6, 1))
    AttendanceFactory(collaborator=a1, course=course_2025)
    AttendanceFactory(collaborator=a2, course=course_other, completed=False)
    AttendanceFactory(collaborator=a2, course=course_2026)

    # commune_b: B1 left ON the last day (not active at period end, though
    # trained); B2 starts after it. So commune_b has no active collaborator.
    b1 = CollaboratorFactory(
        user__area=commune_b, started_on=datetime.date(2023, 1, 1), ended_on=END
    )
    AttendanceFactory(collaborator=b1, course=course_2025)
    CollaboratorFactory(user__area=commune_b, started_on=datetime.date(2026, 1, 5))

    # commune_c: no collaborator at all.

    # F1 in commune_a, social assistance, in scope: a full-time social worker
    # whose only training ended in 2020 (before the programme: untrained).
    f1 = FacilityFactory(commune=commune_a)
    ScopePeriodFactory(facility=f1, in_ctxh02_plan=True)
    s1 = StaffMemberFactory(facility=f1)
    StaffAssignmentFactory(staff=s1)
    AttendanceFactory(collaborator=None, staff_member=s1, course=course_2020)

    # S1, a school in commune_b, in scope and in the plan: its staff member is
    # not assigned to social work (not staffed, not counted in CTXH-04).
    s_school = SchoolFactory(commune=commune_b, has_social_work_unit=True)
    ScopePeriodFactory(facility=s_school, in_ctxh02_plan=True)
    teacher = StaffMemberFactory(facility=s_school)
    StaffAssignmentFactory(staff=teacher, assignment="none")

    # H1, a hospital in commune_b, left the scope and the plan on 30/6/2025.
    h1 = FacilityFactory(
        commune=commune_b, kind="hospital", capacity=None, has_social_work_unit=True
    )
    ScopePeriodFactory(facility=h1, valid_to=datetime.date(2025, 6, 30))
    StaffAssignmentFactory(staff=StaffMemberFactory(facility=h1))

    # F2 in commune_c, in scope, not in the plan: S2's assignment ends ON the
    # last day (inclusive: still assigned), trained twice (counted once); S3
    # left on the last day (not counted anywhere).
    f2 = FacilityFactory(commune=commune_c)
    ScopePeriodFactory(facility=f2, in_ctxh02_plan=False)
    s2 = StaffMemberFactory(facility=f2)
    StaffAssignmentFactory(staff=s2, valid_to=END)
    AttendanceFactory(collaborator=None, staff_member=s2, course=course_2025)
    AttendanceFactory(collaborator=None, staff_member=s2, course=course_other)
    s3 = StaffMemberFactory(facility=f2, left_on=END)
    StaffAssignmentFactory(staff=s3)
    return {"a": commune_a, "b": commune_b, "c": commune_c, "province": province}


@pytest.fixture
def eager_tasks():
    from socialwork.celery_app import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
