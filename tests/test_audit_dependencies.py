"""The dependency audit `.ci/run` calls (`make audit` → scripts/audit_dependencies.py), against a local HTTP server
that answers like PyPI's JSON API: what it reports, and that it never calls an unaudited pin clean."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "audit_dependencies.py"

VULNERABILITY = {
    "id": "GHSA-aaaa-bbbb-cccc",
    "aliases": ["CVE-2026-12345"],
    "fixed_in": ["2.0.1"],
    "withdrawn": None,
}


class FakeIndex:
    """Documents by URL path; every other path answers 404."""

    def __init__(self) -> None:
        self.documents: dict[str, dict[str, Any]] = {}
        self.requests: list[str] = []

    def project(self, name: str, newest: str, vulnerabilities: list[dict[str, Any]] | None = None) -> None:
        self.documents[f"/pypi/{name}/json"] = {
            "info": {"version": newest, "requires_python": ">=3.12"},
            "vulnerabilities": vulnerabilities or [],
        }

    def release(self, name: str, version: str, vulnerabilities: list[dict[str, Any]]) -> None:
        self.documents[f"/pypi/{name}/{version}/json"] = {
            "info": {"version": version},
            "vulnerabilities": vulnerabilities,
        }


@pytest.fixture
def index() -> Iterator[tuple[FakeIndex, str]]:
    fake = FakeIndex()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fake.requests.append(self.path)
            document = fake.documents.get(self.path)
            body = json.dumps(document).encode() if document is not None else b"{}"
            self.send_response(200 if document is not None else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake, f"http://127.0.0.1:{server.server_address[1]}/pypi"
    server.shutdown()


def run_audit(tmp_path: Path, pins: str, base_url: str) -> subprocess.CompletedProcess[str]:
    constraints = tmp_path / "constraints.txt"
    constraints.write_text(pins, encoding="utf-8")
    command = [sys.executable, str(SCRIPT), str(constraints), "--index", base_url, "--timeout", "5"]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_clean_newest_pins_pass_with_every_package_counted(
    tmp_path: Path, index: tuple[FakeIndex, str]
) -> None:
    """Pins that are the newest release and carry no vulnerability pass, and the summary counts them all."""
    fake, url = index
    fake.project("jinja2", "3.1.6")
    fake.project("streamlit", "1.67.0")
    result = run_audit(tmp_path, "Jinja2==3.1.6\nstreamlit==1.67.0\n", url)
    assert result.returncode == 0, result.stdout
    assert "2 of 2 pinned packages audited; 0 known vulnerabilities" in result.stdout
    assert "/pypi/jinja2/json" in fake.requests  # the name is canonicalised as PyPI expects


def test_a_vulnerable_newest_pin_fails_and_names_the_advisory(
    tmp_path: Path, index: tuple[FakeIndex, str]
) -> None:
    """A known vulnerability fails the audit and the output names the advisory, its CVE and the fixed release."""
    fake, url = index
    fake.project("tornado", "2.0.0", [VULNERABILITY])
    fake.project("click", "8.5.1")
    result = run_audit(tmp_path, "tornado==2.0.0\nclick==8.5.1\n", url)
    assert result.returncode == 1
    assert "VULNERABLE tornado==2.0.0: GHSA-aaaa-bbbb-cccc, CVE-2026-12345 (fixed in 2.0.1)" in result.stdout
    assert "1 known vulnerabilities in 1 packages" in result.stdout


def test_an_older_pin_is_audited_from_its_release_document(
    tmp_path: Path, index: tuple[FakeIndex, str]
) -> None:
    """An older pin is judged by its own release's data where the index has it, not by the newest release's."""
    fake, url = index
    fake.project("numpy", "2.5.5")
    fake.release("numpy", "2.4.6", [VULNERABILITY])
    result = run_audit(tmp_path, "numpy==2.4.6\n", url)
    assert result.returncode == 1
    assert "VULNERABLE numpy==2.4.6" in result.stdout


def test_an_older_pin_without_release_data_is_reported_not_audited(
    tmp_path: Path, index: tuple[FakeIndex, str]
) -> None:
    """An older pin the index has no release data for is listed as NOT audited (exit 3), never counted clean."""
    fake, url = index
    fake.project("numpy", "2.5.5")
    fake.project("click", "8.5.1")
    result = run_audit(tmp_path, "numpy==2.4.6\nclick==8.5.1\n", url)
    assert result.returncode == 3
    assert "NOT audited numpy==2.4.6: pinned 2.4.6, newest 2.5.5 (needs Python >=3.12)" in result.stdout
    assert "1 of 2 pinned packages audited" in result.stdout


def test_withdrawn_advisories_are_not_counted(tmp_path: Path, index: tuple[FakeIndex, str]) -> None:
    """An advisory the database withdrew does not fail the audit."""
    fake, url = index
    fake.project("requests", "2.34.2", [{**VULNERABILITY, "withdrawn": "2026-01-01T00:00:00Z"}])
    result = run_audit(tmp_path, "requests==2.34.2\n", url)
    assert result.returncode == 0, result.stdout


def test_an_unreachable_index_audits_nothing_and_says_so(tmp_path: Path) -> None:
    """With no index answering, every pin is NOT audited and the exit status is not a pass."""
    result = run_audit(tmp_path, "click==8.5.1\n", "http://127.0.0.1:9/pypi")
    assert result.returncode == 3
    assert "NOT audited click==8.5.1: index unreachable" in result.stdout
    assert "0 of 1 pinned packages audited" in result.stdout


def test_a_line_that_is_not_an_exact_pin_fails(tmp_path: Path, index: tuple[FakeIndex, str]) -> None:
    """A range or a URL in the constraints file cannot be audited for one version, so it fails with its line."""
    fake, url = index
    fake.project("click", "8.5.1")
    result = run_audit(tmp_path, "click==8.5.1\nnumpy>=2.0\n", url)
    assert result.returncode == 1
    assert "constraints.txt:2: not an exact pin (name==version): 'numpy>=2.0'" in result.stdout


def test_the_projects_own_constraints_are_all_exact_pins() -> None:
    """Every line of the shipped constraints.txt is an exact pin the audit can look up."""
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import audit_dependencies
    finally:
        sys.path.remove(str(SCRIPT.parent))
    pins, problems = audit_dependencies.read_pins(SCRIPT.parents[1] / "constraints.txt")
    assert problems == []
    assert len(pins) > 50


def test_an_index_without_vulnerability_data_audits_nothing(
    tmp_path: Path, index: tuple[FakeIndex, str]
) -> None:
    """A mirror that serves PyPI-style JSON without the vulnerabilities list leaves the pin NOT audited."""
    fake, url = index
    fake.project("urllib3", "1.26.0")
    del fake.documents["/pypi/urllib3/json"]["vulnerabilities"]
    result = run_audit(tmp_path, "urllib3==1.26.0\n", url)
    assert result.returncode == 3
    assert "NOT audited urllib3==1.26.0: the index gives no vulnerability data" in result.stdout
