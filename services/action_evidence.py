"""Follow-up evidence of a rencana aksi: the same store, limits and checks as item evidence.

The bytes go through ``services.evidence_storage.evidence_store().save`` (size cap, type sniffing against the
extension, fsync and rename) before the Evidence row, its ``ActionEvidence`` link and the audit event commit
together; active content (PDF scripts, DOCX remote parts) is recorded as for items. The Evidence row carries the
action's OPD, so ``services.evidence.evidence_file`` opens it for exactly those who may see that OPD. Files are
never deleted: detaching stamps the link. A closed action (selesai, batal) takes no new evidence.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import BinaryIO

from sqlmodel import Session

from i18n import LenteraError, register
from models.action_tables import Action, ActionEvidence
from models.database import session_scope
from models.tables import Evidence
from services import deadlines
from services.actions import load_action
from services.actor import Actor
from services.audit import record
from services.evidence import EvidenceInfo, content_findings, evidence_info
from services.evidence_storage import evidence_store
from storage import safe_display_name
from vocabulary import OPEN_ACTION_STATUSES

register(
    {
        "actions.closed": {
            "id": "Rencana aksi ini sudah selesai atau dibatalkan; buka kembali dahulu untuk mengubah buktinya.",
            "en": "This action is done or cancelled; reopen it first to change its evidence.",
        },
        "actions.evidence_detached": {
            "id": "Bukti ini sudah dilepas dari rencana aksi tersebut.",
            "en": "This evidence is already detached from the action.",
        },
    }
)


def _open_action(session: Session, actor: Actor, action_id: int, *, permission: str) -> Action:
    action = load_action(session, actor, action_id, permission=permission)
    if action.status not in OPEN_ACTION_STATUSES:
        raise LenteraError("actions.closed")
    return action


def upload_action_evidence(
    actor: Actor, *, action_id: int, filename: str, stream: BinaryIO, document_date: date | None = None
) -> EvidenceInfo:
    """Store the file, then record it and link it to the action in one transaction."""
    with session_scope() as session:
        _open_action(session, actor, action_id, permission="upload_action_evidence")  # before reading a byte
    stored = evidence_store().save(stream, filename)
    findings = content_findings(sha256=stored.sha256, media_type=stored.media_type)
    with session_scope() as session:
        action = _open_action(session, actor, action_id, permission="upload_action_evidence")
        now = deadlines.utcnow()
        evidence = Evidence(
            sha256=stored.sha256,
            size=stored.size,
            media_type=stored.media_type,
            display_name=safe_display_name(filename),
            storage_key=stored.storage_key,
            organisation_id=action.organisation_id,
            uploaded_at=now,
            uploaded_by_id=actor.id,
            document_date=document_date,
        )
        session.add(evidence)
        session.flush()
        link = ActionEvidence(
            action_id=action_id, evidence_id=evidence.id or 0, linked_at=now, linked_by_id=actor.id
        )
        session.add(link)
        session.flush()
        record(
            session,
            actor=actor,
            action="action.evidence_uploaded",
            entity="action",
            entity_id=action_id,
            after={
                "evidence_id": evidence.id,
                "link_id": link.id,
                "sha256": stored.sha256,
                "size": stored.size,
                "media_type": stored.media_type,
                "display_name": evidence.display_name,
                **({"active_content": ", ".join(findings)} if findings else {}),
            },
        )
        info = evidence_info(evidence, actor.username)
        return replace(info, link_id=link.id, linked_at=now, active_content=findings)


def detach_action_evidence(actor: Actor, *, link_id: int) -> None:
    """Take a file off an action; the link row and the file stay, stamped with who and when."""
    with session_scope() as session:
        link = session.get(ActionEvidence, link_id)
        if link is None:
            raise LenteraError("perm.not_found")
        _open_action(session, actor, link.action_id, permission="detach_action_evidence")
        if link.detached_at is not None:
            raise LenteraError("actions.evidence_detached")
        link.detached_at = deadlines.utcnow()
        link.detached_by_id = actor.id
        session.add(link)
        record(
            session,
            actor=actor,
            action="action.evidence_detached",
            entity="action",
            entity_id=link.action_id,
            before={"evidence_id": link.evidence_id, "link_id": link.id},
            after={"detached_at": link.detached_at},
        )
