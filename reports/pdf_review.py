"""The report's pages on what the reviu and KPK decided: the pemda's items on the three stages (self, reviu,
KPK's verification), the reviu decisions per OPD with every returned item's reason, and on an OPD's page the
external index values its levels were converted from (the OPD's and the reviewer's)."""

from __future__ import annotations

import pandas as pd

import i18n
from i18n import label
from reports import pdf_cells as cell
from reports import views
from reports.data import ReportData
from reports.pdf_layout import Col, PdfDocument
from reports.text import t
from vocabulary import Decision


def _area_stages(pdf: PdfDocument, data: ReportData, subject: str) -> None:
    """The subject's total and areas on the three stages with both gaps (the xlsx's "Tahapan Nilai")."""
    stages = views.stage_detail(data)
    own = stages.loc[(stages["entity"] == data.subject) & (stages["group"] == "pemda")]
    if own.empty:
        return
    lang = data.language
    pdf.paragraph(t("report.pdf.stages_intro", lang, subject=subject, reviewer=data.reviewer_label))
    columns = [
        Col(t("report.col.area", lang), 62),
        Col(t("report.col.stage_self", lang), 20, "R"),
        Col(t("report.col.score", lang, reviewer=data.reviewer_label), 24, "R"),
        Col(t("report.col.stage_external", lang), 22, "R"),
        Col(t("report.col.gap", lang), 26, "R"),
        Col(t("report.col.surprise", lang), 26, "R"),
    ]
    rows = [
        [cell.text(r.area), cell.num(r.self_score, lang), cell.num(r.review_score, lang), cell.num(r.external_score, lang),
         cell.num(r.over_claim, lang), cell.num(r.surprise, lang)]
        for r in own.itertuples(index=False)
    ]  # fmt: skip
    pdf.grid(columns, rows, wrap=(0,), size=7)
    pdf.ln(2)


def item_stages(pdf: PdfDocument, data: ReportData) -> None:
    """The subject pemda's items on the three stages: self, reviu and KPK's value and note ("belum ada" where
    KPK has published none), for a report of a period (one with stages or KPK's results)."""
    if data.subject is None or (data.stages.empty and data.external.empty):
        return
    items = views.item_stages(data, data.subject)
    if items.empty:
        return
    lang = data.language
    pdf.add_page()
    pdf.heading(t("report.pdf.item_stages", lang))
    subject = items["entity_name"].iloc[0] or data.subject
    _area_stages(pdf, data, str(subject))
    pdf.paragraph(t("report.pdf.item_stages_intro", lang, subject=subject, reviewer=data.reviewer_label))
    columns = [
        Col(t("report.col.no", lang), 8, "C"),
        Col(t("report.col.code", lang), 18),
        Col(t("report.col.indicator", lang), 62),
        Col(t("report.col.self_value", lang), 17, "R"),
        Col(t("report.col.verified_value", lang), 17, "R"),
        Col(t("report.col.kpk_value", lang), 18, "R"),
        Col(t("report.col.kpk_note", lang), 40),
    ]
    missing = t("report.kpk_missing", lang)
    rows = [
        [str(i + 1), str(r.code), cell.text(r.indicator), cell.num(r.self_value, lang), cell.num(r.review_value, lang),
         cell.num(r.kpk_value, lang).replace("–", missing), cell.text(r.kpk_note)]
        for i, r in enumerate(items.itertuples(index=False))
    ]  # fmt: skip
    pdf.grid(columns, rows, wrap=(1, 2, 6), size=7)


def external_values(pdf: PdfDocument, data: ReportData, items: pd.DataFrame | None) -> None:
    """On an entity's page, its items converted from an external index (Pemdi): each level beside the index value
    it was converted from, the OPD's and the reviewer's (the workbook's Rincian Item columns);
    ``views.external_items`` gives them per entity."""
    if items is None or items.empty:
        return
    lang = data.language
    pdf.ensure(30)
    pdf.paragraph(t("report.pdf.unit_external", lang), 10, "B")
    pdf.paragraph(t("report.pdf.unit_external_intro", lang, reviewer=data.reviewer_label), 8)
    columns = [
        Col(t("report.col.code", lang), 18),
        Col(t("report.col.indicator", lang), 66),
        Col(t("report.col.self_value", lang), 22, "R"),
        Col(t("report.col.external_value", lang), 24, "R"),
        Col(t("report.col.verified_value", lang), 24, "R"),
        Col(t("report.col.verified_external_value", lang), 26, "R"),
    ]
    rows = [
        [str(code), cell.text(indicator), cell.num(level, lang, 0), cell.num(typed, lang),
         cell.num(reviewed, lang, 0), cell.num(checked, lang)]
        for code, indicator, level, typed, reviewed, checked in cell.columns(
            items, "code", "indicator", "self_value", "external_value", "verified_value", "verified_external_value"
        )
    ]  # fmt: skip
    pdf.grid(columns, rows, wrap=(0, 1), size=7)


def review_decisions(pdf: PdfDocument, data: ReportData, units: pd.DataFrame) -> None:
    """Per OPD with reviu decisions: how many items were decided, approved and returned (each item's last
    decision) and the date of the last one. The signed, numbered Berita Acara Reviu per OPD is its own document
    (``reports.berita_acara``); the report points to it instead of printing a second, unnumbered one."""
    lang = data.language
    who = t("report.group.opd", lang) if (units["group"] == "opd").all() else t("report.col.name", lang)
    reviews = data.reviews.assign(
        entity=data.reviews["entity"].astype(str), code=data.reviews["code"].astype(str)
    )
    last = reviews.sort_values("decided_at", kind="stable").groupby(["entity", "code"], sort=False).tail(1)
    pdf.add_page()
    pdf.heading(t("report.pdf.decisions", lang))
    pdf.paragraph(t("report.pdf.decisions_intro", lang))
    if last.empty:
        pdf.paragraph(t("report.pdf.ba_none", lang), 9, "I")
        return
    columns = [
        Col(t("report.col.no", lang), 10, "C"),
        Col(who, 76),
        Col(t("report.col.decided_items", lang), 22, "R"),
        Col(label(Decision.approve, lang, kind=Decision), 22, "R"),
        Col(label(Decision.return_, lang, kind=Decision), 24, "R"),
        Col(t("report.col.last_decision", lang), 26),
    ]
    rows: list[list[str]] = []
    for entity, name in cell.columns(units, "entity", "name"):
        own = last[last["entity"] == str(entity)]
        if own.empty:
            continue  # no decision: nothing to record
        decisions = own["decision"].astype(str)
        rows.append(
            [str(len(rows) + 1), str(name), str(len(own)), str(int((decisions == Decision.approve).sum())),
             str(int((decisions == Decision.return_).sum())),
             i18n.format_date(cell.moment(own["decided_at"].max()), lang)]
        )  # fmt: skip
    pdf.grid(columns, rows, wrap=(1,))
    returned = last[last["decision"].astype(str) == Decision.return_]
    if returned.empty:
        return
    # What each OPD must act on: every returned item with its whole reason.
    names = views.node_names(data)
    order = {str(entity): i for i, entity in enumerate(units["entity"])}
    unit_names = dict(zip(units["entity"].astype(str), units["name"], strict=True))
    returned = returned[returned["entity"].isin(order)]
    returned = returned.assign(_o=returned["entity"].map(order)).sort_values(["_o", "code"], kind="stable")
    pdf.ensure(25)
    pdf.paragraph(t("report.pdf.returned_items", lang), 10, "B")
    columns = [
        Col(who, 42),
        Col(t("report.col.code", lang), 22),
        Col(t("report.col.indicator", lang), 54),
        Col(t("report.col.reason", lang), 62),
    ]
    rows = [
        [unit_names[str(entity)], str(code), names.get(str(code), ""), cell.text(reason)]
        for entity, code, reason in cell.columns(returned, "entity", "code", "reason")
    ]
    pdf.grid(columns, rows, wrap=(0, 1, 2, 3), size=7)
