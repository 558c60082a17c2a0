"""Operations tasks: thin, idempotent."""

from celery import shared_task

from . import backups


@shared_task(acks_late=True, time_limit=60 * 100, soft_time_limit=60 * 95)
def backup_nightly() -> None:
    """The nightly encrypted backup, keeping settings.BACKUP_KEEP copies.
    Running it twice in a night only makes one more copy, and the oldest goes.
    Its time limit stays under Redis's visibility timeout (2 h), or a long
    backup would be handed to a second worker while it runs."""

    backups.backup_create()
