"""The documents' progress is cached on the period's two tokens (``models/tables.py``): a file attached, tagged or
detached gives the period a new ``documents_token`` and leaves its ``change_token`` (the scores' key) alone; a
review moves both. The leader's page reads the progress on every run, so each of these writes must show in the
next read, and an OPD's new name too. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Hashable

from documents_world import DOCS_CODE, mcp_world
from factories import PDF_BYTES, World, attach_evidence
from sqlalchemy import update
from sqlmodel import select
from workflow_steps import drafted

from models import session_scope
from models.tables import EvidenceLink, Organisation, Period
from services import document_progress, evidence, evidence_tags, submissions, verification


def _tokens(world: World) -> tuple[str | None, str | None]:
    with session_scope(write=False) as session:
        period = session.get(Period, world.period_id)
        assert period is not None
        return period.change_token, period.documents_token


def _opd_a(world: World) -> dict[Hashable, object]:
    progress = document_progress.document_progress(world.leader, period_id=world.period_id)
    return progress.set_index("organisation_id").loc[world.opd_a].to_dict()


def _link_ids(item: int) -> list[int]:
    with session_scope(write=False) as session:
        rows = session.exec(select(EvidenceLink.id).where(EvidenceLink.submission_id == item)).all()
        return sorted(int(r) for r in rows if r is not None)


def test_files_attached_tagged_and_detached_move_the_documents_token_not_the_scores(db_url: str) -> None:
    """Each write shows in the next read of the progress; none of them gives the scores a new key."""
    world = mcp_world()
    item = drafted(world, DOCS_CODE, value=100)  # a draft and one file: PRC.3.3 asks for D1 and D2
    assert _opd_a(world)["documents_uploaded"] == 1
    scores_key, documents_key = _tokens(world)
    assert scores_key is not None and documents_key is not None

    attach_evidence(world.focal_a, submission_id=item, filename="renja-2.pdf", content=PDF_BYTES + b"%2\n")
    assert _tokens(world)[0] == scores_key and _tokens(world)[1] != documents_key
    assert _opd_a(world)["documents_uploaded"] == 2

    first, second = _link_ids(item)
    documents_key = _tokens(world)[1]
    for link in (first, second):
        evidence_tags.tag_document(world.focal_a, link_id=link, document_code="D2")
    assert _tokens(world)[0] == scores_key and _tokens(world)[1] != documents_key
    assert _opd_a(world)["documents_uploaded"] == 1  # two answers to D2 are one document

    documents_key = _tokens(world)[1]
    evidence.detach_evidence(world.focal_a, link_id=second)
    assert _tokens(world)[0] == scores_key and _tokens(world)[1] != documents_key
    assert _opd_a(world)["documents_uploaded"] == 1
    evidence.detach_evidence(world.focal_a, link_id=first)
    assert _opd_a(world)["documents_uploaded"] == 0


def test_a_review_moves_both_tokens_and_its_ticks_show(db_url: str) -> None:
    """The inspector accepts one of the two documents: the item is accepted and one document counts accepted."""
    world = mcp_world()
    item = drafted(world, DOCS_CODE, value=100)
    submissions.submit(world.focal_a, submission_id=item)
    before = _tokens(world)
    assert _opd_a(world)["documents_accepted"] == 0
    verification.approve(world.inspector, submission_id=item, verified_value=50, accepted_documents=["D2"])
    after = _tokens(world)
    assert after[0] != before[0] and after[1] != before[1]
    assert _opd_a(world)["documents_accepted"] == 1 and _opd_a(world)["items_accepted"] == 1


def test_an_opds_new_name_shows_though_no_token_moved(db_url: str) -> None:
    """Names are read on every call, not kept with the counts."""
    world = mcp_world()
    drafted(world, DOCS_CODE, value=100)
    assert _opd_a(world)["opd"] != "Dinas Kominfo dan Statistik (nama baru)"
    tokens = _tokens(world)
    with session_scope() as session:
        session.execute(
            update(Organisation)
            .where(Organisation.id == world.opd_a)  # type: ignore[arg-type]
            .values(name="Dinas Kominfo dan Statistik (nama baru)")
        )
    assert _tokens(world) == tokens
    assert _opd_a(world)["opd"] == "Dinas Kominfo dan Statistik (nama baru)"
