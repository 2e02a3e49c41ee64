"""An open Pemdi 2026 period in a ``factories.build_world`` province, for the Pemdi workflow tests (issue 17).

``open_pemdi_period(world)`` stores the shipped catalog, creates the period (uploads open until 2099) and makes it
the world's period; ``pemdi_item(world, code)`` does so and returns the submission of ``code`` for OPD A
(Diskominfosan, which answers for most Pemdi indicators); ``item_of(world, code)`` that submission in the world's
period; ``tagged_file(world, item, level)`` uploads a file tagged as a cumulative level's evidence.
"""

from __future__ import annotations

from factories import PDF_BYTES, World, attach_evidence, make_catalog, submission_id, wit
from sqlmodel import select

from models.database import session_scope
from models.tables import Catalog, EvidenceLink
from services import evidence_tags, periods


def open_pemdi_period(world: World, *, year: int = 2026, previous_period_id: int | None = None) -> int:
    """A new open Pemdi period of ``year`` (opening 1 August), now the world's; returns its id."""
    with session_scope() as session:
        stored = session.exec(select(Catalog.id).where(Catalog.key == "pemdi-2026")).first()
    if stored is None:
        make_catalog("pemdi-2026")
    period = periods.create_period(
        world.admin,
        catalog_key="pemdi-2026",
        region_id=world.province_id,
        name=f"Pemdi {year}",
        opens_at=wit(year, 8, 1),
        submission_deadline=wit(2099, 9, 15, 23, 59),
        verification_deadline=wit(2099, 10, 31, 23, 59),
        previous_period_id=previous_period_id,
    )
    world.period_id = int(period.id)
    return world.period_id


def pemdi_item(world: World, code: str) -> int:
    """The submission of ``code`` for OPD A in a new, open Pemdi 2026 period."""
    open_pemdi_period(world)
    return submission_id(world, organisation_id=world.opd_a, code=code)


def item_of(world: World, code: str) -> int:
    """The submission of ``code`` for OPD A in the world's period."""
    return submission_id(world, organisation_id=world.opd_a, code=code)


def tagged_file(world: World, item: int, level: int) -> int:
    """Upload a file to OPD A's ``item`` and tag it as level ``level``'s evidence (a cumulative level indicator);
    returns its link id."""
    evidence_id = attach_evidence(
        world.focal_a,
        submission_id=item,
        filename=f"bukti-level-{level}.pdf",
        content=PDF_BYTES + b"%%L%d\n" % level,
    )
    with session_scope() as session:
        link = session.exec(
            select(EvidenceLink.id).where(
                EvidenceLink.submission_id == item, EvidenceLink.evidence_id == evidence_id
            )
        ).one()
    assert link is not None
    evidence_tags.tag_document(world.focal_a, link_id=link, document_code=f"L{level}")
    return link
