"""One file, many items: suggest the items of other frameworks an uploaded document also supports.

An MCP Perencanaan document about SIPD e-planning is the same evidence SPBE indicator 32 (Layanan Perencanaan)
asks for. The crosswalk (``seed_data/crosswalk.csv``: MCP area code per MCP catalog key ↔ SPBE indicator codes,
from the domain notes) says which items relate; ``link_suggestions`` finds those items in the *other* catalogs'
open periods for the same OPD, and ``link_evidence_to`` attaches the file to them under the evidence service's
rules (a focal point of the same OPD, items still editable). Each link is its own row, so detaching the file in
one framework leaves it attached in the other.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
from sqlmodel import Session, col, select

from i18n import LenteraError, register, status_label
from models.database import session_scope
from models.tables import Assignment, Catalog, Evidence, EvidenceLink, Period, PeriodState, Submission
from services import catalogs, leaf_index, transitions
from services.actor import Actor
from services.evidence import (
    EvidenceInfo,
    _editable_submission,
    active_link,
    add_evidence_link,
    list_evidence,
)
from services.permissions import require_organisation
from vocabulary import EDITABLE_STATUSES

register(
    {
        "crosswalk.nothing_selected": {
            "id": "Pilih minimal satu butir untuk ditautkan.",
            "en": "Choose at least one item to link.",
        },
    }
)

CROSSWALK_PATH = Path(__file__).resolve().parent.parent / "seed_data" / "crosswalk.csv"
SUGGESTION_COLUMNS = [
    "submission_id",
    "period_id",
    "period",
    "catalog_key",
    "framework",
    "code",
    "name",
    "area_code",
    "status",
    "status_label",
    "editable",
    "linked_evidence_ids",  # the source item's files already attached here
]
_VERSION_SUFFIX = re.compile(r"-v\d+$")


@dataclass(frozen=True)
class CrosswalkRow:
    mcp_catalog: str
    mcp_area_code: str
    mcp_area_name: str
    spbe_catalog: str
    spbe_codes: tuple[str, ...]


@lru_cache(maxsize=4)
def load_crosswalk(path: Path = CROSSWALK_PATH) -> tuple[CrosswalkRow, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            CrosswalkRow(
                mcp_catalog=row["mcp_catalog"].strip(),
                mcp_area_code=row["mcp_area_code"].strip(),
                mcp_area_name=row["mcp_area_name"].strip(),
                spbe_catalog=row["spbe_catalog"].strip(),
                spbe_codes=tuple(c.strip() for c in row["spbe_codes"].split(";") if c.strip()),
            )
            for row in csv.DictReader(handle)
        )


def base_key(key: str) -> str:
    """``mcp-2025-v2`` → ``mcp-2025``: an edited catalog version keeps its crosswalk."""
    return _VERSION_SUFFIX.sub("", key)


def related(
    catalog_key: str, area_code: str, code: str
) -> list[tuple[str, set[str] | None, set[str] | None]]:
    """For one item: (other catalog base key, related leaf codes or None, related area codes or None)."""
    key = base_key(catalog_key)
    out: list[tuple[str, set[str] | None, set[str] | None]] = []
    for row in load_crosswalk():
        if row.mcp_catalog == key and row.mcp_area_code == area_code:
            out.append((row.spbe_catalog, set(row.spbe_codes), None))
        elif row.spbe_catalog == key and code in row.spbe_codes:
            out.append((row.mcp_catalog, None, {row.mcp_area_code}))
    return out


def link_suggestions(actor: Actor, *, submission_id: int) -> pd.DataFrame:
    """Items of other catalogs' open periods, same OPD, that the crosswalk relates to this item."""
    with session_scope() as session:
        source, period = transitions.load_submission(session, actor, submission_id)
        catalog_row = catalogs.stored_row(session, period.catalog_id)
        assert catalog_row is not None
        info = leaf_index.leaf_of(leaf_index.parsed_catalog(catalog_row), source.code)
        targets = related(catalog_row.key, info.area_code, source.code)
        if not targets:
            return pd.DataFrame(columns=SUGGESTION_COLUMNS)
        source_evidence = set(
            session.exec(
                select(EvidenceLink.evidence_id).where(
                    EvidenceLink.submission_id == submission_id, col(EvidenceLink.detached_at).is_(None)
                )
            ).all()
        )
        periods = session.exec(
            select(Period, Catalog)
            .join(Catalog, col(Catalog.id) == col(Period.catalog_id))
            .where(
                Period.region_id == period.region_id,
                Period.state == PeriodState.open,
                Period.catalog_id != period.catalog_id,
            )
            .order_by(col(Period.id))
        ).all()
        rows: list[dict[str, object]] = []
        for other_period, other_catalog in periods:
            parsed = leaf_index.parsed_catalog(other_catalog)
            codes: set[str] = set()
            for key, leaf_codes, areas in targets:
                if base_key(other_catalog.key) != key:
                    continue
                codes |= {
                    c
                    for c, leaf in parsed.leaves.items()
                    if (leaf_codes is not None and c in leaf_codes)
                    or (areas is not None and leaf.area_code in areas)
                }
            if not codes:
                continue
            assigned = set(
                session.exec(
                    select(Assignment.code).where(
                        Assignment.period_id == other_period.id,
                        Assignment.organisation_id == source.organisation_id,
                        col(Assignment.code).in_(sorted(codes)),
                    )
                ).all()
            )
            submissions = session.exec(
                select(Submission).where(
                    Submission.period_id == other_period.id,
                    Submission.organisation_id == source.organisation_id,
                    col(Submission.code).in_(sorted(assigned)),
                )
            ).all()
            linked = _linked(session, [s.id for s in submissions if s.id is not None], source_evidence)
            for submission in sorted(submissions, key=lambda s: parsed.leaves[s.code].order):
                leaf = parsed.leaves[submission.code]
                rows.append(
                    {
                        "submission_id": submission.id,
                        "period_id": other_period.id,
                        "period": other_period.name,
                        "catalog_key": other_catalog.key,
                        "framework": other_catalog.framework,
                        "code": submission.code,
                        "name": leaf.node.name,
                        "area_code": leaf.area_code,
                        "status": submission.status,
                        "status_label": status_label(submission.status),
                        "editable": submission.status in EDITABLE_STATUSES,
                        "linked_evidence_ids": sorted(linked.get(submission.id or 0, set())),
                    }
                )
    return pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)


def _linked(session: Session, submission_ids: list[int], evidence_ids: set[int]) -> dict[int, set[int]]:
    if not submission_ids or not evidence_ids:
        return {}
    rows = session.exec(
        select(EvidenceLink.submission_id, EvidenceLink.evidence_id).where(
            col(EvidenceLink.submission_id).in_(submission_ids),
            col(EvidenceLink.evidence_id).in_(sorted(evidence_ids)),
            col(EvidenceLink.detached_at).is_(None),
        )
    ).all()
    out: dict[int, set[int]] = {}
    for submission_id, evidence_id in rows:
        out.setdefault(submission_id, set()).add(evidence_id)
    return out


def link_evidence_to(actor: Actor, *, evidence_id: int, submission_ids: list[int]) -> list[EvidenceInfo]:
    """Attach one uploaded file to several items at once: all or none, under the evidence service's rules.

    Each item must be editable by this focal point (``services.evidence``) and belong to the file's OPD. An
    item that already has the file attached is left as it is.
    """
    if not submission_ids:
        raise LenteraError("crosswalk.nothing_selected")
    with session_scope() as session:
        evidence = session.get(Evidence, evidence_id)
        if evidence is None:
            raise LenteraError("perm.not_found")
        if evidence.organisation_id is not None:
            require_organisation(session, actor, evidence.organisation_id)
        for submission_id in dict.fromkeys(submission_ids):
            submission = _editable_submission(session, actor, submission_id, action="link_evidence")
            if evidence.organisation_id != submission.organisation_id:
                raise LenteraError("perm.other_opd")
            if active_link(session, evidence_id=evidence_id, submission_id=submission_id) is None:
                add_evidence_link(
                    session,
                    actor=actor,
                    evidence_id=evidence_id,
                    submission_id=submission_id,
                    details={"sha256": evidence.sha256},
                )
    out: list[EvidenceInfo] = []
    for submission_id in dict.fromkeys(submission_ids):
        out += [e for e in list_evidence(actor, submission_id=submission_id) if e.id == evidence_id]
    return out
