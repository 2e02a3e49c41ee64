"""The "Cara menghitung" (issue 13 §2): how an item, an area, an OPD and the pemda are scored, generated from the
catalog's data (rule names and counts, the scale's floor, zones, who an item applies to), in Indonesian and
English, and printed in the xlsx and the PDF."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sample_report import province_sample

from indicators import available_catalogs, load_catalog
from reports import build_xlsx
from reports.method import how_computed


def test_the_text_comes_from_the_catalog() -> None:
    mcp = dict(how_computed(load_catalog("mcp-2025"), "id"))
    assert list(mcp) == ["Butir", "Area", "OPD", "Pemda"]
    assert "lead — nilai OPD pengampu (81 butir)" in mcp["Pemda"]
    assert "all — nilai terendah" in mcp["Pemda"] and "(12 butir)" in mcp["Pemda"]
    assert "belum ditugaskan" in mcp["Pemda"] and "PAJAK.2.3 (provinsi)" in mcp["Pemda"]
    assert "merah 0–25" in mcp["Area"] and "(skala 0–100)" in mcp["Butir"]
    spbe = dict(how_computed(load_catalog("spbe-2021"), "en"))
    assert list(spbe) == ["Item", "Area", "OPD", "Pemda"]
    assert "counts at the scale's floor (1)" in spbe["Item"]
    assert "indicative" in spbe["OPD"] and "Memuaskan" in spbe["OPD"]
    assert "mean — the mean (coverage) of the OPDs' values (47 items)" in spbe["Pemda"]


def test_the_xlsx_prints_the_method() -> None:
    data = province_sample()
    data.method = how_computed(load_catalog("mcp-2025"), "id")
    book = load_workbook(io.BytesIO(build_xlsx(data)), read_only=True)
    cells = [str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "Cara menghitung" in cells
    assert any(c.startswith("Nilai pemda per butir") for c in cells)


@pytest.mark.parametrize("key", available_catalogs())
def test_every_rule_kind_is_named_in_words(key: str) -> None:
    """No message key in place of a rule's name (Pemdi's external-index items read 'method.kind.external_index'
    before), in either language."""
    for lang in ("id", "en"):
        for _heading, text in how_computed(load_catalog(key), lang):
            assert "method." not in text, text


def test_pemdi_says_its_levels_are_cumulative() -> None:
    """Pemdi 2026: 13 cumulative level items and 7 converted from an external index, counted 1 without a value."""
    pemdi = dict(how_computed(load_catalog("pemdi-2026"), "id"))
    assert (
        "tingkat 1–5 kumulatif: tingkat yang dicapai adalah tingkat tertinggi yang buktinya" in pemdi["Butir"]
    )
    assert "(13 butir)" in pemdi["Butir"]
    assert "tingkat 1–5 dikonversi dari indeks eksternal (tanpa nilai indeks: 1) (7 butir)" in pemdi["Butir"]
