"""The disclosure auditor: an attacker who knows the suppression rule and
reads everything published for one table (an indicator's commune breakdown
for one period), with integer programming (scipy.optimize.milp, HiGHS).

What the attacker is given, for each hidden cell:
- every figure shown: the communes' visible cells, the province totals (a
  column total only where the province row is the sum of its communes: its
  denominator from the register, not an official figure), numerator ≤
  denominator for rates with register denominators, and the rate bands any
  status badge or progress bar of a hidden commune reveals;
- the rule: a hidden cell that is not small holds only ≥ 0; a small one
  (primary, true count 1–4) holds 1–4. As the worst case the attacker knows
  which OTHER communes are small. For the commune under attack, its own
  cells are ≥ 0 unless the rule itself forces them to be small (the old rule
  added no secondary cell to a column that already had two hidden ones, so
  three or more hidden cells there were all small: `forced_small`).

The protection rule: for every small hidden cell, the tightest integer range
the attacker can derive must reach 0 or the threshold (5). LP bounds would be
looser than the integer ones once badges tie numerators to denominators, so
the ranges are integer optima, not LP relaxations.

Also here: the publication of the old rule (kept to show its attacks), of the
current one for plain tables, and the reader of the portal's own output (API
and commune pages) that the tests audit.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.urls import reverse
from scipy.optimize import Bounds, LinearConstraint, milp

from socialwork.indicators.assessment import assess
from socialwork.indicators.suppression import THRESHOLD, suppress_table

BIG = 10**7  # an upper bound standing for "none"
TOLERANCE = 1e-3  # percent: values are stored rounded to 4 decimals

Key = Hashable
Cell = tuple[Key, int]  # (commune, part): part 0 numerator, 1 denominator


@dataclass
class Publication:
    """What is published for one table: for each commune the parts shown
    (None where hidden), the column totals (None where the province figure is
    not the communes' sum), and what badges/bars reveal of hidden rates."""

    rows: dict[Key, tuple[int | None, ...]]
    totals: tuple[int | None, ...]
    ordered: dict[Key, bool] = field(default_factory=dict)
    # Percent intervals (lo, hi) on numerator/denominator of a commune.
    bands: dict[Key, list[tuple[float, float]]] = field(default_factory=dict)
    forced_small: set[Cell] = field(default_factory=set)
    threshold: int = THRESHOLD

    def hidden(self) -> list[Cell]:
        return [
            (k, p)
            for k in sorted(self.rows, key=str)
            for p, v in enumerate(self.rows[k])
            if v is None
        ]


@dataclass(frozen=True)
class Finding:
    cell: Cell
    true: int
    low: int | None  # None: infeasible (the publication contradicts the data)
    high: int | None  # None with a low: no upper bound
    protected: bool


@dataclass
class Audit:
    findings: list[Finding]
    solves: int

    @property
    def disclosed(self) -> list[Finding]:
        return [f for f in self.findings if not f.protected]

    @property
    def ok(self) -> bool:
        return not self.disclosed

    def explain(self) -> str:
        return "; ".join(
            f"{f.cell}: true {f.true}, attacker's range [{f.low}, {f.high}]" for f in self.disclosed
        )


def _range(
    publication: Publication,
    truth: Mapping[Key, tuple[int, ...]],
    target: Cell,
    own_row_free: bool,
) -> tuple[int | None, int | None, int]:
    cells = publication.hidden()
    index = {c: i for i, c in enumerate(cells)}
    n = len(cells)
    small = publication.threshold - 1
    lower, upper = np.zeros(n), np.full(n, float(BIG))
    for (key, part), i in index.items():
        value = truth[key][part]
        own = own_row_free and key == target[0]
        if (key, part) in publication.forced_small or (not own and 1 <= value <= small):
            lower[i], upper[i] = 1, small
    rows, lo, hi = [], [], []

    def add(coefficients: dict[int, float], constant: float, low: float, high: float) -> None:
        row = np.zeros(n)
        for i, c in coefficients.items():
            row[i] += c
        rows.append(row)
        lo.append(low - constant)
        hi.append(high - constant)

    for part, total in enumerate(publication.totals):
        if total is None:
            continue
        shown = sum(v[part] for v in publication.rows.values() if v[part] is not None)
        members = {index[(k, part)]: 1.0 for k, v in publication.rows.items() if v[part] is None}
        if members:
            add(members, shown, total, total)
    for key, values in publication.rows.items():
        if len(values) != 2 or (values[0] is not None and values[1] is not None):
            continue

        def term(
            part: int, factor: float, key=key, values=values
        ) -> tuple[dict[int, float], float]:
            if values[part] is None:
                return {index[(key, part)]: factor}, 0.0
            return {}, factor * values[part]

        if publication.ordered.get(key):
            (a, ca), (b, cb) = term(0, 1.0), term(1, -1.0)
            add(a | b, ca + cb, -np.inf, 0)
        for band_lo, band_hi in publication.bands.get(key, []):
            # A rate was shown as a badge or a bar: the denominator is ≥ 1 and
            # lo ≤ 100·num/den ≤ hi.
            d, cd = term(1, 1.0)
            add(d, cd, 1, np.inf)
            if band_lo > -np.inf:
                (a, ca), (b, cb) = term(0, 100.0), term(1, -(band_lo - TOLERANCE))
                add(_merge(a, b), ca + cb, 0, np.inf)
            if band_hi < np.inf:
                (a, ca), (b, cb) = term(0, 100.0), term(1, -(band_hi + TOLERANCE))
                add(_merge(a, b), ca + cb, -np.inf, 0)
    constraints = [LinearConstraint(np.array(rows), lo, hi)] if rows else []
    out: list[int | None] = []
    solves = 0
    for sign in (1.0, -1.0):
        c = np.zeros(n)
        c[index[target]] = sign
        result = milp(
            c,
            integrality=np.ones(n),
            bounds=Bounds(lower, upper),
            constraints=constraints,
            options={"presolve": True},
        )
        solves += 1
        if result.status != 0:
            return None, None, solves
        out.append(round(sign * result.fun))
    low, high = out
    return low, (None if high >= BIG - 1 else high), solves


def _merge(a: dict[int, float], b: dict[int, float]) -> dict[int, float]:
    merged = dict(a)
    for i, c in b.items():
        merged[i] = merged.get(i, 0.0) + c
    return merged


def audit(publication: Publication, truth: Mapping[Key, tuple[int, ...]]) -> Audit:
    """The attacker's tightest range for every small hidden cell, and whether
    it reaches 0 or the threshold. A small cell left visible is a finding too
    (its range is the value itself)."""
    findings, solves = [], 0
    small = publication.threshold - 1
    for key in sorted(truth, key=str):
        for part, value in enumerate(truth[key]):
            if not 1 <= value <= small:
                continue
            if publication.rows[key][part] is not None:
                findings.append(Finding((key, part), value, value, value, False))
                continue
            low, high, n = _range(publication, truth, (key, part), own_row_free=True)
            solves += n
            if low is None:
                raise AssertionError(f"the publication contradicts the data at {(key, part)}")
            reaches = low <= 0 or high is None or high >= publication.threshold
            findings.append(Finding((key, part), value, low, high, reaches))
    return Audit(findings, solves)


def hidden_ranges(
    publication: Publication, truth: Mapping[Key, tuple[int, ...]]
) -> dict[Cell, tuple[int, int | None]]:
    """The tightest range of every hidden cell, each cell with its own role
    (a small cell 1–4, any other ≥ 0): what the attacker knows of the table
    as a whole."""
    ranges = {}
    for cell in publication.hidden():
        low, high, _n = _range(publication, truth, cell, own_row_free=False)
        if low is None:
            raise AssertionError(f"the publication contradicts the data at {cell}")
        ranges[cell] = (low, high)
    return ranges


# --- Publications of plain tables (no database) ---------------------------------


def current_publication(
    table: Mapping[Key, tuple[int, int | None]], *, threshold: int = THRESHOLD
) -> Publication:
    """What the portal publishes for `table` today: hidden rows whole, the
    column totals, no badge or bar for a hidden row."""
    result = suppress_table(table, threshold=threshold)
    rows, ordered = {}, {}
    for key, (num, den) in table.items():
        parts = (num,) if den is None else (num, den)
        hidden = result[key].value_hidden
        rows[key] = tuple(None if hidden else v for v in parts)
        ordered[key] = den is not None and num <= den
    width = len(next(iter(rows.values())))
    totals = tuple(sum(_parts(v)[p] for v in table.values()) for p in range(width))
    return Publication(rows=rows, totals=totals, ordered=ordered, threshold=threshold)


def _parts(row: tuple[int, int | None]) -> tuple[int, ...]:
    return (row[0],) if row[1] is None else (row[0], row[1])


def truth_of(table: Mapping[Key, tuple[int, int | None]]) -> dict[Key, tuple[int, ...]]:
    return {k: _parts(v) for k, v in table.items()}


def legacy_suppress_column(counts: Mapping[Key, int], threshold: int = THRESHOLD) -> set[Key]:
    """The rule the portal published until December 2026: 1–4 hidden; where
    exactly one cell of a column is hidden, the smallest other non-zero cell
    (else any other) too. Kept here to show how it is undone."""
    hidden = {k for k, v in counts.items() if 1 <= v < threshold}
    if len(hidden) == 1:
        others = [(v, str(k), k) for k, v in counts.items() if k not in hidden]
        non_zero = sorted(o for o in others if o[0] > 0)
        pool = non_zero or sorted(others)
        if pool:
            hidden.add(pool[0][2])
    return hidden


def legacy_publication(
    table: Mapping[Key, tuple[int, int | None]],
    *,
    badges: Mapping[Key, Decimal] | None = None,
    threshold: int = THRESHOLD,
) -> Publication:
    """The old rule's publication: each column on its own, the rate hidden with
    either part, and a hidden commune's card still showing its status badge
    (`badges`: commune → the expected value its card was assessed against)."""
    truth = truth_of(table)
    width = len(next(iter(truth.values())))
    hidden_by_part = [
        legacy_suppress_column({k: v[p] for k, v in truth.items()}, threshold) for p in range(width)
    ]
    rows = {
        k: tuple(None if k in hidden_by_part[p] else v[p] for p in range(width))
        for k, v in truth.items()
    }
    # The rule adds a secondary cell only to a column with one small cell:
    # any other count of hidden cells than two means all of them are small.
    forced = {(k, p) for p, hidden in enumerate(hidden_by_part) if len(hidden) != 2 for k in hidden}
    bands: dict[Key, list[tuple[float, float]]] = {}
    for key, expected in (badges or {}).items():
        num, den = truth[key]
        value = Decimal(100) * num / den if den else None
        status = assess(value=value, year=2030, targets={2030: expected}).status
        bands[key] = [_badge_band(status, float(expected))]
    return Publication(
        rows=rows,
        totals=tuple(sum(v[p] for v in truth.values()) for p in range(width)),
        ordered={k: len(v) == 2 and v[0] <= v[1] for k, v in truth.items()},
        bands=bands,
        forced_small=forced,
        threshold=threshold,
    )


def legacy_suppress_table(rows: Mapping[Key, tuple[int | None, int | None]]) -> dict:
    """The old rule in the shape of suppression.suppress_table, to put it back
    into the portal and audit what it published."""
    from socialwork.indicators.suppression import SuppressedRow

    num = legacy_suppress_column({k: v[0] or 0 for k, v in rows.items()})
    den = legacy_suppress_column({k: v[1] for k, v in rows.items() if v[1] is not None})
    return {k: SuppressedRow(k, k in num, k in den) for k in rows}


def legacy_forced_small(publication: Publication) -> set[Cell]:
    """What the old rule lets an attacker infer from a published pattern: a
    column whose hidden cells are not exactly two holds only small ones. (The
    old pages hid a rate with either part, but the API kept neither part.)"""
    forced = set()
    width = len(publication.totals)
    for part in range(width):
        column = [(k, part) for k, v in publication.rows.items() if v[part] is None]
        if len(column) != 2:
            forced |= set(column)
    return forced


def _badge_band(status: str | None, expected: float, margin: float = 10) -> tuple[float, float]:
    """The rate interval a status badge states (assessment.RULE)."""
    if status == "on_track":
        return expected, np.inf
    if status == "at_risk":
        return expected - margin, expected
    return -np.inf, expected - margin


# --- The portal's own output -------------------------------------------------------

_CARD = re.compile(r'<div class="card ind-card[^"]*">(.*?)\n</div>', re.S)
# The badge, then its rule: "… kỳ vọng 75 trên đường thẳng …" or "… so với mục tiêu 90 năm …".
_BADGE = re.compile(
    r'<span class="badge (ok|warn|bad)">[^<]*</span>[^<]*?'
    r"(?:kỳ vọng ([\d.,]+) trên|so với mục tiêu ([\d.,]+) năm)",
    re.S,
)
# A rate's bar is the rate itself on a 0–100 scale (the target is a separate tick).
_BAR = re.compile(r'<rect y="1" width="([\d.]+)" height="6" rx="3" fill="#1f5fa8"')
STATUS = {"ok": "on_track", "warn": "at_risk", "bad": "behind"}


def _number(text: str) -> float | None:
    if text in ("–", ""):
        return None
    return float(text.replace(".", "").replace(",", "."))


def card_bands(page: str, code: str, year: int) -> list[tuple[float, float]]:
    """The rate intervals a commune page's card for `code` reveals: its status
    badge and its progress bar (width = 100·value/target, clipped)."""
    bands = []
    for card in _CARD.findall(page):
        if f">{code}</a>" not in card:
            continue
        if badge := _BADGE.search(card):
            expected = _number(badge.group(2) or badge.group(3))
            bands.append(_badge_band(STATUS[badge.group(1)], expected))
        if bar := _BAR.search(card):
            width = float(bar.group(1))
            low = max(width - 0.05, 0.0) if width > 0 else -np.inf
            bands.append((low, np.inf if width >= 100 else width + 0.05))
    return bands


def portal_publication(
    client, *, code: str, period: str, province_id: int, breakdown: str = ""
) -> Publication:
    """Everything the portal publishes for `code` and `period`, read as a
    visitor reads it: the API's values (every page), the indicator page's
    commune table and, for each hidden commune, its commune page's card.
    A `breakdown` (a category of NET-BENEFICIARIES) is published by the API
    alone. `client` is logged in."""
    indicator = client.get(f"/api/v1/indicators/{code}/").json()
    percent = indicator["unit"] == "%"
    values, url = [], f"/api/v1/indicator-values/?code={code}&period={period}"
    while url:
        body = client.get(url).json()
        values += [v for v in body["results"] if v["breakdown"] == breakdown]
        url = body["next"]
    province = next(v for v in values if v["unit"] == province_id)
    communes = [v for v in values if v["unit"] != province_id]
    width = 2 if percent else 1
    rows = {v["unit"]: (v["numerator"], v["denominator"])[:width] for v in communes}
    totals = [province["numerator"], province["denominator"]][:width]
    if percent and province["source"] != "register":
        totals[1] = None  # an official figure, not the communes' sum
    # The indicator page's table shows each part of a row on its own: a part
    # the API withholds may still be printed there.
    page = client.get(reverse("indicators:indicator", args=[code]) + f"?period={period}")
    for cell, _shown in page.context["communes"] if not breakdown else []:
        parts = list(rows[cell.unit.pk])
        if not cell.numerator_hidden:
            parts[0] = cell.value.numerator
        if percent and not cell.denominator_hidden:
            parts[1] = cell.value.denominator
        rows[cell.unit.pk] = tuple(parts)
    ordered = {v["unit"]: percent and v["source"] == "register" for v in communes}
    bands = {}
    year = int(period[:4])
    for v in communes:
        if v["suppressed"]:
            url = reverse("indicators:commune", args=[v["unit"]]) + f"?period={period}"
            page = client.get(url).content
            if found := card_bands(page.decode(), code, year):
                bands[v["unit"]] = found
    return Publication(rows=rows, totals=tuple(totals), ordered=ordered, bands=bands)
