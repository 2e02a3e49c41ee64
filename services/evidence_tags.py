"""Which listed document an attached file answers: on an item whose rule lists documents (``DocumentsRule``: "D1
Tangkapan layar …"; a cumulative ``LevelsRule``: "L2 Bukti level 2 – Terkelola"), the focal point tags each file
with one of them, or clears the tag. Document progress (``services.document_progress``) then counts the documents
answered by a tagged file, and untagged files as before, up to what the item still requires; submitting a
cumulative level needs a tagged file for every level up to it (``services.workflow.check_level_evidence``).
"""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, col, select

from i18n import LenteraError, register
from models.database import session_scope
from models.tables import EvidenceLink, Period
from services import leaf_index
from services.actor import Actor
from services.audit import record
from services.evidence import editable_submission

register(
    {
        "evidence.not_a_document": {
            "id": "Butir ini tidak meminta dokumen {code}; pilih salah satu dokumen dari daftar butir.",
            "en": "This item asks for no document {code}; choose one of the item's listed documents.",
        },
    }
)


def tag_document(actor: Actor, *, link_id: int, document_code: str | None) -> None:
    """Tag the attached file ``link_id`` with the item's listed document ``document_code`` ("D1", "L2"), or clear
    the tag (None). Whoever may upload to the item may tag, while it is editable; audited."""
    with session_scope() as session:
        link = session.get(EvidenceLink, link_id)
        if link is None or link.detached_at is not None:
            raise LenteraError("perm.not_found")
        submission = editable_submission(session, actor, link.submission_id, action="upload")
        if document_code is not None:
            period = session.get(Period, submission.period_id)
            assert period is not None  # editable_submission checked it is open
            info = leaf_index.catalog_of_period(session, period).leaves.get(submission.code)
            rule = info.node.rule if info is not None else None
            listed = {d.code for d in rule.listed_documents()} if rule is not None else set()
            if document_code not in listed:
                raise LenteraError("evidence.not_a_document", code=document_code)
        before = link.document_code
        link.document_code = document_code
        session.add(link)
        record(session, actor=actor, action="evidence.tagged", entity="evidence", entity_id=link.evidence_id,
               before={"document_code": before, "submission_id": link.submission_id},
               after={"document_code": document_code})  # fmt: skip


def tags_by_submission(session: Session, submission_ids: list[int]) -> dict[int, list[str]]:
    """Submission → the document tags of its attached files (one entry per tagged file)."""
    found: dict[int, list[str]] = defaultdict(list)
    if not submission_ids:
        return found
    rows = session.exec(
        select(EvidenceLink.submission_id, EvidenceLink.document_code).where(
            col(EvidenceLink.submission_id).in_(submission_ids),
            col(EvidenceLink.detached_at).is_(None),
            col(EvidenceLink.document_code).is_not(None),
        )
    ).all()
    for submission_id, code in rows:
        found[submission_id].append(str(code))
    return found
