"""Catalogs travel as Excel workbooks: export, edit in Excel, import back with row-precise errors."""

from __future__ import annotations

import io

import openpyxl
import pytest

from indicators import CatalogError, available_catalogs, diff_catalogs, load_catalog
from indicators.excel import catalog_to_xlsx
from services.catalog_excel import catalog_from_xlsx


def _edit(content: bytes, edits: dict[tuple[str, str], object]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(content))
    for (sheet, cell), value in edits.items():
        book[sheet][cell] = value
        if isinstance(value, str):
            book[sheet][cell].data_type = "s"  # typed as text, as Excel does for a leading apostrophe
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _row_of(content: bytes, code: str) -> int:
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Struktur"]
    for row in sheet.iter_rows(min_row=2):
        if str(row[0].value) == code:
            return row[0].row
    raise AssertionError(code)


@pytest.mark.parametrize("key", available_catalogs())
def test_every_shipped_catalog_round_trips_through_excel(key: str) -> None:
    """Exporting a catalog to Excel and importing it back gives the same catalog."""
    catalog = load_catalog(key)
    assert catalog_from_xlsx(catalog_to_xlsx(catalog)) == catalog


def test_header_rows_are_frozen_and_names_stay_text() -> None:
    """The template opens with frozen headers, and a formula-looking name is stored as text."""
    catalog = load_catalog("spbe-2021")
    content = catalog_to_xlsx(catalog)
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book["Struktur"].freeze_panes == "A2"
    row = _row_of(content, "1")
    edited = _edit(content, {("Struktur", f"C{row}"): '=HYPERLINK("http://x")'})
    imported = catalog_from_xlsx(edited)
    assert imported.node("1").name == '=HYPERLINK("http://x")'
    reexported = openpyxl.load_workbook(io.BytesIO(catalog_to_xlsx(imported)))["Struktur"]
    assert reexported[f"C{row}"].data_type == "s"


def test_edits_show_up_in_the_diff_as_a_new_version() -> None:
    """Renaming and reweighting in Excel come back as a catalog whose diff lists exactly those changes."""
    catalog = load_catalog("spbe-2021")
    content = catalog_to_xlsx(catalog)
    row = _row_of(content, "11")
    edited = _edit(
        content,
        {
            ("Struktur", f"C{row}"): "Arsitektur SPBE (baru)",
            ("Struktur", f"E{row}"): 5,
            ("Katalog", "B7"): "2",
        },
    )
    new = catalog_from_xlsx(edited)
    diff = diff_catalogs(catalog, new)
    assert [c.code for c in diff.renamed] == ["11"]
    assert [(c.code, c.old, c.new) for c in diff.reweighted] == [("11", "2.5", "5")]
    assert new.version == "2" and not diff.added and not diff.removed


def test_errors_name_sheet_row_and_code() -> None:
    """A negative weight and an unknown rule are each reported with the sheet, the row and the node code."""
    content = catalog_to_xlsx(load_catalog("spbe-2021"))
    row_2, row_3 = _row_of(content, "2"), _row_of(content, "3")
    edited = _edit(content, {("Struktur", f"E{row_2}"): -1, ("Struktur", f"G{row_3}"): "stars"})
    with pytest.raises(CatalogError) as caught:
        catalog_from_xlsx(edited, source="mcp-baru.xlsx")
    problems = {(p.source, p.line, p.code) for p in caught.value.problems}
    assert ("mcp-baru.xlsx:Struktur", row_2, "2") in problems
    assert ("mcp-baru.xlsx:Struktur", row_3, "3") in problems
    assert "Bobot: bobot harus lebih dari 0 (tertulis -1.0)" in str(caught.value)
    assert "Aturan nilai: aturan nilai 'stars' tidak dikenal" in str(caught.value)


def test_a_workbook_with_the_old_node_sheet_name_still_imports() -> None:
    """Workbooks exported before the tree sheet was called "Struktur" (its old name "Node") import unchanged;
    their problems name the sheet as the workbook does."""
    catalog = load_catalog("spbe-2021")
    book = openpyxl.load_workbook(io.BytesIO(catalog_to_xlsx(catalog)))
    book["Struktur"].title = "Node"
    buffer = io.BytesIO()
    book.save(buffer)
    assert catalog_from_xlsx(buffer.getvalue()) == catalog
    weight = [str(c.value) for c in book["Node"][1]].index("Bobot") + 1
    book["Node"].cell(3, weight).value = -1
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(CatalogError) as caught:
        catalog_from_xlsx(buffer.getvalue(), source="lama.xlsx")
    assert [(p.source, p.line) for p in caught.value.problems] == [("lama.xlsx:Node", 3)]


def test_duplicate_code_and_orphan_parent_are_reported_by_row() -> None:
    """A code used twice and a parent that does not exist point at their rows."""
    content = catalog_to_xlsx(load_catalog("spbe-2021"))
    row_5, row_6 = _row_of(content, "5"), _row_of(content, "6")
    edited = _edit(content, {("Struktur", f"A{row_5}"): "4", ("Struktur", f"B{row_6}"): "A99"})
    with pytest.raises(CatalogError) as caught:
        catalog_from_xlsx(edited)
    lines = {(p.line, p.code) for p in caught.value.problems if p.source.endswith(":Struktur")}
    assert (row_5, "4") in lines and (row_6, "6") in lines


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a zip", "bukan lembar kerja Excel"), (b"", "bukan lembar kerja Excel")],
)
def test_garbage_is_refused(content: bytes, message: str) -> None:
    """Bytes that are not a workbook are refused with a clear message."""
    with pytest.raises(CatalogError, match=message):
        catalog_from_xlsx(content)


def test_missing_sheet_is_refused() -> None:
    """A workbook without the Struktur sheet names what is missing."""
    book = openpyxl.Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(CatalogError, match="Lembar 'Katalog' tidak ada"):
        catalog_from_xlsx(buffer.getvalue())


def test_the_template_speaks_indonesian_and_its_errors_name_sheet_and_row() -> None:
    """Headers and field names are Indonesian words (no ``parent_code``); a parent that does not exist is
    reported in Indonesian on its sheet and row."""
    content = catalog_to_xlsx(load_catalog("spbe-2021"))
    book = openpyxl.load_workbook(io.BytesIO(content))
    headers = [str(cell.value) for name in book.sheetnames for cell in book[name][1]]
    fields = [str(row[0].value) for row in book["Katalog"].iter_rows(min_row=2)]
    assert "Kode induk" in headers and "Kunci katalog" in fields
    assert [h for h in [*headers, *fields] if "_" in h or h == h.lower()] == []
    node = book["Struktur"]
    parent = [str(c.value) for c in node[1]].index("Kode induk") + 1
    node.cell(3, parent).value = "Z9"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(CatalogError) as caught:
        catalog_from_xlsx(buffer.getvalue(), source="spbe.xlsx")
    found = {(p.source, p.line, p.message) for p in caught.value.problems}
    assert ("spbe.xlsx:Struktur", 3, "kode induk 'Z9' harus ada di baris sebelumnya") in found
    assert ("spbe.xlsx:Bukti", 2, "kode butir tidak dikenal") in found  # its evidence row, now orphaned
