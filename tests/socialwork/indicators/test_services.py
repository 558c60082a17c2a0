"""The computation job: snapshot, idempotency, locks, failures, progress."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from socialwork.indicators import catalogue, queries, services
from socialwork.indicators.models import (
    ComputationRun,
    IndicatorTarget,
    IndicatorValue,
    PeriodLock,
    PeriodLockEvent,
    ValueSource,
)
from socialwork.indicators.periods import month_period, year_period
from tests.factories import AdminUserFactory, CollaboratorUserFactory, LeadershipUserFactory

from .factories import (
    BaselineFactory,
    ComputationRunFactory,
    OfficialDenominatorFactory,
    PeriodLockFactory,
)

YEAR = year_period(2025)


def _snapshot():
    return sorted(
        IndicatorValue.objects.values_list(
            "code",
            "breakdown",
            "unit_id",
            "period_kind",
            "period_start",
            "numerator",
            "denominator",
            "value",
            "source",
        )
    )


@pytest.mark.django_db
def test_compute_writes_snapshot_and_run(small_province, department):
    p = small_province
    run = services.indicators_compute(period=YEAR, triggered_by=department)
    assert run.status == ComputationRun.Status.DONE
    assert run.done_steps == run.total_steps == len(catalogue.computable("year"))
    assert run.rows == IndicatorValue.objects.count() > 0
    assert run.duration is not None and run.triggered_by == department
    row = IndicatorValue.objects.get(code="CTXH-01", breakdown="", unit=p["province"])
    assert (row.numerator, row.denominator, row.value) == (3, 6, Decimal("50.0000"))
    # No denominator: no value, never a made-up 0%.
    empty = IndicatorValue.objects.get(code="CTXH-04", unit=p["b"])
    assert (empty.numerator, empty.denominator) == (0, 1)
    assert IndicatorValue.objects.get(code="CTXH-02", unit=p["c"]).value is None
    # Nobody is flagged "no carer" here: TGXH-966a states 0 of 0, no rate.
    no_carer = IndicatorValue.objects.get(code="TGXH-966a", unit=p["province"])
    assert (no_carer.numerator, no_carer.denominator, no_carer.value) == (0, 0, None)


@pytest.mark.django_db
def test_compute_twice_gives_identical_table(small_province):
    services.indicators_compute(period=YEAR)
    first = _snapshot()
    services.indicators_compute(period=YEAR)
    assert _snapshot() == first
    assert ComputationRun.objects.filter(status="done").count() == 2
    # Only the second run's rows remain.
    assert IndicatorValue.objects.values("run").distinct().count() == 1


@pytest.mark.django_db
def test_compute_leaves_other_periods_alone(small_province):
    services.indicators_compute(period=YEAR)
    services.indicators_compute(period=month_period(2025, 5))
    assert IndicatorValue.objects.filter(period_kind="year").count() > 0
    assert IndicatorValue.objects.filter(period_kind="month").count() > 0


@pytest.mark.django_db
def test_locked_period_refuses(small_province):
    services.indicators_compute(period=YEAR)
    before = _snapshot()
    PeriodLockFactory()
    with pytest.raises(services.PeriodLocked):
        services.indicators_compute(period=YEAR)
    assert _snapshot() == before


@pytest.mark.django_db
def test_failed_run_leaves_previous_snapshot(small_province, monkeypatch):
    services.indicators_compute(period=YEAR)
    before = _snapshot()

    def broken(ctx):
        raise RuntimeError("boom")

    bad = catalogue.Indicator(
        code="TEST-BROKEN",
        name="x",
        unit=catalogue.COUNT,
        numerator_text="",
        denominator_text="",
        compute=broken,
    )
    monkeypatch.setitem(catalogue.CATALOGUE, "TEST-BROKEN", bad)
    with pytest.raises(RuntimeError):
        services.indicators_compute(period=YEAR)
    assert _snapshot() == before
    failed = ComputationRun.objects.get(status="failed")
    assert failed.error == "RuntimeError"  # the class only: no register data in errors
    assert failed.finished_at is not None


@pytest.mark.django_db
def test_advisory_lock_prevents_overlap(small_province):
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [services.ADVISORY_LOCK_KEY])
            assert cursor.fetchone()[0] is True
        with pytest.raises(services.ComputationBusy):
            services.indicators_compute(period=YEAR)
        assert not IndicatorValue.objects.exists()
        assert ComputationRun.objects.get().status == "failed"
    finally:
        other.rollback()
        other.close()
    # Once the other transaction ends, the job runs.
    assert services.indicators_compute(period=YEAR).status == "done"


def _spy_on_progress(monkeypatch, seen: list) -> None:
    """Add an indicator, run last, that reads the run and the snapshot from
    another connection, as the progress page would."""

    def spy(ctx):
        reader = connections.create_connection("default")
        try:
            with reader.cursor() as cursor:
                cursor.execute("SELECT done_steps, status FROM indicators_computationrun")
                seen.append(cursor.fetchone())
                cursor.execute("SELECT count(*) FROM indicators_indicatorvalue")
                seen.append(cursor.fetchone())
        finally:
            reader.close()
        return []

    spy_indicator = catalogue.Indicator(
        code="TEST-SPY",
        name="x",
        unit=catalogue.COUNT,
        numerator_text="",
        denominator_text="",
        compute=spy,
    )
    monkeypatch.setitem(catalogue.CATALOGUE, "TEST-SPY", spy_indicator)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_progress_is_visible_while_the_run_is_open(small_province, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_INTERVAL", 0)
    seen = []
    _spy_on_progress(monkeypatch, seen)
    run = services.indicators_compute(period=YEAR)
    steps = len(catalogue.computable("year"))
    # The spy runs last: every step before it is committed and visible, and
    # no snapshot row of the open run is.
    assert seen == [(steps - 1, "started"), (0,)]
    assert run.done_steps == steps


@pytest.mark.django_db
def test_lock_and_commit_mode_are_given_back_after_a_failure(small_province, monkeypatch):
    """The session-level lock and synchronous_commit=off last the run only,
    failed or not: the worker's connection is reused by other tasks."""

    def broken(ctx):
        raise RuntimeError("boom")

    bad = catalogue.Indicator(
        code="TEST-BROKEN",
        name="x",
        unit=catalogue.COUNT,
        numerator_text="",
        denominator_text="",
        compute=broken,
    )
    monkeypatch.setitem(catalogue.CATALOGUE, "TEST-BROKEN", bad)
    with pytest.raises(RuntimeError):
        services.indicators_compute(period=YEAR)
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [services.ADVISORY_LOCK_KEY])
            assert cursor.fetchone()[0] is True
            cursor.execute("SELECT pg_advisory_unlock(%s)", [services.ADVISORY_LOCK_KEY])
    finally:
        other.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_progress_is_written_at_most_every_interval(small_province, monkeypatch):
    """Each progress write is a commit: a fast run writes none before its end."""
    monkeypatch.setattr(services, "PROGRESS_INTERVAL", 3600)
    seen = []
    _spy_on_progress(monkeypatch, seen)
    run = services.indicators_compute(period=YEAR)
    assert seen == [(0, "started"), (0,)]
    assert run.done_steps == run.total_steps == len(catalogue.computable("year"))


@pytest.mark.django_db
def test_a_failed_swap_leaves_the_previous_snapshot(small_province, monkeypatch):
    """The old rows are deleted and the new ones written in one transaction:
    an error after both statements undoes the delete too."""
    services.indicators_compute(period=YEAR)
    before = _snapshot()
    real = services.queries.snapshot_replace

    def replace_then_fail(**kwargs):
        assert real(**kwargs) > 0
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.queries, "snapshot_replace", replace_then_fail)
    with pytest.raises(RuntimeError):
        services.indicators_compute(period=YEAR)
    assert _snapshot() == before
    assert ComputationRun.objects.latest("pk").status == "failed"


@pytest.mark.django_db
def test_official_denominator_replaces_register(province, commune_a, monkeypatch):
    OfficialDenominatorFactory(code="TEST-OFF", unit=province, year=2025, value=40)

    def fake(ctx):
        return [queries.Row(province.pk, "", 10, 12), queries.Row(commune_a.pk, "", 3, 4)]

    item = catalogue.Indicator(
        code="TEST-OFF",
        name="x",
        unit=catalogue.PERCENT,
        numerator_text="",
        denominator_text="",
        compute=fake,
        denominator=catalogue.DENOMINATOR_OFFICIAL_OR_REGISTER,
    )
    monkeypatch.setattr(catalogue, "CATALOGUE", {"TEST-OFF": item})
    services.indicators_compute(period=YEAR)
    prov = IndicatorValue.objects.get(unit=province)
    assert (prov.denominator, prov.value, prov.source) == (40, Decimal("25.0000"), "official")
    commune = IndicatorValue.objects.get(unit=commune_a)
    assert (commune.denominator, commune.source) == (4, ValueSource.REGISTER)


@pytest.mark.django_db
def test_official_denominator_below_the_register_is_flagged_outdated(
    province, commune_a, monkeypatch
):
    """An official figure below what the register itself holds cannot be
    right: the register's count is the denominator, the source says why."""
    OfficialDenominatorFactory(code="TEST-OFF", unit=province, year=2025, value=977)

    def fake(ctx):
        return [queries.Row(province.pk, "", 3210, 5342), queries.Row(commune_a.pk, "", 3, 4)]

    item = catalogue.Indicator(
        code="TEST-OFF",
        name="x",
        unit=catalogue.PERCENT,
        numerator_text="",
        denominator_text="",
        compute=fake,
        denominator=catalogue.DENOMINATOR_OFFICIAL_OR_REGISTER,
    )
    monkeypatch.setattr(catalogue, "CATALOGUE", {"TEST-OFF": item})
    services.indicators_compute(period=YEAR)
    prov = IndicatorValue.objects.get(unit=province)
    assert (prov.numerator, prov.denominator, prov.source) == (3210, 5342, "outdated")
    assert prov.value == Decimal("60.0899")


@pytest.mark.django_db
def test_growth_from_2026_uses_the_portals_own_2025_count(province, commune_a, monkeypatch):
    """DOMAIN §1.2: the 2026–2030 phase compares with 2025. Without an entered
    2025 figure, the portal's own 2025 snapshot is the baseline; an entered
    one wins."""
    counts = {2025: 800, 2026: 1000}

    def fake(ctx):
        n = counts[ctx.period.year]
        return [queries.Row(province.pk, "", n, None), queries.Row(commune_a.pk, "", n // 2, None)]

    item = catalogue.Indicator(
        code="TEST-GROW",
        name="x",
        unit=catalogue.GROWTH,
        numerator_text="",
        denominator_text="",
        compute=fake,
        denominator=catalogue.DENOMINATOR_BASELINE,
        period_kinds=("year",),
    )
    monkeypatch.setattr(catalogue, "CATALOGUE", {"TEST-GROW": item})
    services.indicators_compute(period=year_period(2025))
    services.indicators_compute(period=year_period(2026))
    row = IndicatorValue.objects.get(unit=province, period_start__year=2026)
    assert (row.numerator, row.denominator, row.value, row.source) == (
        1000,
        800,
        Decimal("25.0000"),
        "register",
    )
    commune = IndicatorValue.objects.get(unit=commune_a, period_start__year=2026)
    assert (commune.denominator, commune.value) == (400, Decimal("25.0000"))
    BaselineFactory(code="TEST-GROW", unit=province, year=2025, value=Decimal("500"))
    services.indicators_compute(period=year_period(2026))
    row = IndicatorValue.objects.get(unit=province, period_start__year=2026)
    assert (row.denominator, row.value, row.source) == (500, Decimal("100.0000"), "official")


@pytest.mark.django_db
def test_growth_against_baseline(province, commune_a, monkeypatch):
    BaselineFactory(code="TEST-GROW", unit=province, year=2020, value=Decimal("1000"))

    def fake(ctx):
        return [queries.Row(province.pk, "", 1250, None), queries.Row(commune_a.pk, "", 7, None)]

    item = catalogue.Indicator(
        code="TEST-GROW",
        name="x",
        unit=catalogue.GROWTH,
        numerator_text="",
        denominator_text="",
        compute=fake,
        denominator=catalogue.DENOMINATOR_BASELINE,
        period_kinds=("year",),
    )
    monkeypatch.setattr(catalogue, "CATALOGUE", {"TEST-GROW": item})
    services.indicators_compute(period=YEAR)
    prov = IndicatorValue.objects.get(unit=province)
    assert (prov.numerator, prov.denominator, prov.value) == (1250, 1000, Decimal("25.0000"))
    # No baseline entered for the commune: its growth cannot be stated.
    assert IndicatorValue.objects.get(unit=commune_a).value is None
    # A month period skips year-only indicators.
    run = services.indicators_compute(period=month_period(2025, 3))
    assert run.total_steps == 0


@pytest.mark.django_db
def test_default_targets_loaded_once(province, department):
    services.target_defaults_load(province=province)
    assert IndicatorTarget.objects.get(code="CTXH-01", year=2030).value == Decimal("90")
    assert IndicatorTarget.objects.get(code="CTXH-04", year=2030).confirmed is False
    services.target_set(
        code="CTXH-01", unit=province, year=2025, value=Decimal("70"), actor=department
    )
    services.target_defaults_load(province=province)
    assert IndicatorTarget.objects.get(code="CTXH-01", year=2025).value == Decimal("70")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "year", "value", "field"),
    [
        ("NOPE", 2025, "10", "code"),
        ("NET-COLLABORATORS", 2025, "10", "code"),
        ("CTXH-01", 2019, "10", "year"),
        ("CTXH-01", 2025, "120", "value"),
    ],
)
def test_target_set_refuses_bad_input(province, department, code, year, value, field):
    with pytest.raises(ValidationError) as error:
        services.target_set(
            code=code, unit=province, year=year, value=Decimal(value), actor=department
        )
    assert field in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [LeadershipUserFactory, CollaboratorUserFactory])
def test_only_department_edits_targets(province, factory):
    with pytest.raises(PermissionDenied):
        services.target_set(
            code="CTXH-01", unit=province, year=2025, value=Decimal("70"), actor=factory()
        )


@pytest.mark.django_db
def test_lock_and_unlock_with_logged_reason(province, department):
    services.period_lock(period=YEAR, actor=department, reason="Đã gửi Bộ")
    with pytest.raises(ValidationError):
        services.period_lock(period=YEAR, actor=department)
    with pytest.raises(PermissionDenied):
        services.period_unlock(period=YEAR, actor=department, reason="sửa số liệu")
    admin = AdminUserFactory(area=province)
    with pytest.raises(ValidationError):
        services.period_unlock(period=YEAR, actor=admin, reason="  ")
    services.period_unlock(period=YEAR, actor=admin, reason="Sở đề nghị sửa số liệu xã A")
    assert not PeriodLock.objects.exists()
    events = list(PeriodLockEvent.objects.order_by("at").values_list("action", "reason"))
    assert events == [("lock", "Đã gửi Bộ"), ("unlock", "Sở đề nghị sửa số liệu xã A")]


@pytest.mark.django_db
def test_catch_up_finds_missing_and_stale(province, monkeypatch):
    monkeypatch.setattr(services, "today", lambda: datetime.date(2026, 3, 20))
    missing = services.periods_to_catch_up(months_back=3)
    assert [p.key for p in missing] == ["2025", "2026-01", "2026-02", "2026-03", "2026"]
    ComputationRunFactory(
        period_kind="month",
        period_start=datetime.date(2026, 2, 1),
        period_end=datetime.date(2026, 2, 28),
    )
    PeriodLockFactory(period_kind="year", period_start=datetime.date(2025, 1, 1))
    assert [p.key for p in services.periods_to_catch_up(months_back=3)] == [
        "2026-01",
        "2026-03",
        "2026",
    ]
    long_ago = timezone.now() - datetime.timedelta(hours=3)
    stale = ComputationRunFactory(
        status="started", finished_at=None, started_at=long_ago, sent_at=long_ago
    )
    fresh = ComputationRunFactory(status="started", finished_at=None, sent_at=timezone.now())
    # Asked for while the broker was down: kept for the jobs sweep, not failed.
    outbox = ComputationRunFactory(status="started", finished_at=None, started_at=long_ago)
    assert services.runs_fail_stale() == 1
    for run in (stale, fresh, outbox):
        run.refresh_from_db()
    assert (stale.status, fresh.status, outbox.status) == ("failed", "started", "started")


@pytest.mark.django_db
def test_catch_up_redoes_a_period_whose_latest_run_failed(province, monkeypatch):
    """An older done run does not cover a later recompute that was killed:
    the register may have changed since. A running one is left alone."""
    monkeypatch.setattr(services, "today", lambda: datetime.date(2026, 3, 20))
    feb = {
        "period_kind": "month",
        "period_start": datetime.date(2026, 2, 1),
        "period_end": datetime.date(2026, 2, 28),
    }
    jan = {
        **feb,
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 1, 31),
    }
    ComputationRunFactory(**feb)
    ComputationRunFactory(**feb, status="failed")
    ComputationRunFactory(**jan, status="failed")
    ComputationRunFactory(**jan, status="started", finished_at=None)
    keys = [p.key for p in services.periods_to_catch_up(months_back=3)]
    assert "2026-02" in keys and "2026-01" not in keys


@pytest.mark.django_db
def test_every_indicator_is_computed():
    """TGXH-966a was the last one waiting for the register (its category)."""
    from cases.models import NO_CARER_CATEGORY, Category

    assert all(indicator.computable for indicator in catalogue.all_indicators())
    assert Category.objects.filter(code=NO_CARER_CATEGORY, active=True).exists()


@pytest.mark.django_db
def test_a_past_period_is_unchanged_by_a_bulk_import_dated_today(
    province, commune_a, commune_b, department
):
    """Membership is dated (registered_on, since/until), never by insert time:
    a province importing people today (its existing register at go-live, say)
    leaves every past period's figures as they were, while the period that
    contains today counts the new people."""
    from cases.models import NO_CARER_CATEGORY, Beneficiary, Category
    from socialwork.allowances.models import HealthInsuranceCard
    from socialwork.indicators.periods import today
    from socialwork.spreadsheets import services as imports
    from tests.cases.factories import (
        BeneficiaryCategoryFactory,
        BeneficiaryFactory,
        NoCarerFactory,
    )
    from tests.socialwork.spreadsheets.factories import xlsx_file

    orphan = Category.objects.get(code="TE-a")
    # Registered in 2025: two orphans (one with a BHYT card) and one person
    # with no carer; one more orphan registered in 2024 whose category began
    # in 03/2025 (since), and one registered in 2025 with a category from 2026.
    for commune, registered, since, card in (
        (commune_a, datetime.date(2025, 2, 1), None, True),
        (commune_b, datetime.date(2025, 5, 1), None, False),
        (commune_a, datetime.date(2024, 6, 1), datetime.date(2025, 3, 1), False),
        (commune_b, datetime.date(2025, 4, 1), datetime.date(2026, 1, 5), False),
    ):
        child = BeneficiaryFactory(
            commune=commune, birth_date=datetime.date(2016, 1, 1), registered_on=registered
        )
        BeneficiaryCategoryFactory(beneficiary=child, category=orphan, since=since)
        if card:
            HealthInsuranceCard.objects.create(
                beneficiary=child, commune=commune, listed_on=datetime.date(2025, 2, 10)
            )
    NoCarerFactory(
        beneficiary=BeneficiaryFactory(commune=commune_a, registered_on=datetime.date(2025, 1, 6))
    )
    past = [year_period(2025), month_period(2025, 2), month_period(2025, 6)]
    for period in past:
        services.indicators_compute(period=period)

    def figures(period):
        return sorted(
            IndicatorValue.objects.filter(
                period_kind=period.kind, period_start=period.start
            ).values_list("code", "breakdown", "unit_id", "numerator", "denominator", "value")
        )

    before = {p: figures(p) for p in past}
    cell = {(c, u): (n, d) for c, _b, u, n, d, _v in before[year_period(2025)] if _b == ""}
    assert cell[("CTXH-05", province.pk)] == (1, 3)  # the card; 2 from 2025 + the since-03
    assert cell[("TGXH-966a", province.pk)] == (0, 1)
    feb = {(c, u): (n, d) for c, _b, u, n, d, _v in before[month_period(2025, 2)] if _b == ""}
    assert feb[("CTXH-05", province.pk)] == (1, 1)  # only the first was a member in Feb

    # Today the department imports 40 more orphans and people with no carer,
    # with no registration date: they are registered today.
    header = ["Họ và tên", "Ngày sinh", "Giới tính", "Xã/phường (mới)", "Mã nhóm đối tượng"]
    rows = [
        [f"Nguyễn Văn Nhập {i}", "01/01/2015", "Nam", commune_a.name if i % 2 else commune_b.name,
         "TE-a" if i % 4 else NO_CARER_CATEGORY]
        for i in range(40)
    ]  # fmt: skip
    job = imports.import_job_create(
        kind="beneficiaries", file=xlsx_file(rows, header=header), actor=department
    )
    imports.import_job_validate(job_id=job.pk)
    assert imports.import_job_commit(job_id=job.pk, actor_id=department.pk).imported_rows == 40
    assert Beneficiary.objects.filter(registered_on=today()).count() == 40

    for period in past:
        services.indicators_compute(period=period)
        assert figures(period) == before[period], period.key
    # The period containing today does count them.
    now = year_period(today().year)
    services.indicators_compute(period=now)
    current = IndicatorValue.objects.get(
        code="CTXH-05", breakdown="", unit=province, period_start=now.start
    )
    assert current.denominator == 4 + 30


def test_a_run_that_loses_its_database_goes_back_to_the_sweep(province, monkeypatch):
    """A connection lost mid-run (a database outage) is not the run's fault: the
    run stays started, back in the outbox, and the next jobs sweep sends it
    again at once (instead of a failed run the hourly catch-up redoes)."""
    from django.db import OperationalError

    from socialwork.indicators import queries
    from socialwork.jobs import durable

    run = services.run_create(period=YEAR)
    durable.dispatch(ComputationRun, run.pk, lambda job, token: None)
    run.refresh_from_db()

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(queries, "commune_ids", lost)
    with pytest.raises(OperationalError):
        services.indicators_compute(period=YEAR, run=run, token=run.task_token)
    run.refresh_from_db()
    assert (run.status, run.attempts, run.error) == ("started", 1, "")
    assert run.in_outbox
    sent = []
    monkeypatch.setattr(services, "_send_run", lambda job, token: sent.append(token))
    assert services.runs_sweep()["sent"] == 1 and sent == [2]


@pytest.mark.django_db
def test_an_older_copy_of_a_run_message_computes_nothing(province):
    from socialwork.jobs import durable

    run = services.run_create(period=YEAR)
    durable.dispatch(ComputationRun, run.pk, lambda job, token: None)
    durable.dispatch(ComputationRun, run.pk, lambda job, token: None)  # the sweep's copy
    run.refresh_from_db()
    assert run.task_token == 2
    services.indicators_compute(period=YEAR, run=run, token=1)
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("started", 0)
    services.indicators_compute(period=YEAR, run=run, token=2)
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("done", 1)
    # Redelivered once done (Redis after its visibility timeout): nothing again.
    done_at = run.finished_at
    services.indicators_compute(period=YEAR, run=run, token=2)
    run.refresh_from_db()
    assert (run.finished_at, run.attempts) == (done_at, 1)
