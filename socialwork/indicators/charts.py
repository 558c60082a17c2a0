"""Server-rendered SVG charts: no JavaScript, no CDN, no style attributes
(the CSP forbids them); colours are SVG presentation attributes.

A point still in progress (the month or year containing today, whose figure
is "to date") is drawn apart: a dashed segment leads to a hollow marker
labelled "đến nay", so a month half-way through never reads as a collapse.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from socialwork.numbers import grouped

ACCENT = "#1f5fa8"
TRACK = "#e6e9ee"
TARGET = "#b42318"
TARGET_2025 = "#c4320a"
MUTED = "#667085"
GRID = "#eaecf0"

# A point: (label, value) or (label, value, in_progress).
Point = tuple


def progress_bar(
    percent: float | Decimal | None,
    *,
    label: str = "",
    target: float | Decimal | None = None,
    target_label: str = "",
) -> SafeString:
    """A bar 0–100 (clipped), with a tick where the target stands."""
    width = 0 if percent is None else max(0, min(100, round(float(percent), 1)))
    parts = [
        '<svg class="ind-progress" viewBox="0 0 100 8" preserveAspectRatio="none" '
        f'role="img" aria-label="{escape(label)}">',
        f'<rect y="1" width="100" height="6" rx="3" fill="{TRACK}"/>',
        f'<rect y="1" width="{width}" height="6" rx="3" fill="{ACCENT}"/>',
    ]
    if target is not None:
        tx = max(0.5, min(99.5, round(float(target), 1)))
        parts.append(
            f'<rect class="ind-target-mark" x="{tx - 0.5}" y="0" width="1" height="8" '
            f'fill="{TARGET}"><title>{escape(target_label)}</title></rect>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (numbers and escaped text only)


def _unpack(point: Point) -> tuple[str, Decimal | float | None, bool]:
    label, value = point[0], point[1]
    partial = bool(point[2]) if len(point) > 2 else False
    return str(label), value, partial


def line_chart(
    points: Sequence[Point],
    *,
    target: Decimal | float | None = None,
    targets: dict[int, Decimal | float] | None = None,
    percent: bool = True,
    title: str = "",
    x_title: str = "",
    y_title: str = "",
    width: int = 340,
    height: int = 170,
) -> SafeString:
    """A line through the points (None breaks the line), dashed target lines
    (one per year in `targets`, or the single `target`), labelled axes: the
    y axis at 0, half and the top, every x label (or every other one when
    crowded), and the axis titles. Each point carries a <title> tooltip; a
    point in progress is hollow, reached by a dashed segment, and labelled."""
    left, right, top, bottom = 40, 44, 12, 34
    inner_w, inner_h = width - left - right, height - top - bottom
    unpacked = [_unpack(p) for p in points]
    lines = dict(targets or {})
    if target is not None and not lines:
        lines = {0: target}
    values = [float(v) for _label, v, _p in unpacked if v is not None]
    ceiling = max([*values, *(float(t) for t in lines.values()), 100.0 if percent else 1.0])
    if not percent:
        ceiling *= 1.1
    floor = min([0.0, *values])
    span = (ceiling - floor) or 1.0
    n = max(len(unpacked) - 1, 1)

    def x(i: int) -> float:
        if len(unpacked) == 1:
            return round(left + inner_w / 2, 1)
        return round(left + inner_w * i / n, 1)

    def y(v: float) -> float:
        return round(top + inner_h * (1 - (v - floor) / span), 1)

    parts = [
        f'<svg class="ind-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    # Y axis: gridlines and labels at the floor, the middle and the ceiling.
    for tick in (floor, floor + span / 2, ceiling):
        ty = y(tick)
        parts.append(
            f'<line x1="{left}" y1="{ty}" x2="{width - right}" y2="{ty}" stroke="{GRID}" '
            f'stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{ty + 4}" text-anchor="end" font-size="10" '
            f'fill="{MUTED}">{_fmt(tick, percent)}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{y(floor)}" x2="{width - right}" y2="{y(floor)}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{y(floor)}" stroke="{MUTED}" '
        f'stroke-width="1"/>'
    )
    # Target lines, labelled at the right end ("MT 2030: 90%").
    for year, value in sorted(lines.items()):
        ty = y(float(value))
        colour = TARGET_2025 if year == 2025 else TARGET
        dash = "2 2" if year == 2025 else "5 3"
        name = (
            _("MT %(year)s: %(value)s") % {"year": year, "value": _fmt(float(value), percent)}
            if year
            else _("Mục tiêu: %(value)s") % {"value": _fmt(float(value), percent)}
        )
        parts.append(
            f'<line class="ind-target" x1="{left}" y1="{ty}" x2="{width - right}" y2="{ty}" '
            f'stroke="{colour}" stroke-width="1" stroke-dasharray="{dash}">'
            f"<title>{escape(name)}</title></line>"
        )
        short = _("MT %(year)s") % {"year": year} if year else _("MT")
        parts.append(
            f'<text x="{width - right + 2}" y="{ty + 3}" font-size="9" fill="{colour}">'
            f"{escape(short)}</text>"
        )
    # The line: solid between final points, dashed into a point in progress.
    previous: tuple[float, float, bool] | None = None
    solid: list[str] = []
    solid_runs: list[list[str]] = []
    dashed: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for i, (_label, v, partial) in enumerate(unpacked):
        if v is None:
            if solid:
                solid_runs.append(solid)
            solid, previous = [], None
            continue
        here = (x(i), y(float(v)))
        if partial:
            if previous is not None:
                dashed.append(((previous[0], previous[1]), here))
            if solid:
                solid_runs.append(solid)
            solid = []
        else:
            if previous is not None and previous[2]:
                dashed.append(((previous[0], previous[1]), here))
                solid = []
            solid.append(f"{here[0]},{here[1]}")
        previous = (here[0], here[1], partial)
    if solid:
        solid_runs.append(solid)
    for run in solid_runs:
        parts.append(
            f'<polyline points="{" ".join(run)}" fill="none" stroke="{ACCENT}" stroke-width="2"/>'
        )
    for (x1, y1), (x2, y2) in dashed:
        parts.append(
            f'<line class="ind-partial" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
            f'stroke="{ACCENT}" stroke-width="2" stroke-dasharray="4 3"/>'
        )
    to_date = _("đến nay")
    for i, (label, v, partial) in enumerate(unpacked):
        if v is None:
            continue
        text = f"{escape(label)}: {_fmt(float(v), percent)}"
        if partial:
            parts.append(
                f'<circle class="ind-partial" cx="{x(i)}" cy="{y(float(v))}" r="3.5" '
                f'fill="#ffffff" stroke="{ACCENT}" stroke-width="2">'
                f"<title>{text} ({escape(to_date)})</title></circle>"
            )
            parts.append(
                f'<text x="{x(i)}" y="{y(float(v)) - 6}" text-anchor="middle" font-size="9" '
                f'fill="{MUTED}">{escape(to_date)}</text>'
            )
        else:
            parts.append(
                f'<circle cx="{x(i)}" cy="{y(float(v))}" r="3" fill="{ACCENT}">'
                f"<title>{text}</title></circle>"
            )
    # X axis labels: all of them, or every other one when there are many.
    step = 1 if len(unpacked) <= 7 else 2
    for i, (label, _v, _p) in enumerate(unpacked):
        if i % step and i != len(unpacked) - 1:
            continue
        parts.append(
            f'<text x="{x(i)}" y="{y(floor) + 13}" text-anchor="middle" font-size="9" '
            f'fill="{MUTED}">{escape(label)}</text>'
        )
    if x_title:
        parts.append(
            f'<text x="{left + inner_w / 2}" y="{height - 4}" text-anchor="middle" '
            f'font-size="10" fill="{MUTED}">{escape(x_title)}</text>'
        )
    if y_title:
        parts.append(
            f'<text x="10" y="{top + inner_h / 2}" text-anchor="middle" font-size="10" '
            f'fill="{MUTED}" transform="rotate(-90 10 {top + inner_h / 2})">'
            f"{escape(y_title)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (numbers and escaped text only)


def _fmt(v: float, percent: bool) -> str:
    if percent:
        return f"{v:.0f}%"
    return grouped(v)
