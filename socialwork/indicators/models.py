"""Plan indicators: targets, baselines, official denominators, the snapshot
table written by the computation job, its run bookkeeping and period locks.

The catalogue itself (what each indicator means and how it is computed) is
code: see catalogue.py and queries.py. Rows here name an indicator by code.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialwork.jobs.models import DurableJob


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    YEAR = "year", _("Năm")


class ValueSource(models.TextChoices):
    REGISTER = "register", _("Sổ đăng ký của cổng")
    OFFICIAL = "official", _("Số liệu thống kê chính thức")
    # An official figure was entered but is below what the register itself
    # holds at period end: it cannot be right (every child in the register is
    # a real, identified child), so the register's count is used and the
    # official figure is flagged as outdated.
    OFFICIAL_OUTDATED = "outdated", _("Sổ đăng ký (số chính thức thấp hơn sổ: đã cũ)")


class IndicatorTarget(models.Model):
    """A plan target for one indicator, unit (province or commune) and year.

    Targets are data, never constants: the national defaults are loaded by a
    data migration and the department edits them."""

    code = models.CharField(_("mã chỉ tiêu"), max_length=20)
    unit = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("giá trị"), max_digits=12, decimal_places=2)
    # Some 2030 values could not be checked against the Decision (DOMAIN §1.1).
    confirmed = models.BooleanField(_("đã xác nhận"), default=True)
    source_note = models.CharField(_("nguồn"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = ["code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "unit", "year"], name="indicators_target_code_unit_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2020) & Q(year__lte=2100), name="indicators_target_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.year}: {self.value}"


class Baseline(models.Model):
    """A figure the portal cannot compute because it predates it (CTXH-03's
    2020 count, from the province's 2020 report), entered by the department."""

    code = models.CharField(_("mã chỉ tiêu"), max_length=20)
    unit = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("năm gốc"))
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2)
    source = models.CharField(_("nguồn"), max_length=300)

    class Meta:
        verbose_name = _("số liệu năm gốc")
        verbose_name_plural = _("số liệu năm gốc")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "unit", "year"], name="indicators_baseline_code_unit_year"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="indicators_baseline_value"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.year}: {self.value}"


class OfficialDenominator(models.Model):
    """A denominator from official statistics (children in the priority groups,
    the child population) for a unit and year: the register alone would make
    CTXH-05 tend to 100% by construction (DOMAIN errata 6)."""

    code = models.CharField(_("mã chỉ tiêu"), max_length=20)
    unit = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.PositiveIntegerField(_("giá trị"))
    source = models.CharField(_("nguồn"), max_length=300)

    class Meta:
        verbose_name = _("mẫu số thống kê chính thức")
        verbose_name_plural = _("mẫu số thống kê chính thức")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "unit", "year"], name="indicators_denominator_code_unit_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.year}: {self.value}"


class ComputationRun(DurableJob):
    """One run of the job for one period: the truth about what was computed
    (a broker can lose a message; this table cannot). A durable job
    (socialwork.jobs): a run asked for while the broker is down waits in the
    outbox; one whose worker died is sent again by the jobs sweep."""

    class Status(models.TextChoices):
        STARTED = "started", _("Đang tính")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Thất bại")

    period_kind = models.CharField(_("loại kỳ"), max_length=5, choices=PeriodKind.choices)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.STARTED
    )
    started_at = models.DateTimeField(_("bắt đầu"), default=timezone.now)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    duration = models.DurationField(_("thời lượng"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    total_steps = models.PositiveSmallIntegerField(default=0)
    done_steps = models.PositiveSmallIntegerField(default=0)
    celery_task_id = models.CharField(max_length=64, blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người yêu cầu"),
    )

    class Meta:
        verbose_name = _("lượt tính chỉ tiêu")
        verbose_name_plural = _("lượt tính chỉ tiêu")
        ordering = ["-started_at"]
        indexes = [
            models.Index(
                fields=["period_kind", "period_start", "status"], name="indicators_run_period"
            ),
            models.Index(fields=["status", "started_at"], name="indicators_run_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="indicators_run_period_order",
            ),
            models.CheckConstraint(
                condition=Q(done_steps__lte=models.F("total_steps")),
                name="indicators_run_progress",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_kind} {self.period_start:%d/%m/%Y} ({self.status})"

    @property
    def percent(self) -> int:
        if not self.total_steps:
            return 0
        return round(100 * self.done_steps / self.total_steps)


class IndicatorValue(models.Model):
    """A snapshot row: one indicator, breakdown, unit and period. Written only
    by the job, all rows of a period replaced in one transaction.

    Its two foreign keys have no database constraint: a constraint checks
    each inserted row with its own trigger query, which made up half of the
    swap's time (about 60 ms of 120 for 1,650 rows), for rows the job builds
    from the unit register and its own run in the same transaction. Django
    still refuses to delete a unit or a run that snapshot rows name (PROTECT)."""

    code = models.CharField(_("mã chỉ tiêu"), max_length=20)
    # "" for the indicator itself; a unit type or a category code for breakdowns.
    breakdown = models.CharField(_("phân tổ"), max_length=40, blank=True, default="")
    unit = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    period_kind = models.CharField(_("loại kỳ"), max_length=5, choices=PeriodKind.choices)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    numerator = models.BigIntegerField(_("tử số"))
    denominator = models.BigIntegerField(_("mẫu số"), null=True, blank=True)
    # Null where the denominator is 0 (or absent): never a made-up 0%.
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=4, null=True)
    source = models.CharField(
        _("nguồn mẫu số"), max_length=10, choices=ValueSource.choices, default=ValueSource.REGISTER
    )
    computed_at = models.DateTimeField(_("tính lúc"))
    # No index either: nothing reads snapshot rows by run.
    run = models.ForeignKey(
        ComputationRun,
        on_delete=models.PROTECT,
        related_name="values",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "breakdown", "unit", "period_kind", "period_start"],
                name="indicators_value_unique",
            ),
            models.CheckConstraint(condition=Q(numerator__gte=0), name="indicators_value_num"),
        ]
        # The trend (code, breakdown, unit) reads the unique constraint's index.
        indexes = [
            models.Index(
                fields=["period_kind", "period_start", "code"], name="indicators_value_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.unit_id} {self.period_start:%d/%m/%Y}: {self.value}"


class PeriodLock(models.Model):
    """A reported period: its figures no longer change until an administrator
    unlocks it with a reason (kept in PeriodLockEvent)."""

    period_kind = models.CharField(_("loại kỳ"), max_length=5, choices=PeriodKind.choices)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    locked_at = models.DateTimeField(_("khóa lúc"), default=timezone.now)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("khóa kỳ báo cáo")
        verbose_name_plural = _("khóa kỳ báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["period_kind", "period_start"], name="indicators_lock_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_kind} {self.period_start:%d/%m/%Y}"


class PeriodLockEvent(models.Model):
    """Append-only log of locks and unlocks, with who, when and why."""

    class Action(models.TextChoices):
        LOCK = "lock", _("Khóa")
        UNLOCK = "unlock", _("Mở khóa")

    period_kind = models.CharField(max_length=5, choices=PeriodKind.choices)
    period_start = models.DateField()
    action = models.CharField(max_length=6, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=300)

    class Meta:
        verbose_name = _("nhật ký khóa kỳ")
        verbose_name_plural = _("nhật ký khóa kỳ")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.action} {self.period_kind} {self.period_start:%d/%m/%Y}"
