"""A real Celery worker for tests: a subprocess on the test database and a
broker of its own (the Redis of CELERY_BROKER_URL, or a filesystem queue in a
temporary folder), never a mock. Used with `transactional_db`, so what the
test writes is committed and the worker sees it."""

from __future__ import annotations

import contextlib
import datetime
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import kombu.pools
from django.conf import settings
from django.db import connection

from socialwork.celery_app import app

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    db = connection.settings_dict
    host = db.get("HOST") or db.get("OPTIONS", {}).get("host", "")
    if host.startswith("/"):
        return f"postgres://{db['USER']}@/{db['NAME']}?host={host}"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


@contextlib.contextmanager
def broker(tmp_path: Path):
    """Point this process's Celery app at the broker the worker will use."""
    original = (app.conf.broker_url, dict(app.conf.broker_transport_options or {}))
    env: dict[str, str] = {}
    if settings.CELERY_BROKER_URL.startswith("redis"):
        env["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
        queue_options = original[1]
    else:
        folder = tmp_path / "broker"
        env["CELERY_BROKER_URL"] = "filesystem://"
        env["CELERY_FILESYSTEM_BROKER_DIR"] = str(folder)
        for sub in ("queue", "processed"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        queue_options = {
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "processed_folder": str(folder / "processed"),
            "store_processed": False,
            "control_folder": str(folder / "control"),
        }
    app.conf.broker_url = env["CELERY_BROKER_URL"]
    app.conf.broker_transport_options = queue_options
    _reset_connections()
    try:
        yield env
    finally:
        app.conf.broker_url, app.conf.broker_transport_options = original
        _reset_connections()


def _reset_connections() -> None:
    # kombu pools connections globally by URL, and every filesystem broker is
    # "filesystem://" whatever its folder: forget them all so the next send uses
    # the folder (or Redis) this test's worker reads.
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


class Output:
    """A subprocess's output, read as it comes (a pipe nobody reads fills up
    and stops the process) and kept for the test to look at."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.lines.append(line)

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def join(self, timeout: float = 10) -> None:
        self._thread.join(timeout)


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    process.output = Output(process)
    return process


def _stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    process.output.join()
    # Shown by pytest when the test fails: what the process said.
    print(process.output.text[-5000:])


def _env(broker_env: dict[str, str], extra: dict[str, str] | None) -> dict[str, str]:
    return {
        **os.environ,
        **broker_env,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "socialwork.settings.base",
        **(extra or {}),
    }


@contextlib.contextmanager
def worker(
    broker_env: dict[str, str],
    *,
    concurrency: int = 1,
    queue: str = "celery",
    env: dict[str, str] | None = None,
):
    """Start `celery worker` as a subprocess; stop it (and its pool) on exit.
    Its output is in `process.output` as it runs."""
    process = _start(
        [
            "-A",
            "socialwork",
            "worker",
            "--loglevel=INFO",
            f"--concurrency={concurrency}",
            "--pool=prefork",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        _env(broker_env, env),
    )
    try:
        yield process
    finally:
        _stop(process)


def fast_schedule(schedule: dict[str, dict], *, every: float, queue: str) -> dict[str, dict]:
    """The portal's beat entries as they are (names, tasks, arguments, options
    such as expires), run every `every` seconds (crontab cannot go below a
    minute) and sent to `queue`, so that only this test's worker takes them."""
    return {
        name: {
            **entry,
            "schedule": datetime.timedelta(seconds=every),
            "options": {**entry.get("options", {}), "queue": queue},
        }
        for name, entry in schedule.items()
    }


@contextlib.contextmanager
def beat(broker_env: dict[str, str], *, schedule_file: Path, queue: str, every: float = 3.0):
    """Start a real `celery beat` on the portal's app with fast_schedule()
    of its BEAT_SCHEDULE (tests/beat_app.py), a schedule file of the test's
    own and a short loop, so it looks at the schedule every second."""
    process = _start(
        ["-A", "tests.beat_app", "beat", "--loglevel=INFO", f"--schedule={schedule_file}"],
        _env(broker_env, {"TEST_BEAT_QUEUE": queue, "TEST_BEAT_EVERY": str(every)}),
    )
    try:
        yield process
    finally:
        _stop(process)


def purge(queue: str) -> None:
    """Drop what is left in a test's own queue (beat keeps sending until it stops)."""
    with app.connection_for_write() as connection, contextlib.suppress(Exception):
        connection.default_channel.queue_purge(queue)


def wait_for(predicate, *, timeout: float = 60.0, interval: float = 0.2):
    """Poll until predicate() is truthy; return its value or fail after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"not done within {timeout:.0f} s")


def pool_children(process: subprocess.Popen) -> list[int]:
    """The pids of the worker's pool processes (children of the main process).
    Every thread's: /proc lists a child under the thread that forked it, and a
    pool may replace a dead child from a thread other than the main one."""
    pids: list[int] = []
    for children in Path(f"/proc/{process.pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):  # a thread that has just ended
            pids += [int(pid) for pid in children.read_text().split()]
    return sorted(pids)
