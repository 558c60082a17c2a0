"""Long exports as durable jobs: built by the worker, downloaded from a job page.

The rule: an export runs in the request only when it is a spreadsheet of at
most settings.EXPORT_SYNC_MAX_ROWS rows (2,000: about a second of work);
anything larger, and every PDF (weasyprint lays pages out at seconds per
hundred rows), is an `ExportJob`:

1. An app registers a kind: `register_export(ExportKind(key, object_type, build))`
   where `build(job, actor, progress) -> Built` writes the file's bytes with
   `exports.write_xlsx/write_csv` (formula-safe) over `progress.rows(rows)`.
   Import the module from the app's `AppConfig.ready()`.
2. The page's view calls `export_job_request(kind=…, params=…, fmt=…, title=…,
   actor=…, back_url=…)` and redirects to `spreadsheets:export_job`: the row is
   committed and its message sent after the commit (socialwork.jobs: with the
   broker down it waits in the outbox and the page says so).
3. The worker builds it as the user who asked, in their scope at that moment,
   with progress on the page; the file goes to EXPORT_ROOT (private, never
   served by a URL of its own) and expires after EXPORT_KEEP_HOURS (the jobs
   sweep deletes it). Only the user who asked may download it, and every
   download is an AccessLog export entry.
"""

from __future__ import annotations

import datetime
import logging
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.accounts.models import User
from socialwork.jobs import durable

from .exports import (
    CSV_TYPE,
    XLSX_TYPE,
    ExportColumn,
    copy_csv_into,
    log_export,
    queryset_rows,
    write_csv_into,
    write_xlsx_into,
)
from .models import ExportJob

logger = logging.getLogger(__name__)

PDF_TYPE = "application/pdf"
CONTENT_TYPES = {"xlsx": XLSX_TYPE, "csv": CSV_TYPE, "pdf": PDF_TYPE}


@dataclass(frozen=True)
class Built:
    content: bytes | IO[bytes]  # the bytes, or an open file at its start
    filename: str  # with its extension
    row_count: int


@dataclass(frozen=True)
class ExportKind:
    key: str
    # What the access log calls the exported records.
    object_type: str
    build: Callable[[ExportJob, User, Progress], Built]
    # What the access log says beyond the row count (no names, no filter values).
    detail: Callable[[ExportJob], str] = lambda job: job.fmt


_KINDS: dict[str, ExportKind] = {}


def register_export(kind: ExportKind) -> ExportKind:
    _KINDS[kind.key] = kind
    return kind


def get_export_kind(key: str) -> ExportKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(key) from None


def sync_allowed(row_count: int) -> bool:
    """The rule for staying in the request (see the module docstring)."""
    return row_count <= settings.EXPORT_SYNC_MAX_ROWS


class Superseded(Exception):
    """The sweep sent the job again (this worker looked dead): stop here."""


class Progress:
    """Counts rows as the file is written; progress and the heartbeat are
    committed at most every PROGRESS_INTERVAL seconds."""

    INTERVAL = 0.5

    def __init__(self, job: ExportJob, token: int | None):
        self.job_id = job.pk
        self.token = token
        self.total = 0
        self.done = 0
        self.written_at = time.monotonic()

    def _beat(self, **fields) -> None:
        if not durable.beat(ExportJob, self.job_id, self.token, **fields):
            raise Superseded(self.job_id)

    def set_total(self, total: int) -> None:
        self.total = total
        self._beat(total_rows=total, processed_rows=0)

    def rows(self, rows: Iterable) -> Iterator:
        for row in rows:
            yield row
            self.advance(self.done + 1)

    def advance(self, done: int) -> None:
        self.done = done
        now = time.monotonic()
        if now - self.written_at >= self.INTERVAL:
            self.written_at = now
            self._beat(processed_rows=min(self.done, self.total) if self.total else 0)


def write_table(
    rows: Iterable | QuerySet, columns: list[ExportColumn], *, fmt: str, progress: Progress
) -> IO[bytes]:
    """An xlsx or csv file of `rows`, counted by `progress`, written to a temporary
    file as the rows come (a province's million rows never sit in the worker's
    memory): open, at its start. `rows` a `.values()` queryset: the CSV is
    written by COPY (`copy_csv_into`)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the caller stores and closes it)
    try:
        if fmt == "csv" and isinstance(rows, QuerySet):
            copy_csv_into(out, rows, columns, on_row=progress.advance)
        else:
            if isinstance(rows, QuerySet):
                rows = queryset_rows(rows, columns)
            counted = progress.rows(rows)
            if fmt == "csv":
                write_csv_into(out, counted, columns)
            else:
                write_xlsx_into(out, counted, columns)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


# --- Services ----------------------------------------------------------------------


def _send(job: ExportJob, token: int) -> None:
    from . import tasks  # tasks import this module: import late

    tasks.export_build.apply_async((job.pk,), {"token": token}, retry=False)


@transaction.atomic
def export_job_request(
    *, kind: str, params: dict, fmt: str, title: str, actor: User, back_url: str = ""
) -> ExportJob:
    """Keep the request as a job row and send it to the worker after the commit."""
    get_export_kind(kind)
    if fmt not in CONTENT_TYPES:
        raise ValidationError(_("Định dạng tệp không hỗ trợ."))
    job = ExportJob.objects.create(
        kind=kind,
        params=params,
        fmt=fmt,
        title=title[:200],
        back_url=back_url[:500] if back_url.startswith("/") else "",
        created_by=actor,
        area_id=actor.area_id,
    )
    durable.dispatch_on_commit(ExportJob, job.pk, _send)
    return job


def _failed(job_id: int, message: str) -> None:
    ExportJob.objects.filter(pk=job_id, status__in=ExportJob.WAITING).update(
        status=ExportJob.Status.FAILED, error=message, finished_at=timezone.now()
    )


def export_job_build(*, job_id: int, token: int | None = None) -> ExportJob:
    """The worker's part: build the file as the user who asked. Idempotent:
    a job done already, or an older copy of its message, does nothing."""
    waiting = ExportJob.objects.filter(status__in=ExportJob.WAITING)
    if not durable.claim(waiting, job_id, token):
        return ExportJob.objects.get(pk=job_id)
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.Status.RUNNING, processed_rows=0, error=""
    )
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    actor = job.created_by
    kind = get_export_kind(job.kind)
    progress = Progress(job, token)
    try:
        if not actor.is_active:
            raise PermissionDenied
        built = kind.build(job, actor, progress)
    except Superseded:
        logger.info("export %s: taken over by a newer run", job_id)
        return job
    except PermissionDenied:
        _failed(job_id, _("Tài khoản của bạn không còn quyền xuất dữ liệu này."))
        return job
    except ValidationError as exc:
        _failed(job_id, " ".join(str(m) for m in exc.messages))
        return job
    except durable.CONNECTION_ERRORS:
        raise  # the task hands the job back to the sweep
    except Exception as exc:
        # The error's class only: messages may carry values from the register.
        logger.exception("export %s failed (%s)", job_id, type(exc).__name__)
        _failed(job_id, _("Xuất không thành công do lỗi của hệ thống. Hãy thử lại."))
        return job
    stored = ExportJob(pk=job.pk, created_at=job.created_at)
    if isinstance(built.content, bytes):
        stored.file.save(built.filename, ContentFile(built.content), save=False)
    else:  # a file written as the rows came: copied to storage in chunks, then gone
        with built.content:
            stored.file.save(built.filename, File(built.content), save=False)
    now = timezone.now()
    with transaction.atomic():
        owner = ExportJob.objects.select_for_update().filter(
            pk=job_id, status=ExportJob.Status.RUNNING
        )
        if token is not None:
            owner = owner.filter(task_token=token)
        updated = owner.update(
            status=ExportJob.Status.DONE,
            file=stored.file.name,
            filename=built.filename,
            content_type=CONTENT_TYPES[job.fmt],
            total_rows=built.row_count,
            processed_rows=built.row_count,
            finished_at=now,
            heartbeat_at=now,
            expires_at=now + datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS),
        )
    if not updated:  # taken over meanwhile: the newer run keeps its own file
        stored.file.delete(save=False)
    job.refresh_from_db()
    logger.info("export %s: %s rows", job_id, built.row_count)
    return job


def _give_up(job: ExportJob) -> None:
    _failed(
        job.pk,
        _(
            "Việc xuất bị gián đoạn %(n)s lần (bộ xử lý nền dừng giữa chừng) nên đã dừng lại. "
            "Bấm “Thử lại” để chạy lại."
        )
        % {"n": job.attempts},
    )
    logger.warning("export %s: interrupted %s times, given up", job.pk, job.attempts)


def export_jobs_sweep() -> dict[str, int]:
    return durable.sweep(
        ExportJob.objects.filter(status__in=ExportJob.WAITING), send=_send, fail=_give_up
    )


def export_files_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of exports past their expiry (the jobs sweep)."""
    now = now or timezone.now()
    expired = 0
    for job in ExportJob.objects.filter(status=ExportJob.Status.DONE, expires_at__lt=now)[:500]:
        if job.file:
            job.file.delete(save=False)
        expired += ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.DONE).update(
            status=ExportJob.Status.EXPIRED, file=""
        )
    if expired:
        logger.info("exports: %s files expired", expired)
    return expired


@transaction.atomic
def export_job_retry(*, job: ExportJob, actor: User) -> ExportJob:
    """ "Try again" on a failed or expired export: built again, as it was asked."""
    if job.created_by_id != actor.pk:
        raise PermissionDenied
    if not job.can_retry:
        raise ValidationError(_("Lượt xuất này không cần chạy lại."))
    updated = ExportJob.objects.filter(pk=job.pk, status=job.status).update(
        status=ExportJob.Status.QUEUED,
        attempts=0,
        error="",
        total_rows=0,
        processed_rows=0,
        finished_at=None,
        expires_at=None,
    )
    if updated:
        durable.dispatch_on_commit(ExportJob, job.pk, _send)
    job.refresh_from_db()
    return job


@transaction.atomic
def export_job_download(*, job: ExportJob, actor: User, request: HttpRequest | None = None):
    """The finished file, opened, for the user who asked; the download is logged."""
    if job.created_by_id != actor.pk:
        raise PermissionDenied
    if job.status != ExportJob.Status.DONE or not job.file:
        raise ValidationError(_("Tệp không còn: hãy xuất lại."))
    if job.expires_at and job.expires_at <= timezone.now():
        raise ValidationError(_("Tệp đã hết hạn: hãy xuất lại."))
    handle = job.file.open("rb")
    kind = get_export_kind(job.kind)
    log_export(
        user=actor,
        object_type=kind.object_type,
        row_count=job.total_rows,
        request=request,
        detail=f"job {job.pk}; {kind.detail(job)}",
    )
    ExportJob.objects.filter(pk=job.pk).update(downloads=job.downloads + 1)
    return handle
