"""The drawing every server-rendered SVG chart shares (no JavaScript, inline in the page): the
opening tag with its title, the axes, a line through points, numbers written short. The charts
themselves — a screening's trend, the programme dashboard's monthly bars and lines, the
hotline supervisor's bars — say what they draw with these."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

AXIS_COLOUR = "#555"


def num(x: float) -> str:
    """A coordinate or value with at most one decimal and no trailing zero: 12, 12.5."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def svg_open(width: int, height: int, title: str) -> str:
    """The <svg> element's opening tag and its <title> (what a screen reader announces)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-size="9" font-family="sans-serif">'
        f"<title>{escape(title)}</title>"
    )


def axes(left: float, top: float, bottom: float, right: float) -> str:
    """The y axis from ``top`` down to ``bottom`` and the x axis on to ``right``."""
    return f'<path d="M{left} {top}V{bottom}H{right}" fill="none" stroke="{AXIS_COLOUR}"/>'


def polyline(points: Sequence[str], colour: str, stroke_width: str) -> str:
    """A line through "x,y" points."""
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
        f'stroke-width="{stroke_width}"/>'
    )
