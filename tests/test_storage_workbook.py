"""``storage.workbook``: the one bounded, read-only workbook reader behind every upload of a spreadsheet."""

from __future__ import annotations

import io

import openpyxl
import pytest
from corpus.workbooks import base_workbook, with_dimension

from storage.workbook import Bounds, WorkbookError, read_workbook

LIMIT = 10 * 1024 * 1024


def workbook(rows: list[list[object]], *, title: str = "Isian", formula_at: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if formula_at:
        sheet[formula_at] = "=1+1"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_rows_come_back_numbered_bounded_and_without_empty_rows() -> None:
    content = workbook([["kode", "nilai"], ["1", 3], [None, None], ["2", "=SUM(A1)"]])
    (sheet,) = read_workbook(content, sheets={"Isian": Bounds(rows=10, columns=3)}, max_bytes=LIMIT).values()
    assert sheet.header == ["kode", "nilai", ""]
    assert sheet.body == ((2, ("1", 3, None)), (4, ("2", "=SUM(A1)", None)))  # a formula stays its text


def test_sheets_not_asked_for_are_not_read_and_missing_ones_are_absent() -> None:
    content = workbook([["a"]], title="Lain")
    assert read_workbook(content, sheets={"Isian": Bounds(rows=10, columns=3)}, max_bytes=LIMIT) == {}


def test_a_declared_dimension_past_the_bounds_is_refused_before_any_row_is_read() -> None:
    content = with_dimension(base_workbook("Isian"), "A1:C11")
    with pytest.raises(WorkbookError) as caught:
        read_workbook(content, sheets={"Isian": Bounds(rows=10, columns=3)}, max_bytes=LIMIT)
    assert caught.value.reason == "sheet_too_big"
    assert caught.value.params == {
        "sheet": "Isian",
        "rows": 11,
        "columns": 3,
        "max_rows": 10,
        "max_columns": 3,
    }
    assert "paling banyak 10 baris × 3 kolom" in caught.value.message("id")


def test_content_just_past_the_bounds_is_refused_even_when_the_dimension_lies() -> None:
    content = with_dimension(workbook([["a"]] * 11), "A1:A2")
    with pytest.raises(WorkbookError) as caught:
        read_workbook(content, sheets={"Isian": Bounds(rows=10, columns=3)}, max_bytes=LIMIT)
    assert caught.value.params["rows"] == 11


def test_columns_past_the_bounds_are_never_read_when_the_dimension_lies() -> None:
    content = with_dimension(base_workbook("Isian", far_cell="XFD2"), "A1:B1")
    (sheet,) = read_workbook(content, sheets={"Isian": Bounds(rows=10, columns=3)}, max_bytes=LIMIT).values()
    assert sheet.rows == ((1, ("a", "b", None)),)
