"""The overview's plotly charts: the OPD × area heatmap and the score trend, both coloured by the catalog's zones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from i18n import get_language, t
from indicators import Catalog
from services.actor import Actor
from services.overview import Overview
from services.trend import series_of, trend, trend_source
from ui.display import number, plain, provenance_badge


def zone_colorscale(catalog: Catalog) -> list[list[Any]]:
    """A stepped plotly colour scale whose bands are the catalog's zones."""
    span = catalog.scale.max - catalog.scale.min
    scale: list[list[Any]] = []
    for zone in sorted(catalog.zones, key=lambda z: z.min):
        low = (zone.min - catalog.scale.min) / span
        high = (zone.max - catalog.scale.min) / span
        scale.append([max(0.0, low), zone.color])
        scale.append([min(1.0, high), zone.color])
    return scale


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


def zone_colorbar(catalog: Catalog) -> dict[str, Any]:
    """The colour bar names the zones: one tick with the zone's name in the middle of its band."""
    zones = sorted(catalog.zones, key=lambda z: z.min)
    return {
        "title": {"text": t("ui.col.zone")},
        "tickvals": [(zone.min + zone.max) / 2 for zone in zones],
        "ticktext": [zone.name for zone in zones],
    }


def heatmap_figure(overview: Overview, catalog: Catalog) -> go.Figure:
    """OPDs × areas coloured by zone; columns labelled with wrapped area names, full names on hover."""
    heat = overview.heatmap
    abbreviations = dict(zip(overview.entities["entity"], overview.entities["abbreviation"], strict=False))
    area_names = dict(zip(overview.areas["code"], overview.areas["name"], strict=False))
    heat = heat.sort_index(key=lambda idx: idx.map(lambda e: abbreviations.get(e, e)))
    rows = [abbreviations.get(entity, entity) for entity in heat.index]
    codes = [str(code) for code in heat.columns]
    names = [str(area_names.get(code, code)) for code in heat.columns]
    text = [[number(v) for v in row] for row in heat.to_numpy(dtype=float)]
    figure = go.Figure(
        go.Heatmap(
            z=heat.to_numpy(dtype=float),
            x=codes,
            y=rows,
            text=text,
            customdata=[names for _ in rows],
            texttemplate="%{text}",
            colorscale=zone_colorscale(catalog),
            colorbar=zone_colorbar(catalog),
            zmin=catalog.scale.min,
            zmax=catalog.scale.max,
            hovertemplate="%{y} · %{customdata}: %{text}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    figure.update_layout(
        height=max(320, 26 * len(rows) + 160),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        yaxis={"autorange": "reversed"},
        xaxis={
            "side": "top",
            "tickangle": 0,
            "tickmode": "array",
            "tickvals": codes,
            "ticktext": [wrap_label(name) for name in names],
        },
    )
    return figure


def heatmap(overview: Overview, catalog: Catalog, phone: Callable[[], None] | None = None) -> None:
    """The heatmap on a wide screen; on a phone (narrow screen) ``phone`` draws the readable alternative (the
    ranking list) instead, chosen by the browser's width (CSS), not by the server."""
    heat = overview.heatmap
    if heat is None or heat.empty:
        st.info(t("ui.overview.no_scores"))
        return
    entities = tuple(
        overview.entities[["entity", "abbreviation"]].astype(str).itertuples(index=False, name=None)
    )
    figure = overview.memo(  # once per version of the scores, language and OPD abbreviations
        ("heatmap figure", get_language(), entities), lambda: heatmap_figure(overview, catalog)
    )
    with st.container(key="heatmap_wide"):
        st.plotly_chart(figure, key="heatmap_chart")
        st.caption(t("ui.overview.heatmap_note"))
    if phone is not None:
        st.html(_PHONE_CSS)
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
