"""Factories of the collaborator network, on top of tests/factories.py."""

import datetime

import factory
from django.utils import timezone

from cases.models import CaseStatus, ClosureReason
from collaborators.models import (
    Attendance,
    Collaborator,
    Organisation,
    Qualification,
    Topic,
    TrainingCourse,
)
from tests.cases.casework.factories import CaseFactory
from tests.factories import CollaboratorUserFactory


class CollaboratorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collaborator

    user = factory.SubFactory(
        CollaboratorUserFactory, phone=factory.Sequence(lambda n: f"097{n:07d}")
    )
    birth_year = 1985
    sex = "female"
    village = "Thôn 1"
    organisation = Organisation.WOMENS_UNION
    started_on = datetime.date(2024, 1, 1)
    qualification = Qualification.SHORT_COURSE
    monthly_allowance = 2_340_000


class TrainingCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCourse

    title = factory.Sequence(lambda n: f"Tập huấn kỹ năng CTXH {n}")
    topic = Topic.CASE_MANAGEMENT
    organiser = "Sở Y tế"
    starts_on = datetime.date(2025, 3, 10)
    ends_on = datetime.date(2025, 3, 12)
    hours = 24
    place = "Buôn Ma Thuột"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    course = factory.SubFactory(TrainingCourseFactory)
    collaborator = factory.SubFactory(CollaboratorFactory)
    completed = True
    certificate_number = factory.Sequence(lambda n: f"CC-{n:05d}")


class ClosedCaseFactory(CaseFactory):
    """A case that no longer counts in anyone's caseload."""

    status = CaseStatus.CLOSED
    closed_on = factory.LazyFunction(timezone.localdate)
    closure_reason = ClosureReason.GOALS_MET
