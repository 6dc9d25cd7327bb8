"""Small server-rendered SVG trend charts (no JavaScript, a few hundred bytes to a few KB).

The y axis spans the instrument's possible totals with its severity bands shaded; each
response is one vertex of the polyline, oldest on the left, spaced evenly (screenings are
irregular, and the seafarer reads the order, not the calendar).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from xml.sax.saxutils import escape

from seafarers_home.screening.instruments import Instrument

WIDTH, HEIGHT = 320, 120
LEFT, RIGHT, TOP, BOTTOM = 28, 8, 8, 18
# Light shades from calm to severe; bands are ordered by their minimum.
SHADES = ("#e8f5e9", "#fffde7", "#fff3e0", "#fbe9e7", "#ffebee")


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def trend_svg(instrument: Instrument, points: Sequence[tuple[datetime, float]]) -> str:
    lo, hi = float(instrument.min_total), float(instrument.max_total)
    span = (hi - lo) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h - (min(max(value, lo), hi) - lo) / span * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-size="9" font-family="sans-serif">',
        f"<title>{escape(instrument.title)}</title>",
    ]
    bands = sorted(instrument.bands, key=lambda b: b.min)
    for i, band in enumerate(bands):
        top, bottom = y(min(band.max, hi)), y(max(band.min, lo))
        shade = SHADES[min(i, len(SHADES) - 1)] if len(bands) > 1 else SHADES[0]
        parts.append(
            f'<rect x="{LEFT}" y="{_fmt(top)}" width="{plot_w}" '
            f'height="{_fmt(max(bottom - top, 1))}" fill="{shade}">'
            f"<title>{escape(band.label)}</title></rect>"
        )
    for value in (lo, hi):
        parts.append(
            f'<text x="{LEFT - 3}" y="{_fmt(y(value) + 3)}" text-anchor="end">{_fmt(value)}</text>'
        )
    parts.append(
        f'<path d="M{LEFT} {TOP}V{TOP + plot_h}H{LEFT + plot_w}" fill="none" stroke="#555"/>'
    )
    n = len(points)
    coords = []
    for i, (_when, total) in enumerate(points):
        x = LEFT + (plot_w / 2 if n == 1 else i * plot_w / (n - 1))
        coords.append(f"{_fmt(x)},{_fmt(y(total))}")
    if coords:
        parts.append(
            f'<polyline points="{" ".join(coords)}" fill="none" stroke="#1565c0" stroke-width="2"/>'
        )
        for c in coords:
            cx, cy = c.split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="#1565c0"/>')
        first, last = points[0][0], points[-1][0]
        base = HEIGHT - 4
        parts.append(f'<text x="{LEFT}" y="{base}">{first:%Y-%m-%d}</text>')
        if n > 1:
            parts.append(
                f'<text x="{LEFT + plot_w}" y="{base}" text-anchor="end">{last:%Y-%m-%d}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
