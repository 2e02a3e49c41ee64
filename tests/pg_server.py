"""A throwaway PostgreSQL server for the test session, started from the distribution's binaries.

``tests/conftest.py`` turns it into the ``postgres_server`` fixture (skipped without binaries, failed under
``CI=true``); here is only the server's life: ``initdb`` in a temp folder, ``pg_ctl start`` with durability off
(the data is thrown away), a migrated ``lentera_template`` database each test database is copied from, and
``pg_ctl stop``. As root the server runs as ``postgres`` (or ``nobody``): PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from ports import retry_on_port_clash

from models.migrate import upgrade_database

PG_SUPERUSER = "lentera"
PG_TEMPLATE_DB = "lentera_template"


@dataclass
class PostgresServer:
    host: str
    port: int
    user: str
    root: Path
    started_in_seconds: float

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"

    def admin_connection(self) -> psycopg.Connection:
        return psycopg.connect(
            host=self.host, port=self.port, user=self.user, dbname="postgres", autocommit=True
        )

    def create_database(self, name: str, template: str | None = None) -> str:
        with self.admin_connection() as connection:
            suffix = f' TEMPLATE "{template}"' if template else ""
            connection.execute(f'CREATE DATABASE "{name}"{suffix}')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self.admin_connection() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_bin_dir() -> Path | None:
    """Where ``initdb`` and ``pg_ctl`` live: PATH first, then the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which("initdb")
    candidates = [Path(found).resolve().parent] if found else []
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates += versions
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists() and (folder / "postgres").exists():
            return folder
    return None


def unprivileged_account() -> pwd.struct_passwd | None:
    """PostgreSQL refuses to run as root: as root, run it as ``postgres`` (or ``nobody``)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root and no unprivileged account (postgres, nobody) to run PostgreSQL")


def run_as(command: list[str], account: pwd.struct_passwd | None, log: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C", "LANG": "C"}
    if account is not None:
        env["HOME"] = str(log.parent)
    result = subprocess.run(
        command,
        env=env,
        cwd=log.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        user=account.pw_uid if account else None,
        group=account.pw_gid if account else None,
        extra_groups=[] if account else None,
    )
    if result.returncode != 0:
        server_log = log.read_text(errors="replace") if log.exists() else ""
        raise RuntimeError(
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}\n{server_log}"
        )


def cluster_root(prefix: str, account: pwd.struct_passwd | None) -> Path:
    """A new folder of this server's own (every pytest-xdist worker starts its own servers), with ``sockets/``.

    Not under pytest's tmp folder: as root that one is 0700 and the postgres account could not enter it."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    (root / "sockets").mkdir()
    if account is not None:
        for path in (root, root / "sockets"):
            os.chown(path, account.pw_uid, account.pw_gid)
    return root


def init_cluster(bin_dir: Path, data: Path, account: pwd.struct_passwd | None, log: Path) -> None:
    run_as(
        [str(bin_dir / "initdb"), "-D", str(data), "-U", PG_SUPERUSER, "--auth=trust", "-E", "UTF8",
         "--locale=C", "--no-sync", "--no-instructions"],
        account, log,
    )  # fmt: skip


def start_cluster(
    bin_dir: Path, data: Path, sockets: Path, account: pwd.struct_passwd | None, log: Path, extra: str = ""
) -> tuple[int, str]:
    """``pg_ctl start`` on a free port (another pytest-xdist worker may take a port first: then another one);
    returns the port and the ``-o`` options, which a restart must repeat."""

    def start(port: int) -> tuple[int, str]:
        options = (
            f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off {extra}"
        ).strip()
        log.unlink(missing_ok=True)  # a clash is read from this attempt's log only
        run_as(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"],
            account,
            log,
        )
        return port, options

    return retry_on_port_clash(start)


def wait_until_accepting(server: PostgresServer, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            server.admin_connection().close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def running_postgres(bin_dir: Path) -> Iterator[PostgresServer]:
    """A started server holding the migrated template database; stopped and deleted on exit."""
    started = time.monotonic()
    account = unprivileged_account()
    root = cluster_root("lentera-pg-", account)
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    try:
        init_cluster(bin_dir, data, account, log)
        port, _ = start_cluster(
            bin_dir, data, sockets, account, log, "-c synchronous_commit=off -c max_connections=200"
        )
        server = PostgresServer("127.0.0.1", port, PG_SUPERUSER, root, 0.0)
        wait_until_accepting(server)
        server.create_database(PG_TEMPLATE_DB)
        upgrade_database(server.url(PG_TEMPLATE_DB))
        with server.admin_connection() as connection:
            # Templates must have no open connections while copied; none are left after the migration.
            connection.execute(f'ALTER DATABASE "{PG_TEMPLATE_DB}" WITH IS_TEMPLATE true')
        server.started_in_seconds = time.monotonic() - started
        yield server
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                check=False,
                user=account.pw_uid if account else None,
                group=account.pw_gid if account else None,
                extra_groups=[] if account else None,
            )
        shutil.rmtree(root, ignore_errors=True)
