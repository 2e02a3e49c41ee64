"""``lentera restore``: put a verified backup back into an empty data folder and database, and resume it when
it was interrupted.

Nothing is written before every file of the backup matches its manifest. Then, in this order:

1. a marker, ``$DATA_DIR/restore-in-progress.json``, names the backup being restored (its manifest's sha256);
2. the evidence files go into a staging store, ``$DATA_DIR/evidence.restoring``, each atomically (a file
   already there with the right hash is kept, so a rerun resumes); the database evidence store
   (``LENTERA_EVIDENCE_STORE=database``) is filled in place instead, one transaction per file;
3. the database is put back: a SQLite copy by one file rename, anything else in one transaction;
4. the staging store becomes the evidence store in one folder rename, the periods get fresh change tokens,
   and the marker goes.

A restore killed anywhere (``kill -9``, a power cut) leaves the marker. ``lentera restore`` with the same backup
then resumes: staged files are kept, a database step that committed is recognised by its row counts.
``lentera fsck`` reports the interrupted restore instead of checking a half-restored store, and a restore of
another backup is refused until this one is finished.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from config import get_settings
from i18n import LenteraError, register
from models.migrate import database_initialised, head_revision, upgrade_database
from services.backup import BackupSummary, summary
from services.backup_database import (
    ROWS,
    database_has_rows,
    load_database,
    renew_change_tokens,
    row_counts,
)
from services.backup_manifest import evidence_entries, manifest_identity, require_intact
from services.evidence_storage import evidence_store
from storage.files import atomic_write, fsync_dir
from storage.store import EvidenceStorage, EvidenceStore

MARKER = "restore-in-progress.json"
STAGING = "evidence.restoring"

register(
    {
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
        "backup.other_restore_interrupted": {
            "id": "Pemulihan dari {folder} terhenti sebelum selesai. Jalankan lagi `lentera restore {folder}` "
            "untuk menuntaskannya sebelum memulihkan cadangan lain.",
            "en": "A restore from {folder} was interrupted. Run `lentera restore {folder}` again to finish it "
            "before restoring another backup.",
        },
    }
)


def restore(folder: Path, *, url: str | None = None, data_dir: Path | None = None) -> BackupSummary:
    """Restore a verified backup into an empty data folder and database, or finish an interrupted restore of
    the same backup."""
    settings = get_settings()
    url = url or settings.sqlalchemy_url
    data_dir = Path(data_dir or settings.data_dir)
    folder = Path(folder)
    manifest = require_intact(folder)
    database = manifest["database"]
    if database.get("revision") != head_revision() and database.get("kind") == ROWS:
        raise LenteraError(
            "backup.revision_mismatch", backup=database.get("revision"), current=head_revision()
        )
    target = evidence_store(url=url, data_dir=data_dir)
    # A folder store is filled in a staging folder and published by one rename at the end; the database store
    # is filled in place (each object in one transaction; the rows of the database copy do not include them).
    staging = (
        EvidenceStore(data_dir / STAGING, settings.max_upload_bytes)
        if isinstance(target, EvidenceStore)
        else None
    )
    if staging is None:
        # The evidence tables, in an empty database (its row count stays 0). Checked first: a restore pointed
        # at a database in use must refuse before a migration touches it.
        if _read_marker(data_dir) is None and database_has_rows(url):
            raise LenteraError("backup.data_not_empty", what=_database_name(url))
        upgrade_database(url)
    resuming = _begin(data_dir, folder, url, target, staging)

    # After a kill between publishing the files and removing the marker, the files are already in place.
    published = staging is None or (resuming and not staging.root.exists() and not target.is_empty())
    destination: EvidenceStorage = target if staging is None or published else staging
    for name, sha256 in evidence_entries(manifest).items():
        destination.import_file(folder / name, sha256)

    if resuming and _database_restored(url, database["tables"]):
        upgrade_database(url)  # the copy may have landed just before its migration
    else:
        if database_has_rows(url):
            raise LenteraError("backup.data_not_empty", what=_database_name(url))
        load_database(folder, database["kind"], url)

    if staging is not None and not published and staging.root.exists():
        assert isinstance(target, EvidenceStore)
        target.take_over(staging)
    renew_change_tokens(url)
    _finish(data_dir)
    return summary(folder, manifest, tables=row_counts(url))


def interrupted_restore(data_dir: Path) -> str | None:
    """The backup folder of a restore into ``data_dir`` that has not finished, if there is one."""
    marker = _read_marker(Path(data_dir))
    return None if marker is None else str(marker.get("folder", "?"))


def _begin(
    data_dir: Path, folder: Path, url: str, target: EvidenceStorage, staging: EvidenceStore | None
) -> bool:
    """True when this resumes an interrupted restore of the same backup; otherwise checks that everything is
    empty and leaves the marker."""
    identity = manifest_identity(folder)
    marker = _read_marker(data_dir)
    if marker is not None:
        if marker.get("backup") != identity:
            raise LenteraError("backup.other_restore_interrupted", folder=marker.get("folder", "?"))
        return True
    if not target.is_empty():
        raise LenteraError("backup.data_not_empty", what=target.location)
    if staging is not None and staging.root.exists():
        raise LenteraError("backup.data_not_empty", what=str(staging.root))
    if database_has_rows(url):
        raise LenteraError("backup.data_not_empty", what=_database_name(url))
    data_dir.mkdir(parents=True, exist_ok=True)
    started = {
        "backup": identity,
        "folder": str(folder.resolve()),
        "started_at": datetime.now(UTC).isoformat(),
    }
    atomic_write(data_dir / MARKER, json.dumps(started).encode())
    return False


def _database_restored(url: str, expected: dict[str, int]) -> bool:
    """True when the database holds exactly the backup's rows (the database step committed before a kill)."""
    if not database_initialised(url) or not database_has_rows(url):
        return False
    counts = row_counts(url)
    return all(counts.get(name) == count for name, count in expected.items())


def _read_marker(data_dir: Path) -> dict[str, Any] | None:
    try:
        marker = json.loads((data_dir / MARKER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"backup": None, "folder": "?"}  # damaged: a restore was under way, of an unknown backup
    return marker if isinstance(marker, dict) else {"backup": None, "folder": "?"}


def _finish(data_dir: Path) -> None:
    (data_dir / MARKER).unlink(missing_ok=True)
    fsync_dir(data_dir)


def _database_name(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
