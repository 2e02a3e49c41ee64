"""The focal point's writes: saving a draft (self value and note) and submitting an item to the reviu.

A focal point only ever writes for their own OPD (``services.permissions``). Every write is one status change
through ``services.transitions.transition`` (an optimistic-concurrency UPDATE plus one audit event, in one
transaction). What the focal point reads (the checklist, an item's detail) is ``services.submission_views``.
"""

from __future__ import annotations

from sqlmodel import Session

from i18n import LenteraError
from models.database import session_scope
from models.tables import (
    Period,
    Submission,
    utcnow,
)
from services import deadlines, leaf_index, transitions, workflow
from services.actor import Actor
from services.evidence_tags import tags_by_submission
from services.permissions import require
from services.submission_views import evidence_counts


def save_draft(
    actor: Actor,
    *,
    submission_id: int,
    self_value: float | None,
    note: str | None,
    expected_version: int | None = None,
    external_value: float | None = None,
) -> int:
    """Store the focal point's self value (checked against the leaf's rule) and note; returns the new version.

    ``self_value=None`` clears the value. Saving is allowed after the deadline (only submitting is not). For an
    external-index leaf, ``external_value`` is the index value typed: it is stored, and its converted level is
    the self value (``self_value`` may be left None, or must be that level).
    """
    require(actor, "save_draft")
    with session_scope() as session:
        return _save(session, actor, submission_id, self_value, note, expected_version, external_value)


def submit(actor: Actor, *, submission_id: int, expected_version: int | None = None) -> int:
    """Send the item to the inspectors: needs a self value, attached evidence (for a cumulative level, a tagged
    file for every level up to it), and time left; returns the new version."""
    require(actor, "submit")
    with session_scope() as session:
        return _submit(session, actor, submission_id, expected_version)


def save_and_submit(
    actor: Actor,
    *,
    submission_id: int,
    self_value: float | None,
    note: str | None,
    expected_version: int | None = None,
    external_value: float | None = None,
) -> int:
    """Save and submit in one transaction: a refused submit (deadline, no evidence) leaves the item untouched."""
    require(actor, "save_and_submit")
    with session_scope() as session:
        _save(session, actor, submission_id, self_value, note, expected_version, external_value)
        return _submit(session, actor, submission_id, None)


def _save(
    session: Session,
    actor: Actor,
    submission_id: int,
    self_value: float | None,
    note: str | None,
    expected_version: int | None,
    external_value: float | None = None,
) -> int:
    def checked(submission: Submission, period: Period) -> transitions.Change:
        node = leaf_index.leaf_of(leaf_index.catalog_of_period(session, period), submission.code).node
        value, external = workflow.check_answer(node, self_value, external_value)
        cleaned = workflow.clean_text(note, limit=workflow.NOTE_LIMIT, key="workflow.note_too_long")
        return transitions.Change(values={"self_value": value, "external_value": external, "note": cleaned})

    return transitions.transition(
        session, actor, "save", submission=submission_id, expected_version=expected_version, change=checked
    )


def _submit(session: Session, actor: Actor, submission_id: int, expected_version: int | None) -> int:
    def checked(submission: Submission, period: Period) -> transitions.Change:
        deadlines.require_before_deadline(session, period, submission.organisation_id)
        if submission.self_value is None:
            raise LenteraError("workflow.value_required")
        node = leaf_index.leaf_of(leaf_index.catalog_of_period(session, period), submission.code).node
        workflow.check_value(node, submission.self_value)
        if not evidence_counts(session, [submission_id]).get(submission_id):
            raise LenteraError("workflow.evidence_required")
        tagged = tags_by_submission(session, [submission_id]).get(submission_id, [])
        workflow.check_level_evidence(node, submission.self_value, tagged)
        return transitions.Change(values={"submitted_at": utcnow(), "submitted_by_id": actor.id})

    return transitions.transition(
        session, actor, "submit", submission=submission_id, expected_version=expected_version, change=checked
    )
