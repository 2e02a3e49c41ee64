"""The CSV export: one CSV per table a report shows, zipped, in the Excel-Indonesia dialect of ``build_csv``, under
the headers the workbook prints (never a frame's ``snake_case`` column name)."""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from i18n import label, status_label, t
from reports import views as report_views
from reports.csv_export import build_csv
from reports.data import (
    EVIDENCE_COLUMNS,
    ITEM_COLUMNS,
    RANKING_COLUMNS,
    REVIEW_COLUMNS,
    SCORE_COLUMNS,
    TREND_COLUMNS,
    ReportData,
)
from reports.views import ITEM_STAGE_COLUMNS
from vocabulary import Decision

CSV_TABLES = (
    "summary", "area_matrix", "scores", "ranking", "stages", "item_stages", "items", "evidence", "reviews", "trend",
)  # fmt: skip
CSV_HEADERS = {
    "group": "report.col.group", "entity": "report.col.entity", "name": "report.col.name",
    "kind": "report.col.kind", "region_name": "report.col.region", "score": "report.col.score",
    "self_score": "report.col.self_score", "projected": "report.col.projected", "max": "report.col.max",
    "gap": "report.col.gap", "zone": "report.col.zone", "zone_label": "report.col.zone", "rank": "report.col.rank",
    "previous_rank": "report.col.previous_rank", "rank_change": "report.col.rank_change",
    "code": "report.col.code", "parent_code": "report.col.parent_code", "depth": "report.col.depth",
    "is_leaf": "report.col.is_leaf", "share": "report.col.share", "gain": "report.col.gain",
    "entity_name": "report.col.entity_name", "area_code": "report.col.area", "indicator": "report.col.indicator",
    "self_value": "report.col.self_value", "external_value": "report.col.external_value",
    "verified_value": "report.col.verified_value", "verified_external_value": "report.col.verified_external_value",
    "value_gap": "report.col.value_gap", "status": "report.col.status", "note": "report.col.note",
    "reason": "report.col.reason", "submitted_at": "report.col.submitted_at",
    "verified_at": "report.col.verified_at", "reviewer": "report.col.reviewer", "sha256": "report.col.sha256",
    "display_name": "report.col.file_name", "size": "report.col.size", "media_type": "report.col.media_type",
    "uploaded_by": "report.col.uploaded_by", "uploaded_at": "report.col.uploaded_at",
    "document_date": "report.col.document_date", "item_codes": "report.col.item_codes",
    "decision": "report.col.decision", "decided_at": "report.col.decided_at", "label": "report.col.period",
    "source": "report.col.source", "review_score": "report.col.score", "external_score": "report.col.stage_external",
    "over_claim": "report.col.gap", "surprise": "report.col.surprise", "area": "report.col.area",
    "review_value": "report.col.verified_value", "kpk_value": "report.col.kpk_value",
    "kpk_note": "report.col.kpk_note",
}  # fmt: skip
"""Frame column → the header the workbook prints (``reports.text``), in the report's language: a person opening
the CSV reads "Skor Hasil Reviu Inspektorat", not ``score``. The score is the Inspektorat's internal reviu
("Skor hasil reviu"), KPK's verification is another stage (``stages``: per area; ``item_stages``: per pemda item,
"belum ada" where KPK has published none). The area matrix's area codes stay as they are."""


def _in_words(frame: pd.DataFrame, data: ReportData) -> pd.DataFrame:
    """Values a person reads instead of stored words (status, decision, group), under translated headers."""
    lang = data.language
    words = {
        "status": lambda s: status_label(s, lang, capital=True),
        "decision": lambda d: label(d, lang, kind=Decision),
        "group": lambda g: t(f"report.group.{g}", lang),
    }
    shown = frame.assign(**{c: frame[c].map(f) for c, f in words.items() if c in frame.columns})
    headers = {c: t(key, lang, reviewer=data.reviewer_label) for c, key in CSV_HEADERS.items()}
    return shown.rename(columns=headers)


def csv_tables(data: ReportData) -> dict[str, pd.DataFrame]:
    """The tables of the CSV export, keyed by file stem (``CSV_TABLES``), in the columns the workbook shows."""
    summary = report_views.summary(data)
    matrix, _zones = report_views.area_matrix(data)
    items = report_views.item_detail(data)
    item_columns = report_views.with_external_values(ITEM_COLUMNS[2:], items)  # beside the levels
    reviews = report_views.reviews_detail(data)
    names = dict(zip(data.entities["entity"].astype(str), data.entities["name"], strict=False))
    evidence = data.evidence.assign(entity_name=data.evidence["entity"].astype(str).map(names))
    stages = report_views.stage_detail(data)
    item_stages = report_views.item_stages(data)
    item_stages["kpk_value"] = report_views.external_shown(data, item_stages["kpk_value"])
    tables = {
        "summary": summary[["group", "entity", "name", "kind", "region_name", "score", "self_score", "projected",
                            "max", "gap", "zone_label", "rank", "previous_rank", "rank_change"]],
        "area_matrix": matrix.rename_axis(index="entity", columns=None).reset_index(),
        "scores": data.scores[[c for c in SCORE_COLUMNS if c in data.scores.columns]],
        "ranking": data.ranking[[c for c in (*RANKING_COLUMNS, "group") if c in data.ranking.columns]],
        "stages": stages[["group", "entity", "name", "area", "self_score", "review_score", "external_score",
                          "over_claim", "surprise"]],
        "item_stages": item_stages[ITEM_STAGE_COLUMNS],
        "items": items[["entity", "entity_name", "area_code", "code", "indicator", *item_columns]],
        "evidence": evidence[[*EVIDENCE_COLUMNS, "entity_name"]],
        "reviews": reviews[["decided_at", "entity", "entity_name", "code", "indicator", *REVIEW_COLUMNS[2:6]]],
        "trend": data.trend[[c for c in (*TREND_COLUMNS, "name") if c in data.trend.columns]],
    }  # fmt: skip
    return {name: _in_words(frame, data) for name, frame in tables.items()}


def build_csv_zip(data: ReportData) -> bytes:
    """One CSV per table (``<table>.csv``), zipped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, frame in csv_tables(data).items():
            bundle.writestr(f"{name}.csv", build_csv(frame))
    return buffer.getvalue()
