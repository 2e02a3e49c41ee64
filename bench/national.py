"""Generate a national-scale Lentera database: 546 pemda, ~20,000 OPDs, ~1.36 million MCP 2024 submissions.

    .venv/bin/python bench/national.py                      # SQLite, cached under bench/out/
    .venv/bin/python bench/national.py --postgres           # a throwaway PostgreSQL server (tests/pg_server.py)
    .venv/bin/python bench/national.py --database-url postgresql+psycopg://...   # an existing, empty database

The shape is KPK's: 38 provinces (real Kemendagri codes) and 508 kabupaten/kota under them, each pemda with its
own ``mcp-2024`` period and 36 or 37 OPDs, every OPD assigned every leaf (68) with a submission in a plausible
mix of statuses (empty, draft, submitted, returned, verified) and values on the leaf's allowed steps. A leader
per province and a national admin are created to act with; their passwords are drawn at random per database,
stored like the demo's and printed, so a browser can sign in.

Rows are written in bulk, never through the ORM one by one: ``executemany`` on one SQLite transaction with the
journal off during the load, ``COPY ... FROM STDIN`` on PostgreSQL. Values are drawn with numpy from a fixed
seed, so the same arguments give the same database.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from national_frames import CATALOG_KEY, PLACEHOLDER_HASH, SEED, build_frames  # noqa: E402

OUT = ROOT / "bench" / "out"


@dataclass(frozen=True)
class National:
    """What was generated: where, how many rows, how long it took."""

    url: str
    regions: int
    organisations: int
    submissions: int
    seconds: float


# -- writing ----------------------------------------------------------------------------------------------


SMALL_TABLES = ("region", "organisation", "user", "catalog", "period")
BIG_TABLES = ("assignment", "submission")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")  # type: ignore[return-value]


def _write_small(url: str, frames: dict[str, pd.DataFrame]) -> None:
    """The small tables through SQLAlchemy (JSON, booleans and dates typed per dialect), in one transaction."""
    from sqlalchemy import create_engine, insert
    from sqlmodel import SQLModel

    import models.tables  # noqa: F401 - registers the tables on the metadata

    engine = create_engine(url)
    with engine.begin() as connection:
        for table in SMALL_TABLES:
            connection.execute(insert(SQLModel.metadata.tables[table]), _records(frames[table]))
    engine.dispose()


def _sqlite_columns(frame: pd.DataFrame) -> Iterator[tuple[Any, ...]]:
    """Rows of Python values sqlite3 binds directly (NaN binds as NULL; times in SQLAlchemy's format)."""
    columns = []
    for name in frame.columns:
        column = frame[name]
        if column.dtype.kind == "M":
            text = column.dt.strftime("%Y-%m-%d %H:%M:%S.%f")
            columns.append(text.astype(object).where(column.notna(), None).tolist())
        else:
            columns.append(column.tolist())
    return zip(*columns, strict=True)


def write_sqlite(path: Path, frames: dict[str, pd.DataFrame]) -> None:
    """Migrate ``path``, load the small tables, then the big ones with executemany in one transaction."""
    from models.migrate import upgrade_database

    url = f"sqlite:///{path.as_posix()}"
    upgrade_database(url)
    _write_small(url, frames)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-400000")  # 400 MB page cache while the indexes grow
        connection.execute("BEGIN IMMEDIATE")
        for table in BIG_TABLES:
            frame = frames[table]
            columns = ", ".join(f'"{c}"' for c in frame.columns)
            marks = ", ".join("?" for _ in frame.columns)
            connection.executemany(
                f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', _sqlite_columns(frame)
            )
        connection.execute("COMMIT")
        connection.execute("ANALYZE")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def write_postgres(url: str, frames: dict[str, pd.DataFrame]) -> None:
    """Migrate the database at ``url``, load the small tables, COPY the big ones; sequences follow our ids."""
    import psycopg
    from sqlalchemy.engine import make_url

    from models.migrate import upgrade_database

    upgrade_database(url)
    _write_small(url, frames)
    parts = make_url(url)
    with psycopg.connect(
        host=parts.host, port=parts.port, user=parts.username, password=parts.password, dbname=parts.database
    ) as connection:
        for table in BIG_TABLES:
            frame = frames[table]
            buffer = io.StringIO()
            frame.to_csv(
                buffer, sep="\t", header=False, index=False, na_rep="\\N", date_format="%Y-%m-%d %H:%M:%S%z"
            )
            columns = ", ".join(f'"{c}"' for c in frame.columns)
            with connection.cursor() as cursor, cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                text = buffer.getvalue()
                for start in range(0, len(text), 1 << 24):
                    copy.write(text[start : start + (1 << 24)])
        for table in (*SMALL_TABLES, *BIG_TABLES):
            connection.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT max(id) FROM \"{table}\"))"
            )
        connection.commit()
        connection.autocommit = True
        connection.execute("ANALYZE")


# -- passwords ------------------------------------------------------------------------------------------------


def ensure_passwords(url: str) -> dict[str, str]:
    """Real passwords for the generated users (``national_frames`` writes a placeholder hash nobody can sign in
    with), drawn at random once per database, stored the way the demo stores its own (``install.DEMO_PASSWORDS``,
    shown on the login page with ``LENTERA_DEMO=true``) and returned by username to print; a database that has
    them already keeps them."""
    import json
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import create_engine
    from sqlmodel import Session, select

    from models.tables import User
    from services import credentials, install

    engine = create_engine(url)
    try:
        with Session(engine) as session:
            stored = install.read(session, install.DEMO_PASSWORDS)
            if stored:
                return dict(json.loads(stored))
            users = session.exec(select(User).where(User.password_hash == PLACEHOLDER_HASH)).all()
            passwords = {user.username: install.new_demo_password() for user in users}
            with ThreadPoolExecutor(max_workers=4) as pool:  # argon2id releases the GIL
                hashes = dict(
                    zip(passwords, pool.map(credentials.hash_password, passwords.values()), strict=True)
                )
            for user in users:
                user.password_hash = hashes[user.username]
                session.add(user)
            install.write(session, install.DEMO_PASSWORDS, json.dumps(passwords))
            session.commit()
            return passwords
    finally:
        engine.dispose()


def print_passwords(passwords: dict[str, str]) -> None:
    width = max((len(name) for name in passwords), default=0)
    print("sign in with (also on the login page under LENTERA_DEMO=true):")
    for name in sorted(passwords, key=lambda n: (n != "admin.nasional", n)):
        print(f"  {name:<{width}}  {passwords[name]}")


# -- a throwaway PostgreSQL server --------------------------------------------------------------------------


@contextmanager
def postgres_server() -> Iterator[Any]:
    """A PostgreSQL server started the way the tests start theirs (``tests/pg_server.py``), removed after."""
    import pg_server

    bin_dir = pg_server.postgres_bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL binaries (initdb, pg_ctl) not found")
    account = pg_server.unprivileged_account()
    root = pg_server.cluster_root("lentera-bench-pg-", account)
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    try:
        pg_server.init_cluster(bin_dir, data, account, log)
        port, _ = pg_server.start_cluster(
            bin_dir, data, sockets, account, log,
            "-c synchronous_commit=off -c shared_buffers=512MB -c work_mem=64MB -c maintenance_work_mem=512MB"
            " -c max_wal_size=4GB",
        )  # fmt: skip
        server = pg_server.PostgresServer("127.0.0.1", port, pg_server.PG_SUPERUSER, root, 0.0)
        pg_server.wait_until_accepting(server)
        yield server
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                capture_output=True, check=False,
                user=account.pw_uid if account else None,
                group=account.pw_gid if account else None,
                extra_groups=[] if account else None,
            )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


# -- entry points -------------------------------------------------------------------------------------------


def sqlite_path(seed: int = SEED) -> Path:
    return OUT / f"national-{CATALOG_KEY}-seed{seed}.db"


def generate_sqlite(*, seed: int = SEED, force: bool = False) -> National:
    """The cached national SQLite database, generated when missing (or ``force``); a cached file is first
    migrated to the current schema (new indexes and columns), which takes a few seconds once."""
    from models.migrate import upgrade_database

    path = sqlite_path(seed)
    url = f"sqlite:///{path.as_posix()}"
    started = time.perf_counter()
    if path.exists() and not force:
        upgrade_database(url)
        ensure_passwords(url)
        return _summary(url, 0.0)
    OUT.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.db")
    for leftover in OUT.glob(partial.name + "*"):
        leftover.unlink()
    write_sqlite(partial, build_frames(seed))
    ensure_passwords(f"sqlite:///{partial.as_posix()}")
    os.replace(partial, path)
    return _summary(url, time.perf_counter() - started)


def generate_postgres(url: str, *, seed: int = SEED) -> National:
    started = time.perf_counter()
    write_postgres(url, build_frames(seed))
    ensure_passwords(url)
    return _summary(url, time.perf_counter() - started)


def _summary(url: str, seconds: float) -> National:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        count = {
            table: int(connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())
            for table in ("region", "organisation", "submission")
        }
    engine.dispose()
    return National(url, count["region"], count["organisation"], count["submission"], seconds)


def database_size(url: str) -> int:
    """Bytes on disk: the SQLite file, or PostgreSQL's ``pg_database_size``."""
    if url.startswith("sqlite"):
        return Path(url.removeprefix("sqlite:///")).stat().st_size
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        size = int(connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
    engine.dispose()
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--force", action="store_true", help="regenerate the cached SQLite file")
    parser.add_argument("--postgres", action="store_true", help="also load a throwaway PostgreSQL server")
    parser.add_argument("--database-url", help="load this (empty) PostgreSQL database instead")
    args = parser.parse_args()
    if args.database_url:
        result = generate_postgres(args.database_url, seed=args.seed)
        print(f"{result} · {database_size(result.url) / 1e6:.0f} MB")
        print_passwords(ensure_passwords(result.url))
        return
    result = generate_sqlite(seed=args.seed, force=args.force)
    print(f"{result} · {database_size(result.url) / 1e6:.0f} MB")
    print_passwords(ensure_passwords(result.url))
    if args.postgres:
        with postgres_server() as server:
            server.create_database("lentera_national")
            result = generate_postgres(server.url("lentera_national"), seed=args.seed)
            print(f"{result} · {database_size(result.url) / 1e6:.0f} MB")
            print_passwords(ensure_passwords(result.url))


if __name__ == "__main__":
    main()
