"""The indicator job on a generated province, against the bare SQL.

    BENCH_PEOPLE=20000 ./scripts/test tests/bench/test_indicators.py -m bench -s

Prints: the full recompute of all indicators for all communes (a year and a
month); the job against the bare SQL; the dashboard answered from snapshots.
Asserts query counts and completeness, never time.

How the comparison is made fair:
- "bare" is, for each indicator, the very statements its computation sends
  (captured with their parameters bound), run again on the same connection
  and fetched (fetchall), as the job fetches them: no Python beyond that;
- both sides are warm (the job has run twice before) and measured in the
  same rounds, interleaved, so load from other processes on the two cores
  hits both alike; the totals are each side's best whole round of ROUNDS
  (a sum of per-statement bests would flatter either side), the rows per
  indicator the best of each;
- the job is the whole service call, bookkeeping included: run row, lock,
  progress steps, period-lock checks, denominators, the snapshot swap
  (DELETE + INSERT of every row) and its commit;
- per indicator, the job's step is timed inside the job: from the call of
  the indicator's computation to the end of its progress step (statement,
  fetch, rows built, entered denominators read, progress written when due).
  What is left of the job's time is its fixed part, paid once per run
  whatever the number of indicators, and reported on its own.
"""

import dataclasses
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
ROUNDS = 5
# Run row, locks, period checks, communes, swap, commit mode (see the service),
# and the durable job's claim: the run counts its attempt (socialwork/jobs).
FIXED_STATEMENTS = 18


@pytest.fixture
def _calendar(settings):
    settings.INDICATOR_PERIOD_MODE = "calendar"


def _bare_seconds(statements: list[str]) -> float:
    """The statements run and fetched once, on the job's connection."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()
    return time.monotonic() - started


def _timed_job(indicators, monkeypatch) -> tuple[float, dict[str, float]]:
    """One full run; its wall time and each indicator's step inside it."""
    began: dict[str, float] = {}
    steps: dict[str, float] = {}
    order = [i.code for i in indicators]

    def timed(indicator):
        def compute(ctx):
            began[indicator.code] = time.monotonic()
            return indicator.compute(ctx)

        return dataclasses.replace(indicator, compute=compute)

    real_step = services._Progress.step

    def step(self, done):
        real_step(self, done)
        steps[order[done - 1]] = time.monotonic() - began[order[done - 1]]

    wrapped = [timed(i) for i in indicators]
    monkeypatch.setattr(services, "_indicators_for", lambda period: wrapped)
    monkeypatch.setattr(services._Progress, "step", step)
    started = time.monotonic()
    run = services.indicators_compute(period=YEAR)
    elapsed = time.monotonic() - started
    monkeypatch.undo()
    assert run.status == "done"
    return elapsed, steps


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
    # A fixed number of statements per run, whatever the number of rows:
    # per indicator its statement, its progress step when due and, where the
    # department enters the denominator, the read of those figures.
    with CaptureQueriesContext(connection) as captured:
        services.indicators_compute(period=YEAR)
    entered = sum(1 for i in indicators if i.denominator != catalogue.DENOMINATOR_REGISTER)
    progress = sum(
        1
        for q in captured
        if q["sql"].startswith('UPDATE "indicators_computationrun" SET "done_steps"')
    )
    fixed = len(captured) - len(indicators) - progress - entered
    report("indicators: statements per run", total=len(captured), fixed=fixed)
    assert fixed == FIXED_STATEMENTS

    # The job's fixed bookkeeping with no indicator at all.
    monkeypatch.setattr(services, "_indicators_for", lambda period: [])
    with measured("indicators: job bookkeeping alone (no indicator)"):
        services.indicators_compute(period=YEAR)
    monkeypatch.undo()

    ctx = queries.QueryContext(period=YEAR, province_id=province.pk)
    statements = {}
    for indicator in indicators:
        with CaptureQueriesContext(connection) as captured:
            indicator.compute(ctx)
        statements[indicator.code] = [q["sql"] for q in captured.captured_queries]

    job = fixed = total_bare = float("inf")
    steps = {i.code: float("inf") for i in indicators}
    bare = {i.code: float("inf") for i in indicators}
    for _round in range(ROUNDS):
        elapsed, round_steps = _timed_job(indicators, monkeypatch)
        job = min(job, elapsed)
        fixed = min(fixed, elapsed - sum(round_steps.values()))
        round_bare = 0.0
        for code, sql in statements.items():
            seconds = _bare_seconds(sql)
            round_bare += seconds
            bare[code] = min(bare[code], seconds)
            steps[code] = min(steps[code], round_steps[code])
        total_bare = min(total_bare, round_bare)

    for indicator in indicators:
        code = indicator.code
        report(
            f"indicator {code}",
            step_ms=round(steps[code] * 1000, 1),
            bare_ms=round(bare[code] * 1000, 1),
            ratio=round(steps[code] / bare[code], 2),
        )
    report(
        "indicators: whole job against the sum of bare statements",
        job_ms=round(job * 1000, 1),
        fixed_ms=round(fixed * 1000, 1),
        bare_ms=round(total_bare * 1000, 1),
        ratio=round(job / total_bare, 2),
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
