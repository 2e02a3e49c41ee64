"""The inspectors' workbook: summary, three stages, area matrix, item detail, evidence register and review log.

Written by ``reports.xlsx_writer``, which streams rows into the file as text instead of building cell objects,
so a national workbook (hundreds of thousands of cells) stays fast and small in memory. Every table starts at A1 with
one frozen header row and an autofilter, so it reads well and sorts, filters and pivots without cleanup; the
title, period and zone legend sit on their own "Keterangan" sheet.

Numbers are real numbers with a ``0.00`` format (Excel shows the reader's locale decimals itself), moments are
real datetimes in WIT, document dates are real dates. User-typed text that a spreadsheet could read as a formula
stays a string cell with Excel's quote-prefix flag (see ``reports.safety``).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

import i18n
import reports.method  # noqa: F401  (registers the "Cara menghitung" words)
from i18n import label, status_label
from indicators import ROOT_CODE
from reports import views
from reports.data import Progress, ReportData, no_progress
from reports.safety import is_formula_like
from reports.text import t
from reports.xlsx_columns import (
    EVIDENCE,
    EXTERNAL_ITEMS,
    ITEM_STAGES,
    ITEMS,
    REVIEWS,
    STAGES,
    SUMMARY,
    Column,
)
from reports.xlsx_writer import Cell, Sheet, Style, Workbook, cell_tail, column_letter
from vocabulary import Decision

NUMBER_FORMAT = "0.00"
INTEGER_FORMAT = "0"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"
HEADER = Style(bold=True, font_color="FFFFFF", fill="1F3864", wrap_top=True)
NUMBER_FORMATS = {
    "number": NUMBER_FORMAT, "integer": INTEGER_FORMAT, "datetime": DATETIME_FORMAT, "date": DATE_FORMAT,
}  # fmt: skip
"""A column kind's number format; the other kinds are General."""


# -- value conversion ------------------------------------------------------------------------------------------


def _clean(value: Any) -> Any:
    """A Python value the writer takes: NaN/NA → None, numpy → Python."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, str):
        return value
    if hasattr(value, "item") and not isinstance(value, datetime | date):
        return value.item()
    return value


def _wit_naive(series: pd.Series) -> list[datetime | None]:
    """Moments as naive WIT datetimes (Excel has no time zones); naive input is UTC."""
    moments = pd.to_datetime(series, utc=True, errors="coerce").dt.tz_convert(i18n.WIT).dt.tz_localize(None)
    return [None if pd.isna(m) else m.to_pydatetime() for m in moments]


def _dates(series: pd.Series) -> list[date | None]:
    days = pd.to_datetime(series, errors="coerce")
    return [None if pd.isna(d) else d.date() for d in days]


def _prepare(frame: pd.DataFrame, columns: Sequence[Column]) -> list[tuple[list[Any], list[Any] | None, str]]:
    """Per sheet column: its values converted once per column (fast), its zone fills (None without) and its
    kind."""
    prepared: list[tuple[list[Any], list[Any] | None, str]] = []
    for column in columns:
        source = frame[column.field] if column.field in frame else pd.Series([None] * len(frame))
        values: list[Any]
        if column.kind == "datetime":
            values = _wit_naive(source)
        elif column.kind == "date":
            values = _dates(source)
        elif column.kind in ("number", "integer"):
            numbers = pd.to_numeric(source, errors="coerce").astype("float64")
            convert = int if column.kind == "integer" else float
            values = [n if n != n else convert(n) for n in numbers]  # NaN: an empty cell keeping its format
        else:
            values = [_clean(v) for v in source.astype(object)]
        fills = [_clean(v) for v in frame[column.fill].astype(object)] if column.fill else None
        prepared.append((values, fills, column.kind))
    return prepared


# -- writing ---------------------------------------------------------------------------------------------------


class _Styler:
    """A cell's style index by its column kind and zone colour, each look registered once per workbook."""

    def __init__(self, wb: Workbook, data: ReportData):
        self.wb = wb
        self.data = data
        self._styles: dict[tuple[str, str | None], int] = {}

    def _style(self, kind: str, color: str | None) -> int:
        key = (kind, color)
        if key not in self._styles:
            rgb = color.lstrip("#").upper() if color else None
            self._styles[key] = self.wb.style(
                Style(
                    number_format=NUMBER_FORMATS.get(kind, "General"),
                    quote_prefix=kind == "formula_text",
                    fill=rgb,
                    font_color=("FFFFFF" if _is_dark(rgb) else "000000") if rgb else None,
                )
            )
        return self._styles[key]

    def cell(self, value: Any, kind: str, zone: Any = None) -> Any:
        """The value as ``Sheet.append`` takes it: a ``Cell`` with the style its kind and zone give it, or the
        plain value when it needs none."""
        style = self.style_of(value, kind, zone)
        return Cell(value, style) if style else value

    def style_of(self, value: Any, kind: str, zone: Any = None) -> int:
        if kind == "mixed":
            kind = "number" if isinstance(value, int | float) else "text"
        color = self.data.zone_color(zone) if zone is not None else None
        if isinstance(value, str) and is_formula_like(value):
            kind = "formula_text"
        if (value is None or kind == "text") and color is None:
            return 0
        return self._style(kind, color)

    def column(self, values: list[Any], fills: list[Any] | None, kind: str) -> list[str]:
        """A table column's cells as ``cell_tail``s; one style lookup for a column of numbers or moments
        without zone colours, where every cell looks the same."""
        if fills is None and kind in NUMBER_FORMATS:
            style = self._style(kind, None)
            return ["" if value is None else cell_tail(value, style) for value in values]  # None: no cell
        zones = fills or [None] * len(values)
        return [
            cell_tail(value, self.style_of(value, kind, zone))
            for value, zone in zip(values, zones, strict=True)
        ]


def _is_dark(color: str) -> bool:
    hex_ = color.lstrip("#")
    if len(hex_) != 6:
        return False
    r, g, b = (int(hex_[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


def _header(wb: Workbook, ws: Sheet, columns: Sequence[Column], lang: str, reviewer: str) -> None:
    style = wb.style(HEADER)
    ws.append(
        Cell(t(c.header, lang, reviewer=reviewer) if c.header.startswith("report.") else c.header, style)
        for c in columns
    )


ROWS_PER_TICK = 2000
"""Rows written between two progress reports."""

LANDSCAPE_FROM = 100
"""Column widths (characters) above which a sheet prints landscape: about what fits across portrait A4."""


def table_sheet(wb: Workbook, title: str, widths: Sequence[float], rows: int | None) -> Sheet:
    """A sheet that, printed, fits the page's width (as many pages down as it needs), repeats its header row on
    every page, and turns landscape when its columns are wider than portrait A4; with an autofilter over
    ``rows`` data rows below the header (none when None or 0)."""
    autofilter = f"A1:{column_letter(len(widths))}{rows + 1}" if rows else None
    return wb.add_sheet(
        title[:31], widths=widths, landscape=sum(widths) > LANDSCAPE_FROM, autofilter=autofilter
    )


def _table(
    wb: Workbook,
    data: ReportData,
    title: str,
    columns: Sequence[Column],
    frame: pd.DataFrame,
    tick: Callable[[float], None],
) -> None:
    ws = table_sheet(wb, title, [column.width for column in columns], len(frame))
    _header(wb, ws, columns, data.language, data.reviewer_label)
    styler = _Styler(wb, data)
    if "entity" in frame.columns:  # shown as its code or abbreviation, never as the internal id
        frame = frame.assign(entity_code=frame["entity"].astype(str).map(views.entity_codes(data)))
    cells = [styler.column(values, fills, kind) for values, fills, kind in _prepare(frame, columns)]
    total = max(len(frame), 1)
    for start in range(0, len(frame), ROWS_PER_TICK):
        tick(start / total)
        ws.extend([column[start : start + ROWS_PER_TICK] for column in cells])


# -- the sheets ------------------------------------------------------------------------------------------------


def _summary_frame(data: ReportData) -> pd.DataFrame:
    frame = views.summary(data)
    frame["group_label"] = frame["group"].map(lambda g: t(f"report.group.{g}", data.language))
    frame["zone"] = frame["zone"].astype(object)
    return frame


def _item_stages_frame(data: ReportData) -> pd.DataFrame:
    """The pemda's items on the three stages; KPK's cell says "belum ada" where KPK has published none."""
    frame = views.item_stages(data)
    frame["kpk_shown"] = views.external_shown(data, frame["kpk_value"])
    return frame


def _stages_frame(data: ReportData) -> pd.DataFrame:
    frame = views.stage_detail(data)
    frame["group_label"] = frame["group"].map(lambda g: t(f"report.group.{g}", data.language))
    return frame


def _matrix(data: ReportData) -> tuple[list[Column], pd.DataFrame]:
    scores, zones = views.area_matrix(data)
    summary = views.summary(data).set_index("entity")
    frame = pd.DataFrame(
        {"entity": scores.index, "name": summary["name"].reindex(scores.index).to_numpy(),
         "kind": summary["kind"].reindex(scores.index).to_numpy()}
    )  # fmt: skip
    names = views.node_names(data)
    columns = [
        Column("report.col.entity_code", "entity_code", width=14),
        Column("report.col.name", "name", width=44),
        Column("report.col.kind", "kind", width=11),
    ]
    for code in scores.columns:
        frame[f"s_{code}"] = scores[code].to_numpy()
        frame[f"z_{code}"] = zones[code].astype(object).to_numpy()
        header = (
            t("report.col.total", data.language) if code == ROOT_CODE else f"{code} {names.get(code, '')}"
        )
        columns.append(Column(header, f"s_{code}", "number", 16, fill=f"z_{code}"))
    return columns, frame


def _about(wb: Workbook, data: ReportData) -> None:
    lang = data.language
    ws = table_sheet(wb, t("report.sheet.about", lang), [26, 90], None)
    _header(wb, ws, [Column("report.col.key", ""), Column("report.col.value", "")], lang, data.reviewer_label)
    styler = _Styler(wb, data)
    rows: list[tuple[str, Any]] = [
        (t("report.about.title", lang), data.title),
        (t("report.about.period", lang), data.period),
        (t("report.about.catalog", lang), data.catalog_name),  # its name, not its key
        (t("report.about.scale", lang), f"0–{i18n.format_number(data.scale_max, 0, lang)}"),
        (t("report.about.generated", lang), i18n.format_datetime(data.generated_at, lang)),
        (t("report.about.provenance", lang), views.without_catalog_key(data, data.provenance_note)),
        (t("report.about.marks", lang), ", ".join(data.marks) or "–"),
        *([(t("report.col.rank_change", lang), data.rank_note)] if data.rank_note else []),
        *((t("report.about.trend_sources", lang), line) for line in data.trend_sources),
        ("", t("report.about.timezone", lang)),
    ]
    for key, value in rows:
        ws.append([styler.cell(_clean(key), "text"), styler.cell(_clean(value), "text")])
    if data.method:
        ws.append([])
        ws.append([t("method.title", lang)])
        for heading, text in data.method:
            ws.append([styler.cell(_clean(heading), "text"), styler.cell(_clean(text), "text")])
    ws.append([])
    ws.append([t("report.about.zones", lang)])
    for zone in data.zones:
        band = f"{i18n.format_number(zone['min'], 2, lang)} – {i18n.format_number(zone['max'], 2, lang)}"
        ws.append([styler.cell(zone["name"], "text", zone["name"]), band])


def build_xlsx(data: ReportData, progress: Progress | None = None) -> bytes:
    """The workbook as bytes: Ringkasan, Tahapan Nilai and Tahapan per Butir (a report of a period: stages and
    KPK's results), Matriks Area, Rincian Item, Register Bukti, Log Reviu, Keterangan."""
    data.validate()
    report = progress or no_progress
    lang = data.language
    buffer = io.BytesIO()
    with Workbook(buffer) as wb:  # finished when every sheet is written; released, not finished, on an error
        entity_names = dict(zip(data.entities["entity"].astype(str), data.entities["name"], strict=False))

        steps: list[tuple[str, Callable[[], tuple[list[Column], pd.DataFrame]]]] = [
            ("report.sheet.summary", lambda: (SUMMARY, _summary_frame(data))),
            ("report.sheet.matrix", lambda: _matrix(data)),
            ("report.sheet.items", lambda: _items_sheet(data)),
            ("report.sheet.evidence", lambda: (EVIDENCE, _evidence_frame(data, entity_names))),
            ("report.sheet.reviews", lambda: (REVIEWS, _reviews_frame(data))),
        ]
        weights = [0.05, 0.05, 0.45, 0.25, 0.15]
        if not data.stages.empty:  # a report built from a period: self → reviu → KPK with the gaps
            steps.insert(1, ("report.sheet.stages", lambda: (STAGES, _stages_frame(data))))
            weights = [0.05, 0.03, 0.05, 0.42, 0.25, 0.15]
        if data.subject is not None and not (data.stages.empty and data.external.empty):
            steps.insert(2, ("report.sheet.item_stages", lambda: (ITEM_STAGES, _item_stages_frame(data))))
            weights = [*weights[:2], 0.03, *weights[2:-1], weights[-1] - 0.03]
        done = 0.0
        for (key, build), weight in zip(steps, weights, strict=True):
            name = t(key, lang)
            report(done, t("report.progress.sheet", lang, name=name))
            columns, frame = build()

            def tick(fraction: float, start: float = done, span: float = weight, label: str = name) -> None:
                report(start + span * fraction, t("report.progress.sheet", lang, name=label))

            _table(wb, data, name, columns, frame, tick)
            done += weight
        _about(wb, data)
        report(0.97, t("report.progress.saving", lang))
    report(1.0, t("report.progress.done", lang))
    return buffer.getvalue()


def _items_sheet(data: ReportData) -> tuple[list[Column], pd.DataFrame]:
    """Rincian Item; with the external index values (typed, verified) beside their levels when the period has
    any."""
    frame = _items_frame(data)
    by_field = {c.field: c for c in (*ITEMS, *EXTERNAL_ITEMS)}
    return [by_field[f] for f in views.with_external_values([c.field for c in ITEMS], frame)], frame


def _items_frame(data: ReportData) -> pd.DataFrame:
    frame = views.item_detail(data)
    frame["status_label"] = frame["status"].map(lambda s: status_label(s, data.language, capital=True))
    return frame


def _evidence_frame(data: ReportData, entity_names: dict[str, str]) -> pd.DataFrame:
    frame = data.evidence.copy()
    frame["entity"] = frame["entity"].astype(str)
    frame["entity_name"] = frame["entity"].map(entity_names)
    return frame.sort_values(["entity", "uploaded_at"], kind="stable")


def _reviews_frame(data: ReportData) -> pd.DataFrame:
    frame = views.reviews_detail(data)
    frame["decision_label"] = frame["decision"].map(lambda d: label(d, data.language, kind=Decision))
    return frame
