"""The engine gives, bit for bit, the frames the engine before the issue-16 speed work gave on random frames.

``tests/data/scoring_previous/`` holds random input frames (every shipped catalog; entities as text,
categoricals or integers; leaves that apply or not; missing verified and self values; statuses; a tag; rows in
no particular order) with the result ``scoring.score`` returned for each before the engine was restructured
(commit b477279), pickled so that every dtype comes back as it was, and the problems it listed for a frame with every kind of bad row. Written once by running
this module as a script on that commit; the test never writes them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import scoring
from indicators import load_catalog
from vocabulary import STATUSES

DATA = Path(__file__).parent / "data" / "scoring_previous"

CASES: dict[str, dict[str, Any]] = {
    # catalog, entities, fraction of leaves that apply, entity and code as, extra columns, tag, shuffled
    "spbe-text-status": dict(catalog="spbe-2021", entities=30, applies=0.7, kind="text", status=True),
    "spbe-full-categorical": dict(catalog="spbe-2021", entities=25, applies=1.0, kind="categorical"),
    "mcp24-full-tag": dict(catalog="mcp-2024", entities=20, applies=1.0, kind="categorical", tag="digital"),
    "mcp24-partial": dict(catalog="mcp-2024", entities=30, applies=0.6, kind="text", shuffle=True),
    "mcp25-integer-no-self": dict(catalog="mcp-2025", entities=15, applies=0.5, kind="integer", self=False),
    "pekppp-shuffled": dict(
        catalog="pekppp-2022", entities=20, applies=0.8, kind="categorical", shuffle=True
    ),
    "pemdi-status": dict(catalog="pemdi-2026", entities=20, applies=0.9, kind="text", status=True),
}


def random_frame(name: str, seed: int) -> pd.DataFrame:
    """A case's input: values on the leaves' steps (or 0..maximum), 15% not verified, self values a bit higher."""
    case = CASES[name]
    catalog = load_catalog(case["catalog"])
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    for entity in range(case["entities"]):
        for leaf in catalog.leaves():
            if rng.random() >= case["applies"]:
                continue
            assert leaf.rule is not None
            steps = leaf.rule.scoring_steps()
            if steps:
                pick = int(rng.integers(0, len(steps)))
                value = float(steps[pick])
                claimed = float(steps[min(pick + int(rng.integers(0, 2)), len(steps) - 1)])
            else:
                value = float(rng.integers(0, 11)) * leaf.maximum / 10
                claimed = min(value + float(rng.integers(0, 3)) * leaf.maximum / 10, leaf.maximum)
            rows.append(
                {
                    "entity": entity if case["kind"] == "integer" else f"OPD-{entity:03d}",
                    "code": leaf.code,
                    "value": value if rng.random() > 0.15 else np.nan,
                    "self_value": claimed if rng.random() > 0.1 else np.nan,
                    "status": STATUSES[int(rng.integers(0, len(STATUSES)))].value,
                }
            )
    frame = pd.DataFrame(rows)
    if not case.get("self", True):
        frame = frame.drop(columns="self_value")
    if not case.get("status"):
        frame = frame.drop(columns="status")
    if case["kind"] == "categorical":
        frame = frame.astype({"entity": "category", "code": "category"})
    if case.get("shuffle"):
        frame = frame.iloc[rng.permutation(len(frame))]  # keeps its shuffled index, as a filtered frame would
    return frame


BAD_ROWS = pd.DataFrame(
    {
        "entity": ["A", "A", "A", "A", "A", "A", "A", None, "A", "A", "B", "B"],
        "code": ["11", "12", "13", "D2", "99", "11", "14", "15", "16", 17, "18", "11"],
        "value": [3, 7, 2.5, 3, 3, 4, -1, 3, "tiga", 3, np.inf, 2],
        "self_value": [3, 3, 3, 3, 3, 3, 3, 3, 3, 9, 0, 5.0000000001],
        "status": [
            "draft",
            "verified",
            "nope",
            "draft",
            "draft",
            "draft",
            "draft",
            "draft",
            "draft",
            "draft",
            "submitted",
            "Verified ",
        ],
    }
)
"""Every kind of bad row on spbe-2021 (levels 1-5)."""


def problems_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    with pytest.raises(scoring.ScoringInputError) as caught:
        scoring.score(load_catalog("spbe-2021"), frame)
    return [{**problem.as_dict(), "params": problem.params} for problem in caught.value.rows]


def score_case(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    case = CASES[name]
    return scoring.score(load_catalog(case["catalog"]), frame, tag=case.get("tag"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_result_is_the_previous_engines_bit_for_bit(name: str) -> None:
    """Same rows, order, columns, dtypes and every float bit for bit as the engine before the speed work."""
    frame = pd.read_pickle(DATA / f"{name}.input.pkl.gz")
    # One deliberate change since: ``depth`` is int8 (a column on every row; 16 MB less on a national frame).
    expected = pd.read_pickle(DATA / f"{name}.result.pkl.gz").astype({"depth": np.int8})
    result = score_case(name, frame)
    assert len(result) > 0
    pd.testing.assert_frame_equal(result, expected, check_exact=True)


def test_bad_rows_are_reported_as_before() -> None:
    """The same problems, in the same order, with the same values and details as before the speed work."""
    expected = json.loads((DATA / "bad-rows.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps(problems_of(BAD_ROWS), default=str)) == expected


def write_expected() -> None:
    """Write the inputs and the current engine's results (run on the commit before the speed work only)."""
    DATA.mkdir(parents=True, exist_ok=True)
    for seed, name in enumerate(sorted(CASES)):
        frame = random_frame(name, seed)
        frame.to_pickle(DATA / f"{name}.input.pkl.gz")  # pickled: every dtype comes back exactly as written
        score_case(name, frame).to_pickle(DATA / f"{name}.result.pkl.gz")
    problems = json.dumps(problems_of(BAD_ROWS), default=str, ensure_ascii=False, indent=1)
    (DATA / "bad-rows.json").write_text(problems + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    write_expected()
