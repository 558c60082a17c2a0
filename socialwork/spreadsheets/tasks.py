"""Celery tasks for imports: thin, idempotent, they call the services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def import_validate(job_id: int) -> None:
    services.import_job_validate(job_id=job_id)


@shared_task(acks_late=True)
def import_commit(job_id: int, actor_id: int) -> None:
    services.import_job_commit(job_id=job_id, actor_id=actor_id)
