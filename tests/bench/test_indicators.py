"""The indicator job on a generated province, against the bare SQL.

    BENCH_PEOPLE=20000 ./scripts/test tests/bench/test_indicators.py -m bench -s

Prints: the full recompute of all indicators for all communes (a year and a
month); for each indicator the job's time (run alone, with its bookkeeping:
run row, progress, snapshot swap) against the time PostgreSQL takes for the
same aggregate statement run directly, and the ratio; the dashboard answered
from snapshots. Asserts query counts and completeness, never time.
"""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from socialwork.areas.selectors import portal_province
from socialwork.indicators import catalogue, queries, services
from socialwork.indicators.models import IndicatorValue
from socialwork.indicators.periods import month_period, year_period
from tests.bench.conftest import measured, report
from tests.factories import LeadershipUserFactory

pytestmark = pytest.mark.django_db

YEAR = year_period(2025)


@pytest.fixture
def _calendar(settings):
    settings.INDICATOR_PERIOD_MODE = "calendar"


def _bare_seconds(sql: str, repeat: int = 3) -> float:
    """Best of `repeat` runs of the statement, fetched, as the job fetches it."""
    best = float("inf")
    with connection.cursor() as cursor:
        for _ in range(repeat):
            started = time.monotonic()
            cursor.execute(sql)
            cursor.fetchall()
            best = min(best, time.monotonic() - started)
    return best


def test_full_recompute_and_ratio_to_bare_queries(bench_province, _calendar, monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    province = portal_province()
    communes = len(queries.commune_ids(queries.QueryContext(YEAR, province.pk)))
    indicators = services._indicators_for(YEAR)
    assert len(indicators) == len(catalogue.computable(YEAR.kind))  # every table exists

    with measured("indicators: full recompute, year 2025", communes=communes) as figures:
        run = services.indicators_compute(period=YEAR)
        figures["rows"] = run.rows
    # Every computable indicator has a row for the province and each commune.
    assert IndicatorValue.objects.filter(run=run, breakdown="").values(
        "code", "unit"
    ).count() == len(indicators) * (communes + 1)
    with measured("indicators: full recompute, year 2025, again (warm)") as figures:
        figures["rows"] = services.indicators_compute(period=YEAR).rows
    month = month_period(2025, 6)
    with measured("indicators: full recompute, month 06/2025", communes=communes) as figures:
        figures["rows"] = services.indicators_compute(period=month).rows

    # The job's fixed bookkeeping (run row, progress connection, lock, swap)
    # with no indicator at all: what every run pays whatever its size.
    monkeypatch.setattr(services, "_indicators_for", lambda period: [])
    with measured("indicators: job bookkeeping alone (no indicator)"):
        services.indicators_compute(period=YEAR)

    # Per indicator: the job run for that indicator alone, against its SQL.
    ctx = queries.QueryContext(period=YEAR, province_id=province.pk)
    total_job = total_bare = 0.0
    for indicator in indicators:
        with CaptureQueriesContext(connection) as captured:
            indicator.compute(ctx)
        statements = [q["sql"] for q in captured.captured_queries]
        bare = sum(_bare_seconds(sql) for sql in statements)
        monkeypatch.setattr(services, "_indicators_for", lambda period, i=indicator: [i])
        job = float("inf")
        for _ in range(2):
            started = time.monotonic()
            services.indicators_compute(period=YEAR)
            job = min(job, time.monotonic() - started)
        total_job += job
        total_bare += bare
        report(
            f"indicator {indicator.code}",
            job_ms=round(job * 1000, 1),
            bare_ms=round(bare * 1000, 1),
            ratio=round(job / bare, 2) if bare else "n/a",
        )
    report(
        "indicators: sum over indicators",
        job_ms=round(total_job * 1000, 1),
        bare_ms=round(total_bare * 1000, 1),
        ratio=round(total_job / total_bare, 2),
    )


def test_dashboard_from_snapshots(bench_province, _calendar, client, django_assert_max_num_queries):
    services.indicators_compute(period=YEAR)
    province = portal_province()
    client.force_login(LeadershipUserFactory(area=province))
    url = reverse("indicators:dashboard") + f"?period={YEAR.key}"
    client.get(url)  # warm the template cache
    with django_assert_max_num_queries(12), measured("indicators: dashboard page") as figures:
        response = client.get(url)
        figures["bytes"] = len(response.content)
    assert response.status_code == 200
    code = "CTXH-01"
    with django_assert_max_num_queries(15), measured("indicators: indicator page") as figures:
        response = client.get(reverse("indicators:indicator", args=[code]) + f"?period={YEAR.key}")
    assert response.status_code == 200
