"""The registers a report lists beside its scores: items, evidence and reviews of a period's OPDs.

Read with one bulk query each per export rather than per item; ``services.report_data`` calls ``registers``
inside its own session, after the scope and permission checks.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from models.tables import Assignment, Evidence, EvidenceLink, Review, Role, Submission, User, as_utc
from reports.data import EVIDENCE_COLUMNS, EXTERNAL_BESIDE, ITEM_COLUMNS, REVIEW_COLUMNS
from services.actor import Actor


def _items(session: Session, period_id: int, organisation_ids: list[int]) -> pd.DataFrame:
    """Assigned items (an assignment without a submission is ``empty``), as the scoring input sees them."""
    rows = session.execute(
        sa_select(
            col(Assignment.organisation_id),
            col(Assignment.code),
            col(Submission.id),
            col(Submission.self_value),
            col(Submission.external_value),
            col(Submission.verified_value),
            col(Submission.verified_external_value),
            col(Submission.status),
            col(Submission.note),
            col(Submission.submitted_at),
        )
        .outerjoin(
            Submission,
            (col(Submission.period_id) == col(Assignment.period_id))
            & (col(Submission.organisation_id) == col(Assignment.organisation_id))
            & (col(Submission.code) == col(Assignment.code)),
        )
        .where(col(Assignment.period_id) == period_id, col(Assignment.organisation_id).in_(organisation_ids))
        .order_by(col(Assignment.organisation_id), col(Assignment.id))
    ).all()
    frame = pd.DataFrame(
        rows,
        columns=["organisation_id", "code", "submission_id", "self_value", "external_value", "verified_value",
                 "verified_external_value", "status", "note", "submitted_at"],
    )  # fmt: skip
    frame["status"] = frame["status"].fillna("empty")
    for column in ("self_value", "external_value", "verified_value", "verified_external_value"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    # The dashboard counts a verified value only while the item is verified; the report says the same.
    frame.loc[frame["status"] != "verified", ["verified_value", "verified_external_value"]] = float("nan")
    frame["note"] = frame["note"].fillna("")
    frame["submitted_at"] = frame["submitted_at"].map(as_utc)
    return frame


def _reviews(session: Session, period_id: int, organisation_ids: list[int]) -> pd.DataFrame:
    rows = session.execute(
        sa_select(
            col(Review.id),
            col(Review.submission_id),
            col(Submission.organisation_id),
            col(Submission.code),
            col(Review.decision),
            col(Review.verified_value),
            col(Review.reason),
            col(User.full_name),
            col(Review.decided_at),
        )
        .join(Submission, col(Submission.id) == col(Review.submission_id))
        .outerjoin(User, col(User.id) == col(Review.reviewer_id))
        .where(col(Submission.period_id) == period_id, col(Submission.organisation_id).in_(organisation_ids))
        .order_by(col(Review.id))
    ).all()
    frame = pd.DataFrame(
        rows,
        columns=["review_id", "submission_id", "organisation_id", "code", "decision", "verified_value",
                 "reason", "reviewer", "decided_at"],
    )  # fmt: skip
    frame["reason"] = frame["reason"].fillna("")
    frame["verified_value"] = pd.to_numeric(frame["verified_value"], errors="coerce").astype(float)
    frame["decided_at"] = frame["decided_at"].map(as_utc)
    return frame


def _evidence(session: Session, actor: Actor, period_id: int, organisation_ids: list[int]) -> pd.DataFrame:
    """Files attached (not detached) to the scope's items: one row per file × OPD, with the codes it supports."""
    query = (
        sa_select(
            col(Evidence.id),
            col(Evidence.sha256),
            col(Evidence.display_name),
            col(Evidence.size),
            col(Evidence.media_type),
            col(User.full_name),
            col(Evidence.uploaded_at),
            col(Evidence.document_date),
            col(Submission.organisation_id),
            col(Submission.code),
            col(Evidence.organisation_id),
        )
        .join(EvidenceLink, col(EvidenceLink.evidence_id) == col(Evidence.id))
        .join(Submission, col(Submission.id) == col(EvidenceLink.submission_id))
        .outerjoin(User, col(User.id) == col(Evidence.uploaded_by_id))
        .where(
            col(Submission.period_id) == period_id,
            col(Submission.organisation_id).in_(organisation_ids),
            col(EvidenceLink.detached_at).is_(None),
        )
        .order_by(col(Evidence.id), col(Submission.code))
    )
    rows = session.execute(query).all()
    frame = pd.DataFrame(
        rows,
        columns=["evidence_id", "sha256", "display_name", "size", "media_type", "uploaded_by", "uploaded_at",
                 "document_date", "organisation_id", "code", "owner_id"],
    )  # fmt: skip
    # What ``services.evidence.evidence_file`` lets this actor open: the file's OPD must be in scope too.
    visible = frame["owner_id"].isin(organisation_ids)
    if actor.role != Role.focal_point:
        visible |= frame["owner_id"].isna()
    frame = frame.loc[visible]
    if frame.empty:
        return pd.DataFrame(columns=[*EVIDENCE_COLUMNS, "evidence_id", "organisation_id"])
    grouped = frame.groupby(["evidence_id", "organisation_id"], sort=False, as_index=False).agg(
        sha256=("sha256", "first"),
        display_name=("display_name", "first"),
        size=("size", "first"),
        media_type=("media_type", "first"),
        uploaded_by=("uploaded_by", "first"),
        uploaded_at=("uploaded_at", "first"),
        document_date=("document_date", "first"),
        item_codes=("code", lambda codes: ",".join(dict.fromkeys(str(c) for c in codes))),
    )
    grouped["uploaded_at"] = grouped["uploaded_at"].map(as_utc)
    grouped["uploaded_by"] = grouped["uploaded_by"].fillna("")
    return grouped


def registers(
    session: Session, actor: Actor, period_id: int, organisation_ids: list[int], entity_of: dict[int, str]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(items, evidence, reviews) in the report's columns."""
    items = _items(session, period_id, organisation_ids)
    reviews = _reviews(session, period_id, organisation_ids)
    evidence = _evidence(session, actor, period_id, organisation_ids)
    latest = reviews.drop_duplicates("submission_id", keep="last").set_index("submission_id")
    # object dtype: with no reviews the mapped column is all-NaN float64, which a str must not fill (pandas 4)
    items["reason"] = items["submission_id"].map(latest["reason"]).astype(object).fillna("")
    items["reviewer"] = items["submission_id"].map(latest["reviewer"])
    items["verified_at"] = items["submission_id"].map(latest["decided_at"])
    items["entity"] = items["organisation_id"].map(entity_of)
    reviews["entity"] = reviews["organisation_id"].map(entity_of)
    evidence["entity"] = evidence["organisation_id"].map(entity_of)
    return (
        items[[*ITEM_COLUMNS, *EXTERNAL_BESIDE.values(), "submission_id"]].reset_index(drop=True),
        evidence[[*EVIDENCE_COLUMNS, "evidence_id"]].reset_index(drop=True),
        reviews[REVIEW_COLUMNS].reset_index(drop=True),
    )
