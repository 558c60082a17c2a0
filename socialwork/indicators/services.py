"""Writes of the indicators app: the computation job, targets, period locks.

The job follows Zulip's analytics counts: period-bucketed, idempotent, the
run table (not the broker) is the truth about what was computed, a period's
snapshot replaced whole in one transaction, missed periods filled later.
"""

from __future__ import annotations

import datetime
import logging
import os
import time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.accounts.models import Role
from socialwork.areas.selectors import portal_province

from . import catalogue, queries
from .defaults import DEFAULT_TARGETS
from .models import (
    Baseline,
    ComputationRun,
    IndicatorTarget,
    IndicatorValue,
    OfficialDenominator,
    PeriodKind,
    PeriodLock,
    PeriodLockEvent,
    ValueSource,
)
from .periods import Period, current_periods, month_period, today, year_period

logger = logging.getLogger(__name__)

# One key for the whole job: two runs never overlap, whatever their period
# (the machine has two cores; a second run would only slow the first).
ADVISORY_LOCK_KEY = 0x43545848_0001  # "CTXH", job 1


class PeriodLocked(Exception):
    """The period was reported and locked: its figures may not change."""

    @staticmethod
    def message() -> str:
        return _("Kỳ báo cáo đã khóa: số liệu không được tính lại.")


class ComputationBusy(Exception):
    """Another run holds the advisory lock: try again later."""


def _try_advisory_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        return bool(cursor.fetchone()[0])


def period_is_locked(period: Period) -> bool:
    return PeriodLock.objects.filter(period_kind=period.kind, period_start=period.start).exists()


class _ProgressWriter:
    """Writes a run's done_steps on its own connection, committed at once, so
    readers see progress while the job's transaction is still open. The run
    row must not be touched by the job's transaction until the last write."""

    def __init__(self, run_id: int):
        self.run_id = run_id
        self.conn = connections.create_connection("default")

    def step(self, done: int) -> None:
        with self.conn.cursor() as cursor:
            cursor.execute(
                "UPDATE indicators_computationrun SET done_steps = %s WHERE id = %s",
                [done, self.run_id],
            )

    def close(self) -> None:
        self.conn.close()


def _ratio(numerator: int, denominator: int | None, unit: str) -> Decimal | None:
    if unit == catalogue.COUNT:
        return Decimal(numerator)
    if not denominator:
        return None
    if unit == catalogue.GROWTH:
        return (Decimal(100) * (numerator - denominator) / denominator).quantize(Decimal("0.0001"))
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.0001"))


def baseline_year_for(year: int) -> int:
    """CTXH-03 compares with 2020 up to 2025, then with 2025 (DOMAIN §1.2)."""
    return 2020 if year <= 2025 else 2025


def _denominators(indicator: catalogue.Indicator, period: Period) -> dict[int, tuple[int, str]]:
    """Denominators that come from tables the department fills, by unit."""
    if indicator.denominator == catalogue.DENOMINATOR_BASELINE:
        rows = Baseline.objects.filter(
            code=indicator.code, year=baseline_year_for(period.year)
        ).values_list("unit_id", "value")
        return {unit: (int(value), ValueSource.OFFICIAL) for unit, value in rows}
    if indicator.denominator == catalogue.DENOMINATOR_OFFICIAL_OR_REGISTER:
        rows = OfficialDenominator.objects.filter(
            code=indicator.code, year=period.year
        ).values_list("unit_id", "value")
        return {unit: (value, ValueSource.OFFICIAL) for unit, value in rows}
    return {}


def _with_all_communes(
    indicator: catalogue.Indicator, rows: list[queries.Row], commune_ids: list[int]
) -> list[queries.Row]:
    """Every commune gets its "" row: a commune with nothing to count shows 0
    (and no rate), not a gap that reads as "not computed"."""
    present = {r.unit_id for r in rows if r.breakdown == ""}
    empty = 0 if indicator.unit == catalogue.PERCENT else None
    return rows + [queries.Row(c, "", 0, empty) for c in commune_ids if c not in present]


def _values_for(
    indicator: catalogue.Indicator,
    rows: list[queries.Row],
    period: Period,
    run: ComputationRun,
    now: datetime.datetime,
) -> list[IndicatorValue]:
    entered = _denominators(indicator, period)
    values = []
    for row in rows:
        denominator, source = row.denominator, ValueSource.REGISTER
        if row.breakdown == "" and row.unit_id in entered:
            denominator, source = entered[row.unit_id]
        elif indicator.denominator == catalogue.DENOMINATOR_BASELINE:
            denominator = None  # no baseline entered: a growth cannot be stated
        values.append(
            IndicatorValue(
                code=indicator.code,
                breakdown=row.breakdown,
                unit_id=row.unit_id,
                period_kind=period.kind,
                period_start=period.start,
                period_end=period.end,
                numerator=row.numerator,
                denominator=denominator,
                value=_ratio(row.numerator, denominator, indicator.unit),
                source=source,
                computed_at=now,
                run=run,
            )
        )
    return values


def _test_step_delay() -> float:
    """Seconds to sleep after each indicator: set only by the crash-recovery
    tests (INDICATORS_TEST_STEP_DELAY in a worker's environment) so a run is
    slow enough to be killed half-way. Zero, and free, in production."""
    value = getattr(settings, "INDICATORS_TEST_STEP_DELAY", None)
    if value is None:
        value = os.environ.get("INDICATORS_TEST_STEP_DELAY", "")
    try:
        return max(0.0, float(value or 0))
    except ValueError:
        return 0.0


def _indicators_for(period: Period) -> list[catalogue.Indicator]:
    return catalogue.computable(
        period.kind, tables=set(connection.introspection.table_names(include_views=True))
    )


def run_create(*, period: Period, triggered_by=None, task_id: str = "") -> ComputationRun:
    """A run row in state started (the dashboard shows it queued at 0%)."""
    return ComputationRun.objects.create(
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        triggered_by=triggered_by,
        celery_task_id=task_id,
        total_steps=len(_indicators_for(period)),
    )


def _run_failed(run: ComputationRun, message: str, started: float) -> None:
    now = timezone.now()
    ComputationRun.objects.filter(pk=run.pk).update(
        status=ComputationRun.Status.FAILED,
        finished_at=now,
        duration=datetime.timedelta(seconds=time.monotonic() - started),
        error=message[:2000],
    )


def indicators_compute(
    *,
    period: Period,
    triggered_by=None,
    run: ComputationRun | None = None,
    task_id: str = "",
) -> ComputationRun:
    """Compute every computable indicator for `period` and replace the
    period's snapshot rows, all in one transaction.

    Not decorated with @transaction.atomic on purpose: the run row is
    committed first (so progress and failures are visible), then one
    transaction takes the advisory lock, computes and swaps the snapshot.
    Raises PeriodLocked or ComputationBusy; any other error marks the run
    failed and leaves the previous snapshot untouched."""
    if period_is_locked(period):
        raise PeriodLocked(period.key)
    province = portal_province()
    if province is None:
        raise LookupError("the portal province is not loaded")
    indicators = _indicators_for(period)
    target_defaults_load(province=province)
    if run is None:
        run = run_create(period=period, triggered_by=triggered_by, task_id=task_id)
    else:
        ComputationRun.objects.filter(pk=run.pk).update(
            status=ComputationRun.Status.STARTED,
            started_at=timezone.now(),
            done_steps=0,
            total_steps=len(indicators),
            error="",
            celery_task_id=task_id or run.celery_task_id,
        )
    started = time.monotonic()
    progress = _ProgressWriter(run.pk)
    try:
        with transaction.atomic():
            if not _try_advisory_lock():
                raise ComputationBusy(period.key)
            # A lock taken while this run waited in the queue still wins.
            if period_is_locked(period):
                raise PeriodLocked(period.key)
            ctx = queries.QueryContext(period=period, province_id=province.pk)
            now = timezone.now()
            values: list[IndicatorValue] = []
            commune_ids = queries.commune_ids(ctx)
            delay = _test_step_delay()
            for done, indicator in enumerate(indicators, start=1):
                rows = _with_all_communes(indicator, indicator.compute(ctx), commune_ids)
                values.extend(_values_for(indicator, rows, period, run, now))
                progress.step(done)
                if delay:
                    time.sleep(delay)
            progress.close()
            IndicatorValue.objects.filter(
                period_kind=period.kind, period_start=period.start
            ).delete()
            IndicatorValue.objects.bulk_create(values, batch_size=2000)
            finished = timezone.now()
            ComputationRun.objects.filter(pk=run.pk).update(
                status=ComputationRun.Status.DONE,
                finished_at=finished,
                duration=datetime.timedelta(seconds=time.monotonic() - started),
                rows=len(values),
                done_steps=len(indicators),
                total_steps=len(indicators),
                error="",
            )
    except ComputationBusy:
        _run_failed(run, _("Đang có một lượt tính khác chạy; sẽ thử lại."), started)
        raise
    except PeriodLocked:
        _run_failed(run, _("Kỳ báo cáo đã khóa."), started)
        raise
    except Exception as exc:
        # The error's class only: messages may carry values from the register.
        _run_failed(run, type(exc).__name__, started)
        logger.exception("indicator run %s failed", run.pk)
        raise
    finally:
        progress.close()
    run.refresh_from_db()
    logger.info(
        "indicator run %s: %s %s, %s rows in %s",
        run.pk,
        period.kind,
        period.key,
        run.rows,
        run.duration,
    )
    return run


def stale_before() -> datetime.datetime:
    """A run still 'started' before this instant has outlived its time limit."""
    limit = getattr(settings, "CELERY_TASK_TIME_LIMIT", 1800) or 1800
    return timezone.now() - datetime.timedelta(seconds=limit + 60)


def periods_to_catch_up(*, months_back: int = 13) -> list[Period]:
    """Periods of the last `months_back` months and last two years with no
    run, or whose latest run failed (call runs_fail_stale first: a run stuck
    in 'started' past its time limit is then a failed one).
    Locked periods are left alone. Oldest first."""
    day = today()
    candidates: list[Period] = []
    year, month = day.year, day.month
    for _step in range(months_back):
        candidates.append(month_period(year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    candidates += [year_period(day.year - 1), year_period(day.year)]
    candidates = [p for p in candidates if p.start <= day]
    # A period is in hand when its LATEST run is done or still running: an
    # older done run does not cover a later recompute that was killed (the
    # register may have changed since).
    latest = (
        ComputationRun.objects.order_by("period_kind", "period_start", "-pk")
        .distinct("period_kind", "period_start")
        .values_list("period_kind", "period_start", "status")
    )
    done = {
        (kind, start) for kind, start, status in latest if status != ComputationRun.Status.FAILED
    }
    locked = set(PeriodLock.objects.values_list("period_kind", "period_start"))
    missing = [
        p for p in candidates if (p.kind, p.start) not in done and (p.kind, p.start) not in locked
    ]
    return sorted(missing, key=lambda p: (p.end, p.kind))


def runs_fail_stale() -> int:
    """Mark runs stuck in 'started' past the time limit as failed (their
    worker died): the catch-up then redoes their periods."""
    return ComputationRun.objects.filter(
        status=ComputationRun.Status.STARTED, started_at__lt=stale_before()
    ).update(
        status=ComputationRun.Status.FAILED,
        finished_at=timezone.now(),
        error=_("Bị gián đoạn (quá thời hạn)."),
    )


def current_periods_compute() -> list[ComputationRun]:
    """The nightly job: the current month, then the current year."""
    runs = []
    for period in current_periods():
        if period_is_locked(period):
            continue
        runs.append(indicators_compute(period=period))
    return runs


# --- Targets -----------------------------------------------------------------


def target_defaults_load(*, province=None) -> int:
    """Insert the national defaults for codes the province has no target for
    at all (a province loaded after the migrations ran). A code the
    department has edited is never touched."""
    province = province or portal_province()
    if province is None:
        return 0
    present = set(
        IndicatorTarget.objects.filter(unit=province).values_list("code", flat=True).distinct()
    )
    missing = [
        IndicatorTarget(
            code=code,
            unit=province,
            year=year,
            value=Decimal(value),
            confirmed=confirmed,
            source_note=note,
        )
        for code, year, value, confirmed, note in DEFAULT_TARGETS
        if code not in present
    ]
    IndicatorTarget.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def _require_department(actor) -> None:
    if not (actor.role in (Role.DEPARTMENT, Role.ADMIN) or actor.is_superuser):
        raise PermissionDenied


@transaction.atomic
def target_set(
    *,
    code: str,
    unit,
    year: int,
    value: Decimal,
    actor,
    confirmed: bool = True,
    source_note: str = "",
) -> IndicatorTarget:
    """Create or change one target (department staff only)."""
    _require_department(actor)
    if code not in catalogue.CATALOGUE:
        raise ValidationError({"code": _("Không có chỉ tiêu mã này.")})
    indicator = catalogue.get(code)
    if not indicator.has_targets:
        raise ValidationError({"code": _("Chỉ tiêu này không có giá trị mục tiêu.")})
    if not 2020 <= year <= 2100:
        raise ValidationError({"year": _("Năm phải từ 2020 đến 2100.")})
    if indicator.unit == catalogue.PERCENT and not (0 <= value <= 100):
        raise ValidationError({"value": _("Tỷ lệ phải từ 0 đến 100.")})
    target, _created = IndicatorTarget.objects.update_or_create(
        code=code,
        unit=unit,
        year=year,
        defaults={
            "value": value,
            "confirmed": confirmed,
            "source_note": source_note,
            "updated_by": actor,
            "updated_at": timezone.now(),
        },
    )
    return target


@transaction.atomic
def baseline_set(*, code: str, unit, year: int, value: Decimal, source: str, actor) -> Baseline:
    _require_department(actor)
    if value < 0:
        raise ValidationError({"value": _("Giá trị không được âm.")})
    if not source.strip():
        raise ValidationError({"source": _("Ghi rõ nguồn số liệu.")})
    baseline, _created = Baseline.objects.update_or_create(
        code=code, unit=unit, year=year, defaults={"value": value, "source": source}
    )
    return baseline


@transaction.atomic
def official_denominator_set(
    *, code: str, unit, year: int, value: int, source: str, actor
) -> OfficialDenominator:
    _require_department(actor)
    if not source.strip():
        raise ValidationError({"source": _("Ghi rõ nguồn số liệu.")})
    row, _created = OfficialDenominator.objects.update_or_create(
        code=code, unit=unit, year=year, defaults={"value": value, "source": source}
    )
    return row


# --- Period locks ----------------------------------------------------------------


@transaction.atomic
def period_lock(*, period: Period, actor, reason: str = "") -> PeriodLock:
    """Lock a reported period (department staff or administrators)."""
    _require_department(actor)
    # Wait for a running computation to finish so the lock freezes whole figures.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
    lock, created = PeriodLock.objects.get_or_create(
        period_kind=period.kind,
        period_start=period.start,
        defaults={
            "period_end": period.end,
            "locked_by": actor,
            "reason": reason,
        },
    )
    if not created:
        raise ValidationError(_("Kỳ này đã khóa."))
    PeriodLockEvent.objects.create(
        period_kind=period.kind,
        period_start=period.start,
        action=PeriodLockEvent.Action.LOCK,
        actor=actor,
        reason=reason or "-",
    )
    return lock


@transaction.atomic
def period_unlock(*, period: Period, actor, reason: str) -> None:
    """Unlock a period: administrators only, with a reason that is logged."""
    if not (actor.role == Role.ADMIN or actor.is_superuser):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Ghi rõ lý do mở khóa.")})
    deleted, _rows = PeriodLock.objects.filter(
        period_kind=period.kind, period_start=period.start
    ).delete()
    if not deleted:
        raise ValidationError(_("Kỳ này chưa khóa."))
    PeriodLockEvent.objects.create(
        period_kind=period.kind,
        period_start=period.start,
        action=PeriodLockEvent.Action.UNLOCK,
        actor=actor,
        reason=reason.strip(),
    )


__all__ = [
    "ComputationBusy",
    "PeriodKind",
    "PeriodLocked",
    "baseline_set",
    "current_periods_compute",
    "indicators_compute",
    "official_denominator_set",
    "period_lock",
    "period_unlock",
    "periods_to_catch_up",
    "run_create",
    "runs_fail_stale",
    "target_set",
]
