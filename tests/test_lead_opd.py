"""The lead OPD of an item (the ``lead`` rule of scoring/aggregate.py: the pemda's value is the lead OPD's), named by
an admin or inspector of the region among the OPDs assigned the item, audited; on SQLite and PostgreSQL.

The catalog is the small one with ``aggregation: lead``: item A.1 (0/50/100) is assigned to Diskominfosan and BKD,
which the inspector reviews at 100 and 0. With no lead the rule takes their mean (50); with a lead, its value.
"""

from __future__ import annotations

import dataclasses

import pytest
from factories import World, build_world, wit
from small_catalog import SMALL
from sqlmodel import select
from workflow_steps import refused, submitted

from models.database import session_scope
from models.tables import Assignment, AuditEvent
from services import assignments, catalogs, periods, verification
from services.overview import period_overview

LEAD_CATALOG = SMALL.replace("scale: {min: 0, max: 100}", "scale: {min: 0, max: 100}\naggregation: lead")


@pytest.fixture
def world(db_url: str) -> World:
    """The small lead-rule catalog's period for the province, A.1 assigned to both OPDs and reviewed 100 / 0."""
    base = build_world()
    stored = catalogs.import_catalog(base.admin, text=LEAD_CATALOG, source="lead.yaml")
    catalogs.activate_catalog(base.admin, catalog_id=stored.id)
    info = periods.create_period(
        base.admin,
        catalog_key="small",
        region_id=base.province_id,
        name="MCP utama",
        opens_at=wit(2026, 1, 5),
        submission_deadline=wit(2099, 5, 31),
        verification_deadline=wit(2099, 7, 31),
    )
    world = dataclasses.replace(base, period_id=info.id)
    for organisation_id in (world.opd_a, world.opd_b):
        assignments.set_assignment(
            world.admin, period_id=world.period_id, organisation_id=organisation_id, code="A.1", assigned=True
        )
    for organisation_id, focal, value in ((world.opd_a, world.focal_a, 100), (world.opd_b, world.focal_b, 0)):
        item = submitted(world, "A.1", value=value, organisation_id=organisation_id, focal=focal)
        verification.approve(world.inspector, submission_id=item, verified_value=value)
    return world


def _a1(world: World) -> float:
    scores = period_overview(world.leader, period_id=world.period_id).region_scores
    own = scores.loc[(scores["entity"] == str(world.province_id)) & (scores["code"] == "A.1")]
    return float(own["score"].iloc[0])


def _leads(world: World) -> dict[int, bool]:
    with session_scope() as session:
        rows = session.exec(
            select(Assignment).where(Assignment.period_id == world.period_id, Assignment.code == "A.1")
        ).all()
    return {row.organisation_id: row.lead for row in rows}


def test_the_inspector_names_the_lead_opd_and_the_pemda_value_follows(world: World) -> None:
    """No lead: the mean (50); BKD the lead: its 0; Diskominfosan: its 100; the change is audited in words."""
    assert _a1(world) == pytest.approx(50.0)
    listed = assignments.leads(world.inspector, period_id=world.period_id).set_index("code")
    assert listed.at["A.1", "opds"] == {world.opd_b: "BKD", world.opd_a: "Diskominfosan"}
    assert listed.at["A.1", "lead"] is None
    assert list(listed.index) == ["A.1", "A.2", "A.3", "B.1"]  # every item follows the lead rule here

    assignments.set_lead(world.inspector, period_id=world.period_id, code="A.1", organisation_id=world.opd_b)
    assert _leads(world) == {world.opd_a: False, world.opd_b: True}
    assert _a1(world) == pytest.approx(0.0)
    assignments.set_lead(world.admin, period_id=world.period_id, code="A.1", organisation_id=world.opd_a)
    assert _leads(world) == {world.opd_a: True, world.opd_b: False}
    assert _a1(world) == pytest.approx(100.0)
    assert assignments.leads(world.admin, period_id=world.period_id).set_index("code").at["A.1", "lead"] == (
        world.opd_a
    )
    with session_scope() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "assignment.lead")).all()
    assert [(e.actor_username, e.before, e.after) for e in events] == [
        ("inspektur", {"code": "A.1", "lead": None}, {"code": "A.1", "lead": "BKD"}),
        ("admin", {"code": "A.1", "lead": "BKD"}, {"code": "A.1", "lead": "Diskominfosan"}),
    ]
    assignments.set_lead(world.admin, period_id=world.period_id, code="A.1", organisation_id=None)
    assert _a1(world) == pytest.approx(50.0)  # no lead again: the mean


def test_who_may_name_a_lead_and_whom(world: World) -> None:
    """Only an admin or inspector of the region, only an OPD assigned the item, only while the period is open or
    locked; a refusal changes nothing."""
    opd_b = world.opd_b

    def name_lead(actor_role: str, organisation_id: int | None = opd_b, code: str = "A.1") -> None:
        assignments.set_lead(
            world.actor(actor_role), period_id=world.period_id, code=code, organisation_id=organisation_id
        )

    refused("perm.denied", lambda: name_lead("leader"))
    refused("perm.denied", lambda: name_lead("focal_a"))
    refused("perm.out_of_region", lambda: name_lead("inspector_kab"))
    error = refused("assignment.lead_not_assigned", lambda: name_lead("inspector", code="A.2"))
    assert error.message("id").startswith("BKD tidak ditugaskan untuk butir A.2")
    refused("period.organisation_not_in_region", lambda: name_lead("admin", organisation_id=world.opd_kab))
    periods.set_state(world.admin, period_id=world.period_id, state="external")
    refused("workflow.period_not_open", lambda: name_lead("inspector"))
    assert _leads(world) == {world.opd_a: False, opd_b: False}
