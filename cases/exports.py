"""The register export (people): in the request up to EXPORT_SYNC_MAX_ROWS
rows, a job on the worker above (socialwork.spreadsheets.exporting)."""

from __future__ import annotations

from django.http import QueryDict

from socialwork.accounts.capabilities import require
from socialwork.spreadsheets.exporting import Built, ExportKind, register_export, write_table

from . import selectors
from .scoping import may_filter_sensitive

OBJECT_TYPE = "cases.beneficiary"


def filters_to_params(filters: QueryDict) -> dict:
    """The list's filters as JSON (a QueryDict's lists), for the job row."""
    return {"filters": {key: filters.getlist(key) for key in filters}}


def _build(job, actor, progress) -> Built:
    # Run as the user who asked, in their scope now (a role or area changed
    # since the request narrows the file, never widens it).
    require(actor, "person.export")
    filters = QueryDict(mutable=True)
    for key, values in job.params.get("filters", {}).items():
        filters.setlist(key, values)
    queryset = selectors.beneficiary_list(actor=actor, filters=filters)
    progress.set_total(queryset.count())
    rows, columns = selectors.beneficiary_export_values(
        queryset=queryset, sensitive=may_filter_sensitive(actor)
    )
    content = write_table(rows, columns, fmt=job.fmt, progress=progress)
    return Built(content=content, filename=f"doi-tuong.{job.fmt}", row_count=progress.done)


register_export(ExportKind(key="cases.beneficiaries", object_type=OBJECT_TYPE, build=_build))
