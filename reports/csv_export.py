"""CSV exports that open correctly in Excel set to Indonesian, and plain CSV for machines.

Two dialects, chosen by ``excel_id``:

- ``excel_id=True`` (default, for people): UTF-8 with a byte-order mark (so Excel detects UTF-8 and "é" survives),
  ``;`` as separator and a decimal comma ("2,69"), which is what Excel in an Indonesian locale expects when the
  file is double-clicked; moments as ``YYYY-MM-DD HH:MM`` in WIT, which Excel turns into dates.
- ``excel_id=False`` (for machines and other tools): UTF-8 without BOM, ``,`` separator, decimal point, moments
  in ISO 8601 with their ``+09:00`` offset.

In both, text a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``, tab, CR) gets a leading
apostrophe (``reports.safety.neutralise``). That changes the text a machine reads; it is the accepted price of
a file that may be opened by a person.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import i18n
from reports.data import Progress, no_progress
from reports.safety import neutralise


def _moments(series: pd.Series, excel_id: bool) -> pd.Series:
    local = pd.to_datetime(series, utc=True, errors="coerce").dt.tz_convert(i18n.WIT)
    text = local.dt.strftime("%Y-%m-%d %H:%M") if excel_id else local.map(lambda m: m.isoformat())
    return text.where(local.notna(), "")


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float | np.number)
        and not isinstance(value, bool | np.bool_)
        and value == value
    )


def _number(value: object, excel_id: bool, decimals: int | None) -> str:
    """A number inside a text column, written as the dialect writes a number column (decimal comma or point)."""
    number = float(value)  # type: ignore[arg-type]
    text = str(round(number, decimals) if decimals is not None else number)
    return text.replace(".", ",") if excel_id else text


def build_csv(
    frame: pd.DataFrame,
    *,
    excel_id: bool = True,
    decimals: int | None = None,
    progress: Progress | None = None,
) -> bytes:
    """``frame`` as CSV bytes in the chosen dialect; ``decimals`` rounds float columns when given."""
    report = progress or no_progress
    report(0.0, i18n.t("report.progress.saving"))
    out = pd.DataFrame(index=frame.index)
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            out[name] = _moments(column, excel_id)
        elif pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column):
            out[name] = (
                column.round(decimals) if decimals is not None and column.dtype.kind == "f" else column
            )
        else:
            values = column.astype(object)
            if values.map(lambda v: hasattr(v, "tzinfo") and hasattr(v, "hour")).any():
                out[name] = _moments(values, excel_id)
            else:  # text, or numbers with a word where there is none ("belum ada"): numbers in the dialect
                out[name] = values.map(
                    lambda v: _number(v, excel_id, decimals) if _is_number(v) else neutralise(v)
                )
    out.columns = [str(neutralise(str(c))) for c in out.columns]
    text = out.to_csv(
        index=False,
        sep=";" if excel_id else ",",
        decimal="," if excel_id else ".",
        lineterminator="\r\n" if excel_id else "\n",
    )
    report(1.0, i18n.t("report.progress.done"))
    return ("\ufeff" + text).encode("utf-8") if excel_id else text.encode("utf-8")
