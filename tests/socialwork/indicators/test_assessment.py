"""The on-track rule, a pure function."""

from decimal import Decimal

from socialwork.indicators.assessment import AT_RISK, BEHIND, ON_TRACK, assess

TARGETS = {2025: Decimal(60), 2030: Decimal(90)}


def test_without_baseline_compares_with_the_next_target():
    result = assess(value=Decimal(60), year=2025, targets=TARGETS)
    assert (result.status, result.expected, result.target_year) == (ON_TRACK, 60, 2025)
    assert assess(value=Decimal("50.5"), year=2025, targets=TARGETS).status == AT_RISK
    assert assess(value=Decimal("49.9"), year=2025, targets=TARGETS).status == BEHIND


def test_straight_line_from_the_baseline():
    # 2022 on the line from (2021, 30) to (2025, 60): 30 + 30 × 1/4 = 37.5.
    result = assess(value=Decimal("37.5"), year=2022, targets=TARGETS, baseline=(2021, Decimal(30)))
    assert (result.status, result.expected) == (ON_TRACK, Decimal("37.50"))
    assert (
        assess(
            value=Decimal("27.5"), year=2022, targets=TARGETS, baseline=(2021, Decimal(30))
        ).status
        == AT_RISK
    )
    assert (
        assess(
            value=Decimal("27.4"), year=2022, targets=TARGETS, baseline=(2021, Decimal(30))
        ).status
        == BEHIND
    )


def test_after_2025_the_2030_target_applies():
    result = assess(value=Decimal(70), year=2026, targets=TARGETS, baseline=(2025, Decimal(60)))
    assert (result.target_year, result.expected, result.status) == (
        2030,
        Decimal("66.00"),
        ON_TRACK,
    )


def test_past_the_last_target_year_the_last_target_applies():
    assert assess(value=Decimal(91), year=2031, targets=TARGETS).target_year == 2030


def test_no_value_or_no_target_gives_no_status():
    assert assess(value=None, year=2025, targets=TARGETS).status is None
    assert assess(value=Decimal(5), year=2025, targets={}).status is None


def test_lower_is_better():
    assert (
        assess(
            value=Decimal(3), year=2025, targets={2025: Decimal(4)}, higher_is_better=False
        ).status
        == ON_TRACK
    )


def test_a_rate_above_100_percent_is_never_on_track():
    from socialwork.indicators.assessment import (
        CAUSE_NUMERATOR_ABOVE_DENOMINATOR,
        CAUSE_OFFICIAL_BELOW_NUMERATOR,
        DATA_QUALITY,
        data_quality_cause,
    )

    cause = data_quality_cause(
        numerator=3210, denominator=977, value=Decimal("328.6"), official=True
    )
    assert cause == CAUSE_OFFICIAL_BELOW_NUMERATOR
    result = assess(value=Decimal("328.6"), year=2026, targets=TARGETS, cause=cause)
    assert result.status == DATA_QUALITY and result.badge == "bad"
    assert "328,6" in result.rule_text and "thống kê chính thức" in result.rule_text
    assert (
        data_quality_cause(numerator=130, denominator=120, value=None)
        == CAUSE_NUMERATOR_ABOVE_DENOMINATOR
    )
    # A full 100% is a rate; no denominator is no rate at all.
    assert data_quality_cause(numerator=10, denominator=10, value=Decimal(100)) == ""
    assert data_quality_cause(numerator=10, denominator=None, value=None) == ""


def test_every_status_states_its_rule_with_its_numbers():
    baseline = (2021, Decimal(30))
    on_line = assess(value=Decimal("37.5"), year=2022, targets=TARGETS, baseline=baseline)
    assert on_line.rule_text == (
        "Đạt tiến độ: giá trị 37,5 đạt hoặc vượt kỳ vọng; kỳ vọng 37,5 trên đường thẳng từ 30 "
        "(năm 2021) đến mục tiêu 60 năm 2025."
    )
    behind = assess(value=Decimal(40), year=2025, targets=TARGETS)
    assert behind.rule_text == (
        "Chậm tiến độ: giá trị 40 thấp hơn kỳ vọng 20 điểm (quá 10); so với mục tiêu 60 năm 2025."
    )
    at_risk = assess(value=Decimal(55), year=2025, targets=TARGETS)
    assert "thấp hơn kỳ vọng 5 điểm (không quá 10)" in at_risk.rule_text
