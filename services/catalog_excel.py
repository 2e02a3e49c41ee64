"""Catalog ↔ Excel as a use case: export a stored catalog, re-import the edited workbook as a NEW draft.

Administrators receive each year's indicator book and edit in Excel. A stored catalog never changes in place
(periods were scored against it), so an edited workbook always becomes a new draft under a new key: the key the
administrator typed in the ``Katalog`` sheet when it is new, otherwise the next free ``<base>-vN`` with the
version field set to N. A key that already exists is refused. Before storing, the preview shows what the edit
changes against the catalog the workbook came from (added, removed, renamed, reweighted, moved, rule, evidence
and responsibility changes).

Parsing and row-precise problems come from ``indicators.excel``; storing goes through ``services.catalogs``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlmodel import select

from i18n import LenteraError, register
from indicators import Catalog, CatalogError, CatalogProblem, diff_catalogs, dump_catalog
from indicators.excel import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    SHEETS,
    catalog_from_sheets,
    catalog_to_xlsx,
)
from models.database import session_scope
from models.tables import Catalog as CatalogRow
from services import catalogs
from services.actor import Actor
from services.catalogs import CatalogInfo, CatalogInvalidError, next_free_key
from storage.workbook import Bounds, WorkbookError, read_workbook

__all__ = [
    "CatalogInvalidError",
    "CatalogWorkbookPreview",
    "catalog_from_xlsx",
    "export_catalog_xlsx",
    "import_catalog_xlsx",
    "next_free_key",
    "preview_catalog_xlsx",
    "problems_frame",
]
from services.permissions import require

register(
    {
        "catalog_excel.new_key_taken": {
            "id": "Kunci katalog '{catalog}' sudah dipakai. Katalog yang tersimpan tidak pernah diubah; "
            "pilih kunci baru (misalnya '{suggestion}').",
            "en": "Catalog key '{catalog}' is already taken. Stored catalogs never change; choose a new key "
            "(for example '{suggestion}').",
        },
        "catalog_excel.framework_changed": {
            "id": "Kerangka katalog dalam berkas ({found}) berbeda dengan katalog asal ({expected}).",
            "en": "The workbook's framework ({found}) differs from the catalog it came from ({expected}).",
        },
    }
)

DIFF_COLUMNS = ["code", "change", "old", "new", "detail"]
PROBLEM_COLUMNS = ["sheet", "row", "code", "message"]


@dataclass(frozen=True)
class CatalogWorkbookPreview:
    """What storing the workbook would do: the new key/version and the changes against the base catalog."""

    base_id: int
    base_key: str
    key: str
    version: str
    name: str
    leaves: int
    diff: pd.DataFrame  # DIFF_COLUMNS, change in indicators.diff.CHANGE_KINDS
    counts: dict[str, int]

    @property
    def unchanged(self) -> bool:
        return self.diff.empty


def problems_frame(error: CatalogInvalidError) -> pd.DataFrame:
    """The rejected workbook's problems as rows the UI can show (sheet, row, node code, message)."""
    rows = []
    for problem in error.problems:
        source, _, sheet = problem.source.rpartition(":")
        rows.append(
            {
                "sheet": sheet if source else "",
                "row": problem.line,
                "code": problem.code,
                "message": problem.message,
            }
        )
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS)


def export_catalog_xlsx(actor: Actor, *, catalog_id: int) -> bytes:
    """Any stored catalog as the editable Excel template (admin only)."""
    require(actor, "export_catalog_xlsx")
    return catalog_to_xlsx(catalogs.get_catalog(actor, catalog_id=catalog_id))


def _sheets(content: bytes) -> dict[str, list[tuple[int, tuple[object, ...]]]]:
    """The catalog's sheets, read bounded (``storage.workbook``); raises the translated ``WorkbookError``."""
    bounds = Bounds(rows=MAX_ROWS, columns=MAX_COLUMNS)
    read = read_workbook(
        content,
        sheets=dict.fromkeys(SHEETS, bounds),
        max_bytes=MAX_UNCOMPRESSED_BYTES,
        formulas_as_text=False,
    )
    return {name: list(sheet.rows) for name, sheet in read.items()}


def catalog_from_xlsx(content: bytes, source: str = "katalog.xlsx") -> Catalog:
    """Read a catalog workbook; raise CatalogError naming sheet, row and node code for every problem (a file
    that is no readable workbook is one problem, in the user's language, as the other problems are)."""
    try:
        sheets = _sheets(content)
    except WorkbookError as error:
        raise CatalogError([CatalogProblem(source, None, None, error.message())]) from None
    return catalog_from_sheets(sheets, source)


def _read(content: bytes, filename: str) -> Catalog:
    sheets = _sheets(content)  # a damaged or oversized workbook: its own translated message
    try:
        return catalog_from_sheets(sheets, source=filename)
    except CatalogError as exc:
        raise CatalogInvalidError(exc.problems) from None


def _prepare(
    actor: Actor, catalog_id: int, content: bytes, filename: str, new_key: str | None
) -> tuple[Catalog, CatalogWorkbookPreview]:
    require(actor, "import_catalog_xlsx")
    edited = _read(content, filename)
    with session_scope() as session:
        base_row = session.get(CatalogRow, catalog_id)
        if base_row is None:
            raise LenteraError("catalog.not_found")
        taken = set(session.exec(select(CatalogRow.key)).all())
        base_key = base_row.key
        base_framework = base_row.framework
    base = catalogs.get_catalog(actor, catalog_id=catalog_id)
    if edited.framework != base_framework:
        raise LenteraError("catalog_excel.framework_changed", found=edited.framework, expected=base_framework)
    suggestion, number = next_free_key(base_key, taken)
    key = (new_key or "").strip() or (edited.key if edited.key != base_key else suggestion)
    if key in taken:
        raise LenteraError("catalog_excel.new_key_taken", catalog=key, suggestion=suggestion)
    version = str(number) if key == suggestion and edited.version == base.version else edited.version
    document = catalogs.canonical_document(edited)
    stored = Catalog.model_validate({**document, "key": key, "version": version})
    frame = pd.DataFrame(diff_catalogs(base, stored).rows(), columns=DIFF_COLUMNS)
    counts = {str(k): int(v) for k, v in frame["change"].value_counts().items()}
    preview = CatalogWorkbookPreview(
        base_id=catalog_id,
        base_key=base_key,
        key=key,
        version=version,
        name=stored.name,
        leaves=len(stored.leaves()),
        diff=frame,
        counts=counts,
    )
    return stored, preview


def preview_catalog_xlsx(
    actor: Actor,
    *,
    catalog_id: int,
    content: bytes,
    filename: str = "katalog.xlsx",
    new_key: str | None = None,
) -> CatalogWorkbookPreview:
    """Validate an edited workbook and show its changes against catalog ``catalog_id``; stores nothing.

    Raises ``CatalogInvalidError`` (``problems`` name sheet and row; ``problems_frame`` tabulates them).
    """
    return _prepare(actor, catalog_id, content, filename, new_key)[1]


def import_catalog_xlsx(
    actor: Actor,
    *,
    catalog_id: int,
    content: bytes,
    filename: str = "katalog.xlsx",
    new_key: str | None = None,
) -> CatalogInfo:
    """Store the edited workbook as a new draft catalog (never an in-place change); returns its info."""
    stored, preview = _prepare(actor, catalog_id, content, filename, new_key)
    source = f"{filename} (xlsx, from {preview.base_key})"
    info = catalogs.import_catalog(actor, text=dump_catalog(stored), source=source)
    if not info.created:  # someone stored this very key between the check and the insert
        raise LenteraError("catalog_excel.new_key_taken", catalog=info.key, suggestion=info.key + "-v2")
    return info
