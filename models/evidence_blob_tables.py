"""The evidence files themselves, for the database evidence store (``LENTERA_EVIDENCE_STORE=database``): one row
per stored object and its bytes in chunks of at most 1 MiB, so replicas of the app share nothing but the
database. With the default folder store both tables stay empty.

``storage/db_store.py`` reads and writes them (by name: storage sits beside models, not above them). They hold
files, not records: a backup copies them as files through the store's ``export_to`` (``services/backup.py``),
so the row copy of the database skips them (``EVIDENCE_FILE_TABLES``).
"""

from datetime import datetime

from sqlalchemy import BigInteger, Column, LargeBinary
from sqlmodel import Field, SQLModel

# Importing models.tables first also sets the constraint naming convention these tables need.
from models.tables import _utc_column

EVIDENCE_FILE_TABLES = frozenset({"evidence_object", "evidence_chunk"})


class EvidenceObject(SQLModel, table=True):
    """One stored file, under the sha256 of its bytes; written in the same transaction as all its chunks."""

    __tablename__ = "evidence_object"

    sha256: str = Field(primary_key=True, max_length=64)
    size: int = Field(sa_column=Column(BigInteger, nullable=False))
    chunks: int
    stored_at: datetime | None = _utc_column()


class EvidenceChunk(SQLModel, table=True):
    """Bytes ``seq * 1 MiB`` onwards of one stored file."""

    __tablename__ = "evidence_chunk"

    sha256: str = Field(primary_key=True, max_length=64, foreign_key="evidence_object.sha256")
    seq: int = Field(primary_key=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
