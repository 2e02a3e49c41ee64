"""The Rencana Aksi page under AppTest on the demo: an inspector edits an action (owner phone, due date) and
sees it saved; a leader reads it without the forms; every role's page renders the action without an error."""

from __future__ import annotations

from datetime import datetime

import pytest
from app_driver import actor_of, go_to, sign_in

from i18n import WIT
from services import organisations
from services.action_views import action_detail
from services.actions import ActionDraft, Owner, create_actions

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie
PAGE = "rencana-aksi"


def _bpkad_action() -> int:
    inspector = actor_of("inspektur")
    opds = organisations.list_organisations(inspector, region_id=inspector.region_id)
    bpkad = int(opds.loc[opds["abbreviation"] == "BPKAD", "id"].iloc[0])
    [made] = create_actions(
        inspector, organisation_id=bpkad, drafts=[ActionDraft(title="Unggah laporan BMD")],
        owner=Owner(name="Kabid Aset", nip="198001012005011001", phone="081234567890"),
        due_at=datetime(2099, 6, 30, 23, 59, tzinfo=WIT),
    )  # fmt: skip
    return made


def test_an_inspector_edits_and_a_leader_only_reads(demo: dict[str, str]) -> None:
    made = _bpkad_action()
    at = sign_in("inspektur", demo["inspektur"])
    go_to(at, PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    [phone] = [box for box in at.text_input if box.value == "+6281234567890"]
    phone.set_value("0813 1111 2222")
    at.button(key=f"action_edit_save_{made}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert action_detail(actor_of("inspektur"), action_id=made).owner_phone == "+6281311112222"
    leader = sign_in("sekda", demo["sekda"])
    go_to(leader, PAGE).run()
    assert not leader.exception, [e.value for e in leader.exception]
    keys = {b.key for b in leader.button}
    assert "action_status_submit" not in keys and f"action_edit_save_{made}" not in keys
    focal = sign_in("fp.bpkad", demo["fp.bpkad"])
    go_to(focal, PAGE).run()
    assert not focal.exception, [e.value for e in focal.exception]
    assert "action_status_submit" in {b.key for b in focal.button}
