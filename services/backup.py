"""Backups an administrator can trust: a consistent database copy, every evidence file, and a manifest of hashes.

SQLite is copied with its online backup API (a consistent snapshot while the app keeps running). PostgreSQL is
dumped as JSON lines per table, read in one REPEATABLE READ transaction, because ``pg_dump`` must match the
server's major version and often does not on the machine that runs the backup. The database is copied before
the files: uploads write the file before the row, so every row in the copy finds its file.

A restore goes only into an empty data folder and an empty database, and checks every hash in the manifest
before it writes anything: a backup with a changed or missing file is refused whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

from sqlalchemy import Date, DateTime, Engine, MetaData, Table, create_engine, func, inspect, select, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

import models  # noqa: F401  (every table on SQLModel.metadata)
from config import get_settings
from i18n import LenteraError, register
from models.migrate import head_revision, upgrade_database

MANIFEST = "manifest.json"
FORMAT = "lentera-backup"
FORMAT_VERSION = 1
SQLITE_COPY = "database/lentera.db"
CHUNK_BYTES = 1024 * 1024

register(
    {
        "backup.target_not_empty": {
            "id": "Folder cadangan {folder} sudah berisi berkas. Pilih folder baru atau yang kosong.",
            "en": "The backup folder {folder} is not empty. Choose a new or empty folder.",
        },
        "backup.not_a_backup": {
            "id": "{folder} bukan cadangan Lentera (manifest.json tidak ada atau rusak).",
            "en": "{folder} is not a Lentera backup (manifest.json is missing or damaged).",
        },
        "backup.tampered": {
            "id": "Cadangan ditolak: {count} berkas tidak sesuai dengan manifest (mis. {example}). "
            "Tidak ada yang dipulihkan.",
            "en": "Backup refused: {count} file(s) do not match the manifest (e.g. {example}). "
            "Nothing was restored.",
        },
        "backup.data_not_empty": {
            "id": "Pemulihan hanya ke folder data dan basis data yang kosong; {what} sudah berisi data.",
            "en": "Restore only goes into an empty data folder and database; {what} already holds data.",
        },
        "backup.revision_mismatch": {
            "id": "Cadangan ini dari versi skema {backup}, aplikasi ini memakai {current}. "
            "Pulihkan dengan versi Lentera yang sama.",
            "en": "This backup has schema version {backup}, this app uses {current}. "
            "Restore it with the same Lentera version.",
        },
    }
)


@dataclass(frozen=True)
class BackupSummary:
    folder: Path
    database: str  # "sqlite" (a database file) or "rows" (JSON lines per table)
    tables: dict[str, int]
    files: int
    bytes: int


# --------------------------------------------------------------------------- backup


def backup(folder: Path, *, url: str | None = None, data_dir: Path | None = None) -> BackupSummary:
    """Write a backup of the database at ``url`` and the evidence under ``data_dir`` into ``folder``."""
    settings = get_settings()
    url = url or settings.sqlalchemy_url
    evidence_root = (data_dir or settings.data_dir) / "evidence"
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise LenteraError("backup.target_not_empty", folder=str(folder))
    (folder / "database").mkdir(parents=True, exist_ok=True)

    if url.startswith("sqlite"):
        kind = "sqlite"
        tables, revision = _backup_sqlite(_sqlite_path(url), folder / SQLITE_COPY)
    else:
        kind = "rows"
        tables, revision = _backup_rows(url, folder / "database")

    files: dict[str, dict[str, Any]] = {}
    for path in sorted((folder / "database").iterdir()):
        files[path.relative_to(folder).as_posix()] = _describe(path)
    if evidence_root.is_dir():
        for source in sorted(
            p for p in evidence_root.rglob("*") if p.is_file() and not p.name.startswith(".")
        ):
            relative = Path("evidence") / source.relative_to(evidence_root)
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            files[relative.as_posix()] = _describe(target)

    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "database": {
            "kind": kind,
            "dialect": make_url(url).get_backend_name(),
            "revision": revision,
            "tables": tables,
        },
        "files": files,
    }
    _write_durably(folder / MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())
    evidence_files = [name for name in files if name.startswith("evidence/")]
    return BackupSummary(
        folder=folder,
        database=kind,
        tables=tables,
        files=len(evidence_files),
        bytes=sum(int(entry["size"]) for entry in files.values()),
    )


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise ValueError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def _backup_sqlite(source: Path, target: Path) -> tuple[dict[str, int], str | None]:
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
            for table in SQLModel.metadata.sorted_tables
        }
        row = copy.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        copy.close()
    return tables, row[0] if row else None


def _backup_rows(url: str, folder: Path) -> tuple[dict[str, int], str | None]:
    engine = create_engine(url, poolclass=NullPool)
    tables: dict[str, int] = {}
    try:
        snapshot = engine.connect().execution_options(isolation_level="REPEATABLE READ")
        with snapshot as connection, connection.begin():
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            for table in SQLModel.metadata.sorted_tables:
                tables[table.name] = _dump_table(connection, table, folder / f"{table.name}.jsonl")
    finally:
        engine.dispose()
    return tables, revision


def _dump_table(connection: Connection, table: Table, path: Path) -> int:
    count = 0
    order = list(table.primary_key.columns)
    result = connection.execution_options(yield_per=1000).execute(select(table).order_by(*order))
    with path.open("w", encoding="utf-8") as out:
        for row in result.mappings():
            out.write(json.dumps({key: _jsonable(value) for key, value in row.items()}, ensure_ascii=False))
            out.write("\n")
            count += 1
        out.flush()
        os.fsync(out.fileno())
    return count


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


# --------------------------------------------------------------------------- verify and restore


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise LenteraError("backup.not_a_backup", folder=str(folder)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or "files" not in manifest:
        raise LenteraError("backup.not_a_backup", folder=str(folder))
    return manifest


def verify_backup(folder: Path) -> list[str]:
    """The files of the backup that are missing or do not match the manifest (empty when all is well)."""
    manifest = read_manifest(folder)
    problems = []
    for name, expected in sorted(manifest["files"].items()):
        path = Path(folder) / name
        if ".." in Path(name).parts or Path(name).is_absolute():
            problems.append(name)
            continue
        if not path.is_file() or path.stat().st_size != expected.get("size"):
            problems.append(name)
            continue
        digest = _sha256(path)
        named_hash = Path(name).name if name.startswith("evidence/") else digest
        if digest != expected.get("sha256") or digest != named_hash:
            problems.append(name)
    return problems


def restore(folder: Path, *, url: str | None = None, data_dir: Path | None = None) -> BackupSummary:
    """Restore a verified backup into an empty data folder and database."""
    settings = get_settings()
    url = url or settings.sqlalchemy_url
    data_dir = data_dir or settings.data_dir
    folder = Path(folder)
    manifest = read_manifest(folder)
    problems = verify_backup(folder)
    if problems:
        raise LenteraError("backup.tampered", count=len(problems), example=problems[0])
    database = manifest["database"]
    if database.get("revision") != head_revision() and database.get("kind") == "rows":
        raise LenteraError(
            "backup.revision_mismatch", backup=database.get("revision"), current=head_revision()
        )
    evidence_root = data_dir / "evidence"
    if evidence_root.is_dir() and any(p.is_file() for p in evidence_root.rglob("*")):
        raise LenteraError("backup.data_not_empty", what=str(evidence_root))
    if _database_has_rows(url):
        raise LenteraError("backup.data_not_empty", what=make_url(url).render_as_string(hide_password=True))

    files = [name for name in manifest["files"] if name.startswith("evidence/")]
    for name in files:
        target = evidence_root / Path(name).relative_to("evidence")
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".restore-{target.name}")
        shutil.copyfile(folder / name, temporary)
        os.replace(temporary, target)

    if database["kind"] == "sqlite" and url.startswith("sqlite"):
        _restore_sqlite_file(folder / SQLITE_COPY, _sqlite_path(url))
        upgrade_database(url)
    else:
        upgrade_database(url)
        with _source_rows(folder, database["kind"]) as rows:
            _insert_rows(url, rows)
    _renew_change_tokens(url)
    tables = _row_counts(url)
    return BackupSummary(
        folder=folder,
        database=database["kind"],
        tables=tables,
        files=len(files),
        bytes=sum(int(entry["size"]) for entry in manifest["files"].values()),
    )


def _renew_change_tokens(url: str) -> None:
    """Restored periods get a fresh change token: a running process must not serve scores it cached under the
    tokens the backup carried (or under none, for a backup made before tokens existed)."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            period = SQLModel.metadata.tables["period"]
            connection.execute(period.update().values(change_token=uuid4().hex))
    finally:
        engine.dispose()


def _database_has_rows(url: str) -> bool:
    if url.startswith("sqlite"):
        path = _sqlite_path(url)
        if not path.exists() or path.stat().st_size == 0:
            return False
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            present = set(inspect(connection).get_table_names())
            for table in SQLModel.metadata.sorted_tables:
                if (
                    table.name in present
                    and connection.execute(select(func.count()).select_from(table)).scalar()
                ):
                    return True
    finally:
        engine.dispose()
    return False


def _restore_sqlite_file(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
        leftover.unlink(missing_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".restore-")
    os.close(descriptor)
    shutil.copyfile(source, temporary)
    os.replace(temporary, target)


class _SourceRows:
    """Rows per table, in dependency order, from a JSON-lines backup or a SQLite backup file."""

    def __init__(self, folder: Path, kind: str):
        self.folder = folder
        self.kind = kind
        self.engine: Engine | None = None

    def __enter__(self) -> _SourceRows:
        if self.kind == "sqlite":
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
        path = self.folder / "database" / f"{table.name}.jsonl"
        if not path.exists():
            return
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield _typed(table, json.loads(line))


def _source_rows(folder: Path, kind: str) -> _SourceRows:
    return _SourceRows(folder, kind)


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
            for table in SQLModel.metadata.sorted_tables:
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
    for table in SQLModel.metadata.sorted_tables:
        if "id" not in table.c:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                f'COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "{table.name}"'
            )
        )


def _row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return {
                table.name: int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)
                for table in SQLModel.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def table_snapshot(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table as JSON-ready values (times in UTC), for comparing two databases."""
    engine = create_engine(url, poolclass=NullPool)
    metadata: MetaData = SQLModel.metadata
    try:
        with engine.connect() as connection:
            return {
                table.name: [
                    {key: _jsonable(value) for key, value in row.items()}
                    for row in connection.execute(
                        select(table).order_by(*table.primary_key.columns)
                    ).mappings()
                ]
                for table in metadata.sorted_tables
            }
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- files


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _describe(path: Path) -> dict[str, Any]:
    return {"sha256": _sha256(path), "size": path.stat().st_size}


def _write_durably(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.part")
    with temporary.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
