"""Evidence freshness: an item whose newest document is older than the leaf's ``max_age_days`` is flagged.

A catalog variant of SPBE 2021 gives items 1 and 2 a two-year limit (as the SPBE level-5 rule asks); item 3
has none.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pandas as pd
import pytest
from factories import PDF_BYTES, World, build_world, wit
from sqlmodel import select

from i18n import LenteraError
from indicators import Catalog, dump_catalog, load_catalog
from models.database import session_scope
from models.tables import Submission
from services import catalogs, evidence, periods
from services.freshness import checklist_with_stale, gap_list_with_stale, mark_stale, stale_items

TODAY = date(2026, 11, 27)


def with_age_limits(document: dict[str, Any]) -> None:
    aspect = document["nodes"][0]["children"][0]
    for leaf in aspect["children"]:
        if str(leaf["code"]) in ("1", "2"):
            leaf["evidence"] = [{**leaf["evidence"][0], "max_age_days": 730}]


@pytest.fixture
def world(db_url: str) -> World:
    world = build_world(with_period=False)
    document = catalogs.canonical_document(load_catalog("spbe-2021"))
    document["key"] = "spbe-2021-segar"
    with_age_limits(document)
    info = catalogs.import_catalog(world.admin, text=dump_catalog(Catalog.model_validate(document)))
    catalogs.activate_catalog(world.admin, catalog_id=info.id)
    period = periods.create_period(
        world.admin,
        catalog_key="spbe-2021-segar",
        region_id=world.province_id,
        name="SPBE 2026",
        opens_at=wit(2026, 1, 5, 8),
        submission_deadline=wit(2099, 5, 31, 23, 59),
        verification_deadline=wit(2099, 7, 31, 23, 59),
    )
    world.period_id = int(period.id)
    return world


def item(world: World, code: str) -> int:
    with session_scope() as session:
        found = session.exec(
            select(Submission.id).where(
                Submission.period_id == world.period_id,
                Submission.organisation_id == world.opd_a,
                Submission.code == code,
            )
        ).one()
    assert found is not None
    return found


def upload(world: World, code: str, name: str, document_date: date | None) -> int:
    info = evidence.upload_evidence(
        world.focal_a,
        submission_id=item(world, code),
        filename=name,
        stream=io.BytesIO(PDF_BYTES + name.encode()),
        document_date=document_date,
    )
    return int(info.id)


def test_old_and_undated_documents_are_flagged_and_the_newest_counts(world: World) -> None:
    upload(world, "1", "sk-lama.pdf", TODAY - timedelta(days=800))
    upload(world, "2", "tanpa-tanggal.pdf", None)
    upload(world, "3", "sk-sangat-lama.pdf", date(2015, 1, 1))  # no age limit on item 3
    upload(world, "4", "baru.pdf", None)  # nor on item 4
    stale = stale_items(world.inspector, period_id=world.period_id, today=TODAY).set_index("code")
    assert set(stale.index) == {"1", "2"}
    assert stale.loc["1", "reason"] == "expired" and stale.loc["1", "age_days"] == 800
    assert stale.loc["1", "max_age_days"] == 730 and "730" in stale["reason_label"]["1"]
    assert stale.loc["2", "reason"] == "no_date"

    # a fresh SK next to the old one: the newest document decides
    upload(world, "1", "sk-baru.pdf", TODAY - timedelta(days=30))
    assert set(stale_items(world.focal_a, period_id=world.period_id, today=TODAY)["code"]) == {"2"}
    # exactly at the limit is still fresh; a day later it is not
    later = TODAY + timedelta(days=700)
    assert set(stale_items(world.admin, period_id=world.period_id, today=later)["code"]) == {"2"}
    assert set(
        stale_items(world.admin, period_id=world.period_id, today=later + timedelta(days=1))["code"]
    ) == {
        "1",
        "2",
    }


def test_detached_evidence_does_not_count(world: World) -> None:
    upload(world, "1", "sk-lama.pdf", TODAY - timedelta(days=800))
    assert list(stale_items(world.focal_a, period_id=world.period_id, today=TODAY)["code"]) == ["1"]
    (link,) = evidence.list_evidence(world.focal_a, submission_id=item(world, "1"))
    evidence.detach_evidence(world.focal_a, link_id=link.link_id or 0)
    assert stale_items(world.focal_a, period_id=world.period_id, today=TODAY).empty  # missing, not stale


def test_checklist_and_gap_list_get_a_stale_column(world: World) -> None:
    upload(world, "2", "tanpa-tanggal.pdf", None)
    frame = checklist_with_stale(
        world.focal_a, period_id=world.period_id, organisation_id=world.opd_a, today=TODAY
    )
    flagged = frame.set_index("code")["stale"]
    assert flagged.dtype == bool and flagged["2"] and not flagged["1"] and flagged.sum() == 1

    gaps = pd.DataFrame({"code": ["1", "2", "36"], "gap": [1.0, 2.0, 3.0]})
    marked = gap_list_with_stale(world.leader, period_id=world.period_id, gap_list=gaps, today=TODAY)
    assert marked["stale"].tolist() == [False, True, False]
    with pytest.raises(ValueError):
        mark_stale(pd.DataFrame({"x": [1]}), marked)


def test_scope_is_enforced(world: World) -> None:
    upload(world, "2", "tanpa-tanggal.pdf", None)
    assert stale_items(world.focal_b, period_id=world.period_id, today=TODAY).empty  # BKD sees only BKD
    with pytest.raises(LenteraError) as caught:
        stale_items(world.focal_b, period_id=world.period_id, organisation_id=world.opd_a, today=TODAY)
    assert caught.value.key == "perm.other_opd"
    with pytest.raises(LenteraError) as caught:
        stale_items(world.inspector_kab, period_id=world.period_id, today=TODAY)  # a kabupaten inspector
    assert caught.value.key == "perm.out_of_region"


def test_giving_the_document_date_clears_the_flag_and_is_audited(world: World) -> None:
    """An undated upload is flagged until the focal point gives its date; a future date or another OPD is refused."""
    from models.tables import AuditEvent
    from services.freshness import today_wit

    upload(world, "2", "tanpa-tanggal.pdf", None)
    assert list(stale_items(world.focal_a, period_id=world.period_id, today=TODAY)["code"]) == ["2"]
    (link,) = evidence.list_evidence(world.focal_a, submission_id=item(world, "2"))
    with pytest.raises(LenteraError) as future:
        evidence.set_document_date(
            world.focal_a, link_id=link.link_id or 0, document_date=today_wit() + timedelta(1)
        )
    assert future.value.key == "evidence.future_date"
    with pytest.raises(LenteraError):
        evidence.set_document_date(world.focal_b, link_id=link.link_id or 0, document_date=TODAY)
    assert list(stale_items(world.focal_a, period_id=world.period_id, today=TODAY)["code"]) == ["2"]

    dated = evidence.set_document_date(
        world.focal_a, link_id=link.link_id or 0, document_date=TODAY - timedelta(30)
    )
    assert dated.document_date == TODAY - timedelta(30)
    assert stale_items(world.focal_a, period_id=world.period_id, today=TODAY).empty
    with session_scope() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "evidence.dated")).all()
    assert len(events) == 1


def test_a_pdf_preview_draws_the_first_page_as_an_image(world: World) -> None:
    """The reviewer's preview of a real PDF is a PNG of its first page; a file that is not a PDF gives none."""
    from fpdf import FPDF

    from storage.pdf_pages import renderer_available

    if not renderer_available():
        pytest.skip("pdftoppm (poppler-utils) is not installed; .ci/run installs it")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=20)
    pdf.cell(text="Surat Keputusan")
    info = evidence.upload_evidence(
        world.focal_a,
        submission_id=item(world, "3"),
        filename="sk.pdf",
        stream=io.BytesIO(bytes(pdf.output())),
    )
    pages = evidence.pdf_preview(world.inspector, evidence_id=int(info.id))
    assert len(pages) == 1 and pages[0].startswith(b"\x89PNG")
    with pytest.raises(LenteraError):
        evidence.pdf_preview(world.focal_b, evidence_id=int(info.id))  # another OPD's file
