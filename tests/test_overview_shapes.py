"""The overview's shapes (``scoring.overview``) without a database: counts, progress, heatmap, the pemda gap list
with the OPDs short on each item, totals and ranks, on hand-made rows of the ``uji_catalog``."""

from __future__ import annotations

import pandas as pd
import pytest
from uji_catalog import uji_catalog

from indicators import ROOT_CODE, Catalog
from scoring import overview as shapes
from scoring.aggregate import relaxed_catalog, score_opds, score_regions

NAN = float("nan")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return uji_catalog()


def rows() -> pd.DataFrame:
    """OPD 1: A1 verified 100, A2 verified 50, B1 submitted; OPD 2: A1 draft, A3 empty, B1 returned (pemda 9)."""
    return pd.DataFrame(
        [
            (9, "1", "A1", 100, 100, "verified"),
            (9, "1", "A2", 50, 100, "verified"),
            (9, "1", "B1", NAN, 4, "submitted"),
            (9, "2", "A1", NAN, 50, "draft"),
            (9, "2", "A3", NAN, NAN, "empty"),
            (9, "2", "B1", NAN, 5, "returned"),
        ],
        columns=["region_id", "entity", "code", "value", "self_value", "status"],
    ).astype({"value": float, "self_value": float})


def test_counts_and_progress_group_statuses() -> None:
    frame = rows()
    frame.loc[len(frame)] = (9, "2", "A2", NAN, 50, "reopened")  # back in the queue: counted as submitted
    assert shapes.counts(frame) == {
        "verified": 2, "submitted": 2, "returned": 1, "draft": 1, "missing": 1, "total": 7,
    }  # fmt: skip
    progress = shapes.progress(frame).set_index("entity")
    assert list(progress.columns) == list(shapes.COUNT_KEYS)
    assert progress.loc["1"].to_dict() == {
        "verified": 2, "submitted": 1, "returned": 0, "draft": 0, "missing": 0, "total": 3,
    }  # fmt: skip
    assert progress.loc["2", "submitted"] == 1 and progress.loc["2", "total"] == 4
    assert shapes.counts(frame.iloc[0:0])["total"] == 0
    assert list(shapes.progress(frame.iloc[0:0]).columns) == ["entity", *shapes.COUNT_KEYS]


def test_heatmap_and_areas_follow_the_catalog(catalog: Catalog) -> None:
    scores = score_opds(catalog, rows())
    heatmap = shapes.heatmap(catalog, scores)
    assert list(heatmap.columns) == ["A", "B"]
    assert heatmap.loc["1", "A"] == pytest.approx(62.5)  # (100 + 3·50) / 4
    assert heatmap.loc["1", "B"] == 0
    assert heatmap.loc["2", "A"] == 0
    assert list(shapes.areas(catalog)["name"]) == ["Area A", "Area B"]
    assert list(shapes.heatmap(catalog, scores.iloc[0:0]).columns) == ["A", "B"]


def test_the_pemda_gap_list_names_the_opds_short_on_each_item(catalog: Catalog) -> None:
    region_scores = score_regions(relaxed_catalog(catalog), rows())
    gaps = shapes.gap_list_with_owners(
        catalog, region_scores, region="9", opd_rows=rows(), abbreviations={"1": "OPD1", "2": "OPD2"}
    ).set_index("code")
    # A2: OPD1 verified 50 of 100; A1: OPD2 has no verified value (OPD1 is at the maximum); B1: both short.
    assert gaps.loc["A2", "organisations"] == "OPD1"
    assert gaps.loc["A1", "organisations"] == "OPD2"
    assert gaps.loc["B1", "organisations"] == "OPD1, OPD2"
    assert gaps.loc["B1", "name"] == "Layanan daring"
    # Gains by hand (pemda A = 40 of 100, B1 0): B1 0.4 × 100 = 40 first; A3 0.6 × 1/5 × 100 = 12.
    assert gaps.index[0] == "B1"
    assert gaps.loc["B1", "gain"] == pytest.approx(40)
    assert gaps.loc["A3", "gain"] == pytest.approx(12)
    assert gaps["gain"].is_monotonic_decreasing
    empty = shapes.gap_list_with_owners(
        catalog, region_scores.iloc[0:0], region="9", opd_rows=rows(), abbreviations={}
    )
    assert {"name", "organisations"} <= set(empty.columns) and empty.empty


def test_total_ranking_and_rank_change(catalog: Catalog) -> None:
    region_scores = score_regions(relaxed_catalog(catalog), rows())
    total = shapes.total(region_scores, "9")
    assert total["score"] == pytest.approx(24)
    assert total["self_score"] == pytest.approx(81)
    assert total["projected"] == pytest.approx(40)
    assert total["zone"] == "merah"
    assert shapes.total(region_scores, "8") == {}
    now = score_opds(catalog, rows())  # OPD 1: 37.5, OPD 2: 0
    before = now.assign(score=now["score"].where(now["entity"] == "2", 0.0))
    before.loc[(before["entity"] == "2") & (before["code"].astype(str) == ROOT_CODE), "score"] = 10.0
    ranking = shapes.ranking(now, before).set_index("entity")
    assert ranking.loc["1", "rank"] == 1 and ranking.loc["1", "previous_rank"] == 2
    assert ranking.loc["1", "rank_change"] == 1 and ranking.loc["2", "rank_change"] == -1
    unranked_before = shapes.ranking(now, now.iloc[0:0])  # an empty previous result: no change, not an error
    assert unranked_before["previous_rank"].isna().all()
    assert list(shapes.ranking(now.iloc[0:0]).columns) == shapes.RANK_COLUMNS
    assert shapes.opd_rank(now, "1") == (1, 2)
    assert shapes.opd_rank(now, "7") == (None, 2)
