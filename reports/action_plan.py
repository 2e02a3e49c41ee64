"""The action plan (rencana aksi) as an xlsx workbook: one sheet of actions, one frozen header row with an
autofilter, due dates as real WIT datetimes. Takes a plain frame and the translated headers (reports/ knows no
database); user-typed text a spreadsheet could evaluate stays text (``reports.safety``)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

import i18n
from reports.safety import is_formula_like

DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def _cell_value(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return i18n.to_wit(value).replace(tzinfo=None)  # Excel has no time zones: WIT, as the header says
    if hasattr(value, "item"):
        return value.item()
    return value


def build_action_plan_xlsx(frame: pd.DataFrame, *, headers: Mapping[str, str], title: str) -> bytes:
    """``headers``: frame column → header text, in sheet order; ``title`` names the sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31] or "Rencana aksi"
    columns = list(headers)
    sheet.append([headers[c] for c in columns])
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for _, row in frame.iterrows():
        sheet.append([_cell_value(row.get(c)) for c in columns])
    for number, column in enumerate(columns, start=1):
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = 40 if column in ("title", "name") else 16
        for cell in sheet[letter][1:]:
            if isinstance(cell.value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
    sheet.freeze_panes = "A2"
    if len(frame):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(frame) + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
