"""Server-rendered SVG charts of the programme dashboard (no JavaScript, inline in the page).

A chart is monthly: grouped bars for counts, lines for percentages and days. A suppressed
value (None: small cell) draws nothing at its month but a short grey tick on the axis, so
the reader sees that a value exists but is hidden, never a misleading zero.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from seafarers_home.lib.svg_charts import axes, polyline, svg_open
from seafarers_home.lib.svg_charts import num as _fmt

WIDTH, HEIGHT = 360, 150
LEFT, RIGHT, TOP, BOTTOM = 30, 8, 10, 20
COLOURS = ("#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a")


def _frame(title: str, top: float, months: Sequence[datetime.date]) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [
        svg_open(WIDTH, HEIGHT, title),
        axes(LEFT, TOP, TOP + plot_h, WIDTH - RIGHT),
        f'<text x="{LEFT - 3}" y="{TOP + 3}" text-anchor="end">{_fmt(top)}</text>',
        f'<text x="{LEFT - 3}" y="{TOP + plot_h + 3}" text-anchor="end">0</text>',
    ]
    step = (WIDTH - LEFT - RIGHT) / max(len(months), 1)
    for i, month in enumerate(months):
        if i % 3 == 0 or i == len(months) - 1:
            x = LEFT + step * (i + 0.5)
            parts.append(
                f'<text x="{_fmt(x)}" y="{HEIGHT - 6}" text-anchor="middle">{month:%y-%m}</text>'
            )
    return parts


def _y(value: float, top: float) -> float:
    plot_h = HEIGHT - TOP - BOTTOM
    return TOP + plot_h - (min(max(value, 0.0), top) / (top or 1.0)) * plot_h


def _hidden_tick(x: float) -> str:
    base = HEIGHT - BOTTOM
    return f'<path d="M{_fmt(x)} {base - 4}V{base}" stroke="#999"/>'


def _empty_note(series: Sequence[tuple[str, Sequence[float | None]]]) -> list[str]:
    """Words in the middle of a chart whose every month is hidden, so that an empty frame is
    not read as a broken page. A hidden month is too few people (or nobody) to show; a zero is
    data (0 % coverage matters) and draws as usual."""
    values = [v for _label, vs in series for v in vs]
    if not values or any(v is not None for v in values):
        return []
    note = _("暂无可显示的数字:人数太少时不显示(保护个人隐私)")
    x, y = (LEFT + WIDTH - RIGHT) / 2, TOP + (HEIGHT - TOP - BOTTOM) / 2
    return [f'<text x="{_fmt(x)}" y="{_fmt(y)}" text-anchor="middle">{escape(note)}</text>']


def _legend(labels: Sequence[str]) -> list[str]:
    parts = []
    x = LEFT + 4
    for i, label in enumerate(labels):
        colour = COLOURS[i % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="{TOP - 8}" width="7" height="7" fill="{colour}"/>')
        parts.append(f'<text x="{x + 9}" y="{TOP - 2}">{escape(label)}</text>')
        x += 14 + 9 * len(label)
    return parts


def bar_chart(
    title: str,
    months: Sequence[datetime.date],
    series: Sequence[tuple[str, Sequence[float | None]]],
) -> str:
    """Grouped bars, one group per month."""
    top = max([v for _label, values in series for v in values if v is not None] or [1.0])
    parts = _frame(title, top, months)
    step = (WIDTH - LEFT - RIGHT) / max(len(months), 1)
    width = (step * 0.8) / max(len(series), 1)
    base = HEIGHT - BOTTOM
    for s, (label, values) in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        for i, value in enumerate(values):
            x = LEFT + step * i + step * 0.1 + width * s
            if value is None:
                parts.append(_hidden_tick(x + width / 2))
                continue
            y = _y(value, top)
            parts.append(
                f'<rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(width)}" '
                f'height="{_fmt(base - y)}" fill="{colour}"><title>'
                f"{escape(label)} {months[i]:%Y-%m}: {_fmt(value)}</title></rect>"
            )
    parts.extend(_empty_note(series))
    parts.extend(_legend([label for label, _values in series]))
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    title: str,
    months: Sequence[datetime.date],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    top: float | None = None,
) -> str:
    """Lines with a dot per month; a hidden month breaks the line."""
    observed = [v for _label, values in series for v in values if v is not None]
    top = top if top is not None else max(observed or [1.0])
    parts = _frame(title, top, months)
    step = (WIDTH - LEFT - RIGHT) / max(len(months), 1)
    for s, (label, values) in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        run: list[str] = []
        for i, value in enumerate(values):
            x = LEFT + step * (i + 0.5)
            if value is None:
                if s == 0:
                    parts.append(_hidden_tick(x))
                if len(run) > 1:
                    parts.append(_polyline(run, colour))
                run = []
                continue
            point = f"{_fmt(x)},{_fmt(_y(value, top))}"
            run.append(point)
            parts.append(
                f'<circle cx="{_fmt(x)}" cy="{_fmt(_y(value, top))}" r="2.5" fill="{colour}">'
                f"<title>{escape(label)} {months[i]:%Y-%m}: {_fmt(value)}</title></circle>"
            )
        if len(run) > 1:
            parts.append(_polyline(run, colour))
    parts.extend(_empty_note(series))
    parts.extend(_legend([label for label, _values in series]))
    parts.append("</svg>")
    return "".join(parts)


def _polyline(points: list[str], colour: str) -> str:
    return polyline(points, colour, "1.5")
