"""``reports.xlsx_writer``: what it writes reads back in openpyxl as the same values, types and looks."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest

from reports.xlsx_writer import MAX_CELL_TEXT, Cell, Style, Workbook, column_letter


def build(rows: Sequence[Sequence[object]], title: str = "Lembar", **sheet: object) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    wb = Workbook(buffer)
    options: dict = {"widths": [12, 30, 10], "landscape": False, **sheet}
    ws = wb.add_sheet(title, **options)
    for row in rows:
        ws.append([Cell(v.value, wb.style(v.style)) if isinstance(v, _Styled) else v for v in row])
    wb.close()
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


class _Styled:
    def __init__(self, value: object, style: Style):
        self.value, self.style = value, style


def test_values_come_back_with_their_types() -> None:
    """Text, whole and fractional numbers (to the last bit), booleans, dates and moments read back as written."""
    moment = datetime(2026, 11, 30, 23, 59, 30)
    third = 1 / 3
    ws = build([["teks", 42, third, True, None, 1e-7], [_Styled(date(2025, 11, 30), Style("dd/mm/yyyy"))],
                [_Styled(moment, Style("dd/mm/yyyy hh:mm"))]]).active  # fmt: skip
    assert ws is not None
    assert [c.value for c in ws[1]] == ["teks", 42, third, True, None, 1e-7]
    assert ws["A2"].value == datetime(2025, 11, 30) and ws["A2"].number_format == "dd/mm/yyyy"
    assert ws["A3"].value == moment and ws["A3"].number_format == "dd/mm/yyyy hh:mm"


def test_hostile_text_stays_inert_text() -> None:
    """Markup, formulas and XML-breaking characters are written as plain text: nothing is evaluated or lost
    except the control characters XML cannot carry; over-long text is cut at Excel's limit."""
    hostile = [
        "</t></is></c><c><f>1+1</f></c>",
        '=HYPERLINK("http://evil")',
        "**tebal** <b>&amp; 'kutip' \"ganda\"",
        "  spasi di tepi  ",
        "baris\nbaru",
        "kontrol\x00\x07\x1bhilang",
    ]
    ws = build([[text] for text in hostile] + [["x" * (MAX_CELL_TEXT + 10)]]).active
    assert ws is not None
    values = [row[0].value for row in ws.iter_rows()]
    assert values[:5] == hostile[:5]
    assert values[5] == "kontrolhilang"
    assert values[6] == "x" * MAX_CELL_TEXT
    assert all(row[0].data_type == "s" for row in ws.iter_rows())


def test_missing_numbers_are_empty_cells() -> None:
    """NaN, pandas' NaT and infinities become empty cells (Excel has no such numbers), an empty text too."""
    ws = build(
        [[float("nan"), pd.NaT, float("inf"), "", _Styled(float("nan"), Style("0.00")), "akhir"]]
    ).active
    assert ws is not None
    assert [c.value for c in ws[1]] == [None, None, None, None, None, "akhir"]


def test_styles_formats_and_sheet_setup() -> None:
    """Number formats, bold white text on a dark fill, the quote prefix, column widths, the frozen header row,
    the autofilter, the print titles and the page setup are what a spreadsheet reads."""
    header = Style(bold=True, font_color="FFFFFF", fill="1F3864", wrap_top=True)
    rows: list[list[object]] = [
        [_Styled("Kode", header), _Styled("Nama", header), _Styled("Skor", header)],
        ["82", _Styled("=1+1", Style(quote_prefix=True)), _Styled(44.5, Style("0.00", fill="F1C40F"))],
    ]
    wb = build(rows, title="Ringkasan O'Neil & Co", widths=[14, 48, 12], landscape=True, autofilter="A1:C2")
    ws = wb["Ringkasan O'Neil & Co"]
    head = ws["A1"]
    assert head.font.b and head.font.color.rgb.endswith("FFFFFF") and head.fill.fgColor.rgb.endswith("1F3864")
    assert head.alignment.wrap_text and head.alignment.vertical == "top"
    assert ws["B2"].value == "=1+1" and ws["B2"].data_type == "s" and ws["B2"].quotePrefix
    assert ws["C2"].number_format == "0.00" and ws["C2"].fill.fgColor.rgb.endswith("F1C40F")
    assert [ws.column_dimensions[c].width for c in "ABC"] == [14, 48, 12]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:C2" and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9  # A4
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_sheets_keep_their_order_and_names() -> None:
    """Several sheets, written one after the other, are all there in order."""
    buffer = io.BytesIO()
    wb = Workbook(buffer)
    for n in range(3):
        wb.add_sheet(f"Lembar {n}", widths=[10], landscape=False).append([n])
    wb.close()
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert book.sheetnames == ["Lembar 0", "Lembar 1", "Lembar 2"]
    assert [book[name]["A1"].value for name in book.sheetnames] == [0, 1, 2]


def test_an_unknown_value_type_is_refused() -> None:
    """A value the writer has no cell type for fails loudly instead of being written as something else, and the
    half-written file is released."""
    buffer = io.BytesIO()
    with pytest.raises(TypeError, match="A1"), Workbook(buffer) as wb:
        wb.add_sheet("x", widths=[10], landscape=False).append([object()])
    assert buffer.getvalue()  # the zip was closed, not left for the garbage collector


@pytest.mark.parametrize(("number", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA")])
def test_column_letters(number: int, letters: str) -> None:
    """Column numbers become Excel's letters."""
    assert column_letter(number) == letters


def test_characters_xml_cannot_carry_are_dropped() -> None:
    """U+FFFE, U+FFFF and a lone surrogate (possible in JSON) are dropped like control characters; the rest of
    the text stays and the file reads."""
    ws = build([["a\ufffeb\uffffc\ud800d"]]).active
    assert ws is not None
    assert ws["A1"].value == "abcd"


def test_numpy_numbers_are_written_as_numbers() -> None:
    """NumPy's scalars (whose repr is not a number) are written as the numbers they hold."""
    ws = build([[np.float64(1.5), np.int64(7), np.float32(0.25), np.bool_(True)]]).active
    assert ws is not None
    assert [c.value for c in ws[1]] == [1.5, 7, 0.25, True]


def test_early_dates_keep_their_day() -> None:
    """Dates around Excel's invented 29 February 1900 read back as the same day; a date before 1900 (a typing
    slip) is shown as written instead of as ####."""
    day = Style("dd/mm/yyyy")
    rows = [
        [_Styled(d, day)] for d in (date(1900, 1, 1), date(1900, 2, 28), date(1900, 3, 1), date(1899, 5, 1))
    ]
    ws = build(rows).active
    assert ws is not None
    values = [row[0].value for row in ws.iter_rows()]
    assert values[:3] == [datetime(1900, 1, 1), datetime(1900, 2, 28), datetime(1900, 3, 1)]
    assert values[3] == "1899-05-01"


@pytest.mark.parametrize("title", ["", "x" * 32, "Rincian [1]", "a/b", "'kutip", "Lembar"])
def test_a_title_excel_refuses_is_refused(title: str) -> None:
    """Sheet titles Excel would not open (or a second "Lembar", case aside) fail before anything is written."""
    with pytest.raises(ValueError, match="sheet title"), Workbook(io.BytesIO()) as wb:
        wb.add_sheet("lembar", widths=[10], landscape=False)
        wb.add_sheet(title, widths=[10], landscape=False)
