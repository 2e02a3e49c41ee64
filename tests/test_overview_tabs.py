"""The leader's overview draws only its open tab (``ui.widgets.lazy_tabs``), on ``role_demo``: a first load sends
the ranking and no chart (so the browser never loads the chart library for tabs nobody opened); another tab is
drawn once clicked and stays open through a rerun (the digital lens) and a language switch."""

from __future__ import annotations

import pytest
from app_driver import SVG, errors, open_tab, open_url, svg_drawings, texts
from demo_scope import Demo
from streamlit.testing.v1 import AppTest
from streamlit_internals import plotly_figures

from i18n import t

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie

TABS = ("ui.tab.opd_ranking", "ui.tab.region_ranking", "ui.tab.heatmap", "ui.tab.gaps", "ui.tab.trend",
        "ui.tab.stages")  # fmt: skip


def _chart_kinds(at: AppTest) -> list[str]:
    """The plotly charts' kinds, and the title of each chart the server draws as SVG (``ui.svg``)."""
    kinds = [figure["data"][0].get("type", "") for figure in plotly_figures(at) if figure["data"]]
    titles = [drawing.find(f"{SVG}title") for drawing in svg_drawings(at)]
    return kinds + [str(title.text) for title in titles if title is not None]


def _ranking_shown(at: AppTest, lang: str = "id") -> bool:
    return any(t("ui.overview.click_to_drill", lang) in caption for caption in texts(at.caption))


def test_the_first_load_draws_the_ranking_and_no_chart(role_demo: Demo) -> None:
    """All six tabs are offered; only the OPD ranking is drawn, and no plotly chart is sent."""
    at = open_url(role_demo.actors["sekda"], "ikhtisar")
    assert not at.exception, errors(at)
    assert [tab.label for tab in at.tabs] == [t(key, "id") for key in TABS]
    assert _ranking_shown(at)
    assert _chart_kinds(at) == []
    assert t("ui.overview.heatmap_note", "id") not in texts(at.caption)


def test_an_opened_tab_is_drawn_and_stays_open_through_the_lens_and_a_language_switch(
    role_demo: Demo,
) -> None:
    """The heatmap tab, once opened, shows the heatmap instead of the ranking; switching the digital lens on
    and then the language to English keeps it open (the tab's label changes with the language)."""
    at = open_tab(open_url(role_demo.actors["sekda"], "ikhtisar"), t("ui.tab.heatmap", "id"))
    assert not at.exception, errors(at)
    assert _chart_kinds(at) == [t("ui.tab.heatmap", "id")]
    assert not _ranking_shown(at)
    at.toggle(key="digital_lens").set_value(True).run()
    assert not at.exception, errors(at)
    assert t("ui.lens.active", "id") in texts(at.info)
    assert _chart_kinds(at) == [t("ui.tab.heatmap", "id")]
    at.selectbox(key="language_select").set_value("en").run()
    assert not at.exception, errors(at)
    assert [tab.label for tab in at.tabs] == [t(key, "en") for key in TABS]
    assert _chart_kinds(at) == [t("ui.tab.heatmap", "en")]
    assert t("ui.overview.heatmap_note", "en") in texts(at.caption)
    assert not _ranking_shown(at, "en")
