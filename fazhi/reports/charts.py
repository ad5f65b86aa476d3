"""Server-side SVG charts for the dashboards: no script, no CDN, readable on a phone (the SVG
scales to the width of the card). Each chart is shown with its numbers as a table beside it
(the template's job). Hand-written because it is a few dozen lines: a bar per value."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT, PAD, LABEL = 320, 140, 4, 16


def bars(points: list[tuple[str, object]], *, title: str = "", compare: list | None = None) -> str:
    """A bar chart of (label, value) points; `compare` (same length) is drawn as a lighter bar
    beside each (last year)."""
    values = [Decimal(v or 0) for _l, v in points]
    others = [Decimal(v or 0) for v in (compare or [])]
    top = max([*values, *others, Decimal(1)])
    n = max(len(points), 1)
    slot = (WIDTH - 2 * PAD) / n
    bar = slot * (0.4 if compare else 0.7)
    plot = HEIGHT - LABEL - PAD
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{PAD}" y1="{plot + PAD}" x2="{WIDTH - PAD}" y2="{plot + PAD}" stroke="#999" stroke-width="0.5"/>',
    ]
    for i, (label, _v) in enumerate(points):
        x = PAD + i * slot + (slot - (2 * bar if compare else bar)) / 2
        if compare:
            h = float(others[i] / top) * plot
            parts.append(
                f'<rect x="{x:.1f}" y="{plot + PAD - h:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="#c9d7ea">'
                f"<title>{escape(label)}：{others[i]}</title></rect>"
            )
            x += bar
        h = float(values[i] / top) * plot
        parts.append(
            f'<rect x="{x:.1f}" y="{plot + PAD - h:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="#2f6db5">'
            f"<title>{escape(label)}：{values[i]}</title></rect>"
        )
        if n <= 12 or i % 2 == 0:
            cx = PAD + i * slot + slot / 2
            parts.append(
                f'<text x="{cx:.1f}" y="{HEIGHT - 3}" font-size="9" text-anchor="middle" fill="#555">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (numbers and escaped labels only)
