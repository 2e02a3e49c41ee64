"""The sign-in lives in the browser's session cookie (issue 12, High 1), in real Chromium against ``streamlit run``.

A reload, a second tab and a bookmark used to start a new Streamlit session and so ask for the password again;
now they present the cookie and stay signed in, while signing out ends the sign-in for every tab. The cookie
is HttpOnly and SameSite=Strict, so page scripts cannot read it and other sites cannot send it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from streamlit_server import stored_demo_passwords

from e2e.conftest import E2EApp
from e2e.steps import NAV, act, by_key, choose, sign_in_ok, sign_out, wait_for_app_run
from i18n import t

pytestmark = pytest.mark.e2e

LEADER = "sekda"


def reload(page: Page) -> None:
    page.reload()
    wait_for_app_run(page)


def expect_signed_in(page: Page, username: str) -> None:
    expect(page.locator(NAV)).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_contain_text(username)


def expect_login_form(page: Page) -> None:
    expect(by_key(page, "login_username")).to_be_visible()
    expect(page.locator(NAV)).to_have_count(0)


def test_a_reload_and_a_second_tab_stay_signed_in_until_sign_out(page: Page, e2e_app: E2EApp) -> None:
    sign_in_ok(page, LEADER, stored_demo_passwords(e2e_app.data_dir)[LEADER])
    reload(page)
    expect_signed_in(page, LEADER)

    second = page.context.new_page()  # a second tab, or a bookmark opened in the same browser
    second.goto(f"{e2e_app.url}/")
    wait_for_app_run(second)
    expect_signed_in(second, LEADER)

    cookie = next(c for c in page.context.cookies() if c["name"] == "lentera_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert "lentera_session" not in page.evaluate("document.cookie")

    sign_out(page)
    reload(page)
    expect_login_form(page)  # signed out, a reload asks for the password
    reload(second)
    expect_login_form(second)  # and so does the other tab


def test_a_tab_switch_after_signing_out_elsewhere_shows_the_login_form(page: Page, e2e_app: E2EApp) -> None:
    """The overview's tabs rerun on their own (a fragment, without the page around them), yet opening a tab after
    the sign-in ended in another browser tab shows the login form, not the tab's data."""
    sign_in_ok(page, LEADER, stored_demo_passwords(e2e_app.data_dir)[LEADER])
    heatmap = page.get_by_role("tab", name=t("ui.tab.heatmap", "id"))
    expect(heatmap).to_be_visible()  # the leader's home is the overview

    second = page.context.new_page()
    second.goto(f"{e2e_app.url}/")
    wait_for_app_run(second)
    sign_out(second)

    act(page, heatmap.click)
    expect_login_form(page)
    expect(page.get_by_text(t("ui.overview.heatmap_note", "id"))).to_have_count(0)


def test_a_tab_opened_in_english_is_drawn_in_english(page: Page, e2e_app: E2EApp) -> None:
    """The overview's tabs rerun on their own, in a new thread, yet an English user's opened tab keeps English:
    its labels, its note and its numbers (the language is set again for the fragment, not only by the shell)."""
    sign_in_ok(page, LEADER, stored_demo_passwords(e2e_app.data_dir)[LEADER])
    choose(page, "language_select", "English")
    act(page, page.get_by_role("tab", name=t("ui.tab.heatmap", "en")).click)
    expect(page.get_by_text(t("ui.overview.heatmap_note", "en"))).to_be_visible()
    expect(page.get_by_text(t("ui.overview.heatmap_note", "id"))).to_have_count(0)
    for key in ("ui.tab.region_ranking", "ui.tab.gaps", "ui.tab.trend"):
        expect(page.get_by_role("tab", name=t(key, "en"))).to_be_visible()
