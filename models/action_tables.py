"""Rencana aksi and KPK's recommendations (issue 18): who does what by when to close a gap, and what KPK asked.

Kept beside ``models/tables.py`` rather than inside it: these tables only point at the core ones (region, OPD,
period, user, evidence), never the other way. Times are UTC like everywhere (read through ``as_utc``); a due
date names a minute in WIT, stored as its UTC moment. Nothing is deleted: an action is cancelled (``batal``),
follow-up evidence is detached, notes only accumulate.
"""

from datetime import datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

# Importing models.tables first also sets the constraint naming convention these tables need.
from models.tables import _utc_column
from vocabulary import ActionStatus


class Recommendation(SQLModel, table=True):
    """A KPK (Korsup) recommendation to one pemda after a cycle (the period it was given for).

    ``source_sha256`` is the imported spreadsheet's hash: a second import of the same file is refused.
    """

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    number: str | None = Field(default=None, max_length=40)
    area: str = Field(max_length=200)
    text: str = Field(sa_column=Column(Text, nullable=False))
    codes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    due_at: datetime | None = _utc_column()
    source_sha256: str | None = Field(default=None, max_length=64, index=True)
    source_row: int | None = None
    created_at: datetime | None = _utc_column()
    created_by_id: int | None = Field(default=None, foreign_key="user.id")


class Action(SQLModel, table=True):
    """A rencana aksi of one OPD, optionally about items of a period or a recommendation.

    The person in charge is a user (``owner_user_id``) or, without an account, a name, NIP and phone; the phone
    is stored normalised (``+62…``) and also kept for a user, for the WhatsApp link.
    """

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    period_id: int | None = Field(default=None, foreign_key="period.id", index=True)
    codes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    recommendation_id: int | None = Field(default=None, foreign_key="recommendation.id", index=True)
    title: str = Field(max_length=300)
    owner_user_id: int | None = Field(default=None, foreign_key="user.id")
    owner_name: str | None = Field(default=None, max_length=200)
    owner_nip: str | None = Field(default=None, max_length=18)
    owner_phone: str | None = Field(default=None, max_length=16)
    due_at: datetime | None = _utc_column(nullable=False)
    status: str = Field(default=ActionStatus.rencana, max_length=10, index=True)
    created_at: datetime | None = _utc_column()
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime | None = _utc_column()
    closed_at: datetime | None = _utc_column()
    version: int = 1


class ActionNote(SQLModel, table=True):
    """A progress note, or a status change (``status_from`` → ``status_to``) with its note; the history of an
    action's status over time is read from these rows."""

    __tablename__ = "action_note"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    at: datetime | None = _utc_column()
    author_id: int | None = Field(default=None, foreign_key="user.id")
    text: str | None = Field(default=None, sa_column=Column(Text))
    status_from: str | None = Field(default=None, max_length=10)
    status_to: str | None = Field(default=None, max_length=10)


class ActionEvidence(SQLModel, table=True):
    """Follow-up evidence ↔ action. Detaching stamps ``detached_at``; the row and the file stay."""

    __tablename__ = "action_evidence"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    evidence_id: int = Field(foreign_key="evidence.id", index=True)
    linked_at: datetime | None = _utc_column()
    linked_by_id: int | None = Field(default=None, foreign_key="user.id")
    detached_at: datetime | None = _utc_column()
    detached_by_id: int | None = Field(default=None, foreign_key="user.id")
