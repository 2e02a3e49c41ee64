"""What is due, per role: the focal point's week, the inspector's queue by age, the admin's laggards, the
leader's progress against the deadline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from factories import World, attach_evidence, build_world, make_period, submission_id, wit
from sqlalchemy import update
from sqlmodel import col

from i18n import LenteraError, to_wit
from models.database import session_scope
from models.tables import Submission, utcnow
from services import due, submissions, verification
from services.due import due_panel


@pytest.fixture
def world(db_url: str) -> World:
    world = build_world(with_period=False)
    world.period_id = make_period(world, submission_deadline=to_wit(utcnow() + timedelta(days=3))).id
    return world


def submit(world: World, code: str, *, days_ago: int) -> int:
    sid = submission_id(world, organisation_id=world.opd_a, code=code)
    submissions.save_draft(world.focal_a, submission_id=sid, self_value=3, note=None)
    attach_evidence(world.focal_a, submission_id=sid, filename=f"bukti-{code}.pdf")
    submissions.submit(world.focal_a, submission_id=sid)
    with session_scope() as session:
        session.execute(
            update(Submission)
            .where(col(Submission.id) == sid)
            .values(submitted_at=utcnow() - timedelta(days=days_ago, hours=1))
        )
    return sid


def test_focal_point_sees_items_due_this_week_and_returned_items(world: World) -> None:
    returned = submit(world, "1", days_ago=0)
    verification.return_item(
        world.inspector, submission_id=returned, reason="Lampirkan SK yang ditandatangani"
    )
    panel = due_panel(world.focal_a, period_id=world.period_id)
    assert panel.days_left in (2, 3, 4)
    assert returned in set(panel.due_this_week["submission_id"])
    assert set(panel.due_this_week["opd"]) == {"Diskominfosan"}  # never another OPD's items
    assert list(panel.returned["submission_id"]) == [returned]
    assert panel.returned["reason"].iloc[0] == "Lampirkan SK yang ditandatangani"
    assert any("belum diajukan" in line for line in panel.lines)
    assert any("dikembalikan" in line for line in panel.lines)

    # a week earlier the deadline was not yet this week: only the returned item is news
    earlier = due_panel(world.focal_a, period_id=world.period_id, today=panel.today - timedelta(days=7))
    assert earlier.due_this_week.empty and len(earlier.lines) == 1


def test_inspector_sees_queue_size_and_age_buckets_oldest_first(world: World) -> None:
    for code, days in (("1", 1), ("2", 5), ("3", 10), ("4", 20), ("5", 30)):
        submit(world, code, days_ago=days)
    panel = due_panel(world.inspector, period_id=world.period_id)
    assert panel.queue_size == 5
    assert list(panel.age_buckets["bucket"]) == ["over_14", "8_14", "3_7", "0_2"]
    assert list(panel.age_buckets["count"]) == [2, 1, 1, 1]
    assert list(panel.oldest["code"]) == ["5", "4", "3", "2", "1"]
    assert "30 hari" in panel.lines[0]

    with pytest.raises(LenteraError) as caught:
        due_panel(world.inspector_kab, period_id=world.period_id)
    assert caught.value.key == "perm.out_of_region"


def test_admin_sees_opds_with_most_missing_items(world: World) -> None:
    submit(world, "1", days_ago=0)
    panel = due_panel(world.admin, period_id=world.period_id)
    frame = panel.missing_by_opd.set_index("opd")
    assert list(panel.missing_by_opd["opd"]) == ["Diskominfosan", "BKD"]
    missing, assigned = frame["missing"], frame["assigned"]
    assert missing["Diskominfosan"] == assigned["Diskominfosan"] - 1
    assert missing["BKD"] == assigned["BKD"] == 2
    assert panel.lines[0].startswith("Diskominfosan:")


def test_leader_sees_progress_against_the_deadline(world: World) -> None:
    submit(world, "1", days_ago=0)
    panel = due_panel(world.leader, period_id=world.period_id)
    progress = panel.progress
    assert progress["done"] == 1 and progress["total"] > 30
    assert progress["time_share"] > 0.9 and not progress["on_track"]
    assert "Tertinggal" in panel.lines[0]


def test_the_focal_point_is_told_overdue_only_once_the_deadline_minute_is_over(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 23:59:30 WIT on the last day the box and the checklist still say "due"; at 00:00:00 "passed"."""
    from ui.focal import deadline_text  # the checklist's deadline line

    world = build_world(with_period=False)
    world.period_id = make_period(world, submission_deadline=wit(2026, 11, 30, 23, 59)).id
    deadline = wit(2026, 11, 30, 23, 59)
    for moment, overdue in ((deadline + timedelta(seconds=30), False), (wit(2026, 12, 1), True)):
        monkeypatch.setattr(due, "utcnow", lambda moment=moment: moment)
        panel = due_panel(world.focal_a, period_id=world.period_id)
        assert len(panel.lines) == 1
        assert ("sudah lewat (30 November 2026 23.59 WIT)" in panel.lines[0]) is overdue
        assert ("batas waktu 30 November 2026 23.59 WIT" in panel.lines[0]) is not overdue
        text, shown_overdue = deadline_text(deadline, now=moment)
        assert shown_overdue is overdue and "30 November 2026 23.59 WIT" in text
    # The daily e-mail knows only the date: overdue from the day after the deadline's day.
    assert (
        "belum diajukan; batas waktu"
        in due_panel(world.focal_a, period_id=world.period_id, today=deadline.date()).lines[0]
    )
    assert (
        "sudah lewat"
        in due_panel(
            world.focal_a, period_id=world.period_id, today=deadline.date() + timedelta(days=1)
        ).lines[0]
    )
