"""The demo's evidence documents: small one-page PDFs that read like the decrees and reports OPDs upload.

Apart from the demo writer so the document layout can change (or be reused) without touching the seeding.
"""

from __future__ import annotations

import textwrap
from datetime import date

from fpdf import FPDF

PDF_MEDIA_TYPE = "application/pdf"
DOCUMENT_KINDS = [
    "Surat Keputusan Gubernur Maluku Utara",
    "Peraturan Gubernur Maluku Utara",
    "Laporan Pelaksanaan Kegiatan",
    "Berita Acara Rapat Koordinasi",
    "Surat Edaran Sekretaris Daerah",
]


def _latin1(text: str) -> str:
    return text.replace("–", "-").replace("—", "-").encode("latin-1", "replace").decode("latin-1")


def evidence_pdf(*, title: str, number: str, organisation: str, subject: str, issued: date) -> bytes:
    """A one-page PDF that reads like the decree or report an OPD would upload.

    Lines are laid out by hand with ``cell``: fpdf2's automatic line breaking costs milliseconds per page.
    """
    pdf = FPDF()
    pdf.set_title(_latin1(title))
    pdf.add_page()

    def line(text: str, *, size: int = 11, bold: bool = False, align: str = "C", height: float = 6) -> None:
        pdf.set_font("Helvetica", "B" if bold else "", size)
        pdf.cell(0, height, _latin1(text), align=align, new_x="LMARGIN", new_y="NEXT")

    line("PEMERINTAH PROVINSI MALUKU UTARA", size=13, bold=True, height=7)
    for part in textwrap.wrap(organisation, 80):
        line(part)
    pdf.ln(6)
    for part in textwrap.wrap(title.upper(), 60):
        line(part, size=12, bold=True, height=7)
    line(f"Nomor: {number}")
    pdf.ln(4)
    for part in textwrap.wrap(f"tentang {subject}", 80):
        line(part)
    pdf.ln(8)
    for part in _BODY:
        line(part, align="L")
    pdf.ln(10)
    line(f"Ditetapkan di Sofifi, {issued.isoformat()}", align="R")
    return bytes(pdf.output())


_BODY = textwrap.wrap(
    "Menimbang bahwa dalam rangka pelaksanaan Monitoring Center for Prevention (MCP) dan evaluasi Sistem "
    "Pemerintahan Berbasis Elektronik, perlu menetapkan dokumen ini sebagai bukti dukung. "
    "Dokumen ini dibuat untuk keperluan demonstrasi aplikasi Lentera.",
    90,
)
