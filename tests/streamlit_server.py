"""The real app under ``streamlit run app.py`` on a fresh demo, for the tests that talk to it over HTTP and the
websocket (``test_web_sessions.py``) or drive it in Chromium (``e2e/``).

``running_app`` runs ``lentera init --demo-if-empty`` in the given data folder, starts the server on a free port
(another on the port first, e.g. another pytest-xdist worker's server: it starts again on another), waits for
``/_stcore/health`` and stops the server on exit. ``stored_demo_passwords`` reads the passwords that init drew.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ports import retry_on_port_clash

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 90.0


def app_env(data_dir: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment pointed at ``data_dir`` in demo mode, without a database URL of the tests."""
    env = {**os.environ, "LENTERA_DATA_DIR": str(data_dir), "LENTERA_DEMO": "true", "PYTHONUNBUFFERED": "1"}
    for name in ("DATABASE_URL", "LENTERA_DATABASE_URL"):
        env.pop(name, None)
    return {**env, **(extra or {})}


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.read().decode() == "ok")
    except OSError:
        return False


def init_demo(env: Mapping[str, str]) -> None:
    # `python -m cli` from the checkout, not the `lentera` script: that one imports the editable install's code,
    # which in a git worktree sharing the venv is another checkout's (with other migrations).
    init = subprocess.run(
        [sys.executable, "-m", "cli", "init", "--demo-if-empty"], cwd=ROOT, env=dict(env), timeout=300,
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if init.returncode != 0:
        raise RuntimeError(f"lentera init failed:\n{init.stdout[-2000:]}\n{init.stderr[-2000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


def _serve(
    port: int, env: Mapping[str, str], log_path: Path, script: str = "app.py"
) -> tuple[str, subprocess.Popen[bytes]]:
    """``streamlit run`` on ``port``, returned once healthy; a server that exits first raises with its log."""
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", script,
                "--server.headless", "true",
                "--server.port", str(port),
                "--server.address", "127.0.0.1",
                "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none",
            ],
            cwd=ROOT, env=dict(env), stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while not healthy(url):
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            raise RuntimeError(f"streamlit did not start on port {port}:\n{log_path.read_text()}")
        time.sleep(0.25)
    return url, process


@contextmanager
def running_app(data_dir: Path, extra_env: Mapping[str, str] | None = None) -> Iterator[str]:
    """The app on a fresh demo in ``data_dir`` (created if missing); yields its URL. The server's log is
    ``data_dir/streamlit.log``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = app_env(data_dir, extra_env)
    init_demo(env)
    log_path = data_dir / "streamlit.log"
    url, process = retry_on_port_clash(lambda port: _serve(port, env, log_path))
    try:
        yield url
    finally:
        _stop(process)


@contextmanager
def running_script(script: Path, log_path: Path) -> Iterator[str]:
    """``streamlit run`` on a small script of a test's own (no database), with the project and ``tests/`` on its
    path; yields its URL."""
    pythonpath = os.pathsep.join([str(ROOT), str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": pythonpath, "PYTHONUNBUFFERED": "1"}
    url, process = retry_on_port_clash(lambda port: _serve(port, env, log_path, str(script)))
    try:
        yield url
    finally:
        _stop(process)


def stored_demo_passwords(data_dir: Path) -> dict[str, str]:
    """The demo passwords ``lentera init --demo-if-empty`` drew for the app's database (random per installation)."""
    from models.database import engine_for, session_scope
    from services import install

    engine = engine_for(f"sqlite:///{(data_dir / 'lentera.db').as_posix()}")
    try:
        with session_scope(engine, write=False) as session:
            stored = install.read(session, install.DEMO_PASSWORDS)
    finally:
        engine.dispose()
    assert stored, "the demo has no stored demo passwords"
    return dict(json.loads(stored))
