"""The submission state machine: which status an action leads to, and the one guarded write of a change.

One table of legal moves (``TRANSITIONS``) decides what may happen to a submission; the services only ask it.
Keeping it in one place is what lets the permission tests, the UI's buttons and the error messages agree.

Concurrent edits are caught with optimistic concurrency: every change is an ``UPDATE ... WHERE version = n``
that bumps the version, so two people saving the same item never silently overwrite each other, whether they
share a process or sit on two replicas in front of PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from i18n import LenteraError, Phrase, register, t
from models.tables import AuditEvent, Period, Submission, SubmissionStatus, utcnow
from services.actor import Actor
from services.permissions import require_organisation

register(
    {
        "workflow.status.empty": {"id": "belum diisi", "en": "not started"},
        "workflow.status.draft": {"id": "draf", "en": "draft"},
        "workflow.status.submitted": {"id": "diajukan", "en": "submitted"},
        "workflow.status.verified": {"id": "terverifikasi", "en": "verified"},
        "workflow.status.returned": {"id": "dikembalikan", "en": "returned"},
        "workflow.status.reopened": {"id": "dibuka kembali", "en": "reopened"},
        "workflow.action.save": {"id": "menyimpan draf", "en": "save a draft"},
        "workflow.action.submit": {"id": "mengajukan", "en": "submit"},
        "workflow.action.approve": {"id": "menyetujui", "en": "approve"},
        "workflow.action.return": {"id": "mengembalikan", "en": "return"},
        "workflow.action.reopen": {"id": "membuka kembali", "en": "reopen"},
        "workflow.illegal_transition": {
            "id": "Tidak dapat {action}: butir ini berstatus {status}.",
            "en": "Cannot {action}: this item is {status}.",
        },
        "workflow.stale": {
            "id": "Butir ini baru saja diubah oleh {who}. Muat ulang halaman lalu periksa perubahannya "
            "sebelum menyimpan lagi.",
            "en": "This item was just changed by {who}. Reload the page and check the change before saving "
            "again.",
        },
        "workflow.someone_else": {"id": "pengguna lain", "en": "someone else"},
    }
)

S = SubmissionStatus

TRANSITIONS: Mapping[tuple[str, str], SubmissionStatus] = {
    # focal point
    (S.empty, "save"): S.draft,
    (S.draft, "save"): S.draft,
    (S.returned, "save"): S.draft,
    (S.reopened, "save"): S.draft,
    (S.draft, "submit"): S.submitted,
    (S.reopened, "submit"): S.submitted,
    # inspector or admin
    (S.submitted, "approve"): S.verified,
    (S.submitted, "return"): S.returned,
    (S.verified, "reopen"): S.reopened,
}
"""(current status, action) → next status. Anything not listed is refused."""


def status_label(status: str, lang: str | None = None) -> str:
    return t(f"workflow.status.{status}", lang)


def next_status(current: str, action: str) -> SubmissionStatus:
    """The status after ``action``, or a translated refusal naming the current status in words."""
    target = TRANSITIONS.get((current, action))
    if target is None:
        raise LenteraError(
            "workflow.illegal_transition",
            status=Phrase.of(f"workflow.status.{current}"),
            action=Phrase.of(f"workflow.action.{action}"),
        )
    return target


def allowed_actions(status: str) -> list[str]:
    return [action for (source, action) in TRANSITIONS if source == status]


# -- loading and writing submissions ----------------------------------------------------------------------


def load_submission(session: Session, actor: Actor, submission_id: int) -> tuple[Submission, Period]:
    """The submission and its period, if the actor may see the OPD it belongs to."""
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise LenteraError("perm.not_found")
    require_organisation(session, actor, submission.organisation_id)
    period = session.get(Period, submission.period_id)
    if period is None:
        raise LenteraError("perm.not_found")
    return submission, period


def check_version(session: Session, submission: Submission, expected_version: int | None) -> None:
    """Refuse a write based on an older read of the item, naming who changed it since when we know."""
    if expected_version is not None and expected_version != submission.version:
        raise LenteraError("workflow.stale", who=_last_editor(session, submission))


def _last_editor(session: Session, submission: Submission) -> str | Phrase:
    username = session.exec(
        select(AuditEvent.actor_username)
        .where(AuditEvent.entity == "submission", AuditEvent.entity_id == str(submission.id))
        .order_by(col(AuditEvent.id).desc())
        .limit(1)
    ).first()
    return username or Phrase.of("workflow.someone_else")


def snapshot(submission: Submission) -> dict[str, Any]:
    """The fields an audit event records before and after a change."""
    return {
        "status": submission.status,
        "self_value": submission.self_value,
        "verified_value": submission.verified_value,
        "note": submission.note,
        "version": submission.version,
    }


def write_submission(session: Session, submission: Submission, **values: Any) -> dict[str, Any]:
    """Apply ``values`` only if nobody changed the row since it was read; bump the version.

    Returns the snapshot after the change. The conditional UPDATE is the real guard: a concurrent writer that
    got in first makes the row count 0 and this write is refused rather than lost.
    """
    read_version = submission.version
    values = {**values, "version": read_version + 1, "updated_at": utcnow()}
    result = session.execute(
        update(Submission)
        .where(col(Submission.id) == submission.id, col(Submission.version) == read_version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 1) != 1:
        raise LenteraError("workflow.stale", who=Phrase.of("workflow.someone_else"))
    for key, value in values.items():
        set_committed_value(submission, key, value)  # already in the row; not a second UPDATE
    return snapshot(submission)
