"""Rekapitulasi Hasil Reviu and document progress, opened as files and frames: the pemda's self vs reviu per area,
each OPD's counts (not submitted, returned, documents required / uploaded / accepted), the largest gaps, the zone
legend and the catalog's source, signed by the Inspektur named on the users page; the same text in PDF and docx."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

from documents_world import DOCS_CODE, mcp_world
from docx import Document as read_docx
from factories import World
from pypdf import PdfReader
from sqlalchemy import JSON, update
from sqlmodel import col
from workflow_steps import refused, submitted

from i18n import format_date, to_wit
from models import session_scope, utcnow
from models.action_tables import Action
from models.tables import Review
from reports.document import Table
from services import actions, document_progress, submission_views, users, verification
from services.rekap import rekap_document, rekap_files
from vocabulary import Role


def _squash(text: str) -> str:
    return "".join(text.split())


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    document = read_docx(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def _reviewed(world: World) -> str:
    """OPD A: the documents item accepted with one of its two documents, another item returned."""
    accepted = submitted(world, DOCS_CODE, value=100)
    verification.approve(
        world.inspector, submission_id=accepted, verified_value=50, accepted_documents=["D2"]
    )
    frame = submission_views.checklist(world.focal_a, period_id=world.period_id, organisation_id=world.opd_a)
    other = str(next(code for code in frame["code"] if code != DOCS_CODE))
    maximum = float(frame.loc[frame["code"] == other, "maximum"].iloc[0])
    returned = submitted(world, other, value=maximum)
    verification.return_item(world.inspector, submission_id=returned, reason="Dokumen belum ditandatangani.")
    return other


def test_document_progress_counts_required_uploaded_and_accepted_per_opd(db_url: str) -> None:
    """One of two documents ticked counts one accepted; each uploaded file counts up to what the item needs."""
    world = mcp_world()
    before = document_progress.document_progress(world.leader, period_id=world.period_id).set_index(
        "organisation_id"
    )
    _reviewed(world)
    after = document_progress.document_progress(world.leader, period_id=world.period_id).set_index(
        "organisation_id"
    )
    a = after.loc[world.opd_a].to_dict()
    assert a["documents_required"] == before.loc[world.opd_a].to_dict()["documents_required"] > 2
    assert a["documents_uploaded"] == 2  # one file on each of the two submitted items
    assert a["documents_accepted"] == 1  # D2 of PRC.3.3
    assert (a["items_submitted"], a["items_accepted"], a["items_returned"]) == (1, 1, 1)
    assert after.loc[world.opd_b, "documents_uploaded"] == 0
    own = document_progress.document_progress(world.focal_a, period_id=world.period_id)
    assert own["organisation_id"].tolist() == [world.opd_a]
    refused(
        "perm.other_opd",
        lambda: document_progress.document_progress(
            world.focal_a, period_id=world.period_id, organisation_id=world.opd_b
        ),
    )


def test_an_approval_without_ticks_counts_the_documents_its_value_adds_up_to(db_url: str) -> None:
    """No documents ticked (an approval from before the ticks, or the demo's): the approved value stands for the
    documents it adds up to, as the berita acara lists them; the stored JSON null is no empty tick list."""
    world = mcp_world()
    accepted = submitted(world, DOCS_CODE, value=100)
    verification.approve(world.inspector, submission_id=accepted, verified_value=100)
    with session_scope() as session:  # as the demo's seed stores it: a JSON null, not SQL NULL
        session.execute(
            update(Review).where(col(Review.submission_id) == accepted).values(accepted_documents=JSON.NULL)
        )
    progress = document_progress.document_progress(world.leader, period_id=world.period_id)
    row = progress.set_index("organisation_id").loc[world.opd_a]
    assert (row["items_accepted"], row["documents_accepted"]) == (1, 2)  # D1 and D2 of PRC.3.3


def test_rekap_pdf_and_docx_hold_areas_opds_documents_gaps_legend_and_the_inspektur(db_url: str) -> None:
    """The rekap says the same in PDF and docx: addressees, per-OPD counts, document totals, gaps, legend, signer."""
    world = mcp_world()
    _reviewed(world)
    listed = users.list_users(world.admin)
    inspector_id = int(listed[listed["role"] == Role.inspector].iloc[0]["id"])
    users.update_user(
        world.admin, user_id=inspector_id, full_name="Dr. Nurlela Syarif, M.Si.", role=Role.inspector,
        region_id=world.province_id, nip="197501012000032001", position="Inspektur Provinsi Maluku Utara",
    )  # fmt: skip
    progress = document_progress.document_progress(world.leader, period_id=world.period_id)
    required = int(progress["documents_required"].sum())
    files = rekap_files(world.leader, period_id=world.period_id)
    pdf, docx = _squash(_pdf_text(files["pdf"][1])), _squash(_docx_text(files["docx"][1]))
    assert files["pdf"][0].startswith("rekapitulasi-reviu-") and files["docx"][0].endswith(".docx")
    for text in (
        "REKAPITULASI HASIL REVIU INSPEKTORAT",
        "Kepada Yth.: 1. Gubernur Maluku Utara; 2. Sekretaris Daerah Provinsi Maluku Utara.",
        "A. Nilai pemda per area",
        "Nilai pemda (total)",
        "Dinas Komunikasi, Informatika dan Persandian",
        "Badan Kepegawaian Daerah",
        f"Dari {required} dokumen yang diwajibkan",
        "2 telah diunggah",
        "1 diterima pada reviu",
        "C. Kesenjangan terbesar",
        "Rentang nilai",
        "Sumber katalog Monitoring Center for Prevention (MCP) KPK 2025",
        "Dr. Nurlela Syarif, M.Si.",
        "NIP 19750101 200003 2 001",
        "Inspektur Provinsi Maluku Utara",
    ):
        assert _squash(text) in pdf, text
        assert _squash(text) in docx, text
    for raw in (r"opd:", r"\bNone\b", r"\bnan\b", r"\bTOTAL\b", r"mcp-2025"):
        assert not re.search(raw, _pdf_text(files["pdf"][1])), raw
        assert not re.search(raw, _docx_text(files["docx"][1])), raw


def test_rekap_without_an_inspektur_account_has_a_blank_line_and_an_opd_scope_is_refused(db_url: str) -> None:
    """No account holds the Inspektur's position: a blank line to sign on; an OPD is not a pemda."""
    world = mcp_world()
    texts = rekap_document(world.inspector, period_id=world.period_id, on=date(2026, 12, 31)).document.texts()
    assert "Inspektur Provinsi Maluku Utara" in texts and any(t.startswith("(....") for t in texts)
    assert any("31 Desember 2026" in t for t in texts)
    refused(
        "rekap.pemda_only",
        lambda: rekap_document(world.leader, period_id=world.period_id, scope=f"opd:{world.opd_a}"),
    )
    refused("perm.denied", lambda: rekap_document(world.focal_a, period_id=world.period_id))


def test_cli_writes_the_rekap_as_pdf_and_docx(db_url: str, tmp_path: Path) -> None:
    """``lentera export --report rekap --format pdf|docx`` writes the same recap."""
    from cli import main

    world = mcp_world()
    _reviewed(world)
    common = ["export", "--period", str(world.period_id), "--report", "rekap"]
    assert main([*common, "--format", "pdf", "--out", str(tmp_path / "rekap.pdf")]) == 0
    assert main([*common, "--format", "docx", "--out", str(tmp_path)]) == 0
    assert "REKAPITULASI HASIL REVIU" in _pdf_text((tmp_path / "rekap.pdf").read_bytes())
    docx = next(tmp_path.glob("rekapitulasi-reviu-*.docx"))
    assert "Badan Kepegawaian Daerah" in _docx_text(docx.read_bytes())
    assert main([*common, "--format", "xlsx", "--out", str(tmp_path / "x.xlsx")]) != 0


def test_rekap_shows_kpk_values_per_area_once_recorded(db_url: str) -> None:
    """Once KPK's values of every item of an area are recorded, the area table gains a KPK column with its value."""
    from reports.rekap import KPK_MISSING
    from services import catalogs, external_results, periods

    world = mcp_world()
    _reviewed(world)
    texts = rekap_document(world.leader, period_id=world.period_id).document.texts()
    assert KPK_MISSING in texts and "Nilai KPK" not in texts
    periods.set_state(world.admin, period_id=world.period_id, state="external")
    catalog = catalogs.catalog_for_period(world.period_id)
    leaves = [node.code for node in catalog.leaves_for("provinsi") if node.code.startswith("PRC.")]
    for code in leaves:
        value = catalog.node(code).maximum  # a value the item's rule allows (a sum of its documents' points)
        external_results.record_external_result(
            world.admin, period_id=world.period_id, code=code, value=value
        )
    document = rekap_document(world.leader, period_id=world.period_id).document
    texts = document.texts()
    assert "Nilai KPK" in texts and KPK_MISSING not in texts
    table = next(b for b in document.blocks if isinstance(b, Table) and "Nilai KPK" in b.headers)
    row = next(r for r in table.rows if r[0].startswith("PRC "))
    assert row[table.headers.index("Nilai KPK")] != "–"


def test_rekap_lists_the_periods_rencana_aksi_overdue_first_and_marked(db_url: str) -> None:
    """Section D lists each action of the period with OPD, items, person in charge, WIT due date and status."""
    world = mcp_world()
    code = _reviewed(world)
    soon = utcnow() + timedelta(days=10)
    late, planned = actions.create_actions(
        world.inspector, organisation_id=world.opd_a, period_id=world.period_id,
        drafts=[actions.ActionDraft(title="Lengkapi SK tim yang dikembalikan", codes=(code,)),
                actions.ActionDraft(title="Unggah notulen rapat koordinasi")],
        owner=actions.Owner(name="Rahmat Hidayat", nip="19800101 200501 1 001", phone="0812-4455-6677"), due_at=soon,
    )  # fmt: skip
    with session_scope() as session:  # the first one's due date has passed meanwhile
        session.execute(
            update(Action).where(col(Action.id) == late).values(due_at=utcnow() - timedelta(days=2))
        )
    document = rekap_document(world.leader, period_id=world.period_id).document
    table = next(
        block for block in document.blocks if isinstance(block, Table) and "Rencana aksi" in block.headers
    )
    titles = [row[2] for row in table.rows]
    assert titles == ["Lengkapi SK tim yang dikembalikan *", "Unggah notulen rapat koordinasi"]
    assert table.rows[0][3] == code and table.rows[0][4] == "Rahmat Hidayat"
    assert table.rows[1][5] == format_date(to_wit(soon).date(), "id")
    assert planned != late
    pdf = _squash(_pdf_text(rekap_files(world.leader, period_id=world.period_id)["pdf"][1]))
    assert _squash("D. Rencana aksi tindak lanjut") in pdf
    assert _squash("2 rencana aksi, 1 melewati batas waktu") in pdf
