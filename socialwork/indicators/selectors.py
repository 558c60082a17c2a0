"""Reads of the indicators app. Pages read snapshots only, never the register;
every queryset goes through scope_for (leadership: all aggregates; commune
roles: their commune's rows; facility staff: none)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from socialwork.accounts.models import Role
from socialwork.accounts.scoping import scope_for
from socialwork.areas.models import AdministrativeUnit, CodeSet, Level
from socialwork.areas.selectors import portal_province

from . import catalogue
from .assessment import Assessment, assess
from .filters import IndicatorTargetFilter, IndicatorValueFilter, RunFilter
from .models import (
    ComputationRun,
    IndicatorTarget,
    IndicatorValue,
    PeriodKind,
    PeriodLock,
)
from .periods import Period, month_period, year_period
from .suppression import suppress_table

TARGET_YEARS = (2025, 2030)


def require_dashboard_access(actor) -> None:
    """Facility staff have no place on the dashboard (no commune of their own)."""
    if not actor.is_authenticated or actor.role == Role.FACILITY:
        raise PermissionDenied


def can_manage(actor) -> bool:
    return actor.is_authenticated and (
        actor.role in (Role.DEPARTMENT, Role.ADMIN) or actor.is_superuser
    )


# --- Lists used by the API (one FilterSet each) ---------------------------------


def value_list(*, actor, filters: dict | None = None) -> QuerySet[IndicatorValue]:
    queryset = scope_for(IndicatorValue.objects.select_related("unit"), actor)
    if filters is not None:
        queryset = IndicatorValueFilter(filters, queryset).qs
    return queryset


def target_list(*, actor, filters: dict | None = None) -> QuerySet[IndicatorTarget]:
    queryset = scope_for(IndicatorTarget.objects.select_related("unit"), actor)
    if filters is not None:
        queryset = IndicatorTargetFilter(filters, queryset).qs
    return queryset


def run_list(*, actor, filters: dict | None = None) -> QuerySet[ComputationRun]:
    queryset = scope_for(ComputationRun.objects.all(), actor)
    if filters is not None:
        queryset = RunFilter(filters, queryset).qs
    return queryset


def run_get(*, actor, run_id: int) -> ComputationRun:
    run = run_list(actor=actor).filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


def last_done_run(*, actor) -> ComputationRun | None:
    return run_list(actor=actor).filter(status=ComputationRun.Status.DONE).first()


# --- The dashboard ----------------------------------------------------------------------


def format_value(indicator: catalogue.Indicator, value: Decimal | None) -> str:
    if value is None:
        return ""
    if indicator.unit == catalogue.COUNT:
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:.1f}".replace(".", ",")
    if indicator.unit == catalogue.GROWTH:
        return f"{'+' if value >= 0 else ''}{text}%"
    return f"{text}%"


@dataclass
class Card:
    indicator: catalogue.Indicator
    value: IndicatorValue | None
    targets: dict[int, Decimal] = field(default_factory=dict)
    unconfirmed: set[int] = field(default_factory=set)
    assessment: Assessment | None = None

    @property
    def display(self) -> str:
        return format_value(self.indicator, self.value.value if self.value else None)

    @property
    def target_2025(self):
        return self.targets.get(2025)

    @property
    def target_2030(self):
        return self.targets.get(2030)

    @property
    def progress(self) -> float | None:
        """Share of the way to the next target, for the bar (0–100)."""
        if not self.value or self.value.value is None or not self.assessment:
            return None
        target = self.assessment.target
        if not target:
            return None
        return float(max(Decimal(0), min(Decimal(100), 100 * self.value.value / target)))


def _first_year_values(unit_id: int, actor) -> dict[str, tuple[int, Decimal]]:
    """Each indicator's earliest year figure for the unit: the baseline of
    the straight-line path where the department entered none."""
    rows = (
        scope_for(IndicatorValue.objects.all(), actor)
        .filter(unit_id=unit_id, breakdown="", period_kind=PeriodKind.YEAR, value__isnull=False)
        .order_by("code", "period_start")
        .distinct("code")
        .values_list("code", "period_end", "value")
    )
    return {code: (end.year, value) for code, end, value in rows}


def cards_for(*, actor, unit: AdministrativeUnit, period: Period) -> list[Card]:
    """One card per indicator of the catalogue for `unit` and `period`
    (a fixed number of queries)."""
    values = {
        v.code: v
        for v in scope_for(IndicatorValue.objects.all(), actor).filter(
            unit=unit, breakdown="", period_kind=period.kind, period_start=period.start
        )
    }
    province = portal_province()
    targets: dict[str, dict[int, Decimal]] = {}
    unconfirmed: dict[str, set[int]] = {}
    # A commune without its own targets is held to the province's.
    target_rows = scope_for(IndicatorTarget.objects.all(), actor).filter(
        unit_id__in=[unit.pk, province.pk if province else unit.pk]
    )
    for target in sorted(target_rows, key=lambda t: t.unit_id == unit.pk):
        targets.setdefault(target.code, {})[target.year] = target.value
        if not target.confirmed:
            unconfirmed.setdefault(target.code, set()).add(target.year)
    first = _first_year_values(unit.pk, actor)
    cards = []
    for indicator in catalogue.all_indicators():
        card = Card(
            indicator=indicator,
            value=values.get(indicator.code),
            targets=targets.get(indicator.code, {}) if indicator.has_targets else {},
            unconfirmed=unconfirmed.get(indicator.code, set()),
        )
        if card.targets:
            if indicator.unit == catalogue.GROWTH:
                from .services import baseline_year_for

                baseline = (baseline_year_for(period.year), Decimal(0))
            else:
                start = first.get(indicator.code)
                baseline = start if start and start[0] < period.year else None
            card.assessment = assess(
                value=card.value.value if card.value else None,
                year=period.year,
                targets=card.targets,
                baseline=baseline,
                higher_is_better=indicator.higher_is_better,
            )
        cards.append(card)
    return cards


def trend(*, actor, code: str, unit_id: int, period: Period) -> dict[str, list]:
    """The indicator's figures by year (all years) and by month (the months
    of the period's year), for the unit."""
    rows = (
        scope_for(IndicatorValue.objects.all(), actor)
        .filter(code=code, unit_id=unit_id, breakdown="")
        .values_list("period_kind", "period_start", "period_end", "value")
    )
    by_key = {(kind, start): (end, value) for kind, start, end, value in rows}
    years = sorted(
        (end.year, value) for (kind, _s), (end, value) in by_key.items() if kind == PeriodKind.YEAR
    )
    months = []
    for month in range(1, 13):
        p = month_period(period.year, month)
        found = by_key.get((PeriodKind.MONTH, p.start))
        months.append((p.label, found[1] if found else None))
    return {"years": [(str(y), v) for y, v in years], "months": months}


@dataclass
class CommuneCell:
    unit: AdministrativeUnit
    value: IndicatorValue
    numerator_hidden: bool = False
    denominator_hidden: bool = False

    @property
    def value_hidden(self) -> bool:
        return self.numerator_hidden or self.denominator_hidden


def _suppressed(indicator: catalogue.Indicator, cells: list[CommuneCell]) -> list[CommuneCell]:
    if not indicator.sensitive_small_counts:
        return cells
    table = suppress_table({c.unit.pk: (c.value.numerator, c.value.denominator) for c in cells})
    for cell in cells:
        cell.numerator_hidden = table[cell.unit.pk].numerator_hidden
        cell.denominator_hidden = table[cell.unit.pk].denominator_hidden
    return cells


SORTS = ("worst", "best", "name", "numerator")


def commune_breakdown(
    *, actor, indicator: catalogue.Indicator, period: Period, sort: str = "worst"
) -> list[CommuneCell]:
    """The communes' rows for one indicator and period, suppressed where the
    indicator is sensitive, sorted (worst first by default: hidden and empty
    values last, so a hidden cell's rank tells nothing)."""
    rows = (
        scope_for(IndicatorValue.objects.select_related("unit"), actor)
        .filter(
            code=indicator.code,
            breakdown="",
            period_kind=period.kind,
            period_start=period.start,
            unit__level=Level.COMMUNE,
        )
        .order_by("unit__name")
    )
    cells = _suppressed(indicator, [CommuneCell(unit=row.unit, value=row) for row in rows])
    if sort == "name":
        return cells
    # Hidden rows go last in name order (sorted is stable): their place among
    # themselves must not rank the counts they hide.
    if sort == "numerator":
        return sorted(
            cells, key=lambda c: (True, 0) if c.value_hidden else (False, -c.value.numerator)
        )
    best = sort == "best"
    higher = indicator.higher_is_better

    def key(cell: CommuneCell):
        if cell.value_hidden or cell.value.value is None:
            return (True, Decimal(0))
        v = cell.value.value
        ascending = higher != best  # worst first: lowest where higher is better
        return (False, v if ascending else -v)

    return sorted(cells, key=key)


def breakdown_rows(*, actor, indicator: catalogue.Indicator, unit_id: int, period: Period):
    """The unit's breakdown rows (by unit type, by category)."""
    return list(
        scope_for(IndicatorValue.objects.all(), actor)
        .filter(
            code=indicator.code,
            unit_id=unit_id,
            period_kind=period.kind,
            period_start=period.start,
        )
        .exclude(breakdown="")
        .order_by("breakdown")
    )


def commune_get(*, actor, unit_id: int) -> AdministrativeUnit:
    """A commune of the portal province the actor may see (own commune for
    commune roles; another commune's id is a 404)."""
    unit = AdministrativeUnit.objects.filter(
        pk=unit_id, level=Level.COMMUNE, code_set=CodeSet.CURRENT, province=portal_province()
    ).first()
    if unit is None:
        raise Http404
    if actor.is_commune_level and actor.area_id != unit.pk:
        raise Http404
    return unit


def commune_cards(*, actor, unit: AdministrativeUnit, period: Period) -> list[tuple[Card, bool]]:
    """Cards for one commune, each with whether its counts are suppressed
    (decided on the whole column, as in the breakdown table)."""
    cards = cards_for(actor=actor, unit=unit, period=period)
    sensitive = [c.indicator for c in cards if c.indicator.sensitive_small_counts]
    hidden: dict[str, bool] = {}
    if sensitive:
        # The full column is needed to apply secondary suppression; read it
        # unscoped (aggregates only, used to hide, never shown).
        rows = IndicatorValue.objects.filter(
            code__in=[i.code for i in sensitive],
            breakdown="",
            period_kind=period.kind,
            period_start=period.start,
            unit__level=Level.COMMUNE,
        ).values_list("code", "unit_id", "numerator", "denominator")
        columns: dict[str, dict] = {}
        for code, unit_id, num, den in rows:
            columns.setdefault(code, {})[unit_id] = (num, den)
        for code, table in columns.items():
            row = suppress_table(table).get(unit.pk)
            hidden[code] = bool(row and row.value_hidden)
    for card in cards:
        if hidden.get(card.indicator.code):
            # A status or a progress bar bounds the hidden rate ("on track,
            # expected 90" with a denominator of at most 4 says all were
            # served): a hidden card carries neither, only the targets.
            card.assessment = None
    return [(card, hidden.get(card.indicator.code, False)) for card in cards]


def suppressed_value_ids(rows: list[IndicatorValue]) -> set[int]:
    """Ids among `rows` whose counts must be hidden: commune rows of sensitive
    indicators, decided on their whole column (one query for all columns)."""
    sensitive = {i.code for i in catalogue.all_indicators() if i.sensitive_small_counts}
    wanted = {
        (r.code, r.breakdown, r.period_kind, r.period_start)
        for r in rows
        if r.code in sensitive and r.unit.level == Level.COMMUNE
    }
    if not wanted:
        return set()
    column_rows = IndicatorValue.objects.filter(
        code__in={w[0] for w in wanted},
        period_kind__in={w[2] for w in wanted},
        period_start__in={w[3] for w in wanted},
        unit__level=Level.COMMUNE,
    ).values_list(
        "pk", "code", "breakdown", "period_kind", "period_start", "numerator", "denominator"
    )
    columns: dict[tuple, dict[int, tuple]] = {}
    for pk, code, breakdown, kind, start, num, den in column_rows:
        key = (code, breakdown, kind, start)
        if key in wanted:
            columns.setdefault(key, {})[pk] = (num, den)
    hidden: set[int] = set()
    for table in columns.values():
        hidden |= {pk for pk, row in suppress_table(table).items() if row.value_hidden}
    return hidden


def period_locked(period: Period) -> PeriodLock | None:
    return PeriodLock.objects.filter(period_kind=period.kind, period_start=period.start).first()


def locks(*, actor) -> QuerySet[PeriodLock]:
    return scope_for(PeriodLock.objects.select_related("locked_by"), actor).order_by(
        "-period_start"
    )


def default_period() -> Period:
    from .periods import today

    return year_period(today().year)
