"""The facility network at province scale: the busiest facility's inbox, the
sender's referral list and the department's network overview.

    BENCH_PEOPLE=1000000 ./scripts/test tests/bench/test_network.py -m bench -s

Each page runs the same number of queries on a full page as on a short one,
the selector's plan uses the named index and no statement of the page reads
all referrals. Printed: the page's wall time (Django's plain WSGI handler, as
a server runs it), its statements' execution time as the database measures
it (EXPLAIN ANALYZE, summed) and the main statement's alone (target < 150 ms).
"""

import json
import time
from dataclasses import dataclass, field

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.db.models import Count, F
from django.test import Client, RequestFactory

from cases.models import Referral
from cases.referrals import selectors as referral_selectors
from cases.referrals.views import PAGE_SIZE as REFERRAL_PAGE
from facilities import selectors as facility_selectors
from facilities.models import Facility
from facilities.views import PAGE_SIZE as FACILITY_PAGE
from socialwork.accounts.models import User
from socialwork.areas.selectors import portal_province
from tests.bench.conftest import report
from tests.explain import assert_uses_index
from tests.facilities.factories import FacilityStaffUserFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@dataclass
class Page:
    statements: list[tuple[str, object]] = field(default_factory=list)
    rows: int = 0

    @property
    def queries(self) -> int:
        return len(self.statements)


def _analyze(sql: str, params) -> tuple[float, float, str]:
    """(execution ms, planning ms, JSON plan) of one statement, as the server runs it."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        document = cursor.fetchone()[0]
    if isinstance(document, str):
        document = json.loads(document)
    return document[0]["Execution Time"], document[0]["Planning Time"], json.dumps(document)


def _main(queryset) -> tuple[float, str]:
    """The main statement's execution ms and plan (the planner free to choose)."""
    ms, _planning, text = _analyze(*queryset.query.sql_with_params())
    return ms, text


def _page(user, path: str, name: str, **params) -> Page:
    """Request the page; print its wall time, query count, rows and the
    server time of its statements. No statement may read all referrals."""
    client = Client()
    client.force_login(user)
    client.get(path, params)  # warm up: URL conf, templates, session
    page = Page()

    def recorded(execute, sql, sql_params, many, context):
        page.statements.append((sql, sql_params))
        return execute(sql, sql_params, many, context)

    # Recorded at the driver: the request resets Django's own query log.
    with connection.execute_wrapper(recorded):
        response = client.get(path, params)
    assert response.status_code == 200
    page.rows = len(response.context["page"].object_list)
    executing = planning = 0.0
    for sql, sql_params in page.statements:
        if sql.lstrip().upper().startswith("SELECT"):
            ms, planned, text = _analyze(sql, sql_params)
            assert ("Seq Scan", "cases_referral") not in [s[:2] for s in _scans(text)], text
            executing += ms
            planning += planned
    report(
        f"{name} page",
        seconds=_wall(client, path, params),
        server_ms=round(executing, 1),
        planning_ms=round(planning, 1),
        queries=page.queries,
        rows=page.rows,
        **{k: str(v) for k, v in params.items()},
    )
    return page


def _scans(plan_json: str) -> list[tuple[str, str | None, str | None, str]]:
    """(node type, relation, index, index condition) of every scan in a plan,
    subplans included (a bitmap index scan names no relation)."""
    found = []

    def walk(node):
        if "Relation Name" in node or "Index Name" in node:
            found.append(
                (
                    node["Node Type"],
                    node.get("Relation Name"),
                    node.get("Index Name"),
                    node.get("Index Cond", ""),
                )
            )
        for child in node.get("Plans", []):
            walk(child)

    walk(json.loads(plan_json)[0]["Plan"])
    return found


def _wall(client: Client, path: str, params: dict) -> float:
    """The median of three requests through Django's plain WSGI handler: the
    test client's own work (it copies every template context) would double it."""
    request = RequestFactory().get(
        path, params, HTTP_COOKIE=client.cookies.output(header="", sep=";")
    )
    status, times = [], []
    # As the test client does: the test's transaction outlives the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        for _ in range(3):
            started = time.monotonic()
            body = WSGIHandler()(request.environ, lambda code, headers: status.append(code))
            b"".join(body)
            times.append(time.monotonic() - started)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert set(status) == {"200 OK"}
    return sorted(times)[1]


@pytest.fixture
def busiest_facility(bench_province):
    """The facility with portal users that has the most referrals on its desk."""
    row = (
        Referral.objects.filter(
            status__in=referral_selectors.INBOX_STATUSES, to_facility__has_portal_users=True
        )
        .values("to_facility")
        .annotate(n=Count("id"))
        .order_by("-n", "to_facility")
        .first()
    )
    return Facility.objects.get(pk=row["to_facility"])


def test_facility_inbox(busiest_facility):
    staff = FacilityStaffUserFactory(facility=busiest_facility)
    queryset = referral_selectors.referral_inbox(actor=staff)
    waiting = queryset.count()
    assert waiting > REFERRAL_PAGE
    last = (waiting - 1) // REFERRAL_PAGE + 1
    full = _page(staff, "/cases/referrals/inbox/", "facility inbox, first")
    short = _page(staff, "/cases/referrals/inbox/", "facility inbox, last", page=last)
    assert full.queries == short.queries
    # The last page holds the remainder (a full page when the count divides evenly).
    assert (full.rows, short.rows) == (REFERRAL_PAGE, waiting - (last - 1) * REFERRAL_PAGE)
    first_page = queryset[:REFERRAL_PAGE]
    assert_uses_index(first_page, "cases_referral_inbox")
    ms, text = _main(first_page)
    assert "cases_referral_inbox" in [scan[2] for scan in _scans(text)], text
    report("facility inbox, first page (server)", seconds=ms / 1000, waiting=waiting)


def test_sender_list(bench_province):
    # As the sender sees them: a collaborator's list is scoped to their commune.
    row = (
        Referral.objects.filter(commune=F("sender__area"))
        .values("sender")
        .annotate(n=Count("id"))
        .order_by("-n", "sender")
        .first()
    )
    sender = User.objects.select_related("area").get(pk=row["sender"])
    queryset = referral_selectors.referral_sent(actor=sender)
    sent = queryset.count()
    assert sent > REFERRAL_PAGE
    last = (sent - 1) // REFERRAL_PAGE + 1
    full = _page(sender, "/cases/referrals/", "sender's referrals, first")
    short = _page(sender, "/cases/referrals/", "sender's referrals, last", page=last)
    assert full.queries == short.queries
    assert (full.rows, short.rows) == (REFERRAL_PAGE, sent - (last - 1) * REFERRAL_PAGE)
    first_page = queryset[:REFERRAL_PAGE]
    assert_uses_index(first_page, "cases_referral_sender")
    # Left free, the planner may AND the sender's and the commune's foreign-key
    # indexes instead: either way it reads only this sender's referrals.
    ms, text = _main(first_page)
    assert any("sender_id" in scan[3] for scan in _scans(text)), text
    report("sender's referrals, first page (server)", seconds=ms / 1000, sent=sent)


def test_network_overview(bench_province):
    department = UserFactory(area=portal_province())
    queryset = facility_selectors.facility_list(actor=department)
    units = queryset.count()
    assert units > FACILITY_PAGE
    full = _page(department, "/facilities/", "network overview, first")
    short = _page(department, "/facilities/", "network overview, social work centres",
                  kind="social_work_centre")  # fmt: skip
    assert full.queries == short.queries
    assert full.rows == FACILITY_PAGE > short.rows
    first_page = queryset[:FACILITY_PAGE]
    ms, text = _main(first_page)
    # Each unit's open and overdue referrals are counted from the inbox index alone.
    referrals = [scan[:3] for scan in _scans(text) if scan[1] == "cases_referral"]
    assert referrals == [("Index Only Scan", "cases_referral", "cases_referral_inbox")] * 2, text
    assert any(row.open_referrals for row in first_page)
    report("network overview, first page (server)", seconds=ms / 1000, units=units)
