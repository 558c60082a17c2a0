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
- `import_jobs_sweep()`: the beat's sweep over import jobs (socialwork.jobs):
  sends what the broker missed, re-sends what lost its worker, fails (with a
  message and "try again") what was interrupted JOBS_MAX_ATTEMPTS times.
- `import_job_retry(*, job, actor)`: "try again" on a job the sweep gave up on.

Each step is a durable message (socialwork.jobs): the row is committed, then
the message sent; with the broker down the row waits in the outbox. A step
started from an older copy of its message (another token) does nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, DataError, IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from socialwork.accounts.models import User
from socialwork.history import history_context
from socialwork.jobs import durable
from socialwork.numbers import grouped

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
    durable.dispatch_on_commit(ImportJob, job.pk, _send)
    return job


def _send(job: ImportJob, token: int) -> None:
    """The message of the job's current step (validate, or commit)."""
    from . import tasks  # tasks import services: import late

    if job.status == ImportJob.Status.IMPORTING:
        actor_id = job.commit_by_id or job.created_by_id
        tasks.import_commit.apply_async((job.pk, actor_id), {"token": token}, retry=False)
    else:
        tasks.import_validate.apply_async((job.pk,), {"token": token}, retry=False)


class Superseded(Exception):
    """The sweep sent the job again (this worker looked dead): stop here."""


def _update_job(job_id: int, token: int | None = None, **fields: Any) -> None:
    # Outside any larger transaction: a polling page sees it at once.
    if not durable.beat(ImportJob, job_id, token, **fields):
        raise Superseded(job_id)


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


def _count(job: ImportJob, token: int | None = None) -> int:
    """Count the data rows first (a cheap pass, no parsing), so the page shows
    the right total from the start rather than a total that grows as it reads."""
    limit = max_rows()
    count = 0
    with job.file.open("rb") as handle:
        rows = read_rows(handle)
        if next(rows, None) is None:
            raise ImportFileError(_("Tệp trống: không có dòng nào."))
        for _row in rows:
            count += 1
            if count > limit:
                raise ImportFileError(
                    _("Tệp có hơn %(limit)s dòng dữ liệu: hãy chia thành nhiều tệp nhỏ hơn.")
                    % {"limit": grouped(limit)}
                )
    if count == 0:
        raise ImportFileError(_("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."))
    _update_job(job.pk, token, total_rows=count, processed_rows=0)
    job.total_rows = count
    return count


def _stage(job: ImportJob, token: int | None = None) -> None:
    """Read the file into the staging table; raises ImportFileError."""
    importer = get_importer(job.kind)
    limit = max_rows()
    total = _count(job, token)
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
                    % {"limit": grouped(limit)}
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
                    warnings=importer.row_warnings(values),
                    status=ImportRow.Status.INVALID if errors else ImportRow.Status.VALID,
                )
            )
            if len(batch) >= BATCH_SIZE:
                ImportRow.objects.bulk_create(batch)
                batch = []
                _update_job(job.pk, token, processed_rows=min(count, total))
        if batch:
            ImportRow.objects.bulk_create(batch)
        if count == 0:
            raise ImportFileError(_("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."))
        job.total_rows = job.processed_rows = count
        _update_job(job.pk, token, total_rows=count, processed_rows=count)


def import_job_validate(*, job_id: int, token: int | None = None) -> ImportJob:
    # Row messages are written in the source language (Vietnamese), whatever
    # language the worker or the request runs in: they are stored as msgids
    # and translated for each reader (spreadsheets.messages).
    with translation.override(settings.LANGUAGE_CODE):
        return _validate(job_id=job_id, token=token)


def _validate(*, job_id: int, token: int | None) -> ImportJob:
    job = ImportJob.objects.get(pk=job_id)
    waiting = ImportJob.objects.filter(status__in=ImportJob.VALIDATE_FROM)
    if not durable.claim(waiting, job_id, token):
        return job  # validated already, or an older copy of the message: nothing to do
    # Start over: a crashed earlier run may have left half the rows.
    ImportRow.objects.filter(job=job).delete()
    job.status = ImportJob.Status.VALIDATING
    job.total_rows = job.processed_rows = 0
    job.error_summary = ""
    job.save(update_fields=["status", "total_rows", "processed_rows", "error_summary"])
    try:
        _stage(job, token)
    except ImportFileError as exc:
        return _fail(job, str(exc))
    except Superseded:
        logger.info("import %s: taken over by a newer run", job.pk)
        return job
    importer = get_importer(job.kind)
    with transaction.atomic():
        current = ImportJob.objects.select_for_update().filter(pk=job.pk)
        if token is not None and not current.filter(task_token=token).exists():
            return job  # taken over while the file was read: the newer run finishes it
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
        status=ImportJob.Status.IMPORTING, error_summary="", commit_by=actor, attempts=0
    )
    if not updated:  # two clicks: the first one already queued it
        return job
    durable.dispatch_on_commit(ImportJob, job.pk, _send)
    job.status = ImportJob.Status.IMPORTING
    return job


def import_job_commit(*, job_id: int, actor_id: int, token: int | None = None) -> ImportJob:
    actor = User.objects.get(pk=actor_id)
    waiting = ImportJob.objects.filter(status__in=ImportJob.COMMIT_FROM)
    if not durable.claim(waiting, job_id, token):
        return ImportJob.objects.get(pk=job_id)  # done already, or an older copy
    try:
        # On the worker there is no request: the history names the user who
        # pressed "import" (and the job), like any write through a service.
        with transaction.atomic(), history_context(actor, import_job=job_id):
            job = ImportJob.objects.select_for_update().get(pk=job_id)
            if job.status not in ImportJob.COMMIT_FROM:
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
    except durable.CONNECTION_ERRORS:
        raise  # the database went away: the task hands the job back to the sweep
    except Exception as exc:
        logger.exception("import %s: commit failed, nothing written", job_id)
        row = _failing_row(job_id, actor) if isinstance(exc, DatabaseError) else None
        if row is not None:
            summary = _(
                "Nhập không thành công: cơ sở dữ liệu từ chối dòng %(row)s (%(reason)s). Chưa "
                "có dòng nào của tệp được lưu, dữ liệu đã có không thay đổi. Sửa dòng %(row)s "
                "trong tệp rồi tải lên lại."
            ) % {"row": row, "reason": _refusal(exc)}
        else:
            summary = _("Nhập không thành công, chưa có dòng nào được lưu. Hãy thử lại.")
        _update_job(job_id, status=ImportJob.Status.VALIDATED, error_summary=summary)
        raise


def _refusal(exc: Exception) -> str:
    if isinstance(exc, DataError):
        return _("có giá trị dài quá hoặc vượt giới hạn của ô")
    if isinstance(exc, IntegrityError):
        return _("trùng với dữ liệu đã có hoặc thiếu dữ liệu bắt buộc")
    return _("lỗi dữ liệu")


class _Undo(Exception):
    """Rolls back one trial commit of the search below."""


def _failing_row(job_id: int, actor: User) -> int | None:
    """The sheet row number of a row the database refuses on its own, found by
    committing halves of the valid rows in savepoints, all rolled back: about
    twice the rows of one commit, never anything written. None when no single
    row fails alone (two rows that clash only together) or the search fails."""
    try:
        with transaction.atomic(), history_context(actor, import_job=job_id):
            job = ImportJob.objects.get(pk=job_id)
            importer = get_importer(job.kind)
            valid = ImportRow.objects.filter(job=job, status=ImportRow.Status.VALID)
            ids = list(valid.order_by("row_number").values_list("pk", flat=True))
            # The importer commits the rows marked valid: hide them all, show a half at a time.
            valid.update(status=ImportRow.Status.INVALID)

            def fails(part: list[int]) -> bool:
                try:
                    with transaction.atomic():
                        ImportRow.objects.filter(pk__in=part).update(status=ImportRow.Status.VALID)
                        importer.commit(job, actor)
                        raise _Undo
                except _Undo:
                    return False
                except DatabaseError:
                    return True

            found = None
            while ids and fails(ids):
                if len(ids) == 1:
                    found = ids[0]
                    break
                half = len(ids) // 2
                ids = ids[:half] if fails(ids[:half]) else ids[half:]
            row = (
                ImportRow.objects.filter(pk=found).values_list("row_number", flat=True).first()
                if found
                else None
            )
            transaction.set_rollback(True)
            return row
    except Exception:  # noqa: BLE001 (the search is a courtesy: the job's state is kept)
        logger.exception("import %s: could not find the refused row", job_id)
        return None


# --- The sweep and "try again" (socialwork.jobs) ------------------------------------


def _give_up(job: ImportJob) -> None:
    attempts = job.attempts
    if job.status == ImportJob.Status.IMPORTING:
        # Nothing was written (the commit is one transaction): the button stays.
        ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.IMPORTING).update(
            status=ImportJob.Status.VALIDATED,
            error_summary=_(
                "Việc nhập bị gián đoạn %(n)s lần, chưa có dòng nào được lưu. Hãy thử lại."
            )
            % {"n": attempts},
        )
        return
    with transaction.atomic():
        ImportRow.objects.filter(job=job).delete()
        ImportJob.objects.filter(pk=job.pk, status__in=ImportJob.VALIDATE_FROM).update(
            status=ImportJob.Status.FAILED,
            interrupted=True,
            finished_at=timezone.now(),
            valid_rows=0,
            invalid_rows=0,
            error_summary=_(
                "Việc kiểm tra tệp bị gián đoạn %(n)s lần (bộ xử lý nền dừng giữa chừng) "
                "nên đã dừng lại. Bấm “Thử lại” để chạy lại."
            )
            % {"n": attempts},
        )
    logger.warning("import %s: interrupted %s times, given up", job.pk, attempts)


def import_jobs_sweep() -> dict[str, int]:
    waiting = ImportJob.objects.filter(status__in=ImportJob.RUNNING)
    return durable.sweep(waiting, send=_send, fail=_give_up)


@transaction.atomic
def import_job_retry(*, job: ImportJob, actor: User) -> ImportJob:
    """Start a job the sweep gave up on again from its file."""
    if not job.can_retry:
        raise ValidationError(_("Lượt nhập này không cần chạy lại."))
    updated = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.FAILED, interrupted=True
    ).update(
        status=ImportJob.Status.UPLOADED,
        interrupted=False,
        attempts=0,
        error_summary="",
        finished_at=None,
        total_rows=0,
        processed_rows=0,
    )
    if updated:
        logger.info("import %s: retried by user %s", job.pk, actor.pk)
        durable.dispatch_on_commit(ImportJob, job.pk, _send)
    job.refresh_from_db()
    return job
