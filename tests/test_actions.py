"""Rencana aksi on SQLite and PostgreSQL: created from gap rows (several at once, all or none), edited, worked
forward by the OPD's focal point with notes and follow-up evidence, closed only with evidence, every change
audited; overdue from the end of the minute the due date names in WIT."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta

import pandas as pd
import pytest
from factories import PDF_BYTES, World, build_world, table_rows, wit
from sqlmodel import col, select

from i18n import LenteraError
from models.action_tables import ActionNote
from models.database import session_scope
from models.tables import AuditEvent
from services import action_evidence, action_views, actions, evidence
from services.actions import ActionDraft, Owner
from vocabulary import ActionStatus

DUE = wit(2099, 6, 30, 23, 59)
PHONE_OWNER = Owner(name="Hasan Umasugi", nip="19800101 200501 1 001", phone="0812-3456-7890")


@pytest.fixture
def world(db_url: str) -> World:
    return build_world()


def _gap_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {"code": ["1", "2"], "name": ["Kebijakan internal", "Arsitektur SPBE"], "gain": [2.1, 1.4]}
    )


def _create_two(world: World, *, due: datetime = DUE) -> list[int]:
    return actions.create_actions(
        world.leader,
        organisation_id=world.opd_a,
        period_id=world.period_id,
        drafts=actions.gap_drafts(_gap_rows()),
        owner=PHONE_OWNER,
        due_at=due,
    )


def _audit(action_id: int) -> list[str]:
    with session_scope() as session:
        rows = session.exec(
            select(AuditEvent.action)
            .where(AuditEvent.entity == "action", AuditEvent.entity_id == str(action_id))
            .order_by(col(AuditEvent.id))
        ).all()
    return list(rows)


def _upload(world: World, action_id: int, content: bytes = PDF_BYTES) -> int:
    info = action_evidence.upload_action_evidence(
        world.focal_a, action_id=action_id, filename="berita-acara.pdf", stream=io.BytesIO(content)
    )
    assert info.link_id is not None
    return info.link_id


def test_the_leader_creates_one_action_per_gap_row_for_one_opd(world: World) -> None:
    first, second = _create_two(world)
    listed = action_views.list_actions(world.focal_a)
    assert list(listed["action_id"]) == [first, second]
    row = listed.iloc[0]
    assert (row["codes"], row["opd"], row["status"]) == ("1", "Diskominfosan", "rencana")
    assert row["title"] == "Lengkapi butir 1: Kebijakan internal"
    assert (row["owner"], row["owner_nip"], row["owner_phone"]) == (
        "Hasan Umasugi",
        "198001012005011001",
        "+6281234567890",
    )
    assert row["due_at"] == DUE
    assert _audit(first) == ["action.created"]
    assert action_views.list_actions(world.focal_b).empty  # another OPD's focal point sees none


def test_creating_several_is_all_or_nothing(world: World) -> None:
    before = table_rows()
    drafts = [ActionDraft(title="Unggah SK", codes=("1",)), ActionDraft(title="Butir salah", codes=("99.9",))]
    with pytest.raises(LenteraError) as caught:
        actions.create_actions(
            world.inspector, organisation_id=world.opd_a, period_id=world.period_id, drafts=drafts,
            owner=PHONE_OWNER, due_at=DUE,
        )  # fmt: skip
    assert caught.value.key == "workflow.not_a_leaf"
    assert table_rows() == before


@pytest.mark.parametrize(
    ("owner", "key"),
    [
        (Owner(name="Tanpa NIP", phone="081234567890"), "actions.owner_required"),
        (Owner(name="NIP pendek", nip="1980", phone="081234567890"), "nip.invalid"),
        (Owner(name="Nomor salah", nip="198001012005011001", phone="12345"), "phone.invalid"),
    ],
)
def test_a_person_without_an_account_needs_name_nip_and_a_valid_phone(
    world: World, owner: Owner, key: str
) -> None:
    with pytest.raises(LenteraError) as caught:
        actions.create_actions(
            world.admin, organisation_id=world.opd_a, drafts=[ActionDraft(title="x")], owner=owner, due_at=DUE
        )
    assert caught.value.key == key


def test_a_user_in_charge_may_have_no_phone_and_another_opds_focal_point_cannot_be_one(world: World) -> None:
    [made] = actions.create_actions(
        world.admin, organisation_id=world.opd_a, drafts=[ActionDraft(title="x")],
        owner=Owner(user_id=world.focal_a.id), due_at=DUE,
    )  # fmt: skip
    row = action_views.list_actions(world.admin).iloc[0]
    assert (row["action_id"], row["owner"], row["whatsapp"]) == (made, world.focal_a.full_name, None)
    with pytest.raises(LenteraError) as caught:
        actions.create_actions(
            world.admin, organisation_id=world.opd_a, drafts=[ActionDraft(title="x")],
            owner=Owner(user_id=world.focal_b.id), due_at=DUE,
        )  # fmt: skip
    assert caught.value.key == "actions.owner_unknown"


def test_a_due_date_in_the_past_is_refused(world: World, clock: Callable[[datetime], None]) -> None:
    clock(wit(2026, 11, 1, 0, 0))
    with pytest.raises(LenteraError) as caught:
        _create_two(world, due=wit(2026, 10, 31, 23, 58))
    assert caught.value.key == "actions.due_passed"
    assert "WIT" in caught.value.message("id")


def test_overdue_starts_when_the_due_minute_ends_in_wit(
    world: World, clock: Callable[[datetime], None]
) -> None:
    clock(wit(2026, 11, 1, 8, 0))
    [made] = actions.create_actions(
        world.inspector, organisation_id=world.opd_a, drafts=[ActionDraft(title="Unggah RUP")],
        owner=PHONE_OWNER, due_at=wit(2026, 11, 30, 23, 59),
    )  # fmt: skip

    def overdue_at(moment: datetime) -> bool:
        return bool(action_views.list_actions(world.leader, now=moment).iloc[0]["overdue"])

    assert not overdue_at(wit(2026, 11, 30, 23, 59) + timedelta(seconds=59, microseconds=999_999))
    assert overdue_at(wit(2026, 12, 1, 0, 0))
    # the same moment written in UTC: 14:59:59 on 30 November is still inside the minute, 15:00 is not
    assert not overdue_at(datetime.fromisoformat("2026-11-30T14:59:59+00:00"))
    assert overdue_at(datetime.fromisoformat("2026-11-30T15:00:00+00:00"))
    assert action_views.list_actions(world.leader, now=wit(2026, 11, 29, 9, 0)).iloc[0]["days_left"] == 1
    detail = action_views.action_detail(world.focal_a, action_id=made, now=wit(2026, 12, 1, 0, 0))
    assert detail.overdue


def test_overdue_actions_come_first(world: World, clock: Callable[[datetime], None]) -> None:
    clock(wit(2026, 11, 1, 8, 0))
    later, sooner = (
        actions.create_actions(
            world.inspector, organisation_id=world.opd_a, drafts=[ActionDraft(title=title)],
            owner=PHONE_OWNER, due_at=due,
        )[0]
        for title, due in (("later", wit(2026, 12, 20, 12)), ("sooner", wit(2026, 11, 20, 12)))
    )  # fmt: skip
    listed = action_views.list_actions(world.leader, now=wit(2026, 12, 1, 9, 0))
    assert list(listed["action_id"]) == [sooner, later]
    assert list(listed["overdue"]) == [True, False]


def test_the_focal_point_notes_progress_uploads_evidence_and_closes(world: World) -> None:
    first, _ = _create_two(world)
    actions.set_action_status(world.focal_a, action_id=first, status="berjalan")
    actions.add_action_note(world.focal_a, action_id=first, text="SK sudah ditandatangani Gubernur")
    with pytest.raises(LenteraError) as caught:
        actions.set_action_status(world.focal_a, action_id=first, status="selesai")
    assert caught.value.key == "actions.close_needs_evidence"
    link = _upload(world, first)
    actions.set_action_status(world.focal_a, action_id=first, status="selesai", note="Bukti terunggah")
    detail = action_views.action_detail(world.leader, action_id=first)
    assert detail.status == ActionStatus.selesai
    assert [n.text for n in detail.notes] == [
        None,
        None,
        "SK sudah ditandatangani Gubernur",
        "Bukti terunggah",
    ]
    assert [n.status_to for n in detail.notes] == ["rencana", "berjalan", None, "selesai"]
    assert [e.link_id for e in detail.evidence] == [link]
    assert detail.whatsapp is None  # nothing to chase once done
    # the file opens for whoever may see the OPD, through the item evidence's own gate
    info, path = evidence.evidence_file(world.leader, evidence_id=detail.evidence[0].id)
    assert path.read_bytes() == PDF_BYTES and info.organisation_id == world.opd_a
    assert _audit(first) == [
        "action.created",
        "action.status",
        "action.noted",
        "action.evidence_uploaded",
        "action.status",
    ]
    with pytest.raises(LenteraError) as closed:
        _upload(world, first, PDF_BYTES + b"%2\n")
    assert closed.value.key == "actions.closed"


def test_follow_up_evidence_obeys_the_item_evidence_rules(world: World) -> None:
    first, _ = _create_two(world)
    before = table_rows()
    with pytest.raises(LenteraError) as caught:
        action_evidence.upload_action_evidence(
            world.focal_a, action_id=first, filename="bukti.pdf", stream=io.BytesIO(b"MZ not a pdf")
        )
    assert caught.value.key in {"evidence.type_mismatch", "evidence.unsupported_type"}
    assert table_rows() == before


def test_detaching_keeps_the_file_and_an_action_moves_only_along_the_table(world: World) -> None:
    first, second = _create_two(world)
    link = _upload(world, first)
    action_evidence.detach_action_evidence(world.focal_a, link_id=link)
    assert action_views.action_detail(world.focal_a, action_id=first).evidence == ()
    with pytest.raises(LenteraError) as twice:
        action_evidence.detach_action_evidence(world.focal_a, link_id=link)
    assert twice.value.key == "actions.evidence_detached"
    with pytest.raises(LenteraError) as no_reason:
        actions.set_action_status(world.inspector, action_id=second, status="batal")
    assert no_reason.value.key == "actions.cancel_needs_reason"
    actions.set_action_status(world.inspector, action_id=second, status="batal", note="Digabung")
    with pytest.raises(LenteraError) as bad:
        actions.set_action_status(world.inspector, action_id=second, status="selesai")
    assert bad.value.key == "actions.bad_move"
    assert "batal" in bad.value.message("id")
    actions.set_action_status(world.inspector, action_id=second, status="rencana", note="Diaktifkan lagi")
    with session_scope() as session:
        moves = session.exec(
            select(ActionNote.status_to).where(ActionNote.action_id == second).order_by(col(ActionNote.id))
        ).all()
    assert moves == ["rencana", "batal", "rencana"]


def test_an_inspector_edits_owner_due_date_and_items_audited_before_and_after(world: World) -> None:
    first, _ = _create_two(world)
    actions.edit_action(
        world.inspector, action_id=first, title="SK Arsitektur SPBE", codes=["2", "3"],
        owner=Owner(name="Rina", nip="198502022010012002", phone="+62 813 1111 2222"),
        due_at=wit(2099, 7, 15, 16, 0), expected_version=1,
    )  # fmt: skip
    detail = action_views.action_detail(world.inspector, action_id=first)
    assert (detail.title, detail.codes, detail.owner_phone) == (
        "SK Arsitektur SPBE",
        ("2", "3"),
        "+6281311112222",
    )
    assert detail.due_at == wit(2099, 7, 15, 16, 0)
    with session_scope() as session:
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "action.edited", AuditEvent.entity_id == str(first))
        ).one()
    assert event.before is not None and event.after is not None
    assert (event.before["owner_name"], event.after["owner_name"]) == ("Hasan Umasugi", "Rina")
    with pytest.raises(LenteraError) as stale:
        actions.edit_action(
            world.inspector, action_id=first, title="x", owner=PHONE_OWNER, due_at=DUE, expected_version=1
        )
    assert stale.value.key == "actions.changed_meanwhile"


def test_the_whatsapp_link_carries_an_encoded_indonesian_message(world: World) -> None:
    first, _ = _create_two(world)
    link = action_views.action_detail(world.leader, action_id=first).whatsapp
    assert link is not None and link.startswith("https://wa.me/6281234567890?text=")
    text = link.partition("?text=")[2]
    assert " " not in text and "%20" in text
    from urllib.parse import unquote

    message = unquote(text)
    assert message.startswith("Yth. Hasan Umasugi, mohon tindak lanjut rencana aksi")
    assert "(butir 1)" in message and "Diskominfosan" in message
    assert "Batas waktu: 30 Juni 2099 23.59 WIT" in message
    assert "http://localhost:8501/rencana-aksi" in message
