"""A user deactivated while signed in writes nothing more, whichever write service the stale actor calls.

The session check ends the sign-in at the next rerun; a write already under way in that rerun must still be
refused. The refusal lives in one place (``services.permissions.require`` for every write action), so each
service below is refused with the same key and changes no row, and an actor still active is not refused.
"""

from __future__ import annotations

import io

import pytest
from factories import PDF_BYTES, World, build_world, submission_id
from workflow_steps import refused, submitted

from models import Role
from services import evidence, periods, submissions, users, verification
from services.permissions import PERMISSIONS, READS, WRITES

INACTIVE = "perm.account_inactive"


@pytest.fixture
def world(db_url: str) -> World:
    return build_world()


def test_every_action_is_a_read_or_a_write_and_writes_are_the_default() -> None:
    assert PERMISSIONS.keys() >= READS and PERMISSIONS.keys() - READS == WRITES
    assert {"save_draft", "upload", "approve", "return", "create_user", "edit_user", "set_state"} <= WRITES


def test_a_deactivated_focal_point_and_inspector_write_nothing(world: World) -> None:
    draft = submission_id(world, organisation_id=world.opd_a, code="1")
    waiting = submitted(world, "2", value=3)
    users.set_active(world.admin, user_id=world.focal_a.id, active=False)
    users.set_active(world.admin, user_id=world.inspector.id, active=False)
    refused(
        INACTIVE, lambda: submissions.save_draft(world.focal_a, submission_id=draft, self_value=3, note="x")
    )
    refused(INACTIVE, lambda: submissions.submit(world.focal_a, submission_id=draft))
    refused(
        INACTIVE,
        lambda: evidence.upload_evidence(
            world.focal_a, submission_id=draft, filename="bukti.pdf", stream=io.BytesIO(PDF_BYTES)
        ),
    )
    refused(INACTIVE, lambda: verification.approve(world.inspector, submission_id=waiting, verified_value=3))
    refused(
        INACTIVE, lambda: verification.return_item(world.inspector, submission_id=waiting, reason="kurang")
    )


def test_a_deactivated_admin_manages_nothing(world: World) -> None:
    second = users.create_user(
        world.admin,
        username="admin.kedua",
        full_name="Admin Kedua",
        password="Sandi-Kuat-2026",
        role=Role.admin,
        region_id=world.province_id,
    )
    from services.signin import get_actor

    stale = get_actor(second.id)
    users.set_active(world.admin, user_id=second.id, active=False)
    refused(INACTIVE, lambda: users.set_active(stale, user_id=world.focal_b.id, active=False))
    refused(
        INACTIVE,
        lambda: users.create_user(
            stale, username="baru", full_name="Baru", password="Sandi-Kuat-2026", role=Role.leader
        ),
    )
    refused(INACTIVE, lambda: periods.set_state(stale, period_id=world.period_id, state="closed"))
    assert not users.list_users(world.admin).empty  # the active admin is not affected


def test_an_active_user_still_writes(world: World) -> None:
    draft = submission_id(world, organisation_id=world.opd_a, code="1")
    assert submissions.save_draft(world.focal_a, submission_id=draft, self_value=3, note="masih") > 0
