"""Reads on import jobs, always scoped to the user (another's job is a 404)."""

from django.core.paginator import Page, Paginator
from django.shortcuts import get_object_or_404

from socialwork.accounts.scoping import get_scoped_or_404, scope_for

from .models import ExportJob, ImportJob, ImportRow


def import_job_get(*, actor, job_id: int) -> ImportJob:
    return get_object_or_404(
        scope_for(ImportJob.objects.select_related("created_by"), actor), pk=job_id
    )


def import_job_list(*, actor, kind: str | None = None):
    queryset = scope_for(ImportJob.objects.all(), actor)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def import_row_errors(*, actor, job: ImportJob, page: int | str = 1, per_page: int = 100) -> Page:
    """The job's invalid rows, a page at a time (two queries whatever the size)."""
    rows = scope_for(ImportRow.objects.filter(job=job), actor).filter(
        status=ImportRow.Status.INVALID
    )
    rows = rows.only("id", "row_number", "errors", "data").order_by("row_number")
    return Paginator(rows, per_page).get_page(page)


def export_job_get(*, actor, job_id: int, request=None) -> ExportJob:
    """One of the actor's own exports (anyone else's is a 404, logged)."""
    return get_scoped_or_404(
        ExportJob.objects.filter(created_by=actor), actor, request=request, pk=job_id
    )


def export_job_list(*, actor):
    """The actor's own exports, newest first."""
    return scope_for(ExportJob.objects.filter(created_by=actor), actor)


def import_row_warnings(*, actor, job: ImportJob, limit: int = 200) -> list[ImportRow]:
    """Rows that pass but carry a soft warning (imported unless fixed), first `limit`."""
    rows = scope_for(ImportRow.objects.filter(job=job), actor).exclude(warnings=[])
    rows = rows.exclude(status=ImportRow.Status.INVALID)
    return list(rows.only("id", "row_number", "warnings").order_by("row_number")[:limit])
