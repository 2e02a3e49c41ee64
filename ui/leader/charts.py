"""The overview's charts, coloured by the catalog's zones: the OPD × area heatmap and the score trend, drawn as
SVG by the server (``ui.svg``: their tabs need no chart library)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
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

PHONE_WIDTH_PX = 640  # below this the heatmap gives way to the ranking list
_PHONE_CSS = (
    "<style>"
    f"@media (max-width: {PHONE_WIDTH_PX}px) {{ .st-key-heatmap_wide {{ display: none; }} }}"
    f"@media (min-width: {PHONE_WIDTH_PX + 1}px) {{ .st-key-heatmap_phone {{ display: none; }} }}"
    "</style>"
)


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
    edges = svg.scale_numbers([edge for zone in zones for edge in (zone.min, zone.max)])
    entries = [
        (f"{zone.name} ({edges[2 * n]}–{edges[2 * n + 1]})", svg.square(zone.color))
        for n, zone in enumerate(zones)
    ]
    drawing = svg.Svg(width, grid_bottom + 12 + 20 * len(entries), title=title)
    for i, code in enumerate(heat.columns):
        name = str(area_names.get(code, code))
        lines = svg.wrap(name)
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


def zone_bands(catalog: Catalog) -> list[svg.Band]:
    """The catalog's zones as a chart's faint bands."""
    return [(zone.min, zone.max, zone.color) for zone in catalog.zones]


def trend_svg(frame: pd.DataFrame, catalog: Catalog, publisher: str) -> str:
    """The trend by assessment year (``ui.svg``): one line per ``services.trend.SERIES`` (a period in progress
    hollow and dashed, published provisional readings as hollow diamonds apart from the finals), the catalog's
    zones as faint bands, each point's score and source in its tooltip. Pure."""
    series = {key: rows for key, rows in series_of(frame).items() if not rows.empty}
    entries = [(t(f"ui.trend.{key}", publisher=publisher), _swatch(STYLES[key])) for key in series]
    low, high = catalog.scale.min, catalog.scale.max
    drawing, plot = svg.chart(t("ui.tab.trend"), entries, low=low, high=high)
    svg.value_axis(drawing, plot, title=t("ui.col.score"), bands=zone_bands(catalog))
    years = frame["year"].astype(int)
    first, count = int(years.min()), int(years.max()) - int(years.min()) + 1
    step = (plot.right - plot.left) / count

    def x_of(year: int) -> float:
        return plot.left + (year - first + 0.5) * step

    for year in range(first, first + count):
        drawing.text(x_of(year), plot.bottom + 18, str(year), anchor="middle", fill=svg.MUTED)
    drawing.text((plot.left + plot.right) / 2, svg.CHART_SIZE[1] - 8, t("ui.trend.year"), anchor="middle",
                 fill=svg.MUTED)  # fmt: skip
    for key, rows in series.items():
        style = STYLES[key]
        points = [
            (x_of(int(year)), plot.y_of(float(score)))
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
