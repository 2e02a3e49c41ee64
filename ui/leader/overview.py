"""The leader's overview of a period: headline scores, progress against the deadline (items and documents), OPD
and region rankings (a clicked OPD opens its drill-down), the area heatmap, the ranked gap list and the trend."""

from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from i18n import format_datetime, get_language, t
from indicators import Catalog
from services import catalogs, freshness, method
from services.actor import Actor
from services.overview import Overview, overview_is_current, period_overview, rank_note
from ui import session
from ui.action_forms import from_gap_rows
from ui.display import number, plain, provenance_badge, rank_arrow, score_card
from ui.leader.behind import behind_section
from ui.leader.charts import heatmap, trend_chart
from ui.leader.controls import DRILL_KEY, OPD_DETAIL_URL, lens_toggle, period_and_lens_box, zone_style
from ui.leader.documents import documents_progress
from ui.leader.opd_detail import opd_detail_page
from ui.leader.province import province_tab, published_areas
from ui.leader.stages import stages_tab
from ui.panels.due import render_due_panel
from ui.widgets import guarded, lazy_panel, lazy_tabs, page_header, show_flash, signed_in_fragment

GAP_ROWS = 25
TABS_KEY = "tabs_overview"  # the open tab (ui.widgets.lazy_tabs)
PAGE_RUN_KEY = "overview_page_run"  # set by the page's run for the lensed part it calls
PAGE_DATA_KEY = "overview_page_data"  # the data version (any lens) the page's last run drew
DRAWN_TAB_KEY = "overview_drawn_tab"  # the tab the last run drew; a rerun with another open is a switch


@guarded
def overview_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.overview")
    show_flash()  # e.g. KPK's results saved on the "Tahapan nilai" tab
    period_id, right = period_and_lens_box(actor)
    if period_id is None:
        with right:
            lens_toggle()
        return
    scores = st.container()
    documents = st.container()  # between the scores and the tabs, drawn by the lensed part (its docstring)
    lazy_panel(
        t(
            "panel.due.overview_title"
        ),  # "Yang perlu ditindaklanjuti" is the OPD list above (ui.leader.behind)
        panel_key="panel_due",
        render=partial(render_due_panel, period_id=period_id, title_key="panel.due.overview_title"),
    )
    st.session_state[PAGE_RUN_KEY] = True
    _lensed(actor, period_id, right, scores, documents)


@signed_in_fragment
def _lensed(actor: Actor, period_id: int, lens_box: Any, scores_box: Any, documents_box: Any) -> None:
    """What the digital lens changes, a fragment: the toggle and the scores, progress and OPDs behind written
    into the page's boxes above, the tabs below. Switching the lens reruns this, not the period picker and the
    panels, which the lens does not change (nor the sidebar); unless another user's write changed the period's
    scores since the page was drawn: then the whole page is drawn again. The documents' progress is the same
    under either lens but is drawn here too: an upload elsewhere changes it without changing the period's scores
    (no change token), and a switch must not show it older than the scores beside it."""
    page_run = st.session_state.pop(PAGE_RUN_KEY, False)
    with lens_box:
        tag = lens_toggle()
    with scores_box:
        with st.spinner(t("ui.loading")):
            overview = period_overview(actor, period_id=period_id, tag=tag)
        if page_run:
            st.session_state[PAGE_DATA_KEY] = overview.data_version
        elif overview.data_version != st.session_state.get(PAGE_DATA_KEY):
            st.rerun(scope="app")
        catalog = catalogs.catalog_for_period(period_id)
        if tag:
            st.container(key="lens_active").info(t("ui.lens.active"))
        _headline(overview, catalog)
        _method(period_id, overview, catalog)
        _progress(overview)
        behind_section(actor, period_id, tag)
    with documents_box:
        documents_progress(actor, period_id)
    st.session_state[DRAWN_TAB_KEY] = st.session_state.get(TABS_KEY)  # this run's overview is fresh
    _tabs(actor, period_id, overview, catalog)


@signed_in_fragment
def _tabs(actor: Actor, period_id: int, overview: Overview, catalog: Catalog) -> None:
    """The overview's tabs, a fragment: opening another tab reruns and redraws only the tabs, not the headline,
    progress and panels above them (which a tab switch does not change). Anything in a tab that changes the
    page (a drill-down, saved KPK results, a new action) reruns the whole page itself; so does a tab opened
    after another user's write changed the scores, which the page above would otherwise show as they were.

    Only opening a tab asks whether the scores changed: a rerun started by a button or form in the open tab must
    reach it (a rerun of the whole page would drop the click), and the page's own run has just read them."""
    opened = st.session_state.get(TABS_KEY)
    if opened != st.session_state.get(DRAWN_TAB_KEY) and not overview_is_current(actor, overview):
        st.rerun(scope="app")
    ranking = "ui.tab.unit_ranking" if catalog.assessed == "service_unit" else "ui.tab.opd_ranking"
    try:
        lazy_tabs(
            TABS_KEY,
            [
                (ranking, partial(_opd_ranking, overview, catalog)),
                ("ui.tab.region_ranking", partial(province_tab, actor, overview, catalog)),
                ("ui.tab.heatmap", partial(_areas, actor, overview, catalog)),
                ("ui.tab.gaps", partial(_gaps, actor, period_id, overview)),
                ("ui.tab.trend", partial(trend_chart, actor, overview, catalog)),
                ("ui.tab.stages", partial(stages_tab, actor, overview, catalog)),
            ],
        )
    finally:  # also when the tab showed an error: its next button must not count as a tab switch
        st.session_state[DRAWN_TAB_KEY] = st.session_state.get(TABS_KEY)


def _areas(actor: Actor, overview: Overview, catalog: Catalog) -> None:
    """The heatmap (the ranking list on a phone) and the area scores KPK published for the pemda."""
    heatmap(overview, catalog, phone=partial(_phone_ranking, overview, catalog))
    published_areas(actor, overview)


def _headline(overview: Overview, catalog: Catalog) -> None:
    total = overview.pemda_total or {}
    scale = t("ui.scale", max=number(overview.scale_max, 0))
    cards = [("verified_score", "score"), ("self_score", "self_score"), ("projected_score", "projected")]
    for column, (metric, field) in zip(st.columns(3), cards, strict=True):
        value = total.get(field)
        score_card(
            column,
            label=t(f"ui.metric.{metric}", reviewer=overview.reviewer_label),
            key=f"overview_{metric}",
            value=value,
            zone=catalog.zone_for(value),
            catalog=catalog,
            help=t(f"ui.metric.{metric}_help", reviewer=overview.reviewer_label) + " " + scale,
        )


def _progress(overview: Overview) -> None:
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


def _method(period_id: int, overview: Overview, catalog: Catalog) -> None:
    """The "Cara menghitung" panel: how an item, an area, an OPD and the pemda are scored (from the catalog), and one
    item of the period worked through with its own numbers; written only while open."""
    lazy_panel(t("method.title"), panel_key="panel_method",
               render=lambda _actor: _method_body(period_id, overview, catalog))  # fmt: skip


def _method_body(period_id: int, overview: Overview, catalog: Catalog) -> None:
    for heading, text in method.period_method(period_id=period_id, lang=get_language()):
        st.markdown(f"**{plain(heading)}.** {plain(text)}")
    codes = method.example_codes(overview)
    if not codes:
        return
    leaves = {leaf.code: leaf.name for leaf in catalog.leaves()}
    code = st.selectbox(
        t("ui.method.example"),
        codes,
        format_func=lambda c: f"{c} {leaves.get(c, '')}",
        key=f"method_example_{period_id}",
    )
    _example(method.item_example(overview, catalog, str(code)))


def _example(example: method.ItemExample) -> None:
    """The item's rule, each OPD's value → score on the scale, and the pemda's value by the item's rule."""
    maximum, scale_max, floor = (number(v, 0) for v in (example.maximum, example.scale_max, example.floor))
    rule = t(f"ui.method.rule.{example.pemda_rule}")
    lines = [
        t("ui.method.example_rule", code=plain(example.code), name=plain(example.name),
          kind=t(f"ui.method.kind.{example.rule_kind}"), maximum=maximum, rule=rule)
    ]  # fmt: skip
    for opd in example.opds:
        if opd.value is None:
            lines.append(t("ui.method.example_opd_empty", opd=plain(opd.name), floor=floor))
        else:
            lines.append(t("ui.method.example_opd", opd=plain(opd.name), value=number(opd.value),
                           maximum=maximum, scale_max=scale_max, score=number(opd.score)))  # fmt: skip
    if example.unassigned:
        lines.append(t("ui.method.example_unassigned", floor=floor))
    else:
        lines.append(t("ui.method.example_pemda", rule=rule, score=number(example.pemda_score)))
    st.markdown("\n".join(f"- {line}" for line in lines))


def _ranking_table(overview: Overview, name_column: str, catalog: Catalog, *, opd: bool = False) -> Styler:
    """The OPD ranking as shown, zone cells in the zone's colour; the frame is built once per version of the
    scores, language and OPD names (``Overview.memo``), the colouring on each run (a Styler is not shared)."""
    # Predicates defined for an instansi's index (SPBE) are only indicative on an OPD's row.
    zone_header = t("ui.col.zone_indicative") if catalog.zone_indicative(opd=opd) else t("ui.col.zone")
    names = overview.entities[["entity", "name", "abbreviation"]]
    named = tuple(names.astype(str).itertuples(index=False, name=None))  # str: a missing name is a stable key
    key = ("ranking table", get_language(), name_column, opd, named)
    shown = overview.memo(key, partial(_shown_ranking, overview.opd_ranking, names, name_column, zone_header))
    return shown.style.map(zone_style(catalog, zone_header), subset=[zone_header])


def _shown_ranking(
    ranking: pd.DataFrame, names: pd.DataFrame, name_column: str, zone_header: str
) -> pd.DataFrame:
    joined = ranking.merge(names, on="entity", how="left")
    return pd.DataFrame(
        {
            t("ui.col.rank"): joined["rank"].map(lambda r: "–" if pd.isna(r) else str(int(r))),
            t("ui.col.change"): joined["rank_change"].map(lambda c: rank_arrow(None if pd.isna(c) else c)),
            t("ui.col.name"): joined[name_column],
            t("ui.col.score"): joined["score"].map(number),
            zone_header: joined["zone"].astype(object).where(joined["zone"].notna(), ""),
        }
    )


def _opd_ranking(overview: Overview, catalog: Catalog) -> None:
    ranking = overview.opd_ranking
    if ranking.empty:
        st.info(t("ui.overview.no_scores"))
        return
    provenance_badge(catalog)
    event = st.dataframe(
        _ranking_table(overview, "name", catalog, opd=True),
        hide_index=True,
        key="opd_ranking_table",
        on_select="rerun",
        selection_mode="single-row",
    )
    st.caption(rank_note(overview) + " " + t("ui.overview.click_to_drill"))
    rows = getattr(getattr(event, "selection", None), "rows", None) or []
    if rows:  # a clicked OPD opens its drill-down
        st.session_state[DRILL_KEY] = int(ranking.iloc[rows[0]]["entity"])
        st.switch_page(st.Page(opd_detail_page, url_path=OPD_DETAIL_URL))


def _phone_ranking(overview: Overview, catalog: Catalog) -> None:
    """The heatmap's alternative on a phone: the OPD ranking list, short names so it fits 390 px."""
    if not overview.opd_ranking.empty:
        table = _ranking_table(overview, "abbreviation", catalog, opd=True)
        st.dataframe(table, hide_index=True, key="heatmap_phone_ranking")


def _gaps(actor: Actor, period_id: int, overview: Overview) -> None:
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
            t("ui.col.organisations"): top["organisations"].where(
                ~top["unassigned"].astype(bool), t("ui.overview.unassigned")
            ),
            t("ui.col.stale"): top["stale"].map(lambda stale: "⚠" if stale else ""),
        }
    )
    st.dataframe(shown, hide_index=True, key="gap_table")
    st.caption(t("ui.overview.gap_note", shown=number(len(top), 0), total=number(len(gaps), 0)))
    from_gap_rows(actor, period_id=period_id, gap_rows=top, entities=overview.entities)
