"""The charts the server draws as SVG (``ui.svg``, ``ui.leader.charts``): the trend's series by their marks, bars
as tall as their values on the catalog's scale, and every name kept as text, checked on the drawings themselves."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from uji_catalog import uji_catalog

from i18n import set_language
from ui.leader.charts import trend_svg, zone_bands
from ui.svg import (
    CHART_SIZE,
    PLOT_BOTTOM,
    PLOT_LEFT,
    PLOT_RIGHT,
    grouped_bars,
    nice_ceiling,
    stacked_areas,
    text_width,
)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def indonesian() -> None:
    set_language("id")


def _marks(root: ET.Element) -> list[tuple[str, str, str]]:
    """Each tooltip-carrying mark: (its shape, its fill, its tooltip)."""
    found = []
    for group in root.iter(f"{SVG}g"):
        title = group.find(f"{SVG}title")
        shape = next(child for child in group if child.tag != f"{SVG}title")
        found.append(
            (shape.tag.removeprefix(SVG), shape.get("fill", ""), str(title.text if title is not None else ""))
        )
    return found


def _row(source: str, year: int, score: float, stage: str, **more: object) -> dict[str, object]:
    return {"source": source, "year": year, "score": score, "stage": stage, "date": None, "name": "Prov X",
            "publisher": "KPK", "citation": "Siaran pers", "status": stage, "area": None, **more}  # fmt: skip


def test_the_trend_marks_final_in_progress_and_published_points_apart() -> None:
    """Ours are circles (the open period hollow, joined by a dashed line to the last closed one), KPK's are
    diamonds (provisional readings hollow and unjoined); each tooltip says the score; every year between the
    first and the last is on the axis."""
    frame = pd.DataFrame(
        [
            _row("lentera", 2025, 89.6, "final"),
            _row("lentera", 2027, 41.0, "in_progress"),
            _row("published", 2025, 90.0, "final"),
            _row("published", 2025, 70.0, "provisional"),
        ]
    )
    root = ET.fromstring(trend_svg(frame, uji_catalog(), "KPK"))
    marks = _marks(root)
    circles = [(fill, tip) for shape, fill, tip in marks if shape == "circle"]
    diamonds = [(fill, tip) for shape, fill, tip in marks if shape == "polygon"]
    assert (
        len(circles) == 3 and len(diamonds) == 2
    )  # the closed 2025 point twice: its own series and the dash's start
    assert sum(fill == "#ffffff" for fill, _tip in circles) == 1 and any(
        "41,00" in tip for fill, tip in circles if fill == "#ffffff"
    )
    assert sorted(fill == "#ffffff" for fill, _tip in diamonds) == [False, True]
    assert any("70,00" in tip and "Siaran pers" in tip for fill, tip in diamonds if fill == "#ffffff")
    dashed = [line for line in root.iter(f"{SVG}polyline") if line.get("stroke-dasharray") == "7 4"]
    centres = {
        f"{circle.get('cx')},{circle.get('cy')}"
        for group in root.iter(f"{SVG}g")
        if (circle := group.find(f"{SVG}circle")) is not None
        and "Prov X" in str(group.findtext(f"{SVG}title"))
    }
    joins = [line.get("points", "").split() for line in dashed]
    assert [points for points in joins if set(points) <= centres] == [
        sorted(centres, key=lambda p: float(p.split(",")[0]))
    ]
    years = {str(text.text) for text in root.iter(f"{SVG}text")}
    assert {"2025", "2026", "2027"} <= years


def test_bars_are_as_tall_as_their_values_on_the_scale() -> None:
    """A bar of 50 on a 0–100 scale is half the plot's height, one of 100 all of it, a missing value no bar; each
    bar's tooltip says its value; among eight areas a long name wraps to two lines within its slot, whole on
    hover."""
    long = "Pengadaan Barang dan Jasa Pemerintah Daerah"
    others = [f"Area {n}" for n in range(6)]
    nan = float("nan")
    root = ET.fromstring(
        grouped_bars(
            ["Perencanaan", long, *others],
            [
                ("Mandiri", "#9DB4D3", [100.0, 50.0, *[nan] * 6]),
                ("Reviu", "#1F3864", [50.0, nan, *[nan] * 6]),
            ],
            high=100,
            title="Tahapan",
            value_title="Skor",
            bands=zone_bands(uji_catalog()),
        )
    )
    bars = {tip: (float(rect.get("y", 0)), float(rect.get("height", 0)))
            for group in root.iter(f"{SVG}g")
            if (rect := group.find(f"{SVG}rect")) is not None and (tip := group.findtext(f"{SVG}title"))}  # fmt: skip
    assert set(bars) == {
        "Perencanaan · Mandiri: 100,00",
        "Perencanaan · Reviu: 50,00",
        f"{long} · Mandiri: 50,00",
    }
    full = bars["Perencanaan · Mandiri: 100,00"][1]
    assert bars["Perencanaan · Reviu: 50,00"][1] == pytest.approx(full / 2)
    bottom = CHART_SIZE[1] - PLOT_BOTTOM
    assert all(y + height == pytest.approx(bottom) for y, height in bars.values())
    [label] = [text for text in root.iter(f"{SVG}text") if text.findtext(f"{SVG}title") == long]
    lines = [str(span.text) for span in label.findall(f"{SVG}tspan")]
    slot = (CHART_SIZE[0] - PLOT_LEFT - PLOT_RIGHT) / 8
    assert len(lines) == 2 and all(text_width(line, 11) <= slot for line in lines), lines


def test_a_name_full_of_markup_is_drawn_as_text() -> None:
    """A group or series named with HTML, markdown or a blank line stays well-formed text on one line (a blank
    line would end the markdown HTML block the drawing travels in): no element besides the drawing's own."""
    hostile = '<img src=x onerror="alert(1)"> **tebal** & "kutip"\n\n[klik](javascript:alert(3))'
    markup = grouped_bars(
        [hostile], [(hostile, "#123456", [10.0])], high=100, title=hostile, value_title=hostile
    )
    assert "\n" not in markup
    root = ET.fromstring(markup)
    assert {node.tag.removeprefix(SVG) for node in root.iter()} <= {
        "svg",
        "title",
        "g",
        "rect",
        "text",
        "tspan",
        "polyline",
    }
    assert root.findtext(f"{SVG}title") == " ".join(hostile.split())


def test_stacked_areas_pile_the_counts_of_each_day() -> None:
    """Each day's points sit at the running total of the series below and theirs (on an axis ending at a round
    number above the largest day's total); each point's tooltip says its own series' count."""
    root = ET.fromstring(
        stacked_areas(
            ["1 Des", "2 Des", "3 Des"],
            [("Rencana", "#9aa5b1", [2.0, 1.0, 0.0]), ("Selesai", "#2ca02c", [0.0, 3.0, 6.0])],
            title="Rencana aksi per status",
            value_title="Jumlah",
        )
    )
    points = {str(group.findtext(f"{SVG}title")): float(circle.get("cy", 0))
              for group in root.iter(f"{SVG}g") if (circle := group.find(f"{SVG}circle")) is not None}  # fmt: skip
    bottom = CHART_SIZE[1] - PLOT_BOTTOM
    unit = (bottom - points["3 Des · Selesai: 6"]) / 6  # the axis ends at 10: day 3's total, 6, is 6 units up
    assert points["1 Des · Rencana: 2"] == pytest.approx(bottom - 2 * unit)
    assert points["2 Des · Selesai: 3"] == pytest.approx(bottom - 4 * unit)  # on top of Rencana's 1
    assert points["3 Des · Rencana: 0"] == pytest.approx(bottom)
    grid = {str(text.text) for text in root.iter(f"{SVG}text")}
    assert {"0", "10"} <= grid and "12" not in grid


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 1), (1, 1), (3, 5), (7, 10), (10, 10), (11, 20), (420, 500)]
)
def test_a_count_axis_ends_at_a_round_number(value: float, ceiling: float) -> None:
    """1, 2, 5 × 10ⁿ: the smallest at or above the largest count."""
    assert nice_ceiling(value) == ceiling
