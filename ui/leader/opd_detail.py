"""The drill-down into one OPD: its scores, rank and deadline, its area scores, its items and their evidence."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n import format_datetime, label, status_label, t
from indicators import ROOT_CODE, Catalog
from services import catalogs, organisations, periods, submission_views
from services.actor import Actor
from services.overview import OpdOverview, opd_overview
from ui import session
from ui.action_forms import from_opd_items
from ui.display import number, plain, score_card
from ui.evidence_view import show_evidence
from ui.leader.controls import DRILL_KEY, period_and_lens, zone_style
from ui.rule_values import rule_value_label
from ui.widgets import guarded, page_header
from vocabulary import Decision


@guarded
def opd_detail_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.opd_detail")
    period_id, tag = period_and_lens(actor)
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
        label=t("ui.metric.verified_score", reviewer=period.reviewer_label),
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
    items = submission_views.checklist(actor, period_id=period_id, organisation_id=organisation_id)
    if tag:
        items = items[items["tags"].map(lambda tags: tag in (tags or []))]
    _items_table(items, catalog)
    from_opd_items(
        actor, period_id=period_id, organisation=(organisation_id, labels[organisation_id]), items=items
    )
    _item_evidence(actor, items, catalog)


def _area_scores(summary: OpdOverview, catalog: Catalog) -> None:
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
        shown.style.map(zone_style(catalog, t("ui.col.zone")), subset=[t("ui.col.zone")]),
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
            t("ui.col.status"): items["status"].map(lambda status: status_label(status, capital=True)),
            t("ui.col.self_value"): [
                rule_value_label(catalog.node(c), v, x)
                for c, v, x in zip(items["code"], items["self_value"], items["external_value"], strict=False)
            ],
            t("ui.col.verified_value"): [
                rule_value_label(catalog.node(c), v, x) if s == "verified" else "–"
                for c, v, x, s in zip(
                    items["code"],
                    items["verified_value"],
                    items["verified_external_value"],
                    items["status"],
                    strict=False,
                )
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
    detail = submission_views.item_detail(actor, submission_id=submission_id)
    node = catalog.node(detail.code)
    verified = detail.status == "verified"
    reviewed = (
        rule_value_label(node, detail.verified_value, detail.verified_external_value) if verified else "–"
    )
    with st.container(border=True):
        st.markdown(f"**{detail.code} · {detail.name}**")
        st.write(
            f"{t('ui.col.status')}: {status_label(detail.status, capital=True)} · "
            f"{t('ui.value.self')}: {rule_value_label(node, detail.self_value, detail.external_value)} · "
            f"{t('ui.value.verified')}: {reviewed}"
        )
        if detail.note:
            st.caption(plain(detail.note))
        for review in detail.reviews:
            st.caption(
                t(
                    "ui.drill.review",
                    decision=label(review.decision, kind=Decision),
                    reviewer=plain(review.reviewer),
                    when=format_datetime(review.decided_at),
                    reason=review.reason or "–",
                )
            )
        if not detail.evidence:
            st.caption(t("ui.evidence.none"))
        for item in detail.evidence:
            with st.container(border=True):
                show_evidence(actor, item, preview=True)
