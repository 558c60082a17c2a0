"""Writes on import jobs: upload, validate (stage + check), commit.

- `import_job_create(*, kind, file, actor, options=None) -> ImportJob`: checks
  the file is .xlsx/.csv and not empty (ValidationError otherwise, nothing
  saved), stores it and queues `import_validate` after the commit.
- `import_job_validate(*, job_id) -> ImportJob`: reads the file into the
  staging table in batches (progress in `processed_rows`, each batch its own
  short transaction so a page can poll it), then runs the importer's
  set-based `validate` in one transaction. File-level problems (not a
  spreadsheet, empty, missing required columns, too many rows) end in status
  FAILED with `error_summary`; row problems stay per row. Re-running starts over.
- `import_job_commit_request(*, job, actor)`: queues the commit (the page's button).
- `import_job_commit(*, job_id, actor_id) -> ImportJob`: one transaction that
  calls `Importer.commit` and marks the valid rows imported. Idempotent: a job
  already done is left alone; a failed commit leaves the job VALIDATED, with
  the reason in `error_summary`, and nothing written.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.accounts.models import User

from .importers import get_importer
from .models import ImportJob, ImportRow
from .readers import ImportFileError, read_rows, sniff

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 100_000)


@transaction.atomic
def import_job_create(*, kind: str, file, actor: User, options: dict | None = None) -> ImportJob:
    try:
        importer = get_importer(kind)
    except LookupError:
        raise ValidationError(_("Không có loại dữ liệu nhập này.")) from None
    if not importer.can_upload(actor):
        raise PermissionDenied
    try:
        sniff(file)
    except ImportFileError as exc:
        raise ValidationError(str(exc), code="file") from None
    job = ImportJob(
        kind=kind,
        original_name=(getattr(file, "name", "") or "")[:255],
        created_by=actor,
        area_id=actor.area_id,
        options=options or {},
    )
    job.file.save(job.original_name or "import", file, save=False)
    job.save()
    from . import tasks  # tasks import services: import late

    tasks.import_validate.delay_on_commit(job.pk)
    return job


def _update_job(job_id: int, **fields: Any) -> None:
    # Outside any larger transaction: a polling page sees it at once.
    ImportJob.objects.filter(pk=job_id).update(**fields)


def _fail(job: ImportJob, message: str) -> ImportJob:
    with transaction.atomic():
        ImportRow.objects.filter(job=job).delete()
        job.status = ImportJob.Status.FAILED
        job.error_summary = message
        job.finished_at = timezone.now()
        job.valid_rows = job.invalid_rows = 0
        job.save(
            update_fields=["status", "error_summary", "finished_at", "valid_rows", "invalid_rows"]
        )
    return job


def _stage(job: ImportJob) -> None:
    """Read the file into the staging table; raises ImportFileError."""
    importer = get_importer(job.kind)
    limit = max_rows()
    with job.file.open("rb") as handle:
        rows = read_rows(handle)
        header = next(rows, None)
        if header is None:
            raise ImportFileError(_("Tệp trống: không có dòng nào."))
        index, missing = importer.map_headers(header[1])
        if missing:
            raise ImportFileError(
                _("Thiếu cột bắt buộc: %(columns)s.")
                % {"columns": ", ".join(c.header for c in missing)}
            )
        batch: list[ImportRow] = []
        count = 0
        for number, cells in rows:
            count += 1
            if count > limit:
                raise ImportFileError(
                    _("Tệp có hơn %(limit)s dòng dữ liệu: hãy chia thành nhiều tệp nhỏ hơn.")
                    % {"limit": f"{limit:,}".replace(",", ".")}
                )
            data = {key: (cells[i] if i < len(cells) else "") for key, i in index.items()}
            values, errors = importer.normalise(data)
            batch.append(
                ImportRow(
                    job=job,
                    row_number=number,
                    data=data,
                    normalised=values,
                    errors=errors,
                    status=ImportRow.Status.INVALID if errors else ImportRow.Status.VALID,
                )
            )
            if len(batch) >= BATCH_SIZE:
                ImportRow.objects.bulk_create(batch)
                batch = []
                _update_job(job.pk, processed_rows=count, total_rows=max(count, job.total_rows))
        if batch:
            ImportRow.objects.bulk_create(batch)
        if count == 0:
            raise ImportFileError(_("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."))
        job.total_rows = job.processed_rows = count
        _update_job(job.pk, total_rows=count, processed_rows=count)


def import_job_validate(*, job_id: int) -> ImportJob:
    job = ImportJob.objects.get(pk=job_id)
    if job.status not in (ImportJob.Status.UPLOADED, ImportJob.Status.VALIDATING):
        return job  # already validated (a re-delivered task): nothing to do
    # Start over: a crashed earlier run may have left half the rows.
    ImportRow.objects.filter(job=job).delete()
    job.status = ImportJob.Status.VALIDATING
    job.total_rows = job.processed_rows = 0
    job.error_summary = ""
    job.save(update_fields=["status", "total_rows", "processed_rows", "error_summary"])
    try:
        _stage(job)
    except ImportFileError as exc:
        return _fail(job, str(exc))
    importer = get_importer(job.kind)
    with transaction.atomic():
        importer.validate(job)
        counts = ImportRow.objects.filter(job=job).aggregate(
            valid=Count("id", filter=Q(status=ImportRow.Status.VALID)),
            invalid=Count("id", filter=Q(status=ImportRow.Status.INVALID)),
        )
        job.valid_rows, job.invalid_rows = counts["valid"], counts["invalid"]
        job.status = ImportJob.Status.VALIDATED
        job.validated_at = timezone.now()
        job.save(update_fields=["valid_rows", "invalid_rows", "status", "validated_at"])
    logger.info(
        "import %s validated: %s valid, %s invalid", job.pk, job.valid_rows, job.invalid_rows
    )
    return job


@transaction.atomic
def import_job_commit_request(*, job: ImportJob, actor: User) -> ImportJob:
    """Queue the commit of a validated job (the job page's button)."""
    if not job.can_commit:
        raise ValidationError(_("Chưa có dòng hợp lệ nào để nhập, hoặc tệp đang được xử lý."))
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALIDATED).update(
        status=ImportJob.Status.IMPORTING, error_summary=""
    )
    if not updated:  # two clicks: the first one already queued it
        return job
    from . import tasks

    transaction.on_commit(lambda: tasks.import_commit.delay(job.pk, actor.pk))
    job.status = ImportJob.Status.IMPORTING
    return job


def import_job_commit(*, job_id: int, actor_id: int) -> ImportJob:
    actor = User.objects.get(pk=actor_id)
    try:
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job_id)
            if job.status not in (ImportJob.Status.VALIDATED, ImportJob.Status.IMPORTING):
                return job  # done already (a re-delivered task), or not ready
            importer = get_importer(job.kind)
            written = importer.commit(job, actor)
            ImportRow.objects.filter(job=job, status=ImportRow.Status.VALID).update(
                status=ImportRow.Status.IMPORTED
            )
            job.imported_rows = written
            job.status = ImportJob.Status.DONE
            job.finished_at = timezone.now()
            job.error_summary = ""
            job.save(update_fields=["imported_rows", "status", "finished_at", "error_summary"])
            return job
    except Exception:
        logger.exception("import %s: commit failed, nothing written", job_id)
        _update_job(
            job_id,
            status=ImportJob.Status.VALIDATED,
            error_summary=_("Nhập không thành công, chưa có dòng nào được lưu. Hãy thử lại."),
        )
        raise
