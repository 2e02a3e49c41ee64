"""A few real browsers beside ``bench_load.py``'s simulated users: the Sekda in headless Chromium (Playwright).

Each session is its own browser context (its own cookies), signed in through the login form and the claim route
as a person does. Its figure is the Sekda's overview: a page load of the app (``goto``, so a new websocket and a
new Streamlit session on the sign-in cookie) until the overview's headline cards are drawn and still so 0.3 s
later (``bench_pages.timed``, the same measure as ``bench_pages.py``). Playwright's sync API stays in the thread
that started it: ``bench_load.py`` drives these from its main thread while the simulated users run in others.
"""

from __future__ import annotations

from functools import partial

from bench_pages import APP_TARGETS, TIMEOUT_MS, timed
from load_users import LEADER, Tally
from playwright.sync_api import Page, sync_playwright

LOGIN_FORM = ".st-key-login_username input"


class Chromium:
    def __init__(self, executable: str) -> None:
        from e2e.conftest import CHROMIUM_ARGS

        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        self.pages: list[Page] = []

    def sign_in(self, url: str, password: str, sessions: int, tally: Tally) -> None:
        """``sessions`` new contexts, each signed in as the Sekda; the sign-in times go into ``tally``."""
        for _ in range(sessions):
            context = self.browser.new_context(
                viewport={"width": 1440, "height": 1000}, locale="id-ID", ignore_https_errors=True
            )
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            try:
                timed(page, partial(page.goto, f"{url}/"), LOGIN_FORM)
                page.locator(LOGIN_FORM).fill(LEADER)
                page.locator(".st-key-login_password input").fill(password)
                # the typed text reaches the widgets' state before the button is pressed
                page.wait_for_timeout(300)
                submit = page.locator(".st-key-login_submit").get_by_role("button")
                seconds = timed(page, submit.click, APP_TARGETS.signed_in)
            except Exception as error:
                tally.failed("chromium sign-in", LEADER, error)
                context.close()
                continue
            tally.sign_ins.append(seconds)
            self.pages.append(page)

    def overview(self, url: str, tally: Tally) -> None:
        """Each signed-in session opens the overview once; the times go into ``tally.pages["leader"]``."""
        for page in self.pages:
            try:
                seconds = timed(page, partial(page.goto, f"{url}/"), APP_TARGETS.signed_in)
            except Exception as error:
                tally.failed("chromium", LEADER, error)
                continue
            tally.pages["leader"].append(seconds)

    def close_sessions(self) -> None:
        for page in self.pages:
            page.context.close()
        self.pages = []

    def close(self) -> None:
        self.close_sessions()
        self.browser.close()
        self._playwright.stop()
