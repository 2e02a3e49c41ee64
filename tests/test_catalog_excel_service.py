"""Catalog ↔ Excel as a service: the admin exports a stored catalog, edits it in Excel, previews the diff, and
stores it as a NEW draft under a new key; the original never changes."""

from __future__ import annotations

import io

import openpyxl
import pytest
from corpus.workbooks import HostileWorkbook, hostile_workbooks
from factories import World, build_world, table_rows

from i18n import LenteraError
from indicators.excel import FIELD_LABELS, HEADERS
from services import catalogs
from services.catalog_excel import (
    CatalogInvalidError,
    export_catalog_xlsx,
    import_catalog_xlsx,
    next_free_key,
    preview_catalog_xlsx,
    problems_frame,
)


@pytest.fixture
def world(db_url: str) -> World:
    return build_world(with_period=False)


def edit(content: bytes, changes: dict[tuple[str, str, str], object]) -> bytes:
    """(sheet, row code or field, column) → new value, located by the first column."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    for (sheet_name, key, column), value in changes.items():
        sheet = book[sheet_name]
        header = [c.value for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            if str(row[0].value) == key:
                row[header.index(HEADERS.get(column, column))].value = value
                break
        else:
            raise AssertionError(key)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def delete_row(content: bytes, sheet_name: str, key: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book[sheet_name]
    for row in sheet.iter_rows(min_row=2):
        if str(row[0].value) == key:
            sheet.delete_rows(row[0].row)
            break
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_edited_workbook_becomes_a_new_draft_version(world: World) -> None:
    content = export_catalog_xlsx(world.admin, catalog_id=world.catalog_id)
    edited = edit(
        content,
        {
            ("Struktur", "2", "name"): "Kebijakan Internal Peta Rencana SPBE (revisi)",
            ("Struktur", "5", "weight"): 2.5,
        },
    )
    edited = delete_row(delete_row(edited, "Struktur", "47"), "Bukti", "47")  # the item and its evidence row
    preview = preview_catalog_xlsx(world.admin, catalog_id=world.catalog_id, content=edited)
    assert (preview.key, preview.version, preview.base_key) == ("spbe-2021-v2", "2", "spbe-2021")
    changes = {(r.code, r.change) for r in preview.diff.itertuples()}
    assert {("2", "renamed"), ("5", "reweighted"), ("47", "removed")} <= changes
    assert preview.counts["removed"] == 1 and preview.leaves == 46

    before = catalogs.get_catalog(world.admin, catalog_id=world.catalog_id)
    info = import_catalog_xlsx(world.admin, catalog_id=world.catalog_id, content=edited)
    assert (info.key, info.status, info.version, info.leaves) == ("spbe-2021-v2", "draft", "2", 46)
    assert catalogs.get_catalog(world.admin, catalog_id=world.catalog_id) == before  # original untouched
    stored = catalogs.get_catalog(world.admin, catalog_id=info.id)
    assert stored.node("2").name.endswith("(revisi)")

    # the same workbook again goes to -v3; a key typed in the Katalog sheet is used when it is new
    assert import_catalog_xlsx(world.admin, catalog_id=world.catalog_id, content=edited).key == "spbe-2021-v3"
    named = edit(edited, {("Katalog", FIELD_LABELS["key"], "value"): "spbe-2026-usulan"})
    assert (
        import_catalog_xlsx(world.admin, catalog_id=world.catalog_id, content=named).key == "spbe-2026-usulan"
    )


def test_an_existing_key_is_refused_and_nothing_is_stored(world: World) -> None:
    content = export_catalog_xlsx(world.admin, catalog_id=world.catalog_id)
    import_catalog_xlsx(world.admin, catalog_id=world.catalog_id, content=content, new_key="spbe-2021-b")
    before = table_rows()
    for key in ("spbe-2021", "spbe-2021-b"):
        with pytest.raises(LenteraError) as caught:
            import_catalog_xlsx(world.admin, catalog_id=world.catalog_id, content=content, new_key=key)
        assert caught.value.key == "catalog_excel.new_key_taken"
        assert "spbe-2021-v2" in caught.value.message()
    assert table_rows() == before


def test_a_broken_workbook_is_rejected_row_by_row(world: World) -> None:
    content = export_catalog_xlsx(world.admin, catalog_id=world.catalog_id)
    broken = edit(content, {("Struktur", "5", "weight"): -1, ("Struktur", "7", "parent_code"): "Z9"})
    before = table_rows()
    with pytest.raises(CatalogInvalidError) as caught:
        import_catalog_xlsx(world.admin, catalog_id=world.catalog_id, content=broken)
    assert caught.value.key == "catalog.invalid" and "masalah" in caught.value.message("id")
    frame = problems_frame(caught.value)
    node_rows = {
        str(r[0].value): r[0].row
        for r in openpyxl.load_workbook(io.BytesIO(broken))["Struktur"].iter_rows(min_row=2)
    }
    located = {(r.sheet, r.row, r.code) for r in frame.itertuples()}
    assert ("Struktur", node_rows["7"], "7") in located  # the parent Z9 does not exist
    assert "Struktur" in set(frame["sheet"]) and all(r > 1 for r in frame["row"])
    assert table_rows() == before


def test_only_admins_export_and_import(world: World) -> None:
    content = export_catalog_xlsx(world.admin, catalog_id=world.catalog_id)
    for actor in (world.focal_a, world.inspector, world.leader):
        with pytest.raises(LenteraError) as caught:
            export_catalog_xlsx(actor, catalog_id=world.catalog_id)
        assert caught.value.key == "perm.denied"
        with pytest.raises(LenteraError):
            import_catalog_xlsx(actor, catalog_id=world.catalog_id, content=content)


def test_next_free_key() -> None:
    assert next_free_key("mcp-2025", {"mcp-2025"}) == ("mcp-2025-v2", 2)
    assert next_free_key("mcp-2025-v2", {"mcp-2025", "mcp-2025-v2", "mcp-2025-v3"}) == ("mcp-2025-v4", 4)


CATALOG_CASES = hostile_workbooks("Katalog", header=("field", "value"), others=("Zona", "Struktur"))


@pytest.mark.parametrize("case", CATALOG_CASES, ids=[case.name for case in CATALOG_CASES])
def test_hostile_workbooks_are_refused_with_a_translated_message(world: World, case: HostileWorkbook) -> None:
    """The catalog import reads through the same bounded reader as the offline sheet (issue 12 #2)."""
    before = table_rows()
    with pytest.raises(LenteraError) as caught:
        preview_catalog_xlsx(world.admin, catalog_id=world.catalog_id, content=case.content)
    if case.reason is None:  # read cheaply; simply not a complete catalog workbook
        assert isinstance(caught.value, CatalogInvalidError)
    else:
        assert caught.value.key == f"workbook.{case.reason}"
        assert caught.value.message("id") != caught.value.message("en")  # translated, not a library's text
    assert table_rows() == before
