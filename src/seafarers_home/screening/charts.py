"""Small server-rendered SVG trend charts (no JavaScript, a few hundred bytes to a few KB).

The y axis spans the instrument's possible totals with its severity bands shaded — green at
the healthy end, whichever end that is (WHO-5: high totals are good) — and a legend names
the bands below the plot; each response is one vertex of the polyline, oldest on the left,
spaced evenly (screenings are irregular, and the seafarer reads the order, not the calendar).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from xml.sax.saxutils import escape

from seafarers_home.lib.svg_charts import axes, polyline
from seafarers_home.lib.svg_charts import num as _fmt
from seafarers_home.screening.instruments import Instrument
from seafarers_home.screening.risk import lower_is_worse

WIDTH, PLOT_HEIGHT = 320, 120
LEFT, RIGHT, TOP, BOTTOM = 28, 8, 8, 18
LEGEND_ROW = 13  # one row of the legend below the plot
# Light shades from calm to severe; bands are ordered by their minimum.
SHADES = ("#e8f5e9", "#fffde7", "#fff3e0", "#fbe9e7", "#ffebee")


def trend_svg(
    instrument: Instrument,
    points: Sequence[tuple[datetime, float]],
    *,
    element_id: str = "",
    label: str = "",
    description: str = "",
) -> str:
    """The chart as SVG markup. With ``element_id`` it is made to sit inside an HTML page: an
    image to assistive technology, named by ``label`` (its title) and described by
    ``description``."""
    lo, hi = float(instrument.min_total), float(instrument.max_total)
    span = (hi - lo) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, PLOT_HEIGHT - TOP - BOTTOM
    bands = sorted(instrument.bands, key=lambda b: b.min)
    # Shades go from calm to severe; on a well-being scale the lowest band is the severe one.
    ordered = list(reversed(bands)) if lower_is_worse(instrument.code) else bands
    shade_of = {
        band.code: SHADES[min(i, len(SHADES) - 1)] if len(bands) > 1 else SHADES[0]
        for i, band in enumerate(ordered)
    }
    legend_rows = (len(ordered) + 1) // 2
    height = PLOT_HEIGHT + legend_rows * LEGEND_ROW

    def y(value: float) -> float:
        return TOP + plot_h - (min(max(value, lo), hi) - lo) / span * plot_h

    if element_id:
        ident = escape(element_id, {'"': "&quot;"})
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" id="{ident}" role="img" '
            f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
            f'width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" font-size="9" font-family="sans-serif">',
            f'<title id="{ident}-title">{escape(label or instrument.title)}</title>',
            f'<desc id="{ident}-desc">{escape(description)}</desc>',
        ]
    else:
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" font-size="9" font-family="sans-serif">',
            f"<title>{escape(instrument.title)}</title>",
        ]
    for band in bands:
        top, bottom = y(min(band.max, hi)), y(max(band.min, lo))
        shade = shade_of[band.code]
        parts.append(
            f'<rect x="{LEFT}" y="{_fmt(top)}" width="{plot_w}" '
            f'height="{_fmt(max(bottom - top, 1))}" fill="{shade}">'
            f"<title>{escape(band.label)}</title></rect>"
        )
    for value in (lo, hi):
        parts.append(
            f'<text x="{LEFT - 3}" y="{_fmt(y(value) + 3)}" text-anchor="end">{_fmt(value)}</text>'
        )
    parts.append(axes(LEFT, TOP, TOP + plot_h, LEFT + plot_w))
    n = len(points)
    coords = []
    for i, (_when, total) in enumerate(points):
        x = LEFT + (plot_w / 2 if n == 1 else i * plot_w / (n - 1))
        coords.append(f"{_fmt(x)},{_fmt(y(total))}")
    if coords:
        parts.append(polyline(coords, "#1565c0", "2"))
        for c in coords:
            cx, cy = c.split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="#1565c0"/>')
        first, last = points[0][0], points[-1][0]
        base = PLOT_HEIGHT - 4
        parts.append(f'<text x="{LEFT}" y="{base}">{first:%Y-%m-%d}</text>')
        if n > 1:
            parts.append(
                f'<text x="{LEFT + plot_w}" y="{base}" text-anchor="end">{last:%Y-%m-%d}</text>'
            )
    # The legend: calm to severe, two per row, a swatch and the band's name.
    for i, band in enumerate(ordered):
        row, column = divmod(i, 2)
        x = LEFT + column * (plot_w // 2)
        top = PLOT_HEIGHT + row * LEGEND_ROW
        parts.append(
            f'<rect class="legend" x="{x}" y="{top + 2}" width="9" height="9" '
            f'fill="{shade_of[band.code]}" stroke="#999"/>'
            f'<text x="{x + 13}" y="{top + 10}">{escape(band.label)} '
            f"({_fmt(band.min)}–{_fmt(band.max)})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
