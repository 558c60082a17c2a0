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
