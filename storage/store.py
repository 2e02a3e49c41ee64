"""The evidence file store: each file once, under its sha256, in ``root/ab/cd/<sha256>``.

An upload streams into a temporary file in the store's own folder while it is hashed and counted (the size
cap stops it early), is sniffed, fsynced, and only then renamed into place. A crash therefore never leaves a
half file under a real name, and the service commits the database row only after ``save`` returned.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Protocol

from i18n import LenteraError, register
from storage.files import atomic_copy, disk_full_translated, fsync_dir, sha256_file
from storage.sniff import ALLOWED_EXTENSIONS, MEDIA_TYPES, SniffError, sniff

CHUNK_BYTES = 1024 * 1024
DISPLAY_NAME_MAX = 120
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
TEMP_NAME = re.compile(r"^\.upload-.*\.part$")
_ALLOWED_TEXT = ", ".join(ext.lstrip(".").upper() for ext in ALLOWED_EXTENSIONS if ext != ".jpeg")

register(
    {
        "evidence.empty": {
            "id": "Berkas kosong (0 byte). Pilih berkas bukti dukung yang berisi.",
            "en": "The file is empty (0 bytes). Choose a file with content.",
        },
        "evidence.too_large": {
            "id": "Berkas terlalu besar: batasnya {limit_mb} MB. Perkecil atau pisahkan berkasnya.",
            "en": "The file is too large: the limit is {limit_mb} MB. Compress or split it.",
        },
        "evidence.unsupported_type": {
            "id": "Jenis berkas tidak diterima. Jenis yang diterima: {allowed}.",
            "en": "This kind of file is not accepted. Accepted kinds: {allowed}.",
        },
        "evidence.type_mismatch": {
            "id": "Isi berkas tidak sesuai dengan ekstensinya ({extension}). Jenis yang diterima: {allowed}.",
            "en": "The file's content does not match its extension ({extension}). Accepted kinds: {allowed}.",
        },
        "evidence.zip_bomb": {
            "id": "Berkas arsip ini tidak wajar (terlalu banyak isi atau ukuran terurai terlalu besar).",
            "en": "This archive looks abnormal (too many entries or too large when unpacked).",
        },
        "evidence.pdf_incomplete": {
            "id": "Berkas PDF ini terpotong (tidak lengkap). Simpan ulang atau pindai ulang, lalu unggah lagi.",
            "en": "This PDF is cut off (incomplete). Save or scan it again, then upload it again.",
        },
        "evidence.missing_file": {
            "id": "Berkas bukti dukung tidak ditemukan di penyimpanan. Hubungi admin.",
            "en": "The evidence file is missing from storage. Contact the administrator.",
        },
    }
)


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    media_type: str
    extension: str  # canonical, with the dot: ".pdf", ".jpg"
    storage_key: str  # "ab/cd/<sha256>", relative to the store root


# Kinds of entry a scan of the store finds.
OBJECT = "object"  # a file in its place under its hash (its bytes are not checked by the scan)
TEMP = "temp"  # an upload's temporary file
UNKNOWN = "unknown"  # anything else: a stray file, a symlink, a file outside the layout


@dataclass(frozen=True)
class StoreEntry:
    key: str  # relative to the store root
    kind: str  # OBJECT, TEMP or UNKNOWN
    size: int
    modified_at: datetime

    @property
    def sha256(self) -> str | None:
        return self.key.rsplit("/", 1)[-1] if self.kind == OBJECT else None


@dataclass(frozen=True)
class ExportedObject:
    key: str  # the object's key, also its path relative to the export folder
    sha256: str  # of the copied bytes (differs from the name when the stored file was damaged)
    size: int


def object_key(sha256: str) -> str:
    """``ab/cd/<sha256>``: an object's key in every store (its path under a folder store's root, its path in a
    backup); ``ValueError`` for anything but a sha256, so no key is ever built from user text."""
    if not _SHA256.match(sha256):
        raise ValueError(f"not a sha256: {sha256!r}")
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


class EvidenceStorage(Protocol):
    """What the services use of an evidence store: ``EvidenceStore`` (a folder, the default) and
    ``storage.db_store.DatabaseEvidenceStore`` (tables in the database, for replicas without a shared disk)."""

    max_bytes: int

    @property
    def location(self) -> str: ...
    def key_for(self, sha256: str) -> str: ...
    def exists(self, sha256: str) -> bool: ...
    def open(self, sha256: str) -> BinaryIO: ...
    def verify(self, sha256: str) -> bool: ...
    def local_path(self, sha256: str) -> Path: ...
    def save(self, stream: BinaryIO, filename: str) -> StoredFile: ...
    def iter_entries(self) -> Iterator[StoreEntry]: ...
    def iter_objects(self) -> Iterator[str]: ...
    def is_empty(self) -> bool: ...
    def export_to(self, folder: Path) -> list[ExportedObject]: ...
    def import_file(self, source: Path, sha256: str) -> bool: ...
    def remove(self, key: str) -> None: ...
    def move_out(self, key: str, target: Path, *, listed_at: datetime | None = None) -> bool: ...


def safe_display_name(name: str) -> str:
    """A name fit to show and to offer as a download name: no folders, no control or direction-override
    characters, at most ``DISPLAY_NAME_MAX`` characters with the extension kept. Letters of any script stay.
    Never used as a path: files live under their hash."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = re.sub(r'[<>:"|?*]', "_", name)
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").strip()
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 10 or " " in extension:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    stem = stem[: DISPLAY_NAME_MAX - len(suffix)].rstrip() or "berkas"
    return stem + suffix


def extension_of(filename: str) -> str:
    return os.path.splitext(safe_display_name(filename))[1].lower()


class EvidenceStore:
    """A local folder of content-addressed files. An object-storage backend would offer the same methods."""

    def __init__(self, root: Path, max_bytes: int):
        self.root = Path(root)
        self.max_bytes = max_bytes

    def key_for(self, sha256: str) -> str:
        return object_key(sha256)

    def path(self, sha256: str) -> Path:
        return self.root / self.key_for(sha256)

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        try:
            return self.path(sha256).open("rb")
        except FileNotFoundError:
            raise LenteraError("evidence.missing_file") from None

    def verify(self, sha256: str) -> bool:
        """True when the stored bytes still hash to their name."""
        path = self.path(sha256)
        if not path.is_file():
            return False
        return sha256_file(path) == sha256

    def iter_entries(self) -> Iterator[StoreEntry]:
        """Every file in the store's folder, classified, in key order (for a consistency check)."""
        if not self.root.exists():
            return
        for path in sorted(p for p in self.root.rglob("*") if p.is_file() or p.is_symlink()):
            key = path.relative_to(self.root).as_posix()
            stat = path.lstat()
            yield StoreEntry(key, self._kind(path, key), stat.st_size, _modified_at(stat))

    def iter_objects(self) -> Iterator[str]:
        """The sha256 of every object in its place, in key order."""
        for entry in self.iter_entries():
            if entry.sha256 is not None:
                yield entry.sha256

    def _kind(self, path: Path, key: str) -> str:
        if path.parent == self.root and TEMP_NAME.match(path.name):
            return TEMP
        name = path.name
        if path.is_symlink() or not _SHA256.match(name) or key != self.key_for(name):
            return UNKNOWN
        return OBJECT

    def is_empty(self) -> bool:
        """True when the store's folder holds no file at all (empty folders do not count)."""
        return next(self.iter_entries(), None) is None

    def export_to(self, folder: Path) -> list[ExportedObject]:
        """Copy every object to ``folder/<key>`` (the same layout, each copy fsynced); the hashes are of the
        copies."""
        exported = []
        for sha256 in self.iter_objects():
            key = self.key_for(sha256)
            target = Path(folder) / key
            with disk_full_translated():
                target.parent.mkdir(parents=True, exist_ok=True)
            atomic_copy(self.path(sha256), target)
            exported.append(ExportedObject(key, sha256_file(target), target.stat().st_size))
        return exported

    def import_file(self, source: Path, sha256: str) -> bool:
        """Store ``source`` (already checked to hash to ``sha256``) under its key; False when the same bytes
        were already there, so an interrupted import resumes where it stopped."""
        if self.verify(sha256):
            return False
        atomic_copy(source, self.path(sha256))
        return True

    def take_over(self, staging: EvidenceStore) -> None:
        """Make the files of ``staging`` (filled by ``import_file``) this store's, in one rename of the folder;
        this store must hold no file. A restore fills a staging store and publishes it only at the end."""
        if not self.is_empty():
            raise ValueError(f"{self.root} is not empty")
        if self.root.exists():
            shutil.rmtree(self.root)  # only empty folders are left in it
        self.root.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging.root, self.root)
        fsync_dir(self.root.parent)

    def remove(self, key: str) -> None:
        """Delete one entry (an upload's stale temp file)."""
        self._entry_path(key).unlink(missing_ok=True)

    def move_out(self, key: str, target: Path, *, listed_at: datetime | None = None) -> bool:
        """Move one entry out of the store (to a quarantine folder). With ``listed_at`` (when a check saw it) an
        object saved again since then (``save`` touches the same bytes, or writes them anew) is put back, and
        the answer is False: a repair never takes away what an upload has just counted on."""
        source = self._entry_path(key)
        with disk_full_translated():  # a quarantine on another file system is a copy (times kept)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)
            # Moved first, looked at second: a save touching it from now on finds it gone and writes it again.
            if listed_at is not None and _modified_at(target.lstat()) > listed_at:
                shutil.move(target, source)
                return False
        return True

    def _entry_path(self, key: str) -> Path:
        path = self.root / key
        if ".." in Path(key).parts or Path(key).is_absolute():
            raise ValueError(f"not a key of this store: {key!r}")
        return path

    def save(self, stream: BinaryIO, filename: str) -> StoredFile:
        """Store the stream's bytes if they are an accepted type matching ``filename``'s extension."""
        with received_upload(stream, filename, self.root, self.max_bytes) as upload:
            target = self.path(upload.sha256)
            if not self._kept(target, upload):
                with disk_full_translated():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(upload.temp, target)
                fsync_dir(target.parent)
            return upload.stored(self.key_for(upload.sha256))

    def _kept(self, target: Path, upload: ReceivedUpload) -> bool:
        """True when the same bytes are already stored, intact; touched, so that a repair running now (which
        quarantines only what nobody saved since it looked) leaves them where they are."""
        if not (target.is_file() and target.stat().st_size == upload.size and self.verify(upload.sha256)):
            return False
        try:
            os.utime(target)
        except FileNotFoundError:  # quarantined a moment ago: written again
            return False
        return True

    # The same interface as storage.db_store.DatabaseEvidenceStore, for the services that do not care where:

    @property
    def location(self) -> str:
        return str(self.root)

    def local_path(self, sha256: str) -> Path:
        """A local file with the object's bytes (to show or to inspect); ``evidence.missing_file`` if gone."""
        path = self.path(sha256)
        if not path.is_file():
            raise LenteraError("evidence.missing_file")
        return path


@dataclass(frozen=True)
class ReceivedUpload:
    temp: Path  # the bytes, in a temporary file beside the store (deleted when the ``with`` ends)
    sha256: str
    size: int
    media_type: str
    extension: str

    def stored(self, key: str) -> StoredFile:
        return StoredFile(self.sha256, self.size, self.media_type, self.extension, key)


@contextmanager
def received_upload(
    stream: BinaryIO, filename: str, folder: Path, max_bytes: int
) -> Iterator[ReceivedUpload]:
    """Every store's first half of ``save``: refuse an extension outside the list, stream the bytes into a temp
    file in ``folder`` while hashing and counting them (stopping past ``max_bytes``), fsync, sniff them against
    the extension. The temp file is gone when the ``with`` block ends, whether the store took it or not."""
    extension = extension_of(filename)
    if extension not in ALLOWED_EXTENSIONS:
        raise LenteraError("evidence.unsupported_type", allowed=_ALLOWED_TEXT)
    with disk_full_translated():
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temp_name = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".part")
    temp = Path(temp_name)
    try:
        with disk_full_translated():
            digest, size = _copy(stream, descriptor, max_bytes)
        if size == 0:
            raise LenteraError("evidence.empty")
        try:
            sniffed = sniff(temp)
        except SniffError as error:
            raise LenteraError(f"evidence.{error.reason}") from None
        if sniffed is None or sniffed.media_type != MEDIA_TYPES[extension]:
            raise LenteraError("evidence.type_mismatch", extension=extension, allowed=_ALLOWED_TEXT)
        yield ReceivedUpload(temp, digest, size, sniffed.media_type, sniffed.extension)
    finally:
        temp.unlink(missing_ok=True)


def _copy(stream: BinaryIO, descriptor: int, max_bytes: int) -> tuple[str, int]:
    """Write ``stream`` to the open temp file in chunks, hashing as it goes; stop past the limit."""
    digest = hashlib.sha256()
    size = 0
    with os.fdopen(descriptor, "wb") as out:
        while chunk := stream.read(CHUNK_BYTES):
            size += len(chunk)
            if size > max_bytes:
                raise LenteraError("evidence.too_large", limit_mb=_megabytes(max_bytes))
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest(), size


def _modified_at(stat: os.stat_result) -> datetime:
    """When a file was last written or touched, as the store's entries give it."""
    return datetime.fromtimestamp(stat.st_mtime, UTC)


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")
