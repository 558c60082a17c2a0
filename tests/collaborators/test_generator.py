"""The benchmark generator of collaborators: every commune has its
collaborators (the logins casework assigns cases to), courses and attendance
exist for the indicators, the rules hold and the seed decides."""

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from cases.casework import generator as casework
from cases.models import Case
from collaborators import generator
from collaborators.models import Attendance, Collaborator, TrainingCourse
from facilities import generator as facilities
from socialwork.accounts.models import Role, User
from socialwork.demo.generate import GeneratorContext
from socialwork.demo.generators import people
from tests.factories import CommuneFactory
from tests.generators import fingerprints

pytestmark = pytest.mark.django_db

PEOPLE = 6000  # four collaborators in each of three communes


@pytest.fixture
def ctx(province, commune_a, commune_b):
    communes = [commune_a, commune_b, CommuneFactory(parent=province)]
    return GeneratorContext(
        people=PEOPLE, seed=3, commune_ids=[c.pk for c in communes], province_id=province.pk
    )


def _generate(ctx: GeneratorContext) -> None:
    people.generate(ctx)
    facilities.generate(ctx)
    generator.generate(ctx)


def _fingerprint() -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT u.username, u.last_name, u.first_name, c.sex, c.birth_year,
                      c.organisation, c.qualification, c.started_on, c.monthly_allowance,
                      (SELECT array_agg(t.title || a.completed || a.certificate_number
                                        ORDER BY t.title)
                         FROM collaborators_attendance a
                         JOIN collaborators_trainingcourse t ON t.id = a.course_id
                        WHERE a.collaborator_id = c.id)
                 FROM collaborators_collaborator c JOIN accounts_user u ON u.id = c.user_id
                UNION ALL
               SELECT t.title, t.topic, t.place, NULL, NULL, NULL, NULL, t.starts_on, t.hours,
                      (SELECT array_agg(s.full_name || a.certificate_number ORDER BY s.full_name)
                         FROM collaborators_attendance a
                         JOIN facilities_staffmember s ON s.id = a.staff_member_id
                        WHERE a.course_id = t.id)
                 FROM collaborators_trainingcourse t
                ORDER BY 1, 2, 3"""
        )
        return cursor.fetchall()


def test_collaborators_in_every_commune(ctx):
    _generate(ctx)
    per_commune = dict(
        Collaborator.objects.values_list("user__area").annotate(n=Count("id")).order_by()
    )
    assert per_commune == {pk: generator.per_commune(ctx) for pk in ctx.commune_ids}
    logins = User.objects.filter(collaborator__isnull=False)
    assert set(logins.values_list("role", flat=True)) == {Role.COLLABORATOR}
    assert not any(user.has_usable_password() for user in logins)
    assert not logins.filter(last_name="").exists()
    assert len(set(Collaborator.objects.values_list("qualification", flat=True))) >= 2
    assert not Collaborator.objects.filter(started_on__gt=timezone.localdate()).exists()


def test_casework_assigns_cases_to_them_and_adds_no_login(ctx):
    _generate(ctx)
    logins = User.objects.count()
    casework.generate(ctx)
    assert User.objects.count() == logins
    workers = Case.objects.filter(assigned_worker__isnull=False).values("assigned_worker")
    assert workers.exists()
    assert not workers.exclude(assigned_worker__collaborator__isnull=False).exists()


def test_courses_and_attendance(ctx):
    _generate(ctx)
    today = timezone.localdate()
    years = set(TrainingCourse.objects.values_list("starts_on__year", flat=True))
    assert set(range(generator.FIRST_COURSE_YEAR, today.year)) <= years
    assert TrainingCourse.objects.filter(starts_on__gt=today).exists()
    attended = Attendance.objects.filter(collaborator__isnull=False)
    # About a third trained (a dozen collaborators here: some, not all).
    assert 0 < attended.values("collaborator").distinct().count() < Collaborator.objects.count()
    assert not Attendance.objects.filter(course__ends_on__gte=today).exists()
    assert not Attendance.objects.filter(completed=True, certificate_number="").exists()
    assert Attendance.objects.filter(staff_member__isnull=False).exists()


def test_a_second_run_adds_nothing_for_the_same_communes(ctx):
    _generate(ctx)
    counts = (Collaborator.objects.count(), TrainingCourse.objects.count())
    attendance = Attendance.objects.count()
    generator.generate(ctx)
    assert (Collaborator.objects.count(), TrainingCourse.objects.count()) == counts
    assert Attendance.objects.count() == attendance


def test_same_seed_same_collaborators(ctx):
    prints = fingerprints(ctx, _generate, _fingerprint, seeds=(ctx.seed, ctx.seed))
    assert prints[0] == prints[1]
    assert len(prints[0]) > 20


def test_another_seed_other_collaborators(ctx):
    prints = fingerprints(ctx, _generate, _fingerprint, seeds=(3, 4))
    assert prints[0] != prints[1]


def test_generated_rows_skip_the_insert_history(ctx):
    _generate(ctx)
    for model in (User, Collaborator, TrainingCourse, Attendance):
        assert model.objects.exists()
        assert not model.pgh_event_model.objects.exists(), model
