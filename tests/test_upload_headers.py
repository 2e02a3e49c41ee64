"""Tables that appear only after an upload have words as headers, in the language chosen: a rejected catalog's
problems, an imported draft's diff, the catalog and offline Excel round trips. Each case works on a private copy
of the demo (``role_demo_copy``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_driver import errors, open_panels, open_url, raw_headers, table_headers
from demo_scope import Demo
from streamlit.testing.v1 import AppTest

from i18n import t
from indicators.excel import HEADERS
from models.tables import Role
from ui.navigation import HOME

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie

BROKEN_CATALOG = (
    "key: rusak\nname: Rusak\nframework: spbe\nyear: 2026\nversion: 1\nzones: []\nnodes:\n  - code: A\n"
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _edit_first_row(content: bytes, sheet_name: str, changes: dict[str, object]) -> bytes:
    """The workbook with the first data row of ``sheet_name`` changed (header → new value), as Excel would save it."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book[sheet_name]
    header = [
        cell.value for cell in sheet[1]
    ]  # the template prints Indonesian headers (indicators.excel.HEADERS)
    for column, value in changes.items():
        sheet.cell(2, header.index(HEADERS.get(column, column)) + 1).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _switch_language(at: AppTest, language: str) -> AppTest:
    return at.selectbox(key="language_select").set_value(language).run() if language != "id" else at


def _upload(at: AppTest, key: str, name: str, data: bytes, mime: str) -> list[str]:
    """Upload a file as the user and return the table headers of the page that results."""
    at.file_uploader(key=key).set_value((name, data, mime))
    at.run()
    assert not at.exception, errors(at)
    return table_headers(at)


@pytest.mark.parametrize("language", ["id", "en"])
def test_catalog_uploads_show_translated_headers(role_demo_copy: Demo, language: str) -> None:
    """A rejected catalog's problems, an imported draft's diff and the Excel round trip's tables have words as
    headers, in the language chosen."""
    from services.catalog_excel import export_catalog_xlsx

    admin = role_demo_copy.actors["admin"]
    at = _switch_language(open_url(admin, "katalog"), language)
    headers = _upload(at, "catalog_upload", "rusak.yaml", BROKEN_CATALOG.encode(), "application/x-yaml")
    assert t("ui.col.problem", language) in headers
    assert raw_headers(at) == []

    shipped = (
        Path(__file__).resolve().parent.parent / "indicators" / "catalogs" / "spbe-2021.yaml"
    ).read_text()
    renamed = shipped.replace("key: spbe-2021", "key: spbe-2021-v2", 1).replace(
        "name: Domain Kebijakan Internal SPBE", "name: Domain Kebijakan SPBE", 1
    )
    _upload(at, "catalog_upload", "spbe-v2.yaml", renamed.encode(), "application/x-yaml")
    at.button(key="catalog_import").click().run()
    assert not at.exception, errors(at)
    headers = table_headers(at)
    assert t("ui.col.change", language) in headers  # the draft's diff against the active SPBE catalog
    assert raw_headers(at) == []

    open_panels(at)
    picked = at.selectbox(key="catalog_excel_pick").value
    assert picked is not None
    catalog_id = int(picked)
    workbook = export_catalog_xlsx(admin, catalog_id=catalog_id)
    upload_key = f"catalog-up-{catalog_id}"
    _upload(
        at, upload_key, "katalog.xlsx", _edit_first_row(workbook, "Struktur", {"name": "Nama baru"}), XLSX
    )
    assert t("ui.col.change", language) in table_headers(at)
    assert raw_headers(at) == []
    _upload(at, upload_key, "katalog.xlsx", _edit_first_row(workbook, "Struktur", {"weight": -1}), XLSX)
    assert at.error and t("ui.col.sheet", language) in table_headers(at)
    assert raw_headers(at) == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_offline_sheet_preview_shows_translated_headers(role_demo_copy: Demo, language: str) -> None:
    """The offline sheet's preview of changes and its list of problems have words as headers, ids left out."""
    import io

    import openpyxl

    from services.offline import offline_sheet

    actor = role_demo_copy.actors["fp.bpkad"]
    at = open_url(actor, HOME[Role.focal_point])
    open_panels(_switch_language(at, language))
    period_id = int(at.session_state["period_id"])
    assert actor.organisation_id is not None
    sheet = offline_sheet(actor, period_id=period_id, organisation_id=actor.organisation_id)
    header = [cell.value for cell in openpyxl.load_workbook(io.BytesIO(sheet))["Isian"][1]]
    note, value = header[header.index("catatan")], header[header.index("nilai mandiri")]

    _upload(
        at,
        f"offline-up-{period_id}",
        "isian.xlsx",
        _edit_first_row(sheet, "Isian", {note: "Dari Excel"}),
        XLSX,
    )
    assert t("ui.col.new_note", language) in table_headers(at)
    assert raw_headers(at) == []
    _upload(
        at, f"offline-up-{period_id}", "isian.xlsx", _edit_first_row(sheet, "Isian", {value: "banyak"}), XLSX
    )
    assert at.error and t("ui.col.problem", language) in table_headers(at)
    assert raw_headers(at) == []
