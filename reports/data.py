"""The input contract of every report: one ``ReportData`` of plain pandas frames, no database, no Streamlit.

The services layer assembles a ``ReportData`` from the database (and the scoring engine's output) and hands it
to a builder; the builders only read it. Keeping the contract plain data means a report can be built, tested and
benchmarked from a CSV or the sample generator alone.

Conventions every frame follows:

- ``entity`` is a string id everywhere (region code, OPD id, ...); it joins ``entities`` to every other frame.
- Scores are on the catalog's scale (``scale_max``: 100 for MCP, 5 for SPBE); a missing score is NaN.
- Moments (``*_at``) are datetimes; naive ones are UTC (how the database stores them), aware ones any zone.
  Reports show them in WIT. ``document_date`` is a calendar date.
- The root node of every entity's score tree has code ``"TOTAL"`` (``indicators.ROOT_CODE``); areas are the
  nodes of depth 1 (MCP areas, SPBE domains).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from indicators import ROOT_CODE, Catalog
from indicators.provenance import programme_name

Progress = Callable[[float, str], None]
"""Progress callback: ``progress(fraction 0..1, message)``; the app feeds it to a progress bar."""


def no_progress(_fraction: float, _message: str) -> None:
    """The ``Progress`` of a caller that shows none (the CLI, tests)."""


ENTITY_COLUMNS = ["entity", "name", "kind", "region", "parent"]
SCORE_COLUMNS = [
    "entity", "code", "parent_code", "depth", "is_leaf", "score", "self_score", "projected",
    "max", "gap", "zone", "share", "gain",
]  # fmt: skip
NODE_COLUMNS = ["code", "parent_code", "depth", "name", "is_leaf", "tags"]
RANKING_COLUMNS = ["entity", "score", "rank", "previous_rank", "rank_change"]
ITEM_COLUMNS = [
    "entity", "code", "self_value", "verified_value", "status", "note", "reason",
    "submitted_at", "verified_at", "reviewer",
]  # fmt: skip
EXTERNAL_BESIDE = {"self_value": "external_value", "verified_value": "verified_external_value"}
"""An item's level column → the external index value it was converted from (Pemdi's external-index indicators:
the one the focal point typed, the one the reviewer verified); ``items`` may carry these, NaN where none."""
EVIDENCE_COLUMNS = [
    "sha256", "display_name", "size", "media_type", "uploaded_by", "uploaded_at", "document_date",
    "item_codes", "entity",
]  # fmt: skip
REVIEW_COLUMNS = ["entity", "code", "decision", "verified_value", "reason", "reviewer", "decided_at"]
TREND_COLUMNS = ["entity", "label", "score", "source"]
STAGE_COLUMNS = [
    "group", "entity", "code", "self_score", "review_score", "external_score", "over_claim", "surprise",
]  # fmt: skip
"""The three stages per entity × area (and TOTAL): self → reviu → KPK, over-claim = self − reviu, surprise =
reviu − KPK (``scoring.stages``); ``group`` is "pemda" or "opd" (OPDs have no KPK stage)."""

EXTERNAL_COLUMNS = ["entity", "code", "value", "note"]
"""KPK's result per pemda × leaf (KemenPANRB's for SPBE): the value in the item's own units and KPK's note."""

PEMDA_KINDS = ("provinsi", "kabupaten", "kota")
OPD_KIND = "opd"


@dataclass
class ReportData:
    """Everything one report needs, as plain data.

    Frames (required columns; extra columns are ignored):

    - ``entities``: entity, name, kind (provinsi/kabupaten/kota/opd), region (pemda id of an OPD, own id of a
      pemda), parent (parent entity id or empty). One row per scored entity.
    - ``scores``: the scoring engine's output, one row per entity × node including ``TOTAL``: entity, code,
      parent_code, depth, is_leaf, score (verified), self_score, projected, max, gap (self − verified), zone,
      share (the node's share of the total weight), gain (points the leaf adds to TOTAL if completed).
    - ``nodes``: the catalog tree in walk order (parents before children): code, parent_code, depth, name,
      is_leaf, tags (list or comma text). ``nodes_frame(catalog)`` builds it.
    - ``ranking``: entity, score, rank, previous_rank, rank_change (positive = climbed). Optional ``group``
      column (e.g. "pemda"/"opd") when pemda and OPDs are ranked separately.
    - ``items``: one row per entity × leaf submission: entity, code, self_value, verified_value, status
      (empty/draft/submitted/verified/returned/reopened), note, reason, submitted_at, verified_at, reviewer;
      optionally the external index values ``EXTERNAL_BESIDE`` names (Pemdi), beside the levels they convert to.
    - ``evidence``: one row per evidence file × entity: sha256, display_name, size (bytes), media_type,
      uploaded_by, uploaded_at, document_date, item_codes (comma-separated leaf codes), entity.
    - ``reviews``: the verification log, one row per decision: entity, code, decision (approve/return),
      verified_value, reason, reviewer, decided_at.
    - ``trend``: entity, label (period name or ISO date, sorts in time order), score, source ("lentera", "KPK",
      "KemenPANRB", ...).

    ``subject`` is the entity the report is about (the province); None for a report over many peers (national).
    ``zones`` are the catalog's zones as dicts with name, min, max, color (``zones_list(catalog)``).
    ``language`` is the report's language ("id" or "en"), independent of the UI's (the signed Berita Acara
    Reviu is its own document, ``reports.berita_acara``, with its place and signatories). ``external`` holds KPK's results per pemda × leaf
    (``EXTERNAL_COLUMNS``), ``stages`` the three stages per entity × area; a report of a period shows both.
    ``demo`` marks a demo installation's report (the title already carries "DATA DEMO"; the PDF repeats it at
    the top of every page).
    """

    title: str
    period: str
    catalog_key: str
    catalog_name: str
    scale_max: float
    generated_at: datetime
    zones: list[dict]
    entities: pd.DataFrame
    scores: pd.DataFrame
    nodes: pd.DataFrame
    ranking: pd.DataFrame
    items: pd.DataFrame
    evidence: pd.DataFrame
    reviews: pd.DataFrame
    trend: pd.DataFrame
    subject: str | None = None
    language: str = "id"
    provenance_note: str = ""
    marks: list[str] = field(default_factory=list)  # "katalog sementara", "zona sementara": on every PDF page
    trend_sources: list[str] = field(default_factory=list)  # the published trend points' sources, in words
    method: list[tuple[str, str]] = field(default_factory=list)  # "Cara menghitung": reports.method
    demo: bool = False  # a demo installation's report: "DATA DEMO" in the title and on every PDF page
    reviewer_label: str = "Inspektorat"  # who did the internal reviu: "Skor Hasil Reviu {reviewer}"
    stages: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=STAGE_COLUMNS))
    external: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EXTERNAL_COLUMNS))
    rank_note: str = ""  # what the rank change compares with (``services.overview.rank_note``)
    opd_zone_indicative: bool = (
        False  # the zones are predicates of a pemda's index: on an OPD only indicative
    )
    _derived: dict[str, pd.DataFrame] = field(default_factory=dict, init=False, repr=False, compare=False)

    def derived(self, name: str, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """``compute()``, a pure function of this report's frames named ``name``, once per report (the
        workbook reads the summary for five sheets); each caller gets its own shallow copy, which pandas'
        copy-on-write keeps from changing what the next caller gets."""
        if name not in self._derived:
            self._derived[name] = compute()
        return self._derived[name].copy(deep=False)

    def validate(self) -> None:
        """Raise ValueError naming every missing column, so a services bug fails loudly and early."""
        required = {
            "entities": ENTITY_COLUMNS,
            "scores": SCORE_COLUMNS,
            "nodes": NODE_COLUMNS,
            "ranking": RANKING_COLUMNS,
            "items": ITEM_COLUMNS,
            "evidence": EVIDENCE_COLUMNS,
            "reviews": REVIEW_COLUMNS,
            "trend": TREND_COLUMNS,
        }
        problems = []
        for name, columns in required.items():
            frame = getattr(self, name)
            missing = [c for c in columns if c not in frame.columns]
            if missing:
                problems.append(f"{name}: missing {', '.join(missing)}")
        if not (self.nodes["code"] == ROOT_CODE).any() and not (self.scores["code"] == ROOT_CODE).any():
            problems.append(f"scores: no {ROOT_CODE} rows")
        if problems:
            raise ValueError("ReportData is incomplete: " + "; ".join(problems))

    # -- derived views shared by the builders ---------------------------------------------------------------

    def units(self) -> pd.DataFrame:
        """Entities that get their own page and Berita Acara: the OPDs, or every entity when there are none."""
        opds = self.entities[self.entities["kind"] == OPD_KIND]
        return opds if len(opds) else self.entities

    def areas(self) -> pd.DataFrame:
        """The depth-1 nodes (MCP areas, SPBE domains) in catalog order."""
        return self.nodes[self.nodes["depth"] == 1]

    def leaves(self) -> pd.DataFrame:
        return self.nodes[self.nodes["is_leaf"].astype(bool)]

    def zone_color(self, zone: object) -> str | None:
        for z in self.zones:
            if z["name"] == zone:
                return str(z.get("color") or "#888888")
        return None


def nodes_frame(catalog: Catalog) -> pd.DataFrame:
    """The catalog tree as the ``nodes`` frame (with a ``TOTAL`` row first, and each node's area code)."""
    rows: list[dict] = [
        {"code": ROOT_CODE, "parent_code": None, "depth": 0, "name": programme_name(catalog.name), "is_leaf": False,
         "tags": "", "weight": 1.0, "area": None}
    ]  # fmt: skip
    area: str | None = None
    for node in catalog.walk():
        if node.depth == 1:
            area = node.code
        rows.append(
            {
                "code": node.code,
                "parent_code": node.parent_code or ROOT_CODE,
                "depth": node.depth,
                "name": node.name,
                "is_leaf": node.is_leaf,
                "tags": ",".join(node.tags),
                "weight": node.weight,
                "area": area,
            }
        )
    return pd.DataFrame(rows)


def zones_list(catalog: Catalog) -> list[dict]:
    return [{"name": z.name, "min": z.min, "max": z.max, "color": z.color} for z in catalog.zones]
