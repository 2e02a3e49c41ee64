"""The area view shows the area scores KPK published for the pemda (issue 13 §3): Halmahera Selatan's Sekda sees
KPK's 2024 area results (Perencanaan 100, reported) with their source under the heatmap; on ``role_demo``."""

from __future__ import annotations

import pytest
from app_driver import errors, open_tab, open_url
from demo_scope import Demo

from i18n import t

pytestmark = pytest.mark.usefixtures("browserless")


def test_the_area_view_shows_kpks_published_area_scores(role_demo: Demo) -> None:
    """The Halmahera Selatan Sekda's overview: a table of KPK's area scores with year, status and source."""
    at = open_tab(open_url(role_demo.actors["sekda.halsel"], "ikhtisar"), t("ui.tab.heatmap", "id"))
    assert not at.exception, errors(at)
    frames = [
        e.value for e in at.dataframe if "Area" in getattr(e.value, "columns", []) and "Sumber" in e.value
    ]
    areas = next(f for f in frames if "Tahun" in f.columns and "Nama" not in f.columns)
    perencanaan = areas.loc[areas["Area"] == "Perencanaan"].iloc[0]
    assert perencanaan["Tahun"] == "2024"
    assert perencanaan["Skor"] == "100,00"
    assert perencanaan["Status"] == "dilaporkan media"
    assert perencanaan["Sumber"].startswith("Sumber: KPK")
