"""Is a worker running tasks? Send a trivial task and wait until a pool
process has run it (not `inspect ping`: a worker whose pool is wedged still
answers that).

    from socialwork.workers.health import check_worker
    result = check_worker(timeout=10)
    result.ok, result.message, result.seconds, result.worker

The task answers with a PostgreSQL NOTIFY (socialwork/workers/tasks.py), which
this function receives on a connection of its own: no table to fill, no
result backend, and nothing of the caller's transaction is touched.
"""

from __future__ import annotations

import json
import select
import time
import uuid
from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext as _

from .tasks import CHANNEL, ping


@dataclass(frozen=True)
class WorkerCheck:
    ok: bool
    #: What happened, translated, for a page or a terminal.
    message: str
    #: From sending the task to its answer (or to giving up).
    seconds: float
    #: The worker's node name ("celery@host") and the pool process that ran it.
    worker: str = ""
    pid: int | None = None
    #: A short machine word for /healthz and logs: "database", "broker unreachable", "no answer".
    problem: str = ""


def check_worker(*, timeout: float = 10.0, queue: str | None = None) -> WorkerCheck:
    """Send the ping task (to `queue`, else the default queue) and wait up to
    `timeout` seconds for a pool process to run it. Never raises for a broker
    or database that is down: that is a failed check with its reason (an
    unreachable Redis takes the client's own retries first, a few seconds)."""
    started = time.monotonic()
    token = uuid.uuid4().hex

    def result(ok: bool, message: str, **answer) -> WorkerCheck:
        return WorkerCheck(ok, message, round(time.monotonic() - started, 3), **answer)

    try:
        listener = connection.get_new_connection(connection.get_connection_params())
    except Exception:  # psycopg2.OperationalError and kin: the reason is the database
        return result(
            False,
            _("Không kết nối được cơ sở dữ liệu để chờ tác vụ kiểm tra."),
            problem="database",
        )
    try:
        listener.autocommit = True
        with listener.cursor() as cursor:
            # Before sending: a worker may answer within milliseconds.
            cursor.execute(f"LISTEN {CHANNEL}")  # a constant identifier, no value
        options = {"expires": max(timeout, 1.0), "retry": False}
        if queue:
            options["queue"] = queue
        try:
            # expires: a check nobody answered in time is not run later.
            ping.apply_async((token,), **options)
        except Exception:  # kombu's OperationalError, a socket error…
            return result(
                False,
                _("Không gửi được tác vụ kiểm tra: hàng đợi không phản hồi."),
                problem="broker unreachable",
            )
        deadline = started + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            select.select([listener], [], [], remaining)
            listener.poll()
            while listener.notifies:
                answer = json.loads(listener.notifies.pop(0).payload)
                if answer.get("token") == token:
                    return result(
                        True,
                        _("%(worker)s đã chạy tác vụ kiểm tra sau %(seconds).2f giây.")
                        % {"worker": answer["worker"], "seconds": time.monotonic() - started},
                        worker=answer["worker"],
                        pid=answer["pid"],
                    )
        return result(
            False,
            _("Không có tiến trình xử lý nền nào chạy tác vụ kiểm tra trong %(timeout)g giây.")
            % {"timeout": timeout},
            problem="no answer",
        )
    finally:
        listener.close()
