"""What a person does in the browser, in one place: sign in and out, pick from a select box, read a metric.

Elements are found by Streamlit's test ids (``stAlert``, ``stMetric``...) and by widget keys, which Streamlit
renders as the CSS class ``st-key-<key>`` (characters other than letters, digits, ``_`` and ``-`` become ``-``).
After every action the step waits until the rerun that action caused has started (a counter kept by
``RUN_COUNTER_SCRIPT`` in the page) and then finished; assertions use Playwright's retrying ``expect``. Both
matter on a busy machine, where a rerun can take seconds to even begin.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

expect.set_options(timeout=30_000)  # a rerun on a loaded machine can take seconds

NAV = "[data-testid='stSidebarNav']"


def key_class(key: str) -> str:
    """The CSS class Streamlit gives the element container of a widget with ``key``."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def by_key(page: Page, key: str) -> Locator:
    return page.locator(f".{key_class(key)}")


def by_key_prefix(page: Page, prefix: str) -> Locator:
    """Widgets whose key starts with ``prefix`` (keys that end in a version number, for instance)."""
    return page.locator(f"[class*='{key_class(prefix)}']")


def act(page: Page, action: Callable[[], object], *, start_ms: int = 10_000) -> None:
    """Do ``action``, wait for the rerun it causes to start (up to ``start_ms``), then for all runs to end.

    Only for actions that reach the server: one that does not (opening an expander, a field inside a form) would
    wait out ``start_ms`` for nothing. A page that loads anew (signing out) counts as started.
    """
    before = page.evaluate("[window.__lenteraRuns || 0, window.__lenteraPage]")
    action()
    # No run at all means nothing the server had to hear about; the caller's expect() tells if that was right.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(
            "([n, id]) => (window.__lenteraRuns || 0) > n || window.__lenteraPage !== id",
            arg=before,
            timeout=start_ms,
        )
    wait_for_app_run(page, pause_ms=0)


def click(page: Page, key: str) -> None:
    """Click the button with ``key`` and wait for the app to finish what the click started."""
    act(page, by_key(page, key).get_by_role("button").click)  # a button with help also has a hidden twin


def expand(page: Page, key: str) -> None:
    """Open the expander with ``key`` unless it is open already (in the browser only: no rerun to wait for)."""
    details = by_key(page, key).locator("details").first
    if details.get_attribute("open") is None:
        by_key(page, key).locator("summary").first.click()
    expect(details).to_have_attribute("open", "")
    # it opens with a half-second animation; a field inside clicked and typed into meanwhile loses its text (an
    # animation cancelled by a redraw rejects its promise: that is done too)
    details.evaluate("el => Promise.all(el.getAnimations().map((a) => a.finished.catch(() => null)))")


def sign_in(page: Page, username: str, password: str) -> None:
    by_key(page, "login_username").locator("input").fill(username)
    by_key(page, "login_password").locator("input").fill(password)
    click(page, "login_submit")


def sign_in_ok(page: Page, username: str, password: str) -> None:
    sign_in(page, username, password)
    expect(page.locator(NAV)).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_contain_text(username)


def sign_out(page: Page) -> None:
    """Sign out and land on the login form, with no menu left from the user who signed out."""
    click(page, "logout")
    expect(by_key(page, "login_username")).to_be_visible()
    expect(page.locator(NAV)).to_have_count(0)


def go_to(page: Page, url_path: str) -> None:
    """Follow the sidebar link to a page (inside the session; a typed URL would start a new session)."""
    act(page, page.locator(f"{NAV} a[href$='/{url_path}']").click)


def nav_paths(page: Page) -> set[str]:
    """The URL paths of the pages in the sidebar navigation ("" is the role's home page)."""
    hrefs = [link.get_attribute("href") or "" for link in page.locator(f"{NAV} a").all()]
    return {re.sub(r"^https?://[^/]+/?", "", href) for href in hrefs}


def choose(page: Page, key: str, text: str) -> None:
    """Pick the option containing ``text`` in the select box whose key starts with ``key`` (typing filters)."""
    field = by_key_prefix(page, key).get_by_role("combobox")
    if text in (field.input_value() or ""):
        return  # already chosen: choosing it again would not rerun the app
    field.click()
    field.fill(text)
    act(page, page.get_by_role("option").filter(has_text=text).first.click)


def expect_chosen(page: Page, key: str, text: str, *, timeout_ms: float | None = None) -> None:
    """The select box whose key starts with ``key`` shows an option containing ``text`` (its combobox's value)."""
    field = by_key_prefix(page, key).get_by_role("combobox")
    expect(field).to_have_value(re.compile(re.escape(text)), timeout=timeout_ms)


def alerts(page: Page) -> Locator:
    return page.get_by_test_id("stAlert")


def metric_value(page: Page, label: str) -> Locator:
    """The value of the metric card labelled ``label`` (exactly)."""
    card = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )
    expect(card).to_have_count(1)
    return card.get_by_test_id("stMetricValue")


RUN_TIMEOUT_MS = 90_000  # the machine may be busy with other test suites: slow is fine, lost is not
RUN_COUNTER_SCRIPT = """
window.__lenteraRuns = 0;
window.__lenteraPage = Math.random();
new MutationObserver((records) => {
    for (const record of records) {
        if (record.oldValue !== "running") window.__lenteraRuns += 1;
    }
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ["data-test-script-state"]});
"""
"""Counts script runs as they start (every change of the script state that does not come from "running", so a
run that starts and ends between two observer calls counts too), and marks each page load with its own id; the
conftest adds it to every browser context."""
_SETTLED = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    return app !== null
        && app.getAttribute("data-test-connection-state") === "CONNECTED"
        && app.getAttribute("data-test-script-state") === "notRunning"
        && document.querySelector("[data-stale='true']") === null;
}"""


def wait_for_app_run(page: Page, settle_ms: int = 200, *, pause_ms: int = 100) -> None:
    """Block until Streamlit is connected, its script has finished running and no element is left stale.

    Checked twice with a pause between, because a run that ends in ``st.rerun()`` starts another one. The first
    pause gives a run just asked for time to start (``act`` has seen it start already, so it passes 0).
    """
    if pause_ms:
        page.wait_for_timeout(pause_ms)
    for _ in range(2):
        page.wait_for_function(_SETTLED, timeout=RUN_TIMEOUT_MS)
        page.wait_for_timeout(settle_ms)


def give_date(page: Page, key_prefix: str, day: date) -> None:
    """Type ``day`` into the date input whose key starts with the prefix (day, month, year fields, DD/MM/YYYY)."""
    widget = by_key_prefix(page, key_prefix)
    widget.get_by_role("spinbutton").first.click()
    page.keyboard.type(day.strftime("%d%m%Y"))
    # the date reaches the app when focus leaves the whole input (a click on its own label; outside a dialog
    # would close the dialog); inside a form it waits for the form's button, so there is no run to wait for
    label = widget.get_by_test_id("stWidgetLabel").first
    if widget.locator("xpath=ancestor::*[@data-testid='stForm']").count():
        label.click()
    else:
        act(page, label.click)
    expect(widget.get_by_role("spinbutton").first).to_have_attribute("aria-valuenow", str(day.day))


def upload_evidence(page: Page, code: str, path: Path, day: date) -> None:
    """On the open item: give the document date where the item asks for one, then drop the file in the uploader."""
    if by_key_prefix(page, f"docdate_{code}").count():
        give_date(page, f"docdate_{code}", day)
    uploader = by_key_prefix(page, f"upload_{code}").get_by_test_id("stFileUploaderDropzoneInput")
    act(page, lambda: uploader.set_input_files(path))
