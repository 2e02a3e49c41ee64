"""The journeys people take through Lentera, in a real browser against the real app on the Maluku Utara demo.

Items are chosen and expected numbers computed through ``services`` on the same database file the app uses
(``app_database``), so the tests do not depend on which demo item happens to be in which state; what the
browser shows is compared with those numbers, formatted the Indonesian way.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from streamlit_server import stored_demo_passwords

import ui.actions_page  # the Rencana Aksi page's texts
import ui.messages  # noqa: F401  (registers the UI's texts, so t() below reads what the browser shows)
from e2e.conftest import E2EApp
from e2e.demo_items import (
    FOCAL,
    INSPECTOR,
    LEADER,
    actor_of,
    approve_elsewhere,
    current_period,
    evidence_files,
    leader_sees,
    open_item,
    points,
    set_document_boxes,
    small_pdf,
    untouched_item,
    upload,
    verified_total,
)
from e2e.steps import (
    NAV,
    act,
    alerts,
    by_key,
    by_key_prefix,
    choose,
    click,
    expect_chosen,
    metric_value,
    nav_paths,
    sign_in,
    sign_in_ok,
    sign_out,
)
from i18n import LenteraError, format_number, t
from services import submission_views
from services.overview import period_overview
from storage.store import EvidenceStore

pytestmark = pytest.mark.e2e

PASSWORDS: dict[str, str] = {}  # this installation's random demo passwords, read once the app is up
OTHER_FOCAL = "fp.bpkad"
LOGIN_ERROR_USER = "fp.dinkes"  # the only user who ever types a wrong password here: no lockout elsewhere
PUSH_URL = "path => { history.pushState({}, '', '/' + path); dispatchEvent(new PopStateEvent('popstate')); }"
# Pages of other roles, by URL path; a focal point must never see them.
FOREIGN_PAGES = ["pengguna", "ikhtisar", "rincian-opd", "verifikasi", "laporan", "log-audit", "tindak-lanjut"]


@pytest.fixture(autouse=True)
def _demo_passwords(e2e_app: E2EApp) -> None:
    if not PASSWORDS:
        PASSWORDS.update(stored_demo_passwords(e2e_app.data_dir))


# -- the journeys ----------------------------------------------------------------------------------------------


def test_wrong_password_shows_indonesian_error_and_no_navigation(page: Page) -> None:
    """A wrong password shows "Nama pengguna atau kata sandi salah." and the user stays on the login form."""
    sign_in(page, LOGIN_ERROR_USER, PASSWORDS[LOGIN_ERROR_USER] + "-salah")
    # the demo's "DATA DEMO" banner is an alert too; the wrong password adds exactly one, the translated error
    expect(alerts(page).filter(has_text=t("auth.invalid", "id"))).to_have_count(1)
    expect(alerts(page).filter(has_not_text="DATA DEMO")).to_have_text([t("auth.invalid", "id")])
    expect(page.locator(NAV)).to_have_count(0)
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    expect(by_key(page, "login_submit")).to_be_visible()


def test_submission_verified_changes_the_leaders_score(
    open_app: Callable[..., Page], app_database: Path, tmp_path: Path
) -> None:
    """Focal point uploads a PDF and submits, inspector approves, and the leader's OPD score moves to match."""
    item = untouched_item(FOCAL)
    score_before, _, _ = verified_total(item)
    total_points = sum(p for _, p in item.documents)
    verified_value = total_points - item.documents[0][1]  # the inspector accepts all documents but the first

    leader_tab = open_app()
    sign_in_ok(leader_tab, LEADER, PASSWORDS[LEADER])
    leader_sees(leader_tab, item)
    verified_label = t("ui.metric.verified_score", "id", reviewer="Inspektorat")
    expect(metric_value(leader_tab, verified_label)).to_have_text(format_number(score_before, 2))

    # The focal point: evidence, self value, submit.
    page = open_app()
    sign_in_ok(page, FOCAL, PASSWORDS[FOCAL])
    open_item(page, item)
    pdf = small_pdf(tmp_path / "SK Tim Perencanaan 2025.pdf")
    upload(page, item, pdf)
    expect(alerts(page).filter(has_text=t("ui.evidence.uploaded", "id", count=1))).to_be_visible()
    expect(by_key_prefix(page, "download_")).to_have_count(1)
    set_document_boxes(page, f"value_{item.code}_", [True] * len(item.documents))
    click(page, f"submit_{item.code}")
    expect(alerts(page).filter(has_text=t("ui.checklist.submitted", "id", code=item.code))).to_be_visible()
    detail = submission_views.item_detail(actor_of(FOCAL), submission_id=item.submission_id)
    assert (detail.status, detail.self_value) == ("submitted", total_points)
    assert [(e.display_name, e.media_type) for e in detail.evidence] == [(pdf.name, "application/pdf")]
    sign_out(page)

    # The inspector: find it in the queue, look at the evidence, approve with a lower verified value.
    sign_in_ok(page, INSPECTOR, PASSWORDS[INSPECTOR])
    expect(page.get_by_test_id("stHeading").filter(has_text=t("ui.page.verification", "id"))).to_be_visible()
    choose(page, "queue_opd", f"{item.abbreviation} · ")
    choose(page, "queue_pick", f" · {item.code} · ")
    expect(page.get_by_test_id("stHeading").filter(has_text=f" · {item.code} · ")).to_be_visible()
    expect(page.get_by_text(pdf.name, exact=True)).to_be_visible()
    ticks = [index != 0 for index in range(len(item.documents))]
    set_document_boxes(page, f"verify_docs_{item.submission_id}_", ticks)
    click(page, f"approve_{item.submission_id}")
    approved = t("ui.queue.approved", "id", code=item.code, value=points(verified_value))
    expect(alerts(page).filter(has_text=approved)).to_be_visible()
    detail = submission_views.item_detail(actor_of(INSPECTOR), submission_id=item.submission_id)
    assert (detail.status, detail.verified_value) == ("verified", verified_value)
    sign_out(page)

    # The leader: the OPD's verified score and rank are the new ones.
    score_after, rank_after, ranked = verified_total(item)
    assert score_after > score_before
    assert format_number(score_after, 2) != format_number(score_before, 2)
    sign_in_ok(page, LEADER, PASSWORDS[LEADER])
    leader_sees(page, item)
    expect(metric_value(page, verified_label)).to_have_text(format_number(score_after, 2))
    expect(metric_value(page, t("ui.metric.rank", "id"))).to_have_text(f"{rank_after} / {ranked}")


def test_a_tab_opened_after_another_users_approval_redraws_the_whole_overview(
    page: Page, app_database: Path
) -> None:
    """The overview's tabs rerun on their own; a tab opened after the inspector approved items elsewhere redraws
    the whole page, so the headline shows the new pemda score beside the tab, not the one first drawn."""
    leader = actor_of(LEADER)
    period_id, _ = current_period(leader)
    label = t("ui.metric.verified_score", "id", reviewer="Inspektorat")

    def shown_total() -> str:
        total = period_overview(leader, period_id=period_id).pemda_total["score"]
        return format_number(total, 2)

    before = shown_total()
    sign_in_ok(page, LEADER, PASSWORDS[LEADER])
    expect(metric_value(page, label)).to_have_text(before)

    # Meanwhile, in another office: the inspector approves submitted items of other OPDs at their claims,
    # until the pemda's score, as the headline prints it, has moved.
    approve_elsewhere(period_id, sparing=(FOCAL, OTHER_FOCAL), until=lambda: shown_total() != before)
    after = shown_total()
    assert after != before

    act(page, page.get_by_role("tab", name=t("ui.tab.heatmap", "id")).click)
    expect(page.get_by_text(t("ui.overview.heatmap_note", "id"))).to_be_visible()
    expect(metric_value(page, label)).to_have_text(after)


def test_focal_point_cannot_reach_other_roles_pages_or_opds(
    open_app: Callable[..., Page], app_database: Path
) -> None:
    """A focal point sees only their checklist and account; other roles' URLs and other OPDs stay out of reach."""
    actor = actor_of(OTHER_FOCAL)
    assert actor.organisation_id is not None
    period_id, period_name = current_period(actor)
    own_items = submission_views.checklist(actor, period_id=period_id, organisation_id=actor.organisation_id)

    # Typing the administrator's user page into the address bar, then signing in, lands on the checklist.
    page = open_app("pengguna")
    expect(page.get_by_test_id("stHeading").filter(has_text=t("ui.page.admin_users", "id"))).to_have_count(0)
    sign_in_ok(page, OTHER_FOCAL, PASSWORDS[OTHER_FOCAL])
    checklist_heading = page.get_by_test_id("stHeading").filter(has_text=t("ui.page.checklist", "id"))
    expect(checklist_heading).to_be_visible()
    assert not page.url.rstrip("/").endswith("pengguna")

    nav = page.locator(NAV)
    expect(nav.locator("a")).to_have_count(4)
    expect(nav.locator("a")).to_contain_text(
        [
            t("ui.page.checklist", "id"),
            t("ui.page.actions", "id"),
            t("ui.page.inventory", "id"),
            t("ui.page.account", "id"),
        ]
    )
    assert not nav_paths(page) & set(FOREIGN_PAGES)

    # Going to another role's page inside the signed-in session shows the checklist instead.
    for path in FOREIGN_PAGES:
        act(page, partial(page.evaluate, PUSH_URL, path))
        expect(checklist_heading).to_be_visible()
        for title in (
            "ui.page.admin_users",
            "ui.page.overview",
            "ui.page.opd_detail",
            "ui.page.verification",
        ):
            expect(page.get_by_test_id("stHeading").filter(has_text=t(title, "id"))).to_have_count(0)

    # Only the user's own OPD: no OPD picker, and the checklist counts exactly the OPD's own items.
    expect_chosen(page, "period_select", period_name)
    organisation_picker = page.get_by_role("combobox", name=t("ui.field.organisation", "id"), exact=True)
    expect(organisation_picker).to_have_count(0)
    expect(metric_value(page, t("ui.metric.items", "id"))).to_have_text(str(len(own_items)))
    open_buttons = page.locator("[class*='st-key-open_']:not([class*='st-key-open_returned_'])")
    expect(open_buttons).to_have_count(len(own_items))


def test_html_named_pdf_is_refused_with_a_clear_error(
    open_app: Callable[..., Page], app_database: Path, tmp_path: Path
) -> None:
    """An HTML page renamed to .pdf is refused with the translated reason, and nothing is attached or stored."""
    item = untouched_item(OTHER_FOCAL)
    fake = tmp_path / "Laporan Kegiatan.pdf"
    fake.write_text("<!DOCTYPE html><html><body><script>alert('x')</script>Laporan</body></html>")
    with pytest.raises(LenteraError) as refused:  # what the store says about these bytes, in Indonesian
        EvidenceStore(tmp_path / "store", 10 * 1024 * 1024).save(io.BytesIO(fake.read_bytes()), fake.name)
    stored_before = evidence_files(app_database)

    page = open_app()
    sign_in_ok(page, OTHER_FOCAL, PASSWORDS[OTHER_FOCAL])
    open_item(page, item)
    upload(page, item, fake)
    expect(alerts(page).filter(has_text=fake.name)).to_have_text(
        [t("ui.evidence.refused", "id", name=fake.name, reason=refused.value.message("id"))]
    )
    expect(alerts(page).filter(has_text=t("ui.evidence.uploaded", "id", count=1))).to_have_count(0)
    expect(page.get_by_text(t("ui.evidence.none", "id"), exact=True)).to_be_visible()
    expect(by_key_prefix(page, "download_")).to_have_count(0)

    assert (
        submission_views.item_detail(actor_of(OTHER_FOCAL), submission_id=item.submission_id).evidence == []
    )
    assert evidence_files(app_database) == stored_before


def test_signing_out_removes_the_previous_users_menu(page: Page, app_database: Path) -> None:
    """After signing out, the sidebar no longer lists the pages of the user who left (here: an inspector).

    A regression test: the login screen once kept the previous user's menu after this very sequence.
    """
    sign_in_ok(page, INSPECTOR, PASSWORDS[INSPECTOR])
    choose(page, "queue_opd", f"{untouched_item(OTHER_FOCAL).abbreviation} · ")
    sign_out(page)
    expect(page.locator(NAV)).to_have_count(0)


def test_switching_language_changes_the_labels(page: Page, app_database: Path) -> None:
    """English on the login screen translates the form; after sign-in, switching back gives Indonesian again."""
    keys = [
        "ui.login.title",
        "ui.field.username",
        "ui.field.password",
        "ui.page.checklist",
        "period_state.open",
    ]
    assert all(t(key, "id") != t(key, "en") for key in keys)
    _, period_name = current_period(actor_of(LOGIN_ERROR_USER))
    expect(by_key(page, "login_username")).to_contain_text(t("ui.field.username", "id"))

    choose(page, "language_select", "English")
    expect(page.get_by_test_id("stHeading").filter(has_text=t("ui.login.title", "en"))).to_be_visible()
    expect(by_key(page, "login_username")).to_contain_text(t("ui.field.username", "en"))
    expect(by_key(page, "login_password")).to_contain_text(t("ui.field.password", "en"))
    expect(by_key(page, "login_submit")).to_have_text(t("ui.login.submit", "en"))

    sign_in_ok(page, LOGIN_ERROR_USER, PASSWORDS[LOGIN_ERROR_USER])
    links = page.locator(NAV).locator("a")
    expect(links).to_have_count(4)
    expect(links).to_contain_text(
        [
            t("ui.page.checklist", "en"),
            t("ui.page.actions", "en"),
            t("ui.page.inventory", "en"),
            t("ui.page.account", "en"),
        ]
    )
    expect(page.get_by_test_id("stHeading").filter(has_text=t("ui.page.checklist", "en"))).to_be_visible()
    expect(by_key(page, "logout")).to_contain_text(t("ui.logout", "en"))
    expect_chosen(page, "period_select", f"{period_name} · ")
    expect_chosen(page, "period_select", f" · {t('period_state.open', 'en')}")

    choose(page, "language_select", "Bahasa Indonesia")
    expect(links).to_contain_text([t("ui.page.checklist", "id"), t("ui.page.account", "id")])
    expect(page.get_by_test_id("stHeading").filter(has_text=t("ui.page.checklist", "id"))).to_be_visible()
    expect(by_key(page, "logout")).to_contain_text(t("ui.logout", "id"))
    expect_chosen(page, "period_select", f" · {t('period_state.open', 'id')}")
