"""Celery tasks for imports and exports: thin, idempotent, they call the services.

Each carries its job's token (socialwork.jobs): an older copy of a message
does nothing. A run that loses its database hands the job back to the sweep.
"""

from typing import TypedDict

from celery import shared_task

from socialwork.jobs import durable

from . import services
from .models import ExportJob, ImportJob


class _Options(TypedDict):
    acks_late: bool
    reject_on_worker_lost: bool


_COMMON: _Options = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(**_COMMON)
def import_validate(job_id: int, token: int | None = None) -> None:
    try:
        services.import_job_validate(job_id=job_id, token=token)
    except durable.CONNECTION_ERRORS:
        durable.release(ImportJob, job_id, token)
        raise


@shared_task(**_COMMON)
def import_commit(job_id: int, actor_id: int, token: int | None = None) -> None:
    try:
        services.import_job_commit(job_id=job_id, actor_id=actor_id, token=token)
    except durable.CONNECTION_ERRORS:
        durable.release(ImportJob, job_id, token)
        raise


@shared_task(**_COMMON)
def export_build(job_id: int, token: int | None = None) -> None:
    from . import exporting  # exporting imports tasks: import late

    try:
        exporting.export_job_build(job_id=job_id, token=token)
    except durable.CONNECTION_ERRORS:
        durable.release(ExportJob, job_id, token)
        raise
