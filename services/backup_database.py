"""The database half of a backup: copy it out consistently, put it back into an empty database.

SQLite is copied with its online backup API (a consistent snapshot while the app keeps running). PostgreSQL is
dumped as JSON lines per table, read in one REPEATABLE READ transaction, because ``pg_dump`` must match the
server's major version and often does not on the machine that runs the backup. Either kind restores into
either database: a SQLite copy into SQLite is put in place as a file, everything else is inserted row by row in
ONE transaction, so an interrupted restore leaves no half-filled table behind.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any
from uuid import uuid4

from sqlalchemy import Date, DateTime, Engine, Table, create_engine, func, inspect, select, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

from i18n import LenteraError
from models import EVIDENCE_FILE_TABLES  # and every table on SQLModel.metadata
from models.migrate import upgrade_database
from storage.files import atomic_copy, atomic_write, disk_full_translated

DATABASE = "database"  # the folder of the database copy inside a backup
SQLITE_COPY = f"{DATABASE}/lentera.db"
SQLITE = "sqlite"  # kinds of copy: a SQLite database file ...
ROWS = "rows"  # ... or JSON lines per table


@dataclass(frozen=True)
class DatabaseCopy:
    kind: str  # SQLITE or ROWS
    tables: dict[str, int]  # rows per table
    revision: str | None  # the Alembic revision of the copied schema


@contextmanager
def sqlite_full_translated() -> Iterator[None]:
    """SQLite reports a full disk as its own error, not as an OSError: make it ``storage.disk_full`` too."""
    try:
        with disk_full_translated():
            yield
    except (sqlite3.OperationalError, OperationalError) as error:
        if "full" in str(error).lower():
            raise LenteraError("storage.disk_full") from error
        raise


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise ValueError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def record_tables() -> list[Table]:
    """The tables a database copy holds, in dependency order: all but the database evidence store's files
    (``models.EVIDENCE_FILE_TABLES``), which a backup copies as files through the store."""
    return [table for table in SQLModel.metadata.sorted_tables if table.name not in EVIDENCE_FILE_TABLES]


# --------------------------------------------------------------------------- copy out


def copy_database(url: str, folder: Path) -> DatabaseCopy:
    """Copy the database at ``url`` into ``folder/database/``."""
    (folder / DATABASE).mkdir(parents=True, exist_ok=True)
    with sqlite_full_translated():
        if url.startswith("sqlite"):
            return _copy_sqlite(sqlite_path(url), folder / SQLITE_COPY)
        return _dump_rows(url, folder / DATABASE)


def _copy_sqlite(source: Path, target: Path) -> DatabaseCopy:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    copy = sqlite3.connect(target)
    try:
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        tables = {
            table.name: int(copy.execute(f'SELECT COUNT(*) FROM "{table.name}"').fetchone()[0])
            for table in record_tables()
        }
        row = copy.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        copy.close()
    return DatabaseCopy(SQLITE, tables, row[0] if row else None)


def _dump_rows(url: str, folder: Path) -> DatabaseCopy:
    engine = create_engine(url, poolclass=NullPool)
    tables: dict[str, int] = {}
    try:
        snapshot = engine.connect().execution_options(isolation_level="REPEATABLE READ")
        with snapshot as connection, connection.begin():
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            for table in record_tables():
                tables[table.name] = _dump_table(connection, table, folder / f"{table.name}.jsonl")
    finally:
        engine.dispose()
    return DatabaseCopy(ROWS, tables, revision)


def _dump_table(connection: Connection, table: Table, path: Path) -> int:
    count = 0

    def write(out: IO[bytes]) -> None:
        nonlocal count
        result = connection.execution_options(yield_per=1000).execute(
            select(table).order_by(*table.primary_key.columns)
        )
        for row in result.mappings():
            line = json.dumps({key: jsonable(value) for key, value in row.items()}, ensure_ascii=False)
            out.write(line.encode("utf-8") + b"\n")
            count += 1

    atomic_write(path, write)
    return count


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


# --------------------------------------------------------------------------- put back


def load_database(folder: Path, kind: str, url: str) -> None:
    """Put the copy in ``folder`` into the (empty) database at ``url``, migrated to the newest schema."""
    with sqlite_full_translated():
        if kind == SQLITE and url.startswith("sqlite"):
            _put_sqlite_file(folder / SQLITE_COPY, sqlite_path(url))
            upgrade_database(url)
        else:
            upgrade_database(url)
            with _SourceRows(folder, kind) as rows:
                _insert_rows(url, rows)


def _put_sqlite_file(source: Path, target: Path) -> None:
    for leftover in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
        leftover.unlink(missing_ok=True)
    atomic_copy(source, target)


class _SourceRows:
    """Rows per table, in dependency order, from a JSON-lines backup or a SQLite backup file."""

    def __init__(self, folder: Path, kind: str):
        self.folder = folder
        self.kind = kind
        self.engine: Engine | None = None

    def __enter__(self) -> _SourceRows:
        if self.kind == SQLITE:
            path = (self.folder / SQLITE_COPY).resolve()
            self.engine = create_engine(
                f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true", poolclass=NullPool
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self.engine is not None:
            self.engine.dispose()

    def rows(self, table: Table) -> Iterator[dict[str, Any]]:
        if self.engine is not None:
            with self.engine.connect() as connection:
                for row in connection.execute(select(table).order_by(*table.primary_key.columns)).mappings():
                    yield dict(row)
            return
        path = self.folder / DATABASE / f"{table.name}.jsonl"
        if not path.exists():
            return
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield _typed(table, json.loads(line))


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    typed = {}
    for column in table.columns:
        value = row.get(column.name)
        if value is not None and isinstance(column.type, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = date.fromisoformat(value)
        typed[column.name] = value
    return typed


def _insert_rows(url: str, source: _SourceRows, batch: int = 1000) -> None:
    """Insert every table in dependency order; self references (merged OPD, parent region, previous period)
    are filled in afterwards, so row order within a table does not matter."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            for table in record_tables():
                self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
                pending: list[dict[str, Any]] = []
                deferred: list[dict[str, Any]] = []
                for row in source.rows(table):
                    if any(row.get(name) is not None for name in self_refs):
                        deferred.append({"id": row["id"], **{name: row[name] for name in self_refs}})
                        row = {**row, **dict.fromkeys(self_refs)}
                    pending.append(row)
                    if len(pending) >= batch:
                        connection.execute(table.insert(), pending)
                        pending = []
                if pending:
                    connection.execute(table.insert(), pending)
                for update in deferred:
                    values = {name: update[name] for name in self_refs}
                    connection.execute(table.update().where(table.c.id == update["id"]).values(**values))
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection)
    finally:
        engine.dispose()


def _reset_sequences(connection: Connection) -> None:
    """After explicit ids, point each id sequence past the largest id so new rows do not collide."""
    for table in record_tables():
        if "id" not in table.c:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                f'COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "{table.name}"'
            )
        )


def renew_change_tokens(url: str) -> None:
    """Restored periods get fresh change and documents tokens: a running process must not serve scores or
    documents' progress it cached under the tokens the backup carried (or under none, for an older backup)."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            period = SQLModel.metadata.tables["period"]
            connection.execute(period.update().values(change_token=uuid4().hex, documents_token=uuid4().hex))
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- look


def database_has_rows(url: str) -> bool:
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if not path.exists() or path.stat().st_size == 0:
            return False
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            present = set(inspect(connection).get_table_names())
            for table in record_tables():
                if (
                    table.name in present
                    and connection.execute(select(func.count()).select_from(table)).scalar()
                ):
                    return True
    finally:
        engine.dispose()
    return False


def row_counts(url: str) -> dict[str, int]:
    """Rows per table, of the tables the database has (a copy not yet migrated may lack the newest)."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            present = set(inspect(connection).get_table_names())
            return {
                table.name: int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)
                for table in record_tables()
                if table.name in present
            }
    finally:
        engine.dispose()


def table_snapshot(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every record table as JSON-ready values (times in UTC), for comparing two databases."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return {
                table.name: [
                    {key: jsonable(value) for key, value in row.items()}
                    for row in connection.execute(
                        select(table).order_by(*table.primary_key.columns)
                    ).mappings()
                ]
                for table in record_tables()
            }
    finally:
        engine.dispose()
