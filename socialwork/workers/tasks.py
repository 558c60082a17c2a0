"""Tasks of the worker health check: thin, idempotent."""

import json
import os

from celery import shared_task
from django.db import connection

#: The PostgreSQL channel the check listens on (socialwork/workers/health.py).
CHANNEL = "socialwork_worker_check"


@shared_task(bind=True, ignore_result=True)
def ping(self, token: str) -> None:
    """Answer a health check from a pool process: a NOTIFY on the portal's
    database carrying the check's token. Seen by the check, it proves that a
    worker took the message off the broker, a pool process ran it and reached
    the database, which `celery inspect ping` (answered by the main process)
    does not. Running it twice only notifies twice."""
    payload = json.dumps({"token": token, "worker": self.request.hostname, "pid": os.getpid()})
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload])
