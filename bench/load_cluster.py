"""The installation ``bench_load.py`` loads: the Maluku Utara demo in PostgreSQL, N replicas, the shipped nginx.

As ``tests/e2e/test_replicas.py`` builds it, and as an installation moves to replicas: ``lentera init`` seeds the
demo into SQLite, ``lentera backup`` + ``lentera restore`` put it into a throwaway PostgreSQL server (the test
suite's ``tests/pg_server.py``) with the evidence in the database, so the replicas share nothing but the
database. Each configuration gets its own copy of that database (``CREATE DATABASE … TEMPLATE``), its
``streamlit run`` replicas and ``deploy/nginx/lentera.conf`` in front of them over HTTPS on loopback (sticky
sessions on the sign-in cookie, rate limits, ``X-Real-IP``, which the replicas trust: ``client_address_header``).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen

from nginx_proxy import running_proxy
from pg_server import PostgresServer, postgres_bin_dir, running_postgres
from ports import free_port, retry_on_port_clash
from streamlit_server import _serve, _stop, app_env, init_demo, stored_demo_passwords

ROOT = Path(__file__).resolve().parent.parent
LOAD_DB = "lentera_load"


@dataclass
class Cluster:
    url: str  # nginx's
    ports: list[int]
    processes: list[Popen[bytes]]


@dataclass(frozen=True)
class Memory:
    """A replica's resident memory now and at its peak (``VmRSS``, ``VmHWM``), MB."""

    rss: float
    peak: float


def _cli(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cli", *args], cwd=ROOT, env=env, timeout=900, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"lentera {args[0]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


@contextmanager
def demo_in_postgres(folder: Path) -> Iterator[tuple[PostgresServer, dict[str, str]]]:
    """A PostgreSQL server holding the restored demo as ``LOAD_DB``; yields the server and the demo passwords."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL binaries (initdb, pg_ctl) not found")
    sqlite_dir = folder / "sqlite"
    sqlite_dir.mkdir()
    init_demo(app_env(sqlite_dir))
    passwords = stored_demo_passwords(sqlite_dir)
    _cli(["backup", str(folder / "cadangan")], app_env(sqlite_dir))
    with running_postgres(bin_dir) as server:
        url = server.create_database(LOAD_DB)
        env = app_env(folder / "restored", {"DATABASE_URL": url, "LENTERA_EVIDENCE_STORE": "database"})
        _cli(["restore", str(folder / "cadangan")], env)
        yield server, passwords


@contextmanager
def running_cluster(folder: Path, server: PostgresServer, replicas: int) -> Iterator[Cluster]:
    """``replicas`` app processes on a fresh copy of the restored demo, behind nginx; stopped on exit."""
    name = f"{LOAD_DB}_{replicas}"
    url = server.create_database(name, template=LOAD_DB)
    shared = {"DATABASE_URL": url, "LENTERA_EVIDENCE_STORE": "database", "LENTERA_SECURE_COOKIES": "true",
              "LENTERA_CLIENT_ADDRESS_HEADER": "X-Real-IP"}  # fmt: skip
    envs = [app_env(folder / f"replica-{replicas}-{index}", shared) for index in range(replicas)]
    ports: list[int] = [0] * replicas
    processes: list[Popen[bytes] | None] = [None] * replicas

    def launch(index: int) -> None:
        def on(port: int) -> tuple[str, Popen[bytes]]:
            ports[index] = port
            return _serve(port, envs[index], folder / f"replica-{replicas}-{index}.log")

        _url, processes[index] = retry_on_port_clash(on)

    def stop_all() -> None:
        for process in processes:
            if process is not None and process.poll() is None:
                _stop(process)

    with ExitStack() as stack:
        stack.callback(server.drop_database, name)
        stack.callback(stop_all)
        with ThreadPoolExecutor(replicas) as pool:
            for started in [pool.submit(launch, index) for index in range(replicas)]:
                started.result()
        proxy_folder = folder / f"nginx-{replicas}"
        proxy_folder.mkdir()
        proxy_url = stack.enter_context(running_proxy(proxy_folder, free_port(), ports))
        yield Cluster(proxy_url, ports, [p for p in processes if p is not None])


def memory(process: Popen[bytes]) -> Memory:
    fields = {}
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return Memory(fields.get("VmRSS", float("nan")), fields.get("VmHWM", float("nan")))


def connections(port: int) -> int:
    """Established TCP connections to a replica's port (nginx's websockets and keep-alive connections to it)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if parts[3] == "01" and int(parts[1].rsplit(":", 1)[1], 16) == port:
                count += 1
    return count
