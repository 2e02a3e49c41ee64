"""The overview's "Provinsi dan kabupaten/kota" tab on the seeded demo, as the Sekda reads it (issue 13 §4): the
province above, all ten kab/kota below it (not ranked), KPK's 2025 results with their status, Lentera's readiness
where a kab/kota runs a period, "belum ada data" where neither, and the sources under the table."""

from __future__ import annotations

import pandas as pd
import pytest
from app_driver import actor_of, chart_texts, errors, open_tab, open_url, shown_texts
from pandas.io.formats.style import Styler

from i18n import t

pytestmark = pytest.mark.usefixtures("browserless", "demo")


def _tables(at: object) -> list[pd.DataFrame]:
    """The province's and the kab/kota's tables (those with the readiness column), in page order."""
    frames = []
    for element in at.dataframe:  # type: ignore[attr-defined]
        value = element.value
        frame = value.data if isinstance(value, Styler) else value  # type: ignore[attr-defined]
        if "Kesiapan Lentera (reviu internal)" in frame.columns:
            frames.append(frame)
    return frames


def test_the_sekda_sees_every_kab_kota_beside_kpks_results() -> None:
    """Ten kab/kota, Taliabu with KPK's final 45,00, the province's final 90,00 above them."""
    at = open_tab(open_url(actor_of("sekda"), "ikhtisar"), t("ui.tab.region_ranking", "id"))
    assert not at.exception, errors(at)
    province, kabkota = _tables(at)
    assert province["Nama"].tolist() == ["Provinsi Maluku Utara"]
    assert "90,00 (final)" in province.to_numpy().ravel().tolist()
    assert len(kabkota) == 10
    assert "Provinsi Maluku Utara" not in kabkota["Nama"].tolist()
    assert "Peringkat" not in kabkota.columns
    taliabu = kabkota.loc[kabkota["Nama"] == "Kabupaten Pulau Taliabu"].iloc[0]
    assert taliabu["KPK 2025"] == "45,00 (final)"
    for _, row in kabkota.iterrows():  # each row says what is known, or that nothing is
        known = row["KPK 2025"] != "–" or row["Kesiapan Lentera (reviu internal)"] != "–"
        assert known or row["Keterangan"] == "belum ada data"
    text = " ".join(shown_texts(at))
    assert "Sumber: KPK" in text


def test_the_trend_draws_the_open_period_as_provisional_with_sources() -> None:
    """The trend tab: last year's closed period final, this year's open one a "sementara" series, KPK's finals
    and provisional readings apart, each published point's source in its hover text and under the chart."""
    at = open_tab(open_url(actor_of("sekda"), "ikhtisar"), t("ui.tab.trend", "id"))
    assert not at.exception, errors(at)
    texts = chart_texts(at)
    for name in (
        "Lentera, periode ditutup",
        "Lentera, periode berjalan (sementara)",
        "KPK, nilai final",
        "KPK, bacaan sementara",
    ):
        assert name in texts
    assert any(text.startswith("Provinsi Maluku Utara 2025: 90,00 · Sumber: KPK") for text in texts)
    assert any("sementara (periode berjalan)" in text for text in texts)
    assert "Sumber nilai yang diumumkan:" in " ".join(shown_texts(at))


def test_the_sekda_sees_who_is_furthest_behind() -> None:
    """ "Yang perlu ditindaklanjuti": OPDs with open items, their focal point (or that there is none), the as-of
    time of the data in WIT."""
    at = open_url(actor_of("sekda"), "ikhtisar")
    assert not at.exception, errors(at)
    frames = [e.value for e in at.dataframe if "Focal point" in getattr(e.value, "columns", [])]
    assert len(frames) == 1
    behind = frames[0]
    assert 0 < len(behind) <= 10
    assert list(behind.columns) == ["OPD", "Belum diajukan", "Dikembalikan", "Sisa hari (WIT)", "Focal point"]
    assert all(isinstance(name, str) and name for name in behind["Focal point"])
    text = " ".join(shown_texts(at))
    assert "Yang perlu ditindaklanjuti" in text and "Data per " in text and "WIT" in text
