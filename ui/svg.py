"""SVG the server writes, for the charts a leader opens most (the overview's heatmap, trend and stages).

Why not plotly for these: plotly's bundle is 1.4 MB compressed (4.6 MB of JavaScript), fetched and started by the
browser on the first plotly chart of a visit: about 1.5 s on the 2-core test machine, 6–11 s of download alone at
the 1–2 Mbps common in Maluku Utara. These charts need no zoom; a few hundred shapes drawn here show at once, print
with the page, and carry their numbers in tooltips (``<title>``). Every text goes through ``escape``, so a name full
of markup stays text. Streamlit's ``st.html`` sanitiser drops SVG, so ``show`` renders through markdown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from html import escape

import streamlit as st

INK = "#262730"  # Streamlit's text colour
MUTED = "#6b6f76"
GRID = "#e6e6e9"
CHAR_PX = 7.2  # about one character of 12 px text: to size labels and legends
FONT_PX = 12
MIN_WIDTH_PX = 540  # a drawing scaled to the page scrolls sideways below this: its text stays readable


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _attrs(**attributes: object) -> str:
    """``key="value"`` pairs, underscores as dashes (``text_anchor`` → ``text-anchor``); None left out."""
    parts = []
    for key, value in attributes.items():
        if value is None:
            continue
        shown = _number(value) if isinstance(value, float) else str(value)
        parts.append(f' {key.rstrip("_").replace("_", "-")}="{escape(shown)}"')
    return "".join(parts)


def _tip(tip: str | None) -> str:
    return "" if tip is None else f"<title>{escape(tip)}</title>"


class Svg:
    """A drawing of ``width`` × ``height`` px: shapes and texts appended in order, ``markup()`` the result."""

    def __init__(self, width: float, height: float, *, title: str, scale_to_fit: bool = False):
        size = _attrs(width="100%") if scale_to_fit else _attrs(width=float(width), height=float(height))
        self._parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img"{size} viewBox="0 0 {_number(width)} '
            f'{_number(height)}" font-size="{FONT_PX}" font-family="inherit">{_tip(title)}'
        ]

    def rect(
        self, x: float, y: float, width: float, height: float, *, fill: str, opacity: float | None = None,
        tip: str | None = None, outline: str | None = None,
    ) -> None:  # fmt: skip
        box = _attrs(x=float(x), y=float(y), width=float(width), height=float(height), fill=fill)
        paint = _attrs(fill_opacity=opacity, stroke=outline, stroke_width=None if outline is None else 2.0)
        shape = f"<rect{box}{paint}/>"
        self._parts.append(f"<g>{_tip(tip)}{shape}</g>" if tip else shape)

    def cell(
        self, x: float, y: float, width: float, height: float, *, fill: str, text: str, ink: str, tip: str,
    ) -> None:  # fmt: skip
        """A filled box with its text centred in ``ink`` and a tooltip: a heatmap's cell."""
        box = _attrs(x=float(x), y=float(y), width=float(width), height=float(height), fill=fill)
        words = _attrs(x=float(x + width / 2), y=float(y + height / 2 + 4), text_anchor="middle", fill=ink)
        self._parts.append(f"<g>{_tip(tip)}<rect{box}/><text{words}>{escape(text)}</text></g>")

    def text(
        self, x: float, y: float, content: str | Sequence[str], *, anchor: str = "start", fill: str | None = None,
        size: float | None = None, tip: str | None = None, rotate: float | None = None, line_px: float = 14,
    ) -> None:  # fmt: skip
        """One line, or several (``content`` a sequence) from ``y`` down."""
        lines = [content] if isinstance(content, str) else list(content)
        transform = None if rotate is None else f"rotate({_number(rotate)} {_number(x)} {_number(y)})"
        body = (
            escape(lines[0])
            if len(lines) == 1
            else "".join(
                f"<tspan{_attrs(x=float(x), dy=0.0 if n == 0 else float(line_px))}>{escape(line)}</tspan>"
                for n, line in enumerate(lines)
            )
        )
        self._parts.append(
            f"<text{_attrs(x=float(x), y=float(y), text_anchor=anchor, fill=fill, font_size=size, transform=transform)}>"
            f"{_tip(tip)}{body}</text>"
        )

    def line(
        self,
        points: Iterable[tuple[float, float]],
        *,
        stroke: str,
        width: float = 1.0,
        dash: str | None = None,
    ) -> None:
        coordinates = " ".join(f"{_number(x)},{_number(y)}" for x, y in points)
        self._parts.append(
            f"<polyline{_attrs(points=coordinates, fill='none', stroke=stroke, stroke_width=width, stroke_dasharray=dash)}/>"
        )

    def marker(
        self, x: float, y: float, *, shape: str, color: str, hollow: bool = False, tip: str | None = None,
        radius: float = 5.0,
    ) -> None:  # fmt: skip
        """A circle or a diamond; hollow ones are white inside."""
        paint = _attrs(fill="#ffffff" if hollow else color, stroke=color, stroke_width=2.0)
        if shape == "diamond":
            r = radius * 1.3
            corners = f"{_number(x)},{_number(y - r)} {_number(x + r)},{_number(y)} {_number(x)},{_number(y + r)} {_number(x - r)},{_number(y)}"
            drawn = f'<polygon points="{corners}"{paint}/>'
        else:
            drawn = f"<circle{_attrs(cx=float(x), cy=float(y), r=float(radius))}{paint}/>"
        self._parts.append(f"<g>{_tip(tip)}{drawn}</g>" if tip else drawn)

    def markup(self) -> str:
        return "".join([*self._parts, "</svg>"])


def legend(
    drawing: Svg, items: Sequence[tuple[str, Callable[[Svg, float, float], None]]], *, x: float, y: float,
    width: float,
) -> float:  # fmt: skip
    """Legend entries left to right from (``x``, ``y``), each a swatch drawn by its function (given the swatch's
    middle) and a label, wrapping before ``width``; returns the height used."""
    left, row = x, 0
    for label, swatch in items:
        needed = 26 + text_width(label)
        if left > x and left + needed > x + width:
            left, row = x, row + 1
        middle = y + row * 20 + 7
        swatch(drawing, left + 9, middle)
        drawing.text(left + 22, middle + 4, label)
        left += needed + 14
    return (row + 1) * 20


def square(color: str) -> Callable[[Svg, float, float], None]:
    """A legend swatch: a 14 px square of ``color``."""
    return lambda drawing, x, y: drawing.rect(x - 7, y - 7, 14, 14, fill=color)


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """``count`` equal steps from ``low`` to ``high``, both included (an axis's grid lines)."""
    step = (high - low) / count
    return [low + step * n for n in range(count + 1)]


def text_width(text: str, size: float = FONT_PX) -> float:
    """About how wide ``text`` is drawn, in px."""
    return len(text) * CHAR_PX * size / FONT_PX


def show(markup: str, *, key: str) -> None:
    """The drawing in a keyed block that scrolls sideways when wider than the page (``.st-key-<key>``)."""
    with st.container(key=key):
        st.markdown(f'<div class="lentera-svg">{markup}</div>', unsafe_allow_html=True)
    st.html(
        "<style>.lentera-svg { overflow-x: auto; } .lentera-svg svg { display: block; }"
        f' .lentera-svg svg[width="100%"] {{ min-width: {MIN_WIDTH_PX}px; }}</style>'
    )
