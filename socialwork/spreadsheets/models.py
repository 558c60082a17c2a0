"""Import jobs and their staging rows.

An uploaded file becomes one `ImportJob`; each data row of the file becomes one
`ImportRow` in the staging table, with its raw cells, its normalised values and
its errors. Nothing reaches the real register until `import_job_commit` runs,
and then only the valid rows, in one transaction. See the package docstring.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialwork.jobs.models import DurableJob


class RowProgress:
    """Progress of a job that counts rows (imports, exports)."""

    total_rows: int
    processed_rows: int

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)


class ImportJob(RowProgress, DurableJob):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Đã tải lên")
        VALIDATING = "validating", _("Đang kiểm tra")
        VALIDATED = "validated", _("Đã kiểm tra")
        FAILED = "failed", _("Không đọc được tệp")
        IMPORTING = "importing", _("Đang nhập")
        DONE = "done", _("Đã nhập xong")

    # Statuses during which a worker is busy with the job: the page polls.
    RUNNING = frozenset({Status.UPLOADED, Status.VALIDATING, Status.IMPORTING})
    # The statuses in which each step's message may start (socialwork.jobs).
    VALIDATE_FROM = (Status.UPLOADED, Status.VALIDATING)
    COMMIT_FROM = (Status.VALIDATED, Status.IMPORTING)

    kind = models.CharField(_("loại dữ liệu"), max_length=50)
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    # The uploader's area when uploading: scopes the job for commune roles.
    area = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Importer-specific parameters chosen on the upload form (a commune, say).
    options = models.JSONField(_("tùy chọn"), default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.UPLOADED
    )
    total_rows = models.PositiveIntegerField(_("tổng số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    valid_rows = models.PositiveIntegerField(_("số dòng hợp lệ"), default=0)
    invalid_rows = models.PositiveIntegerField(_("số dòng lỗi"), default=0)
    imported_rows = models.PositiveIntegerField(_("số dòng đã nhập"), default=0)
    error_summary = models.TextField(_("lỗi"), blank=True)
    # Who asked for the commit (the job page's button): the commit runs as them.
    commit_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Failed because its worker kept being interrupted (not the file): "try again" helps.
    interrupted = models.BooleanField(_("bị gián đoạn"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    validated_at = models.DateTimeField(_("kiểm tra xong lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("hoàn tất lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập dữ liệu")
        verbose_name_plural = _("lượt nhập dữ liệu")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_by", "-created_at"], name="spreadsheets_job_creator"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")) | Q(total_rows=0),
                name="spreadsheets_job_progress_le_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.original_name})"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def can_retry(self) -> bool:
        return self.status == self.Status.FAILED and self.interrupted

    @property
    def can_commit(self) -> bool:
        return self.status == self.Status.VALIDATED and self.valid_rows > 0


class ImportRow(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Hợp lệ")
        INVALID = "invalid", _("Có lỗi")
        IMPORTED = "imported", _("Đã nhập")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows")
    # The row's number in the sheet as the user sees it (the header is row 1).
    row_number = models.PositiveIntegerField(_("dòng"))
    # Raw cells as text, keyed by the importer's column keys.
    data = models.JSONField(_("dữ liệu gốc"), default=dict)
    # Parsed values (dates as ISO text, numbers as numbers), keyed the same way.
    normalised = models.JSONField(_("dữ liệu chuẩn hóa"), default=dict)
    # [{"column": "<header>", "message": "<text>"}, ...]
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    # Soft checks that do not stop the row (a CCCD disagreeing with the birth
    # year or sex, say): [{"column", "message"}, ...], shown beside the errors.
    warnings = models.JSONField(_("cảnh báo"), default=list, blank=True)
    # A value the user picked where a cell was ambiguous (two communes of one name).
    chosen = models.JSONField(_("giá trị đã chọn"), null=True, blank=True)

    class Meta:
        verbose_name = _("dòng nhập")
        verbose_name_plural = _("dòng nhập")
        ordering = ["job", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["job", "row_number"], name="spreadsheets_row_unique"),
            models.CheckConstraint(
                condition=Q(status="valid", errors=[]) | ~Q(status="valid"),
                name="spreadsheets_row_valid_has_no_errors",
            ),
        ]
        indexes = [models.Index(fields=["job", "status"], name="spreadsheets_row_job_status")]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.row_number}"


def export_storage():
    """Where finished exports are kept: a private folder (EXPORT_ROOT), never
    served by a URL of its own; only the scoped download view reads it."""
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.EXPORT_ROOT, base_url=None)


class ExportJob(RowProgress, DurableJob):
    """A long export, built by the worker into a file the user downloads from
    the job page (socialwork.spreadsheets.exporting)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang xuất")
        DONE = "done", _("Sẵn sàng tải về")
        FAILED = "failed", _("Không xuất được")
        EXPIRED = "expired", _("Đã hết hạn")

    # Statuses that expect a worker: the page polls, the sweep watches.
    WAITING = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(_("loại dữ liệu"), max_length=50)
    # What to export, as the page chose it (filters, a list's id, a period).
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    fmt = models.CharField(_("định dạng"), max_length=5)
    title = models.CharField(_("nội dung"), max_length=200)
    # The page the user clicked "export" on, to go back to.
    back_url = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.PROTECT,
        related_name="export_jobs",
    )
    # The requester's area when asking (the scope policy's commune).
    area = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("tổng số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("số dòng đã xuất"), default=0)
    file = models.FileField(
        _("tệp"), storage=export_storage, upload_to="%Y/%m/", max_length=300, blank=True
    )
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    downloads = models.PositiveIntegerField(_("số lần tải"), default=0)

    class Meta:
        verbose_name = _("lượt xuất dữ liệu")
        verbose_name_plural = _("lượt xuất dữ liệu")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_by", "-created_at"], name="spreadsheets_export_creator"),
            models.Index(fields=["status", "expires_at"], name="spreadsheets_export_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")) | Q(total_rows=0),
                name="spreadsheets_export_progress_le_total",
            ),
            models.CheckConstraint(
                condition=Q(fmt__in=["xlsx", "csv", "pdf"]), name="spreadsheets_export_fmt"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_running(self) -> bool:
        return self.status in self.WAITING

    @property
    def can_retry(self) -> bool:
        return self.status in (self.Status.FAILED, self.Status.EXPIRED)
