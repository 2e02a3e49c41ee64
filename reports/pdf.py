"""The printed report (A4, Bahasa Indonesia): cover, summary, charts, one page per OPD, the gap list and a
"Berita Acara Verifikasi" per OPD with signature blocks.

fpdf2 writes the PDF directly (no browser, no HTML); DejaVu Sans, which ships inside matplotlib, is embedded and
subset so "≥", "–", "é" and every name with diacritics print and can be searched and copied. Tables are drawn
cell by cell with a cheap width check instead of fpdf2's generic table layout, because a national report has
hundreds of thousands of cells; long indicator names wrap onto up to three lines.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import matplotlib
import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos

import i18n
from reports import charts, views
from reports.data import Progress, ReportData
from reports.text import decision_label, t

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FAMILY = "dejavu"
MARGIN = 15.0
LINE = 4.2
INK = (33, 37, 41)
HEADER_BG = (31, 56, 100)
MUTED = (110, 110, 110)
CHART_LIMIT = 40
HEATMAP_LIMIT = 60
GAP_LIMIT = 40


@dataclass(frozen=True)
class Col:
    header: str
    width: float
    align: str = "L"


def _noop(_fraction: float, _message: str) -> None:
    return None


def _rgb(color: str | None) -> tuple[int, int, int] | None:
    if not color:
        return None
    hex_ = color.lstrip("#")
    if len(hex_) != 6:
        return None
    return int(hex_[0:2], 16), int(hex_[2:4], 16), int(hex_[4:6], 16)


def _dark(rgb: tuple[int, int, int]) -> bool:
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] < 140


def _png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


class _Pdf(FPDF):
    def __init__(self, data: ReportData):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.data = data
        self.lang = data.language
        self._widths: dict[tuple[str, str, float, str], float] = {}
        for style, file in (
            ("", "DejaVuSans.ttf"),
            ("B", "DejaVuSans-Bold.ttf"),
            ("I", "DejaVuSans-Oblique.ttf"),
        ):
            self.add_font(FAMILY, style, str(FONT_DIR / file))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.set_title(data.title)
        self.set_creator("Lentera")
        self.set_lang("id-ID" if self.lang == "id" else "en")
        self.set_text_color(*INK)

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(FAMILY, "", 7)
        self.set_text_color(*MUTED)
        width = self.epw / 2
        self.cell(width, 5, self._fit(self.data.title, width - 2), align="L")
        self.cell(width, 5, t("report.pdf.page", self.lang, page=self.page_no()), align="R")
        self.set_text_color(*INK)

    # -- text helpers ------------------------------------------------------------------------------------------

    def width(self, text: str) -> float:
        """``get_string_width``, memoised: indicator and OPD names repeat on every unit page, and measuring text
        is most of fpdf2's work in a large report."""
        key = (self.font_family, self.font_style, self.font_size_pt, text)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = self.get_string_width(text)
        return found

    def _fit(self, text: str, width: float) -> str:
        if self.width(text) <= width:
            return text
        low, high = 0, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if self.width(text[:middle] + "…") <= width:
                low = middle
            else:
                high = middle - 1
        return text[:low] + "…"

    def _wrap(self, text: str, width: float, max_lines: int = 3) -> list[str]:
        lines: list[str] = []
        for paragraph in text.split("\n"):
            if self.width(paragraph) <= width:
                lines.append(paragraph)
                continue
            current = ""
            for word in paragraph.split(" "):
                candidate = f"{current} {word}".strip()
                if self.width(candidate) <= width or not current:
                    current = candidate
                else:
                    lines.append(current)
                    current = word
            lines.append(current)
        if len(lines) > max_lines:
            lines = [*lines[: max_lines - 1], self._fit(" ".join(lines[max_lines - 1 :]), width)]
        return [self._fit(line, width) for line in lines]

    def put(self, x: float, top: float, width: float, text: str, align: str = "L") -> None:
        """One line of text in the box [x, x + width] whose top is ``top``. ``FPDF.text`` is several times
        cheaper than ``cell``, which matters at hundreds of thousands of table cells."""
        if not text:
            return
        if align != "L":
            room = width - self.width(text)
            x += room if align == "R" else room / 2
        self.text(x, top + self.font_size * 0.8, text)

    def lines(self, text: str, size: float = 9, style: str = "", align: str = "L") -> None:
        """A paragraph: wrapped, page-breaking, no table."""
        self.set_font(FAMILY, style, size)
        height = self.font_size * 1.35
        for line in self._wrap(text, self.epw, max_lines=200):
            self.ensure(height)
            self.put(self.l_margin, self.get_y(), self.epw, line, align)
            self.set_y(self.get_y() + height)

    def heading(self, text: str, size: float = 14) -> None:
        self.lines(text, size, "B")
        self.ln(2)

    def paragraph(self, text: str, size: float = 9, style: str = "") -> None:
        self.lines(text, size, style)
        self.ln(1)

    def ensure(self, height: float) -> None:
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    # -- tables ------------------------------------------------------------------------------------------------

    def _header_row(self, columns: Sequence[Col], size: float) -> None:
        self.set_font(FAMILY, "B", size)
        self.set_fill_color(*HEADER_BG)
        self.set_text_color(255, 255, 255)
        heights = [len(self._wrap(c.header, c.width - 2, 3)) for c in columns]
        height = max(heights) * (size * 0.42) + 2
        x, y = self.l_margin, self.get_y()
        for column in columns:
            self.rect(x, y, column.width, height, style="F")
            for i, line in enumerate(self._wrap(column.header, column.width - 2, 3)):
                self.put(x + 1, y + 1 + i * size * 0.42, column.width - 2, line, column.align)
            x += column.width
        self.set_text_color(*INK)
        self.set_xy(self.l_margin, y + height)

    def grid(
        self,
        columns: Sequence[Col],
        rows: Sequence[Sequence[str]],
        fills: Sequence[Sequence[str | None]] | None = None,
        size: float = 7.5,
        wrap: Sequence[int] = (),
    ) -> None:
        """Rows of text; ``fills`` gives a hex colour per cell (zone); columns in ``wrap`` take several lines."""
        line = size * 0.45
        self._header_row(columns, size - 1)
        self.set_font(FAMILY, "", size)
        self.set_draw_color(200, 200, 200)
        for r, row in enumerate(rows):
            cells = [
                self._wrap(str(text), col.width - 2) if i in wrap else [self._fit(str(text), col.width - 2)]
                for i, (col, text) in enumerate(zip(columns, row, strict=True))
            ]
            height = max(len(c) for c in cells) * line + 1.6
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
                self._header_row(columns, size - 1)
                self.set_font(FAMILY, "", size)
            x, y = self.l_margin, self.get_y()
            for i, (col, lines) in enumerate(zip(columns, cells, strict=True)):
                fill = _rgb(fills[r][i]) if fills is not None else None
                if fill:
                    self.set_fill_color(*fill)
                    self.rect(x, y, col.width, height, style="DF")
                    if _dark(fill):
                        self.set_text_color(255, 255, 255)
                else:
                    self.rect(x, y, col.width, height)
                for j, text in enumerate(lines):
                    self.put(x + 1, y + 0.8 + j * line, col.width - 2, text, col.align)
                if fill:
                    self.set_text_color(*INK)
                x += col.width
            self.set_xy(self.l_margin, y + height)
        self.set_draw_color(0, 0, 0)
        self.ln(3)

    def image_fit(self, png: bytes, max_height: float | None = None) -> None:
        width_px, height_px = _png_size(png)
        room = (self.page_break_trigger - self.get_y()) if max_height is None else max_height
        width = self.epw
        height = width * height_px / width_px
        if height > room:
            if room < 60:
                self.add_page()
                room = self.page_break_trigger - self.get_y()
            if height > room:
                width, height = room * width_px / height_px, room
        self.image(io.BytesIO(png), x=self.l_margin + (self.epw - width) / 2, w=width, h=height)
        self.ln(3)


# -- formatting ------------------------------------------------------------------------------------------------


def _num(value: object, lang: str, decimals: int = 2) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–"
    return i18n.format_number(float(value), decimals, lang)  # type: ignore[arg-type]


def _int(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–"
    return str(int(value))  # type: ignore[call-overload]


def _change(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–"
    number = int(value)  # type: ignore[call-overload]
    return f"▲ {number}" if number > 0 else f"▼ {-number}" if number < 0 else "="


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _moment(value: object) -> datetime | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    return None if pd.isna(stamp) else stamp.to_pydatetime()


# -- sections --------------------------------------------------------------------------------------------------


def _cover(pdf: _Pdf, data: ReportData) -> None:
    lang = data.language
    pdf.add_page()
    pdf.set_y(70)
    pdf.set_font(FAMILY, "", 11)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 6, t("report.pdf.cover_sub", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.heading(data.title, 20)
    pdf.ln(4)
    pdf.paragraph(f"{t('report.about.catalog', lang)}: {data.catalog_name} ({data.catalog_key})", 10)
    pdf.paragraph(f"{t('report.about.period', lang)}: {data.period}", 10)
    pdf.paragraph(t("report.pdf.generated", lang, when=i18n.format_datetime(data.generated_at, lang)), 10)
    if data.provenance_note:
        pdf.paragraph(data.provenance_note, 8, "I")
    pdf.ln(6)
    pdf.set_font(FAMILY, "B", 9)
    pdf.cell(0, 6, t("report.about.zones", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    rows = [[z["name"], f"{_num(z['min'], lang)} – {_num(z['max'], lang)}"] for z in data.zones]
    fills: list[list[str | None]] = [[z.get("color"), None] for z in data.zones]
    pdf.grid([Col(t("report.col.zone", lang), 40), Col(t("report.about.scale", lang), 50)], rows, fills)


def _ranking_rows(frame: pd.DataFrame, data: ReportData) -> tuple[list[list[str]], list[list[str | None]]]:
    lang = data.language
    rows, fills = [], []
    for rec in frame.itertuples(index=False):
        zone = _text(rec.zone)
        rows.append(
            [_int(rec.rank), _text(rec.name), _num(rec.score, lang), _num(rec.self_score, lang),
             _num(rec.projected, lang), zone, _change(rec.rank_change)]
        )  # fmt: skip
        fills.append([None, None, None, None, None, data.zone_color(zone), None])
    return rows, fills


def _ranking_columns(lang: str) -> list[Col]:
    return [
        Col(t("report.col.rank", lang), 16, "C"),
        Col(t("report.col.name", lang), 70),
        Col(t("report.col.score", lang), 19, "R"),
        Col(t("report.col.self_score", lang), 17, "R"),
        Col(t("report.col.projected", lang), 17, "R"),
        Col(t("report.col.zone", lang), 22, "C"),
        Col(t("report.col.rank_change", lang), 19, "C"),
    ]


def _summary(pdf: _Pdf, data: ReportData, summary: pd.DataFrame) -> None:
    lang = data.language
    pdf.add_page()
    pdf.heading(t("report.pdf.summary", lang))
    if data.subject is not None:
        head = summary[summary["entity"] == data.subject]
        if len(head):
            row = head.iloc[0]
            pdf.paragraph(row["name"], 11, "B")
            pdf.paragraph(
                t("report.pdf.headline", lang, score=_num(row["score"], lang), max=_num(data.scale_max, lang, 0),
                  zone=_text(row["zone"]), self_score=_num(row["self_score"], lang),
                  projected=_num(row["projected"], lang)),
                10,
            )  # fmt: skip
    status = data.items["status"].astype(str)
    pdf.paragraph(
        t("report.pdf.counts", lang, verified=int((status == "verified").sum()), total=len(status),
          submitted=int((status == "submitted").sum()), returned=int((status == "returned").sum())),
    )  # fmt: skip
    others = summary[summary["entity"] != (data.subject or "")]
    for group, key in (("pemda", "report.pdf.pemda_table"), ("opd", "report.pdf.opd_table")):
        part = others[others["group"] == group]
        if len(part):
            pdf.ensure(25)
            pdf.paragraph(t(key, lang), 10, "B")
            rows, fills = _ranking_rows(part, data)
            pdf.grid(_ranking_columns(lang), rows, fills)


def _charts(pdf: _Pdf, data: ReportData, summary: pd.DataFrame) -> None:
    lang = data.language
    pdf.add_page()
    pdf.heading(t("report.pdf.charts", lang))
    ranked = summary[summary["entity"] != (data.subject or "")].dropna(subset=["score"])
    ranked = ranked.sort_values("score", ascending=False)
    units = set(data.units()["entity"].astype(str))
    ranked = ranked[ranked["entity"].isin(units)] if len(ranked[ranked["entity"].isin(units)]) else ranked
    shown = ranked.head(CHART_LIMIT)
    title = t("report.pdf.chart_ranking", lang)
    if len(ranked) > len(shown):
        title += f" ({t('report.pdf.chart_top', lang, shown=len(shown), total=len(ranked))})"
    png = charts.ranking_bars(
        shown["name"].astype(str).tolist(),
        shown["score"].astype(float).tolist(),
        [data.zone_color(z) or charts.MISSING_COLOR for z in shown["zone"]],
        scale_max=data.scale_max,
        lang=lang,
        title=title,
    )
    pdf.image_fit(png)

    matrix, zones = views.area_matrix(data)
    matrix = matrix.head(HEATMAP_LIMIT)
    zones = zones.head(HEATMAP_LIMIT)
    colors = zones.map(lambda z: data.zone_color(z) if isinstance(z, str) else None)
    names = dict(zip(summary["entity"], summary["name"], strict=False))
    area_names = views.node_names(data)
    title = t("report.pdf.chart_heatmap", lang)
    if len(summary) > len(matrix):
        title += f" ({t('report.pdf.chart_top', lang, shown=len(matrix), total=len(summary))})"
    png = charts.area_heatmap(
        matrix,
        colors,
        row_labels=[str(names.get(e, e)) for e in matrix.index],
        column_labels=[
            t("report.col.total", lang) if c == "TOTAL" else f"{c} {area_names.get(c, '')}"
            for c in matrix.columns
        ],
        lang=lang,
        title=title,
    )
    pdf.add_page()
    pdf.image_fit(png)

    trend = data.trend
    if data.subject is not None:
        trend = trend[trend["entity"].astype(str) == data.subject]
    if len(trend):
        png = charts.trend_lines(
            trend, scale_max=data.scale_max, lang=lang, title=t("report.pdf.chart_trend", lang)
        )
        pdf.ensure(80)
        pdf.image_fit(png)


def _unit_page(
    pdf: _Pdf, data: ReportData, unit: pd.Series, scores: pd.DataFrame, group_size: int, names: dict[str, str]
) -> None:
    lang = data.language
    pdf.add_page()
    pdf.heading(str(unit["name"]), 13)
    pdf.set_text_color(*MUTED)
    kind = t("report.group.opd", lang) if unit["group"] == "opd" else str(unit["kind"]).capitalize()
    pdf.paragraph(f"{kind} · {unit['entity']} · {_text(unit['region_name'])}", 8)
    pdf.set_text_color(*INK)
    pdf.paragraph(
        t("report.pdf.headline", lang, score=_num(unit["score"], lang), max=_num(data.scale_max, lang, 0),
          zone=_text(unit["zone"]), self_score=_num(unit["self_score"], lang),
          projected=_num(unit["projected"], lang)),
        10,
    )  # fmt: skip
    pdf.paragraph(
        t(
            "report.pdf.rank_line",
            lang,
            rank=_int(unit["rank"]),
            of=group_size,
            previous=_int(unit["previous_rank"]),
        )
    )
    areas = scores[scores["depth"] == 1]
    pdf.paragraph(t("report.pdf.unit_areas", lang), 10, "B")
    columns = [
        Col(t("report.col.area", lang), 72),
        Col(t("report.col.score", lang), 22, "R"),
        Col(t("report.col.self_score", lang), 20, "R"),
        Col(t("report.col.projected", lang), 20, "R"),
        Col(t("report.col.gap", lang), 22, "R"),
        Col(t("report.col.zone", lang), 24, "C"),
    ]
    rows, fills = [], []
    for rec in areas.itertuples(index=False):
        rows.append(
            [f"{rec.code} {names.get(str(rec.code), '')}", _num(rec.score, lang), _num(rec.self_score, lang),
             _num(rec.projected, lang), _num(rec.gap, lang), _text(rec.zone)]
        )  # fmt: skip
        fills.append([None, None, None, None, None, data.zone_color(_text(rec.zone))])
    pdf.grid(columns, rows, fills)
    gaps = scores[scores["is_leaf"].astype(bool) & (scores["gain"] > 1e-12)].sort_values(
        "gain", ascending=False
    )
    if len(gaps):
        pdf.paragraph(t("report.pdf.unit_gaps", lang), 10, "B")
        columns = [
            Col(t("report.col.code", lang), 14),
            Col(t("report.col.indicator", lang), 112),
            Col(t("report.col.score", lang), 26, "R"),
            Col(t("report.col.gain", lang), 28, "R"),
        ]
        rows = [
            [str(r.code), names.get(str(r.code), ""), _num(r.score, lang), _num(r.gain, lang, 3)]
            for r in gaps.head(8).itertuples(index=False)
        ]
        pdf.grid(columns, rows, wrap=(1,))


def _gap_section(pdf: _Pdf, data: ReportData, names: dict[str, str]) -> None:
    lang = data.language
    pdf.add_page()
    pdf.heading(t("report.pdf.gap_list", lang))
    entity_names = dict(zip(data.entities["entity"].astype(str), data.entities["name"], strict=False))
    if data.subject is not None:
        gaps = views.gap_list(data, data.subject, GAP_LIMIT)
        subject = entity_names.get(data.subject, data.subject)
    else:
        leaves = data.scores[data.scores["is_leaf"].astype(bool) & (data.scores["gain"] > 1e-12)]
        gaps = leaves.sort_values("gain", ascending=False).head(GAP_LIMIT).copy()
        gaps["area"] = gaps["code"].astype(str).map(views.node_areas(data)).map(names)
        subject = data.title
    pdf.paragraph(t("report.pdf.gap_intro", lang, subject=subject))
    columns = [
        Col(t("report.col.no", lang), 9, "C"),
        Col(t("report.col.area", lang), 36),
        Col(t("report.col.code", lang), 12),
        Col(t("report.col.indicator", lang), 79),
        Col(t("report.col.score", lang), 20, "R"),
        Col(t("report.col.gain", lang), 24, "R"),
    ]
    rows = [
        [str(i + 1), _text(r.area), str(r.code), names.get(str(r.code), ""), _num(r.score, lang),
         _num(r.gain, lang, 3)]
        for i, r in enumerate(gaps.itertuples(index=False))
    ]  # fmt: skip
    pdf.grid(columns, rows, wrap=(3,))


def _berita_acara(
    pdf: _Pdf,
    data: ReportData,
    unit: pd.Series,
    reviews: pd.DataFrame,
    self_values: dict[str, object],
    names: dict[str, str],
) -> None:
    lang = data.language
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(0, 7, t("report.pdf.ba_title", lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(0, 6, str(unit["name"]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    last = reviews["decided_at"].max() if len(reviews) else None
    day = _moment(last) or data.generated_at
    pdf.paragraph(
        t("report.pdf.ba_intro", lang, date=i18n.format_date(day, lang), catalog=data.catalog_name,
          period=data.period, unit=unit["name"]),
    )  # fmt: skip
    if len(reviews):
        columns = [
            Col(t("report.col.no", lang), 8, "C"),
            Col(t("report.col.code", lang), 11),
            Col(t("report.col.indicator", lang), 53),
            Col(t("report.col.self_value", lang), 14, "R"),
            Col(t("report.col.verified_value", lang), 17, "R"),
            Col(t("report.col.decision", lang), 20),
            Col(t("report.col.reviewer", lang), 31),
            Col(t("report.col.date", lang), 26),
        ]
        rows = []
        for i, r in enumerate(reviews.itertuples(index=False)):
            indicator = names.get(str(r.code), "")
            if _text(r.reason):
                indicator += f"\n{t('report.col.reason', lang)}: {r.reason}"
            rows.append(
                [str(i + 1), str(r.code), indicator, _num(self_values.get(str(r.code)), lang),
                 _num(r.verified_value, lang), decision_label(r.decision, lang), _text(r.reviewer),
                 i18n.format_date(_moment(r.decided_at), lang)]
            )  # fmt: skip
        pdf.grid(columns, rows, wrap=(2, 6), size=7)
    else:
        pdf.paragraph(t("report.pdf.ba_none", lang), 9, "I")
    pdf.paragraph(t("report.pdf.ba_close", lang))
    _signatures(pdf, data, day)


def _signatures(pdf: _Pdf, data: ReportData, day: datetime) -> None:
    lang = data.language
    pdf.ensure(48)
    pdf.ln(2)
    place = f"{data.place}, " if data.place else ""
    pdf.set_font(FAMILY, "", 9)
    pdf.cell(0, 5, place + i18n.format_date(day, lang), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    count = max(len(data.signatories), 1)
    width = pdf.epw / count
    top = pdf.get_y()
    for i, person in enumerate(data.signatories):
        x = pdf.l_margin + i * width
        pdf.set_xy(x, top)
        pdf.set_font(FAMILY, "", 9)
        pdf.cell(width, 5, person.role, align="C")
        pdf.set_xy(x, top + 26)
        pdf.set_font(FAMILY, "B", 9)
        pdf.cell(width, 5, person.name or "(" + "." * 40 + ")", align="C")
        pdf.set_xy(x, top + 31)
        pdf.set_font(FAMILY, "", 8)
        pdf.cell(width, 5, f"{t('report.pdf.nip', lang)} {person.nip}".strip(), align="C")
    pdf.set_xy(pdf.l_margin, top + 38)


def build_pdf(data: ReportData, progress: Progress | None = None) -> bytes:
    """The whole report as PDF bytes."""
    data.validate()
    report = progress or _noop
    lang = data.language
    pdf = _Pdf(data)
    summary = views.summary(data)
    names = views.node_names(data)

    report(0.0, t("report.progress.section", lang, name=t("report.pdf.summary", lang)))
    _cover(pdf, data)
    _summary(pdf, data, summary)
    report(0.05, t("report.progress.charts", lang))
    _charts(pdf, data, summary)

    units = summary[summary["entity"].isin(set(data.units()["entity"].astype(str)))]
    scores = data.scores.assign(entity=data.scores["entity"].astype(str))
    by_entity = {str(k): g for k, g in scores.groupby("entity", sort=False, observed=True)}
    group_sizes = summary.groupby("group")["entity"].count().to_dict()
    empty = scores.iloc[0:0]
    for i, unit in enumerate(units.to_dict("records")):
        if i % 10 == 0:
            report(0.12 + 0.4 * i / max(len(units), 1), t("report.progress.unit", lang, name=unit["name"]))
        _unit_page(pdf, data, pd.Series(unit), by_entity.get(str(unit["entity"]), empty),
                   int(group_sizes.get(unit["group"], 0)), names)  # fmt: skip

    report(0.55, t("report.progress.section", lang, name=t("report.pdf.gap_list", lang)))
    _gap_section(pdf, data, names)

    reviews = data.reviews.assign(entity=data.reviews["entity"].astype(str))
    reviews = reviews.sort_values(["decided_at", "code"], kind="stable")
    reviews_by = {str(k): g for k, g in reviews.groupby("entity", sort=False)}
    items = data.items.assign(entity=data.items["entity"].astype(str), code=data.items["code"].astype(str))
    self_by = {
        str(k): dict(zip(g["code"], g["self_value"], strict=False))
        for k, g in items.groupby("entity", sort=False)
    }
    for i, unit in enumerate(units.to_dict("records")):
        if i % 10 == 0:
            report(0.6 + 0.35 * i / max(len(units), 1), t("report.progress.unit", lang, name=unit["name"]))
        entity = str(unit["entity"])
        _berita_acara(pdf, data, pd.Series(unit), reviews_by.get(entity, reviews.iloc[0:0]),
                      self_by.get(entity, {}), names)  # fmt: skip
    report(0.97, t("report.progress.saving", lang))
    result = bytes(pdf.output())
    report(1.0, t("report.progress.done", lang))
    return result
