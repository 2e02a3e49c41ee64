"""How a value is written in a PDF table cell: Indonesian numbers, "–" for a missing value, ▲/▼ for a rank
change. Shared by the report's sections (``reports.pdf`` and ``reports.pdf_review``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pandas as pd

import i18n


def num(value: object, lang: str, decimals: int = 2) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–"
    return i18n.format_number(float(value), decimals, lang)  # type: ignore[arg-type]


def integer(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–"
    return str(int(value))  # type: ignore[call-overload]


def change(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–"
    number = int(value)  # type: ignore[call-overload]
    return f"▲ {number}" if number > 0 else f"▼ {-number}" if number < 0 else "="


def text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def moment(value: object) -> datetime | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    return None if pd.isna(stamp) else stamp.to_pydatetime()


def columns(frame: pd.DataFrame, *names: str) -> Iterator[tuple[Any, ...]]:
    """The rows of a few columns as plain tuples (``itertuples`` reads every column of the frame, cell by cell)."""
    return zip(*(frame[name].tolist() for name in names), strict=True)
