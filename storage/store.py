"""The evidence file store: each file once, under its sha256, in ``root/ab/cd/<sha256>``.

An upload streams into a temporary file in the store's own folder while it is hashed and counted (the size
cap stops it early), is sniffed, fsynced, and only then renamed into place. A crash therefore never leaves a
half file under a real name, and the service commits the database row only after ``save`` returned.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from i18n import LenteraError, register
from storage.sniff import ALLOWED_EXTENSIONS, MEDIA_TYPES, SniffError, sniff

CHUNK_BYTES = 1024 * 1024
DISPLAY_NAME_MAX = 120
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
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
        if not _SHA256.match(sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"

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
        return _hash_file(path) == sha256

    def save(self, stream: BinaryIO, filename: str) -> StoredFile:
        """Store the stream's bytes if they are an accepted type matching ``filename``'s extension."""
        extension = extension_of(filename)
        if extension not in ALLOWED_EXTENSIONS:
            raise LenteraError("evidence.unsupported_type", allowed=_ALLOWED_TEXT)
        self.root.mkdir(parents=True, exist_ok=True)
        descriptor, temp_name = tempfile.mkstemp(dir=self.root, prefix=".upload-", suffix=".part")
        temp = Path(temp_name)
        try:
            digest, size = self._copy(stream, descriptor)
            if size == 0:
                raise LenteraError("evidence.empty")
            try:
                sniffed = sniff(temp)
            except SniffError as error:
                raise LenteraError(f"evidence.{error.reason}") from None
            if sniffed is None or sniffed.media_type != MEDIA_TYPES[extension]:
                raise LenteraError("evidence.type_mismatch", extension=extension, allowed=_ALLOWED_TEXT)
            target = self.path(digest)
            if target.is_file() and target.stat().st_size == size and self.verify(digest):
                temp.unlink()  # the same bytes are already stored (and still intact)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(temp, target)
                _fsync_folder(target.parent)
            return StoredFile(digest, size, sniffed.media_type, sniffed.extension, self.key_for(digest))
        finally:
            temp.unlink(missing_ok=True)

    def _copy(self, stream: BinaryIO, descriptor: int) -> tuple[str, int]:
        """Write ``stream`` to the open temp file in chunks, hashing as it goes; stop past the limit."""
        digest = hashlib.sha256()
        size = 0
        with os.fdopen(descriptor, "wb") as out:
            while chunk := stream.read(CHUNK_BYTES):
                size += len(chunk)
                if size > self.max_bytes:
                    raise LenteraError("evidence.too_large", limit_mb=_megabytes(self.max_bytes))
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        return digest.hexdigest(), size


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
