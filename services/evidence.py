"""Evidence: upload, link, detach, list and open the files behind a submission.

The bytes go into the store first (streamed, sniffed, fsynced, renamed); only then do the Evidence row, its
link and the audit event commit, together. A crash in between leaves at most an unreferenced file, never a row
pointing at nothing. Files are never deleted: detaching only stamps the link.

Only a focal point changes evidence, only for their own OPD, and only while the item is editable (empty,
draft, returned or reopened, in an open period). Inspectors, admins and leaders in scope may list and open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from sqlmodel import Session, col, select

from i18n import LenteraError, register
from models.database import session_scope
from models.tables import (
    Evidence,
    EvidenceLink,
    Period,
    PeriodState,
    Role,
    Submission,
    User,
    as_utc,
    utcnow,
)
from services import transitions
from services.actor import Actor
from services.audit import record
from services.evidence_storage import evidence_store
from services.permissions import require, require_organisation
from storage import safe_display_name
from storage.active_content import active_content
from storage.files import sha256_bytes
from storage.pdf_pages import pdf_page_images
from vocabulary import EDITABLE_STATUSES

register(
    {
        "evidence.not_editable": {
            "id": "Bukti dukung tidak dapat diubah: butir ini sudah diajukan atau direviu.",
            "en": "Evidence cannot be changed: this item is already submitted or reviewed.",
        },
        "evidence.period_not_open": {
            "id": "Bukti dukung tidak dapat diubah: periode penilaian tidak sedang dibuka.",
            "en": "Evidence cannot be changed: the assessment period is not open.",
        },
        "evidence.future_date": {
            "id": "Tanggal dokumen tidak boleh setelah hari ini.",
            "en": "The document date cannot be after today.",
        },
        "evidence.already_detached": {
            "id": "Bukti dukung ini sudah dilepas dari butir tersebut.",
            "en": "This evidence is already detached from the item.",
        },
    }
)


@dataclass(frozen=True)
class EvidenceInfo:
    id: int  # the Evidence row
    sha256: str
    size: int
    media_type: str
    display_name: str
    organisation_id: int | None
    uploaded_at: datetime | None
    uploaded_by: str | None
    document_date: date | None
    link_id: int | None = None
    submission_id: int | None = None
    linked_at: datetime | None = None
    detached_at: datetime | None = None
    active_content: tuple[str, ...] = ()  # PDF scripts/actions, DOCX remote parts: shown to the reviewer


def evidence_info(evidence: Evidence, uploader: str | None, link: EvidenceLink | None = None) -> EvidenceInfo:
    """An Evidence row (and its item link, if given) as plain data."""
    assert evidence.id is not None
    return EvidenceInfo(
        id=evidence.id,
        sha256=evidence.sha256,
        size=evidence.size,
        media_type=evidence.media_type,
        display_name=evidence.display_name,
        organisation_id=evidence.organisation_id,
        uploaded_at=as_utc(evidence.uploaded_at),
        uploaded_by=uploader,
        document_date=evidence.document_date,
        link_id=link.id if link else None,
        submission_id=link.submission_id if link else None,
        linked_at=as_utc(link.linked_at) if link else None,
        detached_at=as_utc(link.detached_at) if link else None,
    )


def editable_submission(session: Session, actor: Actor, submission_id: int, *, action: str) -> Submission:
    """The submission, if this actor may change its evidence now (``action``: upload, link or detach; who may is
    ``PERMISSIONS[action]``, in scope): its OPD's item, assigned, still editable, in an open period."""
    require(actor, action)
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise LenteraError("perm.not_found")
    require_organisation(session, actor, submission.organisation_id)
    transitions.require_assigned(session, submission)
    if submission.status not in EDITABLE_STATUSES:
        raise LenteraError("evidence.not_editable")
    period = session.get(Period, submission.period_id)
    if period is None or period.state != PeriodState.open:
        raise LenteraError("evidence.period_not_open")
    return submission


def upload_evidence(
    actor: Actor,
    *,
    submission_id: int,
    filename: str,
    stream: BinaryIO,
    document_date: date | None = None,
) -> EvidenceInfo:
    """Store the file, then record it and link it to the submission in one transaction."""
    with session_scope() as session:
        editable_submission(session, actor, submission_id, action="upload")  # refuse before reading a byte
    stored = evidence_store().save(stream, filename)
    findings = content_findings(sha256=stored.sha256, media_type=stored.media_type)
    with session_scope() as session:
        submission = editable_submission(
            session, actor, submission_id, action="upload"
        )  # may have changed meanwhile
        now = utcnow()
        evidence = Evidence(
            sha256=stored.sha256,
            size=stored.size,
            media_type=stored.media_type,
            display_name=safe_display_name(filename),
            storage_key=stored.storage_key,
            organisation_id=submission.organisation_id,
            uploaded_at=now,
            uploaded_by_id=actor.id,
            document_date=document_date,
        )
        session.add(evidence)
        session.flush()
        assert evidence.id is not None
        link = add_evidence_link(
            session,
            actor=actor,
            evidence_id=evidence.id,
            submission_id=submission_id,
            linked_at=now,
            action="evidence.uploaded",
            details={
                "sha256": stored.sha256,
                "size": stored.size,
                "media_type": stored.media_type,
                "display_name": evidence.display_name,
                **({"active_content": ", ".join(findings)} if findings else {}),
            },
        )
        return replace(evidence_info(evidence, actor.username, link), active_content=findings)


@dataclass(frozen=True)
class StoredCopy:
    """A file with the same bytes that the OPD already attached in the same period."""

    evidence_id: int
    display_name: str
    codes: tuple[str, ...]  # the items it is attached to, by code
    on_this_item: bool  # already attached to the item being uploaded to


def stored_copy(actor: Actor, *, submission_id: int, content: bytes) -> StoredCopy | None:
    """The stored file with exactly these bytes (same sha256) that this item's OPD attached to an item of the same
    period, if any: the upload offers to reuse it (``link_evidence``) instead of storing a second copy. The first
    uploaded such file; the uploader's rules apply (own OPD, editable item, open period)."""
    digest = sha256_bytes(content)
    with session_scope(write=False) as session:
        submission = editable_submission(session, actor, submission_id, action="upload")
        rows = session.exec(
            select(Evidence.id, Evidence.display_name, Submission.id, Submission.code)
            .join(EvidenceLink, col(EvidenceLink.evidence_id) == col(Evidence.id))
            .join(Submission, col(Submission.id) == col(EvidenceLink.submission_id))
            .where(
                Evidence.sha256 == digest,
                Evidence.organisation_id == submission.organisation_id,
                Submission.organisation_id == submission.organisation_id,
                Submission.period_id == submission.period_id,
                col(EvidenceLink.detached_at).is_(None),
            )
            .order_by(col(Evidence.id), col(Submission.code))
        ).all()
    if not rows:
        return None
    first = rows[0][0]
    assert first is not None
    mine = [(item, code) for evidence_id, _, item, code in rows if evidence_id == first]
    return StoredCopy(
        evidence_id=int(first),
        display_name=str(rows[0][1]),
        codes=tuple(dict.fromkeys(code for _, code in mine)),
        on_this_item=any(item == submission_id for item, _ in mine),
    )


def content_findings(*, sha256: str, media_type: str) -> tuple[str, ...]:
    """Active content in a stored file (storage/active_content.py), read once per content and process."""
    try:
        path = evidence_store().local_path(sha256)
    except LenteraError:  # the file is gone: fsck reports that, the viewer says so
        return ()
    return _findings(sha256, media_type, str(path))


@lru_cache(maxsize=4096)
def _findings(sha256: str, media_type: str, path: str) -> tuple[str, ...]:
    try:
        return active_content(Path(path), media_type)
    except OSError:
        return ()


def add_evidence_link(
    session: Session,
    *,
    actor: Actor,
    evidence_id: int,
    submission_id: int,
    action: str = "evidence.linked",
    details: Mapping[str, Any] | None = None,
    linked_at: datetime | None = None,
    flush: bool = True,
    document_code: str | None = None,
) -> EvidenceLink:
    """Attach an evidence row to a submission and write its audit event, in the caller's transaction.

    The caller has already checked that the actor may do so. The event (``entity="evidence"``) records
    ``{"submission_id", "link_id", **details}``. A bulk caller passes ``flush=False`` so the links are inserted
    together when the session flushes; the link has no id yet then, and the event names none. ``document_code``
    tags the file with a document the item lists (the caller checked it); the event records it.
    """
    link = EvidenceLink(
        evidence_id=evidence_id,
        submission_id=submission_id,
        linked_at=linked_at or utcnow(),
        linked_by_id=actor.id,
        document_code=document_code,
    )
    session.add(link)
    after: dict[str, Any] = {"submission_id": submission_id}
    if document_code is not None:
        after["document_code"] = document_code
    if flush:
        session.flush()
        after["link_id"] = link.id
    record(
        session,
        actor=actor,
        action=action,
        entity="evidence",
        entity_id=evidence_id,
        after={**after, **(details or {})},
    )
    return link


def active_link(session: Session, *, evidence_id: int, submission_id: int) -> EvidenceLink | None:
    """The link of this file to this item that is not detached, if there is one."""
    return session.exec(
        select(EvidenceLink).where(
            EvidenceLink.evidence_id == evidence_id,
            EvidenceLink.submission_id == submission_id,
            col(EvidenceLink.detached_at).is_(None),
        )
    ).first()


def link_evidence(actor: Actor, *, evidence_id: int, submission_id: int) -> EvidenceInfo:
    """Reuse an uploaded file of the same OPD for another item (one file may serve several frameworks)."""
    with session_scope() as session:
        submission = editable_submission(session, actor, submission_id, action="link_evidence")
        evidence = session.get(Evidence, evidence_id)
        if evidence is None:
            raise LenteraError("perm.not_found")
        if evidence.organisation_id != submission.organisation_id:
            raise LenteraError("perm.other_opd")
        uploader = _username(session, evidence.uploaded_by_id)
        link = active_link(session, evidence_id=evidence_id, submission_id=submission_id)
        if link is None:
            link = add_evidence_link(
                session,
                actor=actor,
                evidence_id=evidence_id,
                submission_id=submission_id,
                details={"sha256": evidence.sha256},
            )
        return evidence_info(evidence, uploader, link)


def detach_evidence(actor: Actor, *, link_id: int) -> None:
    """Take a file off an item. The link row and the file stay, stamped with who detached it and when."""
    with session_scope() as session:
        link = session.get(EvidenceLink, link_id)
        if link is None:
            raise LenteraError("perm.not_found")
        editable_submission(session, actor, link.submission_id, action="detach")
        if link.detached_at is not None:
            raise LenteraError("evidence.already_detached")
        link.detached_at = utcnow()
        link.detached_by_id = actor.id
        session.add(link)
        record(
            session,
            actor=actor,
            action="evidence.detached",
            entity="evidence",
            entity_id=link.evidence_id,
            before={"submission_id": link.submission_id, "link_id": link.id},
            after={"detached_at": link.detached_at},
        )


def set_document_date(actor: Actor, *, link_id: int, document_date: date) -> EvidenceInfo:
    """Give (or correct) the date of an attached document, which decides whether it is too old for the item.

    The same focal point who may upload to the item may date its files, while the item is editable.
    """
    from services.freshness import today_wit

    if document_date > today_wit():
        raise LenteraError("evidence.future_date")
    with session_scope() as session:
        link = session.get(EvidenceLink, link_id)
        if link is None or link.detached_at is not None:
            raise LenteraError("perm.not_found")
        editable_submission(session, actor, link.submission_id, action="upload")
        evidence = session.get(Evidence, link.evidence_id)
        if evidence is None:
            raise LenteraError("perm.not_found")
        before = evidence.document_date
        evidence.document_date = document_date
        session.add(evidence)
        record(
            session,
            actor=actor,
            action="evidence.dated",
            entity="evidence",
            entity_id=evidence.id,
            before={"document_date": before, "submission_id": link.submission_id},
            after={"document_date": document_date},
        )
        session.flush()
        return evidence_info(evidence, _username(session, evidence.uploaded_by_id), link)


def pdf_preview(actor: Actor, *, evidence_id: int, pages: int = 2) -> tuple[bytes, ...]:
    """The first pages of a PDF evidence file as PNG images (same access as opening the file); () if not a PDF."""
    info, path = evidence_file(actor, evidence_id=evidence_id)
    if info.media_type != "application/pdf":
        return ()
    return pdf_page_images(path, pages=pages)


def list_evidence(actor: Actor, *, submission_id: int, include_detached: bool = False) -> list[EvidenceInfo]:
    """The files attached to an item, oldest first, for anyone who may see the item's OPD."""
    with session_scope() as session:
        submission = session.get(Submission, submission_id)
        if submission is None:
            raise LenteraError("perm.not_found")
        require(actor, "list_evidence", organisation=submission.organisation_id, session=session)
        query = (
            select(EvidenceLink, Evidence, User.username)
            .join(Evidence, col(Evidence.id) == col(EvidenceLink.evidence_id))
            .join(User, col(User.id) == col(Evidence.uploaded_by_id), isouter=True)
            .where(EvidenceLink.submission_id == submission_id)
        )
        if not include_detached:
            query = query.where(col(EvidenceLink.detached_at).is_(None))
        rows = session.exec(query.order_by(col(EvidenceLink.linked_at), col(EvidenceLink.id))).all()
        return [evidence_info(evidence, username, link) for link, evidence, username in rows]


def evidence_file(actor: Actor, *, evidence_id: int) -> tuple[EvidenceInfo, Path]:
    """The file to show or download, if the actor may see the OPD it belongs to."""
    require(actor, "evidence_file")
    with session_scope() as session:
        evidence = session.get(Evidence, evidence_id)
        if evidence is None:
            raise LenteraError("perm.not_found")
        if evidence.organisation_id is not None:
            require_organisation(session, actor, evidence.organisation_id)
        elif actor.role == Role.focal_point:
            raise LenteraError("perm.other_opd")
        info = evidence_info(evidence, _username(session, evidence.uploaded_by_id))
    path = evidence_store().local_path(info.sha256)
    return replace(
        info, active_content=content_findings(sha256=info.sha256, media_type=info.media_type)
    ), path


def _username(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    user = session.get(User, user_id)
    return user.username if user else None
