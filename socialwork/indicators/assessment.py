"""On track / at risk / behind: the rule, as a pure function.

Rule (shown on the dashboard): the expected value in a year lies on the
straight line from the baseline to the next target (the target itself once
its year is reached). On track: the value reaches the expected value; at
risk: it falls short by at most 10 points; behind: by more. Without a
baseline the value is compared with the target itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

ON_TRACK = "on_track"
AT_RISK = "at_risk"
BEHIND = "behind"
LABELS = {ON_TRACK: _("Đạt tiến độ"), AT_RISK: _("Có nguy cơ"), BEHIND: _("Chậm tiến độ")}
BADGES = {ON_TRACK: "ok", AT_RISK: "warn", BEHIND: "bad"}
MARGIN = Decimal(10)
RULE = _(
    "Giá trị kỳ vọng theo đường thẳng từ năm gốc đến năm mục tiêu. Đạt tiến độ: giá trị ≥ "
    "kỳ vọng; có nguy cơ: thấp hơn không quá 10 điểm; chậm tiến độ: thấp hơn quá 10 điểm."
)


@dataclass(frozen=True)
class Assessment:
    status: str | None
    expected: Decimal | None
    target_year: int | None
    target: Decimal | None

    @property
    def label(self) -> str:
        return str(LABELS[self.status]) if self.status else ""

    @property
    def badge(self) -> str:
        return BADGES.get(self.status or "", "")


def assess(
    *,
    value: Decimal | None,
    year: int,
    targets: dict[int, Decimal],
    baseline: tuple[int, Decimal] | None = None,
    higher_is_better: bool = True,
    margin: Decimal = MARGIN,
) -> Assessment:
    if not targets:
        return Assessment(None, None, None, None)
    ahead = sorted(y for y in targets if y >= year)
    target_year = ahead[0] if ahead else max(targets)
    target = Decimal(targets[target_year])
    expected = target
    if baseline is not None and baseline[0] < target_year and year < target_year:
        base_year, base_value = baseline[0], Decimal(baseline[1])
        share = Decimal(max(year - base_year, 0)) / Decimal(target_year - base_year)
        expected = (base_value + (target - base_value) * share).quantize(Decimal("0.01"))
    if value is None:
        return Assessment(None, expected, target_year, target)
    gap = (expected - value) if higher_is_better else (value - expected)
    if gap <= 0:
        status = ON_TRACK
    elif gap <= margin:
        status = AT_RISK
    else:
        status = BEHIND
    return Assessment(status, expected, target_year, target)
