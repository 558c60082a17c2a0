"""On track / at risk / behind / data problem: the rules, as pure functions.

Rule (shown on the dashboard): the expected value in a year lies on the
straight line from the baseline to the next target (the target itself once
its year is reached). On track: the value reaches the expected value; at
risk: it falls short by at most 10 points; behind: by more. Without a
baseline the value is compared with the target itself.

A rate is a share of its denominator: a rate above 100% (more people served
than there are people to serve) is never "on track", it is a data-quality
warning with its cause, whatever the target says. Only confirmed targets
are assessed against: an unconfirmed one (DOMAIN §1.1: some 2030 values
could not be checked) is shown as such, with the count and its change.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ON_TRACK = "on_track"
AT_RISK = "at_risk"
BEHIND = "behind"
DATA_QUALITY = "data_quality"
LABELS = {
    ON_TRACK: _("Đạt tiến độ"),
    AT_RISK: _("Có nguy cơ"),
    BEHIND: _("Chậm tiến độ"),
    DATA_QUALITY: _("Cần kiểm tra số liệu"),
}
BADGES = {ON_TRACK: "ok", AT_RISK: "warn", BEHIND: "bad", DATA_QUALITY: "bad"}
MARGIN = Decimal(10)
RULE = _(
    "Giá trị kỳ vọng theo đường thẳng từ năm gốc đến năm mục tiêu. Đạt tiến độ: giá trị ≥ "
    "kỳ vọng; có nguy cơ: thấp hơn không quá 10 điểm; chậm tiến độ: thấp hơn quá 10 điểm. "
    "Tỷ lệ trên 100% (tử số lớn hơn mẫu số) không bao giờ được coi là đạt: đó là cảnh báo "
    "cần kiểm tra số liệu. Mục tiêu chưa được xác nhận không dùng để đánh giá."
)

# Causes of a data-quality warning.
CAUSE_OFFICIAL_BELOW_NUMERATOR = "official_below_numerator"
CAUSE_NUMERATOR_ABOVE_DENOMINATOR = "numerator_above_denominator"
CAUSES = {
    CAUSE_OFFICIAL_BELOW_NUMERATOR: _(
        "Tử số (đếm từ sổ đăng ký) lớn hơn mẫu số thống kê chính thức: số chính thức "
        "thấp hơn thực tế hoặc đã cũ. Cập nhật số chính thức của năm."
    ),
    CAUSE_NUMERATOR_ABOVE_DENOMINATOR: _(
        "Tử số lớn hơn mẫu số: dữ liệu nguồn không nhất quán (ví dụ số người ở vượt số "
        "giường, người được phục vụ không có trong danh sách mẫu số). Kiểm tra dữ liệu nguồn."
    ),
}


@dataclass(frozen=True)
class Assessment:
    status: str | None
    expected: Decimal | None
    target_year: int | None
    target: Decimal | None
    value: Decimal | None = None
    cause: str = ""
    baseline: tuple[int, Decimal] | None = None
    higher_is_better: bool = True

    @property
    def label(self) -> str:
        return str(LABELS[self.status]) if self.status else ""

    @property
    def badge(self) -> str:
        return BADGES.get(self.status or "", "")

    @property
    def cause_text(self) -> str:
        return str(CAUSES[self.cause]) if self.cause else ""

    @property
    def rule_text(self) -> str:
        """The rule that gave this status, with its numbers (one sentence)."""
        if self.status is None:
            return ""
        if self.status == DATA_QUALITY:
            return gettext("Giá trị %(value)s%% vượt 100%%: %(cause)s") % {
                "value": _num(self.value),
                "cause": self.cause_text,
            }
        if self.baseline is not None and self.expected != self.target:
            path = gettext(
                "kỳ vọng %(expected)s trên đường thẳng từ %(base_value)s (năm %(base_year)s) "
                "đến mục tiêu %(target)s năm %(target_year)s"
            ) % {
                "expected": _num(self.expected),
                "base_value": _num(self.baseline[1]),
                "base_year": self.baseline[0],
                "target": _num(self.target),
                "target_year": self.target_year,
            }
        else:
            path = gettext("so với mục tiêu %(target)s năm %(target_year)s") % {
                "target": _num(self.target),
                "target_year": self.target_year,
            }
        gap = (
            (self.expected - self.value) if self.higher_is_better else (self.value - self.expected)
        )
        if self.status == ON_TRACK:
            rule = gettext("giá trị %(value)s đạt hoặc vượt kỳ vọng")
        elif self.status == AT_RISK:
            rule = gettext("giá trị %(value)s thấp hơn kỳ vọng %(gap)s điểm (không quá 10)")
        else:
            rule = gettext("giá trị %(value)s thấp hơn kỳ vọng %(gap)s điểm (quá 10)")
        return (
            f"{self.label}: "
            + (rule % {"value": _num(self.value), "gap": _num(gap)})
            + (f"; {path}.")
        )


def _num(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return f"{Decimal(value):.1f}".replace(".", ",").replace(",0", "")


def data_quality_cause(
    *,
    numerator: int | None,
    denominator: int | None,
    value: Decimal | None,
    official: bool = False,
) -> str:
    """Why a rate cannot be a rate ("" when it can): a numerator above its
    denominator, or a value above 100%."""
    above = (
        numerator is not None and denominator is not None and denominator > 0
        and numerator > denominator
    ) or (value is not None and value > 100)  # fmt: skip
    if not above:
        return ""
    return CAUSE_OFFICIAL_BELOW_NUMERATOR if official else CAUSE_NUMERATOR_ABOVE_DENOMINATOR


def assess(
    *,
    value: Decimal | None,
    year: int,
    targets: dict[int, Decimal],
    baseline: tuple[int, Decimal] | None = None,
    higher_is_better: bool = True,
    margin: Decimal = MARGIN,
    cause: str = "",
) -> Assessment:
    """`targets` holds confirmed targets only; `cause` (data_quality_cause)
    turns any status into the data-quality warning."""
    if not targets:
        return Assessment(None, None, None, None, value=value)
    ahead = sorted(y for y in targets if y >= year)
    target_year = ahead[0] if ahead else max(targets)
    target = Decimal(targets[target_year])
    expected = target
    used_baseline = None
    if baseline is not None and baseline[0] < target_year and year < target_year:
        base_year, base_value = baseline[0], Decimal(baseline[1])
        share = Decimal(max(year - base_year, 0)) / Decimal(target_year - base_year)
        expected = (base_value + (target - base_value) * share).quantize(Decimal("0.01"))
        used_baseline = (base_year, base_value)
    common = {
        "value": value,
        "baseline": used_baseline,
        "higher_is_better": higher_is_better,
    }
    if value is None:
        return Assessment(None, expected, target_year, target, **common)
    if cause:
        return Assessment(DATA_QUALITY, expected, target_year, target, cause=cause, **common)
    gap = (expected - value) if higher_is_better else (value - expected)
    if gap <= 0:
        status = ON_TRACK
    elif gap <= margin:
        status = AT_RISK
    else:
        status = BEHIND
    return Assessment(status, expected, target_year, target, **common)
