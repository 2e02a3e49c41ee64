"""SPBE's floor (issue 13 §5): "Tingkat 1 diberi nilai 1", so an unanswered indicator counts 1, never 0; the
predicates are defined for an instansi's index (``zones_for: pemda``). Numbers by hand on the shipped catalog."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators import ROOT_CODE, load_catalog
from scoring import score


def test_an_unanswered_spbe_indicator_counts_at_level_one() -> None:
    catalog = load_catalog("spbe-2021")
    assert (catalog.scale.min, catalog.scale.max, catalog.zones_for) == (1, 5, "pemda")
    leaves = [leaf.code for leaf in catalog.leaves()]
    # Nothing answered: every indicator at 1, so the index is 1,00 (Kurang), not 0.
    empty = pd.DataFrame({"entity": "x", "code": leaves, "value": float("nan")})
    result = score(catalog, empty).set_index("code")
    assert result.loc[ROOT_CODE, "score"] == pytest.approx(1.0)
    assert result.loc[ROOT_CODE, "zone"] == "Kurang"
    assert result["value"].isna()[leaves[0]]  # shown as unanswered, counted at the floor
    assert result.loc[leaves[0], "score"] == 1
    # Every indicator at level 3 but one unanswered: that one counts 1; its weight share w gives 3 − 2·w.
    answered = empty.assign(value=3.0)
    answered.loc[0, "value"] = float("nan")
    result = score(catalog, answered).set_index("code")
    share = result["share"].astype(float)[leaves[0]]
    assert result.loc[ROOT_CODE, "score"] == pytest.approx(3 - 2 * share)
    assert 2.9 < result["score"].astype(float)[ROOT_CODE] < 3


def test_mcp_still_counts_a_missing_value_zero() -> None:
    catalog = load_catalog("mcp-2024")
    leaves = [leaf.code for leaf in catalog.leaves()]
    result = score(catalog, pd.DataFrame({"entity": "x", "code": leaves, "value": float("nan")}))
    assert float(result.loc[result["code"].astype(str) == ROOT_CODE, "score"].iloc[0]) == 0
