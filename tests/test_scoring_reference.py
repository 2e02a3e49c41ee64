"""The engine against a row-by-row reference: leaves at different depths, many entities on every shipped catalog."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scoring_frames import at, frame

import scoring
from indicators import ROOT_CODE, Catalog, Node, load_catalog, parse_catalog

# ---------------------------------------------------------------------------------------- scale and speed


MIXED_DEPTH_YAML = """
key: mixed
name: Campuran
framework: MCP
year: 2025
scale: {min: 0, max: 100}
zones: [{name: merah, min: 0, max: 50}, {name: hijau, min: 50, max: 100}]
nodes:
  - code: A
    name: Area A
    children:
      - {code: A1, name: Daun di tingkat 2, rule: {kind: percent}}
      - code: A2
        name: Cabang
        weight: 3
        children:
          - {code: A2a, name: Daun, rule: {kind: percent}}
          - {code: A2b, name: Daun, rule: {kind: percent}}
  - {code: B, name: Daun di tingkat 1, rule: {kind: binary}}
"""


def reference_scores(catalog: Catalog, values: dict[str, float]) -> dict[str, float]:
    """Row-by-row recursion over the tree, as a person would compute it; ``values`` holds the leaves that apply."""
    scores: dict[str, float] = {}

    def visit(node: Node) -> float:  # returns the node's weight if it applies, else 0
        if node.is_leaf:
            if node.code not in values:
                return 0.0
            value = values[node.code]
            # A missing value counts at the scale's floor (0 for MCP; 1 for SPBE: "Tingkat 1 diberi nilai 1").
            scores[node.code] = (
                catalog.scale.min if math.isnan(value) else value / node.maximum * catalog.scale.max
            )
            return node.weight
        parts = [(child, visit(child)) for child in node.children]
        weight = sum(w for _, w in parts)
        if not weight:
            return 0.0
        scores[node.code] = sum(w * scores[child.code] for child, w in parts if w) / weight
        return node.weight

    parts = [(node, visit(node)) for node in catalog.nodes]
    weight = sum(w for _, w in parts)
    scores[ROOT_CODE] = sum(w * scores[node.code] for node, w in parts if w) / weight
    return scores


def test_leaves_at_different_depths() -> None:
    catalog = parse_catalog(MIXED_DEPTH_YAML)
    result = scoring.score(
        catalog, frame([("X", "A1", 100), ("X", "A2a", 50), ("X", "A2b", 0), ("X", "B", 1)])
    )
    # A2 = 25; A = (1×100 + 3×25)/4 = 43.75; total = (43.75 + 100)/2 = 71.875
    assert at(result, "X", "A2") == pytest.approx(25)
    assert at(result, "X", "A") == pytest.approx(43.75)
    assert at(result, "X", ROOT_CODE) == pytest.approx(71.875)
    assert at(result, "X", "B", "share") == pytest.approx(0.5)
    assert at(result, "X", "A2a", "share") == pytest.approx(0.5 * 0.75 * 0.5)


@pytest.mark.parametrize("catalog_key", ["spbe-2021", "mcp-2024", "mcp-2025", "mixed"])
def test_many_entities_match_a_row_by_row_reference(catalog_key: str) -> None:
    catalog = parse_catalog(MIXED_DEPTH_YAML) if catalog_key == "mixed" else load_catalog(catalog_key)
    rng = np.random.default_rng(7)
    leaves = catalog.leaves()
    rows = []
    for entity in range(40):
        for i in rng.choice(len(leaves), size=rng.integers(1, len(leaves) + 1), replace=False):
            leaf = leaves[i]
            assert leaf.rule is not None
            allowed = leaf.rule.scoring_steps()
            value = (
                float(rng.choice(allowed)) if allowed else float(rng.integers(0, 101)) * leaf.maximum / 100
            )
            rows.append((f"E{entity}", leaf.code, value if rng.random() > 0.2 else np.nan))
    result = scoring.score(catalog, frame(rows))
    for name in ("E0", "E17", "E39"):
        expected = reference_scores(catalog, {code: v for e, code, v in rows if e == name})
        mine = result.loc[result["entity"] == name]
        got = dict(zip(mine["code"].astype(str), mine["score"], strict=True))
        assert got.keys() == expected.keys()
        for code, value in expected.items():
            assert got[code] == pytest.approx(value, abs=1e-9), code
    leaves_only = result.loc[result["is_leaf"]]
    assert leaves_only.groupby("entity", observed=True)["share"].sum().to_numpy() == pytest.approx(1.0)
