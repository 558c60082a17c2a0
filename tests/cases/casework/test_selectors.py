import pytest
from django.db import connection
from django.utils import timezone

from cases.casework import selectors
from cases.models import Case
from tests.cases.casework.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def some_cases(commune_a, commune_b, collaborator_a):
    """A few cases of one worker among many of the commune and the province."""
    mine = CaseFactory(beneficiary__commune=commune_a, assigned_worker=collaborator_a)
    others = []
    for n in range(400):
        commune = commune_a if n % 4 == 0 else commune_b
        others.append(
            Case(
                beneficiary=mine.beneficiary,
                commune=commune,
                source="collaborator",
                reported_at=mine.reported_at,
                next_deadline=timezone.now() + timezone.timedelta(hours=n - 50),
            )
        )
    Case.objects.bulk_create(others)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case")


def test_my_cases_use_the_worker_index(some_cases, collaborator_a):
    # Owned or assisted (a child's case, issue 15): one index per side.
    plan = _plan(selectors.my_cases(actor=collaborator_a)[:25])
    assert "cases_case_worker_due" in plan or "cases_case_assistant_due" in plan, plan


def test_commune_list_uses_the_commune_index(some_cases, official_a):
    queryset = selectors.case_list_due_first(actor=official_a)[:25]
    assert "cases_case_commune_due" in _plan(queryset)


def test_my_cases_due_first(commune_a, collaborator_a):
    later = CaseFactory(
        beneficiary__commune=commune_a,
        assigned_worker=collaborator_a,
        next_deadline=timezone.now() + timezone.timedelta(days=2),
    )
    sooner = CaseFactory(
        beneficiary__commune=commune_a,
        assigned_worker=collaborator_a,
        next_deadline=timezone.now() + timezone.timedelta(hours=2),
    )
    none = CaseFactory(beneficiary__commune=commune_a, assigned_worker=collaborator_a)
    closed = CaseFactory(
        beneficiary__commune=commune_a,
        assigned_worker=collaborator_a,
        status="closed",
        closed_on=timezone.localdate(),
        closure_reason="died",
    )
    rows = list(selectors.my_cases(actor=collaborator_a))
    assert rows == [sooner, later, none]
    assert closed not in rows
