"""One file, many items: suggest the items of other frameworks an uploaded document also supports.

An MCP Perencanaan document about SIPD e-planning is the same evidence SPBE indicator 32 (Layanan Perencanaan)
asks for. The crosswalk (``indicators.crosswalk``: item pairs between MCP 2024/2025, SPBE 2021, PEKPPP and Pemdi,
each with a reason and a strength, item to item) says which items relate;
``also_supports`` lists them for one item ("Berkas ini juga mendukung: ..."), ``link_suggestions`` finds those
items in the *other* catalogs' open periods for the same OPD, and ``link_evidence_to`` attaches the file to them
under the evidence service's rules (a focal point of the same OPD, items still editable). Each link is its own
row, so detaching the file in one framework leaves it attached in the other.
"""

from __future__ import annotations

import pandas as pd
from sqlmodel import Session, col, select

from i18n import LenteraError, register, status_label, t
from indicators import available_catalogs, load_catalog
from indicators.crosswalk import STRENGTHS, Related, base_key, leaves_under, related_items
from models.database import session_scope
from models.tables import Assignment, Catalog, Evidence, EvidenceLink, Period, PeriodState, Submission
from services import catalogs, leaf_index, transitions
from services.actor import Actor
from services.evidence import (
    EvidenceInfo,
    active_link,
    add_evidence_link,
    editable_submission,
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
        "crosswalk.strength.strong": {"id": "kuat", "en": "strong"},
        "crosswalk.strength.weak": {"id": "lemah", "en": "weak"},
    }
)

__all__ = ["also_supports", "base_key", "link_evidence_to", "link_suggestions"]

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
    "strength",  # strong | weak (the strongest pair that relates the two items)
    "reason",
]
SUPPORT_COLUMNS = [
    "catalog_key",
    "framework",
    "code",
    "name",
    "is_leaf",
    "strength",
    "strength_label",
    "reason",
    "submission_id",  # the same OPD's item in an open period of that catalog, else None
    "period",
]


def _targets(session: Session, period: Period, code: str) -> list[Related]:
    """The crosswalk's items related to leaf ``code`` of the period's catalog."""
    catalog_row = catalogs.stored_row(session, period.catalog_id)
    assert catalog_row is not None
    return related_items(leaf_index.parsed_catalog(catalog_row).doc, code)


def also_supports(actor: Actor, *, submission_id: int) -> pd.DataFrame:
    """Every item of another framework the crosswalk relates to this item (``SUPPORT_COLUMNS``), strong pairs
    first: what a file uploaded here also supports, whether or not a period of that framework is open. Where the
    same OPD has the item in an open period, ``submission_id`` and ``period`` say which (to link the file)."""
    with session_scope() as session:
        source, period = transitions.load_submission(session, actor, submission_id)
        targets = _targets(session, period, source.code)
    if not targets:
        return pd.DataFrame(columns=SUPPORT_COLUMNS)
    open_items = link_suggestions(actor, submission_id=submission_id)
    where = {
        (base_key(str(r["catalog_key"])), str(r["code"])): (int(r["submission_id"]), str(r["period"]))
        for r in open_items.to_dict("records")
    }
    shipped = set(available_catalogs())
    rows: list[dict[str, object]] = []
    for target in targets:
        if target.catalog_key not in shipped:
            continue
        catalog = load_catalog(target.catalog_key)
        node = catalog.node(target.code)
        found = where.get((target.catalog_key, target.code))
        rows.append(
            {
                "catalog_key": target.catalog_key,
                "framework": catalog.framework,
                "code": target.code,
                "name": node.name,
                "is_leaf": node.is_leaf,
                "strength": target.strength,
                "strength_label": t(f"crosswalk.strength.{target.strength}"),
                "reason": target.reason,
                "submission_id": found[0] if found else None,
                "period": found[1] if found else None,
            }
        )
    return pd.DataFrame(rows, columns=SUPPORT_COLUMNS)


def link_suggestions(actor: Actor, *, submission_id: int) -> pd.DataFrame:
    """Items of other catalogs' open periods, same OPD, that the crosswalk relates to this item."""
    with session_scope() as session:
        source, period = transitions.load_submission(session, actor, submission_id)
        targets = _targets(session, period, source.code)
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
            pairs: dict[str, Related] = {}  # leaf code -> the strongest pair naming it (or its area)
            for target in targets:
                if base_key(other_catalog.key) != target.catalog_key:
                    continue
                for leaf_code in leaves_under(parsed.doc, target.code):
                    known = pairs.get(leaf_code)
                    if known is None or STRENGTHS.index(target.strength) < STRENGTHS.index(known.strength):
                        pairs[leaf_code] = target
            codes = set(pairs)
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
                        "strength": pairs[submission.code].strength,
                        "reason": pairs[submission.code].reason,
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
            submission = editable_submission(session, actor, submission_id, action="link_evidence")
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
