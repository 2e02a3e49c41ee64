"""Berita Acara Reviu per OPD, opened as files: the number is unique across two exports and follows the admin's
scheme, the day and date are written out, every reason appears whole in the PDF text and in the docx paragraphs,
the accepted and missing documents are named, and an OPD without a decision in the span gets no berita acara."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from documents_world import DOCS_CODE, mcp_world
from docx import Document as read_docx
from factories import World, submission_id
from pypdf import PdfReader
from sqlmodel import select
from workflow_steps import refused, submitted

from models.database import session_scope
from models.tables import User
from reports.document import nip_line
from reports.document_docx import render_docx
from reports.document_pdf import render_pdf
from services import document_numbers, submission_views, verification
from services.berita_acara import issue_berita_acara

LONG_REASON = (
    "Sebagian dokumen belum memenuhi syarat: tangkapan layar publikasi Renja OPD tidak menampilkan tanggal unggah "
    "dan tautan ke dokumen aslinya tidak dapat dibuka dari jaringan luar kantor; mohon unggah ulang tangkapan layar "
    "yang memuat alamat situs, tanggal, dan judul dokumen secara utuh, serta pastikan tautan dapat diakses publik "
    "tanpa masuk (login) sebelum batas waktu reviu berikutnya."
)


def _squash(text: str) -> str:
    return "".join(text.split())


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _docx_paragraphs(data: bytes) -> list[str]:
    document = read_docx(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return texts


def _second_code(world: World) -> str:
    frame = submission_views.checklist(world.focal_a, period_id=world.period_id, organisation_id=world.opd_a)
    return str(next(code for code in frame["code"] if code != DOCS_CODE))


def _reviewed(world: World) -> str:
    with session_scope() as session:
        inspector = session.exec(select(User).where(User.username == "inspektur")).one()
        inspector.nip, inspector.position = "198001012005011001", "Inspektur Pembantu Wilayah I"
        session.add(inspector)
    accepted = submitted(world, DOCS_CODE, value=100)
    verification.approve(
        world.inspector, submission_id=accepted, verified_value=50, accepted_documents=["D2"]
    )
    other = _second_code(world)
    returned = submitted(world, other, value=submission_views.item_detail(world.focal_a, submission_id=submission_id(
        world, organisation_id=world.opd_a, code=other)).maximum)  # fmt: skip
    verification.return_item(world.inspector, submission_id=returned, reason=LONG_REASON)
    return other


def test_berita_acara_pdf_and_docx_hold_everything_whole(db_url: str) -> None:
    world = mcp_world()
    other = _reviewed(world)
    issued = issue_berita_acara(world.inspector, period_id=world.period_id, on=date(2026, 12, 31))
    assert issued.numbers == ["700/1/BA-REVIU/2026"]  # only OPD A decided anything
    pdf, docx = render_pdf(issued.document), render_docx(issued.document)
    pdf_text = _squash(_pdf_text(pdf))
    paragraphs = _docx_paragraphs(docx)
    for text in (
        "Nomor: 700/1/BA-REVIU/2026",
        "Pada hari Kamis tanggal tiga puluh satu bulan Desember tahun dua ribu dua puluh enam",
        LONG_REASON,
        DOCS_CODE,
        other,
        "Dokumen diterima: D2 Tangkapan layar publikasi Renja OPD beserta tautannya.",
        "Dokumen belum diterima: D1 Tangkapan layar halaman publikasi RKPD di situs web pemda.",
        "198001012005011001",
        "Inspektur Pembantu Wilayah I",
        "Dinas Komunikasi, Informatika dan Persandian",
    ):
        assert _squash(text) in pdf_text, text
        assert any(_squash(text) in _squash(p) for p in paragraphs), text
    assert any(LONG_REASON in p for p in paragraphs)  # one paragraph holds the whole reason
    assert "Badan Kepegawaian Daerah" not in _pdf_text(pdf)  # OPD B decided nothing: no berita acara
    for raw in ("opd:", "None", "approve", "return", "mcp-2025"):
        assert raw not in _pdf_text(pdf) and raw not in "\n".join(paragraphs), raw


def test_numbers_are_unique_across_exports_and_follow_the_scheme(db_url: str) -> None:
    world = mcp_world()
    _reviewed(world)
    first = issue_berita_acara(world.inspector, period_id=world.period_id, on=date(2026, 12, 2)).numbers
    second = issue_berita_acara(world.inspector, period_id=world.period_id, on=date(2026, 12, 2)).numbers
    assert first == ["700/1/BA-REVIU/2026"] and second == ["700/2/BA-REVIU/2026"]
    document_numbers.set_document_settings(
        world.admin, region_id=world.province_id, scheme="BA-{seq}/{opd}/INSP/{year}", place="Sofifi"
    )
    third = issue_berita_acara(world.inspector, period_id=world.period_id, on=date(2026, 12, 2))
    assert third.numbers == ["BA-3/Diskominfosan/INSP/2026"]
    assert "Sofifi, 2 Desember 2026" in third.document.texts()
    next_year = issue_berita_acara(world.inspector, period_id=world.period_id, on=date(2027, 1, 1)).numbers
    assert next_year == ["BA-1/Diskominfosan/INSP/2027"]
    assert len({*first, *second, *third.numbers, *next_year}) == 4


@pytest.mark.parametrize("scheme", ["700/BA-REVIU/{year}", "700/{seq}/{kode}", "700/{seq", ""])
def test_a_scheme_without_a_sequence_or_with_unknown_fields_is_refused(db_url: str, scheme: str) -> None:
    world = mcp_world()
    refused(
        "documents.bad_scheme",
        lambda: document_numbers.set_document_settings(
            world.admin, region_id=world.province_id, scheme=scheme, place="Sofifi"
        ),
    )


def test_only_decisions_in_the_span_count(db_url: str) -> None:
    world = mcp_world()
    _reviewed(world)
    later = issue_berita_acara(world.inspector, period_id=world.period_id, since=date(2099, 1, 1))
    assert later.numbers == []
    assert any("Tidak ada keputusan reviu" in text for text in later.document.texts())


def test_only_reviewers_issue_a_berita_acara(db_url: str) -> None:
    world = mcp_world()
    refused("perm.denied", lambda: issue_berita_acara(world.leader, period_id=world.period_id))


def test_cli_writes_the_berita_acara_as_pdf_and_docx_with_new_numbers(db_url: str, tmp_path: Path) -> None:
    from cli import main

    world = mcp_world()
    _reviewed(world)
    pdf_path, docx_path = tmp_path / "ba.pdf", tmp_path / "ba.docx"
    common = [
        "export",
        "--period",
        str(world.period_id),
        "--scope",
        f"opd:{world.opd_a}",
        "--report",
        "berita-acara",
    ]
    assert main([*common, "--format", "pdf", "--out", str(pdf_path)]) == 0
    assert main([*common, "--format", "docx", "--out", str(docx_path)]) == 0
    assert "700/1/BA-REVIU/" in _pdf_text(pdf_path.read_bytes())
    assert any("700/2/BA-REVIU/" in p for p in _docx_paragraphs(docx_path.read_bytes()))
    assert _squash(LONG_REASON) in _squash(_pdf_text(pdf_path.read_bytes()))


def test_a_signer_without_a_recorded_nip_gets_a_line_to_fill_in_by_hand() -> None:
    """Under a signature: "NIP 1980…" when recorded, else "NIP ……" to write in, never a bare "NIP"."""
    assert nip_line("198001012005011001") == "NIP 198001012005011001"
    for missing in (None, ""):
        line = nip_line(missing)
        assert line.startswith("NIP ") and set(line[4:]) == {"."} and len(line[4:]) >= 20
