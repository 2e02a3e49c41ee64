"""The Sekda's follow-up view on SQLite and PostgreSQL: per OPD open, overdue (WIT, minute boundary), done,
points at stake from the gap list, days to the deadline and who to call; the status history for the chart."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta

import pandas as pd
import pytest
from factories import PDF_BYTES, World, build_world, wit

from i18n import LenteraError
from services import action_evidence, actions
from services.actions import ActionDraft, Owner
from services.follow_up import follow_up
from services.overview import period_overview

OWNER = Owner(name="Hasan Umasugi", nip="198001012005011001", phone="0812-3456-7890")


@pytest.fixture
def world(db_url: str, clock: Callable[[datetime], None]) -> World:
    clock(wit(2026, 11, 1, 8, 0))
    return build_world()


def _two_for_opd_a(world: World) -> tuple[int, int]:
    first, second = actions.create_actions(
        world.leader, organisation_id=world.opd_a, period_id=world.period_id,
        drafts=[ActionDraft(title="Kebijakan", codes=("1",)), ActionDraft(title="Arsitektur", codes=("2",))],
        owner=OWNER, due_at=wit(2026, 11, 30, 23, 59),
    )  # fmt: skip
    return first, second


def test_one_closed_one_open_per_opd_with_points_and_who_to_call(
    world: World, clock: Callable[[datetime], None]
) -> None:
    first, _ = _two_for_opd_a(world)
    clock(wit(2026, 11, 3, 10, 0))
    action_evidence.upload_action_evidence(
        world.focal_a, action_id=first, filename="sk.pdf", stream=io.BytesIO(PDF_BYTES)
    )
    actions.set_action_status(world.focal_a, action_id=first, status="selesai", note="SK terbit")
    view = follow_up(world.leader, period_id=world.period_id, now=wit(2026, 11, 5, 9, 0))
    rows = view.opds.set_index("opd")
    a = rows.loc["Diskominfosan"]
    assert (a["open"], a["overdue"], a["done"], a["cancelled"]) == (1, 0, 1, 0)
    assert (a["owner"], a["owner_phone"]) == ("Hasan Umasugi", "+6281234567890")
    assert str(a["whatsapp"]).startswith("https://wa.me/6281234567890?text=")
    assert a["next_due"] == wit(2026, 11, 30, 23, 59)
    bkd = rows.loc["BKD"]
    assert bkd["open"] == 0 and pd.isna(bkd["owner"])
    gaps = period_overview(world.leader, period_id=world.period_id).gap_list
    owed = gaps.loc[gaps["organisations"].str.split(", ").map(lambda names: "Diskominfosan" in names), "gain"]
    assert a["points_at_stake"] == pytest.approx(float(owed.sum()), abs=0.005)
    assert a["points_at_stake"] > 0
    history = view.history.set_index(["day", "status"])["count"]
    assert history[(wit(2026, 11, 1).date(), "rencana")] == 2
    assert history[(wit(2026, 11, 3).date(), "rencana")] == 1
    assert history[(wit(2026, 11, 3).date(), "selesai")] == 1
    assert history[(wit(2026, 11, 5).date(), "selesai")] == 1


def test_overdue_opds_come_first_from_the_minute_after_the_due_minute(world: World) -> None:
    _two_for_opd_a(world)
    inside = follow_up(
        world.leader, period_id=world.period_id, now=wit(2026, 11, 30, 23, 59) + timedelta(seconds=59)
    )
    assert inside.opds.iloc[0]["opd"] == "Diskominfosan" and inside.opds.iloc[0]["overdue"] == 0
    after = follow_up(world.leader, period_id=world.period_id, now=wit(2026, 12, 1, 0, 0))
    assert (after.opds.iloc[0]["opd"], after.opds.iloc[0]["overdue"]) == ("Diskominfosan", 2)
    assert list(after.actions["overdue"]) == [True, True]


def test_a_focal_point_has_no_follow_up_view(world: World) -> None:
    with pytest.raises(LenteraError) as caught:
        follow_up(world.focal_a, period_id=world.period_id)
    assert caught.value.key == "perm.denied"
