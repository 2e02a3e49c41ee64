"""The submission state machine: one table of actions, and the one function every status change runs through.

``ACTIONS`` says, per action, which status it leads to from which, in which period states it may run, and the
audit event it leaves; the services only ask it. Keeping it in one place is what lets the permission tests, the
UI's buttons and the error messages agree. ``transition`` runs the seven steps of every change (load → period
state → version check → next status → snapshot → write → audit) for saving, submitting, the three reviews, the
offline upload and carry-forward; each caller only adds what its action checks and writes besides the status.

Concurrent edits are caught with optimistic concurrency: every change is an ``UPDATE ... WHERE version = n``
that bumps the version, so two people saving the same item never silently overwrite each other, whether they
share a process or sit on two replicas in front of PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from i18n import LenteraError, Phrase, register
from models.tables import Assignment, AuditEvent, Period, Submission, utcnow
from services.actor import Actor
from services.audit import record
from services.deadlines import require_period_state, require_started
from services.permissions import require_organisation
from vocabulary import PeriodState, SubmissionStatus

register(
    {
        "workflow.action.save": {"id": "menyimpan draf", "en": "save a draft"},
        "workflow.action.submit": {"id": "mengajukan", "en": "submit"},
        "workflow.action.approve": {"id": "menyetujui", "en": "approve"},
        "workflow.action.return": {"id": "mengembalikan", "en": "return"},
        "workflow.action.reopen": {"id": "membuka kembali", "en": "reopen"},
        "workflow.action.carry_forward": {
            "id": "membawa nilai periode lalu",
            "en": "carry last period's value",
        },
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
        "workflow.not_assigned": {
            "id": "Butir {code} tidak lagi ditugaskan ke OPD ini; tidak dapat diubah.",
            "en": "Item {code} is no longer assigned to this OPD; it cannot be changed.",
        },
    }
)

S = SubmissionStatus
_OPEN = (PeriodState.open,)
_OPEN_OR_LOCKED = (PeriodState.open, PeriodState.locked)
_TO_DRAFT = {S.empty: S.draft, S.draft: S.draft, S.returned: S.draft, S.reopened: S.draft}


@dataclass(frozen=True)
class Action:
    """One action on a submission: its moves (current status → next), when it may run, the event it leaves."""

    moves: Mapping[SubmissionStatus, SubmissionStatus]
    period_states: tuple[PeriodState, ...]
    event: str
    """The audit event's action name."""
    after_opening: bool = False
    """Refused before the period opens (saving is; carry-forward prepares a period before it opens)."""
    assigned_only: bool = False
    """Refused on an item unassigned from its OPD (hidden, its row kept only for the history)."""


ACTIONS: Mapping[str, Action] = {
    # focal point
    "save": Action(_TO_DRAFT, _OPEN, "submission.save", after_opening=True, assigned_only=True),
    "submit": Action(
        {S.draft: S.submitted, S.reopened: S.submitted}, _OPEN, "submission.submit", assigned_only=True
    ),
    # inspector or admin
    "approve": Action({S.submitted: S.verified}, _OPEN_OR_LOCKED, "review.approve"),
    "return": Action({S.submitted: S.returned}, _OPEN_OR_LOCKED, "review.return"),
    "reopen": Action({S.verified: S.reopened}, _OPEN_OR_LOCKED, "review.reopen"),
    # admin, copying last period's self value as a draft wherever saving could
    "carry_forward": Action(_TO_DRAFT, _OPEN, "submission.carry_forward"),
}
"""Every action a submission knows. Anything not listed is refused."""

TRANSITIONS: Mapping[tuple[str, str], SubmissionStatus] = {
    (source, name): target for name, action in ACTIONS.items() for source, target in action.moves.items()
}
"""(current status, action) → next status: ``ACTIONS`` read the other way round."""


def next_status(current: str, action: str) -> SubmissionStatus:
    """The status after ``action``, or a translated refusal naming the current status in words."""
    target = TRANSITIONS.get((current, action))
    if target is None:
        raise LenteraError(
            "workflow.illegal_transition",
            status=Phrase.of(f"status.{current}"),
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


def require_assigned(session: Session, submission: Submission) -> None:
    """An item unassigned from its OPD is hidden and read-only; its row only stays for the history."""
    assigned = session.exec(
        select(Assignment.id).where(
            Assignment.period_id == submission.period_id,
            Assignment.organisation_id == submission.organisation_id,
            Assignment.code == submission.code,
        )
    ).first()
    if assigned is None:
        raise LenteraError("workflow.not_assigned", code=submission.code)


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
        "external_value": submission.external_value,
        "verified_value": submission.verified_value,
        "verified_external_value": submission.verified_external_value,
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


# -- the one status change --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """What an action writes besides the status, and what its audit event records besides the snapshot."""

    values: Mapping[str, Any] = field(default_factory=dict)
    audit: Mapping[str, Any] = field(default_factory=dict)


_NOTHING_ELSE = Change()

Prepare = Callable[[Submission, Period], Change]
"""An action's own checks (value, evidence, deadline, ...) on the loaded row, returning what it writes."""


def transition(
    session: Session,
    actor: Actor,
    name: str,
    *,
    submission: int | Submission,
    expected_version: int | None = None,
    change: Change | Prepare = _NOTHING_ELSE,
) -> int:
    """Run one status change in the caller's transaction; returns the submission's new version.

    The steps, in this order (so a refusal names the first thing wrong): load the item in the actor's scope
    (``submission`` is an id, or a row a batch already loaded and scoped), the period's state (and opening),
    the version the caller read, the next status from ``ACTIONS``, the action's own checks (``change``, called
    with the row and its period), then the snapshot, the guarded write and the audit event.
    """
    action = ACTIONS[name]
    if isinstance(submission, Submission):
        row, period = submission, _period_of(session, submission)
    else:
        row, period = load_submission(session, actor, submission)
    if action.assigned_only:
        require_assigned(session, row)
    require_period_state(period, *action.period_states)
    if action.after_opening:
        require_started(period)
    check_version(session, row, expected_version)
    target = next_status(row.status, name)
    planned = change(row, period) if callable(change) else change
    before = snapshot(row)
    after = write_submission(session, row, status=target, **planned.values)
    record(
        session,
        actor=actor,
        action=action.event,
        entity="submission",
        entity_id=row.id,
        before=before,
        after={**after, **planned.audit},
    )
    return row.version


def _period_of(session: Session, submission: Submission) -> Period:
    period = session.get(Period, submission.period_id)  # the batch's period: already in the session
    if period is None:
        raise LenteraError("perm.not_found")
    return period
