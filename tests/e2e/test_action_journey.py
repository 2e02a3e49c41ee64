"""From gap to action in a real browser (issue 18): the Sekda creates two actions from the gap list for BPKAD, the
focal point of BPKAD sees them, adds a progress note and evidence and closes one, and the Sekda's follow-up view
shows one closed and one open. The gap rows are chosen through ``services`` on the app's own database."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fpdf import FPDF
from playwright.sync_api import Page, expect
from sqlmodel import select
from streamlit_server import stored_demo_passwords

import ui.action_forms
import ui.actions_page
import ui.follow_up_page
import ui.messages  # noqa: F401
from e2e.conftest import E2EApp
from e2e.demo_items import FOCAL, approve_elsewhere, current_period
from e2e.steps import act, alerts, by_key, choose, click, expand, go_to, sign_in_ok, sign_out
from i18n import t
from models import session_scope
from models.tables import User
from services import signin
from services.action_views import list_actions
from services.actor import Actor
from services.overview import period_overview

pytestmark = pytest.mark.e2e

LEADER = "sekda"
BPKAD_FOCAL = "fp.bpkad"
GAP_ROWS_SHOWN = 25  # ui/leader/overview.py GAP_ROWS


def actor_of(username: str) -> Actor:
    with session_scope() as session:
        user_id = session.exec(select(User.id).where(User.username == username)).one()
    assert user_id is not None
    return signin.get_actor(user_id)


def two_bpkad_gaps(leader: Actor) -> list[str]:
    """Two codes of the leader's default period's gap list (the rows the page shows) that BPKAD still owes."""
    gaps = period_overview(leader, period_id=current_period(leader)[0]).gap_list.head(GAP_ROWS_SHOWN)
    owed = gaps.loc[gaps["organisations"].str.split(", ").map(lambda names: "BPKAD" in names), "code"]
    codes = [str(code) for code in owed]
    assert len(codes) >= 2, "the demo's gap list names BPKAD on fewer than two rows"
    return codes[:2]


def small_pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Berita acara tindak lanjut - uji end-to-end")
    pdf.output(str(path))
    return path


def pick_rows(page: Page, codes: list[str]) -> None:
    field = by_key(page, "gap_action_rows").get_by_role("combobox")
    for code in codes:
        field.click()
        field.fill(code)
        option = page.get_by_role("option").filter(has_text=re.compile(rf"^{re.escape(code)} · "))
        act(page, option.first.click)
    page.keyboard.press("Escape")  # an open list hides the rest of the page from role queries


def test_gap_to_action_to_follow_up(open_app: Callable[..., Page], app_database: Path, tmp_path: Path,
                                    e2e_app: E2EApp) -> None:  # fmt: skip
    passwords = stored_demo_passwords(e2e_app.data_dir)
    leader = actor_of(LEADER)
    codes = two_bpkad_gaps(leader)

    # The Sekda: two gap rows, one OPD, a person in charge without an account, the default due date.
    page = open_app()
    sign_in_ok(page, LEADER, passwords[LEADER])
    act(page, page.get_by_role("tab", name=t("ui.tab.gaps", "id")).click)
    expand(page, "gap_actions")
    pick_rows(page, codes)
    choose(page, "gap_action_opd", "(BPKAD)")
    by_key(page, "gap_action_owner_name").locator("input").fill("Kepala Bidang Anggaran")
    by_key(page, "gap_action_owner_nip").locator("input").fill("19800101 200501 1 001")
    by_key(page, "gap_action_owner_phone").locator("input").fill("0812-3456-7890")
    # Meanwhile the inspector approves an item of another OPD: the click in the open tab still creates them.
    approve_elsewhere(current_period(leader)[0], sparing=(BPKAD_FOCAL, FOCAL))
    click(page, "gap_action_submit")
    expect(alerts(page).filter(has_text=t("ui.actions.created", "id", count=2))).to_be_visible()
    made = list_actions(leader)
    assert sorted(made["codes"]) == sorted(codes) and set(made["opd"]) == {"BPKAD"}
    assert set(made["owner_phone"]) == {"+6281234567890"}
    sign_out(page)

    # BPKAD's focal point: sees both, notes progress, uploads evidence, closes the first.
    sign_in_ok(page, BPKAD_FOCAL, passwords[BPKAD_FOCAL])
    go_to(page, "rencana-aksi")
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    first = int(made.iloc[0]["action_id"])
    choose(page, "action_pick", f"#{first} · ")
    by_key(page, f"action_note_{first}").locator("textarea").fill("Dokumen sedang ditandatangani")
    click(page, "action_note_submit")
    expect(alerts(page).filter(has_text=t("ui.actions.note_saved", "id"))).to_be_visible()
    pdf = small_pdf(tmp_path / "berita-acara-tindak-lanjut.pdf")
    uploader = page.locator("[class*='st-key-action_upload_']").get_by_test_id("stFileUploaderDropzoneInput")
    act(page, lambda: uploader.set_input_files(pdf))
    click(page, "action_upload_submit")
    expect(alerts(page).filter(has_text=t("ui.actions.uploaded", "id"))).to_be_visible()
    expect(page.get_by_text(pdf.name, exact=True)).to_be_visible()
    choose(page, "action_status", "Selesai")
    click(page, "action_status_submit")
    expect(alerts(page).filter(has_text=t("ui.actions.status_saved", "id"))).to_be_visible()
    statuses = dict(zip(list_actions(leader)["action_id"], list_actions(leader)["status"], strict=True))
    assert sorted(statuses.values()) == ["rencana", "selesai"] and statuses[first] == "selesai"
    sign_out(page)

    # The Sekda's follow-up view: one closed, one open.
    sign_in_ok(page, LEADER, passwords[LEADER])
    go_to(page, "tindak-lanjut")
    expect(by_key(page, "follow_up_done").get_by_test_id("stMetricValue")).to_have_text("1")
    expect(by_key(page, "follow_up_open").get_by_test_id("stMetricValue")).to_have_text("1")
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
