"""SVG charts: well-formed, no script, no style attribute, text escaped."""

from decimal import Decimal

from defusedxml import ElementTree

from socialwork.indicators.charts import line_chart, progress_bar


def test_line_chart_is_plain_svg():
    svg = line_chart(
        [("2024", Decimal("40")), ("2025", None), ("<2026>", Decimal("70"))],
        target=Decimal(60),
        title="CTXH-01 & co",
    )
    root = ElementTree.fromstring(str(svg))
    assert root.tag.endswith("svg")
    assert "style=" not in svg and "<script" not in svg
    assert "&lt;2026&gt;" in svg and "&amp; co" in svg
    # The missing year breaks the line: two one-point segments, two dots.
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 2
    assert "stroke-dasharray" in svg  # the target line


def test_progress_bar_clips():
    assert 'width="100"' in progress_bar(150).split("/>")[1]
    assert 'width="0"' in progress_bar(None).split("/>")[1]


def test_the_point_in_progress_is_dashed_and_hollow_never_a_drop():
    svg = str(
        line_chart(
            [("01", Decimal(50)), ("02", Decimal(55)), ("03", Decimal(4), True), ("04", None)],
            targets={2025: Decimal(85), 2030: Decimal(90)},
            title="CTXH-05",
            x_title="Tháng 2026",
            y_title="Giá trị (%)",
        )
    )
    ElementTree.fromstring(svg)
    # The finished months are one solid line; the month in progress is reached
    # by a dashed segment and drawn hollow, labelled "đến nay".
    assert svg.count("<polyline") == 1 and svg.count('points="') == 1
    assert svg.count('<line class="ind-partial"') == 1
    assert '<circle class="ind-partial"' in svg and 'fill="#ffffff"' in svg and "đến nay" in svg
    assert svg.count('class="ind-target"') == 2 and "MT 2025: 85%" in svg and "MT 2030: 90%" in svg
    assert "Tháng 2026" in svg and "Giá trị (%)" in svg
    for label in ("01", "02", "03", "04"):
        assert f">{label}</text>" in svg  # every month labelled on the x axis


def test_progress_bar_marks_the_target():
    bar = str(progress_bar(40, target=85, target_label="Mục tiêu 2025: 85%"))
    ElementTree.fromstring(bar)
    assert 'class="ind-target-mark" x="84.5"' in bar and "Mục tiêu 2025: 85%" in bar
