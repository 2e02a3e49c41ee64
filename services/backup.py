"""``lentera backup``: a consistent database copy, every evidence file, and a manifest of hashes, in a new folder.

The database is copied before the files (``services.backup_database``): uploads write the file before the row,
so every row in the copy finds its file. The evidence files come from the store's own ``export_to``, in the
folder store's layout whichever store holds them (a folder, or the database's evidence tables, which the row copy
therefore skips), each copy fsynced; the manifest (``services.backup_manifest``) is written last and atomically,
so a backup interrupted halfway is recognisably not a backup. ``services.restore`` puts one back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from config import get_settings
from i18n import LenteraError, register
from models.migrate import database_initialised
from services.backup_database import DATABASE, copy_database
from services.backup_manifest import EVIDENCE, FORMAT, FORMAT_VERSION, describe, write_manifest
from services.evidence_storage import evidence_store

register(
    {
        "backup.target_not_empty": {
            "id": "Folder cadangan {folder} sudah berisi berkas. Pilih folder baru atau yang kosong.",
            "en": "The backup folder {folder} is not empty. Choose a new or empty folder.",
        },
        "backup.not_initialised": {
            "id": "Tidak ada yang dicadangkan: basis data di {database} belum disiapkan. Periksa LENTERA_DATA_DIR "
            "atau DATABASE_URL, atau jalankan `lentera init` lebih dulu.",
            "en": "Nothing to back up: the database at {database} is not initialised. Check LENTERA_DATA_DIR "
            "or DATABASE_URL, or run `lentera init` first.",
        },
    }
)


@dataclass(frozen=True)
class BackupSummary:
    folder: Path
    database: str  # "sqlite" (a database file) or "rows" (JSON lines per table)
    tables: dict[str, int]
    files: int  # evidence files
    bytes: int  # of every file in the backup


def backup(folder: Path, *, url: str | None = None, data_dir: Path | None = None) -> BackupSummary:
    """Write a backup of the database at ``url`` and the evidence under ``data_dir`` into ``folder``."""
    settings = get_settings()
    url = url or settings.sqlalchemy_url
    store = evidence_store(url=url, data_dir=data_dir)
    folder = Path(folder)
    if not database_initialised(url):  # checked before anything is created, here or there
        raise LenteraError(
            "backup.not_initialised", database=make_url(url).render_as_string(hide_password=True)
        )
    if folder.exists() and any(folder.iterdir()):
        raise LenteraError("backup.target_not_empty", folder=str(folder))

    copy = copy_database(url, folder)
    files: dict[str, dict[str, Any]] = {
        path.relative_to(folder).as_posix(): describe(path) for path in sorted((folder / DATABASE).iterdir())
    }
    for exported in store.export_to(folder / EVIDENCE):
        files[f"{EVIDENCE}/{exported.key}"] = {"sha256": exported.sha256, "size": exported.size}

    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "database": {
            "kind": copy.kind,
            "dialect": make_url(url).get_backend_name(),
            "revision": copy.revision,
            "tables": copy.tables,
        },
        "files": files,
    }
    write_manifest(folder, manifest)
    return summary(folder, manifest)


def summary(folder: Path, manifest: dict[str, Any], tables: dict[str, int] | None = None) -> BackupSummary:
    """What a backup holds (or, with ``tables``, what a restore of it gave)."""
    files = manifest["files"]
    return BackupSummary(
        folder=folder,
        database=manifest["database"]["kind"],
        tables=tables if tables is not None else manifest["database"]["tables"],
        files=sum(1 for name in files if name.startswith(f"{EVIDENCE}/")),
        bytes=sum(int(entry["size"]) for entry in files.values()),
    )
