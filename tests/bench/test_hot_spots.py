"""The pages that missed 150 ms at 1,000,000 people (issue 19), each with its
server time, query count, and the plan of its main query as it really ran.

    BENCH_PEOPLE=1000000 TEST_DATABASE_NAME=<a generated database> \\
        .venv/bin/python -m pytest tests/bench/test_hot_spots.py --reuse-db -p no:cacheprovider -s

Asserted: the same number of queries at page size 10 and 50, and the index
that serves each (from 100,000 people, where the planner's choice is the
province's; below that the figures are printed only). Never time.
"""

from __future__ import annotations

import statistics
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cases.models import Beneficiary, Case, CaseStatus, Referral
from socialwork.areas.selectors import portal_province
from tests.bench.conftest import BENCH_PEOPLE, PAGE_TARGET_MS, against, report
from tests.bench.test_register import explain_analyze, indexes_in
from tests.factories import CollaboratorUserFactory, UserFactory

pytestmark = pytest.mark.django_db

# Below this the planner rightly prefers other plans than a province needs.
PLANS_FROM = 100_000
COMMON_CATEGORY = "ND20-5.5c"  # the elderly: the most common group


@pytest.fixture
def staff(bench_province):
    return UserFactory(area=portal_province(), can_view_sensitive=True)


@pytest.fixture
def collaborator(bench_province):
    commune_id = Beneficiary.objects.values("commune").order_by("commune").first()["commune"]
    return CollaboratorUserFactory(area_id=commune_id)


def page(client: Client, url: str, params: dict, name: str, table: str) -> tuple[int, str]:
    """Two page sizes: the figures of each, and the main query's SQL."""
    client.get(url, params)  # warm: templates, URL conf, session
    counts = []
    for size in (10, 50):
        times = []
        for _ in range(3):  # the median of three: one run can meet a checkpoint
            with CaptureQueriesContext(connection) as captured:
                started = time.monotonic()
                response = client.get(url, {**params, "page_size": size})
                times.append(time.monotonic() - started)
        elapsed = statistics.median(times)
        assert response.status_code == 200, response.content[:300]
        slowest = max(float(q["time"]) for q in captured)
        report(f"{name} page_size={size}", server=against(elapsed * 1000, PAGE_TARGET_MS),
               queries=len(captured),
               slowest_query_ms=round(slowest * 1000, 1))  # fmt: skip
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    return counts[0], main_sql(captured, table)


def main_sql(captured, table: str) -> str:
    """The slowest query on `table` (the page's rows)."""
    candidates = [
        q for q in captured if f'FROM "{table}"' in q["sql"] and q["sql"].startswith("SELECT")
    ]
    assert candidates, [q["sql"][:120] for q in captured]
    return max(candidates, key=lambda q: float(q["time"]))["sql"]


def check(sql: str, name: str, expected: tuple[str, ...]) -> None:
    text, planning, execution = explain_analyze(sql)
    used = indexes_in(text)
    report(f"{name} EXPLAIN ANALYZE", planning_ms=planning, execution_ms=execution,
           indexes="+".join(used) or "none")  # fmt: skip
    if BENCH_PEOPLE >= PLANS_FROM:
        assert "Seq Scan on cases_" not in text, text
        assert any(u.startswith(e) for u in used for e in expected), (name, used, text)


def test_department_case_list_without_a_filter(staff):
    client = Client()
    client.force_login(staff)
    _, sql = page(client, "/cases/work/list/", {}, "department cases", "cases_case")
    check(sql, "department cases", ("cases_case_open_due",))
    assert Case.objects.exclude(status=CaseStatus.CLOSED).exists()


SEARCHES = [
    ("staff search nguyen thi", {"q": "nguyen thi"}),
    ("staff search tran", {"q": "tran"}),
    ("staff search category + tran", {"q": "tran", "category": COMMON_CATEGORY}),
    ("staff search typo dang van fuc", {"q": "dang van fuc"}),
    ("staff search nguyen thi thu ja", {"q": "nguyen thi thu ja"}),
]


@pytest.mark.parametrize("name,params", SEARCHES, ids=[s[0] for s in SEARCHES])
def test_staff_search(staff, name, params):
    client = Client()
    client.force_login(staff)
    _, sql = page(client, "/cases/people/", params, name, "cases_beneficiary")
    check(sql, name, ("cases_benef_search_words", "cases_beneficiary_pkey"))


def test_api_people_search(staff):
    client = Client()
    client.force_login(staff)
    _, sql = page(client, "/api/v1/beneficiaries/", {"q": "nguyen thi"}, "api people q",
                  "cases_beneficiary")  # fmt: skip
    check(sql, "api people q", ("cases_benef_search_words", "cases_beneficiary_pkey"))


@pytest.mark.parametrize("with_name", [False, True], ids=["category", "category + name"])
def test_collaborator_common_category(collaborator, with_name):
    client = Client()
    client.force_login(collaborator)
    params = {"category": COMMON_CATEGORY, **({"q": "nguyen"} if with_name else {})}
    name = "collaborator " + ("category + name" if with_name else "category")
    _, sql = page(client, "/cases/people/", params, name, "cases_beneficiary")
    check(sql, name, ("cases_benef_commune_id", "cases_beneficiary_commune_id"))


def test_collaborator_home_without_referrals(collaborator):
    from collaborators.selectors import home_summary

    assert not Referral.objects.filter(sender=collaborator).exists()
    home_summary(user=collaborator)  # warm
    with CaptureQueriesContext(connection) as captured:
        started = time.monotonic()
        home_summary(user=collaborator)
        elapsed = time.monotonic() - started
    report("collaborator home summary", server=against(elapsed * 1000, PAGE_TARGET_MS),
           queries=len(captured))  # fmt: skip
    sql = main_sql(captured, "cases_referral")
    check(sql, "collaborator home referrals", ("cases_referral_sender_id",))
