"""Every file write and hash in Lentera goes through here: one sha256 (of a file or of bytes), one atomic
write, one folder fsync.

An atomic write lands in a temporary file in the target's own folder, is fsynced, renamed over the target and
the folder is fsynced, so a crash leaves either the old file or the new one, never half of one. A full disk
(ENOSPC, EDQUOT) becomes a translated ``storage.disk_full`` error instead of a traceback in English.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from i18n import LenteraError, register

CHUNK_BYTES = 1024 * 1024
_FULL = {errno.ENOSPC, errno.EDQUOT}

register(
    {
        "storage.disk_full": {
            "id": "Penyimpanan server penuh; tidak ada yang tersimpan. Hubungi admin untuk mengosongkan ruang.",
            "en": "The server's storage is full; nothing was saved. Ask the administrator to free space.",
        },
    }
)


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    """The hex sha256 of bytes already in memory (an upload, a generated file)."""
    return hashlib.sha256(data).hexdigest()


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX); a no-op where folders cannot be opened."""
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


@contextmanager
def disk_full_translated() -> Iterator[None]:
    """Turn a full disk into ``storage.disk_full``; every other OSError passes unchanged."""
    try:
        yield
    except OSError as error:
        if error.errno in _FULL:
            raise LenteraError("storage.disk_full") from error
        raise


def atomic_write(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Replace ``path`` with ``data`` (bytes, or a function writing to the open file) all at once."""
    target = Path(path)
    with disk_full_translated():
        descriptor, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                if isinstance(data, bytes):
                    handle.write(data)
                else:
                    data(handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp_name, target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
    fsync_dir(target.parent)


def atomic_copy(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` through a temporary file, so ``target`` is never half written."""
    with disk_full_translated():
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    with Path(source).open("rb") as handle:
        atomic_write(target, lambda out: shutil.copyfileobj(handle, out, CHUNK_BYTES))
