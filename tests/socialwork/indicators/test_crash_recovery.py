"""Crash recovery with a real worker and a real broker (tests/celery_harness.py):
the filesystem broker by default, Redis when CELERY_BROKER_URL points at one
(CI runs the suite once with each, so each fault test runs once per broker).

The worker sleeps INDICATORS_TEST_STEP_DELAY seconds after each indicator (a
test-only setting read by the service), so the run can be killed half-way.
"""

import datetime
import os
import signal
import time
import uuid

import pytest
from django.db import connection

from socialwork.indicators import services, tasks
from socialwork.indicators.models import ComputationRun, IndicatorValue
from socialwork.indicators.periods import year_period
from socialwork.workers.health import check_worker
from tests.celery_harness import broker, pool_children, wait_for, worker

# serialized_rollback: the migrations' seeded rows come back for the tests after.
pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

STEP_DELAY = "0.4"
WORKER_ENV = {"INDICATORS_TEST_STEP_DELAY": STEP_DELAY, "INDICATOR_PERIOD_MODE": "calendar"}


def _private_queue() -> str:
    """A queue of this test's own: on Redis a message orphaned by the killed
    worker comes back (after the visibility timeout) to this queue, which no
    later test's worker reads, never to the shared "celery" queue."""
    return f"indicators-crash-{uuid.uuid4().hex[:12]}"


def _snapshot() -> list[tuple]:
    return list(
        IndicatorValue.objects.filter(period_kind="year", period_start="2025-01-01")
        .order_by("pk")
        .values_list(
            "pk", "code", "breakdown", "unit_id", "numerator", "denominator", "value", "run_id"
        )
    )


def _run_status(run_id: int) -> ComputationRun:
    return ComputationRun.objects.get(pk=run_id)


def _job_lock_released() -> bool:
    """No backend holds the job's advisory lock: the killed process's
    transaction has been rolled back by PostgreSQL."""
    key = services.ADVISORY_LOCK_KEY
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
            " AND classid = %s AND objid = %s AND objsubid = 1"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))",
            [key >> 32, key & 0xFFFFFFFF],
        )
        return cursor.fetchone()[0]


def _kill_half_way(process, run: ComputationRun) -> int:
    """Wait until the run has done two indicators (so it holds its transaction
    open, mid-way), then SIGKILL the pool process running it."""
    wait_for(lambda: _run_status(run.pk).done_steps >= 2, timeout=30, interval=0.05)
    assert _run_status(run.pk).done_steps < run.total_steps, "the run finished before the kill"
    children = pool_children(process)
    assert len(children) == 1
    os.kill(children[0], signal.SIGKILL)
    return children[0]


def test_killed_pool_process_keeps_the_snapshot_and_the_message_is_redelivered(
    small_province, tmp_path
):
    period = year_period(2025)
    previous_run = services.indicators_compute(period=period)
    before = _snapshot()
    assert before and {row[-1] for row in before} == {previous_run.pk}

    run = services.run_create(period=period)
    queue = _private_queue()
    with broker(tmp_path) as env, worker({**env, **WORKER_ENV}, queue=queue) as process:
        tasks.indicators_compute.apply_async((period.key, None, run.pk), queue=queue)
        killed = _kill_half_way(process, run)
        wait_for(_job_lock_released, timeout=10, interval=0.05)
        # The dead process's transaction is rolled back: readers still see the
        # previous snapshot, row for row.
        assert _snapshot() == before
        # acks_late + reject_on_worker_lost: the message goes back to the queue,
        # a fresh pool process takes it and redoes the run on the same row.
        wait_for(lambda: _run_status(run.pk).status == "done", timeout=45)
        assert killed not in pool_children(process)

    run.refresh_from_db()
    assert run.done_steps == run.total_steps and run.rows == len(before)
    after = _snapshot()
    assert {row[-1] for row in after} == {run.pk}
    # Same figures as before the crash (nothing changed in the register).
    assert sorted(row[1:-1] for row in after) == sorted(row[1:-1] for row in before)
    assert ComputationRun.objects.filter(status="started").count() == 0


def test_a_whole_worker_killed_is_caught_up_from_the_run_table(small_province, tmp_path):
    """A worker killed as a whole (main process and pool) may take the message
    with it (the filesystem broker has already moved it out of the queue): the
    run stays 'started'. Once past its time limit, the catch-up task (the
    beat's job) marks it failed and redoes the period."""
    period = year_period(2025)
    services.indicators_compute(period=period)
    before = _snapshot()

    run = services.run_create(period=period)
    queue = _private_queue()
    with broker(tmp_path) as env, worker({**env, **WORKER_ENV}, queue=queue) as process:
        tasks.indicators_compute.apply_async((period.key, None, run.pk), queue=queue)
        wait_for(lambda: _run_status(run.pk).done_steps >= 2, timeout=30, interval=0.05)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    wait_for(_job_lock_released, timeout=10, interval=0.05)
    assert _snapshot() == before
    assert _run_status(run.pk).status == "started"

    # Past the time limit (as the next beat tick would find it hours later).
    # (Its message was sent above, straight to the queue: not an outbox run.)
    long_ago = services.stale_before() - datetime.timedelta(hours=1)
    ComputationRun.objects.filter(pk=run.pk).update(started_at=long_ago, sent_at=long_ago)
    # The beat's catch-up tick (run here in-process: the worker is gone).
    tasks.indicators_catch_up.apply(kwargs={"limit": 20}).get()
    assert _run_status(run.pk).status == "failed"
    latest = ComputationRun.objects.filter(period_kind="year", period_start=period.start).latest(
        "pk"
    )
    assert latest.status == "done", latest.error
    after = _snapshot()
    assert {row[-1] for row in after} == {latest.pk}
    assert sorted(row[1:-1] for row in after) == sorted(row[1:-1] for row in before)


def test_a_run_queued_when_the_whole_worker_is_killed_runs_once_on_the_next_worker(
    small_province, tmp_path
):
    """The worker is busy with one run and a second waits on the broker
    (prefetch 1, acks_late): a SIGKILL of the whole worker leaves the waiting
    message where it is, and the next worker runs it, once."""
    period = year_period(2025)
    services.indicators_compute(period=period)
    before = _snapshot()

    busy = services.run_create(period=period)
    waiting = services.run_create(period=period)
    queue = _private_queue()
    with broker(tmp_path) as env:
        with worker({**env, **WORKER_ENV}, queue=queue) as process:
            tasks.indicators_compute.apply_async((period.key, None, busy.pk), queue=queue)
            wait_for(lambda: _run_status(busy.pk).done_steps >= 1, timeout=30, interval=0.05)
            tasks.indicators_compute.apply_async((period.key, None, waiting.pk), queue=queue)
            wait_for(lambda: _run_status(busy.pk).done_steps >= 2, timeout=30, interval=0.05)
            assert _run_status(busy.pk).done_steps < busy.total_steps, "finished before the kill"
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        # Not started by the killed worker, and PostgreSQL has rolled back the
        # busy run's session (else the next run would wait for its lock).
        assert _run_status(waiting.pk).celery_task_id == ""
        wait_for(_job_lock_released, timeout=10, interval=0.05)
        assert _snapshot() == before

        with worker({**env, **WORKER_ENV}, queue=queue):
            wait_for(lambda: _run_status(waiting.pk).status == "done", timeout=45)
            finished_at = _run_status(waiting.pk).finished_at
            # A second delivery of the run would be taken before this check
            # (one process, one message at a time, in order) and would redo
            # the run: its finish time would change.
            assert check_worker(timeout=20, queue=queue).ok
            assert _run_status(waiting.pk).finished_at == finished_at

    waiting.refresh_from_db()
    assert waiting.done_steps == waiting.total_steps and waiting.rows == len(before)
    after = _snapshot()
    assert {row[-1] for row in after} == {waiting.pk}
    assert sorted(row[1:-1] for row in after) == sorted(row[1:-1] for row in before)
    # The busy run's message went with the worker (the filesystem broker had
    # taken it off the queue; Redis returns it after the visibility timeout):
    # the run table keeps it as started, for the catch-up (test above).
    assert _run_status(busy.pk).status == "started"


def test_a_database_outage_mid_run_is_redone_once_the_database_is_back(
    small_province, tmp_path, settings, department
):
    """The worker's database goes away for 15 s half-way through a run (a TCP
    proxy the test cuts, never the shared server). The run's transaction dies
    with its connection, readers keep the previous snapshot; once the database
    is back, the jobs sweep (the beat's, run here in-process) sends the run
    again and it is done once, on the same row, with the same figures."""
    from socialwork.celery_app import app
    from socialwork.jobs.tasks import jobs_sweep
    from tests.socialwork.operations.tcp_proxy import TcpProxy

    period = year_period(2025)
    services.indicators_compute(period=period)
    before = _snapshot()
    db = connection.settings_dict
    host = db.get("HOST") or db.get("OPTIONS", {}).get("host") or ""
    proxy = TcpProxy(host, int(db.get("PORT") or db.get("OPTIONS", {}).get("port") or 5432))
    through_proxy = f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}"
    settings.JOBS_STALE_AFTER = 5  # seconds without a sign of life: lost (300 in production)
    queue = _private_queue()
    default_queue = app.conf.task_default_queue
    try:
        with (
            broker(tmp_path) as env,
            worker({**env, **WORKER_ENV}, queue=queue, env={"DATABASE_URL": through_proxy}),
        ):
            app.conf.task_default_queue = queue
            run = services.run_request(period=period, actor=department)
            wait_for(lambda: _run_status(run.pk).done_steps >= 2, timeout=60, interval=0.05)
            proxy.cut()
            try:
                wait_for(_job_lock_released, timeout=20, interval=0.1)
                assert _snapshot() == before  # the half-done run left nothing
                time.sleep(15)
            finally:
                proxy.restore()
            # The beat's next tick: the interrupted run goes out again.
            wait_for(
                lambda: jobs_sweep.apply().get() and _run_status(run.pk).status == "done",
                timeout=90,
                interval=2,
            )
    finally:
        app.conf.task_default_queue = default_queue
        proxy.close()

    run.refresh_from_db()
    assert run.attempts >= 2 and run.done_steps == run.total_steps
    assert ComputationRun.objects.filter(period_start=period.start, status="done").count() == 2
    after = _snapshot()
    assert {row[-1] for row in after} == {run.pk}
    assert sorted(row[1:-1] for row in after) == sorted(row[1:-1] for row in before)
