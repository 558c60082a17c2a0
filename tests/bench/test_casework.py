"""Case lists at province scale: "my cases", the commune's cases, the overdue list.

    BENCH_PEOPLE=1000000 ./scripts/test tests/bench/test_casework.py -m bench -s

Each list: the page runs the same number of queries at page size 10 and 50,
the selector's plan uses the named index, and the database's own execution
time (EXPLAIN ANALYZE) is printed next to the wall time (target < 150 ms).
"""

import json

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client

from cases.casework import selectors
from cases.models import Case, CaseStatus
from socialwork.accounts.models import User
from tests.bench.conftest import measured, report
from tests.explain import assert_uses_index, plan
from tests.factories import CommuneOfficialFactory, UserFactory

pytestmark = pytest.mark.django_db

FIRST_PAGE = 25


def server_ms(queryset) -> float:
    """The query's execution time as the server measures it (no network, no ORM)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        document = cursor.fetchone()[0]
    if isinstance(document, str):
        document = json.loads(document)
    return document[0]["Execution Time"]


def _page_queries(user, path: str, name: str, **params) -> list[int]:
    client = Client()
    client.force_login(user)
    client.get(path, params)  # warm up: URL conf, templates, session
    counts = []
    for size in (10, 50):
        with measured(f"{name} page, page size {size}") as figures:
            response = client.get(path, {"page_size": size, **params})
            figures["status"] = response.status_code
        assert response.status_code == 200
        counts.append(figures["queries"])
    return counts


@pytest.fixture
def busiest_worker(bench_province):
    """The generated collaborator with the most open cases."""
    row = (
        Case.objects.exclude(status=CaseStatus.CLOSED)
        .filter(assigned_worker__isnull=False)
        .values("assigned_worker")
        .annotate(n=Count("id"))
        .order_by("-n", "assigned_worker")
        .first()
    )
    return User.objects.select_related("area").get(pk=row["assigned_worker"])


def test_my_cases(busiest_worker):
    worker = busiest_worker
    queryset = selectors.my_cases(actor=worker)
    open_cases = queryset.count()
    assert open_cases > 10
    small, large = _page_queries(worker, "/cases/work/", "my cases")
    assert small == large
    # The planner multiplies the commune (scope) and worker selectivities as if
    # independent and expects one row, so at 20,000 people it may AND the commune's
    # partial index with the worker's instead of walking cases_case_worker_due.
    # Both read only this worker's open cases; anything else fails.
    text = plan(queryset[:FIRST_PAGE])
    print(text)
    assert "cases_case_worker_due" in text or (
        "BitmapAnd" in text and "cases_case_commune_due" in text
    ), text
    report(
        "my cases, first page (server)",
        seconds=server_ms(queryset[:FIRST_PAGE]) / 1000,
        open_cases=open_cases,
    )


def test_commune_case_list(busiest_worker):
    official = CommuneOfficialFactory(area=busiest_worker.area)
    queryset = selectors.case_list_due_first(actor=official)
    assert queryset[:FIRST_PAGE].count() == FIRST_PAGE
    small, large = _page_queries(official, "/cases/work/list/", "commune cases")
    assert small == large
    assert_uses_index(queryset[:FIRST_PAGE], "cases_case_commune_due")
    report("commune cases, first page (server)", seconds=server_ms(queryset[:FIRST_PAGE]) / 1000)


def test_overdue_list(busiest_worker):
    department = UserFactory(area=busiest_worker.area.parent)
    # What the list page runs with its "overdue" filter.
    queryset = selectors.case_list(actor=department, filters={"overdue": "true"})
    overdue = queryset.count()
    assert overdue > FIRST_PAGE
    small, large = _page_queries(department, "/cases/work/list/", "overdue cases", overdue="true")
    assert small == large
    # The list walks its newest-first order and filters the deadline; no index check here.
    report(
        "overdue cases, first page (server)",
        seconds=server_ms(queryset[:FIRST_PAGE]) / 1000,
        overdue=overdue,
    )
