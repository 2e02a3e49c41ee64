"""The leader's read-only views: the province overview and the drill-down into one OPD.

Every number comes from ``services.overview`` and ``services.trend`` (which takes it from ``scoring``); this module only arranges,
formats (Indonesian decimals, WIT dates) and colours them with the zones of the period's catalog. The
"Lensa layanan digital" toggle asks the service for the same views restricted to leaves tagged ``digital``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from i18n import format_date, format_datetime, t
from indicators import ROOT_CODE, Catalog
from services import catalogs, freshness, organisations, periods, submissions
from services.actor import Actor
from services.overview import opd_overview, period_overview
from services.trend import trend
from ui import session
from ui.evidence_view import show_evidence
from ui.panels.due import render_due_panel
from ui.widgets import (
    guarded,
    lazy_panel,
    number,
    page_header,
    period_selector,
    rank_arrow,
    rule_value_label,
    score_card,
    status_label,
    zone_colour,
)

DIGITAL_TAG = "digital"
LENS_KEY = "digital_lens"
DRILL_KEY = "drill_organisation_id"
OPD_DETAIL_URL = "rincian-opd"
"""Where a clicked OPD of the ranking opens (the URL path ``ui.navigation`` registers the drill-down under)."""
GAP_ROWS = 25


def lens_toggle() -> str | None:
    """The digital-services lens, remembered across pages; returns the tag to score on (or None)."""
    value = st.toggle(
        t("ui.lens.digital"),
        value=bool(st.session_state.get(LENS_KEY + "_value", False)),
        key=LENS_KEY,
        help=t("ui.lens.digital_help"),
    )
    st.session_state[LENS_KEY + "_value"] = value
    return DIGITAL_TAG if value else None


def _controls(actor: Actor) -> tuple[int | None, str | None]:
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    with left:
        period_id = period_selector(actor)
    with right:
        tag = lens_toggle()
    return period_id, tag


def _zone_style(catalog: Catalog, zone_column: str) -> Any:
    def paint(value: Any) -> str:
        if not isinstance(value, str) or not value:
            return ""
        return f"background-color: {zone_colour(catalog, value)}; color: white; font-weight: 600"

    return paint


# -- overview --------------------------------------------------------------------------------------------------


@guarded
def overview_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.overview")
    period_id, tag = _controls(actor)
    if period_id is None:
        return

    with st.spinner(t("ui.loading")):
        overview = period_overview(actor, period_id=period_id, tag=tag)
    catalog = catalogs.catalog_for_period(period_id)
    if tag:
        st.info(t("ui.lens.active"))
    _headline(overview, catalog)
    _progress(overview)
    lazy_panel(
        t("panel.due.title"),
        panel_key="panel_due",
        render=partial(render_due_panel, period_id=period_id),
    )
    tabs = st.tabs(
        [
            t("ui.tab.opd_ranking"),
            t("ui.tab.region_ranking"),
            t("ui.tab.heatmap"),
            t("ui.tab.gaps"),
            t("ui.tab.trend"),
        ]
    )
    with tabs[0]:
        _opd_ranking(overview, catalog)
    with tabs[1]:
        _region_ranking(overview, catalog)
    with tabs[2]:
        _heatmap(overview, catalog)
    with tabs[3]:
        _gaps(actor, period_id, overview)
    with tabs[4]:
        _trend(actor, overview, catalog)


def _headline(overview: Any, catalog: Catalog) -> None:
    total = overview.pemda_total or {}
    scale = t("ui.scale", max=number(overview.scale_max, 0))
    cards = [("verified_score", "score"), ("self_score", "self_score"), ("projected_score", "projected")]
    for column, (metric, field) in zip(st.columns(3), cards, strict=True):
        value = total.get(field)
        score_card(
            column,
            label=t(f"ui.metric.{metric}"),
            key=f"overview_{metric}",
            value=value,
            zone=catalog.zone_for(value),
            catalog=catalog,
            help=t(f"ui.metric.{metric}_help") + " " + scale,
        )


def _progress(overview: Any) -> None:
    counts = overview.counts
    cols = st.columns(5)
    cols[0].metric(t("ui.metric.verified"), number(counts.get("verified", 0), 0), border=True)
    cols[1].metric(t("ui.metric.submitted"), number(counts.get("submitted", 0), 0), border=True)
    cols[2].metric(t("ui.metric.returned"), number(counts.get("returned", 0), 0), border=True)
    cols[3].metric(
        t("ui.metric.missing"),
        number(counts.get("missing", 0) + counts.get("draft", 0), 0),
        border=True,
        help=t("ui.metric.missing_help"),
    )
    days = overview.days_to_deadline
    cols[4].metric(
        t("ui.metric.days_left"),
        "–" if days is None else number(days, 0),
        border=True,
        help=t("ui.metric.deadline", deadline=format_datetime(overview.submission_deadline)),
    )
    total = counts.get("total", 0)
    done = counts.get("verified", 0) + counts.get("submitted", 0)
    st.progress(
        done / total if total else 0.0,
        text=t(
            "ui.overview.progress",
            done=number(done, 0),
            total=number(total, 0),
            verified=number(counts.get("verified", 0), 0),
        ),
    )
    if days is not None and days < 0:
        st.error(t("ui.deadline.passed", deadline=format_datetime(overview.submission_deadline)))


def _ranking_table(ranking: pd.DataFrame, names: pd.DataFrame, name_column: str, catalog: Catalog) -> Any:
    joined = ranking.merge(names, on="entity", how="left")
    shown = pd.DataFrame(
        {
            t("ui.col.rank"): joined["rank"].map(lambda r: "–" if pd.isna(r) else str(int(r))),
            t("ui.col.change"): joined["rank_change"].map(lambda c: rank_arrow(None if pd.isna(c) else c)),
            t("ui.col.name"): joined[name_column],
            t("ui.col.score"): joined["score"].map(number),
            t("ui.col.zone"): joined["zone"].astype(object).where(joined["zone"].notna(), ""),
        }
    )
    return shown.style.map(_zone_style(catalog, t("ui.col.zone")), subset=[t("ui.col.zone")])


def _opd_ranking(overview: Any, catalog: Catalog) -> None:
    ranking = overview.opd_ranking
    if ranking.empty:
        st.info(t("ui.overview.no_scores"))
        return
    names = overview.entities[["entity", "name", "abbreviation"]]
    event = st.dataframe(
        _ranking_table(ranking, names, "name", catalog),
        hide_index=True,
        key="opd_ranking_table",
        on_select="rerun",
        selection_mode="single-row",
    )
    st.caption(t("ui.overview.rank_note") + " " + t("ui.overview.click_to_drill"))
    rows = getattr(getattr(event, "selection", None), "rows", None) or []
    if rows:  # a clicked OPD opens its drill-down
        st.session_state[DRILL_KEY] = int(ranking.iloc[rows[0]]["entity"])
        st.switch_page(st.Page(opd_detail_page, url_path=OPD_DETAIL_URL))


def _region_ranking(overview: Any, catalog: Catalog) -> None:
    ranking = overview.region_ranking
    if ranking.empty or len(ranking) < 2:
        st.info(t("ui.overview.no_regions"))
        if ranking.empty:
            return
    names = overview.regions[["entity", "name"]]
    st.dataframe(_ranking_table(ranking, names, "name", catalog), hide_index=True, key="region_ranking_table")


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


def _heatmap(overview: Any, catalog: Catalog) -> None:
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


def _gaps(actor: Actor, period_id: int, overview: Any) -> None:
    gaps = overview.gap_list
    if gaps is None or gaps.empty:
        st.success(t("ui.overview.no_gaps"))
        return
    top = freshness.gap_list_with_stale(actor, period_id=period_id, gap_list=gaps.head(GAP_ROWS))
    shown = pd.DataFrame(
        {
            t("ui.col.code"): top["code"].astype(str),
            t("ui.col.item"): top["name"],
            t("ui.col.gain"): top["gain"].map(number),
            t("ui.col.score"): top["score"].map(number),
            t("ui.col.organisations"): top["organisations"],
            t("ui.col.stale"): top["stale"].map(lambda stale: "⚠" if stale else ""),
        }
    )
    st.dataframe(shown, hide_index=True, key="gap_table")
    st.caption(t("ui.overview.gap_note", shown=number(len(top), 0), total=number(len(gaps), 0)))


def _trend(actor: Actor, overview: Any, catalog: Catalog) -> None:
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


# -- drill-down ------------------------------------------------------------------------------------------------


@guarded
def opd_detail_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.opd_detail")
    period_id, tag = _controls(actor)
    if period_id is None:
        return

    period = periods.get_period(actor, period_id=period_id)
    opds = organisations.list_organisations(actor, region_id=period.region_id, include_retired=True)
    if opds.empty:
        st.info(t("ui.drill.no_opd"))
        return
    labels = {int(row["id"]): f"{row['name']} ({row['abbreviation']})" for _, row in opds.iterrows()}
    remembered = st.session_state.get(DRILL_KEY)
    ids = list(labels)
    organisation_id = st.selectbox(
        t("ui.field.organisation"),
        ids,
        index=ids.index(remembered) if remembered in ids else 0,
        format_func=labels.__getitem__,
        key="drill_opd",
    )
    organisation_id = int(organisation_id)
    st.session_state[DRILL_KEY] = organisation_id
    catalog = catalogs.catalog_for_period(period_id)
    summary = opd_overview(actor, period_id=period_id, organisation_id=organisation_id, tag=tag)
    root = summary.scores[summary.scores["code"].astype(str) == ROOT_CODE]
    total = root.iloc[0] if not root.empty else None
    cols = st.columns(4)
    score_card(
        cols[0],
        label=t("ui.metric.verified_score"),
        key="opd_verified_score",
        value=None if total is None else total["score"],
        zone=None if total is None else (None if pd.isna(total["zone"]) else str(total["zone"])),
        catalog=catalog,
    )
    self_score = None if total is None or pd.isna(total["self_score"]) else float(total["self_score"])
    score_card(
        cols[1],
        label=t("ui.metric.self_score"),
        key="opd_self_score",
        value=self_score,
        zone=catalog.zone_for(self_score),
        catalog=catalog,
    )
    cols[2].metric(
        t("ui.metric.rank"),
        "–" if summary.rank is None else f"{summary.rank} / {summary.ranked}",
        border=True,
    )
    cols[3].metric(
        t("ui.metric.days_left"),
        "–" if summary.days_to_deadline is None else number(summary.days_to_deadline, 0),
        border=True,
        help=t("ui.metric.deadline", deadline=format_datetime(summary.submission_deadline)),
    )
    _area_scores(summary, catalog)
    items = submissions.checklist(actor, period_id=period_id, organisation_id=organisation_id)
    if tag:
        items = items[items["tags"].map(lambda tags: tag in (tags or []))]
    _items_table(items, catalog)
    _item_evidence(actor, items, catalog)


def _area_scores(summary: Any, catalog: Catalog) -> None:
    areas = summary.scores[summary.scores["depth"] == 1]
    if areas.empty:
        return
    names = {node.code: node.name for node in catalog.top_level}
    shown = pd.DataFrame(
        {
            t("ui.col.area"): areas["code"].astype(str).map(lambda c: names.get(c, c)),
            t("ui.col.score"): areas["score"].map(number),
            t("ui.col.self_score"): areas["self_score"].map(number),
            t("ui.col.zone"): areas["zone"].astype(object).where(areas["zone"].notna(), ""),
        }
    )
    st.subheader(t("ui.drill.areas"))
    st.dataframe(
        shown.style.map(_zone_style(catalog, t("ui.col.zone")), subset=[t("ui.col.zone")]),
        hide_index=True,
        key="drill_area_table",
    )


def _items_table(items: pd.DataFrame, catalog: Catalog) -> None:
    st.subheader(t("ui.drill.items"))
    if items.empty:
        st.info(t("ui.checklist.empty"))
        return
    shown = pd.DataFrame(
        {
            t("ui.col.code"): items["code"],
            t("ui.col.item"): items["name"],
            t("ui.col.area"): items["area_name"],
            t("ui.col.status"): items["status"].map(status_label),
            t("ui.col.self_value"): [
                rule_value_label(catalog.node(c), v)
                for c, v in zip(items["code"], items["self_value"], strict=False)
            ],
            t("ui.col.verified_value"): [
                rule_value_label(catalog.node(c), v if s == "verified" else None)
                for c, v, s in zip(items["code"], items["verified_value"], items["status"], strict=False)
            ],
            t("ui.col.evidence"): items["evidence_count"].map(lambda n: number(n, 0)),
        }
    )
    st.dataframe(shown, hide_index=True, key="drill_items_table")


def _item_evidence(actor: Actor, items: pd.DataFrame, catalog: Catalog) -> None:
    if items.empty:
        return

    labels = {int(r["submission_id"]): f"{r['code']} · {r['name']}" for _, r in items.iterrows()}
    submission_id = st.selectbox(
        t("ui.drill.pick_item"), list(labels), format_func=labels.__getitem__, key="drill_item", index=None
    )
    if submission_id is None:
        return
    detail = submissions.item_detail(actor, submission_id=submission_id)
    node = catalog.node(detail.code)
    with st.container(border=True):
        st.markdown(f"**{detail.code} · {detail.name}**")
        st.write(
            f"{t('ui.col.status')}: {status_label(detail.status)} · "
            f"{t('ui.value.self')}: {rule_value_label(node, detail.self_value)} · "
            f"{t('ui.value.verified')}: "
            f"{rule_value_label(node, detail.verified_value if detail.status == 'verified' else None)}"
        )
        if detail.note:
            st.caption(detail.note)
        for review in detail.reviews:
            st.caption(
                t(
                    "ui.drill.review",
                    decision=t(f"ui.decision.{review.decision}"),
                    reviewer=review.reviewer,
                    when=format_datetime(review.decided_at),
                    reason=review.reason or "–",
                )
            )
        if not detail.evidence:
            st.caption(t("ui.evidence.none"))
        for item in detail.evidence:
            with st.container(border=True):
                show_evidence(actor, item, preview=True)
