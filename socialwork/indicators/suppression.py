"""Small-count suppression for commune breakdowns and their exports.

Rule (shown on the dashboard): a commune whose count, numerator or
denominator of a sensitive indicator is 1 to 4 is hidden whole (primary
suppression): its numerator, denominator and rate together, since either
part with the rate gives the other away. Then further communes are hidden
(secondary suppression, any count, zero included) until no hidden figure can
be worked out from what is shown: for every small cell there must be a table
consistent with everything published (the province totals, the communes
shown, numerators never above their denominators, the rule itself) in which
that cell is 0 or at least 5. Nobody can then prove that a small non-zero
group exists in a commune.

How, in the manner of tau-ARGUS protection levels: each small cell needs a
protection interval reaching 0 (lower) or 5 (upper). A cell is protected when
a partner among the hidden communes can take its count (or give it enough to
reach 5) while every other published figure, every other small cell's 1–4
and every numerator ≤ denominator still hold: the witness table is built
explicitly, so the check is exact for that move. Where no hidden partner can,
the cheapest shown commune (fewest people; an empty commune first, since a
hidden 0 loses nothing) that can becomes a secondary cell. A hidden cell that
is not small may hold any count ≥ 0, so such a partner always exists while the
breakdown has two communes. The test suite's auditor
(tests/socialwork/indicators/test_disclosure_audit.py) checks the outcome
against an integer-programming attacker that may combine any number of
hidden cells.

Deterministic: the same column gives the same pattern (cells are visited and
candidates ranked by value, then key). Zero is shown unless it is chosen as a
partner; a hidden cell's status badge and progress bar are never published.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

THRESHOLD = 5
RULE = _(
    "Xã có số đếm, tử số hoặc mẫu số từ 1 đến 4 (chỉ tiêu nhạy cảm) được ẩn cả dòng; ẩn thêm "
    "các xã khác (có thể là xã có số 0) để không suy ra được số đã ẩn từ tổng toàn tỉnh và các "
    "số đang hiện. Ô đã ẩn không hiện đánh giá tiến độ."
)

UNBOUNDED = None  # an upper bound that does not exist


@dataclass(frozen=True)
class SuppressedRow:
    key: Hashable
    numerator_hidden: bool
    denominator_hidden: bool

    @property
    def value_hidden(self) -> bool:
        return self.numerator_hidden or self.denominator_hidden


def _parts(row: tuple[int | None, int | None]) -> tuple[int, ...]:
    """A row's cells: (numerator,) for a count, (numerator, denominator) for a rate."""
    numerator, denominator = row
    if denominator is None:
        return (numerator or 0,)
    return (numerator or 0, denominator)


def _small(value: int, threshold: int) -> bool:
    return 1 <= value < threshold


def _domain(*, small: bool, threshold: int) -> tuple[int, int | None]:
    """What an attacker who knows the rule knows of a hidden cell: a small
    one holds 1 to threshold−1, any other one only ≥ 0."""
    return (1, threshold - 1) if small else (0, UNBOUNDED)


class _Table[K: Hashable]:
    def __init__(self, rows: Mapping[K, tuple[int | None, int | None]], threshold: int):
        self.threshold = threshold
        self.parts = {k: _parts(v) for k, v in rows.items()}
        # Numerator ≤ denominator is known to anyone who reads the indicator's
        # definition; a row breaking it (an official denominator below the
        # register) cannot be assumed to keep it.
        self.ordered = {k: len(p) == 2 and p[0] <= p[1] for k, p in self.parts.items()}
        self.order = sorted(self.parts, key=lambda k: (sum(self.parts[k]), str(k)))

    def primary_cells(self) -> list[tuple[K, int]]:
        return [
            (k, p)
            for k in sorted(self.parts, key=str)
            for p, v in enumerate(self.parts[k])
            if _small(v, self.threshold)
        ]

    def _bounds(self, key: K, part: int) -> tuple[int, int | None]:
        value = self.parts[key][part]
        return _domain(small=_small(value, self.threshold), threshold=self.threshold)

    def witness(self, row: K, part: int, partner: K, target: int) -> bool:
        """Is there a table, consistent with everything published, in which
        cell (row, part) holds `target` and only `row` and `partner` differ
        from the truth (one moves what the other gains, so every column total
        holds)? `row` is the cell under attack: its own cells are only ≥ 0."""
        x_i, x_k = self.parts[row], self.parts[partner]
        if len(x_i) != len(x_k):
            return False
        moved = x_i[part] - target  # what `partner` gains in the attacked column
        lo, hi = self._bounds(partner, part)
        if x_k[part] + moved < lo or (hi is not None and x_k[part] + moved > hi):
            return False
        if len(x_i) == 1:
            return True
        other = 1 - part
        # The other column's move t: row keeps x_i − t ≥ 0, partner x_k + t in its domain.
        t_lo, t_hi = -(10**18), x_i[other]
        lo, hi = self._bounds(partner, other)
        t_lo = max(t_lo, lo - x_k[other])
        if hi is not None:
            t_hi = min(t_hi, hi - x_k[other])
        # Numerator ≤ denominator in both rows, written as bounds on t.
        if part == 0:  # t moves the denominator
            if self.ordered[row]:
                t_hi = min(t_hi, x_i[1] - x_i[0] + moved)
            if self.ordered[partner]:
                t_lo = max(t_lo, x_k[0] - x_k[1] + moved)
        else:  # t moves the numerator
            if self.ordered[row]:
                t_lo = max(t_lo, x_i[0] - x_i[1] + moved)
            if self.ordered[partner]:
                t_hi = min(t_hi, x_k[1] - x_k[0] + moved)
        return t_lo <= t_hi

    def protected_by(self, row: K, part: int, partner: K) -> bool:
        return any(self.witness(row, part, partner, target) for target in (0, self.threshold))


def suppress_table[K: Hashable](
    rows: Mapping[K, tuple[int | None, int | None]], *, threshold: int = THRESHOLD
) -> dict[K, SuppressedRow]:
    """Rows keyed by commune: (numerator, denominator), the denominator None
    for a count. A row is hidden whole or not at all."""
    table = _Table(rows, threshold)
    hidden = {k for k, _p in table.primary_cells()}
    for row, part in table.primary_cells():
        if any(table.protected_by(row, part, k) for k in sorted(hidden, key=str) if k != row):
            continue
        partner = next(
            (k for k in table.order if k not in hidden and table.protected_by(row, part, k)),
            None,
        )
        if partner is None:
            # No commune can cover it (a breakdown of one commune, or rows of
            # different shapes): hide the whole breakdown rather than risk it.
            hidden = set(table.parts)
            break
        hidden.add(partner)
    return {
        k: SuppressedRow(k, k in hidden, k in hidden and len(p) == 2)
        for k, p in table.parts.items()
    }
