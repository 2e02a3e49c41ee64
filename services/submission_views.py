"""The items of the workflow as they are read: an OPD's checklist and one item's detail (its evidence, its reviews
and the moves the reader may make now). The writes are in ``services.submissions`` (the focal point's save and
submit) and ``services.verification`` (the reviu).

A focal point only ever reaches their own OPD (``services.permissions``); inspectors, admins and leaders may
read an OPD's checklist in their region. Opening a checklist adds the empty rows its assignments have no row for
yet (``ensure_submissions``), so every assigned leaf has a version to write against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from i18n import status_label
from indicators.schema import EvidenceRequirement
from models.database import session_scope
from models.tables import (
    Assignment,
    Decision,
    Evidence,
    EvidenceLink,
    ExternalResult,
    Organisation,
    Review,
    Submission,
    SubmissionStatus,
    User,
    as_utc,
    utcnow,
)
from services import deadlines, leaf_index, transitions
from services.actor import Actor
from services.permissions import allowed, require
from vocabulary import DONE_STATUSES

CHECKLIST_COLUMNS = [
    "submission_id",
    "code",
    "name",
    "area_code",
    "area_name",
    "indicator_code",
    "indicator_name",
    "rule_kind",
    "allowed_values",
    "level_names",
    "maximum",
    "status",
    "status_label",
    "self_value",
    "external_value",  # an external-index leaf's typed index value (Pemdi), else empty
    "verified_value",
    "verified_external_value",  # the index value the reviewer verified (its level is verified_value)
    "note",
    "return_reason",
    "review_note",
    "evidence_count",
    "updated_at",
    "tags",
    "version",
]

_STATUS_FIRST = {SubmissionStatus.returned: 0, SubmissionStatus.reopened: 1}


@dataclass(frozen=True)
class LinkedEvidence:
    link_id: int
    evidence_id: int
    display_name: str
    media_type: str
    size: int
    sha256: str
    uploaded_at: datetime | None
    uploaded_by: str | None
    document_date: date | None
    linked_at: datetime | None
    document_code: str | None = None  # the required document it answers ("D1"), when tagged


@dataclass(frozen=True)
class ReviewEntry:
    decision: str
    verified_value: float | None
    reason: str | None
    reviewer: str
    decided_at: datetime | None
    evidence_hashes: list[str]
    accepted_documents: list[str] | None = None


@dataclass(frozen=True)
class ItemDetail:
    """Everything one item's page shows; ``actions`` are the workflow steps this actor may take now."""

    submission_id: int
    period_id: int
    organisation_id: int
    organisation: str
    code: str
    name: str
    description: str | None
    area_code: str
    area_name: str
    indicator_code: str | None
    indicator_name: str | None
    rule_kind: str
    allowed_values: list[float] | None
    level_names: dict[float, str] | None
    maximum: float
    evidence_requirements: list[EvidenceRequirement]
    tags: list[str]
    status: str
    status_label: str
    self_value: float | None
    verified_value: float | None
    note: str | None
    version: int
    submitted_at: datetime | None
    updated_at: datetime | None
    deadline: datetime | None
    evidence: list[LinkedEvidence] = field(default_factory=list)
    reviews: list[ReviewEntry] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    accepted_documents: list[str] | None = None
    """For a documents leaf: the codes accepted at the latest review that ticked any (None: never ticked)."""
    external_value: float | None = None
    """For an external-index leaf: the index value the OPD typed (``self_value`` is its level)."""
    verified_external_value: float | None = None
    """For an external-index leaf: the index value the reviewer verified (``verified_value`` is its level)."""
    external_result_value: float | None = None
    """KPK's verified value of the pemda's item (KemenPANRB's for SPBE) once recorded, the third stage."""
    external_result_note: str | None = None


def checklist(actor: Actor, *, period_id: int, organisation_id: int) -> pd.DataFrame:
    """One row per leaf assigned to the OPD in the period (columns ``CHECKLIST_COLUMNS``), returned first."""
    with session_scope() as session:
        period = deadlines.load_period(session, actor, period_id)
        require(actor, "checklist", organisation=organisation_id, session=session)
        catalog = leaf_index.catalog_of_period(session, period)
        codes = set(
            session.exec(
                select(Assignment.code).where(
                    Assignment.period_id == period_id, Assignment.organisation_id == organisation_id
                )
            ).all()
        )
        submissions = _submissions_for(session, period_id, organisation_id, codes)
        ids = [s.id for s in submissions if s.id is not None]
        counts = evidence_counts(session, ids)
        latest = _latest_reviews(session, ids)
        reasons, notes = _open_reasons(latest), _approval_notes(latest)
        rows = []
        for submission in submissions:
            info = catalog.leaves.get(submission.code)
            if info is None:
                continue  # an assignment to a code the catalog no longer has; nothing to answer
            rows.append(_checklist_row(submission, info, counts, reasons, notes))
    frame = pd.DataFrame(rows, columns=[*CHECKLIST_COLUMNS, "_order"])
    frame["_first"] = frame["status"].map(lambda s: _STATUS_FIRST.get(s, 2))
    frame = frame.sort_values(["_first", "_order"], kind="stable").drop(columns=["_first", "_order"])
    frame["updated_at"] = pd.to_datetime(frame["updated_at"], utc=True)
    frame = frame.astype(
        {
            "self_value": float,
            "external_value": float,
            "verified_value": float,
            "verified_external_value": float,
            "maximum": float,
            "evidence_count": int,
        }
    )
    return frame.reset_index(drop=True)


def _checklist_row(
    submission: Submission,
    info: leaf_index.LeafInfo,
    counts: dict[int, int],
    reasons: dict[int, str],
    notes: dict[int, str],
) -> dict[str, object]:
    node = info.node
    assert node.rule is not None and submission.id is not None
    return {
        "submission_id": submission.id,
        "code": node.code,
        "name": node.name,
        "area_code": info.area_code,
        "area_name": info.area_name,
        "indicator_code": info.indicator_code,
        "indicator_name": info.indicator_name,
        "rule_kind": node.rule.kind,
        "allowed_values": node.rule.allowed_values(),
        "level_names": node.rule.level_names(),
        "maximum": node.rule.maximum,
        "status": submission.status,
        "status_label": status_label(submission.status),
        "self_value": submission.self_value,
        "external_value": submission.external_value,
        "verified_value": submission.verified_value,
        "verified_external_value": submission.verified_external_value,
        "note": submission.note,
        "return_reason": None if submission.status in DONE_STATUSES else reasons.get(submission.id),
        "review_note": notes.get(submission.id) if submission.status == SubmissionStatus.verified else None,
        "evidence_count": counts.get(submission.id, 0),
        "updated_at": as_utc(submission.updated_at),
        "tags": list(node.tags),
        "version": submission.version,
        "_order": info.order,
    }


def _submissions_for(
    session: Session, period_id: int, organisation_id: int, codes: set[str]
) -> list[Submission]:
    """The OPD's submissions for its assigned codes, creating empty rows an assignment has no row for yet."""
    query = select(Submission).where(
        Submission.period_id == period_id, Submission.organisation_id == organisation_id
    )
    existing = {s.code: s for s in session.exec(query).all()}
    missing = sorted(codes - set(existing))
    if missing:
        ensure_submissions(session, period_id, [(organisation_id, code) for code in missing])
        existing = {s.code: s for s in session.exec(query).all()}
    return [existing[code] for code in codes if code in existing]


def ensure_submissions(session: Session, period_id: int, pairs: list[tuple[int, str]]) -> int:
    """Add empty Submission rows for (OPD, code) pairs; a row another request just created is fine."""
    created = 0
    for organisation_id, code in pairs:
        try:
            with session.begin_nested():
                session.add(
                    Submission(
                        period_id=period_id,
                        organisation_id=organisation_id,
                        code=code,
                        status=SubmissionStatus.empty,
                        updated_at=utcnow(),
                    )
                )
            created += 1
        except IntegrityError:
            pass
    return created


def evidence_counts(session: Session, submission_ids: list[int]) -> dict[int, int]:
    """Attached (not detached) evidence per submission."""
    if not submission_ids:
        return {}
    rows = session.exec(
        select(EvidenceLink.submission_id, func.count())
        .where(col(EvidenceLink.submission_id).in_(submission_ids), col(EvidenceLink.detached_at).is_(None))
        .group_by(col(EvidenceLink.submission_id))
    ).all()
    return {submission_id: int(count) for submission_id, count in rows}


def _latest_reviews(session: Session, submission_ids: list[int]) -> dict[int, Review]:
    if not submission_ids:
        return {}
    reviews = session.exec(
        select(Review).where(col(Review.submission_id).in_(submission_ids)).order_by(col(Review.id))
    ).all()
    return {review.submission_id: review for review in reviews}


def _open_reasons(latest: dict[int, Review]) -> dict[int, str]:
    """The reason of the latest review, when that review sent the item back (return or reopen).

    The checklist shows it only while the OPD has to act (returned, draft, reopened), not once resubmitted.
    """
    return {
        submission_id: review.reason
        for submission_id, review in latest.items()
        if review.decision in (Decision.return_, Decision.reopen) and review.reason
    }


def _approval_notes(latest: dict[int, Review]) -> dict[int, str]:
    """The reviewer's note of the latest review, when that review approved the item (shown to the OPD)."""
    return {
        submission_id: review.reason
        for submission_id, review in latest.items()
        if review.decision == Decision.approve and review.reason
    }


def item_detail(actor: Actor, *, submission_id: int) -> ItemDetail:
    require(actor, "item_detail")
    with session_scope() as session:
        submission, period = transitions.load_submission(session, actor, submission_id)
        deadlines.load_period(session, actor, period.id or 0)
        catalog = leaf_index.catalog_of_period(session, period)
        info = leaf_index.leaf_of(catalog, submission.code)
        node = info.node
        assert node.rule is not None
        organisation = session.get(Organisation, submission.organisation_id)
        reviews = _reviews(session, submission_id)
        ticked = [r.accepted_documents for r in reviews if r.accepted_documents is not None]
        external = session.exec(
            select(ExternalResult).where(
                ExternalResult.period_id == submission.period_id, ExternalResult.code == node.code
            )
        ).first()
        return ItemDetail(
            submission_id=submission_id,
            period_id=submission.period_id,
            organisation_id=submission.organisation_id,
            organisation=organisation.abbreviation if organisation else "",
            code=node.code,
            name=node.name,
            description=node.description,
            area_code=info.area_code,
            area_name=info.area_name,
            indicator_code=info.indicator_code,
            indicator_name=info.indicator_name,
            rule_kind=node.rule.kind,
            allowed_values=node.rule.allowed_values(),
            level_names=node.rule.level_names(),
            maximum=node.rule.maximum,
            evidence_requirements=list(node.evidence),
            tags=list(node.tags),
            status=submission.status,
            status_label=status_label(submission.status),
            self_value=submission.self_value,
            verified_value=submission.verified_value,
            note=submission.note,
            version=submission.version,
            submitted_at=as_utc(submission.submitted_at),
            updated_at=as_utc(submission.updated_at),
            deadline=deadlines.effective_deadline(session, period, submission.organisation_id),
            evidence=linked_evidence(session, submission_id),
            reviews=reviews,
            actions=_actions_for(actor, submission.status, period.state),
            accepted_documents=ticked[-1] if ticked else None,
            external_value=submission.external_value,
            verified_external_value=submission.verified_external_value,
            external_result_value=external.value if external is not None else None,
            external_result_note=(external.note or None) if external is not None else None,
        )


def linked_evidence(session: Session, submission_id: int) -> list[LinkedEvidence]:
    rows = session.exec(
        select(EvidenceLink, Evidence, User.full_name)
        .join(Evidence, col(Evidence.id) == col(EvidenceLink.evidence_id))
        .join(User, col(User.id) == col(Evidence.uploaded_by_id), isouter=True)
        .where(EvidenceLink.submission_id == submission_id, col(EvidenceLink.detached_at).is_(None))
        .order_by(col(EvidenceLink.id))
    ).all()
    return [
        LinkedEvidence(
            link_id=link.id or 0,
            evidence_id=evidence.id or 0,
            display_name=evidence.display_name,
            media_type=evidence.media_type,
            size=evidence.size,
            sha256=evidence.sha256,
            uploaded_at=as_utc(evidence.uploaded_at),
            uploaded_by=uploader,
            document_date=evidence.document_date,
            linked_at=as_utc(link.linked_at),
            document_code=link.document_code,
        )
        for link, evidence, uploader in rows
    ]


def _reviews(session: Session, submission_id: int) -> list[ReviewEntry]:
    rows = session.exec(
        select(Review, User.full_name)
        .join(User, col(User.id) == col(Review.reviewer_id))
        .where(Review.submission_id == submission_id)
        .order_by(col(Review.id))
    ).all()
    return [
        ReviewEntry(
            decision=review.decision,
            verified_value=review.verified_value,
            reason=review.reason,
            reviewer=reviewer,
            decided_at=as_utc(review.decided_at),
            evidence_hashes=list(review.evidence_hashes or []),
            accepted_documents=None if review.accepted_documents is None else list(review.accepted_documents),
        )
        for review, reviewer in rows
    ]


# A move on an item → the permission it needs (``services.permissions.PERMISSIONS``); carry-forward is no button.
_PERMISSION_OF_MOVE = {
    "save": "save_draft",
    "submit": "submit",
    "approve": "approve",
    "return": "return",
    "reopen": "reopen",
}


def _actions_for(actor: Actor, status: str, period_state: str) -> list[str]:
    """The item's buttons: moves allowed from ``status`` in this period state that the actor's role may make."""
    return [
        move
        for move in transitions.allowed_actions(status)
        if period_state in transitions.ACTIONS[move].period_states
        and (permission := _PERMISSION_OF_MOVE.get(move)) is not None
        and allowed(actor.role, permission)
    ]
