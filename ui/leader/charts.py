"""The overview's charts, coloured by the catalog's zones: the OPD × area heatmap (SVG written here, so its tab
needs no chart library) and the score trend (plotly)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from i18n import get_language, t
from indicators import Catalog, colors
from services.actor import Actor
from services.overview import Overview
from services.trend import series_of, trend, trend_source
from ui.display import number, plain, provenance_badge, zone_colour

LABEL_WIDTH = 14  # characters per line of a heatmap column label
LABEL_LINES = 2
PHONE_WIDTH_PX = 640  # below this the heatmap gives way to the ranking list
_PHONE_CSS = (
    "<style>"
    f"@media (max-width: {PHONE_WIDTH_PX}px) {{ .st-key-heatmap_wide {{ display: none; }} }}"
    f"@media (min-width: {PHONE_WIDTH_PX + 1}px) {{ .st-key-heatmap_phone {{ display: none; }} }}"
    ".lentera-heatmap { overflow-x: auto; }"
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
HEATMAP_LEGEND = 34
CHAR_PX = 7.2  # about one character of 12 px text, to size the row labels and the legend
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
    """OPDs × areas as an SVG drawn here, not by a chart library: each cell filled with the zone of its score and
    written in the colour that reads on it (``indicators.colors``), columns labelled with wrapped area names, a
    legend naming the zones; the full OPD and area names are each cell's and label's tooltip. Rows sorted by
    label. Every text is escaped, so names full of markup stay text. Pure."""
    heat = heat.sort_index(key=lambda idx: idx.map(lambda e: str(row_labels.get(e, e)).casefold()))
    cell_w, cell_h = HEATMAP_CELL
    labels = [str(row_labels.get(entity, entity)) for entity in heat.index]
    label_w = max(60, round(max((len(label) for label in labels), default=0) * CHAR_PX) + 12)
    width = label_w + cell_w * len(heat.columns)
    grid_bottom = HEATMAP_HEADER + cell_h * len(labels)
    height = grid_bottom + HEATMAP_LEGEND
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-size="12" font-family="inherit">',
        f"<title>{escape(title)}</title>",
    ]
    for i, code in enumerate(heat.columns):
        name = str(area_names.get(code, code))
        x = label_w + cell_w * i + cell_w / 2
        lines = wrap_label(name).split("<br>")
        spans = "".join(
            f'<tspan x="{x:g}" dy="{0 if n == 0 else 14}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        top = HEATMAP_HEADER - 8 - 14 * (len(lines) - 1)
        parts.append(
            f'<text x="{x:g}" y="{top}" text-anchor="middle"><title>{escape(name)}</title>{spans}</text>'
        )
    values = heat.to_numpy(dtype=float)
    for r, entity in enumerate(heat.index):
        y = HEATMAP_HEADER + cell_h * r
        full = str(row_names.get(entity, labels[r]))
        parts.append(
            f'<text x="{label_w - 8}" y="{y + cell_h / 2 + 4:g}" text-anchor="end">'
            f"<title>{escape(full)}</title>{escape(labels[r])}</text>"
        )
        for i, code in enumerate(heat.columns):
            value = values[r, i]
            zone_name = catalog.zone_for(value)
            fill = zone_colour(catalog, zone_name) if zone_name is not None else MISSING_FILL
            shown = number(value) if math.isfinite(value) else "–"
            tip = f"{labels[r]} · {area_names.get(code, code)}: {shown}"
            x = label_w + cell_w * i
            parts.append(
                f'<g><title>{escape(tip)}</title><rect x="{x + HEATMAP_GAP / 2:g}" y="{y + HEATMAP_GAP / 2:g}" '
                f'width="{cell_w - HEATMAP_GAP}" height="{cell_h - HEATMAP_GAP}" fill="{escape(fill)}"/>'
                f'<text x="{x + cell_w / 2:g}" y="{y + cell_h / 2 + 4:g}" text-anchor="middle" '
                f'fill="{colors.text_color_on(fill)}">{escape(shown)}</text></g>'
            )
    x = float(label_w)
    for zone in sorted(catalog.zones, key=lambda z: z.min):
        low, high = (number(edge, 0 if float(edge).is_integer() else 1) for edge in (zone.min, zone.max))
        legend = f"{zone.name} ({low}–{high})"
        parts.append(
            f'<rect x="{x:g}" y="{grid_bottom + 12}" width="14" height="14" fill="{escape(zone.color)}"/>'
            f'<text x="{x + 20:g}" y="{grid_bottom + 24}">{escape(legend)}</text>'
        )
        x += 20 + len(legend) * CHAR_PX + 16
    parts.append("</svg>")
    return "".join(parts)


def heatmap_markup(overview: Overview, catalog: Catalog) -> str:
    """The overview's heatmap (``heatmap_svg``) in a block that scrolls sideways when the areas outgrow the page."""
    entities = overview.entities
    svg = heatmap_svg(
        overview.heatmap,
        catalog=catalog,
        row_labels=dict(zip(entities["entity"], entities["abbreviation"], strict=False)),
        row_names=dict(zip(entities["entity"], entities["name"], strict=False)),
        area_names=dict(zip(overview.areas["code"], overview.areas["name"], strict=False)),
        title=t("ui.tab.heatmap"),
    )
    return f'<div class="lentera-heatmap">{svg}</div>'


def heatmap(overview: Overview, catalog: Catalog, phone: Callable[[], None] | None = None) -> None:
    """The heatmap on a wide screen; on a phone (narrow screen) ``phone`` draws the readable alternative (the
    ranking list) instead, chosen by the browser's width (CSS), not by the server. The heatmap is SVG the server
    writes: the first tab switch draws it at once, without fetching and starting a chart library (plotly's bundle
    is 1.4 MB compressed and took about a second in a fresh browser)."""
    heat = overview.heatmap
    if heat is None or heat.empty:
        st.info(t("ui.overview.no_scores"))
        return
    entities = tuple(
        overview.entities[["entity", "abbreviation", "name"]].astype(str).itertuples(index=False, name=None)
    )
    markup = overview.memo(  # once per version of the scores, language and OPD names
        ("heatmap markup", get_language(), entities), lambda: heatmap_markup(overview, catalog)
    )
    st.html(_PHONE_CSS)
    with st.container(key="heatmap_wide"):
        with st.container(key="heatmap_chart"):  # markdown, not st.html: st.html's sanitiser drops SVG
            st.markdown(markup, unsafe_allow_html=True)
        st.caption(t("ui.overview.heatmap_note"))
    if phone is not None:
        with st.container(key="heatmap_phone"):
            st.caption(t("ui.overview.heatmap_phone"))
            phone()


STYLES: dict[str, dict[str, Any]] = {
    "lentera_final": {"dash": "solid", "symbol": "circle", "color": "#1f3a93"},
    "lentera_in_progress": {"dash": "dash", "symbol": "circle-open", "color": "#1f3a93"},
    "published_final": {"dash": "solid", "symbol": "diamond", "color": "#b03a2e"},
    "published_provisional": {"dash": "dot", "symbol": "diamond-open", "color": "#b03a2e"},
}


def _hover(row: Any) -> str:
    score = number(row["score"])
    if row["source"] == "lentera":
        return t(
            "ui.trend.point_ours", name=row["name"], stage=t(f"ui.trend.stage.{row['stage']}"), score=score
        )
    return t("ui.trend.point_published", name=row["name"], year=int(row["year"]), score=score,
             source=trend_source(row))  # fmt: skip


def trend_figure(frame: pd.DataFrame, catalog: Catalog, publisher: str) -> go.Figure:
    """The trend by assessment year: one trace per ``services.trend.SERIES`` (a period in progress hollow and
    dashed, published provisional readings apart from the finals), each point's source in its hover text."""
    figure = go.Figure()
    for key, rows in series_of(frame).items():
        if rows.empty:
            continue
        style = STYLES[key]
        figure.add_trace(
            go.Scatter(
                x=rows["year"].astype(int),
                y=rows["score"].astype(float),
                mode="lines+markers" if key != "published_provisional" else "markers",
                name=t(f"ui.trend.{key}", publisher=publisher),
                line={"dash": style["dash"], "color": style["color"]},
                marker={
                    "size": 10,
                    "color": style["color"],
                    # the last final point the dashed segment starts from stays filled
                    "symbol": [
                        "circle" if key == "lentera_in_progress" and stage == "final" else style["symbol"]
                        for stage in rows["stage"]
                    ],
                },
                text=[_hover(row) for row in rows.to_dict("records")],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    years = frame["year"].astype(int)
    figure.update_xaxes(
        title=t("ui.trend.year"), tickformat="d", dtick=1, range=[years.min() - 0.5, years.max() + 0.5]
    )
    for zone in catalog.zones:
        figure.add_hrect(y0=zone.min, y1=zone.max, fillcolor=zone.color, opacity=0.08, line_width=0)
    figure.update_layout(
        height=380,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        yaxis={"range": [catalog.scale.min, catalog.scale.max], "title": t("ui.col.score")},
        legend={
            "orientation": "h",
            "y": 1.02,
            "yanchor": "bottom",
            "x": 0,
        },  # above: the year ticks stay readable
    )
    return figure


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
    st.plotly_chart(trend_figure(same, catalog, publisher), key="trend_chart")
    st.caption(t("ui.trend.note"))
    published = same.loc[same["source"] == "published"]
    if not published.empty:
        ordered = published.sort_values(["year", "date"], na_position="first")
        lines = list(dict.fromkeys(trend_source(row) for row in ordered.to_dict("records")))  # in time order
        st.caption(t("ui.trend.sources") + "\n" + "\n".join(f"- {plain(line)}" for line in lines))
