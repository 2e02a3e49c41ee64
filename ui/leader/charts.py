"""The overview's plotly charts: the OPD × area heatmap and the score trend, both coloured by the catalog's zones."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from i18n import format_date, t
from indicators import Catalog
from services.actor import Actor
from services.overview import Overview
from services.trend import trend
from ui.display import number


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


def heatmap(overview: Overview, catalog: Catalog) -> None:
    heat = overview.heatmap
    if heat is None or heat.empty:
        st.info(t("ui.overview.no_scores"))
        return
    abbreviations = dict(zip(overview.entities["entity"], overview.entities["abbreviation"], strict=False))
    area_names = dict(zip(overview.areas["code"], overview.areas["name"], strict=False))
    heat = heat.sort_index(key=lambda idx: idx.map(lambda e: abbreviations.get(e, e)))
    rows = [abbreviations.get(entity, entity) for entity in heat.index]
    columns = [str(area_names.get(code, code)) for code in heat.columns]
    text = [[number(v) for v in row] for row in heat.to_numpy(dtype=float)]
    figure = go.Figure(
        go.Heatmap(
            z=heat.to_numpy(dtype=float),
            x=columns,
            y=rows,
            text=text,
            texttemplate="%{text}",
            colorscale=zone_colorscale(catalog),
            zmin=catalog.scale.min,
            zmax=catalog.scale.max,
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    figure.update_layout(
        height=max(320, 26 * len(rows) + 140),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        yaxis={"autorange": "reversed"},
        xaxis={"side": "top", "tickangle": 0},
    )
    st.plotly_chart(figure, key="heatmap_chart")
    st.caption(t("ui.overview.heatmap_note"))


def trend_chart(actor: Actor, overview: Overview, catalog: Catalog) -> None:
    frame = trend(actor, region_id=overview.region_id)
    if frame.empty:
        st.info(t("ui.overview.no_trend"))
        return
    same = frame[
        (frame["framework"].astype(str).str.upper() == str(overview.framework).upper()) & frame["area"].isna()
    ]
    if same.empty:
        st.info(t("ui.overview.no_trend"))
        return
    figure = go.Figure()
    for source, label_key, dash in (
        ("lentera", "ui.trend.ours", "solid"),
        ("published", "ui.trend.published", "dot"),
    ):
        rows = same[same["source"] == source].sort_values(["year", "date"], na_position="first")
        if rows.empty:
            continue
        labels = [
            f"{row['name']} · {format_date(row['date']) if pd.notna(row['date']) else row['year']}"
            for _, row in rows.iterrows()
        ]
        figure.add_trace(
            go.Scatter(
                x=_trend_dates(rows),
                y=rows["score"],
                mode="lines+markers",
                name=t(label_key),
                line={"dash": dash},
                text=[
                    f"{label}: {number(score)}" for label, score in zip(labels, rows["score"], strict=False)
                ],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    dates = _trend_dates(same)
    low, high = dates.min(), dates.max()
    if (high - low) < pd.Timedelta(days=120):  # one or two points: give the axis a readable span
        low, high = low - pd.Timedelta(days=180), high + pd.Timedelta(days=180)
    figure.update_xaxes(type="date", tickformat="%m/%Y", range=[low, high])
    for zone in catalog.zones:
        figure.add_hrect(y0=zone.min, y1=zone.max, fillcolor=zone.color, opacity=0.08, line_width=0)
    figure.update_layout(
        height=380,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        yaxis={"range": [catalog.scale.min, catalog.scale.max], "title": t("ui.col.score")},
        legend={"orientation": "h"},
    )
    st.plotly_chart(figure, key="trend_chart")
    st.caption(t("ui.trend.note"))


def _trend_dates(rows: pd.DataFrame) -> pd.Series:
    """The point's date, or 31 December of its year when only the year is known."""
    year_end = pd.to_datetime(rows["year"].astype(int).astype(str) + "-12-31")
    return pd.to_datetime(rows["date"], errors="coerce").fillna(year_end)
