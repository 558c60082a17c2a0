"""Fault tests of durable jobs (socialwork.jobs), through real workers, a real
beat running the schedule's own "jobs-sweep" entry, and the real pages.

The broker is a private redis-server on a free port, started and stopped by
the test (never the machine's Redis). Each test runs once per CI pass, on this
private Redis whatever the pass's broker: what they prove (the outbox, the
sweep bringing back a killed worker's job that Redis would hold for its 2 h
visibility timeout) is the portal's, not the transport's.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

from socialwork.celery_app import app
from socialwork.indicators import services as indicator_services
from socialwork.indicators.models import ComputationRun, IndicatorValue
from socialwork.indicators.periods import year_period
from socialwork.spreadsheets import services as import_services
from socialwork.spreadsheets.models import ImportJob, ImportRow
from tests.celery_harness import ROOT, _reset_connections, database_url, wait_for
from tests.factories import CommuneFactory, UserFactory
from tests.socialwork.spreadsheets import importers  # noqa: F401 (the test importer kinds)
from tests.socialwork.spreadsheets.factories import xlsx_file

pytestmark = [
    pytest.mark.fault,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]

KEPT = "sẽ tự bắt đầu khi bộ xử lý hoạt động trở lại"
# Short enough for a test, long enough that a live worker always beats in time.
JOBS_ENV = {
    "JOBS_STALE_AFTER": "4",
    "JOBS_RESEND_AFTER": "8",
    "JOBS_TEST_SWEEP_EVERY": "2",
    "INDICATOR_PERIOD_MODE": "calendar",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server of the test's own: no persistence, stopped at will."""

    def __init__(self, folder):
        self.port = _free_port()
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, timeout=10, interval=0.05)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def redis(tmp_path):
    server = PrivateRedis(tmp_path / "redis")
    yield server
    server.stop()


@contextlib.contextmanager
def private_broker(redis: PrivateRedis):
    """Point this process's Celery app (the web side) at the private Redis."""
    original = (
        app.conf.broker_url,
        dict(app.conf.broker_transport_options or {}),
        app.conf.broker_transport,
    )
    # Celery reads CELERY_BROKER_URL from the environment before its configuration
    # (CI's Redis pass sets it), and the default pass names the filesystem transport.
    environ = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = redis.url
    app.conf.broker_url = redis.url
    app.conf.broker_transport = None
    app.conf.broker_transport_options = {
        "visibility_timeout": 60 * 60 * 2,
        **django_settings.BROKER_SEND_RETRY,
    }
    # The workers started here inherit the xdist process's key prefix (settings/test.py).
    if prefix := os.environ.get("CELERY_REDIS_KEY_PREFIX"):
        app.conf.broker_transport_options["global_keyprefix"] = prefix
    _reset_connections()
    try:
        yield {"CELERY_BROKER_URL": redis.url}
    finally:
        if environ is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = environ
        app.conf.broker_url, app.conf.broker_transport_options, app.conf.broker_transport = original
        _reset_connections()


@contextlib.contextmanager
def celery(command: str, broker_env: dict, tmp_path, extra_env: dict | None = None):
    """`celery worker` or `celery beat` of tests/socialwork/jobs/worker_app.py."""
    env = {
        **os.environ,
        **broker_env,
        **JOBS_ENV,
        **(extra_env or {}),
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "socialwork.settings.base",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EXPORT_ROOT": str(tmp_path / "exports"),
    }
    args = [sys.executable, "-m", "celery", "-A", "tests.socialwork.jobs.worker_app", command]
    if command == "worker":
        args += ["--concurrency=1", "--pool=prefork", "--without-heartbeat"]
        args += ["--without-gossip", "--without-mingle"]
    else:
        args += ["--schedule", str(tmp_path / f"beat-{time.monotonic_ns()}")]
    process = subprocess.Popen(
        [*args, "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate(timeout=10)
        print(f"--- celery {command} ---\n{(output or '')[-4000:]}")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORT_ROOT = tmp_path / "exports"


@pytest.fixture
def department(province):
    CommuneFactory(parent=province, code="24001")
    return UserFactory(area=province)


def _upload(client):
    rows = [["an", "An", "", "24001", "", ""], ["binh", "Bình", "", "24001", "", ""]]
    return client.post(
        reverse("spreadsheets:upload", args=["test_users"]), {"file": xlsx_file(rows)}
    )


def _job_lock_released() -> bool:
    key = indicator_services.ADVISORY_LOCK_KEY
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
            " AND classid = %s AND objid = %s AND objsubid = 1"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))",
            [key >> 32, key & 0xFFFFFFFF],
        )
        return cursor.fetchone()[0]


def test_broker_down_import_and_recompute_are_kept_and_run_once_it_is_back(
    client, redis, media, department, tmp_path
):
    client.force_login(department)
    with private_broker(redis) as broker_env:  # the server is not started: down
        started = time.monotonic()
        response = _upload(client)
        assert response.status_code == 302  # no 500: the job is kept
        job = ImportJob.objects.get()
        assert response["Location"] == reverse("spreadsheets:job", args=[job.pk])
        assert job.in_outbox and job.status == ImportJob.Status.UPLOADED
        page = client.get(response["Location"]).content.decode()
        assert KEPT in page

        response = client.post(reverse("indicators:recompute"), {"period": "2025"})
        assert response.status_code == 302
        run = ComputationRun.objects.get()
        assert run.in_outbox
        assert KEPT in client.get(response["Location"]).content.decode()
        assert time.monotonic() - started < 10, "a broker outage must not hang the pages"

        redis.start()
        with (
            celery("worker", broker_env, tmp_path),
            celery("beat", broker_env, tmp_path),
        ):
            # The beat's sweep sends both from the outbox within a tick or two.
            wait_for(lambda: ImportJob.objects.get(pk=job.pk).status == "validated", timeout=90)
            wait_for(lambda: ComputationRun.objects.get(pk=run.pk).status == "done", timeout=90)
            # A few more sweeps: nothing is sent again, nothing runs twice.
            time.sleep(5)

    job.refresh_from_db()
    run.refresh_from_db()
    assert (job.status, job.attempts, job.total_rows, job.valid_rows) == ("validated", 1, 2, 2)
    assert ImportRow.objects.filter(job=job).count() == 2
    assert ComputationRun.objects.count() == 1
    assert (run.status, run.attempts) == ("done", 1)
    assert set(IndicatorValue.objects.values_list("run_id", flat=True)) == {run.pk}
    page = client.get(reverse("spreadsheets:job", args=[job.pk])).content.decode()
    assert KEPT not in page and "Nhập 2 dòng hợp lệ" in page


def test_whole_worker_killed_the_sweep_brings_its_jobs_back_once(
    client, redis, media, department, tmp_path
):
    """SIGKILL of the whole worker (main process and pool) with a run half-way
    and an import queued behind it: on Redis the run's message would return
    only after the 2 h visibility timeout; the sweep sends it again within
    seconds here (minutes in production), and both finish once."""
    redis.start()
    slow = {"INDICATORS_TEST_STEP_DELAY": "0.4"}
    with private_broker(redis) as broker_env:
        with celery("worker", broker_env, tmp_path, slow) as first:
            run = indicator_services.run_request(period=year_period(2025), actor=department)
            job = import_services.import_job_create(
                kind="test_users",
                file=xlsx_file([["an", "An", "", "24001", "", ""]]),
                actor=department,
            )
            assert not run.in_outbox
            wait_for(lambda: ComputationRun.objects.get(pk=run.pk).done_steps >= 2, timeout=60)
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
        wait_for(_job_lock_released, timeout=10, interval=0.05)
        run.refresh_from_db()
        assert run.status == "started" and run.done_steps < run.total_steps
        assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.UPLOADED

        client.force_login(department)
        with (
            celery("worker", broker_env, tmp_path, slow),
            celery("beat", broker_env, tmp_path),
        ):
            wait_for(lambda: ComputationRun.objects.get(pk=run.pk).status == "done", timeout=120)
            wait_for(lambda: ImportJob.objects.get(pk=job.pk).status == "validated", timeout=60)
            page = client.get(reverse("indicators:run", args=[run.pk])).content.decode()
            time.sleep(5)  # more sweeps: nothing runs twice

    run.refresh_from_db()
    job.refresh_from_db()
    # Redone on the same row, by the second worker: two starts, one result.
    assert (run.status, run.attempts, run.done_steps) == ("done", 2, run.total_steps)
    assert ComputationRun.objects.count() == 1
    assert set(IndicatorValue.objects.values_list("run_id", flat=True)) == {run.pk}
    assert "Hoàn tất" in page
    assert (job.attempts, job.total_rows) == (1, 1)
    assert ImportRow.objects.filter(job=job).count() == 1
