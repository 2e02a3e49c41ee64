"""The database tables (SQLModel), as in the design's data section.

Times are stored in UTC. SQLite hands them back without a zone, so every reader goes through ``as_utc``.
Nothing here is ever deleted by the application: OPDs retire, evidence links are detached, reviews and audit
events only accumulate.

``Period.change_token`` tells caches whether a period's scores may have changed: every transaction that writes
a Submission or Assignment of the period gives it a fresh random token at commit (``_stamp_changed_periods``).
Random rather than a counter so that a restored backup can never present an old token for newer data.
``Period.documents_token`` does the same for what the documents' progress counts beyond the items: files
attached, detached or tagged (EvidenceLink) and reviews (the documents a reviewer ticked). An upload moves it,
not ``change_token``: the scores' caches stay warm while the offices upload.
"""

from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import JSON, Column, DateTime, Index, Text, UniqueConstraint, event, select, update
from sqlalchemy import false as sa_false
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Field, SQLModel, col

# The shared words live in vocabulary.py; re-exported (``X as X``) so ``from models.tables import Role`` works.
from vocabulary import CatalogStatus as CatalogStatus
from vocabulary import Decision as Decision
from vocabulary import PeriodState as PeriodState
from vocabulary import RegionKind as RegionKind
from vocabulary import Role as Role
from vocabulary import SubmissionStatus as SubmissionStatus

# Named constraints: SQLite migrations rebuild tables (Alembic batch mode) and can only drop or alter a
# constraint that has a name, so every constraint gets a predictable one on both databases.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
# A table row is built from the database without pydantic's validation, so building each table's validator at
# import (an eighth of importing the 29 tables: 0.013 of 0.105 s, paid by every command and every app start)
# waits until a ``model_validate`` first asks for it. The table modules are annotated at run time (no
# ``from __future__ import annotations``) for the same reason: pydantic would otherwise evaluate every field's
# annotation string (a few ms more).
SQLModel.model_config["defer_build"] = True


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime | None) -> datetime | None:
    """The same moment with tzinfo=UTC; naive values (SQLite) are UTC by convention."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _utc_column(*, nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=nullable, index=index))


class Region(SQLModel, table=True):
    """A pemda. Both code schemes are kept: Kemendagri 82.03 is not BPS 8203."""

    id: int | None = Field(default=None, primary_key=True)
    kemendagri_code: str = Field(unique=True, index=True, max_length=16)
    bps_code: str | None = Field(default=None, index=True, max_length=16)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=16)
    parent_id: int | None = Field(default=None, foreign_key="region.id", index=True)
    capital: str | None = Field(default=None, max_length=100)
    population: int | None = None


class Organisation(SQLModel, table=True):
    """An OPD. OPDs merge and retire; the row stays so history keeps its owner."""

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    name: str = Field(max_length=200)
    abbreviation: str = Field(max_length=60)
    kind: str = Field(max_length=30)
    verified: bool = True
    active_from: date | None = None
    active_until: date | None = None
    merged_into_id: int | None = Field(default=None, foreign_key="organisation.id")
    note: str | None = Field(default=None, max_length=500)
    # A service unit (unit penyelenggara pelayanan: DPMPTSP, RSUD, Disdukcapil, Samsat, ...), set by an
    # administrator: the OPDs a PEKPPP period assesses (``Catalog.assessed == "service_unit"``).
    service_unit: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})

    __table_args__ = (
        UniqueConstraint("region_id", "abbreviation", name="uq_organisation_region_abbreviation"),
    )


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True, max_length=80)
    full_name: str = Field(max_length=200)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=20)
    region_id: int | None = Field(default=None, foreign_key="region.id")
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = _utc_column()
    language: str = Field(default="id", max_length=5)
    email: str | None = Field(default=None, max_length=200)
    created_at: datetime | None = _utc_column()
    last_login_at: datetime | None = _utc_column()
    # Seeded or operator-set passwords must be replaced at the next sign-in (outside demo mode).
    must_change_password: bool = False
    # The identity provider's stable subject (``sub``), bound at the first single sign-on by e-mail.
    sso_subject: str | None = Field(default=None, unique=True, max_length=255)
    # As printed under a signature on a berita acara: NIP (18 digits for a civil servant) and jabatan.
    nip: str | None = Field(default=None, max_length=30)
    position: str | None = Field(default=None, max_length=200)


class LoginThrottle(SQLModel, table=True):
    """Recent failed sign-ins per key (``account:NAME``, ``client:ADDRESS``, ``pair:NAME|ADDRESS``).

    Unknown usernames get rows too, so a throttled answer never tells whether an account exists.
    """

    key: str = Field(primary_key=True, max_length=400)
    failures: int = 0
    last_failure_at: datetime | None = _utc_column(index=True)
    blocked_until: datetime | None = _utc_column()


class InstallSecret(SQLModel, table=True):
    """Per-installation values: the demo passwords (demo data only) and the hashed first-admin setup token."""

    key: str = Field(primary_key=True, max_length=80)
    value: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime | None = _utc_column()


class UserSession(SQLModel, table=True):
    """A signed-in browser. Only hashes are stored: ``token_hash`` of the HttpOnly cookie, ``code_hash`` of the
    one-time code that turns a fresh sign-in into that cookie (see services/user_sessions.py)."""

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str | None = Field(default=None, unique=True, index=True, max_length=64)
    code_hash: str | None = Field(default=None, unique=True, index=True, max_length=64)
    code_expires_at: datetime | None = _utc_column()
    created_at: datetime | None = _utc_column()
    last_seen_at: datetime | None = _utc_column()
    revoked_at: datetime | None = _utc_column()


class Catalog(SQLModel, table=True):
    """One framework version; ``document`` is the validated catalog as JSON, ``content_hash`` its sha256."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True, max_length=80)
    name: str = Field(max_length=300)
    framework: str = Field(max_length=40)
    year: int
    version: str = Field(default="1", max_length=40)
    document: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    content_hash: str = Field(max_length=64)
    status: str = Field(default=CatalogStatus.draft, max_length=10)
    imported_at: datetime | None = _utc_column()
    imported_by_id: int | None = Field(default=None, foreign_key="user.id")


class Period(SQLModel, table=True):
    """An assessment round of one catalog for one pemda, with its deadlines (stored UTC, stated in WIT)."""

    id: int | None = Field(default=None, primary_key=True)
    catalog_id: int = Field(foreign_key="catalog.id", index=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    name: str = Field(max_length=200)
    opens_at: datetime | None = _utc_column()
    submission_deadline: datetime | None = _utc_column()
    verification_deadline: datetime | None = _utc_column()
    state: str = Field(default=PeriodState.open, max_length=10)
    time_zone: str = Field(default="Asia/Jayapura", max_length=40)
    previous_period_id: int | None = Field(default=None, foreign_key="period.id")
    change_token: str | None = Field(default=None, max_length=32)  # new at each commit touching its items
    # new at each commit touching its evidence links (files attached, detached, tagged) or reviews
    documents_token: str | None = Field(default=None, max_length=32)
    # Who does the internal reviu ("Inspektorat" for MCP, "Tim Asesor Internal" for SPBE); None: the framework's
    # default (``services.periods.reviewer_label``).
    reviewer_label: str | None = Field(default=None, max_length=80)


class PeriodLeafMeans(SQLModel, table=True):
    """A period's leaf means (its OPDs' mean verified and self value per leaf) as of its change token.

    The national ranking's stored aggregate (``services.stored_means``): one small row per period instead of
    grouping 1.36 M items on every cold start. A row whose token is no longer the period's is stale and is
    recomputed; nothing else reads it.
    """

    __tablename__ = "period_leaf_means"

    period_id: int = Field(primary_key=True, foreign_key="period.id")
    change_token: str = Field(max_length=32)
    means: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # codes, value, self_value lists
    computed_at: datetime | None = _utc_column()


class DeadlineExtension(SQLModel, table=True):
    """An admin's extension of the submission deadline for one OPD in one period."""

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    until: datetime | None = _utc_column(nullable=False)
    reason: str = Field(max_length=500)
    granted_by_id: int = Field(foreign_key="user.id")
    granted_at: datetime | None = _utc_column()


class Assignment(SQLModel, table=True):
    """Leaf ``code`` applies to an OPD in a period; ``lead``: the OPD is the leaf's lead OPD (the catalog's
    ``responsible.lead``), whose value the ``lead`` rule takes as the pemda's."""

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id")
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    code: str = Field(max_length=60)
    lead: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})

    __table_args__ = (
        UniqueConstraint("period_id", "organisation_id", "code", name="uq_assignment"),
        # Covers the national ranking's scan (period, leaf, then the OPD to join its submission).
        Index("ix_assignment_period_code_organisation", "period_id", "code", "organisation_id"),
    )


class Submission(SQLModel, table=True):
    """One OPD's answer to one leaf in one period. ``verified_value`` is set only by an approving review."""

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id")
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    code: str = Field(max_length=60)
    self_value: float | None = None
    verified_value: float | None = None
    # For an external-index leaf (Pemdi: Indeks Satu Data, SJIG, EPSS, IKASANDI): the index value the OPD typed;
    # ``self_value`` is the level the catalog's table converts it to. None: no value typed (counts level 1).
    external_value: float | None = None
    # The index value the reviewer verified (the official result they checked); ``verified_value`` is its level.
    # Set only by an approving review, kept through a return or reopen as ``verified_value`` is.
    verified_external_value: float | None = None
    note: str | None = Field(default=None, sa_column=Column(Text))
    status: str = Field(default=SubmissionStatus.empty, max_length=12, index=True)
    submitted_at: datetime | None = _utc_column()
    submitted_by_id: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime | None = _utc_column()
    version: int = 1

    __table_args__ = (
        UniqueConstraint("period_id", "organisation_id", "code", name="uq_submission"),
        Index("ix_submission_period_status", "period_id", "status"),
    )


class Evidence(SQLModel, table=True):
    """An uploaded file. The bytes live once under ``sha256`` in the store; each upload keeps its own row."""

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, index=True)
    size: int
    media_type: str = Field(max_length=120)
    display_name: str = Field(max_length=255)
    storage_key: str = Field(max_length=200)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    uploaded_at: datetime | None = _utc_column()
    uploaded_by_id: int | None = Field(default=None, foreign_key="user.id")
    document_date: date | None = None


class EvidenceLink(SQLModel, table=True):
    """Evidence ↔ submission. Detaching sets ``detached_at``; the row and the file stay."""

    id: int | None = Field(default=None, primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id", index=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    linked_at: datetime | None = _utc_column()
    linked_by_id: int | None = Field(default=None, foreign_key="user.id")
    detached_at: datetime | None = _utc_column()
    detached_by_id: int | None = Field(default=None, foreign_key="user.id")
    # The required document of a documents-rule item this file answers ("D1"), tagged by the focal point;
    # None: not tagged (counted up to what the item requires).
    document_code: str | None = Field(default=None, max_length=20)


class Review(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    reviewer_id: int = Field(foreign_key="user.id")
    decision: str = Field(max_length=10)
    verified_value: float | None = None
    reason: str | None = Field(default=None, sa_column=Column(Text))
    evidence_hashes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    decided_at: datetime | None = _utc_column()
    # For a documents-rule leaf: the codes of the required documents the reviewer ticked as accepted (None for
    # other rules and for reopening); the latest list is what the OPD sees and what a new review starts from.
    accepted_documents: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class ExternalResult(SQLModel, table=True):
    """The external verifier's result for one item of a pemda's period: KPK's "nilai verifikasi" for MCP,
    KemenPANRB's for SPBE. The third stage after the OPD's self value and the internal reviu; recorded per
    period × catalog leaf (the pemda's item, not an OPD's), by hand or imported from a spreadsheet."""

    __tablename__ = "external_result"

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id")
    code: str = Field(max_length=60)
    value: float
    note: str | None = Field(default=None, sa_column=Column(Text))
    source: str = Field(default="manual", max_length=20)  # manual / import
    recorded_at: datetime | None = _utc_column()
    recorded_by_id: int | None = Field(default=None, foreign_key="user.id")

    __table_args__ = (UniqueConstraint("period_id", "code", name="uq_external_result"),)


class AuditEvent(SQLModel, table=True):
    """Append-only record of every change: who, when, what, before and after."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime | None = _utc_column(index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    actor_username: str | None = Field(default=None, max_length=80)
    action: str = Field(max_length=60, index=True)
    entity: str = Field(max_length=40)
    entity_id: str | None = Field(default=None, max_length=60)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))


class PublishedScore(SQLModel, table=True):
    """Official results published elsewhere (KPK, KemenPANRB), for trends beside our own scores.

    Each carries its source: who published it, where (``source`` citation, ``source_url``), when (``published_on``),
    whether it is a provisional reading or the final (``status``: provisional / final / reported), and its level:
    the pemda's overall score, or one area's (``level`` "area" with ``area`` named).
    """

    id: int | None = Field(default=None, primary_key=True)
    region_id: int | None = Field(default=None, foreign_key="region.id")
    kemendagri_code: str = Field(max_length=16, index=True)
    entity: str = Field(max_length=200)
    framework: str = Field(max_length=20)
    year: int
    published_on: date | None = None
    score: float
    status: str = Field(max_length=20)
    area: str | None = Field(default=None, max_length=100)
    note: str | None = Field(default=None, max_length=500)
    publisher: str | None = Field(default=None, max_length=100)
    source: str | None = Field(default=None, max_length=300)
    source_url: str | None = Field(default=None, max_length=500)
    level: str = Field(default="pemda", max_length=10)


# -- change tokens -------------------------------------------------------------------------------------------

_CHANGED_PERIODS = "lentera.changed_periods"  # periods whose items changed: a new change_token
_CHANGED_DOCUMENTS = "lentera.changed_documents"  # periods whose evidence links or reviews changed
# … the same noted as submission ids (an EvidenceLink or Review row names its item), resolved at commit
_CHANGED_DOCUMENT_SUBMISSIONS = "lentera.changed_document_submissions"


def _note(session: OrmSession, period_ids: Any, key: str = _CHANGED_PERIODS) -> None:
    session.info.setdefault(key, set()).update(p for p in period_ids if p is not None)


def note_changed_periods(session: OrmSession, period_ids: Any) -> None:
    """For code that writes items on a bare connection: the periods to give a fresh token at commit."""
    _note(session, period_ids)


@event.listens_for(OrmSession, "after_flush")
def _note_flushed_rows(session: OrmSession, _context: Any) -> None:
    """Rows added, changed or deleted through the unit of work (``session.add``, ``session.delete``)."""
    rows = (*session.new, *session.dirty, *session.deleted)
    _note(session, (row.period_id for row in rows if isinstance(row, Submission | Assignment)))
    documents = (row.submission_id for row in rows if isinstance(row, EvidenceLink | Review))
    _note(session, documents, _CHANGED_DOCUMENT_SUBMISSIONS)


@event.listens_for(OrmSession, "do_orm_execute")
def _note_statement_rows(state: ORMExecuteState) -> None:
    """Rows an INSERT, UPDATE or DELETE statement will touch (``transitions.write_submission`` updates this way).

    Writes on a bare connection (``session.connection().execute``, ``text(...)``) are not seen here: such code
    must call ``note_changed_periods`` itself.
    """
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is None or table.name not in _NOTED_TABLES:
        return
    column, key, every_key = _NOTED_TABLES[table.name]
    if state.is_insert:
        rows = state.parameters if isinstance(state.parameters, list) else [state.parameters or {}]
        ids = [row.get(column) for row in rows if isinstance(row, dict)]
        if ids and None not in ids:
            _note(state.session, ids, key)
        else:  # values inside the statement (insert().values(...), INSERT … SELECT): stamp every period
            every = state.session.execute(select(Period.__table__.c.id)).scalars()  # type: ignore[attr-defined]
            _note(state.session, every, every_key)
        return
    query = select(table.c[column]).distinct()
    where = getattr(state.statement, "whereclause", None)
    if where is not None:
        query = query.where(where)
    _note(state.session, state.session.execute(query).scalars(), key)


# Table → (the column naming what changed, where a write notes it, where "every period" goes).
_NOTED_TABLES = {
    "submission": ("period_id", _CHANGED_PERIODS, _CHANGED_PERIODS),
    "assignment": ("period_id", _CHANGED_PERIODS, _CHANGED_PERIODS),
    "evidence_link": ("submission_id", _CHANGED_DOCUMENT_SUBMISSIONS, _CHANGED_DOCUMENTS),
    "review": ("submission_id", _CHANGED_DOCUMENT_SUBMISSIONS, _CHANGED_DOCUMENTS),
}


@event.listens_for(OrmSession, "after_soft_rollback")
def _forget_rolled_back(session: OrmSession, previous_transaction: Any) -> None:
    """A whole transaction rolled back wrote nothing (a dry run stamps no period). After a savepoint rollback
    the notes stay: stamping a period that did not change only costs a cache a recomputation."""
    if previous_transaction.parent is None:
        for key in (_CHANGED_PERIODS, _CHANGED_DOCUMENTS, _CHANGED_DOCUMENT_SUBMISSIONS):
            session.info.pop(key, None)


@event.listens_for(OrmSession, "before_commit")
def _stamp_changed_periods(session: OrmSession) -> None:
    """At the outer commit: a fresh token on every period whose items (``change_token``) or evidence links and
    reviews (``documents_token``) changed, in ascending id order, last, so two writers lock period rows in the
    same order and after all their item rows (no deadlock)."""
    if session.in_nested_transaction():
        return  # a savepoint: the outer commit stamps
    session.flush()
    changed = session.info.pop(_CHANGED_PERIODS, None) or set()
    documents = session.info.pop(_CHANGED_DOCUMENTS, None) or set()
    submissions = sorted(session.info.pop(_CHANGED_DOCUMENT_SUBMISSIONS, None) or ())
    for start in range(0, len(submissions), 500):  # a carried-forward period links thousands of files
        chunk = submissions[start : start + 500]
        periods = select(col(Submission.period_id)).where(col(Submission.id).in_(chunk)).distinct()
        documents.update(session.execute(periods).scalars())
    if not changed and not documents:
        return
    token = uuid4().hex
    for period_id in sorted(changed | documents):
        tokens = {"change_token": token} if period_id in changed else {}
        if period_id in documents:
            tokens["documents_token"] = token
        session.execute(
            update(Period)
            .where(Period.id == period_id)
            .values(**tokens)
            .execution_options(synchronize_session=False)
        )
