"""Reads of the indicators app. Pages read snapshots only, never the register;
every queryset goes through scope_for (leadership: all aggregates; commune
roles: their commune's rows; facility staff: none)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from socialwork.accounts.scoping import scope_for
from socialwork.areas.models import AdministrativeUnit, CodeSet, Level
from socialwork.areas.selectors import portal_province
from socialwork.numbers import grouped

from . import catalogue
from .assessment import DATA_QUALITY, Assessment, assess, data_quality_cause
from .filters import IndicatorTargetFilter, IndicatorValueFilter, RunFilter
from .models import (
    ComputationRun,
    IndicatorTarget,
    IndicatorValue,
    OfficialDenominator,
    PeriodKind,
    PeriodLock,
    ValueSource,
)
from .periods import Period, baseline_year_for, month_period, today, year_period
from .suppression import suppress_table

TARGET_YEARS = (2025, 2030)


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
        return grouped(value)
    text = f"{value:.1f}".replace(".", ",")
    if indicator.unit == catalogue.GROWTH:
        return f"{'+' if value >= 0 else ''}{text}%"
    return f"{text}%"


@dataclass
class Card:
    indicator: catalogue.Indicator
    value: IndicatorValue | None
    # Confirmed targets (assessed against) and the years whose target is not
    # confirmed (shown as such, never assessed against: DOMAIN §1.1).
    targets: dict[int, Decimal] = field(default_factory=dict)
    unconfirmed: set[int] = field(default_factory=set)
    assessment: Assessment | None = None
    # The period contains today: its figures are "to date", not final.
    in_progress: bool = False
    # The same unit's figure for the period before (the change is shown).
    previous: IndicatorValue | None = None
    # The official denominator entered for the year, where the card shows it
    # as outdated (below the register's own count).
    official_outdated: int | None = None
    baseline_year: int | None = None
    # The target that applies to the period is unconfirmed: no status.
    target_unconfirmed: bool = False

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
    def has_target_years(self) -> bool:
        return bool(self.targets or self.unconfirmed)

    def next_target_unconfirmed(self, year: int) -> bool:
        """The target that would apply to `year` (the next one, or the last
        once all are past) is not confirmed: nothing is assessed against it,
        nor against an earlier one standing in for it."""
        years = set(self.targets) | self.unconfirmed
        if not years:
            return False
        ahead = [y for y in years if y >= year]
        return (min(ahead) if ahead else max(years)) in self.unconfirmed

    @property
    def data_quality(self) -> bool:
        return bool(self.assessment and self.assessment.status == DATA_QUALITY)

    @property
    def count_display(self) -> str:
        """The count itself (CTXH-03's N_t), shown with or without a baseline."""
        if not self.value:
            return ""
        return grouped(self.value.numerator)

    @property
    def change_display(self) -> str:
        """The change from the period before: points for a rate, people for a
        growth's count, units for a count ("" when either is missing)."""
        if not self.value or not self.previous:
            return ""
        if self.indicator.unit == catalogue.PERCENT:
            if self.value.value is None or self.previous.value is None:
                return ""
            diff = self.value.value - self.previous.value
            text = f"{diff:+.1f}".replace(".", ",")
            return _("%(diff)s điểm so với kỳ trước") % {"diff": text}
        change = self.value.numerator - self.previous.numerator
        text = grouped(change, sign=True)
        return _("%(diff)s so với kỳ trước (%(before)s)") % {
            "diff": text,
            "before": grouped(self.previous.numerator),
        }

    @property
    def bar_scale(self) -> Decimal:
        """The bar's full width: 100% for a rate; for a growth, the larger of
        the next target and the value, with room."""
        if self.indicator.unit == catalogue.PERCENT:
            return Decimal(100)
        top = [abs(v) for v in (self.next_target, self.value.value if self.value else None) if v]
        return max([Decimal(1), *top]) * Decimal("1.25")

    @property
    def next_target(self) -> Decimal | None:
        return self.assessment.target if self.assessment else None

    @property
    def progress(self) -> float | None:
        """The value on the bar's scale (0–100), with the target marked apart."""
        if not self.value or self.value.value is None:
            return None
        share = 100 * self.value.value / self.bar_scale
        return float(max(Decimal(0), min(Decimal(100), share)))

    @property
    def target_mark(self) -> float | None:
        if self.next_target is None:
            return None
        return float(max(Decimal(0), min(Decimal(100), 100 * self.next_target / self.bar_scale)))


def _first_year_values(unit_id: int, actor) -> dict[str, tuple[int, Decimal]]:
    """Each indicator's earliest usable year figure for the unit: the baseline
    of the straight-line path where the department entered none. A year
    still in progress, or a figure that is not a rate (above 100%), is no
    starting point."""

    rows = (
        scope_for(IndicatorValue.objects.all(), actor)
        .filter(
            unit_id=unit_id,
            breakdown="",
            period_kind=PeriodKind.YEAR,
            value__isnull=False,
            period_end__lt=today(),
        )
        .exclude(value__gt=100, code__in=_rate_codes())
        .order_by("code", "period_start")
        .distinct("code")
        .values_list("code", "period_end", "value")
    )
    return {code: (end.year, value) for code, end, value in rows if value is not None}


def _rate_codes() -> list[str]:
    return [i.code for i in catalogue.all_indicators() if i.unit == catalogue.PERCENT]


def _previous_period(period: Period) -> Period:
    if period.kind == PeriodKind.YEAR:
        return year_period(period.year - 1)
    month = period.end.month
    return month_period(period.year - 1, 12) if month == 1 else month_period(period.year, month - 1)


def cards_for(*, actor, unit: AdministrativeUnit, period: Period) -> list[Card]:
    """One card per indicator of the catalogue for `unit` and `period`
    (a fixed number of queries)."""

    before = _previous_period(period)
    values: dict[str, IndicatorValue] = {}
    previous: dict[str, IndicatorValue] = {}
    for v in scope_for(IndicatorValue.objects.all(), actor).filter(
        unit=unit,
        breakdown="",
        period_kind=period.kind,
        period_start__in=[period.start, before.start],
    ):
        (values if v.period_start == period.start else previous)[v.code] = v
    province = portal_province()
    targets: dict[str, dict[int, Decimal]] = {}
    unconfirmed: dict[str, set[int]] = {}
    # A commune without its own targets is held to the province's.
    target_rows = scope_for(IndicatorTarget.objects.all(), actor).filter(
        unit_id__in=[unit.pk, province.pk if province else unit.pk]
    )
    for target in sorted(target_rows, key=lambda t: t.unit_id == unit.pk):
        if target.confirmed:
            targets.setdefault(target.code, {})[target.year] = target.value
            unconfirmed.get(target.code, set()).discard(target.year)
        else:
            targets.get(target.code, {}).pop(target.year, None)
            unconfirmed.setdefault(target.code, set()).add(target.year)
    outdated_codes = [
        code for code, v in values.items() if v.source == ValueSource.OFFICIAL_OUTDATED
    ]
    officials = (
        dict(
            OfficialDenominator.objects.filter(
                code__in=outdated_codes, unit=unit, year=period.year
            ).values_list("code", "value")
        )
        if outdated_codes
        else {}
    )
    first = _first_year_values(unit.pk, actor)
    in_progress = period.contains(today())
    cards = []
    for indicator in catalogue.all_indicators():
        value = values.get(indicator.code)
        card = Card(
            indicator=indicator,
            value=value,
            targets=targets.get(indicator.code, {}) if indicator.has_targets else {},
            unconfirmed=unconfirmed.get(indicator.code, set()) if indicator.has_targets else set(),
            in_progress=in_progress,
            previous=previous.get(indicator.code),
            official_outdated=officials.get(indicator.code),
        )
        if indicator.unit == catalogue.GROWTH:
            card.baseline_year = baseline_year_for(period.year)
        cause = ""
        if value is not None and indicator.unit == catalogue.PERCENT:
            cause = data_quality_cause(
                numerator=value.numerator,
                denominator=value.denominator,
                value=value.value,
                official=value.source == ValueSource.OFFICIAL,
            )
        card.target_unconfirmed = card.next_target_unconfirmed(period.year)
        if card.targets and not card.target_unconfirmed:
            baseline: tuple[int, Decimal] | None
            if indicator.unit == catalogue.GROWTH:
                assert card.baseline_year is not None  # set above for a growth
                baseline = (card.baseline_year, Decimal(0))
            else:
                start = first.get(indicator.code)
                baseline = start if start and start[0] < period.year else None
            card.assessment = assess(
                value=value.value if value else None,
                year=period.year,
                targets=card.targets,
                baseline=baseline,
                higher_is_better=indicator.higher_is_better,
                cause=cause,
            )
        elif cause and value is not None:  # a cause comes with a value
            # No target to assess against, but a rate above 100% is still flagged.
            card.assessment = Assessment(
                DATA_QUALITY, None, None, None, value=value.value, cause=cause
            )
        cards.append(card)
    return cards


def trend(*, actor, code: str, unit_id: int, period: Period) -> dict[str, list]:
    """The indicator's figures by year (all years) and by month (the months
    of the period's year), for the unit. Each point is (label, value,
    in_progress): the year and the month containing today are "to date"."""

    day = today()
    rows = (
        scope_for(IndicatorValue.objects.all(), actor)
        .filter(code=code, unit_id=unit_id, breakdown="")
        .values_list("period_kind", "period_start", "period_end", "value")
    )
    by_key = {(kind, start): (start, end, value) for kind, start, end, value in rows}
    years = sorted(
        (end.year, value, start <= day <= end)
        for (kind, _s), (start, end, value) in by_key.items()
        if kind == PeriodKind.YEAR
    )
    months: list[tuple[str, Decimal | None, bool]] = []
    for month in range(1, 13):
        p = month_period(period.year, month)
        if p.start > day:
            months.append((p.label[:2], None, False))
            continue
        found = by_key.get((PeriodKind.MONTH, p.start))
        months.append((p.label[:2], found[2] if found else None, p.contains(day)))
    return {"years": [(str(y), v, partial) for y, v, partial in years], "months": months}


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


@dataclass
class Reconciliation:
    """How the commune rows relate to the province figure: the visible sums
    and, where they differ from the province, why (in words)."""

    visible_numerator: int
    visible_denominator: int | None
    hidden_cells: int
    reasons: list[str]

    @property
    def adds_up(self) -> bool:
        return not self.reasons


def commune_reconciliation(
    *, indicator: catalogue.Indicator, total: IndicatorValue | None, cells: list[CommuneCell]
) -> Reconciliation | None:
    """Whether the commune table adds up to the province row, and if not why:
    cells hidden for small numbers (their sum is the difference, never each
    one), people or units counted in the province but in no commune, or a
    province denominator taken from official statistics or a baseline rather
    than summed. Only published figures are summed."""
    if total is None:
        return None
    numerators = [c.value.numerator for c in cells if not c.numerator_hidden]
    denominators = [
        c.value.denominator
        for c in cells
        if not c.denominator_hidden and c.value.denominator is not None
    ]
    hidden = sum(1 for c in cells if c.numerator_hidden or c.denominator_hidden)
    has_den = total.denominator is not None and indicator.unit == catalogue.PERCENT
    visible_num = sum(numerators)
    visible_den = sum(denominators) if has_den else None
    reasons: list[str] = []
    if hidden:
        reasons.append(
            _(
                "%(cells)s ô bị ẩn vì số nhỏ (hoặc ẩn thêm để không suy ra được ô nhỏ): phần "
                "chênh lệch với toàn tỉnh nằm trong các ô này, không công bố từng ô."
            )
            % {"cells": hidden}
        )
    true_num = sum(c.value.numerator for c in cells)
    if true_num != total.numerator:
        reasons.append(
            _(
                "Toàn tỉnh có %(count)s không thuộc xã/phường nào (đơn vị hoặc người chưa gắn "
                "với xã/phường hiện hành), nên các xã cộng lại ít hơn toàn tỉnh."
            )
            % {"count": abs(total.numerator - true_num)}
        )
    if (
        has_den
        and total.source != ValueSource.REGISTER
        and total.source != (ValueSource.OFFICIAL_OUTDATED)
    ):
        reasons.append(
            _(
                "Mẫu số toàn tỉnh là số thống kê chính thức, không phải tổng mẫu số các xã "
                "(mẫu số từng xã là số trong sổ đăng ký, trừ xã Sở đã nhập số chính thức)."
            )
        )
    elif has_den and not hidden:
        true_den = sum(c.value.denominator or 0 for c in cells)
        if true_den != total.denominator and not any(
            c.value.source != ValueSource.REGISTER for c in cells
        ):
            reasons.append(
                _("Mẫu số toàn tỉnh khác tổng các xã: có đơn vị không thuộc xã/phường nào.")
            )
    return Reconciliation(visible_num, visible_den, hidden, reasons)


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
    columns: dict[tuple, dict[int, tuple[int | None, int | None]]] = {}
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

    return year_period(today().year)
