"""Which required document an uploaded file answers (issue 15): the focal point tags a file of a documents-rule
item with one of the item's documents; document progress counts documents, not files, for tagged files and
counts untagged files as before, up to what is still unanswered. SQLite and PostgreSQL."""

from __future__ import annotations

from documents_world import DOCS_CODE, mcp_world
from factories import PDF_BYTES, World, attach_evidence
from sqlmodel import col, select
from workflow_steps import drafted, refused

from models import session_scope
from models.tables import AuditEvent, EvidenceLink
from services import document_progress, evidence_tags, submission_views, submissions


def _links(item: int) -> list[int]:
    with session_scope() as session:
        rows = session.exec(select(EvidenceLink.id).where(EvidenceLink.submission_id == item)).all()
        return sorted(int(r) for r in rows if r is not None)


def _uploaded(world: World) -> int:
    progress = document_progress.document_progress(world.leader, period_id=world.period_id)
    return int(progress.set_index("organisation_id")["documents_uploaded"].to_dict()[world.opd_a])


def test_tagged_files_count_per_document_and_untagged_ones_up_to_what_is_left(db_url: str) -> None:
    """PRC.3.3 asks for D1 and D2: three files all tagged D2 count one document; an untagged file adds the other."""
    world = mcp_world()
    item = drafted(world, DOCS_CODE, value=100)  # one file attached
    attach_evidence(world.focal_a, submission_id=item, filename="renja-2.pdf", content=PDF_BYTES + b"%2\n")
    attach_evidence(world.focal_a, submission_id=item, filename="renja-3.pdf", content=PDF_BYTES + b"%3\n")
    links = _links(item)
    assert len(links) == 3 and _uploaded(world) == 2  # untagged: three files, two documents asked
    for link in links:
        evidence_tags.tag_document(world.focal_a, link_id=link, document_code="D2")
    assert _uploaded(world) == 1  # three answers to D2 are one document
    evidence_tags.tag_document(world.focal_a, link_id=links[0], document_code=None)
    assert _uploaded(world) == 2  # the untagged file may answer D1
    detail = submission_views.item_detail(world.focal_a, submission_id=item)
    assert [e.document_code for e in detail.evidence] == [None, "D2", "D2"]
    with session_scope() as session:
        actions = session.exec(
            select(AuditEvent.action).where(col(AuditEvent.action) == "evidence.tagged")
        ).all()
    assert len(actions) == 4


def test_a_tag_must_name_a_listed_document_and_the_item_must_be_editable(db_url: str) -> None:
    """D9 is not on the list; another OPD's focal point may not tag; after submitting, tags are closed."""
    world = mcp_world()
    item = drafted(world, DOCS_CODE, value=100)
    link = _links(item)[0]
    refused(
        "evidence.not_a_document",
        lambda: evidence_tags.tag_document(world.focal_a, link_id=link, document_code="D9"),
    )
    refused(
        "perm.other_opd", lambda: evidence_tags.tag_document(world.focal_b, link_id=link, document_code="D1")
    )
    submissions.submit(world.focal_a, submission_id=item)
    refused(
        "evidence.not_editable",
        lambda: evidence_tags.tag_document(world.focal_a, link_id=link, document_code="D1"),
    )
