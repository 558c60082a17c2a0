"""Small-count suppression for commune breakdowns and their exports.

Rule (shown on the dashboard): a commune cell counting 1 to 4 people of a
sensitive indicator is hidden (primary suppression). Where exactly one cell
of a column is hidden, the province total minus the visible cells would give
it away, so one more cell of the same column is hidden too (secondary
suppression): the smallest other non-zero cell, else any other cell. Zero
is shown: it identifies nobody. A hidden numerator or denominator also hides
the row's rate, which would reveal it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

THRESHOLD = 5
RULE = _(
    "Ô có từ 1 đến 4 người (chỉ tiêu nhạy cảm) được ẩn; nếu trong một cột chỉ có một ô bị ẩn, "
    "ẩn thêm ô nhỏ nhất khác để không suy ra được từ tổng."
)


def suppress_column(
    counts: Mapping[Hashable, int | None], *, threshold: int = THRESHOLD
) -> set[Hashable]:
    """The keys whose counts must be hidden in one column."""
    hidden = {k for k, v in counts.items() if v is not None and 1 <= v < threshold}
    if len(hidden) == 1:
        others = [(v, str(k), k) for k, v in counts.items() if k not in hidden and v is not None]
        non_zero = sorted(o for o in others if o[0] > 0)
        pool = non_zero or sorted(others)
        if pool:
            hidden.add(pool[0][2])
    return hidden


@dataclass(frozen=True)
class SuppressedRow:
    key: Hashable
    numerator_hidden: bool
    denominator_hidden: bool

    @property
    def value_hidden(self) -> bool:
        return self.numerator_hidden or self.denominator_hidden


def suppress_table(
    rows: Mapping[Hashable, tuple[int | None, int | None]], *, threshold: int = THRESHOLD
) -> dict[Hashable, SuppressedRow]:
    """Rows keyed by commune: (numerator, denominator). Each column is
    suppressed on its own; a rate is hidden with either of its parts."""
    num_hidden = suppress_column({k: v[0] for k, v in rows.items()}, threshold=threshold)
    den_hidden = suppress_column({k: v[1] for k, v in rows.items()}, threshold=threshold)
    return {k: SuppressedRow(k, k in num_hidden, k in den_hidden) for k in rows}
