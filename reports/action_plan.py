"""The action plan (rencana aksi) as an xlsx workbook: one sheet of actions, one frozen header row with an
autofilter, due dates as real WIT datetimes. Takes a plain frame and the translated headers (reports/ knows no
database); user-typed text a spreadsheet could evaluate stays text (``reports.safety``). Written like the
inspectors' workbook (``reports.xlsx``): the same header look and sheet setup, ``reports.xlsx_writer``."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pandas as pd

import i18n
from reports.safety import is_formula_like
from reports.xlsx import DATETIME_FORMAT, HEADER, table_sheet
from reports.xlsx_writer import Cell, Style, Workbook


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
    columns = list(headers)
    widths = [40 if column in ("title", "name") else 16 for column in columns]
    buffer = io.BytesIO()
    with Workbook(buffer) as book:
        header = book.style(HEADER)
        moment = book.style(Style(DATETIME_FORMAT))
        quoted = book.style(Style(quote_prefix=True))
        sheet = table_sheet(book, title or "Rencana aksi", widths, len(frame))
        sheet.append(Cell(headers[column], header) for column in columns)
        for row in frame.reindex(columns=columns).itertuples(index=False):
            values = [_cell_value(value) for value in row]
            sheet.append(
                Cell(v, moment) if isinstance(v, datetime) else Cell(v, quoted) if is_formula_like(v) else v
                for v in values
            )
    return buffer.getvalue()
