"""Deadlines in WIT, on SQLite and PostgreSQL: a deadline lasts to the end of the minute it names, an extension
reopens it for one OPD only, naive times are refused, and a new period assigns items by the responsible OPD."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from factories import (
    World,
    build_world,
    make_period,
    wit,
)
from sqlmodel import select
from workflow_steps import drafted, refused

from models.database import session_scope
from models.tables import AuditEvent, Submission
from services import assignments, periods, submission_views, submissions, verification


def _due_30_november() -> World:
    """A world whose period opened 1 October 2026 and takes submissions until 30 November 2026 23:59 WIT."""
    world = build_world(with_period=False)
    world.period_id = make_period(
        world,
        opens_at=wit(2026, 10, 1, 8),
        submission_deadline=wit(2026, 11, 30, 23, 59),
        verification_deadline=wit(2026, 12, 10, 23, 59),
    ).id
    return world


def _extend_opd_a(world: World, until: datetime) -> None:
    periods.extend_deadline(
        world.admin,
        period_id=world.period_id,
        organisation_id=world.opd_a,
        until=until,
        reason="Server SIPD gangguan",
    )


def test_deadline_is_the_minute_stated_in_wit_and_an_extension_reopens_it_for_one_opd(
    db_url: str, clock: Callable[[datetime], None]
) -> None:
    world = _due_30_november()
    info = periods.get_period(world.admin, period_id=world.period_id)
    assert info.submission_deadline == datetime.fromisoformat("2026-11-30T14:59:00+00:00")  # stored UTC

    clock(wit(2026, 11, 30, 23, 58))
    on_time = drafted(world, "1", value=3)
    submissions.submit(world.focal_a, submission_id=on_time)

    late = drafted(world, "2", value=3)
    clock(wit(2026, 12, 1, 0, 0))
    error = refused("workflow.deadline_passed", lambda: submissions.submit(world.focal_a, submission_id=late))
    assert "30 November 2026 23.59 WIT" in error.message("id")
    late_b = drafted(world, "36", value=2, organisation_id=world.opd_b, focal=world.focal_b)
    refused("workflow.deadline_passed", lambda: submissions.submit(world.focal_b, submission_id=late_b))

    refused("period.extension_not_later", lambda: _extend_opd_a(world, wit(2026, 11, 30, 12)))
    _extend_opd_a(world, wit(2026, 12, 3, 17, 0))
    assert periods.get_period(world.admin, period_id=world.period_id).extensions == {
        world.opd_a: datetime.fromisoformat("2026-12-03T08:00:00+00:00")
    }
    submissions.submit(world.focal_a, submission_id=late)  # OPD A has its extension
    refused("workflow.deadline_passed", lambda: submissions.submit(world.focal_b, submission_id=late_b))

    clock(wit(2026, 12, 3, 17, 1))
    third = drafted(world, "3", value=1)
    error = refused(
        "workflow.deadline_passed", lambda: submissions.submit(world.focal_a, submission_id=third)
    )
    assert "3 December 2026 17:00 WIT" in error.message("en")

    # Verification goes on after the submission deadline; nothing changes once the period is closed.
    verification.approve(world.inspector, submission_id=on_time, verified_value=3)
    periods.set_state(world.admin, period_id=world.period_id, state="closed")
    refused("workflow.period_closed", lambda: verification.return_item(
        world.inspector, submission_id=late, reason="terlambat"))  # fmt: skip


def _status(item: int) -> str:
    with session_scope() as session:
        row = session.get(Submission, item)
        assert row is not None
        return row.status


def test_a_deadline_of_2359_wit_lasts_to_the_end_of_that_minute_also_when_extended(
    db_url: str, clock: Callable[[datetime], None]
) -> None:
    """23:59:30 WIT on the last day still submits; 00:00:00 the next day is refused, in both languages."""
    world = _due_30_november()
    half_a_minute = timedelta(seconds=30)

    on_time = drafted(world, "1", value=3)
    clock(wit(2026, 11, 30, 23, 59) + half_a_minute)
    submissions.submit(world.focal_a, submission_id=on_time)
    assert _status(on_time) == "submitted"

    late = drafted(world, "2", value=3)
    clock(wit(2026, 12, 1, 0, 0))
    error = refused("workflow.deadline_passed", lambda: submissions.submit(world.focal_a, submission_id=late))
    assert error.message("id") == (
        "Batas waktu pengajuan sudah lewat (30 November 2026 23.59 WIT). Minta perpanjangan kepada admin."
    )
    assert error.message("en") == (
        "The submission deadline has passed (30 November 2026 23:59 WIT). Ask an administrator for an extension."
    )

    # An extension that ends within the deadline's own minute would extend nothing.
    refused(
        "period.extension_not_later", lambda: _extend_opd_a(world, wit(2026, 11, 30, 23, 59) + half_a_minute)
    )
    _extend_opd_a(world, wit(2026, 12, 3, 23, 59))
    third = drafted(world, "3", value=1)
    clock(wit(2026, 12, 3, 23, 59) + half_a_minute)
    submissions.submit(world.focal_a, submission_id=late)
    assert _status(late) == "submitted"

    clock(wit(2026, 12, 4, 0, 0))
    error = refused(
        "workflow.deadline_passed", lambda: submissions.submit(world.focal_a, submission_id=third)
    )
    assert "(3 Desember 2026 23.59 WIT)" in error.message("id")
    assert "(3 December 2026 23:59 WIT)" in error.message("en")
    assert _status(third) == "draft"


def test_naive_deadlines_and_unknown_catalogs_are_refused(db_url: str) -> None:
    world = build_world(with_period=False)
    error = refused(
        "period.time_zone_required", lambda: make_period(world, submission_deadline=datetime(2026, 11, 30))
    )
    assert "submission_deadline" in error.message("en")
    refused("period.deadline_order", lambda: make_period(
        world, opens_at=wit(2026, 12, 1), submission_deadline=wit(2026, 11, 30)))  # fmt: skip
    refused("period.catalog_not_found", lambda: periods.create_period(
        world.admin, catalog_key="mcp-2031", region_id=world.province_id, name="X",
        opens_at=wit(2026, 1, 1), submission_deadline=wit(2026, 2, 1), verification_deadline=wit(2026, 3, 1)))  # fmt: skip


def test_create_period_assigns_by_responsible_opd_and_reports_the_rest(db_url: str) -> None:
    world = build_world()
    info = periods.get_period(world.leader, period_id=world.period_id)
    assert (info.leaf_count, info.assignment_count) == (47, 35)  # 33 Diskominfosan + 2 BKD leaves
    # Leaves whose responsible OPD (Bappeda, BPKAD, DPMPTSP, ...) the test province does not have:
    assert info.unassigned_codes == ["32", "33", "34", "35", "37", "38", "39", "40", "44", "45", "46", "47"]
    matrix = assignments.assignment_matrix(world.admin, period_id=world.period_id).set_index("opd")
    assert matrix.loc["BKD"].drop("organisation_id").astype(int).sum() == 2
    assert bool(matrix.loc["BKD", "36"]) and not bool(matrix.loc["Diskominfosan", "36"])

    assignments.set_assignment(
        world.admin, period_id=world.period_id, organisation_id=world.opd_b, code="32", assigned=True
    )
    checklist_b = submission_views.checklist(
        world.focal_b, period_id=world.period_id, organisation_id=world.opd_b
    )
    assert "32" in set(checklist_b["code"]) and len(checklist_b) == 3
    assert periods.get_period(world.admin, period_id=world.period_id).unassigned_codes[0] == "33"
    assignments.set_assignment(
        world.admin, period_id=world.period_id, organisation_id=world.opd_b, code="32", assigned=False
    )
    assert "32" not in set(
        submission_views.checklist(world.focal_b, period_id=world.period_id, organisation_id=world.opd_b)[
            "code"
        ]
    )
    refused("workflow.not_a_leaf", lambda: assignments.set_assignment(
        world.admin, period_id=world.period_id, organisation_id=world.opd_b, code="D1", assigned=True))  # fmt: skip
    with session_scope() as session:
        actions = session.exec(select(AuditEvent.action).where(AuditEvent.entity == "period")).all()
    assert sorted(actions) == ["assignment.set", "assignment.set", "period.create"]
