"""Health checks: the database, the broker, beat's heartbeat, a worker.

Each check returns a `Check` and never raises: /healthz and the operations
page show what failed instead of failing themselves."""

from __future__ import annotations

import dataclasses
import datetime
import time
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from socialwork.workers.health import check_worker as probe

from .beat import BEAT
from .models import Heartbeat

QUEUE = "celery"


@dataclasses.dataclass
class Check:
    name: str
    ok: bool
    # A short machine word for /healthz ("refused", "stale"…), never a message
    # from a driver (it can name hosts and users).
    problem: str = ""
    ms: float = 0.0
    age_seconds: float | None = None
    queued: int | None = None
    hostname: str = ""

    def as_json(self) -> dict:
        data: dict = {"ok": self.ok, "ms": round(self.ms, 1)}
        if self.problem:
            data["problem"] = self.problem
        if self.age_seconds is not None:
            data["age_seconds"] = round(self.age_seconds)
        if self.queued is not None:
            data["queued"] = self.queued
        return data


def beat_stale_after() -> int:
    return settings.OPERATIONS_BEAT_STALE_AFTER


def check_database() -> Check:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return Check("database", False, "unreachable", _ms(started))
    return Check("database", True, ms=_ms(started))


def check_broker(*, timeout: float = 3.0) -> Check:
    """Connect to the broker and read the default queue's length."""
    from socialwork.celery_app import app

    started = time.monotonic()
    if app.conf.broker_url.startswith("filesystem"):
        folder = (app.conf.broker_transport_options or {}).get("data_folder_in", "")
        if not folder or not Path(folder).is_dir():
            return Check("broker", False, "queue folder missing", _ms(started))
    try:
        with app.connection_for_write(connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
            queued = _queue_length(conn)
    except Exception:  # every transport raises its own errors
        return Check("broker", False, "unreachable", _ms(started))
    return Check("broker", True, ms=_ms(started), queued=queued)


def _queue_length(conn) -> int | None:
    try:
        _, count, _ = conn.default_channel.queue_declare(queue=QUEUE, passive=True)
    except Exception:  # a queue nobody declared yet holds nothing
        return None
    return count


def check_beat() -> Check:
    started = time.monotonic()
    try:
        beat = Heartbeat.objects.filter(name=BEAT).first()
    except DatabaseError:
        return Check("beat", False, "unknown (database)", _ms(started))
    if beat is None:
        return Check("beat", False, "never seen", _ms(started))
    age = (timezone.now() - beat.at).total_seconds()
    ok = age <= beat_stale_after()
    return Check(
        "beat",
        ok,
        "" if ok else "stale",
        _ms(started),
        age_seconds=max(age, 0.0),
        hostname=beat.hostname,
    )


def check_worker(*, timeout: float = 8.0) -> Check:
    """A trivial task run end to end by a worker's pool process
    (socialwork.workers.health: a ping would not prove the pool runs)."""
    result = probe(timeout=timeout)
    return Check("worker", result.ok, result.problem, result.seconds * 1000, hostname=result.worker)


def healthz() -> tuple[bool, dict]:
    """The load balancer's view: database, broker, beat. Cheap: one SELECT,
    one broker connection, one row read."""
    checks = [check_database(), check_broker(timeout=2.0), check_beat()]
    healthy = all(c.ok for c in checks)
    body = {
        "status": "ok" if healthy else "fail",
        "failed": [c.name for c in checks if not c.ok],
        "checks": {c.name: c.as_json() for c in checks},
        "time": timezone.now().isoformat(timespec="seconds"),
    }
    return healthy, body


def _ms(started: float) -> float:
    return (time.monotonic() - started) * 1000


def age(at: datetime.datetime | None) -> datetime.timedelta | None:
    return None if at is None else timezone.now() - at
