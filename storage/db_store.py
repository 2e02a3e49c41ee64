"""The evidence store in the database (``LENTERA_EVIDENCE_STORE=database``, PostgreSQL): replicas of the app on
several machines then share nothing but the database.

Each file is one ``evidence_object`` row (sha256, size, number of chunks) and its bytes in ``evidence_chunk`` rows
of at most 1 MiB, written in ONE transaction: a crash leaves either the whole object or nothing. An upload first
goes through the same ``received_upload`` as the folder store (extension list, size cap while streaming, sha256,
sniffing) into a temp file in this machine's ``local_dir``; only then are its chunks inserted.

``local_dir`` (``$LENTERA_DATA_DIR/evidence-cache``) is private to one machine and disposable: upload temp files
(``.upload-*.part``, listed as TEMP entries so fsck can tidy them) and copies of objects read from the database
for what needs a real file (the evidence viewer, the active-content check), kept under their key. The copies are
bounded (``copies_bytes``, ``LENTERA_EVIDENCE_CACHE_MB``): each new copy evicts the least recently used ones
beyond the bound, never one used in the last ``RECENT_SECONDS`` (a page may be reading it), and removes the half
written copies a crash left behind.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from i18n import LenteraError
from storage.files import atomic_write, disk_full_translated, sha256_file
from storage.store import (
    CHUNK_BYTES,
    OBJECT,
    TEMP,
    TEMP_NAME,
    ExportedObject,
    StoredFile,
    StoreEntry,
    object_key,
    received_upload,
)

OBJECT_TABLE = "evidence_object"
CHUNK_TABLE = "evidence_chunk"
RECENT_SECONDS = 600
"""A copy used this recently is kept whatever the bound: the page that asked for it may still be reading it."""


class DatabaseEvidenceStore:
    """Content-addressed files in two tables of the database behind ``engine``; the same methods as
    ``storage.store.EvidenceStore``."""

    def __init__(self, engine: Engine, max_bytes: int, *, local_dir: Path, copies_bytes: int = 2 << 30):
        self.engine = engine
        self.max_bytes = max_bytes
        self.local_dir = Path(local_dir)
        self.copies_bytes = copies_bytes

    @property
    def location(self) -> str:
        return f"{OBJECT_TABLE} ({self.engine.url.render_as_string(hide_password=True)})"

    def key_for(self, sha256: str) -> str:
        return object_key(sha256)

    # ------------------------------------------------------------------ reading

    def _object(self, connection: Connection, sha256: str) -> tuple[int, int] | None:
        """(size, chunks) of a stored object, or None."""
        row = connection.execute(
            text(f"SELECT size, chunks FROM {OBJECT_TABLE} WHERE sha256 = :sha256"), {"sha256": sha256}
        ).first()
        return None if row is None else (int(row[0]), int(row[1]))

    def exists(self, sha256: str) -> bool:
        object_key(sha256)  # refuses anything but a sha256, as the folder store does
        with self.engine.connect() as connection:
            return self._object(connection, sha256) is not None

    def open(self, sha256: str) -> BinaryIO:
        """A reader of the object's bytes, one chunk from the database at a time."""
        object_key(sha256)
        with self.engine.connect() as connection:
            found = self._object(connection, sha256)
        if found is None:
            raise LenteraError("evidence.missing_file")
        return io.BufferedReader(_ChunkReader(self.engine, sha256, found[1]), CHUNK_BYTES)

    def _chunks(self, sha256: str) -> Iterator[tuple[int, bytes]]:
        with self.engine.connect() as connection:
            result = connection.execution_options(yield_per=1).execute(
                text(f"SELECT seq, data FROM {CHUNK_TABLE} WHERE sha256 = :sha256 ORDER BY seq"),
                {"sha256": sha256},
            )
            for seq, data in result:
                yield int(seq), bytes(data)

    def verify(self, sha256: str) -> bool:
        """True when every chunk is there and the bytes still hash to their name and add up to the size."""
        object_key(sha256)
        with self.engine.connect() as connection:
            found = self._object(connection, sha256)
        if found is None:
            return False
        size, chunks = found
        digest, total, expected_seq = hashlib.sha256(), 0, 0
        for seq, data in self._chunks(sha256):
            if seq != expected_seq:
                return False
            digest.update(data)
            total += len(data)
            expected_seq += 1
        return expected_seq == chunks and total == size and digest.hexdigest() == sha256

    def local_path(self, sha256: str) -> Path:
        """This machine's copy of the object (written from the database the first time it is asked for)."""
        path = self.local_dir / object_key(sha256)
        with self.engine.connect() as connection:
            found = self._object(connection, sha256)
        if found is None:
            raise LenteraError("evidence.missing_file")
        if path.is_file() and path.stat().st_size == found[0]:
            try:
                os.utime(path)  # used now: the last to be evicted
                return path
            except FileNotFoundError:
                pass  # evicted a moment ago by another thread: written again
        self._write_copy(sha256, path)
        self._trim_copies()
        return path

    def _trim_copies(self) -> None:
        """Evict the least recently used copies until they fit ``copies_bytes`` (none used in the last
        ``RECENT_SECONDS``), and the half-written copies (``.*.part``) a crash left over an hour ago."""
        now = datetime.now(UTC).timestamp()
        copies: list[tuple[float, int, Path]] = []
        for folder, _, names in os.walk(self.local_dir):
            if Path(folder) == self.local_dir:
                continue  # the upload temp files: fsck's to report and tidy
            for name in names:
                path = Path(folder) / name
                try:
                    stat = path.stat()
                except FileNotFoundError:  # another thread evicted it
                    continue
                if name.startswith(".") and name.endswith(".part"):
                    if now - stat.st_mtime > 3600:
                        path.unlink(missing_ok=True)
                    continue
                copies.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in copies)
        for used, size, path in sorted(copies):
            if total <= self.copies_bytes or now - used < RECENT_SECONDS:
                break
            try:
                if now - path.stat().st_mtime >= RECENT_SECONDS:  # not asked for since it was listed
                    path.unlink()
                    total -= size
            except FileNotFoundError:
                total -= size

    def _write_copy(self, sha256: str, target: Path) -> None:
        with disk_full_translated():
            target.parent.mkdir(parents=True, exist_ok=True)

            def write(out: BinaryIO) -> None:
                for _seq, data in self._chunks(sha256):
                    out.write(data)

            atomic_write(target, write)

    def iter_entries(self) -> Iterator[StoreEntry]:
        """Every stored object, in key order, then this machine's upload temp files."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                text(f"SELECT sha256, size, stored_at FROM {OBJECT_TABLE} ORDER BY sha256")
            ).all()
        for sha256, size, stored_at in rows:
            yield StoreEntry(object_key(sha256), OBJECT, int(size), _as_utc(stored_at))
        if self.local_dir.is_dir():
            for path in sorted(self.local_dir.iterdir()):
                if path.is_file() and TEMP_NAME.match(path.name):
                    stat = path.stat()
                    yield StoreEntry(
                        path.name, TEMP, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC)
                    )

    def iter_objects(self) -> Iterator[str]:
        for entry in self.iter_entries():
            if entry.sha256 is not None:
                yield entry.sha256

    def is_empty(self) -> bool:
        """True when the database holds no object (temp files of this machine do not count)."""
        with self.engine.connect() as connection:
            return connection.execute(text(f"SELECT 1 FROM {OBJECT_TABLE} LIMIT 1")).first() is None

    def export_to(self, folder: Path) -> list[ExportedObject]:
        """Write every object to ``folder/<key>`` (the folder store's layout, each file fsynced); the hashes are
        of the written files."""
        exported = []
        for sha256 in self.iter_objects():
            key = object_key(sha256)
            target = Path(folder) / key
            self._write_copy(sha256, target)
            exported.append(ExportedObject(key, sha256_file(target), target.stat().st_size))
        return exported

    # ------------------------------------------------------------------ writing

    def save(self, stream: BinaryIO, filename: str) -> StoredFile:
        """Store the stream's bytes if they are an accepted type matching ``filename``'s extension."""
        with received_upload(stream, filename, self.local_dir, self.max_bytes) as upload:
            if not (self.verify(upload.sha256) and self._touch(upload.sha256)):
                self._insert(upload.temp, upload.sha256, upload.size)
            return upload.stored(object_key(upload.sha256))

    def _touch(self, sha256: str) -> bool:
        """Mark the stored object as saved now, so that a repair running now (which quarantines only what nobody
        saved since it looked) leaves it; False when it was taken out a moment ago."""
        with self.engine.begin() as connection:
            touched = connection.execute(
                text(f"UPDATE {OBJECT_TABLE} SET stored_at = :now WHERE sha256 = :sha256"),
                {"sha256": sha256, "now": datetime.now(UTC)},
            )
        return touched.rowcount == 1

    def import_file(self, source: Path, sha256: str) -> bool:
        """Store ``source`` (already checked to hash to ``sha256``); False when the same bytes were already
        there, so an interrupted restore resumes where it stopped."""
        if self.verify(sha256):
            return False
        self._insert(Path(source), sha256, Path(source).stat().st_size)
        return True

    def _insert(self, source: Path, sha256: str, size: int) -> None:
        """The object and all its chunks in one transaction, replacing a damaged copy of the same name."""
        chunks = max(1, -(-size // CHUNK_BYTES))
        try:
            with self.engine.begin() as connection, source.open("rb") as data:
                self._delete(connection, sha256)
                connection.execute(
                    text(
                        f"INSERT INTO {OBJECT_TABLE} (sha256, size, chunks, stored_at) "
                        "VALUES (:sha256, :size, :chunks, :stored_at)"
                    ),
                    {"sha256": sha256, "size": size, "chunks": chunks, "stored_at": datetime.now(UTC)},
                )
                for seq in range(chunks):
                    connection.execute(
                        text(f"INSERT INTO {CHUNK_TABLE} (sha256, seq, data) VALUES (:sha256, :seq, :data)"),
                        {"sha256": sha256, "seq": seq, "data": data.read(CHUNK_BYTES)},
                    )
        except IntegrityError:
            if not self.verify(sha256):  # another upload of the same bytes committed first: nothing to do
                raise

    def _delete(self, connection: Connection, sha256: str) -> None:
        connection.execute(text(f"DELETE FROM {CHUNK_TABLE} WHERE sha256 = :sha256"), {"sha256": sha256})
        connection.execute(text(f"DELETE FROM {OBJECT_TABLE} WHERE sha256 = :sha256"), {"sha256": sha256})

    def remove(self, key: str) -> None:
        """Delete one entry: an upload's temp file of this machine, or an object."""
        if TEMP_NAME.match(key):
            (self.local_dir / key).unlink(missing_ok=True)
            return
        sha256 = self._sha256_of(key)
        with self.engine.begin() as connection:
            self._delete(connection, sha256)
        (self.local_dir / key).unlink(missing_ok=True)

    def move_out(self, key: str, target: Path, *, listed_at: datetime | None = None) -> bool:
        """Write one entry's bytes (as stored, damaged or not) to ``target`` (a quarantine), then delete it.
        With ``listed_at`` (when a check saw it) an object saved again since then is kept, its copy removed,
        and the answer is False: a repair never takes away what an upload has just counted on."""
        if TEMP_NAME.match(key):
            with disk_full_translated():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.local_dir / key, target)
            return True
        sha256 = self._sha256_of(key)
        self._write_copy(sha256, target)
        with self.engine.begin() as connection:
            if listed_at is not None:
                # Locks the row until the delete commits: a save touching it waits, then finds it gone and
                # inserts it again; one that touched it first has made it newer than the listing.
                unchanged = connection.execute(
                    text(
                        f"UPDATE {OBJECT_TABLE} SET chunks = chunks "
                        "WHERE sha256 = :sha256 AND stored_at <= :listed_at"
                    ),
                    {"sha256": sha256, "listed_at": listed_at},
                )
                if unchanged.rowcount != 1:
                    target.unlink(missing_ok=True)
                    return False
            self._delete(connection, sha256)
        (self.local_dir / key).unlink(missing_ok=True)
        return True

    def _sha256_of(self, key: str) -> str:
        sha256 = key.rsplit("/", 1)[-1]
        if object_key(sha256) != key:
            raise ValueError(f"not a key of this store: {key!r}")
        return sha256


class _ChunkReader(io.RawIOBase):
    """The bytes of one object, fetching chunk ``seq`` only when the reader reaches it."""

    def __init__(self, engine: Engine, sha256: str, chunks: int):
        self._engine = engine
        self._sha256 = sha256
        self._chunks = chunks
        self._seq = 0
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: memoryview | bytearray) -> int:  # type: ignore[override]
        while not self._buffer and self._seq < self._chunks:
            with self._engine.connect() as connection:
                data = connection.execute(
                    text(f"SELECT data FROM {CHUNK_TABLE} WHERE sha256 = :sha256 AND seq = :seq"),
                    {"sha256": self._sha256, "seq": self._seq},
                ).scalar()
            if data is None:
                raise LenteraError("evidence.missing_file")
            self._buffer = bytes(data)
            self._seq += 1
        count = min(len(target), len(self._buffer))
        target[:count] = self._buffer[:count]
        self._buffer = self._buffer[count:]
        return count


def _as_utc(value: datetime | str | None) -> datetime:
    if value is None:
        return datetime.fromtimestamp(0, UTC)
    if isinstance(value, str):  # SQLite hands back text
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
