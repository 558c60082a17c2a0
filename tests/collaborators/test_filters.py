"""The collaborators' FilterSets through the API: each filter narrows, a bad
value is a 400 naming the parameter, and a commune's official never sees
another commune's collaborators or their training under any filter."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from collaborators.models import Organisation, Qualification, Topic
from tests.cases.casework.test_filters import HUGE, ids, refused
from tests.collaborators.factories import (
    AttendanceFactory,
    CollaboratorFactory,
    TrainingCourseFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def team(commune_a, commune_b):
    lan = CollaboratorFactory(
        user__area=commune_a,
        organisation=Organisation.YOUTH_UNION,
        qualification=Qualification.COLLEGE,
    )
    get_user_model().objects.filter(pk=lan.user_id).update(last_name="Hoàng Kim", first_name="Yến")
    gone = CollaboratorFactory(
        user__area=commune_a, started_on=D(2023, 1, 1), ended_on=D(2024, 1, 1)
    )
    far = CollaboratorFactory(user__area=commune_b)
    return {"lan": lan, "gone": gone, "far": far}  # fmt: skip


def test_collaborator_filters(client, department, official_a, team, commune_b):
    lan, gone, far = team["lan"], team["gone"], team["far"]
    url = "/api/v1/collaborators/"
    assert ids(client, department, url, commune=commune_b.pk) == {far.pk}
    assert ids(client, department, url, organisation=Organisation.YOUTH_UNION) == {lan.pk}
    assert ids(client, department, url, qualification=Qualification.COLLEGE) == {lan.pk}
    assert ids(client, department, url, active="false") == {gone.pk}
    assert ids(client, department, url, q="hoang kim yen") == {lan.pk}
    assert ids(client, official_a, url, commune=commune_b.pk) == set()
    assert far.pk not in ids(client, official_a, url, active="true")
    for params in (
        {"commune": "x"},
        {"commune": HUGE},
        {"organisation": "x"},
        {"qualification": "x"},
        {"active": "perhaps"},
    ):
        refused(client, department, url, **params)


def test_course_and_attendance_filters(client, department, official_a, team):
    law = TrainingCourseFactory(
        topic=Topic.CHILD_PROTECTION,
        starts_on=datetime.date(2024, 5, 1),
        ends_on=datetime.date(2024, 5, 2),
    )
    cases = TrainingCourseFactory()
    url = "/api/v1/training-courses/"
    assert ids(client, department, url, topic=Topic.CHILD_PROTECTION) == {law.pk}
    assert ids(client, department, url, year=2025) == {cases.pk}
    for params in ({"topic": "x"}, {"year": "0"}, {"year": "2025.5"}):
        refused(client, department, url, **params)

    attended = AttendanceFactory(course=law, collaborator=team["lan"])
    dropped = AttendanceFactory(course=cases, collaborator=team["lan"], completed=False)
    far = AttendanceFactory(course=law, collaborator=team["far"])
    url = "/api/v1/attendance/"
    assert ids(client, department, url, course=law.pk) == {attended.pk, far.pk}
    assert ids(client, department, url, collaborator=team["lan"].pk) == {attended.pk, dropped.pk}
    assert ids(client, department, url, topic=Topic.CHILD_PROTECTION) == {attended.pk, far.pk}
    assert ids(client, department, url, completed="false") == {dropped.pk}
    assert ids(client, official_a, url, collaborator=team["far"].pk) == set()
    assert ids(client, official_a, url, course=law.pk) == {attended.pk}
    for params in ({"course": "x"}, {"topic": "x"}, {"completed": "perhaps"}):
        refused(client, department, url, **params)
