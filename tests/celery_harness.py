"""A real Celery worker for tests: a subprocess on the test database and a
broker of its own (the Redis of CELERY_BROKER_URL, or a filesystem queue in a
temporary folder), never a mock. Used with `transactional_db`, so what the
test writes is committed and the worker sees it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
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


@contextlib.contextmanager
def worker(broker_env: dict[str, str], *, concurrency: int = 1, queue: str = "celery"):
    """Start `celery worker` as a subprocess; stop it (and its pool) on exit."""
    env = {
        **os.environ,
        **broker_env,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "socialwork.settings.base",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
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
        # Shown by pytest when the test fails: what the worker said.
        print(output[-5000:])


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
