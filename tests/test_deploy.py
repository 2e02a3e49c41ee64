"""``deploy/``: the nginx configuration in front of the replicas is valid for Debian's nginx (``nginx -t``) and
agrees with the app's settings; the systemd unit starts replicas on the ports nginx sends traffic to."""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import threading
import tomllib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from nginx_proxy import SITE, check, runnable_site, running_proxy
from ports import free_port
from websockets.sync.client import connect
from websockets.sync.server import ServerConnection, serve

from config import Settings

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "deploy" / "systemd" / "lentera@.service"
ENV_EXAMPLE = ROOT / "deploy" / "lentera.env.example"


def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    """``nginx -t`` of the shipped site file (certificate paths swapped for a test certificate)."""
    checked = check(tmp_path, runnable_site(tmp_path))
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_an_upload_at_the_limit_gets_through_the_proxy_to_the_app() -> None:
    """``client_max_body_size`` is the upload limit plus the multipart envelope, and Streamlit's own cap is the
    limit: a file at the limit reaches the app; a larger one gets the app's translated message (up to 1 MiB over)."""
    limit = Settings().max_upload_mb
    body = re.search(r"^\s*client_max_body_size (\d+)m;", SITE.read_text(encoding="utf-8"), re.MULTILINE)
    assert body is not None and int(body.group(1)) == limit + 1
    streamlit = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert streamlit["server"]["maxUploadSize"] == limit
    assert f"LENTERA_MAX_UPLOAD_MB={limit}" in ENV_EXAMPLE.read_text(encoding="utf-8")


def test_sign_in_and_uploads_are_rate_limited_and_sessions_sticky() -> None:
    site = SITE.read_text(encoding="utf-8")
    for location, zone in (
        ("location = /lentera/claim", "lentera_signin"),
        ("location /_stcore/upload_file/", "lentera_upload"),
        ("location /_stcore/stream", "lentera_pages"),
    ):
        block = site.split(location, 1)[1].split("}", 1)[0]
        assert f"limit_req zone={zone}" in block, location
    upstream = site.split("upstream lentera_replicas", 1)[1].split("}", 1)[0]
    assert "hash $lentera_affinity consistent;" in upstream
    assert "map $cookie_lentera_session $lentera_affinity" in site  # the cookie of ui/web.py (COOKIE)


def test_nginx_drops_idle_replica_connections_before_the_replica_does() -> None:
    """A reused keep-alive connection the replica is closing would mark a healthy replica down for fail_timeout."""
    import uvicorn

    upstream = SITE.read_text(encoding="utf-8").split("upstream lentera_replicas", 1)[1].split("}", 1)[0]
    found = re.search(r"keepalive_timeout (\d+)s;", upstream)
    assert found is not None, "the upstream needs its own keepalive_timeout (nginx's default is 60 s)"
    replica_idle_limit = uvicorn.Config(app="app:app").timeout_keep_alive  # what `streamlit run` serves with
    assert int(found.group(1)) < replica_idle_limit


def test_replicas_listen_only_on_loopback_on_the_ports_nginx_uses() -> None:
    """The unit's instance is the port; the README's enable command names exactly the upstream's ports."""
    unit = UNIT.read_text(encoding="utf-8")
    assert "--server.address 127.0.0.1 --server.port %i" in unit
    ports = re.findall(r"server 127\.0\.0\.1:(\d+)", SITE.read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    enable = re.search(r"systemctl enable --now ((?:lentera@\d+ ?)+)", readme)
    assert enable is not None and re.findall(r"lentera@(\d+)", enable.group(1)) == ports


def test_the_app_sees_the_client_address_on_the_websocket_too(tmp_path: Path) -> None:
    """Sign-in runs over the websocket, so its throttling needs ``X-Real-IP`` there too: nginx drops the server's
    ``proxy_set_header`` lines in a location that sets its own, as the websocket's does."""
    seen: dict[str, str | None] = {}

    def handler(connection: ServerConnection) -> None:
        headers = connection.request.headers if connection.request else {}
        seen.update({name: headers.get(name) for name in ("X-Real-IP", "X-Forwarded-Proto", "Host")})
        connection.send("ok")

    with serve(handler, "127.0.0.1", 0) as upstream:
        threading.Thread(target=upstream.serve_forever, daemon=True).start()
        port = upstream.socket.getsockname()[1]
        with running_proxy(tmp_path, free_port(), [port]) as url:
            tls = ssl.create_default_context()
            tls.check_hostname, tls.verify_mode = False, ssl.CERT_NONE
            host = url.removeprefix("https://")
            with connect(f"wss://{host}/_stcore/stream", ssl=tls, source_address=("127.0.0.9", 0)) as client:
                assert client.recv(timeout=10) == "ok"
        upstream.shutdown()
    assert seen == {"X-Real-IP": "127.0.0.9", "X-Forwarded-Proto": "https", "Host": "127.0.0.1"}


def test_replicas_skip_streamlits_full_garbage_collection_after_every_rerun() -> None:
    """A replica started in the checkout (as the systemd unit does) does not force a full collection per rerun: it
    cost 0.15 s of CPU on every rerun of the Sekda's overview (bench/README.md, "Python's GC")."""
    import subprocess
    import sys

    # The unit starts replicas where .streamlit/config.toml is.
    assert "WorkingDirectory=/opt/lentera" in UNIT.read_text(encoding="utf-8")
    shown = subprocess.run(
        [sys.executable, "-c", "from streamlit import config; print(config.get_option('runner.postScriptGC'))"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert shown.stdout.strip() == "False"


class _Replica(BaseHTTPRequestHandler):
    """A stand-in replica behind the real nginx: 200 to everything; the sign-in code swap says no-referrer, as
    the app's does (``ui/web.py``), every other answer carries no Referrer-Policy."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(200)
        if self.path.startswith("/lentera/claim"):
            self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_PUT = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def _proxied_replica(folder: Path) -> Iterator[str]:
    replica = ThreadingHTTPServer(("127.0.0.1", 0), _Replica)
    threading.Thread(target=replica.serve_forever, daemon=True).start()
    try:
        with running_proxy(folder, free_port(), [replica.server_address[1]]) as url:
            yield url.removeprefix("https://")
    finally:
        replica.shutdown()


def _connection(host: str, client: str) -> http.client.HTTPSConnection:
    tls = ssl.create_default_context()
    tls.check_hostname, tls.verify_mode = False, ssl.CERT_NONE
    return http.client.HTTPSConnection(host, context=tls, source_address=(client, 0), timeout=10)


def _send(
    connection: http.client.HTTPSConnection, method: str, path: str, cookie: str | None
) -> http.client.HTTPResponse:
    headers = {"Cookie": f"lentera_session={cookie}"} if cookie else {}
    connection.request(method, path, body=b"x" * 100 if method == "PUT" else None, headers=headers)
    response = connection.getresponse()
    response.read()
    return response


def _request(
    host: str, method: str, path: str, *, client: str = "127.0.0.1", cookie: str | None = None
) -> http.client.HTTPResponse:
    connection = _connection(host, client)
    try:
        return _send(connection, method, path, cookie)
    finally:
        connection.close()


def _statuses(host: str, method: str, path: str, cookies: Sequence[str | None], *, client: str) -> list[int]:
    """One request per cookie, back to back on one kept-alive connection: a burst as fast as nginx answers
    (a TLS handshake per request on a busy machine spaced them out enough for the buckets to refill)."""
    connection = _connection(host, client)
    statuses = []
    try:
        for cookie in cookies:
            response = _send(connection, method, path, cookie)
            statuses.append(response.status)
            if response.will_close:
                connection.close()
                connection = _connection(host, client)
    finally:
        connection.close()
    return statuses


def test_an_office_behind_one_address_signs_in_and_uploads_a_batch_but_a_flood_is_stopped(
    tmp_path: Path,
) -> None:
    """From one address: 30 sign-ins (the code swap) and 40 page loads at once pass, and a session's 40-file
    upload passes while another session uploads too; past that, requests get 429 (per address for sign-in and
    page loads, per session for uploads, and per address for uploads under made-up cookies)."""
    with _proxied_replica(tmp_path) as host:
        claims, pages = [None] * 30, [None] * 40
        assert set(_statuses(host, "GET", "/lentera/claim?code=x", claims, client="127.0.0.21")) == {200}
        assert set(_statuses(host, "GET", "/_stcore/stream", pages, client="127.0.0.22")) == {200}
        upload = "/_stcore/upload_file/session/file"
        office_a, office_b = ["office-a"] * 40, ["office-b"] * 20
        assert set(_statuses(host, "PUT", upload, office_a, client="127.0.0.23")) == {200}
        assert set(_statuses(host, "PUT", upload, office_b, client="127.0.0.23")) == {200}
        assert 429 in _statuses(host, "GET", "/lentera/claim?code=x", claims, client="127.0.0.21")
        assert 429 in _statuses(host, "GET", "/_stcore/stream", [None] * 60, client="127.0.0.22")
        assert 429 in _statuses(host, "PUT", upload, office_a[:20], client="127.0.0.23")
        assert _request(host, "PUT", upload, client="127.0.0.24", cookie="office-c").status == 200
        # A flood with a new cookie on every request meets the address's own limit.
        made_up = _statuses(host, "PUT", upload, [f"made-up-{n}" for n in range(240)], client="127.0.0.25")
        assert set(made_up[:100]) == {200} and 429 in made_up


def test_the_apps_referrer_policy_reaches_the_browser_and_nginx_adds_one_where_it_answers(
    tmp_path: Path,
) -> None:
    """The app's no-referrer on the sign-in code swap arrives as the only Referrer-Policy; a response without
    one gets same-origin; HSTS is added, and no nginx version is told."""
    with _proxied_replica(tmp_path) as host:
        claim = _request(host, "GET", "/lentera/claim?code=x", client="127.0.0.31")
        assert claim.headers.get_all("Referrer-Policy") == ["no-referrer"]
        page = _request(host, "GET", "/", client="127.0.0.31")
        assert page.headers.get_all("Referrer-Policy") == ["same-origin"]
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")
        assert page.headers["Server"] == "nginx"


def test_tls_1_2_is_offered_with_forward_secret_ciphers_only(tmp_path: Path) -> None:
    """A TLS 1.2 client offering only ciphers without forward secrecy is refused; an ordinary one gets ECDHE."""

    def tls12(ciphers: str | None = None) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        context.maximum_version = ssl.TLSVersion.TLSv1_2
        if ciphers:
            context.set_ciphers(ciphers)
        return context

    with _proxied_replica(tmp_path) as host:
        address, port = host.split(":")
        with (
            socket.create_connection((address, int(port)), timeout=10) as raw,
            tls12().wrap_socket(raw) as secured,
        ):
            cipher = secured.cipher()
            assert cipher is not None and cipher[0].startswith("ECDHE-")
        with (
            socket.create_connection((address, int(port)), timeout=10) as raw,
            pytest.raises(ssl.SSLError),
        ):
            tls12("AES128-SHA:AES256-GCM-SHA384:AES128-GCM-SHA256").wrap_socket(raw)


def test_the_settings_file_means_the_same_to_the_shell_and_to_systemd(tmp_path: Path) -> None:
    """``deploy/lentera.env.example`` read as the README's ``lentera`` commands read it (``sh``, ``set -a``) gives
    every variable the value systemd's ``EnvironmentFile`` gives (quotes removed), each one the app reads, and
    the settings it means: PostgreSQL over TLS with the server's certificate checked, evidence in the database."""
    import subprocess

    assigned = [
        line.split("=", 1)
        for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    systemd = {name: value.strip().strip('"') for name, value in assigned}
    shown = subprocess.run(
        ["sh", "-c", f'set -a; . "{ENV_EXAMPLE}"; env -0'],
        capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"},
    ).stdout  # fmt: skip
    shell = dict(entry.split("=", 1) for entry in shown.split("\0") if "=" in entry)
    assert {name: shell.get(name) for name in systemd} == systemd
    read = {"DATABASE_URL"} | {f"LENTERA_{name.upper()}" for name in Settings.model_fields}
    assert set(systemd) <= read
    fields = {
        name if name == "DATABASE_URL" else name.removeprefix("LENTERA_").lower(): value
        for name, value in systemd.items()
    }
    settings = Settings.model_validate(fields)  # these values alone: no environment, no .env
    assert settings.sqlalchemy_url.startswith("postgresql+psycopg://")
    assert "sslmode=verify-full" in settings.sqlalchemy_url
    assert settings.evidence_store == "database" and settings.secure_cookies
