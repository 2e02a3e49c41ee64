"""The workbook's sheets as data: each column's header (a message key), the frame column it shows, its kind
(how the cell is written) and width, and the frame column whose zone colours the cell."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    header: str  # message key
    field: str  # frame column
    kind: str = "text"  # text / number / integer / datetime / date / mixed (a number, or a word where none)
    width: float = 14
    fill: str | None = None  # frame column holding a zone name whose colour fills the cell


SUMMARY = [
    Column("report.col.group", "group_label", width=18),
    Column("report.col.entity_code", "entity_code", width=14),
    Column("report.col.name", "name", width=48),
    Column("report.col.kind", "kind", width=11),
    Column("report.col.region", "region_name", width=26),
    Column("report.col.score", "score", "number", 12, fill="zone"),
    Column("report.col.self_score", "self_score", "number", 12),
    Column("report.col.projected", "projected", "number", 12),
    Column("report.col.max", "max", "number", 10),
    Column("report.col.gap", "gap", "number", 14),
    Column("report.col.zone", "zone_label", width=16, fill="zone"),  # an OPD's: "Baik (indikatif)" for SPBE
    Column("report.col.rank", "rank", "integer", 10),
    Column("report.col.previous_rank", "previous_rank", "integer", 12),
    Column("report.col.rank_change", "rank_change", "integer", 12),
]

ITEMS = [
    Column("report.col.entity_code", "entity_code", width=14),
    Column("report.col.entity_name", "entity_name", width=36),
    Column("report.col.area", "area", width=28),
    Column("report.col.code", "code", width=8),
    Column("report.col.indicator", "indicator", width=50),
    Column("report.col.self_value", "self_value", "number", 11),
    Column("report.col.verified_value", "verified_value", "number", 12),
    Column("report.col.value_gap", "value_gap", "number", 10),
    Column("report.col.status", "status_label", width=14),
    Column("report.col.note", "note", width=40),
    Column("report.col.reason", "reason", width=40),
    Column("report.col.submitted_at", "submitted_at", "datetime", 17),
    Column("report.col.verified_at", "verified_at", "datetime", 17),
    Column("report.col.reviewer", "reviewer", width=28),
]

EXTERNAL_ITEMS = [
    Column("report.col.external_value", "external_value", "number", 12),
    Column("report.col.verified_external_value", "verified_external_value", "number", 14),
]
"""Rincian Item's external index values (Pemdi), each printed right after the level it converts to
(``reports.views.with_external_values``) when the period has any."""

EVIDENCE = [
    Column("report.col.file_name", "display_name", width=44),
    Column("report.col.sha256", "sha256", width=66),
    Column("report.col.size", "size", "integer", 12),
    Column("report.col.media_type", "media_type", width=18),
    Column("report.col.uploaded_by", "uploaded_by", width=24),
    Column("report.col.uploaded_at", "uploaded_at", "datetime", 17),
    Column("report.col.document_date", "document_date", "date", 14),
    Column("report.col.item_codes", "item_codes", width=18),
    Column("report.col.entity_code", "entity_code", width=14),
    Column("report.col.entity_name", "entity_name", width=36),
]

REVIEWS = [
    Column("report.col.decided_at", "decided_at", "datetime", 17),
    Column("report.col.entity_code", "entity_code", width=14),
    Column("report.col.entity_name", "entity_name", width=36),
    Column("report.col.code", "code", width=8),
    Column("report.col.indicator", "indicator", width=50),
    Column("report.col.decision", "decision_label", width=14),
    Column("report.col.verified_value", "verified_value", "number", 12),
    Column("report.col.reason", "reason", width=44),
    Column("report.col.reviewer", "reviewer", width=28),
]


STAGES = [
    Column("report.col.group", "group_label", width=18),
    Column("report.col.entity_code", "entity_code", width=14),
    Column("report.col.name", "name", width=40),
    Column("report.col.area", "area", width=34),
    Column("report.col.stage_self", "self_score", "number", 12),
    Column("report.col.score", "review_score", "number", 14),
    Column("report.col.stage_external", "external_score", "number", 14),
    Column("report.col.gap", "over_claim", "number", 14),
    Column("report.col.surprise", "surprise", "number", 14),
]


ITEM_STAGES = [
    Column("report.col.entity_code", "entity_code", width=14),
    Column("report.col.entity_name", "entity_name", width=32),
    Column("report.col.area", "area", width=28),
    Column("report.col.code", "code", width=8),
    Column("report.col.indicator", "indicator", width=50),
    Column("report.col.self_value", "self_value", "number", 11),
    Column("report.col.verified_value", "review_value", "number", 12),
    Column("report.col.kpk_value", "kpk_shown", "mixed", 13),
    Column("report.col.kpk_note", "kpk_note", width=40),
]
