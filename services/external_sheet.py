"""Reading a file of KPK's (or KemenPANRB's) results per item: the documented layout, row by row.

The layout (docs/external-results.md): one table with a header row and the columns **pemda** (Kemendagri code or
name), **kode item** (the catalog leaf's code), **nilai KPK** (the value on the item's scale; a decimal comma is
fine) and, optionally, **catatan** (KPK's note). An .xlsx is read from its sheet "Hasil KPK" (or the first of
"Sheet1", "Sheet", "Lembar1") through the bounded reader (``storage.workbook``); a .csv may be separated by ";"
or "," and encoded UTF-8 (with or without BOM) or Windows-1252.

This module only reads: every line comes back with its sheet and row number, every layout problem as a
``RowProblem`` naming sheet, row and column, so the preview can point at the cell. Whether a pemda, an item or a
value is right is for ``services.external_results`` to say, which knows the database.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from i18n import t
from storage.workbook import Bounds, read_workbook

MAX_ROWS = (
    20_000  # header included: 546 pemda × the 2025 catalog's 111 items would be 60,606; a province is 1,221
)
MAX_COLUMNS = 12
MAX_BYTES = 10 * 1024 * 1024  # a CSV, or an .xlsx unpacked
SHEET_NAMES = ("Hasil KPK", "Sheet1", "Sheet", "Lembar1")

COLUMNS: dict[str, tuple[str, ...]] = {
    "pemda": ("pemda", "kode pemda", "local government"),
    "code": ("kode item", "kode", "item code", "code"),
    "value": ("nilai kpk", "nilai kemenpanrb", "nilai eksternal", "nilai", "kpk value", "value"),
    "note": ("catatan", "catatan kpk", "note", "kpk note"),
}
"""Each column and the header texts that name it (compared without case and extra spaces)."""
REQUIRED = ("pemda", "code", "value")
HEADER_NAMES = {"pemda": "pemda", "code": "kode item", "value": "nilai KPK", "note": "catatan"}
"""The header text the documentation uses for each column (what an error names)."""


@dataclass(frozen=True)
class RowProblem:
    """One problem, at a sheet, row and column of the uploaded file; ``key`` and ``params`` translate it."""

    sheet: str
    row: int
    column: str
    key: str
    params: dict[str, object] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        where = t("external.where", lang, sheet=self.sheet, row=self.row, column=self.column)
        return f"{where}: {t(self.key, lang, **self.params)}"


@dataclass(frozen=True)
class Line:
    """One data row as read: the texts of its cells (value stays raw until checked)."""

    sheet: str
    row: int
    pemda: str
    code: str
    value: object
    note: str


@dataclass(frozen=True)
class ReadSheet:
    lines: list[Line]
    problems: list[RowProblem]


def read_results(filename: str, content: bytes) -> ReadSheet:
    """The lines of an .xlsx or .csv file in the layout, or the problems that keep it from being read."""
    if filename.lower().endswith(".csv"):
        name = filename.rsplit("/", 1)[-1]
        if len(content) > MAX_BYTES:
            return ReadSheet([], [RowProblem(name, 1, "", "external.file_too_large", {"limit_mb": 10})])
        return _lines(name, _csv_rows(content))
    sheets = read_workbook(
        content, sheets={name: Bounds(MAX_ROWS, MAX_COLUMNS) for name in SHEET_NAMES}, max_bytes=MAX_BYTES
    )
    for name in SHEET_NAMES:
        if name in sheets:
            sheet = sheets[name]
            return _lines(name, list(sheet.rows))
    return ReadSheet(
        [], [RowProblem(SHEET_NAMES[0], 1, "", "external.sheet_missing", {"sheet": SHEET_NAMES[0]})]
    )


def _csv_rows(content: bytes) -> list[tuple[int, tuple[object, ...]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows: list[tuple[int, tuple[object, ...]]] = []
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if number > MAX_ROWS:
            break
        if any(cell.strip() for cell in cells):
            rows.append((number, tuple(cells[:MAX_COLUMNS])))
    return rows


def _normal(text: object) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().lower()


def _lines(sheet: str, rows: list[tuple[int, tuple[object, ...]]]) -> ReadSheet:
    if not rows:
        return ReadSheet([], [RowProblem(sheet, 1, "", "external.empty")])
    header_row, header = rows[0]
    positions: dict[str, int] = {}
    for index, text in enumerate(header):
        for column, names in COLUMNS.items():
            if _normal(text) in names and column not in positions:
                positions[column] = index
    missing = [HEADER_NAMES[c] for c in REQUIRED if c not in positions]
    if missing:
        problem = RowProblem(sheet, header_row, ", ".join(missing), "external.missing_columns",
                             {"columns": ", ".join(missing)})  # fmt: skip
        return ReadSheet([], [problem])

    def cell(values: tuple[object, ...], column: str) -> object:
        index = positions.get(column)
        return values[index] if index is not None and index < len(values) else None

    lines = [
        Line(
            sheet=sheet,
            row=number,
            pemda=str(cell(values, "pemda") or "").strip(),
            code=_code_text(cell(values, "code")),
            value=cell(values, "value"),
            note=str(cell(values, "note") or "").strip(),
        )
        for number, values in rows[1:]
    ]
    return ReadSheet(lines, [])


def _code_text(value: object) -> str:
    """An item code as text; a spreadsheet may have turned "12" into 12.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value or "").strip()


def parse_value(raw: object) -> float | None:
    """A number from a cell: a real number, or text with a decimal comma or point; None when it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return float(raw) if raw == raw else None
    text = str(raw or "").strip().replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")  # Indonesian: 1.234,5
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None
