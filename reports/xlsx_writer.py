"""A streaming xlsx writer for the inspectors' workbook: rows go straight into the zip as SpreadsheetML text.

openpyxl (which the rest of Lentera uses to read and write small workbooks) makes a cell object per styled
cell and serialises it through lxml: 9 µs a cell of the province workbook, more than half of building it, and
most of a national one. This module writes only what ``reports.xlsx`` needs — inline strings, numbers,
booleans, dates as serial numbers, shared cell styles (number format, bold/coloured font, solid fill, wrapped
top alignment, Excel's quote prefix), column widths, a frozen header row, an autofilter and A4 print setup —
at 2 µs a cell (``bench/bench_exports.py`` prints both, same cells, same run). The parts and their element
order follow ECMA-376 (SpreadsheetML); the tests read every workbook back with openpyxl, and LibreOffice 7.4
opens it with the same values as openpyxl's (checked by hand: converted to .ods and back).
"""

from __future__ import annotations

import numbers
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, Any

MAX_CELL_TEXT = 32_767
"""Excel's limit for the text of one cell; longer text is cut (Excel would call the file damaged)."""

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry (control characters, U+FFFE/U+FFFF) and lone surrogates, which UTF-8 cannot."""
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
"""Characters Excel refuses in a sheet's name."""

_EPOCH = datetime(1899, 12, 30)
_LEAP_BUG = datetime(1900, 3, 1)
"""Excel counts a 29 February 1900 that never was: its day numbers before this day are one lower."""
_FIRST_DAY = date(1900, 1, 1)
_NOT_NUMBERS = (float("inf"), float("-inf"))
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2}
_FIRST_CUSTOM_FORMAT = 164


@dataclass(frozen=True)
class Style:
    """A cell's look; ``Workbook.style`` turns it into the index cells carry."""

    number_format: str = "General"
    bold: bool = False
    font_color: str | None = None  # RRGGBB
    fill: str | None = None  # RRGGBB, solid
    wrap_top: bool = False
    quote_prefix: bool = False  # Excel's "text, even if it looks like a formula" flag


@dataclass(frozen=True)
class Cell:
    """A value with a style index (``Workbook.style``); a plain value in a row is written unstyled."""

    value: Any
    style: int


def column_letter(number: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def escape(text: str) -> str:
    """Text as XML character data (``xml.sax.saxutils.escape``, whose module imports urllib and ssl)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """Text as a double-quoted XML attribute value, line breaks and tabs kept as character references."""
    quoted = (
        escape(text)
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )
    return f'"{quoted}"'


def _text(s: str, value: str) -> str:
    text = _ILLEGAL.sub("", value)[:MAX_CELL_TEXT]
    if not text:  # an empty cell, as Excel keeps an emptied one
        return f"{s}/>" if s else ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'{s} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def _serial(value: date) -> float:
    """Excel's day number (1900 date system) of a date or naive datetime from 1900 on."""
    moment = value if isinstance(value, datetime) else datetime.combine(value, time())
    days = (moment - _EPOCH).total_seconds() / 86_400
    return days - 1 if moment < _LEAP_BUG else days


def cell_tail(value: Any, style: int) -> str:
    """What follows ``<c r="B7"`` in a cell of ``value`` with the style index ``style``: its attributes and
    content; "" when there is no cell to write (an empty value without a style). ``Sheet.append`` and
    ``Sheet.extend`` put the reference in front."""
    s = f' s="{style}"' if style else ""
    kind = type(value)
    if kind is float:  # the common cases first, by exact type (a numbers.Real check is an ABC lookup)
        return f"{s}><v>{value!r}</v></c>" if value == value and value not in _NOT_NUMBERS else f"{s}/>"
    if kind is str:
        return _text(s, value)
    if kind is int:
        return f"{s}><v>{value}</v></c>"
    if value is None:
        return f"{s}/>" if s else ""
    if hasattr(value, "item") and not isinstance(value, str | date):  # a NumPy scalar: its Python value
        return cell_tail(value.item(), style)
    if isinstance(value, str):
        return _text(s, value)
    if value != value or value in _NOT_NUMBERS:  # NaN, pandas' NaT (a datetime), infinities: an empty cell
        return f"{s}/>"
    if isinstance(value, bool):
        return f'{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, numbers.Integral):
        return f"{s}><v>{int(value)}</v></c>"
    if isinstance(value, numbers.Real):
        return f"{s}><v>{float(value)!r}</v></c>"
    if isinstance(value, date):
        if (value.date() if isinstance(value, datetime) else value) < _FIRST_DAY:
            return _text(s, value.isoformat())  # before Excel's first day: shown as written, not as ####
        return f"{s}><v>{_serial(value)!r}</v></c>"
    raise TypeError(f"cannot write {type(value).__name__}")


class Sheet:
    """One worksheet, written row by row into the open zip member; ``Workbook.add_sheet`` makes it."""

    def __init__(
        self, stream: IO[bytes], *, widths: Sequence[float], landscape: bool, autofilter: str | None
    ):
        self._stream = stream
        self._row = 0
        self._letters: list[str] = []
        self._autofilter = autofilter
        self._landscape = landscape
        cols = "".join(
            f'<col min="{n}" max="{n}" width="{w:g}" customWidth="1"/>' for n, w in enumerate(widths, start=1)
        )
        self._write(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}" '
            f'xmlns:r="{_RELS}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews>'
            '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
            'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}<sheetData>'
        )

    def _write(self, text: str) -> None:
        self._stream.write(text.encode("utf-8"))

    def _letters_for(self, count: int) -> list[str]:
        letters = self._letters
        while len(letters) < count:
            letters.append(column_letter(len(letters) + 1))
        return letters

    def append(self, values: Iterable[Any]) -> None:
        """The next row: plain values (unstyled), ``Cell``s, or None for an empty cell."""
        self._row += 1
        row = self._row
        values = list(values)
        letters = self._letters_for(len(values))
        cells = []
        for index, value in enumerate(values):
            try:
                tail = cell_tail(value.value, value.style) if isinstance(value, Cell) else cell_tail(value, 0)
            except TypeError as error:
                raise TypeError(f"xlsx cell {letters[index]}{row}: {error}") from None
            if tail:
                cells.append(f'<c r="{letters[index]}{row}"{tail}')
        self._write(f'<row r="{row}">{"".join(cells)}</row>')

    def extend(self, columns: Sequence[Sequence[str]]) -> None:
        """The next rows, given column by column as ``cell_tail`` made each cell ("" for none): a table's
        columns are converted in one pass each, not cell by cell through ``append``."""
        letters = self._letters_for(len(columns))
        rows: list[str] = []
        for tails in zip(*columns, strict=True):
            self._row += 1
            row = self._row
            cells = "".join(
                [f'<c r="{letter}{row}"{tail}' for letter, tail in zip(letters, tails, strict=False) if tail]
            )
            rows.append(f'<row r="{row}">{cells}</row>')
        self._write("".join(rows))

    def abandon(self) -> None:
        """Stop writing without finishing the sheet."""
        self._stream.close()

    def close(self) -> None:
        orientation = "landscape" if self._landscape else "portrait"
        self._write(
            "</sheetData>"
            + (f'<autoFilter ref="{self._autofilter}"/>' if self._autofilter else "")
            + '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
            f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="1" fitToHeight="0"/></worksheet>'
        )
        self._stream.close()


class Workbook:
    """A workbook written into ``target`` (a binary file): sheets one after the other, then ``close``."""

    def __init__(self, target: IO[bytes]):
        self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED)
        self._styles: dict[Style, int] = {Style(): 0}
        self._sheets: list[tuple[str, str | None]] = []  # title, autofilter range
        self._open: Sheet | None = None

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        """Finish the file; after an error, only release it (what was written is not a workbook)."""
        if kind is None:
            self.close()
            return
        if self._open is not None:
            self._open.abandon()
            self._open = None
        self._zip.close()

    def style(self, style: Style) -> int:
        """The index cells of this look carry."""
        return self._styles.setdefault(style, len(self._styles))

    def add_sheet(
        self, title: str, *, widths: Sequence[float], landscape: bool, autofilter: str | None = None
    ) -> Sheet:
        """A new sheet after the others (the previous one is finished): row 1 frozen and repeated on every
        printed page, fit to one page wide; ``autofilter`` a range such as ``A1:K20``. A title Excel would
        refuse (empty, over 31 characters, ``[]:*?/\\``, an apostrophe at either end, taken) raises
        ValueError."""
        taken = {name.casefold() for name, _ in self._sheets}
        if (
            not title
            or len(title) > 31
            or _BAD_TITLE.search(title)
            or title[0] == "'"
            or title[-1] == "'"
            or title.casefold() in taken
        ):
            raise ValueError(f"not a sheet title Excel accepts: {title!r}")
        if self._open is not None:
            self._open.close()
        self._sheets.append((title, autofilter))
        stream = self._zip.open(f"xl/worksheets/sheet{len(self._sheets)}.xml", "w")
        self._open = Sheet(stream, widths=widths, landscape=landscape, autofilter=autofilter)
        return self._open

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None
        count = len(self._sheets)
        parts = {
            "[Content_Types].xml": self._content_types(count),
            "_rels/.rels": f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
            "xl/workbook.xml": self._workbook(),
            "xl/_rels/workbook.xml.rels": self._workbook_rels(count),
            "xl/styles.xml": self._stylesheet(),
        }
        for name, text in parts.items():
            self._zip.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text)
        self._zip.close()

    @staticmethod
    def _content_types(count: int) -> str:
        ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{ct}.worksheet+xml"/>'
            for n in range(1, count + 1)
        )
        return (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>{sheets}</Types>'
        )

    def _workbook(self) -> str:
        sheets = "".join(
            f'<sheet name={quoteattr(title)} sheetId="{n}" r:id="rId{n}"/>'
            for n, (title, _) in enumerate(self._sheets, start=1)
        )
        names = []
        for index, (title, autofilter) in enumerate(self._sheets):
            quoted = "'" + title.replace("'", "''") + "'"
            if autofilter:
                absolute = "$" + autofilter.replace(":", ":$")
                absolute = re.sub(r"([A-Z]+)(\d+)", r"\1$\2", absolute)
                names.append(
                    f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
                    f"{escape(quoted)}!{absolute}</definedName>"
                )
            names.append(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">{escape(quoted)}!$1:$1</definedName>'
            )
        return (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets><definedNames>{''.join(names)}</definedNames></workbook>"
        )

    def _workbook_rels(self, count: int) -> str:
        sheets = "".join(
            f'<Relationship Id="rId{n}" Type="{_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        )
        return (
            f'<Relationships xmlns="{_PACKAGE_RELS}">{sheets}<Relationship Id="rId{count + 1}" '
            f'Type="{_RELS}/styles" Target="styles.xml"/></Relationships>'
        )

    def _stylesheet(self) -> str:
        formats: dict[str, int] = {}
        fonts: dict[tuple[bool, str | None], int] = {(False, None): 0}
        fills: dict[str | None, int] = {None: 0}  # fill 1 is the gray125 pattern Excel reserves
        xfs = []
        for style in sorted(self._styles, key=self._styles.__getitem__):
            number = _BUILTIN_FORMATS.get(style.number_format)
            if number is None:
                number = formats.setdefault(style.number_format, _FIRST_CUSTOM_FORMAT + len(formats))
            font = fonts.setdefault((style.bold, style.font_color), len(fonts))
            fill = fills.setdefault(style.fill, len(fills) + 1) if style.fill else 0
            applied = (
                (' applyNumberFormat="1"' if number else "")
                + (' applyFont="1"' if font else "")
                + (' applyFill="1"' if fill else "")
                + (' applyAlignment="1"' if style.wrap_top else "")
                + (' quotePrefix="1"' if style.quote_prefix else "")
            )
            alignment = '<alignment vertical="top" wrapText="1"/>' if style.wrap_top else ""
            xfs.append(
                f'<xf numFmtId="{number}" fontId="{font}" fillId="{fill}" borderId="0" xfId="0"{applied}'
                + (f">{alignment}</xf>" if alignment else "/>")
            )
        number_formats = "".join(
            f'<numFmt numFmtId="{n}" formatCode={quoteattr(code)}/>' for code, n in formats.items()
        )
        font_xml = "".join(
            "<font>"
            + ("<b/>" if bold else "")
            + (f'<color rgb="FF{color}"/>' if color else "")
            + '<sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            for bold, color in fonts
        )
        fill_xml = (
            '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
        )
        fill_xml += "".join(
            f'<fill><patternFill patternType="solid"><fgColor rgb="FF{color}"/><bgColor indexed="64"/>'
            "</patternFill></fill>"
            for color in fills
            if color is not None
        )
        return (
            f'<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(formats)}">{number_formats}</numFmts>' if formats else "")
            + f'<fonts count="{len(fonts)}">{font_xml}</fonts>'
            + f'<fills count="{len(fills) + 1}">{fill_xml}</fills>'
            + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            + f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
        )
