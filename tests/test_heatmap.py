"""The overview's heatmap reads at any width: column labels wrapped or cut (full name on hover), a colour bar that
names the zones, and on a phone the ranking list instead (chosen by the browser's width)."""

from __future__ import annotations

import re

import pytest
from app_driver import errors, open_tab, open_url
from demo_scope import Demo
from pandas.io.formats.style import Styler
from streamlit_internals import html_sources, plotly_figures

from i18n import t
from ui.leader.charts import LABEL_LINES, LABEL_WIDTH, PHONE_WIDTH_PX, wrap_label

pytestmark = pytest.mark.usefixtures("browserless")


def test_a_long_area_name_wraps_to_two_short_lines_and_is_cut_with_an_ellipsis() -> None:
    """No label line is wider than about 14 characters, so neighbouring columns never overlap."""
    long = "Pengadaan Barang dan Jasa Pemerintah Daerah Terintegrasi"
    lines = wrap_label(long).split("<br>")
    assert len(lines) == LABEL_LINES and lines[-1].endswith("…")
    assert all(len(line) <= LABEL_WIDTH + 2 for line in lines)
    assert wrap_label("Perizinan") == "Perizinan"
    assert wrap_label("Manajemen Aset Daerah") == "Manajemen Aset<br>Daerah"


def test_the_leaders_heatmap_has_short_labels_full_names_on_hover_and_named_zones(role_demo: Demo) -> None:
    """The chart's column labels fit, the hover says the whole area name, the colour bar says the zone names;
    a phone gets the OPD ranking list in place of the chart."""
    at = open_tab(open_url(role_demo.actors["sekda"], "ikhtisar"), t("ui.tab.heatmap", "id"))
    assert not at.exception, errors(at)
    [figure] = [f for f in plotly_figures(at) if f["data"] and f["data"][0].get("type") == "heatmap"]
    trace = figure["data"][0]
    labels = figure["layout"]["xaxis"]["ticktext"]
    assert labels and all(len(line) <= LABEL_WIDTH + 2 for label in labels for line in label.split("<br>"))
    full_names = trace["customdata"][0]
    assert "%{customdata}" in trace["hovertemplate"]
    assert trace["colorbar"]["ticktext"] and all(
        re.search("[A-Za-z]", z) for z in trace["colorbar"]["ticktext"]
    )
    assert "Pengadaan Barang/Jasa" in full_names and "Pengadaan<br>Barang/Jasa" in labels
    # The phone's table: the OPD ranking under the heatmap, by the short names the chart rows use.
    name = t("ui.col.name", "id")
    shown = [f.value.data if isinstance(f.value, Styler) else f.value for f in at.dataframe]
    assert any(name in f.columns and set(f[name]) == set(trace["y"]) for f in shown)
    css = " ".join(html_sources(at))
    assert f"max-width: {PHONE_WIDTH_PX}px" in css and "st-key-heatmap_wide" in css
