"""Operations tasks: thin, idempotent."""

import socket

from celery import shared_task

from . import services

WORKER = "worker"


@shared_task(ignore_result=True, acks_late=False)
def probe_worker(token: str) -> None:
    """Answer a health probe: proves a worker took a message off the queue
    and reached the database (a ping proves neither)."""
    services.heartbeat_record(name=WORKER, token=token, hostname=socket.gethostname())


@shared_task(acks_late=True, time_limit=60 * 100, soft_time_limit=60 * 95)
def backup_nightly() -> None:
    """The nightly encrypted backup, keeping settings.BACKUP_KEEP copies.
    Running it twice in a night only makes one more copy, and the oldest goes.
    Its time limit stays under Redis's visibility timeout (2 h), or a long
    backup would be handed to a second worker while it runs."""
    from . import backups

    backups.backup_create()
