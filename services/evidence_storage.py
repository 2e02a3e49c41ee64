"""Which evidence store the settings choose: the folder ``$LENTERA_DATA_DIR/evidence`` (the default) or, with
``LENTERA_EVIDENCE_STORE=database``, the tables of the PostgreSQL database (``storage/db_store.py``), so that
several app replicas share nothing but the database. Every service that touches evidence bytes (uploads, the
viewer, exports, fsck, backup, restore) gets its store here.
"""

from __future__ import annotations

from pathlib import Path

from config import get_settings
from i18n import LenteraError, register
from models.database import engine_for
from storage.db_store import DatabaseEvidenceStore
from storage.store import EvidenceStorage, EvidenceStore

LOCAL_CACHE = "evidence-cache"  # under the data folder: this machine's upload temp files and read copies

register(
    {
        "evidence.store_needs_postgresql": {
            "id": "LENTERA_EVIDENCE_STORE=database hanya untuk PostgreSQL (DATABASE_URL). Dengan SQLite, bukti "
            "dukung disimpan di folder data (LENTERA_EVIDENCE_STORE=filesystem).",
            "en": "LENTERA_EVIDENCE_STORE=database needs PostgreSQL (DATABASE_URL). With SQLite, evidence lives "
            "in the data folder (LENTERA_EVIDENCE_STORE=filesystem).",
        },
    }
)


def evidence_store(*, url: str | None = None, data_dir: Path | None = None) -> EvidenceStorage:
    """The store of the database at ``url`` and the data folder ``data_dir`` (both default to the settings)."""
    settings = get_settings()
    url = url or settings.sqlalchemy_url
    data_dir = Path(data_dir or settings.data_dir)
    if settings.evidence_store == "database":
        if url.startswith("sqlite"):  # a SQLite backup is one file copy: the evidence would travel twice
            raise LenteraError("evidence.store_needs_postgresql")
        return DatabaseEvidenceStore(
            engine_for(url),
            settings.max_upload_bytes,
            local_dir=data_dir / LOCAL_CACHE,
            copies_bytes=settings.evidence_cache_mb * 1024 * 1024,
        )
    return EvidenceStore(data_dir / "evidence", settings.max_upload_bytes)
