"""End-to-end fixtures: the real app under `streamlit run` on a fresh demo database, driven by headless Chromium.

Playwright cannot download its own browser here, so it drives Debian's Chromium (`LENTERA_CHROMIUM`, else
`chromium` on PATH). Locally the tests skip without it; in CI (`CI=true`) a missing browser is a failure.
Waiting follows Streamlit's own e2e suite: after every interaction, wait until the app reports that the script
has finished running, then assert with Playwright's retrying `expect`.

Fixtures:
- ``e2e_app`` (session): ``lentera init --demo-if-empty`` in a temp data folder, then ``streamlit run app.py``
  on a free port (``tests/streamlit_server.py``); yields the URL and the data folder. ``app_url`` is its URL.
  Under pytest-xdist every e2e test runs on one worker (group ``e2e``, see ``tests/conftest.py``), so the
  session has one app and one browser.
- ``app_database``: points this test process's settings at that same data folder, so a test can pick its
  items and compute expected numbers through ``services`` against the database the browser changes.
- ``open_app``: opens a fresh browser context (a fresh Streamlit session) on the app, 1440×1000 unless given a
  ``viewport`` (width, height); ``page`` is one of them.
  When a test fails (or always, with ``LENTERA_E2E_SCREENSHOTS=1``), every page it opened is saved as a PNG
  under ``test-results/`` (gitignored).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from streamlit_server import running_app

from e2e.steps import RUN_COUNTER_SCRIPT, wait_for_app_run

ROOT = Path(__file__).resolve().parents[2]
RESULTS_DIR = ROOT / "test-results"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@dataclass(frozen=True)
class E2EApp:
    url: str
    data_dir: Path


def chromium_path() -> str | None:
    return os.environ.get("LENTERA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the test item, so fixtures can tell in teardown whether the test failed."""
    report: pytest.TestReport = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI for the end-to-end tests (set LENTERA_CHROMIUM)")
        pytest.skip("Chromium not installed; end-to-end tests skipped locally")
    return path


@pytest.fixture(scope="session")
def e2e_app(tmp_path_factory: pytest.TempPathFactory, chromium: str) -> Iterator[E2EApp]:
    """A running app on a fresh demo database in a temporary data folder (``streamlit_server.running_app``)."""
    data_dir = tmp_path_factory.mktemp("e2e-data")
    with running_app(data_dir) as url:
        yield E2EApp(url=url, data_dir=data_dir)


@pytest.fixture(scope="session")
def app_url(e2e_app: E2EApp) -> str:
    return e2e_app.url


@pytest.fixture
def app_database(e2e_app: E2EApp, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This process's ``get_settings()``/``session_scope()`` now hit the app's own database; yields its folder."""
    from config import get_settings
    from models.database import engine_for

    monkeypatch.setenv("LENTERA_DATA_DIR", str(e2e_app.data_dir))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("LENTERA_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    url = get_settings().sqlalchemy_url
    yield e2e_app.data_dir
    engine_for(url).dispose()
    engine_for.cache_clear()
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def open_app(browser: Browser, app_url: str, request: pytest.FixtureRequest) -> Iterator[Callable[..., Page]]:
    """Open the app in a new browser context, i.e. a new Streamlit session with nobody signed in."""
    contexts: list[BrowserContext] = []

    def opener(path: str = "", *, viewport: tuple[int, int] = (1440, 1000)) -> Page:
        width, height = viewport
        context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
        context.set_default_timeout(30_000)
        context.add_init_script(RUN_COUNTER_SCRIPT)
        contexts.append(context)
        tab = context.new_page()
        tab.goto(f"{app_url}/{path.lstrip('/')}")
        wait_for_app_run(tab)
        return tab

    yield opener
    reports = request.node.stash.get(_REPORTS, {})
    failed = any(report.failed for report in reports.values())
    wanted = failed or os.environ.get("LENTERA_E2E_SCREENSHOTS") == "1"
    for number, context in enumerate(contexts, start=1):
        if wanted:
            _screenshot(context, f"{request.node.name}-{number}")
        context.close()


@pytest.fixture
def page(open_app: Callable[..., Page]) -> Page:
    return open_app()


def _screenshot(context: BrowserContext, name: str) -> None:
    RESULTS_DIR.mkdir(exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    for index, tab in enumerate(context.pages):
        try:
            tab.screenshot(path=RESULTS_DIR / f"{safe}-{index}.png", full_page=True)
        except Exception as err:  # a crashed tab must not hide the test's own failure
            print(f"screenshot {safe} failed: {err}")
