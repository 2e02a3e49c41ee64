"""The overview's charts, coloured by the catalog's zones: the OPD × area heatmap and the score trend, drawn as
SVG by the server (``ui.svg``: their tabs need no chart library)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from i18n import get_language, t
from indicators import Catalog, colors
from services.actor import Actor
from services.overview import Overview
from services.trend import series_of, trend, trend_source
from ui import svg
from ui.display import number, plain, provenance_badge, zone_colour

LABEL_WIDTH = 14  # characters per line of a heatmap column label
LABEL_LINES = 2
PHONE_WIDTH_PX = 640  # below this the heatmap gives way to the ranking list
_PHONE_CSS = (
    "<style>"
    f"@media (max-width: {PHONE_WIDTH_PX}px) {{ .st-key-heatmap_wide {{ display: none; }} }}"
    f"@media (min-width: {PHONE_WIDTH_PX + 1}px) {{ .st-key-heatmap_phone {{ display: none; }} }}"
    "</style>"
)


def wrap_label(text: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """An area name as at most ``lines`` lines of about ``width`` characters (``<br>`` between them), cut with "…"
    when longer, so neighbouring column labels never overlap; the full name is in the hover text."""
    rows: list[str] = []
    for word in text.split():
        if rows and len(rows[-1]) + 1 + len(word) <= width:
            rows[-1] += " " + word
        else:
            rows.append(word)
    if len(rows) > lines:
        rows = rows[:lines]
        rows[-1] = rows[-1][: width - 1].rstrip() + "…"
    rows = [row if len(row) <= width + 2 else row[: width - 1] + "…" for row in rows]
    return "<br>".join(rows)


HEATMAP_CELL = (96, 26)  # width, height of an area's cell in px
HEATMAP_GAP = 2
HEATMAP_HEADER = 46  # two label lines above the first row
MISSING_FILL = "#eeeeee"


def heatmap_svg(
    heat: pd.DataFrame,
    *,
    catalog: Catalog,
    row_labels: Mapping[Any, str],
    row_names: Mapping[Any, str],
    area_names: Mapping[Any, str],
    title: str,
) -> str:
    """OPDs × areas (``ui.svg``): each cell filled with the zone of its score and written in the colour that
    reads on it (``indicators.colors``), columns labelled with wrapped area names, a legend naming the zones; the
    full OPD and area names are each cell's and label's tooltip. Rows sorted by label, whatever the case. Pure."""
    heat = heat.sort_index(key=lambda idx: idx.map(lambda e: str(row_labels.get(e, e)).casefold()))
    cell_w, cell_h = HEATMAP_CELL
    labels = [str(row_labels.get(entity, entity)) for entity in heat.index]
    label_w = max(60.0, max((svg.text_width(label) for label in labels), default=0.0) + 12)
    width = label_w + cell_w * len(heat.columns)
    grid_bottom = HEATMAP_HEADER + cell_h * len(labels)
    zones = sorted(catalog.zones, key=lambda z: z.min)
    entries = []
    for zone in zones:
        low, high = (number(edge, 0 if float(edge).is_integer() else 1) for edge in (zone.min, zone.max))
        entries.append((f"{zone.name} ({low}–{high})", svg.square(zone.color)))
    drawing = svg.Svg(width, grid_bottom + 12 + 20 * len(entries), title=title)
    for i, code in enumerate(heat.columns):
        name = str(area_names.get(code, code))
        lines = wrap_label(name).split("<br>")
        top = HEATMAP_HEADER - 8 - 14 * (len(lines) - 1)
        drawing.text(label_w + cell_w * i + cell_w / 2, top, lines, anchor="middle", tip=name)
    values = heat.to_numpy(dtype=float)
    for r, entity in enumerate(heat.index):
        y = HEATMAP_HEADER + cell_h * r
        full = str(row_names.get(entity, labels[r]))
        drawing.text(label_w - 8, y + cell_h / 2 + 4, labels[r], anchor="end", tip=full)
        for i, code in enumerate(heat.columns):
            value = values[r, i]
            zone_name = catalog.zone_for(value)
            fill = zone_colour(catalog, zone_name) if zone_name is not None else MISSING_FILL
            shown = number(value) if math.isfinite(value) else "–"
            drawing.cell(
                label_w + cell_w * i + HEATMAP_GAP / 2, y + HEATMAP_GAP / 2, cell_w - HEATMAP_GAP,
                cell_h - HEATMAP_GAP, fill=fill, text=shown, ink=colors.text_color_on(fill),
                tip=f"{labels[r]} · {area_names.get(code, code)}: {shown}",
            )  # fmt: skip
    svg.legend(drawing, entries, x=label_w, y=grid_bottom + 12, width=width - label_w)
    return drawing.markup()


def heatmap(overview: Overview, catalog: Catalog, phone: Callable[[], None] | None = None) -> None:
    """The heatmap on a wide screen; on a phone (narrow screen) ``phone`` draws the readable alternative (the
    ranking list) instead, chosen by the browser's width (CSS), not by the server."""
    heat = overview.heatmap
    if heat is None or heat.empty:
        st.info(t("ui.overview.no_scores"))
        return
    entities = overview.entities
    names = tuple(entities[["entity", "abbreviation", "name"]].astype(str).itertuples(index=False, name=None))
    markup = overview.memo(  # once per version of the scores, language and OPD names
        ("heatmap", get_language(), names),
        lambda: heatmap_svg(
            heat,
            catalog=catalog,
            row_labels=dict(zip(entities["entity"], entities["abbreviation"], strict=False)),
            row_names=dict(zip(entities["entity"], entities["name"], strict=False)),
            area_names=dict(zip(overview.areas["code"], overview.areas["name"], strict=False)),
            title=t("ui.tab.heatmap"),
        ),
    )
    st.html(_PHONE_CSS)
    with st.container(key="heatmap_wide"):
        svg.show(markup, key="heatmap_chart")
        st.caption(t("ui.overview.heatmap_note"))
    if phone is not None:
        with st.container(key="heatmap_phone"):
            st.caption(t("ui.overview.heatmap_phone"))
            phone()


STYLES: dict[str, dict[str, Any]] = {  # a trend series' line ("" none), marker and colour
    "lentera_final": {"dash": "", "marker": "circle", "hollow": False, "color": "#1f3a93"},
    "lentera_in_progress": {"dash": "7 4", "marker": "circle", "hollow": True, "color": "#1f3a93"},
    "published_final": {"dash": "", "marker": "diamond", "hollow": False, "color": "#b03a2e"},
    "published_provisional": {"dash": None, "marker": "diamond", "hollow": True, "color": "#b03a2e"},
}
CHART_SIZE = (720, 380)  # a line or bar chart's drawing, scaled to the page's width
PLOT_LEFT, PLOT_RIGHT, PLOT_BOTTOM = 56, 16, 46  # room for the value axis, the right edge, the year axis


def _hover(row: Any) -> str:
    score = number(row["score"])
    if row["source"] == "lentera":
        return t(
            "ui.trend.point_ours", name=row["name"], stage=t(f"ui.trend.stage.{row['stage']}"), score=score
        )
    return t("ui.trend.point_published", name=row["name"], year=int(row["year"]), score=score,
             source=trend_source(row))  # fmt: skip


def _swatch(style: dict[str, Any]) -> Callable[[svg.Svg, float, float], None]:
    def draw(drawing: svg.Svg, x: float, y: float) -> None:
        if style["dash"] is not None:
            drawing.line([(x - 9, y), (x + 9, y)], stroke=style["color"], width=2, dash=style["dash"] or None)
        drawing.marker(x, y, shape=style["marker"], color=style["color"], hollow=style["hollow"], radius=4)

    return draw


def _value_axis(
    drawing: svg.Svg, catalog: Catalog, top: float, bottom: float, right: float, title: str
) -> None:
    """Grid lines and numbers of the catalog's scale, the zones as faint bands behind them, the axis's title."""
    low, high = catalog.scale.min, catalog.scale.max
    span = high - low

    def y_of(value: float) -> float:
        return bottom - (value - low) / span * (bottom - top)

    for zone in catalog.zones:
        y0, y1 = y_of(min(zone.max, high)), y_of(max(zone.min, low))
        drawing.rect(PLOT_LEFT, y0, right - PLOT_LEFT, y1 - y0, fill=zone.color, opacity=0.08)
    for value in svg.ticks(low, high):
        drawing.line([(PLOT_LEFT, y_of(value)), (right, y_of(value))], stroke=svg.GRID)
        drawing.text(PLOT_LEFT - 6, y_of(value) + 4, number(value, 0 if span >= 10 else 1), anchor="end",
                     fill=svg.MUTED)  # fmt: skip
    middle = (top + bottom) / 2
    drawing.text(14, middle, title, anchor="middle", fill=svg.MUTED, rotate=-90)


def trend_svg(frame: pd.DataFrame, catalog: Catalog, publisher: str) -> str:
    """The trend by assessment year (``ui.svg``): one line per ``services.trend.SERIES`` (a period in progress
    hollow and dashed, published provisional readings as hollow diamonds apart from the finals), the catalog's
    zones as faint bands, each point's score and source in its tooltip. Pure."""
    width, height = CHART_SIZE
    series = {key: rows for key, rows in series_of(frame).items() if not rows.empty}
    entries = [(t(f"ui.trend.{key}", publisher=publisher), _swatch(STYLES[key])) for key in series]
    drawing = svg.Svg(width, height, title=t("ui.tab.trend"), scale_to_fit=True)
    top = 12 + svg.legend(drawing, entries, x=PLOT_LEFT, y=4, width=width - PLOT_LEFT - PLOT_RIGHT) + 8
    bottom, right = height - PLOT_BOTTOM, width - PLOT_RIGHT
    _value_axis(drawing, catalog, top, bottom, right, t("ui.col.score"))
    years = frame["year"].astype(int)
    first, count = int(years.min()), int(years.max()) - int(years.min()) + 1
    step = (right - PLOT_LEFT) / count

    def x_of(year: int) -> float:
        return PLOT_LEFT + (year - first + 0.5) * step

    def y_of(value: float) -> float:
        low, high = catalog.scale.min, catalog.scale.max
        return bottom - (min(max(value, low), high) - low) / (high - low) * (bottom - top)

    for year in range(first, first + count):
        drawing.text(x_of(year), bottom + 18, str(year), anchor="middle", fill=svg.MUTED)
    drawing.text((PLOT_LEFT + right) / 2, height - 8, t("ui.trend.year"), anchor="middle", fill=svg.MUTED)
    for key, rows in series.items():
        style = STYLES[key]
        points = [
            (x_of(int(year)), y_of(float(score)))
            for year, score in zip(rows["year"], rows["score"], strict=True)
        ]
        if style["dash"] is not None and len(points) > 1:
            drawing.line(points, stroke=style["color"], width=2, dash=style["dash"] or None)
        for (x, y), row in zip(points, rows.to_dict("records"), strict=True):
            hollow = style["hollow"] and not (key == "lentera_in_progress" and row["stage"] == "final")
            drawing.marker(x, y, shape=style["marker"], color=style["color"], hollow=hollow, tip=_hover(row))
    return drawing.markup()


def trend_chart(actor: Actor, overview: Overview, catalog: Catalog) -> None:
    frame = trend(actor, region_id=overview.region_id)
    same = (
        frame[
            (frame["framework"].astype(str).str.upper() == str(overview.framework).upper())
            & frame["area"].isna()
        ]
        if not frame.empty
        else frame
    )
    if same.empty:
        st.info(t("ui.overview.no_trend"))
        return
    publisher = "KemenPANRB" if str(overview.framework).upper() == "SPBE" else "KPK"
    provenance_badge(catalog)
    svg.show(trend_svg(same, catalog, publisher), key="trend_chart")
    st.caption(t("ui.trend.note"))
    published = same.loc[same["source"] == "published"]
    if not published.empty:
        ordered = published.sort_values(["year", "date"], na_position="first")
        lines = list(dict.fromkeys(trend_source(row) for row in ordered.to_dict("records")))  # in time order
        st.caption(t("ui.trend.sources") + "\n" + "\n".join(f"- {plain(line)}" for line in lines))


def bars_svg(
    groups: Sequence[str], series: Sequence[tuple[str, str, Sequence[float]]], *, scale_max: float, title: str,
    catalog: Catalog,
) -> str:  # fmt: skip
    """Grouped bars (``ui.svg``): one group per name in ``groups`` (labelled with it wrapped, in full on hover), one
    bar per series (its label, colour and values) with its value above it, the catalog's zones faint behind. Pure."""
    width, height = CHART_SIZE
    entries = [(label, svg.square(colour)) for label, colour, _values in series]
    drawing = svg.Svg(width, height, title=title, scale_to_fit=True)
    top = 12 + svg.legend(drawing, entries, x=PLOT_LEFT, y=4, width=width - PLOT_LEFT - PLOT_RIGHT) + 8
    bottom, right = height - PLOT_BOTTOM, width - PLOT_RIGHT
    _value_axis(drawing, catalog, top, bottom, right, t("ui.col.score"))
    slot = (right - PLOT_LEFT) / max(len(groups), 1)
    bar = min(28.0, slot * 0.8 / max(len(series), 1))
    for g, group in enumerate(groups):
        middle = PLOT_LEFT + slot * (g + 0.5)
        lines = wrap_label(group, width=max(6, int(slot / svg.CHAR_PX))).split("<br>")
        drawing.text(middle, bottom + 16, lines, anchor="middle", tip=group, size=11, line_px=13)
        left = middle - bar * len(series) / 2
        for n, (label, colour, values) in enumerate(series):
            value = float(values[g])
            if not math.isfinite(value):
                continue
            length = min(max(value, 0.0), scale_max) / scale_max * (bottom - top) if scale_max else 0.0
            x = left + bar * n
            drawing.rect(
                x + 1,
                bottom - length,
                bar - 2,
                length,
                fill=colour,
                tip=f"{group} · {label}: {number(value)}",
            )
            drawing.text(
                x + bar / 2, bottom - length - 4, number(value, 0), anchor="middle", size=10, fill=svg.MUTED
            )
    return drawing.markup()
