"""The .docx of a signed document as an office opens it (issue 15, checked by rendering with LibreOffice): a
table keeps the column widths its builder gave (a narrow "No", a wide name) in the grid Word and LibreOffice lay
it out by, so no name or header breaks mid-word; words on a dark zone colour are white in the .docx and the PDF."""

from __future__ import annotations

import io
import re

from docx import Document as read_docx
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.table import Table as DocxTable
from pypdf import PdfReader

from reports.document import Document, SignatureGroup, Signatures, Signer, Table
from reports.document_docx import render_docx
from reports.document_pdf import render_pdf

RED, YELLOW = "#c0392b", "#f1c40f"


def _document(first_zone: str = RED) -> Document:
    document = Document(title="Uji", landscape=True)
    rows = [["1", "Badan Perencanaan Pembangunan Daerah", "merah"], ["2", "Dinas Pertanian", "kuning"]]
    document.add(
        Table(
            ["No", "Perangkat Daerah", "Zona"],
            rows,
            [8, 60, 16],
            fills=[[None, None, first_zone], [None, None, YELLOW]],
        )
    )
    return document


def _table(data: bytes) -> DocxTable:
    return read_docx(io.BytesIO(data)).tables[0]


def test_docx_table_grid_keeps_the_builders_column_widths() -> None:
    """The grid's columns are 8 : 60 : 16 and the table does not autofit them away."""
    table = _table(render_docx(_document()))
    grid = [int(col.w or 0) for col in table._tbl.tblGrid.gridCol_lst]
    assert grid[1] > 6 * grid[0] and abs(grid[1] / grid[2] - 60 / 16) < 0.05
    assert not table.autofit


def test_words_on_a_dark_zone_colour_are_white() -> None:
    """ "merah" on red is white in the .docx (black on yellow stays black) and drawn white in the PDF."""
    table = _table(render_docx(_document()))
    red, yellow = table.rows[1].cells[2], table.rows[2].cells[2]
    assert red.paragraphs[0].runs[0].font.color.rgb == RGBColor(255, 255, 255)
    assert yellow.paragraphs[0].runs[0].font.color.rgb != RGBColor(255, 255, 255)
    assert _white_inks(_document(RED)) > _white_inks(_document(YELLOW))


def _white_inks(document: Document) -> int:
    """How often the PDF's first page sets white as its colour (the header row's words and any dark cell's)."""
    content = PdfReader(io.BytesIO(render_pdf(document))).pages[0].get_contents()
    assert content is not None
    stream = content.get_data().decode("latin-1")
    return len(re.findall(r"\b1(?:\.0+)? g\b|\b1(?:\.0+)? 1(?:\.0+)? 1(?:\.0+)? rg\b", stream))


def test_a_signature_block_stays_together_in_the_docx() -> None:
    """The place and date, the group's title and the signature lines are kept with what follows, rows unsplit."""
    document = Document(title="Uji")
    signer = Signer(
        "Dr. Nurlela Syarif, M.Si.", "NIP 19750101 200003 2 001", "Inspektur Provinsi Maluku Utara"
    )
    document.add(
        Signatures("Sofifi, 5 Desember 2026", [SignatureGroup("Inspektur Provinsi Maluku Utara", [signer])])
    )
    docx = read_docx(io.BytesIO(render_docx(document)))
    place, title = (
        p for p in docx.paragraphs if p.text in ("Sofifi, 5 Desember 2026", "Inspektur Provinsi Maluku Utara")
    )
    assert place.paragraph_format.keep_with_next and title.paragraph_format.keep_with_next
    row = docx.tables[0].rows[0]
    assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs)
