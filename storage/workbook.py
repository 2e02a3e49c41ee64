"""Reading an uploaded workbook without letting the file decide how much memory and time it costs.

An .xlsx is a ZIP of XML. Read naively, one cell at ``XFD9999`` makes openpyxl build a grid of 16,384 × 9,999
cells (18.8 GiB): the declared size of a sheet, not its content, decides the cost. So every workbook reader in
Lentera goes through ``read_workbook``, which

- refuses an archive that is not a workbook, has too many entries or declares more unpacked bytes than allowed
  (nothing is inflated before that check);
- opens it read-only (rows are streamed from the XML, no cell objects are kept);
- refuses a sheet whose declared dimension (``<dimension ref="A1:XFD9999">``) exceeds the rows and columns its
  reader expects, before iterating a single row;
- iterates at most those rows and columns, whatever the sheet declares (content further out is never read),
  and refuses a sheet with content in the row just past them (a dimension that lies, or none);
- turns malformed XML, a missing part or any other damage into one translated error.

Callers name the sheets they need with their bounds; other sheets are never read.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from i18n import LenteraError, register

MAX_ENTRIES = 1_000
Row = tuple[object, ...]

register(
    {
        "workbook.not_a_workbook": {
            "id": "Berkas bukan lembar kerja Excel (.xlsx) yang dapat dibaca.",
            "en": "The file is not an Excel (.xlsx) workbook that can be read.",
        },
        "workbook.too_large": {
            "id": "Lembar kerja ini terlalu besar bila dibuka (lebih dari {limit_mb} MB). "
            "Simpan ulang tanpa lembar atau gambar tambahan, lalu unggah lagi.",
            "en": "This workbook is too large when unpacked (over {limit_mb} MB). "
            "Save it again without extra sheets or pictures, then upload it again.",
        },
        "workbook.sheet_too_big": {
            "id": "Lembar '{sheet}' terlalu besar: {rows} baris × {columns} kolom, paling banyak {max_rows} baris × "
            "{max_columns} kolom. Hapus isi atau format di luar tabel, lalu unggah lagi.",
            "en": "Sheet '{sheet}' is too big: {rows} rows × {columns} columns, at most {max_rows} rows × "
            "{max_columns} columns. Delete content or formatting outside the table, then upload it again.",
        },
        "workbook.malformed": {
            "id": "Lembar kerja ini rusak (isi XML tidak sah) dan tidak dapat dibaca. "
            "Buka dan simpan ulang di Excel, lalu unggah lagi.",
            "en": "This workbook is damaged (invalid XML inside) and cannot be read. "
            "Open and save it again in Excel, then upload it again.",
        },
    }
)


class WorkbookError(LenteraError):
    """A refused workbook; ``reason`` is the message key's last part (``sheet_too_big``, ``malformed``, ...)."""

    def __init__(self, reason: str, **params: object):
        self.reason = reason
        super().__init__(f"workbook.{reason}", **params)


@dataclass(frozen=True)
class Bounds:
    """The most rows (header included) and columns a reader of one sheet expects."""

    rows: int
    columns: int


@dataclass(frozen=True)
class SheetRows:
    """A sheet's non-empty rows as ``(row number, values)``, each exactly ``columns`` wide."""

    name: str
    rows: tuple[tuple[int, Row], ...]

    @property
    def header(self) -> list[str]:
        """Row 1 as stripped texts ("" for an empty cell); empty when row 1 is empty."""
        first = self.rows[0] if self.rows and self.rows[0][0] == 1 else (1, ())
        return [str(value).strip() if value is not None else "" for value in first[1]]

    @property
    def body(self) -> tuple[tuple[int, Row], ...]:
        """The non-empty rows below the header."""
        return tuple(row for row in self.rows if row[0] > 1)


def read_workbook(
    content: bytes, *, sheets: Mapping[str, Bounds], max_bytes: int, formulas_as_text: bool = True
) -> dict[str, SheetRows]:
    """The named sheets that exist in the workbook, read within their bounds.

    ``formulas_as_text``: a formula comes back as its text (``"=1+1"``), never evaluated; False reads the
    values Excel cached for formulas instead. Raises ``WorkbookError``.
    """
    from openpyxl import load_workbook  # 0.06 s: only when a workbook is read, not for every report

    _check_archive(content, max_bytes)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=not formulas_as_text)
    except WorkbookError:
        raise
    except Exception:  # openpyxl raises many types for damaged files (ParseError, KeyError, ValueError, ...)
        raise WorkbookError("malformed") from None
    try:
        return {
            name: SheetRows(name, tuple(_rows(book[name], name, bounds)))
            for name, bounds in sheets.items()
            if name in book.sheetnames
        }
    except WorkbookError:
        raise
    except Exception:
        raise WorkbookError("malformed") from None
    finally:
        book.close()


def _check_archive(content: bytes, max_bytes: int) -> None:
    """Refuse what is not a ZIP, or declares too many entries or too many unpacked bytes (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise WorkbookError("not_a_workbook") from None
    if len(entries) > MAX_ENTRIES or sum(entry.file_size for entry in entries) > max_bytes:
        raise WorkbookError("too_large", limit_mb=max_bytes // (1024 * 1024))


def _rows(sheet: Any, name: str, bounds: Bounds) -> Iterator[tuple[int, Row]]:
    declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
    if declared_rows > bounds.rows or declared_columns > bounds.columns:
        raise _too_big(name, bounds, declared_rows, declared_columns)
    # One row past the bound: content there means the declared dimension lied (or was absent).
    values = sheet.iter_rows(min_row=1, max_row=bounds.rows + 1, max_col=bounds.columns, values_only=True)
    for number, row in enumerate(values, start=1):
        if not row or all(value is None or str(value).strip() == "" for value in row):
            continue
        if number > bounds.rows:
            raise _too_big(name, bounds, number, max(declared_columns, len(row)))
        yield number, tuple(row)


def _too_big(name: str, bounds: Bounds, rows: int, columns: int) -> WorkbookError:
    return WorkbookError(
        "sheet_too_big",
        sheet=name,
        rows=rows,
        columns=columns,
        max_rows=bounds.rows,
        max_columns=bounds.columns,
    )
