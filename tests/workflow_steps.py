"""Steps of the verification workflow the workflow tests share: bring an item to a status through the services,
expect a refusal that changes nothing, read an item's audit trail or checklist row."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest
from factories import World, attach_evidence, submission_id, table_rows
from sqlmodel import col, select

from i18n import LenteraError
from models.database import session_scope
from models.tables import AuditEvent, Submission
from services import submissions, verification
from services.actor import Actor

SUBMISSION_ACTIONS = (
    "submission.save",
    "submission.submit",
    "review.approve",
    "review.return",
    "review.reopen",
)


def audit_actions(entity_id: int) -> list[str]:
    with session_scope() as session:
        rows = session.exec(
            select(AuditEvent.action)
            .where(AuditEvent.entity == "submission", AuditEvent.entity_id == str(entity_id))
            .where(col(AuditEvent.action).in_(SUBMISSION_ACTIONS))
            .order_by(col(AuditEvent.id))
        ).all()
    return list(rows)


def last_event(entity_id: int) -> AuditEvent:
    """The latest audit event of a submission (its before and after snapshots)."""
    with session_scope() as session:
        event = session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity == "submission", AuditEvent.entity_id == str(entity_id))
            .order_by(col(AuditEvent.id).desc())
        ).first()
    assert event is not None and event.before is not None and event.after is not None
    return event


def row_of(frame: pd.DataFrame, sid: int) -> pd.Series:
    return frame.loc[frame["submission_id"] == sid].iloc[0]


def refused(key: str, call: Callable[[], object]) -> LenteraError:
    """Run ``call``, expect the LenteraError ``key``, and check it changed no row anywhere."""
    before = table_rows()
    with pytest.raises(LenteraError) as caught:
        call()
    assert caught.value.key == key, caught.value.message("en")
    assert table_rows() == before
    return caught.value


def drafted(
    world: World, code: str, *, value: float, organisation_id: int | None = None, focal: Actor | None = None
) -> int:
    focal = focal or world.focal_a
    item = submission_id(world, organisation_id=organisation_id or world.opd_a, code=code)
    submissions.save_draft(focal, submission_id=item, self_value=value, note=None)
    attach_evidence(focal, submission_id=item)
    return item


def submitted(
    world: World, code: str, *, value: float, organisation_id: int | None = None, focal: Actor | None = None
) -> int:
    focal = focal or world.focal_a
    item = drafted(world, code, value=value, organisation_id=organisation_id, focal=focal)
    submissions.submit(focal, submission_id=item)
    return item


def with_status(world: World, code: str, status: str) -> int:
    """An OPD A item brought to ``status`` through the services themselves."""
    item = submission_id(world, organisation_id=world.opd_a, code=code)
    if status == "empty":
        return item
    if status == "draft":
        return drafted(world, code, value=3)
    submitted(world, code, value=3)
    if status == "returned":
        verification.return_item(world.inspector, submission_id=item, reason="kurang")
    elif status in ("verified", "reopened"):
        verification.approve(world.inspector, submission_id=item, verified_value=3)
        if status == "reopened":
            verification.reopen(world.inspector, submission_id=item, reason="ulang")
    with session_scope() as session:
        row = session.get(Submission, item)
        assert row is not None and row.status == status
    return item
