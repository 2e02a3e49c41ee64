"""Scoring engine: the SPBE worked example, the MCP nested formula, renormalisation, projections, gains, ranks,
the tag filter and zones at their edges. Input validation is in ``test_scoring_input.py``, the row-by-row
reference in ``test_scoring_reference.py``; shared catalogs and helpers in ``scoring_frames``.

Expected numbers are computed by hand in the comments, never by calling the code under test.
"""

from __future__ import annotations

import math
from enum import Enum

import numpy as np
import pandas as pd
import pytest
from scoring_frames import MCP_YAML, at, codes_of, frame, self_assessed, spbe_like

import scoring
from indicators import ROOT_CODE, Catalog, load_catalog, parse_catalog
from scoring.aggregate import relaxed_catalog


@pytest.fixture(scope="module")
def mcp() -> Catalog:
    return parse_catalog(MCP_YAML)


@pytest.fixture(scope="module")
def spbe() -> Catalog:
    return load_catalog("spbe-2021")


# ------------------------------------------------------------------------------------------------- SPBE


def spbe_worked_example_rows(spbe: Catalog, entity: str = "Pemprov") -> pd.DataFrame:
    """Levels giving the regulation's example: A2 = 3.00, A3 = 4.00, A4 = 3.00 so D2 = (30+40+15)/25 = 3.40."""
    levels = {"11": 3, "12": 4, "13": 3, "14": 2}  # A2: (3+4+3+2)/4 = 3.00
    levels |= {code: 4 for code in ("15", "16", "17", "18")}  # A3 = 4.00
    levels |= {"19": 3, "20": 3}  # A4 = 3.00
    # D1 = A1 = 3.70: seven leaves at 4, three at 3 -> 37/10.
    levels |= {str(code): 4 if code <= 7 else 3 for code in range(1, 11)}
    # D3 = 3.00: every leaf of A5 and A6 at 3.
    levels |= {str(code): 3 for code in range(21, 32)}
    # D4: A7 (27.5) = 32/10 = 3.20 (two 4s, eight 3s); A8 (18) = 19/6 (one 4, five 3s).
    levels |= {str(code): 4 if code in (32, 33) else 3 for code in range(32, 42)}
    levels |= {str(code): 4 if code == 42 else 3 for code in range(42, 48)}
    assert len(levels) == 47
    return frame([(entity, code, float(level)) for code, level in levels.items()])


def test_spbe_worked_example_aspect_and_domain(spbe: Catalog) -> None:
    result = scoring.score(spbe, spbe_worked_example_rows(spbe))
    assert at(result, "Pemprov", "A2") == pytest.approx(3.00, abs=1e-12)
    assert at(result, "Pemprov", "A3") == pytest.approx(4.00, abs=1e-12)
    assert at(result, "Pemprov", "A4") == pytest.approx(3.00, abs=1e-12)
    assert at(result, "Pemprov", "D2") == pytest.approx(3.40, abs=1e-12)
    assert at(result, "Pemprov", "D1") == pytest.approx(3.70, abs=1e-12)
    assert at(result, "Pemprov", "D3") == pytest.approx(3.00, abs=1e-12)
    # D4 = (27.5 × 3.2 + 18 × 19/6) / 45.5 = (88 + 57) / 45.5
    assert at(result, "Pemprov", "D4") == pytest.approx(145 / 45.5, abs=1e-12)
    # Index = (13 × 3.7 + 25 × 3.4 + 16.5 × 3.0 + 45.5 × D4) / 100 = (48.1 + 85 + 49.5 + 145) / 100 = 3.276
    total = at(result, "Pemprov", ROOT_CODE)
    assert total == pytest.approx(3.276, abs=1e-12)
    assert round(total, 2) == 3.28
    assert result.loc[result["code"] == ROOT_CODE, "zone"].tolist() == ["Baik"]


def test_only_a_missing_value_counts_at_the_floor_a_low_one_stays(spbe: Catalog) -> None:
    """On SPBE's 1–5 scale a missing level counts 1; a pemda mean below 1 (0.5) is kept, not lifted to 1."""
    relaxed = relaxed_catalog(spbe)  # pemda means may be anything from 0 to the maximum
    low = frame([("P", "11", 0.5), ("P", "12", float("nan")), ("P", "13", 3.0), ("P", "14", 2.0)])
    assert at(scoring.score(relaxed, low), "P", "A2") == pytest.approx((0.5 + 1 + 3 + 2) / 4, abs=1e-12)
    usual = frame([("Q", "11", 2.0), ("Q", "12", float("nan")), ("Q", "13", 3.0), ("Q", "14", 4.0)])
    assert at(scoring.score(relaxed, usual), "Q", "A2") == pytest.approx((2 + 1 + 3 + 4) / 4, abs=1e-12)


def test_spbe_index_from_domain_indices_is_3_28_baik() -> None:
    # The regulation's own numbers: domains 3.70 / 3.40 / 3.00 / 3.20 with weights 13 / 25 / 16.5 / 45.5.
    catalog = spbe_like({"D1": 13, "D2": 25, "D3": 16.5, "D4": 45.5}, leaves_per_domain=10)
    sums = {"D1": 37, "D2": 34, "D3": 30, "D4": 32}  # ten levels each: 37/10 = 3.70, ...
    rows = []
    for domain, total in sums.items():
        levels = [4] * (total - 30) + [3] * (10 - (total - 30))
        rows += [("Pemprov", f"{domain}-{i + 1}", float(level)) for i, level in enumerate(levels)]
    result = scoring.score(catalog, frame(rows))
    assert at(result, "Pemprov", "D1") == pytest.approx(3.70)
    assert at(result, "Pemprov", "D4") == pytest.approx(3.20)
    # (13×3.7 + 25×3.4 + 16.5×3.0 + 45.5×3.2)/100 = (48.1 + 85 + 49.5 + 145.6)/100 = 3.282
    assert at(result, "Pemprov", ROOT_CODE) == pytest.approx(3.282, abs=1e-12)
    assert result.loc[result["code"] == ROOT_CODE, "zone"].item() == "Baik"


def test_predicate_edges_through_score() -> None:
    catalog = spbe_like({"D1": 1}, leaves_per_domain=100)

    def total_for(level_sum: int) -> tuple[float, str]:
        levels = [2] * (level_sum - 100) + [1] * (200 - level_sum)
        rows = [("X", f"D1-{i + 1}", float(v)) for i, v in enumerate(levels)]
        result = scoring.score(catalog, frame(rows))
        row = result.loc[result["code"] == ROOT_CODE].iloc[0]
        return float(row["score"]), str(row["zone"])

    assert total_for(179) == (pytest.approx(1.79), "Kurang")
    # 180 / 100 computed as a weighted mean is 1.8 give or take float noise: it must still be Cukup.
    assert total_for(180) == (pytest.approx(1.80), "Cukup")
    assert total_for(200) == (pytest.approx(2.00), "Cukup")


def test_zones_on_every_row_match_the_catalog(spbe: Catalog) -> None:
    values = np.array([0, 1.799999, 1.8, 1.8 - 1e-15, 2.5999, 2.6, 3.49, 3.5, 4.19, 4.2, 5.0, np.nan])
    expected = [spbe.zone_for(float(v)) for v in values]
    zones = scoring.zone_of(spbe, values)
    assert [None if pd.isna(z) else z for z in zones] == expected
    assert expected[:4] == ["Kurang", "Kurang", "Cukup", "Cukup"]


def test_integer_codes_from_a_spreadsheet_are_the_catalogs_text_codes(spbe: Catalog) -> None:
    result = scoring.score(spbe, frame([("X", 11, 3), ("X", 12.0, 5)]))
    # A2 = (3 + 5) / 2 = 4.0 over the two leaves that apply
    assert at(result, "X", "A2") == pytest.approx(4.0)


# -------------------------------------------------------------------------------------------------- MCP


def test_mcp_nested_formula_with_unequal_weights(mcp: Catalog) -> None:
    rows = [("Pemda", "SUB1", 50), ("Pemda", "SUB2", 100), ("Pemda", "DOC1", 50), ("Pemda", "SUB3", 100)]
    result = scoring.score(mcp, frame([*rows, ("Pemda", "SUB4", 0)]))
    # IND1 = (40×50 + 60×100)/100 = 80; IND2 = DOC1 = 50 points of 100 = 50
    assert at(result, "Pemda", "IND1") == pytest.approx(80)
    assert at(result, "Pemda", "IND2") == pytest.approx(50)
    # AREA1 = (70×80 + 30×50)/100 = 71; IND3 = AREA2 = (25×100 + 75×0)/100 = 25
    assert at(result, "Pemda", "AREA1") == pytest.approx(71)
    assert at(result, "Pemda", "AREA2") == pytest.approx(25)
    # Pemda = (60×71 + 40×25)/100 = 52.6 -> biru
    assert at(result, "Pemda", ROOT_CODE) == pytest.approx(52.6)
    assert result.loc[result["code"] == ROOT_CODE, "zone"].item() == "biru"
    assert (result["max"] == 100).all()


def test_weights_renormalise_over_the_leaves_that_apply(mcp: Catalog) -> None:
    rows = [
        # B has no SUB2 row: IND1 is SUB1 alone.
        ("B", "SUB1", 100), ("B", "DOC1", 100), ("B", "SUB3", 50), ("B", "SUB4", 1),
        # C only answers AREA2's items: AREA1 does not apply, C's total is AREA2.
        ("C", "SUB3", 50), ("C", "SUB4", 0),
    ]  # fmt: skip
    result = scoring.score(mcp, frame(rows))
    assert at(result, "B", "IND1") == pytest.approx(100)
    # IND3 = (25×50 + 75×100)/100 = 87.5; total = (60×100 + 40×87.5)/100 = 95
    assert at(result, "B", ROOT_CODE) == pytest.approx(95)
    assert "SUB2" not in codes_of(result, "B")
    assert at(result, "B", "SUB1", "share") == pytest.approx(0.6 * 0.7)
    # C: IND3 = (25×50 + 75×0)/100 = 12.5, and AREA2 carries the whole total.
    assert at(result, "C", ROOT_CODE) == pytest.approx(12.5)
    assert codes_of(result, "C") == {ROOT_CODE, "AREA2", "IND3", "SUB3", "SUB4"}
    assert at(result, "C", "AREA2", "share") == pytest.approx(1.0)


def test_self_projected_and_gap(mcp: Catalog) -> None:
    result = scoring.score(mcp, self_assessed())
    # Verified: IND1 80, IND2 0 (DOC1 unverified counts 0), AREA1 = 56, AREA2 = 25; total = 33.6 + 10 = 43.6
    assert at(result, "A", ROOT_CODE) == pytest.approx(43.6)
    assert at(result, "A", ROOT_CODE, "self_score") == pytest.approx(100)
    # Projected: DOC1 counts at its self value 100 -> IND2 100, AREA1 = 56 + 30 = 86; total = 51.6 + 10 = 61.6
    assert at(result, "A", "IND2", "projected") == pytest.approx(100)
    assert at(result, "A", ROOT_CODE, "projected") == pytest.approx(61.6)
    # SUB4 was verified at 0 although claimed 1: the verified value wins in the projection.
    assert at(result, "A", "SUB4", "projected") == 0
    assert at(result, "A", ROOT_CODE, "gap") == pytest.approx(100 - 43.6)
    assert at(result, "A", "SUB1", "gap") == pytest.approx(50)
    assert math.isnan(at(result, "A", "DOC1", "value"))
    assert at(result, "A", "DOC1", "self_value") == 100
    assert result.loc[result["code"] == ROOT_CODE, "zone"].item() == "kuning"


def test_missing_self_value_counts_zero_and_no_self_column_means_no_self_score(mcp: Catalog) -> None:
    rows = frame([("A", "SUB3", 100, np.nan), ("A", "SUB4", 1, 1)], "entity,code,value,self_value")
    result = scoring.score(mcp, rows)
    assert at(result, "A", "IND3", "self_score") == pytest.approx(75)  # (25×0 + 75×100)/100
    without = scoring.score(mcp, rows.drop(columns="self_value"))
    assert without["self_score"].isna().all() and without["gap"].isna().all()
    assert at(without, "A", "IND3", "projected") == pytest.approx(100)


def test_status_keeps_draft_self_values_out_of_the_projection(mcp: Catalog) -> None:
    rows = self_assessed().assign(status=["verified", "verified", "draft", "verified", "verified"])
    result = scoring.score(mcp, rows)
    assert at(result, "A", ROOT_CODE, "projected") == pytest.approx(43.6)  # DOC1's draft claim does not count
    rows.loc[2, "status"] = "submitted"
    assert at(scoring.score(mcp, rows), "A", ROOT_CODE, "projected") == pytest.approx(61.6)
    result = scoring.score(mcp, rows)
    assert result.loc[result["code"] == "DOC1", "status"].item() == "submitted"


class _Status(Enum):  # how a service may hand over statuses: enum members, not text
    draft = "draft"
    submitted = "submitted"


def test_status_as_enum_members_or_loose_text(mcp: Catalog) -> None:
    rows = self_assessed()
    as_enum = rows.assign(
        status=np.array([_Status.submitted, None, _Status.draft, " Submitted", "VERIFIED"], dtype=object)
    )
    result = scoring.score(mcp, as_enum)
    assert at(result, "A", ROOT_CODE, "projected") == pytest.approx(43.6)  # DOC1 is a draft
    assert result.loc[result["code"] == "SUB1", "status"].item() == "submitted"


def test_gains_add_up_to_the_distance_to_the_maximum(mcp: Catalog) -> None:
    result = scoring.score(mcp, self_assessed())
    gaps = scoring.gap_list(result, entity="A")
    # Shares: SUB1 .6×.7×.4 = .168, DOC1 .6×.3 = .18, SUB4 .4×.75 = .3; gains (100 - score) × share.
    assert gaps["code"].astype(str).tolist() == ["SUB4", "DOC1", "SUB1"]  # SUB2 and SUB3 are complete
    assert gaps["gain"].tolist() == pytest.approx([30, 18, 8.4])
    assert gaps["gain"].sum() == pytest.approx(100 - at(result, "A", ROOT_CODE))
    # Completing every leaf raises the total to the maximum.
    done = self_assessed().assign(value=[100, 100, 100, 100, 1])
    assert at(scoring.score(mcp, done), "A", ROOT_CODE) == pytest.approx(100)
    assert scoring.gap_list(scoring.score(mcp, done)).empty


def test_gain_sums_on_a_shipped_catalog_with_partial_applicability(spbe: Catalog) -> None:
    rows = spbe_worked_example_rows(spbe)
    rows = rows.loc[~rows["code"].isin(["19", "20", "5"])]  # A4 does not apply at all, A1 misses one
    result = scoring.score(spbe, rows)
    leaves = result.loc[result["is_leaf"]]
    assert leaves["share"].sum() == pytest.approx(1.0)
    assert scoring.gap_list(result)["gain"].sum() == pytest.approx(5 - at(result, "Pemprov", ROOT_CODE))
    assert "A4" not in codes_of(result, "Pemprov")


def test_gap_list_ranks_across_entities(mcp: Catalog) -> None:
    nearly_done = self_assessed("B").assign(value=[100, 100, 100, 50, 1])  # SUB3 share .1 -> gain 5
    result = scoring.score(mcp, pd.concat([self_assessed("A"), nearly_done]))
    gaps = scoring.gap_list(result)
    assert list(zip(gaps["entity"], gaps["code"].astype(str), strict=True)) == [
        ("A", "SUB4"), ("A", "DOC1"), ("A", "SUB1"), ("B", "SUB3"),
    ]  # fmt: skip
    assert gaps["gain"].tolist() == pytest.approx([30, 18, 8.4, 5])


def test_tag_filter_scores_digital_leaves_only(mcp: Catalog) -> None:
    result = scoring.score(mcp, self_assessed(), tag="digital")
    assert codes_of(result, "A") == {ROOT_CODE, "AREA1", "IND1", "SUB2", "AREA2", "IND3", "SUB4"}
    # IND1 = SUB2 = 100, AREA1 = 100; IND3 = SUB4 = 0; total = (60×100 + 40×0)/100 = 60
    assert at(result, "A", ROOT_CODE) == pytest.approx(60)
    assert scoring.score(mcp, self_assessed(), tag="no-such-tag").empty


def test_result_columns_and_one_row_per_entity_and_node(spbe: Catalog) -> None:
    rows = pd.concat([spbe_worked_example_rows(spbe, "A"), spbe_worked_example_rows(spbe, "B")])
    result = scoring.score(spbe, rows)
    assert list(result.columns) == scoring.RESULT_COLUMNS
    assert len(result) == 2 * (1 + len(list(spbe.walk())))
    assert not result.duplicated(["entity", "code"]).any()
    total = result.loc[result["code"] == ROOT_CODE].iloc[0]
    assert (pd.isna(total["parent_code"]), total["depth"], total["share"]) == (True, 0, 1.0)
    assert set(result.loc[result["depth"] == 1, "parent_code"].astype(str)) == {ROOT_CODE}


# ---------------------------------------------------------------------------------------------- ranking


def test_competition_ranking_with_ties_and_rank_change(mcp: Catalog) -> None:
    def scored(values: dict[str, float]) -> pd.DataFrame:
        return scoring.score(mcp, frame([(entity, "SUB3", value) for entity, value in values.items()]))

    now = scored({"Halbar": 50, "Ternate": 80, "Tidore": 80, "Sula": 90})
    before = scored({"Halbar": 90, "Ternate": 80, "Tidore": 70, "Morotai": 60})
    ranked = scoring.rank(now, previous=before)
    assert ranked["entity"].tolist() == ["Sula", "Ternate", "Tidore", "Halbar"]
    assert ranked["rank"].tolist() == [1, 2, 2, 4]
    assert ranked["previous_rank"].tolist()[1:] == [2, 3, 1]
    assert pd.isna(ranked["previous_rank"].iloc[0])  # Sula was not ranked before
    assert ranked["rank_change"].tolist()[1:] == [0, 1, -3]
    assert ranked["zone"].tolist() == ["hijau", "hijau", "hijau", "biru"]
    alone = scoring.rank(now)
    assert alone["rank"].tolist() == [1, 2, 2, 4] and alone["rank_change"].isna().all()


def test_scores_equal_up_to_float_noise_tie(spbe: Catalog) -> None:
    # Both sum to 31 over aspect A1's ten leaves (weight 1.3 each, not exact in binary): 3.1 either way, but
    # summed in another order the floats differ in the last digit (3.1 vs 3.099999999999999).
    x = [2, 5, 4, 1, 2, 5, 3, 1, 4, 4]
    y = [5, 4, 3, 3, 3, 3, 2, 4, 1, 3]
    z = [3] * 10
    rows = [
        (name, str(i + 1), float(v))
        for name, levels in (("X", x), ("Y", y), ("Z", z))
        for i, v in enumerate(levels)
    ]
    result = scoring.score(spbe, frame(rows))
    assert at(result, "X", "A1") == pytest.approx(at(result, "Y", "A1"), abs=1e-12)
    ranked = scoring.rank(result, code="A1")
    assert ranked["rank"].tolist() == [1, 1, 3]
    assert ranked["entity"].tolist() == ["X", "Y", "Z"]


def test_an_entitys_scores_do_not_depend_on_who_else_is_scored_with_it() -> None:
    """Scored among 700 entities, alone or among three, an entity gets the very same floats (a ranking and
    its pemda's own page must show one number)."""
    catalog = load_catalog("mcp-2025")
    rng = np.random.default_rng(16)
    rows = []
    for entity in range(700):
        for leaf in catalog.leaves():
            if rng.random() < 0.9:  # some leaves do not apply: weights renormalise per entity
                steps = leaf.rule.scoring_steps() if leaf.rule else None
                value = float(rng.choice(steps)) if steps else float(rng.integers(0, int(leaf.maximum) + 1))
                rows.append((f"E{entity:03d}", leaf.code, value if rng.random() < 0.8 else np.nan, value))
    everyone = frame(rows, "entity,code,value,self_value")
    together = scoring.score(catalog, everyone).set_index(["entity", "code"])
    for few in (["E000"], ["E357"], ["E699"], ["E001", "E500", "E698"]):
        own = scoring.score(catalog, everyone.loc[everyone["entity"].isin(few)]).set_index(["entity", "code"])
        for column in ("score", "self_score", "projected", "share", "gain"):
            assert (own[column] == together.loc[own.index, column]).all(), (few, column)
