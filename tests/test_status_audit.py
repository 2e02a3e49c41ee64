"""The exact audit event every status change writes: action, entity, and the before/after snapshots.

Pinned before the seven hand-written status changes became one function, so the move is proven to keep the
audit trail a dispute is settled with: the same action names, the same snapshot keys, the same extras (a review's
reason and evidence hashes, an offline upload's source, a carried value's origin).
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from factories import PDF_BYTES, World, attach_evidence, build_world, make_period, submission_id
from sqlmodel import col, select

from models.database import session_scope
from models.tables import AuditEvent, Submission
from services import submissions, verification
from services.carry_forward import carry_forward
from services.offline import import_offline_sheet, offline_sheet

SNAPSHOT = (
    "status", "self_value", "external_value", "verified_value", "verified_external_value", "note", "version"
)  # fmt: skip


def events_after(last_id: int) -> list[AuditEvent]:
    with session_scope() as session:
        return list(
            session.exec(select(AuditEvent).where(col(AuditEvent.id) > last_id).order_by(col(AuditEvent.id)))
        )


def last_event_id() -> int:
    with session_scope() as session:
        ids = [i for i in session.exec(select(AuditEvent.id)).all() if i is not None]
    return max(ids, default=0)


def snap(
    status: str,
    self_value: float | None,
    verified: float | None,
    note: str | None,
    version: int,
    *,
    external_value: float | None = None,
    verified_external_value: float | None = None,
) -> dict:
    values = (status, self_value, external_value, verified, verified_external_value, note, version)
    return dict(zip(SNAPSHOT, values, strict=True))


def only(events: list[AuditEvent], action: str) -> AuditEvent:
    matching = [e for e in events if e.action == action]
    assert len(matching) == 1, [e.action for e in events]
    return matching[0]


@pytest.fixture
def world(db_url: str) -> World:
    return build_world()


def test_save_submit_approve_return_reopen_write_these_events(world: World) -> None:
    focal, inspector = world.focal_a, world.inspector
    item = submission_id(world, organisation_id=world.opd_a, code="1")
    mark = last_event_id()

    submissions.save_draft(focal, submission_id=item, self_value=3, note="SK 2025")
    attach_evidence(focal, submission_id=item, content=PDF_BYTES)
    submissions.submit(focal, submission_id=item)
    verification.return_item(inspector, submission_id=item, reason="Belum ditandatangani")
    submissions.save_draft(focal, submission_id=item, self_value=4, note=None)
    submissions.submit(focal, submission_id=item)
    verification.approve(inspector, submission_id=item, verified_value=4, note="sesuai")
    verification.reopen(world.admin, submission_id=item, reason="Bukti kedaluwarsa")

    events = [e for e in events_after(mark) if e.entity == "submission"]
    assert [e.action for e in events] == [
        "submission.save",
        "submission.submit",
        "review.return",
        "submission.save",
        "submission.submit",
        "review.approve",
        "review.reopen",
    ]
    assert {e.entity_id for e in events} == {str(item)}
    assert {e.actor_username for e in events[:2]} == {focal.username}
    assert [(e.before, e.after) for e in events[:2]] == [
        (snap("empty", None, None, None, 1), snap("draft", 3.0, None, "SK 2025", 2)),
        (snap("draft", 3.0, None, "SK 2025", 2), snap("submitted", 3.0, None, "SK 2025", 3)),
    ]
    hashes = events[2].after["evidence"] if events[2].after else None
    assert isinstance(hashes, str) and len(hashes) == 64
    assert (events[2].before, events[2].after) == (
        snap("submitted", 3.0, None, "SK 2025", 3),
        {**snap("returned", 3.0, None, "SK 2025", 4), "reason": "Belum ditandatangani", "evidence": hashes},
    )
    assert (events[3].before, events[3].after) == (
        snap("returned", 3.0, None, "SK 2025", 4),
        snap("draft", 4.0, None, None, 5),
    )
    assert (events[5].before, events[5].after) == (
        snap("submitted", 4.0, None, None, 6),
        {**snap("verified", 4.0, 4.0, None, 7), "reason": "sesuai", "evidence": hashes},
    )
    assert (events[6].actor_username, events[6].before, events[6].after) == (
        world.admin.username,
        snap("verified", 4.0, 4.0, None, 7),
        {**snap("reopened", 4.0, 4.0, None, 8), "reason": "Bukti kedaluwarsa", "evidence": hashes},
    )


def test_an_offline_upload_writes_one_save_event_per_changed_row_marked_offline(world: World) -> None:
    item = submission_id(world, organisation_id=world.opd_a, code="1")
    submissions.save_draft(world.focal_a, submission_id=item, self_value=2, note="lama")
    content = offline_sheet(world.focal_a, period_id=world.period_id, organisation_id=world.opd_a)
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["Isian"]
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if str(r[2].value) == "1")
    sheet.cell(row, 11).value = 5
    sheet.cell(row, 12).value = "baru"
    buffer = io.BytesIO()
    book.save(buffer)
    mark = last_event_id()

    import_offline_sheet(
        world.focal_a,
        period_id=world.period_id,
        organisation_id=world.opd_a,
        content=buffer.getvalue(),
        apply=True,
    )

    events = events_after(mark)
    assert [(e.action, e.entity, e.entity_id) for e in events] == [
        ("submission.save", "submission", str(item))
    ]
    assert (events[0].before, events[0].after) == (
        snap("draft", 2.0, None, "lama", 2),
        {**snap("draft", 5.0, None, "baru", 3), "source": "offline"},
    )


def test_carry_forward_writes_one_event_per_copied_value_and_one_for_the_period(world: World) -> None:
    old = submission_id(world, organisation_id=world.opd_a, code="4")
    submissions.save_draft(world.focal_a, submission_id=old, self_value=3, note="tetap")
    target = int(make_period(world, name="SPBE 2027").id)
    mark = last_event_id()

    carry_forward(world.admin, from_period_id=world.period_id, to_period_id=target, copy_values=True)

    events = events_after(mark)
    with session_scope() as session:
        new = session.exec(
            select(Submission).where(
                Submission.period_id == target,
                Submission.organisation_id == world.opd_a,
                Submission.code == "4",
            )
        ).one()
    copied = only(events, "submission.carry_forward")
    assert (copied.entity, copied.entity_id) == ("submission", str(new.id))
    assert (copied.before, copied.after) == (
        snap("empty", None, None, None, 1),
        {**snap("draft", 3.0, None, None, 2), "carried_from": old},
    )
    period = only(events, "period.carry_forward")
    assert (period.entity, period.entity_id, period.before) == ("period", str(target), None)
    assert period.after == {
        "from_period_id": world.period_id,
        "copy_values": True,
        "links_created": 0,
        "values_copied": 1,
    }
    assert {e.action for e in events} <= {
        "submission.carry_forward",
        "period.carry_forward",
        "evidence.linked",
    }
