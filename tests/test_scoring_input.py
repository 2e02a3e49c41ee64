"""Scoring input validation: every bad row listed at once, in one error, with its row number and reason."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scoring_frames import MCP_YAML, frame, self_assessed

import scoring
from i18n import LenteraError
from indicators import Catalog, load_catalog, parse_catalog
from scoring import ScoringInputError


@pytest.fixture(scope="module")
def mcp() -> Catalog:
    return parse_catalog(MCP_YAML)


@pytest.fixture(scope="module")
def spbe() -> Catalog:
    return load_catalog("spbe-2021")


# ------------------------------------------------------------------------------------------- validation


def test_every_invalid_row_is_listed_in_one_error(mcp: Catalog, spbe: Catalog) -> None:
    bad = frame(
        [
            ("A", "11", 3, 3),  # 1 fine
            ("A", "12", 7, 3),  # 2 level above 5
            ("A", "13", 0, 3),  # 3 level 0 is not a level
            ("A", "14", 2.5, 3),  # 4 between levels
            ("A", "15", -1, 3),  # 5 negative
            ("A", "D2", 3, 3),  # 6 a domain, not a leaf
            ("A", "99", 3, 3),  # 7 unknown code
            ("A", "11", 4, 4),  # 8 duplicate of row 1
            ("A", "16", "tiga", 3),  # 9 not a number
            ("A", "17", 3, 9),  # 10 self value above 5
            (None, "18", 3, 3),  # 11 no entity
        ],
        "entity,code,value,self_value",
    )
    with pytest.raises(ScoringInputError) as caught:
        scoring.score(spbe, bad)
    problems = [(p.row, p.problem, p.column) for p in caught.value.rows]
    assert problems == [
        (2, "above_maximum", "value"),
        (3, "not_allowed", "value"),
        (4, "not_allowed", "value"),
        (5, "negative", "value"),
        (6, "not_a_leaf", None),
        (7, "unknown_code", None),
        (8, "duplicate", None),
        (9, "not_a_number", "value"),
        (10, "above_maximum", "self_value"),
        (11, "missing_entity", None),
    ]
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, LenteraError)
    assert error.rows[6].params["first"] == 1
    text = error.message("en")
    assert "10 problem" in text and "row 8" in text and "row 1" in text and "1, 2, 3, 4, 5" in text
    assert "baris 11" in error.message("id")


def test_mcp_rules_reject_off_step_percent_excess_points_and_binary_two(mcp: Catalog) -> None:
    bad = frame(
        [("A", "SUB1", 55), ("A", "SUB2", 50), ("A", "DOC1", 120), ("A", "SUB4", 2), ("A", "SUB3", 55)]
    )
    with pytest.raises(ScoringInputError) as caught:
        scoring.score(mcp, bad)
    assert [(p.row, p.code, p.problem) for p in caught.value.rows] == [
        (1, "SUB1", "not_allowed"),
        (3, "DOC1", "above_maximum"),
        (4, "SUB4", "above_maximum"),
    ]  # SUB2 at 50 is a step; SUB3 accepts any percent


def test_rows_with_nothing_usable_are_each_reported(spbe: Catalog) -> None:
    bad = frame([(None, "11", 3), ("A", None, 3), ("A", "12", -np.inf)])
    with pytest.raises(ScoringInputError) as caught:
        scoring.score(spbe, bad)
    assert [(p.row, p.problem) for p in caught.value.rows] == [
        (1, "missing_entity"),
        (2, "unknown_code"),
        (3, "not_a_number"),
    ]
    assert "nan" not in caught.value.message("en")


def test_missing_columns_are_listed(mcp: Catalog) -> None:
    with pytest.raises(ScoringInputError) as caught:
        scoring.score(mcp, pd.DataFrame({"opd": ["A"], "kode": ["SUB1"]}))
    assert [(p.problem, p.column) for p in caught.value.rows] == [
        ("missing_column", "entity"),
        ("missing_column", "code"),
        ("missing_column", "value"),
    ]


def test_unknown_status_is_rejected(mcp: Catalog) -> None:
    with pytest.raises(ScoringInputError) as caught:
        scoring.score(mcp, self_assessed().assign(status="approved"))
    assert {p.problem for p in caught.value.rows} == {"unknown_status"} and len(caught.value.rows) == 5


def test_message_caps_the_listing_but_rows_keep_everything(spbe: Catalog) -> None:
    bad = frame([(f"OPD{i:03d}", "11", 9) for i in range(130)])
    with pytest.raises(ScoringInputError) as caught:
        scoring.score(spbe, bad)
    assert len(caught.value.rows) == 130
    text = caught.value.message("en")
    assert "row 50 " in text and "row 51 " not in text and "80 more" in text


def test_nothing_is_clipped_silently(mcp: Catalog) -> None:
    # A value just above the maximum is an error, not a 100.
    with pytest.raises(ScoringInputError):
        scoring.score(mcp, frame([("A", "SUB3", 100.5)]))
    with pytest.raises(ScoringInputError):
        scoring.score(mcp, frame([("A", "SUB3", np.inf)]))


def test_categorical_entities_and_codes_score_like_text(spbe: Catalog) -> None:
    """Categorical input is read from its codes (no second factorising): same rows, same numbers, entities
    sorted by value whatever the category order, unused categories left out, errors named the same way."""
    leaves = [leaf.code for leaf in spbe.leaves()]
    text = pd.DataFrame(
        {
            "entity": [e for e in ("OPD-B", "OPD-A", "OPD-C") for _ in leaves],
            "code": leaves * 3,
            "value": np.tile(np.arange(len(leaves)) % 5 + 1.0, 3),
        }
    ).iloc[::-1]  # first-seen order is neither sorted nor the category order
    categorical = text.astype(
        {
            "entity": pd.CategoricalDtype(["OPD-C", "unused", "OPD-A", "OPD-B"]),
            "code": pd.CategoricalDtype([*reversed(leaves), "not-used"]),
        }
    )
    plain, coded = scoring.score(spbe, text), scoring.score(spbe, categorical)
    assert list(coded["entity"].astype(str)) == list(plain["entity"])
    assert list(coded["entity"].unique()) == ["OPD-A", "OPD-B", "OPD-C"]
    assert list(coded["code"].astype(str)) == list(plain["code"].astype(str))
    for column in ("score", "self_score", "projected", "share", "gain"):
        np.testing.assert_allclose(
            coded[column].to_numpy(float), plain[column].to_numpy(float), equal_nan=True
        )
    broken = categorical.copy()
    broken.loc[broken.index[0], "entity"] = np.nan
    with pytest.raises(ScoringInputError) as caught:
        scoring.score(spbe, broken)
    assert [p.problem for p in caught.value.rows] == ["missing_entity"]


@pytest.mark.parametrize(
    ("code", "value", "accepted"),
    [
        ("11", 5 + 5e-10, True),  # within float noise of the top level
        ("11", 5 + 2e-9, False),  # above it
        ("11", 3 - 5e-10, True),  # within noise of a level
        ("11", 2.9999999, False),  # between levels
        ("11", 0.0, False),  # level 0 does not exist
        ("11", -0.0, False),  # nor does -0
        ("11", -1e-12, False),  # negative
        ("11", np.nan, True),  # no value yet
    ],
)
def test_values_at_the_edges_are_judged_alike_on_the_whole_frame_and_row_by_row(
    spbe: Catalog, code: str, value: float, accepted: bool
) -> None:
    """A sound frame is checked on its dense matrices and only re-checked row by row when that finds
    something: both must agree on every edge (the row checks are the ones that name the problem)."""
    rows = frame(
        [(f"OPD{i}", code, value if i == 7 else 3.0, 3.0) for i in range(12)], "entity,code,value,self_value"
    )
    if accepted:
        result = scoring.score(spbe, rows)
        assert len(result.loc[result["entity"] == "OPD7"]) > 0
    else:
        with pytest.raises(ScoringInputError) as caught:
            scoring.score(spbe, rows)
        assert [(p.row, p.column) for p in caught.value.rows] == [(8, "value")]


MIXED_DEPTHS = """
key: mixed-depths
name: Daun di beberapa tingkat
framework: MCP
year: 2024
scale: {min: 0, max: 100}
zones:
  - {name: merah, min: 0, max: 50}
  - {name: hijau, min: 50, max: 100}
nodes:
  - {code: LONE, name: Daun tingkat 1, weight: 20, rule: {kind: percent}}
  - code: AREA
    name: Area
    weight: 60
    children:
      - {code: DEEP1, name: Daun tingkat 2, weight: 50, rule: {kind: percent}}
      - {code: DEEP2, name: Daun tingkat 2, weight: 50, rule: {kind: binary}}
  - {code: LATE, name: Daun tingkat 1 sesudah area, weight: 20, rule: {kind: percent}}
"""


@pytest.mark.parametrize("code", ["LONE", "DEEP1", "DEEP2", "LATE"])
@pytest.mark.parametrize(("value", "problem"), [(150.0, "above_maximum"), (-1.0, "negative")])
def test_a_bad_value_on_any_leaf_is_caught_when_leaves_sit_at_several_depths(
    code: str, value: float, problem: str
) -> None:
    """Leaves at depth 1 before and after a branch and at depth 2: a bad value on any of them is reported."""
    good = {"LONE": 40.0, "DEEP1": 60.0, "DEEP2": 1.0, "LATE": 80.0}
    rows = [("A", leaf, value if leaf == code else number) for leaf, number in good.items()]
    with pytest.raises(ScoringInputError) as caught:
        scoring.score(parse_catalog(MIXED_DEPTHS), frame(rows))
    assert [(p.code, p.problem) for p in caught.value.rows] == [(code, problem)]
