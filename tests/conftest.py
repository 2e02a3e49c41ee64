"""Shared fixtures: a real PostgreSQL server started from its binaries, and a fresh migrated database per test.

Fixtures:
- ``postgres_server`` (session): starts ``initdb`` + ``pg_ctl`` in a temp folder, yields a ``PostgresServer``.
  No binaries: SKIP locally, FAIL when ``CI=true``.
- ``db_url`` (per test, parametrised ``sqlite`` / ``postgres``): a fresh database migrated to head; sets
  ``LENTERA_DATA_DIR`` (a tmp folder) and ``DATABASE_URL`` so ``get_settings()`` / ``get_engine()`` hit it.
- ``sqlite_url``: the same, SQLite only (for tests that need no PostgreSQL run).
- ``postgres_url``: the same, PostgreSQL only.
The test's data folder (evidence files) is ``get_settings().data_dir``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from config import get_settings
from models.database import engine_for
from models.migrate import upgrade_database
from services.actor import Actor

PG_SUPERUSER = "lentera"
PG_TEMPLATE_DB = "lentera_template"


# --------------------------------------------------------------------------- PostgreSQL server


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


def _postgres_bin_dir() -> Path | None:
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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _unprivileged_account() -> pwd.struct_passwd | None:
    """PostgreSQL refuses to run as root: as root, run it as ``postgres`` (or ``nobody``)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root and no unprivileged account (postgres, nobody) to run PostgreSQL")


def _run(command: list[str], account: pwd.struct_passwd | None, log: Path) -> None:
    kwargs: dict[str, object] = {}
    env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C", "LANG": "C"}
    if account is not None:
        kwargs = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
        env["HOME"] = str(log.parent)
    result = subprocess.run(
        command, env=env, cwd=log.parent, capture_output=True, text=True, timeout=120, check=False, **kwargs
    )  # type: ignore[call-overload]
    if result.returncode != 0:
        server_log = log.read_text(errors="replace") if log.exists() else ""
        raise RuntimeError(
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}\n{server_log}"
        )


def _wait_until_accepting(server: PostgresServer, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            server.admin_connection().close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = _postgres_bin_dir()
    if bin_dir is None:
        message = "PostgreSQL binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)

    started = time.monotonic()
    account = _unprivileged_account()
    # Not under pytest's tmp folder: as root that one is 0700 and the postgres account could not enter it.
    root = Path(tempfile.mkdtemp(prefix="lentera-pg-"))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    sockets.mkdir()
    if account is not None:
        for path in (root, sockets):
            os.chown(path, account.pw_uid, account.pw_gid)
    port = _free_port()
    server = PostgresServer("127.0.0.1", port, PG_SUPERUSER, root, 0.0)
    try:
        _run(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", PG_SUPERUSER, "--auth=trust", "-E", "UTF8",
             "--locale=C", "--no-sync", "--no-instructions"],
            account, log,
        )  # fmt: skip
        options = (
            f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
            " -c full_page_writes=off -c max_connections=200"
        )
        _run(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"],
            account,
            log,
        )
        _wait_until_accepting(server)
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
                **({"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []} if account else {}),
            )  # type: ignore[call-overload]
        shutil.rmtree(root, ignore_errors=True)


# --------------------------------------------------------------------------- per-test databases


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "lentera.db"
    upgrade_database(f"sqlite:///{path.as_posix()}")
    return path


def _use_database(monkeypatch: pytest.MonkeyPatch, data_dir: Path, url: str) -> None:
    monkeypatch.setenv("LENTERA_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()


def _forget_engine(url: str) -> None:
    engine_for(url).dispose()
    engine_for.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _sqlite_template: Path) -> Iterator[str]:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copyfile(_sqlite_template, data_dir / "lentera.db")
    url = f"sqlite:///{(data_dir / 'lentera.db').as_posix()}"
    _use_database(monkeypatch, data_dir, url)
    yield url
    _forget_engine(url)


@pytest.fixture
def postgres_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres_server: PostgresServer
) -> Iterator[str]:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    name = f"lentera_test_{uuid.uuid4().hex[:12]}"
    url = postgres_server.create_database(name, template=PG_TEMPLATE_DB)
    _use_database(monkeypatch, data_dir, url)
    yield url
    _forget_engine(url)
    postgres_server.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh database migrated to head, on SQLite and on PostgreSQL; the settings point at it."""
    return str(request.getfixturevalue(f"{request.param}_url"))


# --------------------------------------------------------------------------- a small world to act in


@pytest.fixture
def browserless(monkeypatch: pytest.MonkeyPatch) -> None:
    """For ``AppTest``: no browser holds the session cookie, so ``ui.session`` keeps the token in session state."""
    import ui.session

    monkeypatch.setattr(ui.session, "BROWSERLESS", True)


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Still argon2id, with a test-sized cost: the production profile takes ~0.25 s per hash on 2 cores."""
    from argon2 import PasswordHasher

    from services import credentials

    monkeypatch.setattr(credentials, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))


@dataclass(frozen=True)
class SmallWorld:
    """A province with one kabupaten, two province OPDs, one kabupaten OPD, and the first admin."""

    province_id: int
    kabupaten_id: int
    opd_id: int
    other_opd_id: int
    kabupaten_opd_id: int
    admin: Actor


@pytest.fixture
def small_world(db_url: str) -> SmallWorld:
    return make_small_world()


def make_small_world() -> SmallWorld:
    """The ``small_world`` rows, for a test that picked its database itself (``sqlite_url``, ...)."""
    from models import Organisation, Region, session_scope
    from services.install import new_setup_token
    from services.signin import create_first_admin

    with session_scope() as session:
        province = Region(kemendagri_code="82", bps_code="82", name="Maluku Utara", kind="provinsi")
        session.add(province)
        session.flush()
        kabupaten = Region(
            kemendagri_code="82.01", bps_code="8201", name="Halmahera Barat", kind="kabupaten",
            parent_id=province.id,
        )  # fmt: skip
        session.add(kabupaten)
        session.flush()
        opds = [
            Organisation(
                region_id=province.id, name="Dinas Kominfo", abbreviation="DISKOMINFO", kind="dinas"
            ),
            Organisation(
                region_id=province.id, name="Inspektorat", abbreviation="INSPEKTORAT", kind="inspektorat"
            ),
            Organisation(region_id=kabupaten.id, name="Bappeda Halbar", abbreviation="BAPPEDA", kind="badan"),
        ]
        session.add_all(opds)
        session.flush()
        ids = [province.id, kabupaten.id, *(o.id for o in opds)]
    admin = create_first_admin(
        username="admin", full_name="Admin Provinsi", password="Rahasia-2026", setup_token=new_setup_token()
    )
    assert all(i is not None for i in ids)
    return SmallWorld(*ids, admin=admin)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- "nothing changed" snapshots


@dataclass(frozen=True)
class StateSnapshot:
    """Every row of every table, and every file of the evidence folder (temp files too) with its sha256."""

    tables: dict[str, list[tuple[object, ...]]]
    evidence_files: dict[str, str]


def evidence_folder_files() -> dict[str, str]:
    """Path relative to the evidence folder → sha256 of its bytes, for every file (hidden ones included)."""
    import hashlib

    root = get_settings().evidence_dir
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def snapshot_state() -> StateSnapshot:
    """Compare two of these around a refused action to show it changed nothing, in the database or on disk."""
    from factories import table_rows

    return StateSnapshot(tables=table_rows(), evidence_files=evidence_folder_files())
