"""End-to-end fixtures: the real app under `streamlit run` on a fresh demo database, driven by headless Chromium.

Playwright cannot download its own browser here, so it drives Debian's Chromium (`LENTERA_CHROMIUM`, else
`chromium` on PATH). Locally the tests skip without it; in CI (`CI=true`) a missing browser is a failure.
Waiting follows Streamlit's own e2e suite: after every interaction, wait until the app reports that the script
has finished running, then assert.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
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


def chromium_path() -> str | None:
    return os.environ.get("LENTERA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode() == "ok"
    except OSError:
        return False


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI for the end-to-end tests (set LENTERA_CHROMIUM)")
        pytest.skip("Chromium not installed; end-to-end tests skipped locally")
    return path


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory, chromium: str) -> Iterator[str]:
    """A running app on a fresh demo database in a temporary data folder."""
    data_dir = tmp_path_factory.mktemp("e2e-data")
    env = {
        **os.environ,
        "LENTERA_DATA_DIR": str(data_dir),
        "LENTERA_DEMO": "true",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DATABASE_URL", None)
    lentera = Path(sys.executable).with_name("lentera")
    subprocess.run([str(lentera), "init", "--demo-if-empty"], cwd=ROOT, env=env, check=True, timeout=300)
    port = _free_port()
    log = (data_dir / "streamlit.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.headless", "true",
            "--server.port", str(port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while not _healthy(url):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start:\n{(data_dir / 'streamlit.log').read_text()}")
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="id-ID")
    context.set_default_timeout(30_000)
    tab = context.new_page()
    tab.goto(app_url)
    wait_for_app_run(tab)
    yield tab
    context.close()


def wait_for_app_run(page: Page, settle_ms: int = 300) -> None:
    """Block until Streamlit is connected and its script has finished running."""
    page.wait_for_timeout(250)
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(
        state="attached", timeout=30_000
    )
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=30_000
    )
    page.wait_for_timeout(settle_ms)
