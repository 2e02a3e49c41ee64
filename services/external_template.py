"""The import template of KPK's results: an .xlsx in the documented layout (docs/external-results.md), one row per
item of the period that applies to its pemda, to fill in and upload back.

The sheet "Hasil KPK" has the columns the import reads — **pemda** (the Kemendagri code, filled in), **kode item**
(filled in), **nilai KPK** and **catatan** (empty, for the user) — and three columns the import ignores that help
fill it in: **nama butir**, **OPD** (the OPDs the item is assigned to in the period, "belum ditugaskan" when none)
and **nilai yang sah** (what the item's rule accepts: its steps, 0/1, levels or a range). A row left without a
value and without a note is skipped on import, so the template may be uploaded half filled.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlmodel import col, select

from i18n import format_number, register, t
from indicators import Node
from models.database import session_scope
from models.tables import Assignment, Organisation, Region
from services import deadlines, install, leaf_index
from services.actor import Actor
from services.assignments import applicable_codes
from services.external_sheet import HEADER_NAMES, SHEET_NAMES
from services.permissions import require

register(
    {
        "external.template.unassigned": {"id": "belum ditugaskan", "en": "not assigned"},
        "external.template.range": {"id": "0 sampai {maximum}", "en": "0 to {maximum}"},
    }
)

HEADERS = {
    "pemda": HEADER_NAMES["pemda"],
    "code": HEADER_NAMES["code"],
    "name": "nama butir",
    "opd": "OPD",
    "allowed": "nilai yang sah",
    "value": HEADER_NAMES["value"],
    "note": HEADER_NAMES["note"],
}
"""The template's columns in order and their headers: the documented Indonesian texts the import reads, in any
language of the interface (the import ignores "nama butir", "OPD" and "nilai yang sah")."""
WIDTHS = {"pemda": 10, "code": 14, "name": 60, "opd": 24, "allowed": 22, "value": 12, "note": 40}
SHOWN_VALUES = 12


def template_name(period_name: str) -> str:
    """The template's file name: ``templat-hasil-kpk-<period>.xlsx`` (``DATA-DEMO-`` first on a demo)."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in period_name.lower()).split())
    return install.exported_name(f"templat-hasil-kpk-{slug}.xlsx")


def external_template(actor: Actor, *, period_id: int) -> tuple[str, bytes]:
    """(file name, .xlsx) of the period's import template: its items with their names, OPDs and allowed values,
    the value and note columns empty."""
    require(actor, "import_external_results")
    with session_scope(write=False) as session:
        period = deadlines.load_period(session, actor, period_id)
        catalog = leaf_index.catalog_of_period(session, period)
        codes = applicable_codes(session, period, catalog)
        region = session.get(Region, period.region_id)
        assert region is not None
        held = session.exec(
            select(Assignment.code, Organisation.abbreviation)
            .join(Organisation, col(Organisation.id) == col(Assignment.organisation_id))
            .where(Assignment.period_id == period_id)
            .order_by(col(Organisation.abbreviation))
        ).all()
        name = period.name
    opds: dict[str, list[str]] = {}
    for code, abbreviation in held:
        opds.setdefault(code, []).append(abbreviation)
    unassigned = t("external.template.unassigned", "id")
    rows: list[list[object]] = [
        [region.kemendagri_code, code, catalog.leaves[code].node.name,
         ", ".join(opds.get(code, [])) or unassigned, _allowed(catalog.leaves[code].node), None, None]
        for code in codes
    ]  # fmt: skip
    return template_name(name), _workbook(rows)


def _allowed(node: Node) -> str:
    """What the leaf's rule accepts, as the template shows it: "0, 50, 100", "0, 1", "1, 2, 3, 4, 5", "0 sampai 100"."""
    assert node.rule is not None
    values = node.rule.allowed_values()
    if values is None:
        return t("external.template.range", "id", maximum=format_number(node.maximum, 0))
    shown = ", ".join(format_number(v, 2 if v % 1 else 0) for v in values[:SHOWN_VALUES])
    return shown + (", …" if len(values) > SHOWN_VALUES else "")


def _workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_NAMES[0]
    sheet.append(list(HEADERS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a name starting with "=" stays text, never a formula
    for index, column in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[column]
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
