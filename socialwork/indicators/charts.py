"""Server-rendered SVG charts: no JavaScript, no CDN, no style attributes
(the CSP forbids them); colours are SVG presentation attributes."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ACCENT = "#1f5fa8"
TRACK = "#e6e9ee"
TARGET = "#b42318"
MUTED = "#667085"


def progress_bar(percent: float | Decimal | None, *, label: str = "") -> SafeString:
    """A bar 0–100 (clipped)."""
    width = 0 if percent is None else max(0, min(100, round(float(percent), 1)))
    return mark_safe(  # noqa: S308 (numbers and escaped text only)
        f'<svg class="ind-progress" viewBox="0 0 100 6" preserveAspectRatio="none" '
        f'role="img" aria-label="{escape(label)}">'
        f'<rect width="100" height="6" rx="3" fill="{TRACK}"/>'
        f'<rect width="{width}" height="6" rx="3" fill="{ACCENT}"/></svg>'
    )


def line_chart(
    points: list[tuple[str, Decimal | float | None]],
    *,
    target: Decimal | float | None = None,
    percent: bool = True,
    title: str = "",
    width: int = 320,
    height: int = 140,
) -> SafeString:
    """A line through the points (None breaks the line), a dashed target
    line, axis labels at both ends. Each point carries a <title> tooltip."""
    left, right, top, bottom = 34, 8, 10, 22
    inner_w, inner_h = width - left - right, height - top - bottom
    values = [float(v) for _label, v in points if v is not None]
    ceiling = max([*values, float(target or 0), 100.0 if percent else 1.0])
    if not percent:
        ceiling *= 1.1
    floor = min([0.0, *values])
    span = (ceiling - floor) or 1.0
    n = max(len(points) - 1, 1)

    def x(i: int) -> float:
        return round(left + inner_w * i / n, 1)

    def y(v: float) -> float:
        return round(top + inner_h * (1 - (v - floor) / span), 1)

    parts = [
        f'<svg class="ind-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{y(floor)}" x2="{width - right}" y2="{y(floor)}" '
        f'stroke="{MUTED}" stroke-width="1"/>',
        f'<text x="{left - 4}" y="{y(ceiling) + 4}" text-anchor="end" font-size="10" '
        f'fill="{MUTED}">{_fmt(ceiling, percent)}</text>',
        f'<text x="{left - 4}" y="{y(floor) + 4}" text-anchor="end" font-size="10" '
        f'fill="{MUTED}">{_fmt(floor, percent)}</text>',
    ]
    if target is not None:
        ty = y(float(target))
        parts.append(
            f'<line x1="{left}" y1="{ty}" x2="{width - right}" y2="{ty}" stroke="{TARGET}" '
            f'stroke-width="1" stroke-dasharray="4 3"/>'
        )
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, (_label, v) in enumerate(points):
        if v is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(i)},{y(float(v))}")
    if segment:
        segments.append(segment)
    for seg in segments:
        parts.append(
            f'<polyline points="{" ".join(seg)}" fill="none" stroke="{ACCENT}" stroke-width="2"/>'
        )
    for i, (label, v) in enumerate(points):
        if v is not None:
            parts.append(
                f'<circle cx="{x(i)}" cy="{y(float(v))}" r="3" fill="{ACCENT}">'
                f"<title>{escape(label)}: {_fmt(float(v), percent)}</title></circle>"
            )
    if points:
        parts.append(
            f'<text x="{x(0)}" y="{height - 6}" font-size="10" fill="{MUTED}">'
            f"{escape(points[0][0])}</text>"
        )
        if len(points) > 1:
            parts.append(
                f'<text x="{x(len(points) - 1)}" y="{height - 6}" text-anchor="end" '
                f'font-size="10" fill="{MUTED}">{escape(points[-1][0])}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (numbers and escaped text only)


def _fmt(v: float, percent: bool) -> str:
    if percent:
        return f"{v:.0f}%"
    return f"{v:,.0f}".replace(",", ".")
