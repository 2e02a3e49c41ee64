"""``deploy/``: the nginx configuration in front of the replicas is valid for Debian's nginx (``nginx -t``) and
agrees with the app's settings; the systemd unit starts replicas on the ports nginx sends traffic to."""

from __future__ import annotations

import re
import ssl
import threading
import tomllib
from pathlib import Path

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
