"""How OPD values make a pemda value (issue 13 §2), without a database: each rule (lead / any / all / mean) and
an applicable item assigned to no OPD counting 0, every expected number worked out by hand.

The catalog: area P (weight 1) with leaves M (mean), Y (any), L (all), D (lead), each 0..100, and T (applies to
kabupaten/kota only, mean); area Q (weight 1) with leaf Q1 (mean). All leaf weights 1.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from indicators import ROOT_CODE, Catalog
from scoring import overview as shapes
from scoring.aggregate import region_means, relaxed_catalog, rules_of, score_regions

NAN = float("nan")
PERCENT: dict[str, Any] = {"kind": "percent"}


def leaf(code: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "name": f"Butir {code}", "rule": PERCENT, **extra}


CATALOG = Catalog.model_validate(
    {
        "key": "aturan",
        "name": "Aturan pemda",
        "framework": "MCP",
        "year": 2026,
        "scale": {"max": 100},
        "zones": [{"name": "semua", "min": 0, "max": 100}],
        "aggregation": "mean",
        "nodes": [
            {
                "code": "P",
                "name": "Area P",
                "children": [
                    leaf("M"),
                    leaf("Y", aggregation="any"),
                    leaf("L", aggregation="all"),
                    leaf("D", aggregation="lead"),
                    leaf("T", applies_to=["kabupaten", "kota"]),
                ],
            },
            {"code": "Q", "name": "Area Q", "children": [leaf("Q1")]},
        ],
    }
)


@pytest.fixture(scope="module")
def relaxed() -> Catalog:
    return relaxed_catalog(CATALOG)


def opd_rows() -> pd.DataFrame:
    """Pemda 1 (a kabupaten), OPDs a, b, c; pemda 2 (a province), OPDs x, y. (value, self_value, lead)"""
    rows = [
        # M (mean): 100, 50, nothing → 150 / 3 = 50
        (1, "a", "M", 100, 100, False),
        (1, "b", "M", 50, 50, False),
        (1, "c", "M", NAN, 100, False),
        # Y (any): one Perda uploaded by b suffices → 100 (the mean would halve it to 50)
        (1, "a", "Y", NAN, NAN, False),
        (1, "b", "Y", 100, 100, False),
        # L (all): 100, 50, 100 → the lowest, 50
        (1, "a", "L", 100, 100, False),
        (1, "b", "L", 50, 100, False),
        (1, "c", "L", 100, 100, False),
        # D (lead): a is the lead with 50; b's 100 does not count → 50
        (1, "a", "D", 50, 50, True),
        (1, "b", "D", 100, 100, False),
        # T applies to a kabupaten and nobody is assigned it → 0; Q1 assigned to a → 80
        (1, "a", "Q1", 80, 80, False),
        # Pemda 2 (province): L with one OPD lacking a value → 0; D with no lead marked → the mean (100 + 0) / 2
        (2, "x", "L", 100, 100, False),
        (2, "y", "L", NAN, 100, False),
        (2, "x", "D", 100, 100, False),
        (2, "y", "D", NAN, NAN, False),
        (2, "x", "Q1", 40, 40, False),
    ]
    frame = pd.DataFrame(rows, columns=["region_id", "entity", "code", "value", "self_value", "lead"])
    return frame.assign(status="verified").astype({"value": float, "self_value": float})


KINDS = {"1": "kabupaten", "2": "provinsi"}


def at(frame: pd.DataFrame, entity: str, code: str, column: str = "score") -> Any:
    rows = frame.loc[(frame["entity"] == entity) & (frame["code"].astype(str) == code), column]
    assert len(rows) == 1, (entity, code)
    return rows.iloc[0]


def test_each_rule_by_hand() -> None:
    values = region_means(opd_rows(), rules_of(CATALOG))
    assert at(values, "1", "M", "value") == pytest.approx(50)  # mean: (100 + 50 + 0) / 3
    assert at(values, "1", "Y", "value") == pytest.approx(100)  # any: the best
    assert at(values, "1", "L", "value") == pytest.approx(50)  # all: the lowest
    assert at(values, "1", "D", "value") == pytest.approx(50)  # lead: a's
    assert at(values, "2", "L", "value") == 0  # all: y has no value yet
    assert at(values, "2", "D", "value") == pytest.approx(50)  # no lead assigned: the mean
    # Self values by the same rules: M (100 + 50 + 100) / 3, Y 100, L 100, D the lead's 50.
    assert at(values, "1", "M", "self_value") == pytest.approx(250 / 3)
    assert at(values, "1", "L", "self_value") == pytest.approx(100)
    assert at(values, "1", "D", "self_value") == pytest.approx(50)
    # Without rules every leaf is a mean, as before issue 13: Y halved to 50, L 250 / 3, D 75.
    means = region_means(opd_rows())
    assert at(means, "1", "Y", "value") == pytest.approx(50)
    assert at(means, "1", "L", "value") == pytest.approx(250 / 3)
    assert at(means, "1", "D", "value") == pytest.approx(75)


def test_nobody_with_a_value_stays_empty_under_every_rule() -> None:
    rows = opd_rows()
    rows.loc[rows["code"].isin(["Y", "L", "D"]), "value"] = NAN
    values = region_means(rows, rules_of(CATALOG))
    for code in ("Y", "L", "D"):
        assert np.isnan(at(values, "1", code, "value"))


def test_an_applicable_item_assigned_to_no_opd_counts_zero(relaxed: Catalog) -> None:
    result = score_regions(relaxed, opd_rows(), kinds=KINDS)
    # Pemda 1 (kabupaten): P = (50 + 100 + 50 + 50 + 0) / 5 = 50, Q = 80 → (50 + 80) / 2 = 65.
    assert at(result, "1", "P") == pytest.approx(50)
    assert at(result, "1", ROOT_CODE) == pytest.approx(65)
    assert bool(at(result, "1", "T", "unassigned")) and at(result, "1", "T") == 0
    assert not bool(at(result, "1", "M", "unassigned"))
    # Pemda 2 (province): T does not apply; M and Y apply and nobody is assigned them → 0.
    # P = (0 + 0 + 0 + 50) / 4 = 12.5, Q = 40 → (12.5 + 40) / 2 = 26.25.
    assert "T" not in set(result.loc[result["entity"] == "2", "code"].astype(str))
    assert at(result, "2", "P") == pytest.approx(12.5)
    assert at(result, "2", ROOT_CODE) == pytest.approx(26.25)
    # Before issue 13 (no kinds: unassigned items dropped out) pemda 1 scored P = 62.5 → 71.25.
    assert at(score_regions(relaxed, opd_rows()), "1", ROOT_CODE) == pytest.approx(71.25)


def test_one_answered_tax_item_no_longer_makes_a_tax_area_of_100(relaxed: Catalog) -> None:
    """The demo's Halmahera Selatan pattern: one tax item answered at 100, the others applicable but assigned to
    no OPD. Before: the area showed 100 (only the answered item counted); by KPK's rule it is 100 / 5 = 20."""
    rows = pd.DataFrame(
        [(7, "bapenda", "T", 100.0, 100.0, "verified", False)],
        columns=["region_id", "entity", "code", "value", "self_value", "status", "lead"],
    )
    assert at(score_regions(relaxed, rows), "7", "P") == 100
    result = score_regions(relaxed, rows, kinds={"7": "kota"})
    assert at(result, "7", "P") == pytest.approx(20)
    # Q1 applies too and is unassigned: the pemda is (20 + 0) / 2 = 10, not 100.
    assert at(result, "7", ROOT_CODE) == pytest.approx(10)


def test_the_gap_list_names_unassigned_items(relaxed: Catalog) -> None:
    rows = opd_rows()
    result = score_regions(relaxed, rows, kinds=KINDS)
    gaps = shapes.gap_list_with_owners(
        CATALOG,
        result,
        region="1",
        opd_rows=rows.loc[rows["region_id"] == 1],
        abbreviations={"a": "A", "b": "B", "c": "C"},
    )
    gaps = gaps.assign(code=gaps["code"].astype(str)).set_index("code")
    assert bool(gaps.loc["T", "unassigned"]) and gaps.loc["T", "organisations"] == ""
    assert not bool(gaps.loc["M", "unassigned"]) and gaps.loc["M", "organisations"] == "B, C"
