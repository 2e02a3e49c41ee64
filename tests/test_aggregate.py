"""The pemda aggregation (``scoring.aggregate``) without a database: leaf means of the OPDs' values, the relaxed
catalog, and the fast path's frame scored to the same numbers. Every expected number is worked out by hand on
the ``uji_catalog`` (A = 60 × (A1 + 3·A2 + A3)/5 share, B = 40 × B1 share, levels 1..5 → 20..100).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from uji_catalog import uji_catalog

from indicators import ROOT_CODE, Catalog
from scoring.aggregate import (
    MEAN_COLUMNS,
    LeafMeans,
    pemda_frame,
    region_means,
    relaxed_catalog,
    score_opds,
    score_pemda_means,
    score_regions,
    with_unassigned,
)

COLUMNS = ["region_id", "entity", "code", "value", "self_value", "status"]
NAN = float("nan")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return uji_catalog()


@pytest.fixture(scope="module")
def relaxed(catalog: Catalog) -> Catalog:
    return relaxed_catalog(catalog)


def opd_rows() -> pd.DataFrame:
    """Pemda 1: OPD a (A1 verified 100, A2 claimed 100 verified 50, B1 claimed 4 submitted), OPD b (A1 draft 50,
    A3 untouched, B1 claimed 5 returned). Pemda 2: OPD c (A1 verified 100, A2 assigned, untouched)."""
    return pd.DataFrame(
        [
            (1, "a", "A1", 100, 100, "verified"),
            (1, "a", "A2", 50, 100, "verified"),
            (1, "a", "B1", NAN, 4, "submitted"),
            (1, "b", "A1", NAN, 50, "draft"),
            (1, "b", "A3", NAN, NAN, "empty"),
            (1, "b", "B1", NAN, 5, "returned"),
            (2, "c", "A1", 100, 100, "verified"),
            (2, "c", "A2", NAN, NAN, "empty"),
        ],
        columns=COLUMNS,
    ).astype({"value": float, "self_value": float})


def at(frame: pd.DataFrame, entity: str, code: str, column: str = "score") -> float:
    rows = frame.loc[(frame["entity"] == entity) & (frame["code"].astype(str) == code), column]
    assert len(rows) == 1, (entity, code)
    return float(rows.iloc[0])


def test_leaf_means_count_a_missing_value_as_zero_and_keep_an_unanswered_leaf_empty() -> None:
    means = region_means(opd_rows())
    assert list(means.columns) == MEAN_COLUMNS
    assert at(means, "1", "A1", "value") == 50  # (100 + nothing) / 2
    assert at(means, "1", "A1", "self_value") == 75  # (100 + 50) / 2: a draft is a claim
    assert at(means, "1", "A1", "projected") == 50  # the draft does not project
    assert at(means, "1", "A2", "value") == 50
    assert np.isnan(at(means, "1", "A3", "value"))  # nobody has a value: empty, not 0
    assert at(means, "1", "B1", "self_value") == 4.5
    assert at(means, "1", "B1", "projected") == 2  # submitted 4 counts, the returned 5 does not: 4 / 2
    assert np.isnan(at(means, "1", "B1", "value"))
    assert at(means, "2", "A1", "value") == 100
    assert np.isnan(at(means, "2", "A2", "value"))
    assert len(means) == 6  # one row per pemda × assigned leaf
    assert region_means(opd_rows().iloc[0:0]).empty


def test_leaf_means_match_a_groupby_on_a_large_random_frame() -> None:
    """The array version of ``region_means`` gives a pandas groupby's groups, order and values (mean rule)."""
    rng = np.random.default_rng(7)
    n = 5000
    frame = pd.DataFrame(
        {
            "region_id": rng.integers(0, 40, n),
            "code": rng.choice(["A1", "A2", "A3", "B1"], n),
            "value": np.where(rng.random(n) < 0.3, NAN, rng.choice([0.0, 50.0, 100.0], n)),
            "self_value": np.where(rng.random(n) < 0.2, NAN, rng.choice([0.0, 50.0, 100.0], n)),
            "status": rng.choice(["verified", "submitted", "draft", "returned", "empty"], n),
        }
    )
    frame.loc[3, "code"] = None  # a row without a leaf belongs to no group
    means = region_means(frame)
    usable = frame.loc[frame["code"].notna()].assign(entity=lambda f: f["region_id"].astype(str))
    grouped = usable.groupby(["entity", "code"], sort=False)
    assert list(zip(means["entity"], means["code"], strict=True)) == list(grouped.size().index)
    expected = grouped["value"].sum(min_count=1) / grouped.size()
    assert np.allclose(means["value"].to_numpy(), expected.to_numpy(), equal_nan=True)


def test_the_relaxed_catalog_accepts_means_and_keeps_scale_weights_and_tags(
    catalog: Catalog, relaxed: Catalog
) -> None:
    assert relaxed.scale == catalog.scale
    for leaf in catalog.leaves():
        twin = relaxed.node(leaf.code)
        assert twin.weight == leaf.weight
        assert twin.tags == leaf.tags
        assert twin.maximum == leaf.maximum
    # 75 is not a step of A1 (0/50/100) nor 4.5 a level of B1, but both are means the pemda may have.
    frame = pd.DataFrame({"entity": ["p", "p"], "code": ["A1", "B1"], "value": [75.0, 4.5]})
    result = score_opds(relaxed, frame.assign(self_value=NAN, status="verified"))
    assert at(result, "p", "A1") == 75
    assert at(result, "p", "B1") == 90


def test_pemda_scores_by_hand(relaxed: Catalog) -> None:
    result = score_regions(relaxed, opd_rows())
    # Pemda 1: A = (50 + 3·50 + 0) / 5 = 40, B = 0 → 0.6 × 40 = 24.
    assert at(result, "1", "A") == pytest.approx(40)
    assert at(result, "1", ROOT_CODE) == pytest.approx(24)
    # Self: A = (75 + 3·100 + 0) / 5 = 75, B1 4.5 of 5 = 90 → 45 + 36 = 81.
    assert at(result, "1", ROOT_CODE, "self_score") == pytest.approx(81)
    # Projected: A = 40, B1 2 of 5 = 40 → 24 + 16 = 40.
    assert at(result, "1", ROOT_CODE, "projected") == pytest.approx(40)
    # Pemda 2 has only area A (weights renormalise over what applies): A = (100 + 3·0) / 4 = 25.
    assert at(result, "2", ROOT_CODE) == pytest.approx(25)
    assert "B" not in set(result.loc[result["entity"] == "2", "code"].astype(str))
    # The digital lens: A1 and B1 only. Pemda 1: A = 50, B = 0 → 30.
    digital = score_regions(relaxed, opd_rows(), tag="digital")
    assert at(digital, "1", ROOT_CODE) == pytest.approx(30)
    assert score_regions(relaxed, opd_rows().iloc[0:0]).empty


def test_the_means_a_database_returns_score_like_the_rows_they_came_from(relaxed: Catalog) -> None:
    """The national fast path's half that is pure: ``LeafMeans`` per period → ``pemda_frame`` → scores."""
    rows = opd_rows()
    means = region_means(rows)
    per_period = {
        10 + region: LeafMeans.from_rows(
            [
                (code, None if np.isnan(value) else value, None if np.isnan(claimed) else claimed)
                for code, value, claimed in part[["code", "value", "self_value"]].itertuples(index=False)
            ]
        )
        for region, part in ((int(e), means.loc[means["entity"] == e]) for e in ("1", "2"))
    }
    assert np.isnan(per_period[11].value[list(per_period[11].codes).index("A3")])  # None read back as NaN
    frame = pemda_frame(per_period, {11: 1, 12: 2})
    assert list(frame.columns) == ["entity", "code", "value", "self_value"]
    assert list(frame["entity"]) == ["1"] * 4 + ["2"] * 2
    for tag in (None, "digital"):
        fast = score_pemda_means(relaxed, frame, tag=tag)
        slow = score_regions(relaxed, rows, tag=tag)
        for entity in ("1", "2"):
            for column in ("score", "self_score"):
                assert at(fast, entity, ROOT_CODE, column) == pytest.approx(
                    at(slow, entity, ROOT_CODE, column)
                )
    assert pemda_frame({}, {}).empty
    assert score_pemda_means(relaxed, pemda_frame({}, {})).empty


def _per_period(means: pd.DataFrame) -> dict[int, LeafMeans]:
    """Region means as a database returns them: period 10 + region → ``LeafMeans`` (None for NaN)."""
    return {
        10 + region: LeafMeans.from_rows(
            [
                (code, None if np.isnan(value) else value, None if np.isnan(claimed) else claimed)
                for code, value, claimed in part[["code", "value", "self_value"]].itertuples(index=False)
            ]
        )
        for region, part in ((int(e), means.loc[means["entity"] == e]) for e in means["entity"].unique())
    }


def test_the_fast_frame_adds_a_pemda_without_rows_and_unassigned_leaves_as_the_text_frame_does(
    relaxed: Catalog,
) -> None:
    """The national fast path's categorical frame gets the same added rows as a province's text frame: every
    applicable leaf of a pemda with no row at all, and the leaves no OPD of another pemda was given."""
    rows = opd_rows()
    kinds = {1: "provinsi", 2: "kabupaten", 3: "kota"}  # pemda 3 has no period rows
    fast = pemda_frame(_per_period(region_means(rows)), {11: 1, 12: 2}, catalog=relaxed, kinds=kinds)
    text = with_unassigned(region_means(rows), relaxed, {str(r): kind for r, kind in kinds.items()})
    assert isinstance(fast["entity"].dtype, pd.CategoricalDtype)
    assert isinstance(fast["code"].dtype, pd.CategoricalDtype)

    def added(frame: pd.DataFrame) -> list[tuple[str, str, bool]]:
        return sorted(
            zip(frame["entity"].astype(str), frame["code"].astype(str), frame["unassigned"], strict=True)
        )

    assert added(fast) == added(text)
    assert sorted(fast.loc[fast["entity"] == "3", "code"].astype(str)) == sorted(
        leaf.code for leaf in relaxed.leaves_for("kota")
    )
    assert fast.loc[fast["entity"] == "3", "unassigned"].all()
    fast_scores = score_pemda_means(relaxed, fast)
    slow_scores = score_regions(relaxed, rows, kinds={str(r): kind for r, kind in kinds.items()})
    for entity in ("1", "2", "3"):
        assert at(fast_scores, entity, ROOT_CODE) == pytest.approx(at(slow_scores, entity, ROOT_CODE))
    assert at(fast_scores, "3", ROOT_CODE) == 0  # nothing assigned: every leaf at MCP's floor
