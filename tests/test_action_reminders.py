"""Rencana aksi in the daily digest (SQLite and PostgreSQL): overdue and soon-due actions reach the people who
see them, each with its person in charge and WhatsApp link; nothing is sent anywhere but by e-mail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from urllib.parse import unquote

import pytest
from factories import World, build_world, wit
from sqlalchemy import update
from sqlmodel import col

from models.database import session_scope
from models.tables import User
from services import actions
from services.action_reminders import due_action_lines
from services.actions import ActionDraft, Owner
from services.digest import daily_digest

OWNER = Owner(name="Hasan Umasugi", nip="198001012005011001", phone="0812-3456-7890")


@pytest.fixture
def world(db_url: str, clock: Callable[[datetime], None]) -> World:
    clock(wit(2026, 11, 1, 8, 0))
    world = build_world()
    for title, due in (("Unggah SK", wit(2026, 11, 20, 23, 59)), ("Unggah RUP", wit(2026, 11, 27, 16, 0)),
                       ("Masih lama", wit(2026, 12, 31, 23, 59))):  # fmt: skip
        actions.create_actions(world.inspector, organisation_id=world.opd_a, drafts=[ActionDraft(title=title)],
                               owner=OWNER, due_at=due)  # fmt: skip
    return world


def test_overdue_first_then_due_this_week_each_with_a_whatsapp_link(world: World) -> None:
    lines = due_action_lines(world.focal_a, today=date(2026, 11, 21))
    assert len(lines) == 2
    assert lines[0].startswith("TERLAMBAT: Unggah SK (Diskominfosan), batas 20 November 2026 23.59 WIT")
    assert lines[1].startswith("Jatuh tempo 6 hari lagi: Unggah RUP (Diskominfosan)")
    assert all("penanggung jawab Hasan Umasugi +6281234567890" in line for line in lines)
    link = lines[0].rpartition("WhatsApp: ")[2]
    assert link.startswith("https://wa.me/6281234567890?text=") and " " not in link
    assert "Batas waktu: 20 November 2026 23.59 WIT" in unquote(link)
    # the day the action is due it is not overdue yet; the next day it is
    assert due_action_lines(world.focal_a, today=date(2026, 11, 20))[0].startswith("Jatuh tempo 0 hari lagi")
    assert due_action_lines(world.focal_b, today=date(2026, 11, 21)) == []


def test_the_digest_carries_the_actions_to_whoever_sees_them(world: World) -> None:
    with session_scope() as session:
        session.execute(
            update(User).where(col(User.username).in_(["sekda", "op.bkd"])).values(email="x@pemda.go.id")
        )
    messages = {m.name: m for m in daily_digest(today=date(2026, 11, 21), period_id=-1)}
    leader = next(m for m in messages.values() if m.user_id == world.leader.id)
    assert "Rencana aksi\n  - TERLAMBAT: Unggah SK" in leader.text
    assert "https://wa.me/6281234567890?text=" in leader.html
    assert all(m.user_id != world.focal_b.id for m in messages.values())  # BKD has no action: no mail
