"""Engine and sessions. SQLite is the embedded default (WAL, foreign keys, busy timeout); PostgreSQL via URL.

One engine per URL per process: Streamlit reruns scripts constantly, and a fresh engine per rerun would leak
connections and lose SQLite's pragmas.

SQLite write transactions begin with ``BEGIN IMMEDIATE`` (the driver's implicit BEGIN before the first write).
A deferred transaction starts as a reader and upgrades to a writer at its first write; when another process has
committed in between, SQLite cannot upgrade it and fails at once with "database is locked" (SQLITE_BUSY_SNAPSHOT:
the busy timeout does not apply). Taking the write lock at BEGIN makes concurrent writers queue on the busy
timeout instead; reads outside a write transaction still run beside them (WAL). A lock still held when the
timeout runs out reaches the caller as the translatable ``database.busy``, never as a raw driver error; a full
disk under the database likewise becomes ``database.disk_full`` on every write, whichever service made it.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

from config import get_settings
from i18n import LenteraError, register

SQLITE_BUSY_TIMEOUT_MS = 15_000
DISK_FULL_SQLSTATE = "53100"

register(
    {
        "database.busy": {
            "id": "Basis data sedang sibuk melayani pengguna lain. Tunggu sebentar lalu coba lagi.",
            "en": "The database is busy serving other users. Wait a moment and try again.",
        },
        "database.disk_full": {
            "id": "Penyimpanan basis data di server penuh; tidak ada yang tersimpan. Hubungi admin untuk "
            "mengosongkan ruang.",
            "en": "The server's database storage is full; nothing was saved. Ask the administrator to free space.",
        },
        "database.unavailable": {
            "id": "Basis data tidak dapat dihubungi. Tidak ada perubahan yang tersimpan; coba lagi sebentar lagi "
            "atau hubungi administrator.",
            "en": "The database cannot be reached. Nothing was saved; try again shortly or contact the administrator.",
        },
    }
)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = "IMMEDIATE"  # the kind of the driver's implicit BEGIN (docstring)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


_made: weakref.WeakSet[Engine] = weakref.WeakSet()
"""The engines ``engine_for`` made in this process that are still in use, for ``dispose_engines``."""


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    engine = _new_engine(url)
    _made.add(engine)
    return engine


def _new_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 15}, hide_parameters=True
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # hide_parameters: SQL logging must never print password hashes or notes.
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, hide_parameters=True)


def get_engine() -> Engine:
    return engine_for(get_settings().sqlalchemy_url)


def dispose_engines() -> None:
    """Close the pooled connections of every engine this process made (``lentera`` exits without the
    interpreter's teardown, which would otherwise close them)."""
    for engine in list(_made):
        engine.dispose()


def _is_disk_full(error: OperationalError) -> bool:
    """SQLite's SQLITE_FULL ("database or disk is full") or PostgreSQL's SQLSTATE 53100 (disk_full)."""
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return code == DISK_FULL_SQLSTATE or "database or disk is full" in str(error.orig)


def _is_connection_failure(error: OperationalError) -> bool:
    text = str(error.orig).lower()
    return any(sign in text for sign in ("connection", "connect to server", "server closed", "terminating"))


@contextmanager
def session_scope(engine: Engine | None = None, *, write: bool = True) -> Iterator[Session]:
    """A session whose work commits together on success and rolls back entirely on any error.

    ``write=False`` marks a scope that only reads. It changes nothing today: on SQLite the write lock is taken
    only by the first write (``BEGIN IMMEDIATE``, module docstring), so a scope that never writes never holds it.
    """
    session = Session(engine or get_engine(), expire_on_commit=False)
    try:
        yield session
        session.commit()
    except OperationalError as error:
        session.rollback()
        if "database is locked" in str(error.orig):
            raise LenteraError("database.busy") from error
        if _is_disk_full(error):
            raise LenteraError("database.disk_full") from error
        if error.connection_invalidated or _is_connection_failure(error):
            # A lost or refused connection (server restarted, network down): nothing was committed.
            raise LenteraError("database.unavailable") from error
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
