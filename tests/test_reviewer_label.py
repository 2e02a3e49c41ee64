"""A period names who does its internal reviu (issue 13 §1): "Inspektorat" for MCP, "Tim Asesor Internal" for
SPBE by default, or what the administrator typed; screens and reports read "Skor hasil reviu {reviewer}"."""

from __future__ import annotations

from factories import build_world, wit
from sqlmodel import select
from workflow_steps import refused

from models.database import session_scope
from models.tables import AuditEvent
from services import periods
from services.overview import period_overview
from services.report_data import report_data


def test_reviewer_defaults_by_framework() -> None:
    assert periods.reviewer_label("MCP") == "Inspektorat"
    assert periods.reviewer_label("SPBE") == "Tim Asesor Internal"
    assert periods.reviewer_label("spbe", "  ") == "Tim Asesor Internal"
    assert periods.reviewer_label("MCP", " Inspektorat Kabupaten ") == "Inspektorat Kabupaten"
    assert periods.reviewer_label("IKU") == "Inspektorat"


def test_a_period_carries_its_reviewer_into_overview_and_reports(db_url: str) -> None:
    world = build_world()  # an SPBE period without a named reviewer
    assert periods.get_period(world.leader, period_id=world.period_id).reviewer_label == "Tim Asesor Internal"
    assert periods.list_periods(world.leader)["reviewer_label"].tolist() == ["Tim Asesor Internal"]
    named = periods.create_period(
        world.admin,
        catalog_key="spbe-2021",
        region_id=world.province_id,
        name="SPBE 2027",
        opens_at=wit(2026, 1, 5),
        submission_deadline=wit(2099, 5, 31),
        verification_deadline=wit(2099, 7, 31),
        reviewer="Tim Asesor Internal Pemprov",
    )
    assert named.reviewer_label == "Tim Asesor Internal Pemprov"
    assert period_overview(world.leader, period_id=named.id).reviewer_label == "Tim Asesor Internal Pemprov"
    assert report_data(world.inspector, period_id=named.id).reviewer_label == "Tim Asesor Internal Pemprov"
    with session_scope() as session:
        created = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "period.create", AuditEvent.entity_id == str(named.id)
            )
        ).one()
    assert created.after is not None and created.after["reviewer_label"] == "Tim Asesor Internal Pemprov"
    refused("period.reviewer_too_long", lambda: periods.create_period(
        world.admin, catalog_key="spbe-2021", region_id=world.province_id, name="Y", opens_at=wit(2026, 1, 5),
        submission_deadline=wit(2099, 5, 31), verification_deadline=wit(2099, 7, 31), reviewer="x" * 81))  # fmt: skip
