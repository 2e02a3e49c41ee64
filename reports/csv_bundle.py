"""The CSV export: one CSV per table a report shows, zipped, in the Excel-Indonesia dialect of ``build_csv``."""

from __future__ import annotations

import io
import zipfile

import pandas as pd

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

CSV_TABLES = ("summary", "area_matrix", "scores", "ranking", "items", "evidence", "reviews", "trend")
CSV_HEADERS = {
    "score": "review_score",
    "gap": "over_claim",
    "verified_value": "review_value",
    "verified_at": "reviewed_at",
}
"""Frame column → CSV header where the frame's name would read as a verification: the Inspektorat's stage is an
internal reviu ("Skor hasil reviu"), KPK's verification is another stage."""


def csv_tables(data: ReportData) -> dict[str, pd.DataFrame]:
    """The tables of the CSV export, keyed by file stem (``CSV_TABLES``), in the columns the workbook shows."""
    summary = report_views.summary(data)
    matrix, _zones = report_views.area_matrix(data)
    items = report_views.item_detail(data)
    reviews = report_views.reviews_detail(data)
    names = dict(zip(data.entities["entity"].astype(str), data.entities["name"], strict=False))
    evidence = data.evidence.assign(entity_name=data.evidence["entity"].astype(str).map(names))
    tables = {
        "summary": summary[["group", "entity", "name", "kind", "region_name", "score", "self_score", "projected",
                            "max", "gap", "zone", "rank", "previous_rank", "rank_change"]],
        "area_matrix": matrix.rename_axis(index="entity", columns=None).reset_index(),
        "scores": data.scores[[c for c in SCORE_COLUMNS if c in data.scores.columns]],
        "ranking": data.ranking[[c for c in (*RANKING_COLUMNS, "group") if c in data.ranking.columns]],
        "items": items[["entity", "entity_name", "area_code", "code", "indicator", *ITEM_COLUMNS[2:]]],
        "evidence": evidence[[*EVIDENCE_COLUMNS, "entity_name"]],
        "reviews": reviews[["decided_at", "entity", "entity_name", "code", "indicator", *REVIEW_COLUMNS[2:6]]],
        "trend": data.trend[[c for c in (*TREND_COLUMNS, "name") if c in data.trend.columns]],
    }  # fmt: skip
    return {name: frame.rename(columns=CSV_HEADERS) for name, frame in tables.items()}


def build_csv_zip(data: ReportData) -> bytes:
    """One CSV per table (``<table>.csv``), zipped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, frame in csv_tables(data).items():
            bundle.writestr(f"{name}.csv", build_csv(frame))
    return buffer.getvalue()
