"""Writes of the indicators app: the computation job, targets, period locks.

The job follows Zulip's analytics counts: period-bucketed, idempotent, the
run table (not the broker) is the truth about what was computed, a period's
snapshot replaced whole in one transaction, missed periods filled later.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import require
from socialwork.areas.selectors import portal_province
from socialwork.jobs import durable

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
from .periods import (
    Period,
    baseline_year_for,
    current_periods,
    month_period,
    today,
    year_period,
)

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


def period_is_locked(period: Period) -> bool:
    return PeriodLock.objects.filter(period_kind=period.kind, period_start=period.start).exists()


def _ratio(numerator: int, denominator: int | None, unit: str) -> Decimal | None:
    if unit == catalogue.COUNT:
        return Decimal(numerator)
    if not denominator:
        return None
    if unit == catalogue.GROWTH:
        return (Decimal(100) * (numerator - denominator) / denominator).quantize(Decimal("0.0001"))
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.0001"))


# The first year the portal itself holds data for (a baseline year from here
# on can be the portal's own count).
PORTAL_FIRST_YEAR = 2025


def _denominators(indicator: catalogue.Indicator, period: Period) -> dict[int, tuple[int, str]]:
    """Denominators that come from tables the department fills, by unit.

    CTXH-03's baseline is the figure the department entered for the baseline
    year (2020 up to 2025: the portal holds no 2020 data); from 2026 it is
    2025, and where no 2025 figure was entered the portal's own 2025 count
    (the year's snapshot) is the baseline."""
    if indicator.denominator == catalogue.DENOMINATOR_BASELINE:
        base_year = baseline_year_for(period.year)
        rows = Baseline.objects.filter(code=indicator.code, year=base_year).values_list(
            "unit_id", "value"
        )
        found: dict[int, tuple[int, str]] = {
            unit: (int(value), ValueSource.OFFICIAL) for unit, value in rows
        }
        if base_year >= PORTAL_FIRST_YEAR:
            own = IndicatorValue.objects.filter(
                code=indicator.code,
                breakdown="",
                period_kind=PeriodKind.YEAR,
                period_end__year=base_year,
            ).values_list("unit_id", "numerator")
            for unit, numerator in own:
                found.setdefault(unit, (int(numerator), ValueSource.REGISTER))
        return found
    if indicator.denominator == catalogue.DENOMINATOR_OFFICIAL_OR_REGISTER:
        official = OfficialDenominator.objects.filter(
            code=indicator.code, year=period.year
        ).values_list("unit_id", "value")
        return {unit: (value, ValueSource.OFFICIAL) for unit, value in official}
    return {}


def _with_all_communes(
    indicator: catalogue.Indicator, rows: list[queries.Row], commune_ids: list[int]
) -> list[queries.Row]:
    """Every commune gets its "" row: a commune with nothing to count shows 0
    (and no rate), not a gap that reads as "not computed"."""
    present = {r.unit_id for r in rows if r.breakdown == ""}
    empty = 0 if indicator.unit == catalogue.PERCENT else None
    return rows + [queries.Row(c, "", 0, empty) for c in commune_ids if c not in present]


def _snapshot_rows(
    indicator: catalogue.Indicator, rows: list[queries.Row], period: Period
) -> list[queries.SnapshotRow]:
    """The indicator's snapshot rows as plain tuples (no model instances:
    building ~1,600 IndicatorValue objects cost more than the queries)."""
    entered = _denominators(indicator, period)
    values = []
    for row in rows:
        source: str
        denominator, source = row.denominator, ValueSource.REGISTER
        if row.breakdown == "" and row.unit_id in entered:
            denominator, source = entered[row.unit_id]
            if (
                indicator.denominator == catalogue.DENOMINATOR_OFFICIAL_OR_REGISTER
                and row.denominator is not None
                and denominator < row.denominator
            ):
                # The official count is below the people the register itself
                # holds: it is outdated; the register's count is the honest one.
                denominator, source = row.denominator, ValueSource.OFFICIAL_OUTDATED
        elif indicator.denominator == catalogue.DENOMINATOR_BASELINE:
            denominator = None  # no baseline entered: a growth cannot be stated
        value = _ratio(row.numerator, denominator, indicator.unit)
        values.append(
            (
                indicator.code,
                row.breakdown,
                row.unit_id,
                row.numerator,
                denominator,
                None if value is None else str(value),
                str(source),
            )
        )
    return values


# Progress is committed at most this often (seconds). Each write is a commit
# of its own: one per step cost, at 20,000 people, about as much as the SQL
# of the ten smallest indicators together; a person watching the run page
# polls every few seconds anyway.
PROGRESS_INTERVAL = 0.25


class _Progress:
    """Writes a run's done_steps, committed at once (the job computes outside
    any transaction), so the run page sees them while the snapshot swap is
    still to come; at most every PROGRESS_INTERVAL seconds."""

    def __init__(self, run_id: int):
        self.run_id = run_id
        self.written_at = time.monotonic()

    def step(self, done: int) -> None:
        now = time.monotonic()
        if now - self.written_at >= PROGRESS_INTERVAL:
            # The heartbeat too: the jobs sweep sends a silent run again.
            ComputationRun.objects.filter(pk=self.run_id).update(
                done_steps=done, heartbeat_at=timezone.now()
            )
            self.written_at = now


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
    required = {table for item in catalogue.computable(period.kind) for table in item.requires}
    return catalogue.computable(period.kind, tables=queries.existing_tables(required))


def run_create(
    *,
    period: Period,
    triggered_by=None,
    task_id: str = "",
    total_steps: int | None = None,
    inline: bool = False,
) -> ComputationRun:
    """A run row in state started (the dashboard shows it queued at 0%).
    Without `inline` it is in the outbox until `run_request` (or the jobs
    sweep) sends its message; `inline`: the calling worker runs it now."""
    now = timezone.now() if inline else None
    return ComputationRun.objects.create(
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        triggered_by=triggered_by,
        celery_task_id=task_id,
        total_steps=len(_indicators_for(period)) if total_steps is None else total_steps,
        sent_at=now,
        heartbeat_at=now,
    )


def _send_run(run: ComputationRun, token: int) -> None:
    from . import tasks  # tasks import services: import late

    key = Period(run.period_kind, run.period_start, run.period_end).key
    tasks.indicators_compute.apply_async(
        (key, run.triggered_by_id, run.pk), {"token": token}, retry=False
    )


def run_request(*, period: Period, actor) -> ComputationRun:
    """A recompute asked for on the dashboard: the run row is committed,
    then its message sent; with the broker down it waits in the outbox and
    the run page says it starts when the worker is back."""
    require(actor, "indicators.manage")
    if period_is_locked(period):
        raise PeriodLocked(period.key)
    with transaction.atomic():
        run = run_create(period=period, triggered_by=actor)
        durable.dispatch_on_commit(ComputationRun, run.pk, _send_run)
    run.refresh_from_db()
    return run


def _run_give_up(run: ComputationRun) -> None:
    ComputationRun.objects.filter(pk=run.pk, status=ComputationRun.Status.STARTED).update(
        status=ComputationRun.Status.FAILED,
        finished_at=timezone.now(),
        error=_("Bị gián đoạn %(n)s lần (bộ xử lý nền dừng giữa chừng).") % {"n": run.attempts},
    )
    logger.warning("indicator run %s: interrupted %s times, given up", run.pk, run.attempts)


def runs_sweep() -> dict[str, int]:
    """The jobs sweep's part: runs in the outbox sent, runs whose worker died
    sent again (redone on the same row within minutes), runs interrupted
    JOBS_MAX_ATTEMPTS times failed (the catch-up then takes their period)."""
    started = ComputationRun.objects.filter(status=ComputationRun.Status.STARTED)
    return durable.sweep(started, send=_send_run, fail=_run_give_up)


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
    token: int | None = None,
) -> ComputationRun:
    """Compute every computable indicator for `period` and replace the
    period's snapshot rows in one transaction.

    Not decorated with @transaction.atomic on purpose: the run row is
    committed first (so progress and failures are visible); the whole run
    holds the job's session advisory lock; each indicator's statement runs
    on its own (as it would inside a READ COMMITTED transaction: every
    statement sees the register as of its start) and progress is committed
    as it goes (_Progress); then one short transaction deletes the period's old
    rows, inserts the new ones and marks the run done, so a reader sees the
    old snapshot or the new one, never half of either.
    Raises PeriodLocked or ComputationBusy; a lost database connection hands
    the run back to the jobs sweep (redone on the same row); any other error
    marks the run failed and leaves the previous snapshot untouched.
    Idempotent: a done run, or an older copy of its message (`token`), is
    not computed again."""
    if period_is_locked(period):
        raise PeriodLocked(period.key)
    province = portal_province()
    if province is None:
        raise LookupError("the portal province is not loaded")
    indicators = _indicators_for(period)
    target_defaults_load(province=province)
    queries.async_commit(True)
    try:
        return _compute(
            period=period,
            province_id=province.pk,
            indicators=indicators,
            triggered_by=triggered_by,
            run=run,
            task_id=task_id,
            token=token,
        )
    finally:
        with contextlib.suppress(*durable.CONNECTION_ERRORS):
            queries.async_commit(False)


def _compute(
    *,
    period: Period,
    province_id: int,
    indicators: list[catalogue.Indicator],
    triggered_by,
    run: ComputationRun | None,
    task_id: str,
    token: int | None = None,
) -> ComputationRun:
    if run is None:
        run = run_create(
            period=period,
            triggered_by=triggered_by,
            task_id=task_id,
            total_steps=len(indicators),
            inline=True,
        )
    else:
        run.refresh_from_db()
        if run.status == ComputationRun.Status.DONE or (
            token is not None and run.task_token != token
        ):
            return run  # done already, or an older copy of the message
        ComputationRun.objects.filter(pk=run.pk).update(
            status=ComputationRun.Status.STARTED,
            started_at=timezone.now(),
            done_steps=0,
            total_steps=len(indicators),
            error="",
            celery_task_id=task_id or run.celery_task_id,
        )
    started = time.monotonic()
    locked = False
    try:
        locked = queries.job_lock_try(ADVISORY_LOCK_KEY)
        if not locked:
            raise ComputationBusy(period.key)
        # A lock taken while this run waited in the queue still wins; none can
        # be taken from here on (period_lock waits for the advisory lock).
        if period_is_locked(period):
            raise PeriodLocked(period.key)
        started_runs = ComputationRun.objects.filter(status=ComputationRun.Status.STARTED)
        if not durable.claim(started_runs, run.pk, token):
            return run  # sent again meanwhile: the newer message runs it
        ctx = queries.QueryContext(period=period, province_id=province_id)
        commune_ids = queries.commune_ids(ctx)
        delay = _test_step_delay()
        progress = _Progress(run.pk)
        rows: list[queries.SnapshotRow] = []
        for done, indicator in enumerate(indicators, start=1):
            assert indicator.compute is not None  # _indicators_for keeps the computable ones
            computed = _with_all_communes(indicator, indicator.compute(ctx), commune_ids)
            rows.extend(_snapshot_rows(indicator, computed, period))
            if delay:
                time.sleep(delay)
            progress.step(done)
        with transaction.atomic():
            written = queries.snapshot_replace(
                period=period, run_id=run.pk, computed_at=timezone.now(), rows=rows
            )
            ComputationRun.objects.filter(pk=run.pk).update(
                status=ComputationRun.Status.DONE,
                finished_at=timezone.now(),
                duration=datetime.timedelta(seconds=time.monotonic() - started),
                rows=written,
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
    except durable.CONNECTION_ERRORS:
        # Not the run's fault: back to the sweep, which sends it again.
        logger.warning("indicator run %s: database connection lost", run.pk)
        durable.release(ComputationRun, run.pk, token)
        raise
    except Exception as exc:
        # The error's class only: messages may carry values from the register.
        _run_failed(run, type(exc).__name__, started)
        logger.exception("indicator run %s failed", run.pk)
        raise
    finally:
        if locked:
            # A lost connection took the session's lock with it.
            with contextlib.suppress(*durable.CONNECTION_ERRORS):
                queries.job_lock_release(ADVISORY_LOCK_KEY)
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
    # Not the outbox: a run waiting for the broker is kept, not failed.
    return ComputationRun.objects.filter(
        status=ComputationRun.Status.STARTED, started_at__lt=stale_before(), sent_at__isnull=False
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
    require(actor, "indicators.manage")
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
    require(actor, "indicators.manage")
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
    require(actor, "indicators.manage")
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
    require(actor, "indicators.manage")
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
    require(actor, "indicators.unlock")
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
    "run_request",
    "runs_fail_stale",
    "runs_sweep",
    "target_set",
]
