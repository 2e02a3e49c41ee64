"""The "Peringkat Kesiapan Pemda" page, driven through ``AppTest`` on a copy of the seeded Maluku Utara demo.

The page must show exactly what ``services.national.national_ranking`` returns for the signed-in user (ranks, codes,
names, Indonesian-formatted scores), follow the digital lens and the province filter, offer the CSV, and stay
closed to focal points.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
from app_driver import actor_of, go_to, sign_in, svg_drawings, svg_tooltips, texts

from i18n import format_number

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie

PAGE = "peringkat-nasional"


def _shown(at: object) -> pd.DataFrame:
    frames = [d.value for d in at.dataframe if "Kode Kemendagri" in d.value.columns]  # type: ignore[attr-defined]
    assert len(frames) == 1
    return frames[0]


def _expected(ranking: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Peringkat": [str(int(r)) for r in ranking["rank"]],
            "Kode Kemendagri": list(ranking["kemendagri_code"]),
            "Nama": list(ranking["name"]),
            "Skor": [format_number(float(s), 2, "id") for s in ranking["score"]],
        }
    )


def test_leader_sees_the_ranking_the_service_computes(demo: dict[str, str]) -> None:
    """The table, chart, own-rank line and CSV show the service's ranking for the leader's scope."""
    from services.national import national_ranking

    at = sign_in("sekda", demo["sekda"])
    go_to(at, PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert texts(at.header) == ["Peringkat Kesiapan Pemda"]
    catalog_key = at.selectbox(key="national_catalog").value
    assert catalog_key is not None
    leader = actor_of("sekda")
    ranking = national_ranking(leader, catalog_key=catalog_key)
    assert len(ranking) >= 2  # the province and its kabupaten/kota with a period of the catalog
    shown = _shown(at)
    pd.testing.assert_frame_equal(
        shown[["Peringkat", "Kode Kemendagri", "Nama", "Skor"]].reset_index(drop=True), _expected(ranking)
    )
    # one bar per pemda (the demo's fit the top 20), in rank order, scores as in the table
    [chart] = svg_drawings(at)
    bars = svg_tooltips(chart)
    assert [bar.rsplit(": ", 1)[1] for bar in bars] == list(_expected(ranking)["Skor"])
    assert [bar.split(". ", 1)[0] for bar in bars] == [str(rank) for rank in _expected(ranking)["Peringkat"]]
    own = ranking.loc[ranking["entity"] == str(leader.region_id)].iloc[0]
    assert any(f"peringkat {int(own['rank'])} dari {len(ranking)}" in text for text in texts(at.markdown))
    downloads = at.download_button
    assert len(downloads) == 1

    # The digital lens asks the service for the digital leaves only.
    at.toggle(key="digital_lens").set_value(True).run()
    assert not at.exception
    digital = national_ranking(leader, catalog_key=catalog_key, tag="digital")
    shown = _shown(at)
    pd.testing.assert_frame_equal(
        shown[["Peringkat", "Kode Kemendagri", "Nama", "Skor"]].reset_index(drop=True), _expected(digital)
    )
    assert list(shown["Skor"]) != list(_expected(ranking)["Skor"])


def test_province_filter_keeps_the_ranks_and_the_csv_holds_the_rows(demo: dict[str, str]) -> None:
    """Filtering by province shows only its pemda, with their ranks in the whole scope."""
    from services.national import national_ranking

    at = sign_in("admin", demo["admin"])
    go_to(at, PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    catalog_key = at.selectbox(key="national_catalog").value
    assert catalog_key is not None
    ranking = national_ranking(actor_of("admin"), catalog_key=catalog_key)
    province = str(ranking["province"].iloc[0])
    at.selectbox(key="national_province").set_value(province).run()
    shown = _shown(at)
    rows = ranking.loc[ranking["province"] == province]
    assert list(shown["Nama"]) == list(rows["name"])
    assert list(shown["Peringkat"]) == [str(int(r)) for r in rows["rank"]]
    assert [str(d.label) for d in at.download_button] == ["Unduh CSV"]
    # The CSV offered holds the filtered rows with their scores as plain numbers.
    from ui.national import ranking_csv

    raw = ranking_csv(rows)
    assert raw.startswith(b"\xef\xbb\xbf")  # the one CSV convention: Excel in Indonesian (BOM, ";", 2,5)
    csv = pd.read_csv(
        io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig", dtype={"Kode Kemendagri": str}
    )
    assert list(csv["Nama"]) == list(rows["name"])
    assert list(csv["Skor"]) == pytest.approx(list(rows["score"].astype(float)), abs=1e-4)


@pytest.mark.parametrize("username", ["inspektur", "admin"])
def test_inspector_and_admin_open_the_page(demo: dict[str, str], username: str) -> None:
    """Inspectors and admins get the page with the service's number of pemda."""
    from services.national import national_ranking

    at = sign_in(username, demo[username])
    go_to(at, PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    catalog_key = at.selectbox(key="national_catalog").value
    assert catalog_key is not None
    ranking = national_ranking(actor_of(username), catalog_key=catalog_key)
    assert len(_shown(at)) == len(ranking)


def test_focal_point_cannot_open_the_national_page(demo: dict[str, str]) -> None:
    """The page is not registered for a focal point: neither the menu nor a typed path opens it."""
    at = sign_in("fp.diskominfosan", demo["fp.diskominfosan"])
    go_to(at, PAGE).run()
    assert texts(at.header) == ["Daftar Periksa OPD"]
