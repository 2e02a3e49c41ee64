"""The signed documents in a real browser (issue 15): the inspector issues the Berita Acara Reviu of one OPD on the
reports page and downloads it as PDF and as .docx; both files carry the same new number, the OPD's name and the
day and date written out. The files are opened with pypdf and python-docx, as an office would open them."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document as read_docx
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from sqlmodel import select
from streamlit_server import stored_demo_passwords

import ui.messages
import ui.reports_page  # noqa: F401  (registers the reports page's texts)
from e2e.conftest import E2EApp
from e2e.steps import by_key, choose, click, go_to, sign_in_ok
from i18n import t
from models import session_scope
from models.tables import User
from services import organisations, periods, signin, verification
from services.actor import Actor

pytestmark = pytest.mark.e2e

INSPECTOR = "inspektur"


def actor_of(username: str) -> Actor:
    with session_scope() as session:
        user_id = session.exec(select(User.id).where(User.username == username)).one()
    assert user_id is not None
    return signin.get_actor(user_id)


def download(page: Page, key: str, folder: Path) -> Path:
    """Click the download button ``key`` and keep the file the browser receives."""
    with page.expect_download() as caught:
        by_key(page, key).get_by_role("button").click()
    path = folder / caught.value.suggested_filename
    caught.value.save_as(path)
    return path


def test_inspector_downloads_the_berita_acara_of_one_opd_as_pdf_and_docx(
    open_app: Callable[..., Page], e2e_app: E2EApp, app_database: Path, tmp_path: Path
) -> None:
    """Issue once, download both: the same number, the OPD and the written-out date in the PDF and the docx."""
    passwords = stored_demo_passwords(e2e_app.data_dir)
    page = open_app()
    sign_in_ok(page, INSPECTOR, passwords[INSPECTOR])
    go_to(page, "laporan")
    expect(page.get_by_test_id("stHeading").filter(has_text=t("ui.ba.title", "id"))).to_be_visible()
    period_text = by_key(page, "period_select").get_by_role("combobox").input_value()
    inspector = actor_of(INSPECTOR)
    listed = periods.list_periods(inspector)
    period_id = int(next(row["period_id"] for _, row in listed.iterrows() if str(row["name"]) in period_text))
    decided = verification.queue(inspector, period_id=period_id, statuses=("verified", "returned"))
    assert not decided.empty
    opds = organisations.list_organisations(inspector)
    row = opds[opds["id"] == int(decided.iloc[0]["organisation_id"])].iloc[0]
    choose(page, "ba_opd", f"{row['name']} · {row['region']}")
    click(page, "ba_issue")
    caption = page.get_by_text(re.compile(r"^Nomor .*BA-REVIU"))
    expect(caption.first).to_be_visible()
    number = re.search(r"Nomor (\S+):", caption.first.inner_text())
    assert number is not None

    pdf = download(page, "ba_download_pdf", tmp_path)
    docx = download(page, "ba_download_docx", tmp_path)
    assert pdf.suffix == ".pdf" and docx.suffix == ".docx"
    pdf_text = " ".join(
        " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages).split()
    )
    document = read_docx(io.BytesIO(docx.read_bytes()))
    docx_text = " ".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for r in table.rows for cell in r.cells]
    )
    docx_text = " ".join(docx_text.split())
    for text in (f"Nomor: {number.group(1)}", "BERITA ACARA REVIU BUKTI DUKUNG", "Pada hari ", " tanggal ",
                 " bulan ", " tahun dua ribu "):  # fmt: skip
        assert text in pdf_text, text
        assert text in docx_text, text
    assert str(row["name"]) in pdf_text and str(row["name"]) in docx_text
    for raw in ("opd:", "None"):
        assert raw not in pdf_text and raw not in docx_text


def _docx_text(path: Path) -> str:
    document = read_docx(io.BytesIO(path.read_bytes()))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for r in table.rows for cell in r.cells]
    return " ".join(" ".join(texts).split())


def test_inspector_downloads_the_rekapitulasi_as_pdf_and_docx(
    open_app: Callable[..., Page], e2e_app: E2EApp, tmp_path: Path
) -> None:
    """The province's Rekapitulasi Hasil Reviu from the reports page, as PDF and .docx: the same title, addressees,
    sections and signature block in both, named after the pemda, nothing raw."""
    passwords = stored_demo_passwords(e2e_app.data_dir)
    page = open_app()
    sign_in_ok(page, INSPECTOR, passwords[INSPECTOR])
    go_to(page, "laporan")
    expect(page.get_by_test_id("stHeading").filter(has_text=t("ui.rekap.title", "id"))).to_be_visible()
    click(page, "rekap_build")
    expect(by_key(page, "rekap_download_pdf").get_by_role("button")).to_be_visible(timeout=60_000)
    expect(page.get_by_text(t("ui.rekap.holds_docx", "id"))).to_be_visible()
    pdf = download(page, "rekap_download_pdf", tmp_path)
    docx = download(page, "rekap_download_docx", tmp_path)
    assert pdf.suffix == ".pdf" and docx.suffix == ".docx" and pdf.stem == docx.stem
    pdf_text = " ".join(
        " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages).split()
    )
    docx_text = _docx_text(docx)
    for text in ("REKAPITULASI HASIL REVIU INSPEKTORAT", "Maluku Utara", "A. Nilai pemda per area",
                 "C. Kesenjangan terbesar", "Rentang nilai", "Inspektur"):  # fmt: skip
        assert text in pdf_text, text
        assert text in docx_text, text
    for raw in (r"opd:\d", r"\bNone\b", r"\bnan\b", r"\bmcp-20\d\d\b"):
        assert not re.search(raw, pdf_text) and not re.search(raw, docx_text), raw
