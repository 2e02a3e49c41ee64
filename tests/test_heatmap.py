"""The overview's heatmap reads at any width and needs no chart library: SVG the server writes, each cell in its
zone's colour with text that reads on it, column labels wrapped or cut (full names on hover), a legend that names
the zones, names full of markup kept as text, and on a phone the ranking list instead (chosen by the browser's
width)."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from app_driver import errors, open_tab, open_url, svg_drawings
from demo_scope import Demo
from pandas.io.formats.style import Styler
from streamlit_internals import html_sources, plotly_figures
from uji_catalog import CATALOG

from i18n import t
from indicators import Catalog, parse_catalog
from ui.leader.charts import MISSING_FILL, PHONE_WIDTH_PX, heatmap_svg
from ui.svg import LABEL_CHARS, wrap

pytestmark = pytest.mark.usefixtures("browserless")

SVG = "{http://www.w3.org/2000/svg}"
RED, YELLOW = "#c0392b", "#f1c40f"


def _coloured_catalog() -> Catalog:
    return parse_catalog(
        CATALOG.replace(
            "{name: merah, min: 0, max: 50}", f"{{name: merah, min: 0, max: 50, color: '{RED}'}}"
        ).replace(
            "{name: hijau, min: 50, max: 100}", f"{{name: hijau, min: 50, max: 100, color: '{YELLOW}'}}"
        )
    )


def _cells(svg: str) -> dict[str, tuple[str, str, str]]:
    """Each cell's tooltip → (its fill, its text, the text's colour)."""
    root = ET.fromstring(svg)
    cells = {}
    for group in root.iter(f"{SVG}g"):
        title, rect, text = group.find(f"{SVG}title"), group.find(f"{SVG}rect"), group.find(f"{SVG}text")
        assert title is not None and rect is not None and text is not None
        cells[str(title.text)] = (rect.get("fill", ""), str(text.text), text.get("fill", ""))
    return cells


def _row_labels(svg: str) -> list[str]:
    """The row labels, top to bottom: the text after each right-aligned label's tooltip."""
    labels = []
    for text in ET.fromstring(svg).findall(f"{SVG}text"):
        title = text.find(f"{SVG}title")
        if text.get("text-anchor") == "end" and title is not None:
            labels.append(str(title.tail))
    return labels


def test_a_long_area_name_wraps_to_two_short_lines_and_is_cut_with_an_ellipsis() -> None:
    """No label line is wider than about 14 characters, so neighbouring columns never overlap."""
    long = "Pengadaan Barang dan Jasa Pemerintah Daerah Terintegrasi"
    lines = wrap(long)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(len(line) <= LABEL_CHARS + 2 for line in lines)
    assert wrap("Perizinan") == ["Perizinan"]
    assert wrap("Manajemen Aset Daerah") == ["Manajemen Aset", "Daerah"]


def test_each_cell_has_its_zones_colour_readable_text_and_the_names_on_hover() -> None:
    """A score in the red band is a red cell with white text, one in the yellow band a yellow cell with dark text,
    a missing score a grey "–"; rows by label whatever the case; the legend names both zones with their edges."""
    heat = pd.DataFrame({"A": [62.5, 10.0], "B": [math.nan, 50.0]}, index=["1", "2"])
    svg = heatmap_svg(
        heat,
        catalog=_coloured_catalog(),
        row_labels={"1": "dinkes", "2": "BPKAD"},
        row_names={"1": "Dinas Kesehatan", "2": "Badan Pengelolaan Keuangan dan Aset Daerah"},
        area_names={"A": "Perencanaan", "B": "Pengadaan Barang dan Jasa"},
        title="Peta panas",
    )
    assert _cells(svg) == {
        "BPKAD · Perencanaan: 10,00": (RED, "10,00", "#ffffff"),
        "BPKAD · Pengadaan Barang dan Jasa: 50,00": (YELLOW, "50,00", "#262730"),
        "dinkes · Perencanaan: 62,50": (YELLOW, "62,50", "#262730"),
        "dinkes · Pengadaan Barang dan Jasa: –": (MISSING_FILL, "–", "#262730"),
    }
    assert _row_labels(svg) == ["BPKAD", "dinkes"]
    root = ET.fromstring(svg)
    titles = {str(title.text) for title in root.iter(f"{SVG}title")}
    assert {
        "Dinas Kesehatan",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "Pengadaan Barang dan Jasa",
    } <= titles
    texts = {str(text.text) for text in root.findall(f"{SVG}text")}
    assert {"merah (0–50)", "hijau (50–100)"} <= texts


def test_names_full_of_markup_stay_text() -> None:
    """An OPD or area named with HTML or markdown is drawn as those characters: the SVG stays well formed and
    gains no element (no script, no image, no link)."""
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    heat = pd.DataFrame({"A": [40.0]}, index=["1"])
    svg = heatmap_svg(
        heat,
        catalog=_coloured_catalog(),
        row_labels={"1": hostile},
        row_names={"1": "**Dinas** [klik](javascript:alert(3))"},
        area_names={"A": 'Area "A" & <b>B</b>'},
        title="<h1>Peta</h1>",
    )
    root = ET.fromstring(svg)
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags <= {"svg", "title", "text", "tspan", "g", "rect"}
    assert _row_labels(svg) == [hostile]
    assert any(hostile in title for title in _cells(svg))
    assert "**Dinas** [klik](javascript:alert(3))" in {title.text for title in root.iter(f"{SVG}title")}


def test_the_leaders_heatmap_is_svg_with_short_labels_full_names_on_hover_and_named_zones(
    role_demo: Demo,
) -> None:
    """The heatmap tab sends no plotly chart: the SVG's column labels fit, each label's tooltip says the whole
    area name, the legend says the zone names; a phone gets the OPD ranking list in place of the chart."""
    at = open_tab(open_url(role_demo.actors["sekda"], "ikhtisar"), t("ui.tab.heatmap", "id"))
    assert not at.exception, errors(at)
    assert plotly_figures(at) == []
    [root] = svg_drawings(at)
    svg = ET.tostring(root, encoding="unicode")
    headers = [text for text in root.findall(f"{SVG}text") if text.find(f"{SVG}tspan") is not None]
    assert headers
    for header in headers:
        lines = [str(span.text) for span in header.findall(f"{SVG}tspan")]
        assert 1 <= len(lines) <= 2 and all(len(line) <= LABEL_CHARS + 2 for line in lines)
    full_names = {str(title.text) for header in headers if (title := header.find(f"{SVG}title")) is not None}
    assert "Pengadaan Barang/Jasa" in full_names
    assert any(
        [str(s.text) for s in h.findall(f"{SVG}tspan")] == ["Pengadaan", "Barang/Jasa"] for h in headers
    )
    legend = [
        str(text.text)
        for text in root.findall(f"{SVG}text")
        if re.fullmatch(r"\S+ \(\d+–\d+\)", str(text.text))
    ]
    legend_colours = {rect.get("fill") for rect in root.findall(f"{SVG}rect")}
    cell_colours = {fill for fill, _text, _ink in _cells(svg).values()} - {MISSING_FILL}
    assert len(legend) >= 2 and len(legend_colours) == len(legend) and cell_colours <= legend_colours
    # The phone's table: the OPD ranking under the heatmap, by the short names the chart rows use.
    name = t("ui.col.name", "id")
    shown = [f.value.data if isinstance(f.value, Styler) else f.value for f in at.dataframe]
    assert any(name in f.columns and set(f[name]) == set(_row_labels(svg)) for f in shown)
    css = " ".join(html_sources(at))
    assert f"max-width: {PHONE_WIDTH_PX}px" in css and "st-key-heatmap_wide" in css
