"""``lentera check-links`` against a local HTTPS server on 127.0.0.1 (never the internet): a URL that answers, one
that answers 404, one where nothing listens; the answers are recorded on each service and the run is audited."""

from __future__ import annotations

import http.server
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import World, build_world
from ports import free_port
from sqlmodel import select

from cli import main
from models.database import session_scope
from models.tables import AuditEvent
from services import inventory
from services.inventory import ServiceEntry


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        if self.path == "/tanpa-head":
            self.send_response(405)
        else:
            self.send_response(200 if self.path.startswith("/ada") else 404)
        self.end_headers()

    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def https_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A TLS server with a self-signed certificate for 127.0.0.1 (made by openssl); yields its port and the cert."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], cert
    server.shutdown()
    server.server_close()


def test_check_links_records_which_service_urls_answer(
    sqlite_url: str, https_server: tuple[int, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Two answer (one only to GET), one says 404, one has nobody listening; the exit code says some failed."""
    port, cert = https_server
    world: World = build_world(with_period=False)
    closed = free_port()
    urls = {
        "Ada": f"https://127.0.0.1:{port}/ada",
        "Hanya GET": f"https://127.0.0.1:{port}/tanpa-head",
        "Hilang": f"https://127.0.0.1:{port}/hilang",
        "Mati": f"https://127.0.0.1:{closed}/",
    }
    for name, url in urls.items():
        inventory.save_service(
            world.focal_a, organisation_id=world.opd_a, entry=ServiceEntry(name=name, url=url)
        )

    code = main(["check-links", "--timeout", "5", "--cafile", str(cert)])

    assert code == 1
    printed = capsys.readouterr().out
    assert "4 URL(s) checked, 2 answered, 2 did not" in printed
    services = inventory.inventory(world.admin, organisation_id=world.opd_a).services.set_index("name")
    assert services.loc["Ada", "url_ok"] and services.loc["Ada", "url_status"] == "HTTP 200"
    assert services.loc["Hanya GET", "url_ok"]
    assert not services.loc["Hilang", "url_ok"] and services.loc["Hilang", "url_status"] == "HTTP 404"
    assert not services.loc["Mati", "url_ok"] and services.loc["Mati", "url_checked_at"] is not None
    with session_scope() as session:
        assert session.exec(
            select(AuditEvent.after).where(AuditEvent.action == "inventory.links_checked")
        ).one() == {
            "checked": 4,
            "answered": 2,
        }
