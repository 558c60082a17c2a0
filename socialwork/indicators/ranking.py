"""Communes ranked by progress towards the plan targets, worst first (issue #17).

A commune's progress on one rate indicator is its value against where the
province's plan expects it to be now (the card's expected value on the way to
the next confirmed target; the target itself when no trajectory applies),
capped at 150%; lower-is-better indicators are read the other way. Its score
is the mean over the indicators it has a visible value for.

Disclosure: only cells that `commune_breakdown` shows count. A suppressed
cell (small counts) takes no part in the score, so neither the score nor the
rank bounds the hidden count; communes with no visible cell rank last, by name.
Aggregates only: leadership may read this page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from socialwork.areas.models import AdministrativeUnit
from socialwork.areas.selectors import portal_province

from . import catalogue
from .periods import Period
from .selectors import cards_for, commune_breakdown

CAP = Decimal(150)


@dataclass
class RankRow:
    unit: AdministrativeUnit
    # code → progress in percent of the expected value (None: not scored).
    progress: dict[str, Decimal] = field(default_factory=dict)

    @property
    def score(self) -> Decimal | None:
        if not self.progress:
            return None
        return sum(self.progress.values(), Decimal(0)) / len(self.progress)

    @property
    def worst(self) -> tuple[str, Decimal] | None:
        if not self.progress:
            return None
        return min(self.progress.items(), key=lambda item: (item[1], item[0]))

    @property
    def behind(self) -> int:
        """Indicators below the expected value (under 100%)."""
        return sum(1 for v in self.progress.values() if v < 100)


def _progress(value: Decimal, expected: Decimal, higher_is_better: bool) -> Decimal | None:
    if higher_is_better:
        if expected <= 0:
            return None
        share = 100 * value / expected
    else:
        if value <= 0:
            return CAP  # nothing of what should fall: as good as it gets
        share = 100 * expected / value
    return min(CAP, max(Decimal(0), share)).quantize(Decimal("0.1"))


def scored_indicators(*, actor, period: Period) -> list[tuple[catalogue.Indicator, Decimal]]:
    """The rate indicators with a confirmed expected value this period."""
    province = portal_province()
    if province is None:
        return []
    found = []
    for card in cards_for(actor=actor, unit=province, period=period):
        indicator = card.indicator
        if indicator.unit != catalogue.PERCENT or not card.assessment:
            continue
        expected = card.assessment.expected or card.assessment.target
        if expected is not None:
            found.append((indicator, Decimal(expected)))
    return found


def commune_ranking(*, actor, period: Period) -> tuple[list[RankRow], list[catalogue.Indicator]]:
    """Rows worst first, and the indicators scored (a fixed number of queries:
    one breakdown per scored indicator)."""
    scored = scored_indicators(actor=actor, period=period)
    rows: dict[int, RankRow] = {}
    for indicator, expected in scored:
        for cell in commune_breakdown(actor=actor, indicator=indicator, period=period, sort="name"):
            row = rows.setdefault(cell.unit.pk, RankRow(unit=cell.unit))
            if cell.value_hidden or cell.value.value is None:
                continue
            share = _progress(cell.value.value, expected, indicator.higher_is_better)
            if share is not None:
                row.progress[indicator.code] = share
    ordered = sorted(
        rows.values(),
        key=lambda r: (r.score is None, r.score if r.score is not None else 0, r.unit.name),
    )
    return ordered, [indicator for indicator, _expected in scored]
