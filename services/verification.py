"""The inspector's side of the workflow: the verification queue, approve, return, reopen.

Only inspectors and admins in scope review; they never touch a self value, and ``verified_value`` (with, for an
external-index leaf, ``verified_external_value``, the index value it converts from) changes only through an
approving review. Each review stores the sha256 of every piece of evidence attached at that moment,
so a later dispute can show exactly which files the inspector saw.

``verified_value`` keeps the last approved value through a return or a reopen (history is never erased);
consumers count it as verified only while ``status == "verified"``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta

import pandas as pd
from sqlmodel import Session, col, select

from i18n import LenteraError, format_number, register, status_label
from indicators import Node
from indicators.rules import LevelsRule
from models.database import session_scope
from models.tables import (
    Decision,
    Evidence,
    EvidenceLink,
    Organisation,
    Period,
    Region,
    Review,
    Submission,
    as_utc,
    utcnow,
)
from services import deadlines, leaf_index, transitions, workflow
from services.actor import Actor
from services.permissions import require, require_organisation, require_region
from services.submission_views import evidence_counts

register(
    {
        "review.unknown_document": {
            "id": "Dokumen {code} tidak termasuk dokumen yang diminta butir ini.",
            "en": "Document {code} is not one of the documents this item requires.",
        },
        "review.documents_value_mismatch": {
            "id": "Dokumen yang dicentang bernilai {points} poin, bukan {value}.",
            "en": "The ticked documents are worth {points} points, not {value}.",
        },
        "review.documents_not_applicable": {
            "id": "Butir ini tidak dinilai per dokumen.",
            "en": "This item is not scored by documents.",
        },
        "review.level_not_ticked": {
            "id": "Bukti yang dicentang diterima sampai level {level} ({name}); level {value} tidak dapat "
            "disetujui. Level bersifat kumulatif: centang bukti setiap level sampai level yang disetujui.",
            "en": "The evidence ticked as accepted reaches level {level} ({name}); level {value} cannot be "
            "approved. Levels are cumulative: tick the evidence of every level up to the one approved.",
        },
    }
)

QUEUE_COLUMNS = [
    "submission_id",
    "region_id",
    "region",
    "organisation_id",
    "opd",
    "opd_name",
    "area_code",
    "area_name",
    "code",
    "name",
    "rule_kind",
    "maximum",
    "status",
    "status_label",
    "self_value",
    "verified_value",
    "submitted_at",
    "age_days",
    "evidence_count",
    "version",
]


def queue(
    actor: Actor,
    *,
    period_id: int,
    region_id: int | None = None,
    organisation_id: int | None = None,
    area_code: str | None = None,
    statuses: Sequence[str] = ("submitted",),
    min_age_days: float | None = None,
) -> pd.DataFrame:
    """Items waiting for (or past) review, oldest submission first; columns ``QUEUE_COLUMNS``."""
    require(actor, "queue")
    with session_scope() as session:
        period = deadlines.load_period(session, actor, period_id)
        catalog = leaf_index.catalog_of_period(session, period)
        query = (
            select(Submission, Organisation, Region)
            .join(Organisation, col(Organisation.id) == col(Submission.organisation_id))
            .join(Region, col(Region.id) == col(Organisation.region_id))
            .where(Submission.period_id == period_id, col(Submission.status).in_(list(statuses)))
        )
        if region_id is not None:
            require_region(session, actor, region_id)
            query = query.where(Organisation.region_id == region_id)
        if organisation_id is not None:
            require_organisation(session, actor, organisation_id)
            query = query.where(Submission.organisation_id == organisation_id)
        if area_code is not None:
            codes = [code for code, info in catalog.leaves.items() if info.area_code == area_code]
            query = query.where(col(Submission.code).in_(codes))
        now = utcnow()
        if min_age_days is not None:
            query = query.where(col(Submission.submitted_at) <= now - timedelta(days=min_age_days))
        query = query.order_by(col(Submission.submitted_at), col(Submission.id))
        rows = session.exec(query).all()
        counts = evidence_counts(session, [s.id for s, _, _ in rows if s.id is not None])
    records = []
    for submission, organisation, region in rows:
        info = catalog.leaves.get(submission.code)
        if info is None or info.node.rule is None:
            continue
        submitted_at = as_utc(submission.submitted_at)
        records.append(
            {
                "submission_id": submission.id,
                "region_id": region.id,
                "region": region.name,
                "organisation_id": organisation.id,
                "opd": organisation.abbreviation,
                "opd_name": organisation.name,
                "area_code": info.area_code,
                "area_name": info.area_name,
                "code": submission.code,
                "name": info.node.name,
                "rule_kind": info.node.rule.kind,
                "maximum": info.node.rule.maximum,
                "status": submission.status,
                "status_label": status_label(submission.status),
                "self_value": submission.self_value,
                "verified_value": submission.verified_value,
                "submitted_at": submitted_at,
                "age_days": (now - submitted_at).total_seconds() / 86400 if submitted_at else None,
                "evidence_count": counts.get(submission.id or 0, 0),
                "version": submission.version,
            }
        )
    frame = pd.DataFrame(records, columns=QUEUE_COLUMNS)
    frame["submitted_at"] = pd.to_datetime(frame["submitted_at"], utc=True)
    return frame.astype(
        {
            "self_value": float,
            "verified_value": float,
            "age_days": float,
            "maximum": float,
            "evidence_count": int,
        }
    )


def approve(
    actor: Actor,
    *,
    submission_id: int,
    verified_value: float | None = None,
    note: str | None = None,
    accepted_documents: Sequence[str] | None = None,
    expected_version: int | None = None,
    verified_external_value: float | None = None,
) -> int:
    """Accept the item at ``verified_value`` (checked against the leaf's rule); returns the new version.

    For a leaf that lists documents, ``accepted_documents`` are the codes the reviewer ticked, and the value
    follows from them: their points add up to ``verified_value`` (``DocumentsRule``), or ``verified_value`` is the
    highest level whose evidence and that of every level below is ticked (a cumulative ``LevelsRule``: ticks of
    levels 1 and 2 but not 3 approve level 2, whatever the claim). Without ticks, the documents the value stands
    for are recorded.
    For an external-index leaf, ``verified_external_value`` is the index value the reviewer verified: it is stored
    and its converted level is the verified value (none typed: level 1); ``verified_value`` may be left None.
    """
    require(actor, "approve")
    with session_scope() as session:

        def checked(submission: Submission, period: Period) -> transitions.Change:
            node = leaf_index.leaf_of(leaf_index.catalog_of_period(session, period), submission.code).node
            value, external = workflow.check_reviewed(node, verified_value, verified_external_value)
            accepted = accepted_list(node, accepted_documents, value=value)
            reason = workflow.clean_text(note, limit=workflow.REASON_LIMIT, key="workflow.note_too_long")
            return _review(session, actor, submission, Decision.approve, reason, value, accepted, external)

        return transitions.transition(
            session,
            actor,
            "approve",
            submission=submission_id,
            expected_version=expected_version,
            change=checked,
        )


def return_item(
    actor: Actor,
    *,
    submission_id: int,
    reason: str,
    accepted_documents: Sequence[str] | None = None,
    expected_version: int | None = None,
) -> int:
    """Send the item back to the OPD with a reason it can act on; returns the new version.

    For a leaf scored by documents the reviewer may tick the documents already accepted, so the OPD sees which
    ones are still missing.
    """
    return _send_back(actor, Decision.return_, submission_id, reason, expected_version, accepted_documents)


def reopen(actor: Actor, *, submission_id: int, reason: str, expected_version: int | None = None) -> int:
    """Withdraw a verification so the OPD can answer again; the old verified value stays until a new review."""
    return _send_back(actor, Decision.reopen, submission_id, reason, expected_version, None)


def _send_back(
    actor: Actor,
    decision: Decision,
    submission_id: int,
    reason: str,
    expected_version: int | None,
    accepted_documents: Sequence[str] | None,
) -> int:
    require(actor, decision.value)
    with session_scope() as session:

        def checked(submission: Submission, period: Period) -> transitions.Change:
            accepted = None
            if accepted_documents is not None:
                node = leaf_index.leaf_of(leaf_index.catalog_of_period(session, period), submission.code).node
                accepted = accepted_list(node, accepted_documents, value=None)
            cleaned = workflow.require_reason(reason)
            return _review(session, actor, submission, decision, cleaned, None, accepted)

        return transitions.transition(
            session,
            actor,
            decision.value,
            submission=submission_id,
            expected_version=expected_version,
            change=checked,
        )


def _review(
    session: Session,
    actor: Actor,
    submission: Submission,
    decision: Decision,
    reason: str | None,
    value: float | None,
    accepted: list[str] | None = None,
    external: float | None = None,
) -> transitions.Change:
    """Add the review, with the evidence the reviewer saw; return what the status change writes and records
    (an approval: the verified value and the external index value it was converted from, if any)."""
    hashes = attached_hashes(session, submission.id or 0)
    session.add(
        Review(
            submission_id=submission.id or 0,
            reviewer_id=actor.id,
            decision=decision,
            verified_value=value,
            reason=reason,
            evidence_hashes=hashes,
            decided_at=utcnow(),
            accepted_documents=accepted,
        )
    )
    approved = {"verified_value": value, "verified_external_value": external}
    values = approved if decision == Decision.approve else {}
    audit: dict[str, object] = {"reason": reason, "evidence": ",".join(hashes)}
    if accepted is not None:
        audit["accepted_documents"] = ",".join(accepted)
    return transitions.Change(values=values, audit=audit)


def accepted_list(node: Node, codes: Sequence[str] | None, *, value: float | None) -> list[str] | None:
    """The accepted documents to store, in the catalog's order: ``codes`` checked against the leaf's listed
    documents (and, with ``value``, against the value they give: ``Rule.value_for_documents``); None for a leaf
    that lists none."""
    rule = node.rule
    assert rule is not None
    listed = rule.listed_documents()
    if not listed:
        if codes:
            raise LenteraError("review.documents_not_applicable")
        return None
    if codes is None:
        ticked = rule.documents_for(value)
        return [d.code for d in listed if d.code in ticked]
    known = {d.code for d in listed}
    for code in codes:
        if code not in known:
            raise LenteraError("review.unknown_document", code=code)
    given = rule.value_for_documents(set(codes))
    if value is not None and given is not None and not math.isclose(given, value, abs_tol=1e-6):
        if isinstance(rule, LevelsRule):
            raise LenteraError(
                "review.level_not_ticked",
                level=format_number(given, 0),
                name=rule.levels.get(round(given), ""),
                value=format_number(value, 0),
            )
        raise LenteraError(
            "review.documents_value_mismatch", points=format_number(given, 0), value=format_number(value, 0)
        )
    return [d.code for d in listed if d.code in set(codes)]


def attached_hashes(session: Session, submission_id: int) -> list[str]:
    """sha256 of the evidence attached right now, sorted: what the reviewer saw."""
    hashes = session.exec(
        select(Evidence.sha256)
        .join(EvidenceLink, col(EvidenceLink.evidence_id) == col(Evidence.id))
        .where(EvidenceLink.submission_id == submission_id, col(EvidenceLink.detached_at).is_(None))
    ).all()
    return sorted(set(hashes))
