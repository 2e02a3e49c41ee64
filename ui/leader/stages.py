"""The overview's "three stages" tab: self → reviu → KPK per area and pemda, the OPDs' over-claims, and (for an
admin or inspector) recording KPK's results by hand or from a file.

The numbers and the gaps come from ``services.overview`` (``region_stages``, ``opd_stages``, computed in
``scoring.stages``); this page only names and shows them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from i18n import LenteraError, t
from indicators import ROOT_CODE, Catalog
from services import external_results, external_template, periods
from services.actor import Actor
from services.overview import Overview
from services.permissions import allowed
from ui import svg
from ui.display import number, plain, table
from ui.leader.charts import zone_bands
from ui.widgets import run_action
from vocabulary import PeriodState

STAGES = ("self_score", "review_score", "external_score")
RECORDING_STATES = (PeriodState.external, PeriodState.closed)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _stage_headers(reviewer: str) -> dict[str, str]:
    return {
        "self_score": t("ui.stages.self"),
        "review_score": t("ui.stages.review", reviewer=reviewer),
        "external_score": t("ui.stages.external"),
        "over_claim": t("ui.stages.over_claim"),
        "surprise": t("ui.stages.surprise"),
    }


def stages_tab(actor: Actor, overview: Overview, catalog: Catalog) -> None:
    reviewer = overview.reviewer_label
    st.caption(t("ui.stages.note", reviewer=reviewer))
    stages = overview.region_stages
    own = (
        stages.loc[(stages["entity"] == str(overview.region_id)) & (stages["depth"] <= 1)]
        if len(stages)
        else stages
    )
    if own.empty:
        st.info(t("ui.overview.no_scores"))
    else:
        _totals(own, reviewer)
        _pemda_table(overview, own, reviewer)
        _chart(overview, own, reviewer, catalog)
        if own["external_score"].isna().all():
            st.info(t("ui.stages.no_external"))
    _opd_table(overview, reviewer)
    _region_table(overview, reviewer)
    if allowed(actor.role, "import_external_results"):
        with st.expander(t("ui.stages.record_title"), expanded=False):
            _record(actor, overview, catalog)


def _totals(own: pd.DataFrame, reviewer: str) -> None:
    """The pemda's three totals and both gaps as cards (what a Sekda reads first)."""
    total = own.loc[own["code"] == ROOT_CODE]
    if total.empty:
        return
    row = total.iloc[0]
    headers = _stage_headers(reviewer)
    fields = [*STAGES, "over_claim", "surprise"]
    for column, field in zip(st.columns(len(fields)), fields, strict=True):
        column.metric(headers[field], number(row[field]), border=True)


def _area_names(overview: Overview) -> dict[str, str]:
    names = dict(zip(overview.areas["code"].astype(str), overview.areas["name"], strict=False))
    return {ROOT_CODE: t("ui.stages.total"), **names}


def _shown(frame: pd.DataFrame, first: dict[str, Any], reviewer: str, columns: list[str]) -> pd.DataFrame:
    headers = _stage_headers(reviewer)
    return pd.DataFrame({**first, **{headers[c]: frame[c].map(number).to_numpy() for c in columns}})


def _pemda_table(overview: Overview, own: pd.DataFrame, reviewer: str) -> None:
    names = _area_names(overview)
    order = [ROOT_CODE, *overview.areas["code"].astype(str)]
    rows = own.assign(order=own["code"].map({c: i for i, c in enumerate(order)})).sort_values("order")
    st.markdown(f"**{t('ui.stages.pemda_title')}**")
    shown = _shown(
        rows,
        {t("ui.col.area"): rows["code"].map(names).to_numpy()},
        reviewer,
        [*STAGES, "over_claim", "surprise"],
    )
    st.dataframe(shown, hide_index=True, key="stages_pemda_table")


def _chart(overview: Overview, own: pd.DataFrame, reviewer: str, catalog: Catalog) -> None:
    names = _area_names(overview)
    areas = own.loc[own["code"] != ROOT_CODE]
    if areas.empty:
        return
    headers = _stage_headers(reviewer)
    colours = {"self_score": "#9DB4D3", "review_score": "#1F3864", "external_score": "#C0392B"}
    markup = svg.grouped_bars(
        [names.get(code, code) for code in areas["code"]],
        [(headers[stage], colours[stage], areas[stage].astype(float).tolist()) for stage in STAGES],
        high=overview.scale_max,
        title=t("ui.tab.stages"),
        value_title=t("ui.col.score"),
        bands=zone_bands(catalog),
    )
    svg.show(markup, key="stages_chart")


def _opd_table(overview: Overview, reviewer: str) -> None:
    opds = overview.opd_stages
    if opds.empty:
        return
    totals = opds.loc[opds["code"] == ROOT_CODE].merge(overview.entities[["entity", "name"]], on="entity")
    totals = totals.sort_values("over_claim", ascending=False, kind="stable")
    st.markdown(f"**{t('ui.stages.opd_title')}**")
    shown = _shown(
        totals,
        {t("ui.col.opd"): totals["name"].map(plain).to_numpy()},
        reviewer,
        ["self_score", "review_score", "over_claim"],
    )
    st.dataframe(shown, hide_index=True, key="stages_opd_table")


def _region_table(overview: Overview, reviewer: str) -> None:
    stages = overview.region_stages
    if stages.empty:
        return
    totals = stages.loc[(stages["code"] == ROOT_CODE) & (stages["entity"] != str(overview.region_id))]
    if totals.empty:
        return
    totals = totals.merge(overview.regions[["entity", "name"]], on="entity")
    st.markdown(f"**{t('ui.stages.region_title')}**")
    shown = _shown(
        totals, {t("ui.col.region"): totals["name"].to_numpy()}, reviewer, [*STAGES, "over_claim", "surprise"]
    )
    st.dataframe(shown, hide_index=True, key="stages_region_table")


# -- recording KPK's results (admin, inspector) ---------------------------------------------------------------


def _record(actor: Actor, overview: Overview, catalog: Catalog) -> None:
    period = periods.get_period(actor, period_id=overview.period_id)
    file_name, template = external_template.external_template(actor, period_id=overview.period_id)
    st.download_button(
        t("ui.stages.template"),
        data=template,
        file_name=file_name,
        mime=XLSX,
        help=t("ui.stages.template_help"),
        key=f"kpk-template-{overview.period_id}",
    )
    if period.state not in RECORDING_STATES:
        st.info(t("ui.stages.not_yet", state=period.state_label))
        return
    st.caption(t("ui.stages.layout"))
    upload = st.file_uploader(
        t("ui.stages.upload"), type=["xlsx", "csv"], key=f"kpk-upload-{overview.period_id}"
    )
    if upload is not None:
        _import(actor, overview.period_id, upload.name, upload.getvalue())
    _one_item(actor, overview.period_id, catalog)


def _import(actor: Actor, period_id: int, filename: str, content: bytes) -> None:
    try:
        preview = external_results.preview_external_import(
            actor, period_id=period_id, filename=filename, content=content
        )
    except LenteraError as err:
        st.error(err.message())
        return
    if preview.problems:
        st.error(t("external.import_refused", count=len(preview.problems)))
        table(
            preview.problems_frame(),
            {
                "sheet": "ui.col.sheet",
                "row": "ui.col.line",
                "column": "ui.col.column",
                "message": "ui.col.problem",
            },
            key="kpk_problems",
        )
        return
    table(
        preview.rows,
        {"row": "ui.col.line", "region": "ui.col.region", "code": "ui.col.code", "value": "ui.stages.external",
         "previous_value": "ui.col.old_value", "note": "ui.col.note"},
        decimals={"value": 2, "previous_value": 2},
        key="kpk_preview",
    )  # fmt: skip
    if st.button(t("ui.stages.save", count=len(preview.rows)), type="primary", key=f"kpk-save-{period_id}"):
        run_action(
            lambda: external_results.import_external_results(
                actor, period_id=period_id, filename=filename, content=content
            ),
            t("ui.stages.saved", count=len(preview.rows)),
        )


def _one_item(actor: Actor, period_id: int, catalog: Catalog) -> None:
    leaves = {leaf.code: leaf for leaf in catalog.leaves()}
    with st.form(f"kpk-one-{period_id}"):
        st.markdown(f"**{t('ui.stages.one_title')}**")
        code = st.selectbox(
            t("ui.col.item"),
            list(leaves),
            format_func=lambda c: f"{c} {leaves[c].name}",
            key=f"kpk-one-code-{period_id}",
        )
        value = st.number_input(
            t("ui.stages.external"), min_value=0.0, step=1.0, key=f"kpk-one-value-{period_id}"
        )
        note = st.text_input(t("ui.col.note"), key=f"kpk-one-note-{period_id}", max_chars=2000)
        if st.form_submit_button(t("ui.stages.one_submit"), key=f"kpk-one-submit-{period_id}"):
            run_action(
                lambda: external_results.record_external_result(
                    actor, period_id=period_id, code=str(code), value=float(value), note=note
                ),
                t("ui.stages.one_saved", code=code),
            )
