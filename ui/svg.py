"""SVG the server writes: every chart of the app (heatmap, trend, bars, stacked areas) is drawn here.

Why not plotly: its bundle is 1.4 MB compressed (4.7 MB of JavaScript), fetched and started by the browser on the
first plotly chart of a visit: 1.4–1.8 s on the 2-core test machine in a fresh browser, and 6–11 s of download
alone at the 1–2 Mbps common in Maluku Utara. These charts need no zoom; a few hundred shapes drawn here show at
once, print with the page, and carry their numbers in tooltips (``<title>``). Every text is escaped and kept on
one line (``_plain``), so a name full of markup stays text. Streamlit's ``st.html`` sanitiser drops SVG, so
``show`` renders through markdown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape

import streamlit as st

from ui.display import number

MUTED = "#6b6f76"
GRID = "#e6e6e9"
CHAR_PX = 7.2  # about one character of 12 px text: to size labels and legends
FONT_PX = 12
MIN_WIDTH_PX = 540  # a drawing scaled to the page scrolls sideways below this: its text stays readable


def _plain(text: str) -> str:
    """``text`` escaped and on one line: the drawing reaches the browser as one markdown HTML block, which a
    blank line inside a name would end (the rest read as markdown)."""
    return escape(" ".join(text.split()))


def _coordinate(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _attrs(**attributes: object) -> str:
    """``key="value"`` pairs, underscores as dashes (``text_anchor`` → ``text-anchor``); None left out."""
    parts = []
    for key, value in attributes.items():
        if value is None:
            continue
        shown = _coordinate(value) if isinstance(value, float) else str(value)
        parts.append(f' {key.rstrip("_").replace("_", "-")}="{_plain(shown)}"')
    return "".join(parts)


def _tip(tip: str | None) -> str:
    return "" if tip is None else f"<title>{_plain(tip)}</title>"


class Svg:
    """A drawing of ``width`` × ``height`` px: shapes and texts appended in order, ``markup()`` the result."""

    def __init__(self, width: float, height: float, *, title: str, scale_to_fit: bool = False):
        size = _attrs(width="100%") if scale_to_fit else _attrs(width=float(width), height=float(height))
        self._parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img"{size} viewBox="0 0 {_coordinate(width)} '
            f'{_coordinate(height)}" font-size="{FONT_PX}" font-family="inherit">{_tip(title)}'
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
        self._parts.append(f"<g>{_tip(tip)}<rect{box}/><text{words}>{_plain(text)}</text></g>")

    def text(
        self, x: float, y: float, content: str | Sequence[str], *, anchor: str = "start", fill: str | None = None,
        size: float | None = None, tip: str | None = None, rotate: float | None = None, line_px: float = 14,
    ) -> None:  # fmt: skip
        """One line, or several (``content`` a sequence) from ``y`` down."""
        lines = [content] if isinstance(content, str) else list(content)
        transform = (
            None if rotate is None else f"rotate({_coordinate(rotate)} {_coordinate(x)} {_coordinate(y)})"
        )
        body = (
            _plain(lines[0])
            if len(lines) == 1
            else "".join(
                f"<tspan{_attrs(x=float(x), dy=0.0 if n == 0 else float(line_px))}>{_plain(line)}</tspan>"
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
        coordinates = " ".join(f"{_coordinate(x)},{_coordinate(y)}" for x, y in points)
        self._parts.append(
            f"<polyline{_attrs(points=coordinates, fill='none', stroke=stroke, stroke_width=width, stroke_dasharray=dash)}/>"
        )

    def polygon(
        self, points: Iterable[tuple[float, float]], *, fill: str, opacity: float | None = None
    ) -> None:
        corners = " ".join(f"{_coordinate(x)},{_coordinate(y)}" for x, y in points)
        self._parts.append(f"<polygon{_attrs(points=corners, fill=fill, fill_opacity=opacity)}/>")

    def marker(
        self, x: float, y: float, *, shape: str, color: str, hollow: bool = False, tip: str | None = None,
        radius: float = 5.0,
    ) -> None:  # fmt: skip
        """A circle or a diamond; hollow ones are white inside."""
        paint = _attrs(fill="#ffffff" if hollow else color, stroke=color, stroke_width=2.0)
        if shape == "diamond":
            r = radius * 1.3
            corners = f"{_coordinate(x)},{_coordinate(y - r)} {_coordinate(x + r)},{_coordinate(y)} {_coordinate(x)},{_coordinate(y + r)} {_coordinate(x - r)},{_coordinate(y)}"
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


def scale_numbers(values: Sequence[float]) -> list[str]:
    """Numbers on a scale (an axis's ticks, a zone's edges) written alike: whole when all are whole, else with
    one decimal."""
    decimals = 0 if all(float(value).is_integer() for value in values) else 1
    return [number(value, decimals) for value in values]


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """``count`` equal steps from ``low`` to ``high``, both included (an axis's grid lines)."""
    step = (high - low) / count
    return [low + step * n for n in range(count + 1)]


CHART_SIZE = (720, 380)  # a line, area or bar chart's drawing, scaled to the page's width
PLOT_LEFT, PLOT_RIGHT, PLOT_BOTTOM = 56, 16, 46  # room for the value axis, the right edge, the bottom labels
LABEL_CHARS = 14  # characters per line of a group's label
Band = tuple[float, float, str]  # a value range drawn as a faint band in its colour (a catalog's zone)


@dataclass(frozen=True)
class Plot:
    """The plotting area of a chart: where ``low``..``high`` runs from ``bottom`` up to ``top``."""

    left: float
    top: float
    right: float
    bottom: float
    low: float
    high: float

    def y_of(self, value: float) -> float:
        """The height of ``value``, held inside the scale."""
        span = self.high - self.low
        share = (min(max(value, self.low), self.high) - self.low) / span if span else 0.0
        return self.bottom - share * (self.bottom - self.top)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 × 10ⁿ (n ≥ 0) at or above ``value``: a count axis's end (at least 1)."""
    step = 1.0
    while True:
        for factor in (1, 2, 5):
            if factor * step >= value:
                return factor * step
        step *= 10


def wrap(text: str, width: int = LABEL_CHARS, lines: int = 2) -> list[str]:
    """``text`` as at most ``lines`` lines of about ``width`` characters, cut with "…" when longer, so neighbouring
    labels never overlap (the whole text goes in the tooltip)."""
    rows: list[str] = []
    for word in text.split():
        if rows and len(rows[-1]) + 1 + len(word) <= width:
            rows[-1] += " " + word
        else:
            rows.append(word)
    if len(rows) > lines:
        rows = rows[:lines]
        rows[-1] = rows[-1][: width - 1].rstrip() + "…"
    return [row if len(row) <= width + 2 else row[: width - 1] + "…" for row in rows]


def chart(title: str, entries: Sequence[tuple[str, Callable[[Svg, float, float], None]]], *, low: float,
          high: float) -> tuple[Svg, Plot]:  # fmt: skip
    """A ``CHART_SIZE`` drawing scaled to the page, its legend on top, and the plotting area left under it."""
    width, height = CHART_SIZE
    drawing = Svg(width, height, title=title, scale_to_fit=True)
    top = 12 + legend(drawing, entries, x=PLOT_LEFT, y=4, width=width - PLOT_LEFT - PLOT_RIGHT) + 8
    return drawing, Plot(PLOT_LEFT, top, width - PLOT_RIGHT, height - PLOT_BOTTOM, low, high)


def value_axis(drawing: Svg, plot: Plot, *, title: str, bands: Sequence[Band] = ()) -> None:
    """The bands faint behind, five grid lines with their numbers (one decimal where a step is not whole), the
    axis's title."""
    for low, high, colour in bands:
        y0, y1 = plot.y_of(high), plot.y_of(low)
        drawing.rect(plot.left, y0, plot.right - plot.left, y1 - y0, fill=colour, opacity=0.08)
    values = ticks(plot.low, plot.high)
    for value, shown in zip(values, scale_numbers(values), strict=True):
        y = plot.y_of(value)
        drawing.line([(plot.left, y), (plot.right, y)], stroke=GRID)
        drawing.text(plot.left - 6, y + 4, shown, anchor="end", fill=MUTED)
    drawing.text(14, (plot.top + plot.bottom) / 2, title, anchor="middle", fill=MUTED, rotate=-90)


def grouped_bars(
    groups: Sequence[str], series: Sequence[tuple[str, str, Sequence[float]]], *, high: float, title: str,
    value_title: str, bands: Sequence[Band] = (),
) -> str:  # fmt: skip
    """One group per name in ``groups`` (labelled with it wrapped, whole on hover), one bar per series (its label,
    colour and values) on ``0..high`` with its value above it; a missing (NaN) value draws no bar. Pure."""
    drawing, plot = chart(
        title, [(label, square(colour)) for label, colour, _values in series], low=0, high=high
    )
    value_axis(drawing, plot, title=value_title, bands=bands)
    slot = (plot.right - plot.left) / max(len(groups), 1)
    bar = min(28.0, slot * 0.8 / max(len(series), 1))
    for g, group in enumerate(groups):
        middle = plot.left + slot * (g + 0.5)
        lines = wrap(group, width=max(6, int(slot / CHAR_PX)))
        drawing.text(middle, plot.bottom + 16, lines, anchor="middle", tip=group, size=11, line_px=13)
        left = middle - bar * len(series) / 2
        for n, (label, colour, values) in enumerate(series):
            value = float(values[g])
            if value != value:  # NaN
                continue
            y = plot.y_of(value)
            drawing.rect(left + bar * n + 1, y, bar - 2, plot.bottom - y, fill=colour,
                         tip=f"{group} · {label}: {number(value, 2)}")  # fmt: skip
            drawing.text(
                left + bar * (n + 0.5), y - 4, number(value, 0), anchor="middle", size=10, fill=MUTED
            )
    return drawing.markup()


def stacked_areas(
    labels: Sequence[str], series: Sequence[tuple[str, str, Sequence[float]]], *, title: str, value_title: str
) -> str:
    """Series stacked on each other along ``labels`` (days), each a band in its colour; the point at each label
    carries the series' count there in its tooltip. Pure."""
    totals = [sum(float(values[i]) for _label, _colour, values in series) for i in range(len(labels))]
    high = nice_ceiling(max(totals, default=0.0))
    drawing, plot = chart(
        title, [(label, square(colour)) for label, colour, _values in series], low=0, high=high
    )
    value_axis(drawing, plot, title=value_title)
    step = (plot.right - plot.left) / max(len(labels) - 1, 1)

    def x_of(i: int) -> float:
        return plot.left + (step * i if len(labels) > 1 else (plot.right - plot.left) / 2)

    every = max(1, round(len(labels) / 8))  # at most about 8 dates under the axis
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            drawing.text(x_of(i), plot.bottom + 16, label, anchor="middle", size=11, fill=MUTED)
    below = [0.0] * len(labels)
    for name, colour, values in series:
        above = [b + float(v) for b, v in zip(below, values, strict=True)]
        outline = [(x_of(i), plot.y_of(v)) for i, v in enumerate(above)]
        base = [(x_of(i), plot.y_of(v)) for i, v in reversed(list(enumerate(below)))]
        drawing.polygon([*outline, *base], fill=colour, opacity=0.35)
        drawing.line(outline, stroke=colour, width=2)
        for i, (x, y) in enumerate(outline):
            drawing.marker(x, y, shape="circle", color=colour, radius=2.5,
                           tip=f"{labels[i]} · {name}: {number(float(values[i]), 0)}")  # fmt: skip
        below = above
    return drawing.markup()


BAR_ROW = 24  # px per row of ranking bars
BAR_AREA = 460  # px of a full-scale ranking bar
LABEL_LIMIT = 300  # px at most for a ranking bar's name


def ranking_bars(
    names: Sequence[str], scores: Sequence[float], fills: Sequence[str], own: Sequence[bool], *, high: float,
    title: str, value_title: str,
) -> str:  # fmt: skip
    """Horizontal bars, one per name top to bottom, as long as the score on ``0..high``, its value after it,
    outlined when ``own``; the title above. A name wider than ``LABEL_LIMIT`` px is cut, whole on hover; a
    missing (NaN) score is a dash. Pure."""
    label_w = min(LABEL_LIMIT, max((text_width(name) for name in names), default=0.0) + 12)
    top, width = 34, label_w + BAR_AREA + 56
    height = top + BAR_ROW * len(names) + 40
    drawing = Svg(width, height, title=title)
    drawing.text(0, 16, title, size=14)
    values = ticks(0, high)
    for value, shown in zip(values, scale_numbers(values), strict=True):
        x = label_w + value / high * BAR_AREA if high else label_w
        drawing.line([(x, top - 4), (x, top + BAR_ROW * len(names))], stroke=GRID)
        drawing.text(x, top + BAR_ROW * len(names) + 16, shown, anchor="middle", fill=MUTED)
    drawing.text(label_w + BAR_AREA / 2, height - 6, value_title, anchor="middle", fill=MUTED)
    for row, (name, score, fill, mine) in enumerate(zip(names, scores, fills, own, strict=True)):
        y = top + BAR_ROW * row
        fits = text_width(name) <= label_w - 12
        drawing.text(label_w - 8, y + BAR_ROW / 2 + 4, name if fits else name[: int((label_w - 24) / CHAR_PX)] + "…",
                     anchor="end", tip=name)  # fmt: skip
        if score != score:  # NaN
            drawing.text(label_w + 6, y + BAR_ROW / 2 + 4, "–", fill=MUTED)
            continue
        length = min(max(score, 0.0), high) / high * BAR_AREA if high else 0.0
        drawing.rect(label_w, y + 3, length, BAR_ROW - 6, fill=fill, outline="#000000" if mine else None,
                     tip=f"{name}: {number(score)}")  # fmt: skip
        drawing.text(label_w + length + 6, y + BAR_ROW / 2 + 4, number(score))
    return drawing.markup()


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
