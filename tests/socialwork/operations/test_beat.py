"""Beat's scheduler records a heartbeat on its own loop, and survives a
database it cannot reach."""

import pytest
from django.db import connection

from socialwork.celery_app import app
from socialwork.operations import beat
from socialwork.operations.models import Heartbeat


@pytest.fixture
def scheduler(tmp_path):
    s = beat.HeartbeatScheduler(app=app, schedule_filename=str(tmp_path / "schedule"), lazy=True)
    yield s
    s.close()


@pytest.mark.django_db(transaction=True)
def test_each_loop_of_beat_records_its_heartbeat(scheduler):
    scheduler.setup_schedule()
    scheduler.tick()
    first = Heartbeat.objects.get(name=beat.BEAT)
    assert first.hostname
    scheduler._last_heartbeat -= beat.HEARTBEAT_EVERY + 1
    scheduler.tick()
    assert Heartbeat.objects.get(name=beat.BEAT).at > first.at


def test_beat_wakes_often_enough_to_keep_its_heartbeat_fresh(settings, scheduler):
    assert scheduler.max_interval <= beat.MAX_LOOP_INTERVAL
    assert beat.MAX_LOOP_INTERVAL * 2 < settings.OPERATIONS_BEAT_STALE_AFTER
    assert settings.CELERY_BEAT_SCHEDULER == "socialwork.operations.beat:HeartbeatScheduler"


@pytest.mark.django_db(transaction=True)
def test_a_database_outage_does_not_stop_beat(scheduler, monkeypatch):
    scheduler.setup_schedule()
    db = connection.settings_dict
    options = db.setdefault("OPTIONS", {})
    original = db.get("PORT"), db.get("HOST"), dict(options)
    connection.close()
    options.pop("host", None)
    options.pop("port", None)
    db["HOST"], db["PORT"] = "127.0.0.1", "1"  # nothing listens there
    try:
        assert scheduler.tick() >= 0  # logged, not raised
        assert scheduler._heartbeat_failing
    finally:
        db["PORT"], db["HOST"] = original[0], original[1]
        options.clear()
        options.update(original[2])
        connection.close()
    scheduler._last_heartbeat = 0
    scheduler.tick()
    assert not scheduler._heartbeat_failing
    assert Heartbeat.objects.filter(name=beat.BEAT).exists()


@pytest.mark.django_db(transaction=True)
def test_a_real_beat_process_keeps_its_heartbeat(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    from socialwork.operations import health
    from tests.celery_harness import ROOT, broker, database_url, wait_for

    with broker(tmp_path) as env:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "socialwork", "beat", "--loglevel=INFO"]
            + ["--schedule", str(tmp_path / "beat-schedule")],
            cwd=ROOT,
            env={
                **os.environ,
                **env,
                "DATABASE_URL": database_url(),
                "DJANGO_SETTINGS_MODULE": "socialwork.settings.base",
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            wait_for(lambda: Heartbeat.objects.filter(name=beat.BEAT).exists(), timeout=90)
            assert health.check_beat().ok
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            output, _ = process.communicate(timeout=30)
            print(output[-3000:])
