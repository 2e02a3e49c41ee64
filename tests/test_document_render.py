"""The .docx of a signed document as an office opens it (issue 15, checked by rendering with LibreOffice): a
table keeps the column widths its builder gave (a narrow "No", a wide name) in the grid Word and LibreOffice lay
it out by, so no name or header breaks mid-word; words on a dark zone colour are white in the .docx and the PDF."""

from __future__ import annotations

import io
import re

from docx import Document as read_docx
from docx.shared import RGBColor
from docx.table import Table as DocxTable
from pypdf import PdfReader

from reports.document import Document, Table
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
