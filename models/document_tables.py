"""What the signed documents need beside the core tables: the numbers issued to berita acara (never reused) and
the few settings an admin gives them (numbering scheme, place).

Kept beside ``models/tables.py``: these rows only point at the core ones. A number, once issued, stays in
``issued_number`` even when the file is thrown away, so the next document never gets it again.
"""

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

# Importing models.tables first also sets the constraint naming convention these tables need.
from models.tables import _utc_column


class IssuedNumber(SQLModel, table=True):
    """One document number handed out: ``kind`` ("ba_reviu"), the sequence within its year, the full text."""

    __tablename__ = "issued_number"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30)
    year: int
    seq: int
    number: str = Field(max_length=120, unique=True)
    period_id: int | None = Field(default=None, foreign_key="period.id")
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    issued_at: datetime | None = _utc_column()
    issued_by_id: int | None = Field(default=None, foreign_key="user.id")

    __table_args__ = (UniqueConstraint("kind", "year", "seq", name="uq_issued_number_kind_year_seq"),)


class DocumentSetting(SQLModel, table=True):
    """Per-region settings of the signed documents (``key``: "ba_number_scheme", "ba_place")."""

    __tablename__ = "document_setting"

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    key: str = Field(max_length=40)
    value: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime | None = _utc_column()
    updated_by_id: int | None = Field(default=None, foreign_key="user.id")

    __table_args__ = (UniqueConstraint("region_id", "key", name="uq_document_setting_region_key"),)
