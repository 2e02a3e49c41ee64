"""The PDF page primitives the printed report is drawn with: fonts, colours, cells, tables, bars and lines.

fpdf2 writes the PDF directly (no browser, no HTML); DejaVu Sans, which ships inside matplotlib, is embedded and
subset so "≥", "–", "é" and every name with diacritics print and can be searched and copied. Tables are drawn
cell by cell with a cheap width check instead of fpdf2's generic table layout, because a national report has
hundreds of thousands of cells; long indicator names wrap onto up to three lines. ``reports.pdf`` composes the
report's sections from these.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from fpdf import FPDF

from indicators import colors as colours
from reports.data import ReportData
from reports.text import t
from vocabulary import DEMO_MARK


def _font_dir() -> Path:
    """DejaVu Sans as it ships in matplotlib's data folder, found without importing matplotlib (0.15 s, a tenth
    of a whole PDF)."""
    spec = find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib is not installed: the PDF's fonts ship with it")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


FONT_DIR = _font_dir()
FAMILY = "dejavu"
MARGIN = 15.0
LINE = 4.2
INK = (33, 37, 41)
HEADER_BG = (31, 56, 100)
MUTED = (110, 110, 110)


@dataclass(frozen=True)
class Col:
    header: str
    width: float
    align: str = "L"


@dataclass(frozen=True)
class Series:
    """One line of the trend chart: its legend name, colour, (label index, value) points, dashed or not."""

    name: str
    color: str
    points: list[tuple[int, float]]
    provisional: bool = False


class PdfDocument(FPDF):
    def __init__(self, data: ReportData):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.data = data
        self.lang = data.language
        self._widths: dict[tuple[str, str, float, str], float] = {}
        self._encoded: dict[tuple[str, str], str] = {}
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

    def header(self) -> None:
        """A demo installation's report says "DATA DEMO" at the top of every page, so it never passes for real."""
        marks = getattr(self.data, "marks", None) or []
        if not self.data.demo and not marks:
            return
        if marks:  # the provenance badge: "katalog sementara · zona sementara", top right of every page
            self.set_y(4)
            self.set_font(FAMILY, "B", 7)
            self.set_text_color(175, 96, 26)
            self.cell(0, 5, " · ".join(marks), align="R")
        if self.data.demo:
            self.set_y(4)
            self.set_font(FAMILY, "B", 9)
            self.set_text_color(192, 57, 43)
            self.cell(0, 5, DEMO_MARK, align="C")
        self.set_text_color(*INK)
        self.set_y(MARGIN)

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(FAMILY, "", 7)
        self.set_text_color(*MUTED)
        page = t("report.pdf.page", self.lang, page=self.page_no())
        width = self.epw - self.width(page) - 4
        self.cell(width, 5, self._fit(self.data.title, width - 2), align="L")
        self.cell(self.epw - width, 5, page, align="R")
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
            for word in self._split_long(paragraph.split(" "), width):
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

    def _split_long(self, words: list[str], width: float) -> list[str]:
        """Words wider than the column broken into pieces that fit (after a dot where one fits: item codes such
        as ``BMD.S1.2.3`` wrap at their dots), so that nothing in a wrapped cell is cut."""
        out: list[str] = []
        for word in words:
            while self.width(word) > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and self.width(word[:cut]) > width:
                    cut -= 1
                dot = word.rfind(".", 0, cut)
                cut = dot + 1 if dot > 0 else cut
                out.append(word[:cut])
                word = word[cut:]
            out.append(word)
        return out

    def put(self, x: float, top: float, width: float, text: str, align: str = "L") -> None:
        """One line of text in the box [x, x + width] whose top is ``top``. ``FPDF.text`` is several times
        cheaper than ``cell``, which matters at hundreds of thousands of table cells."""
        if not text:
            return
        if align != "L":
            room = width - self.width(text)
            x += room if align == "R" else room / 2
        self._text(x, top + self.font_size * 0.8, text)

    def _text(self, x: float, y: float, text: str) -> None:
        """What ``FPDF.text`` writes for a TrueType font in fill mode (no underline, no link), with each
        string's glyph encoding computed once per document: the report repeats the same names and numbers on
        every page, and encoding them again was a fifth of the build. The output is the same as ``text``'s
        (``tests/test_reports.py`` compares them)."""
        font = self.current_font
        key = (font.fontkey, text)  # type: ignore[union-attr]
        encoded = self._encoded.get(key)
        if encoded is None:
            encoded = self._encoded[key] = font.encode_text(text)  # type: ignore[union-attr]
        if not self.current_font_is_set_on_page:
            self._out(self._set_font_for_page(font, self.font_size_pt))  # type: ignore[arg-type]
        line = f"BT {x * self.k:.2f} {(self.h - y) * self.k:.2f} Td {encoded} ET"
        if self.fill_color != self.text_color:
            line = f"q {self.text_color.serialize().lower()} {line} Q"  # type: ignore[union-attr]
        self._out(line)

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
        """Rows of text; ``fills`` gives a hex colour per cell (zone); columns in ``wrap`` take as many lines as
        their text needs (nothing cut), the others one line."""
        line = size * 0.45
        self._header_row(columns, size - 1)
        self.set_font(FAMILY, "", size)
        self.set_draw_color(200, 200, 200)
        for r, row in enumerate(rows):
            cells = [
                self._wrap(str(text), col.width - 2, 60)
                if i in wrap
                else [self._fit(str(text), col.width - 2)]
                for i, (col, text) in enumerate(zip(columns, row, strict=True))
            ]
            height = max(len(c) for c in cells) * line + 1.6
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
                self._header_row(columns, size - 1)
                self.set_font(FAMILY, "", size)
            x, y = self.l_margin, self.get_y()
            for i, (col, lines) in enumerate(zip(columns, cells, strict=True)):
                fill = colours.rgb(fills[r][i]) if fills is not None else None
                if fill:
                    self.set_fill_color(*fill)
                    self.rect(x, y, col.width, height, style="DF")
                    if colours.is_dark(fill):
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

    def bars(
        self, labels: Sequence[str], values: Sequence[float | None], colors: Sequence[str | None], *,
        scale_max: float, number: Callable[[float], str], title: str,
    ) -> None:  # fmt: skip
        """Horizontal bars drawn by the PDF itself, one row per label with its value written after the bar, and
        the scale's numbers (formatted by ``number``) under them; a row that does not fit starts a new page."""
        label_width, value_width, row = 86.0, 14.0, 4.2
        width = self.epw - label_width - value_width
        self.paragraph(title, 10, "B")
        self.set_draw_color(85, 85, 85)
        for label, value, color in zip(labels, values, colors, strict=True):
            self.ensure(row)
            y = self.get_y()
            self.set_font(FAMILY, "", 7)
            self.put(self.l_margin, y + 0.4, label_width - 2, self._fit(label, label_width - 2), "R")
            length = width * min(max((value or 0.0) / scale_max, 0.0), 1.0) if scale_max else 0.0
            if length > 0:
                self.set_fill_color(*(colours.rgb(color) or (221, 221, 221)))
                self.rect(self.l_margin + label_width, y + 0.5, length, row - 1, style="DF")
            self.put(self.l_margin + label_width + length + 1, y + 0.4, value_width, "–" if value is None
                     else number(value))  # fmt: skip
            self.set_y(y + row)
        y = self.get_y() + 0.5
        self.set_font(FAMILY, "", 6.5)
        self.set_text_color(*MUTED)
        for step in range(5):
            x = self.l_margin + label_width + width * step / 4
            self.line(x, y, x, y + 1)
            self.put(x - 8, y + 1.2, 16, number(scale_max * step / 4), "C")
        self.set_text_color(*INK)
        self.set_draw_color(0, 0, 0)
        self.set_y(y + 6)

    def trend(
        self, labels: Sequence[str], series: Sequence[Series], *, scale_max: float,
        axis_number: Callable[[float], str], point_number: Callable[[float], str], title: str,
    ) -> None:  # fmt: skip
        """Lines over the labels (assessment years) in order, drawn by the PDF itself: the title, a legend above
        the plot, the scale's numbers (``axis_number``) on the left, each point's value (``point_number``) over
        it; a provisional series is dashed with hollow markers, never a final-looking line."""
        height, axis_width = 52.0, 12.0
        legend_rows = self._legend_rows(series)
        self.ensure(8 + 4 * len(legend_rows) + height + 8)
        self.paragraph(title, 9, "B")
        self.set_font(FAMILY, "", 7)
        for row in legend_rows:
            y, x = self.get_y(), self.l_margin + axis_width
            for item in row:
                self._legend_key(x, y + 1.6, item)
                self.put(x + 9, y, self.width(item.name) + 1, item.name)
                x += self.width(item.name) + 15
            self.set_y(y + 4)
        top, left = self.get_y() + 3, self.l_margin + axis_width
        width = self.epw - axis_width - 2
        bottom = top + height
        self.set_draw_color(160, 160, 160)
        self.set_line_width(0.2)
        self.line(left, top, left, bottom)
        self.line(left, bottom, left + width, bottom)
        self.set_font(FAMILY, "", 6.5)
        self.set_text_color(*MUTED)
        for step in range(5):
            y = bottom - height * step / 4
            self.line(left - 1, y, left, y)
            self.put(self.l_margin, y - 1.3, axis_width - 2, axis_number(scale_max * step / 4), "R")
        slot = width / max(len(labels), 1)
        size = 7.0
        while size > 5 and max((self.width(label) for label in labels), default=0) > slot - 1:
            size -= 0.5
            self.set_font(FAMILY, "", size)
        stagger = max((self.width(label) for label in labels), default=0) > slot - 1
        for i, label in enumerate(labels):
            x = left + slot * (i + 0.5)
            self.line(x, bottom, x, bottom + 1)
            self.put(x - slot, bottom + 1.5 + (3 if stagger and i % 2 else 0), 2 * slot, label, "C")
        self.set_text_color(*INK)
        labels_to_place: list[tuple[bool, int, float, float, float, tuple[int, int, int]]] = []
        for item in series:
            rgb = colours.rgb(item.color) or INK
            self.set_draw_color(*rgb)
            self.set_line_width(0.4)
            points = [(left + slot * (i + 0.5), bottom - height * min(max(v / scale_max, 0.0), 1.0))
                      for i, v in item.points if scale_max]  # fmt: skip
            if item.provisional:
                self.set_dash_pattern(dash=1.6, gap=1.0)
            if len(points) > 1:
                self.polyline(points)
            self.set_dash_pattern()
            for x, y in points:
                self._marker(x, y, rgb, item.provisional)
            labels_to_place += [(item.provisional, -n, x, y, value, rgb) for n, ((x, y), (_i, value))
                                in enumerate(zip(points, item.points, strict=True))]  # fmt: skip
        # Values beside their points in the series' colour, final series first and a series' last point first:
        # over the point, else right, left or under it, wherever it overlaps no value already written; a value
        # with no free spot is left out (its point stays).
        self.set_font(FAMILY, "", 6)
        placed: list[tuple[float, float, float, float]] = []
        for _provisional, _order, x, y, value, rgb in sorted(labels_to_place, key=lambda p: p[:2]):
            text = point_number(value)
            w, h = self.width(text), 2.4
            for left_edge, top in (
                (x - w / 2, y - 4.0),
                (x + 1.6, y - 1.3),
                (x - 1.6 - w, y - 1.3),
                (x - w / 2, y + 1.3),
            ):
                box = (left_edge, left_edge + w, top, top + h)
                if not any(
                    box[0] < o[1] and o[0] < box[1] and box[2] < o[3] and o[2] < box[3] for o in placed
                ):
                    placed.append(box)
                    self.set_text_color(*rgb)
                    self.put(left_edge, top, w, text)
                    break
        self.set_text_color(*INK)
        self.set_draw_color(0, 0, 0)
        self.set_line_width(0.2)
        self.set_y(bottom + (9 if stagger else 6))

    def _legend_rows(self, series: Sequence[Series]) -> list[list[Series]]:
        self.set_font(FAMILY, "", 7)
        rows: list[list[Series]] = [[]]
        used = 0.0
        for item in series:
            need = self.width(item.name) + 15
            if rows[-1] and used + need > self.epw - 12:
                rows.append([])
                used = 0.0
            rows[-1].append(item)
            used += need
        return [row for row in rows if row]

    def _legend_key(self, x: float, y: float, item: Series) -> None:
        rgb = colours.rgb(item.color) or INK
        self.set_draw_color(*rgb)
        self.set_line_width(0.4)
        if item.provisional:
            self.set_dash_pattern(dash=1.6, gap=1.0)
        self.line(x, y, x + 7, y)
        self.set_dash_pattern()
        self._marker(x + 3.5, y, rgb, item.provisional)
        self.set_line_width(0.2)

    def _marker(self, x: float, y: float, rgb: tuple[int, int, int], hollow: bool) -> None:
        self.set_line_width(0.3)
        self.set_fill_color(*((255, 255, 255) if hollow else rgb))
        self.circle(x, y, 0.8, style="DF")
        self.set_line_width(0.4)
