"""A ``reports.document.Document`` as .docx (python-docx), the form offices edit, print, sign and stamp. The same
blocks as the PDF: headings, paragraphs, tables with a repeated header row, signature blocks in a borderless table.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell

from indicators import colors
from reports.document import Document, Heading, PageBreak, Paragraph, Signatures, Table

_ALIGN = {
    "L": WD_ALIGN_PARAGRAPH.LEFT,
    "C": WD_ALIGN_PARAGRAPH.CENTER,
    "R": WD_ALIGN_PARAGRAPH.RIGHT,
    "J": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_HEADER_FILL = "1F3864"


def render_docx(document: Document) -> bytes:
    docx = new_docx()
    _page(docx, document)
    style = docx.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    docx.core_properties.title = document.title
    docx.core_properties.author = "Lentera"
    for block in document.blocks:
        if isinstance(block, Heading):
            paragraph = docx.add_heading(block.text, level=block.level)
            if block.centred or block.level == 1:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(block, Paragraph):
            paragraph = docx.add_paragraph()
            run = paragraph.add_run(block.text)
            run.bold, run.italic, run.font.size = block.bold, block.italic, Pt(block.size)
            paragraph.alignment = _ALIGN[block.align]
        elif isinstance(block, Table):
            _table(docx, block)
        elif isinstance(block, Signatures):
            _signatures(docx, block)
        elif isinstance(block, PageBreak):
            docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if document.footer:
        docx.sections[0].footer.paragraphs[0].text = document.footer
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def _page(docx: DocxDocument, document: Document) -> None:
    section = docx.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if document.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))


def _shade(cell: _Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.lstrip("#"))
    properties.append(shading)


def _write(cell: _Cell, text: str, *, size: float, bold: bool = False, align: str = "L") -> None:
    paragraph = cell.paragraphs[0]
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold, run.font.size = bold, Pt(size)
        if i < len(lines) - 1:
            run.add_break()
    paragraph.alignment = _ALIGN.get(align, WD_ALIGN_PARAGRAPH.LEFT)


def _table(docx: DocxDocument, block: Table) -> None:
    table = docx.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    section = docx.sections[-1]
    usable = (section.page_width or Mm(210)) - (section.left_margin or 0) - (section.right_margin or 0)
    total = sum(block.widths)
    widths = [int(usable * w / total) for w in block.widths]
    aligns = block.align or ["L"] * len(widths)
    # Fixed widths in the table grid too: Word and LibreOffice lay a table out by its grid, and an even grid
    # broke names and headers mid-word in narrow columns while "No" took as much room as the item's name.
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header = table.rows[0]
    header_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page the table runs over
    repeat.set(qn("w:val"), "true")
    header_properties.append(repeat)
    for cell, text, width in zip(header.cells, block.headers, widths, strict=True):
        cell.width = width
        _write(cell, text, size=block.size, bold=True, align="C")
        cell.paragraphs[0].runs[0].font.color.rgb = RGBColor(255, 255, 255)
        _shade(cell, _HEADER_FILL)
    for r, values in enumerate(block.rows):
        cells = table.add_row().cells
        for c, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.width = widths[c]
            _write(cell, text, size=block.size, align=aligns[c])
            fill = block.fills[r][c] if block.fills else None
            if fill:
                _shade(cell, fill)
                rgb = colors.rgb(fill)
                if rgb and colors.is_dark(rgb):  # white words on a dark zone colour, as in the PDF
                    for run in cell.paragraphs[0].runs:
                        run.font.color.rgb = RGBColor(255, 255, 255)
    docx.add_paragraph()


def _signatures(docx: DocxDocument, block: Signatures) -> None:
    # The place and date, each group's title and its signature lines stay on one page (kept with the next
    # paragraph, rows not split): a title at the foot of a page with its lines on the next cannot be signed.
    place = docx.add_paragraph(block.place_date)
    place.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    place.paragraph_format.keep_with_next = True
    for group in block.groups:
        title = docx.add_paragraph()
        title.add_run(group.title).bold = True
        title.paragraph_format.keep_with_next = True
        per_row = 3
        signers = group.signers
        rows = max((len(signers) + per_row - 1) // per_row, 1)
        table = docx.add_table(rows=rows, cols=per_row)
        for i, signer in enumerate(signers):
            cell = table.rows[i // per_row].cells[i % per_row]
            first = cell.paragraphs[0]
            first.add_run(signer.position).font.size = Pt(9)
            first.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for _ in range(4):  # room for the signature and the stamp
                cell.add_paragraph()
            name = cell.add_paragraph()
            run = name.add_run(signer.name)
            run.bold, run.underline = True, True
            name.alignment = WD_ALIGN_PARAGRAPH.CENTER
            nip = cell.add_paragraph(signer.nip)
            nip.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for row in table.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
        docx.add_paragraph()
