"""The shipped nginx site (``deploy/nginx/lentera.conf``) made runnable in a temp folder: a throwaway self-signed
certificate instead of the real one, and optionally a loopback port and the test's replica ports. Used by
``test_deploy.py`` (``nginx -t``) and the replica journey (``e2e/test_replicas.py``, which runs it)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx" / "lentera.conf"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)


def needs(binary: str | None, name: str) -> str:
    """The binary, or SKIP locally and FAIL under ``CI=true`` (.ci/run installs it)."""
    if binary is None:
        message = f"{name} not installed"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    return binary


def runnable_site(folder: Path, *, port: int | None = None, replicas: Sequence[int] = ()) -> Path:
    """The main configuration file of an nginx that serves the shipped site from ``folder``: on 127.0.0.1:``port``
    (HTTPS only) to the replicas on ``replicas`` when given, else exactly as shipped (for ``nginx -t``)."""
    openssl = needs(shutil.which("openssl"), "openssl")
    certificate, key = folder / "lentera.crt", folder / "lentera.key"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = SITE.read_text(encoding="utf-8")
    site = site.replace("/etc/ssl/certs/lentera.crt", str(certificate))
    site = site.replace("/etc/ssl/private/lentera.key", str(key))
    if port is not None:
        site = re.sub(r"server \{\n    listen 80;.*?\n\}\n", "", site, count=1, flags=re.DOTALL)  # no HTTP
        site = re.sub(r"\n    listen \[::\]:443 ssl http2;", "", site)
        site = re.sub(r"listen 443 ssl http2;", f"listen 127.0.0.1:{port} ssl http2;", site)
    if replicas:
        servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n" for p in replicas)
        site = re.sub(r"(    server 127\.0\.0\.1:\d+ max_fails=1 fail_timeout=10s;\n)+", servers, site)
    (folder / "lentera.conf").write_text(site, encoding="utf-8")
    # As root, workers would run as nobody, who cannot write the temp folders under the test's private tmp.
    user = "user root;\n" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    main = folder / "nginx.conf"
    main.write_text(
        f"{user}pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {folder}/body;\n  proxy_temp_path {folder}/proxy;\n"
        f"  fastcgi_temp_path {folder}/fastcgi;\n  uwsgi_temp_path {folder}/uwsgi;\n  scgi_temp_path {folder}/scgi;\n"
        f"  include {folder}/lentera.conf;\n}}\n",
        encoding="utf-8",
    )
    return main


def check(folder: Path, main: Path) -> subprocess.CompletedProcess[str]:
    nginx = needs(nginx_binary(), "nginx")
    return subprocess.run(
        [nginx, "-t", "-p", str(folder), "-c", str(main), "-e", str(folder / "error.log")],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip


@contextmanager
def running_proxy(folder: Path, port: int, replicas: Sequence[int]) -> Iterator[str]:
    """nginx in the foreground on 127.0.0.1:``port`` in front of ``replicas``; yields its https URL."""
    nginx = needs(nginx_binary(), "nginx")
    main = runnable_site(folder, port=port, replicas=replicas)
    process = subprocess.Popen(
        [nginx, "-p", str(folder), "-c", str(main), "-e", str(folder / "error.log"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 15
        while not (folder / "nginx.pid").exists():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start: {process.stderr.read() if process.stderr else ''}")
            time.sleep(0.1)
        yield f"https://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=15)
