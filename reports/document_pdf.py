"""A ``reports.document.Document`` as PDF (A4, fpdf2, DejaVu Sans embedded so every name prints and can be
searched). Paragraphs and table cells wrap without a line limit and tables break across pages with their header
repeated: a berita acara is signed, so nothing in it may be cut.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from indicators import colors
from reports.document import Document, Heading, PageBreak, Paragraph, Signatures, Table
from reports.pdf_layout import FAMILY, FONT_DIR, HEADER_BG, INK, MARGIN, MUTED

_ALIGN = {"L": "LEFT", "C": "CENTER", "R": "RIGHT", "J": "JUSTIFY"}
_HEADING_SIZE = {1: 13.0, 2: 11.0, 3: 10.0}
_SIGN_SPACE = 20.0  # mm left blank for the signature and the stamp


class _Pdf(FPDF):
    def __init__(self, document: Document) -> None:
        super().__init__(orientation="L" if document.landscape else "P", unit="mm", format="A4")
        self.document = document
        for style, file in (
            ("", "DejaVuSans.ttf"),
            ("B", "DejaVuSans-Bold.ttf"),
            ("I", "DejaVuSans-Oblique.ttf"),
        ):
            self.add_font(FAMILY, style, str(FONT_DIR / file))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.set_title(document.title)
        self.set_creator("Lentera")
        self.set_lang("id-ID")
        self.set_text_color(*INK)

    def footer(self) -> None:
        if self.page_no() == 1 or not self.document.footer:
            return
        self.set_y(-12)
        self.set_font(FAMILY, "", 7)
        self.set_text_color(*MUTED)
        self.cell(self.epw * 0.8, 5, self.document.footer, align="L")
        self.cell(self.epw * 0.2, 5, f"Halaman {self.page_no()}", align="R")
        self.set_text_color(*INK)


def render_pdf(document: Document) -> bytes:
    pdf = _Pdf(document)
    pdf.add_page()
    for block in document.blocks:
        if isinstance(block, Heading):
            _heading(pdf, block)
        elif isinstance(block, Paragraph):
            _paragraph(pdf, block)
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, Signatures):
            _signatures(pdf, block)
        elif isinstance(block, PageBreak):
            pdf.add_page()
    return bytes(pdf.output())


def _heading(pdf: _Pdf, block: Heading) -> None:
    size = _HEADING_SIZE.get(block.level, 10.0)
    if block.level > 1:
        pdf.ln(2)
    if pdf.will_page_break(size * 1.6):
        pdf.add_page()
    pdf.set_font(FAMILY, "B", size)
    align = "C" if block.centred or block.level == 1 else "L"
    pdf.multi_cell(0, size * 0.5, block.text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)


def _paragraph(pdf: _Pdf, block: Paragraph) -> None:
    style = ("B" if block.bold else "") + ("I" if block.italic else "")
    pdf.set_font(FAMILY, style, block.size)
    pdf.multi_cell(0, block.size * 0.48, block.text, align=block.align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.2)


def _table(pdf: _Pdf, block: Table) -> None:
    pdf.set_font(FAMILY, "", block.size)
    total = sum(block.widths)
    widths = tuple(pdf.epw * w / total for w in block.widths)
    aligns = tuple(_ALIGN[a] for a in (block.align or ["L"] * len(widths)))
    heading = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=HEADER_BG)
    with pdf.table(
        col_widths=widths,
        text_align=aligns,
        headings_style=heading,
        line_height=block.size * 0.5,
        padding=0.8,
        first_row_as_headings=True,
        repeat_headings=1,
        borders_layout="ALL",
        width=pdf.epw,
    ) as table:
        header = table.row()
        for text in block.headers:
            header.cell(text, align="CENTER")
        for r, cells in enumerate(block.rows):
            row = table.row()
            for c, text in enumerate(cells):
                fill = colors.rgb(block.fills[r][c]) if block.fills else None
                # white words on a dark zone colour (merah, biru), as in the report's own tables
                ink = (255, 255, 255) if fill and colors.is_dark(fill) else None
                row.cell(text, style=FontFace(fill_color=fill, color=ink) if fill else None)
    pdf.ln(2)


def _signatures(pdf: _Pdf, block: Signatures) -> None:
    people = sum(max(len(g.signers), 1) for g in block.groups)
    if pdf.will_page_break(18 + 40 * min(people, 4)):
        pdf.add_page()
    pdf.set_font(FAMILY, "", 10)
    pdf.cell(0, 6, block.place_date, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for group in block.groups:
        if pdf.will_page_break(12 + 36):
            pdf.add_page()
        pdf.ln(2)
        pdf.set_font(FAMILY, "B", 10)
        pdf.cell(0, 6, group.title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        per_row = 3
        width = pdf.epw / per_row
        for start in range(0, max(len(group.signers), 1), per_row):
            chunk = group.signers[start : start + per_row]
            if pdf.will_page_break(36):
                pdf.add_page()
            top = pdf.get_y()
            bottom = top
            for i, signer in enumerate(chunk):
                x = pdf.l_margin + i * width
                pdf.set_xy(x, top)
                pdf.set_font(FAMILY, "", 8.5)
                pdf.multi_cell(
                    width - 4, 4.2, signer.position or " ", align="C", new_x=XPos.LEFT, new_y=YPos.NEXT
                )
                pdf.set_xy(x, pdf.get_y() + _SIGN_SPACE)
                pdf.set_font(FAMILY, "BU", 9)
                pdf.multi_cell(width - 4, 4.5, signer.name, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
                pdf.set_font(FAMILY, "", 8.5)
                pdf.multi_cell(width - 4, 4.2, signer.nip, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
                bottom = max(bottom, pdf.get_y())
            pdf.set_xy(pdf.l_margin, bottom + 4)
