"""A pemda's score from its OPDs' values: the design's one aggregation rule, pure pandas.

A pemda's leaf value is the mean of its assigned OPDs' values (an OPD without a value counts 0, a leaf nobody
has a value for stays empty), then the pemda is scored like any entity. Means are not on a leaf's allowed steps
(two OPDs with 50 and 100 give 75), so the pemda is scored on ``relaxed_catalog``: a copy of the catalog whose
leaves accept any value up to their maximum, with the same scale, weights and tags, so the same arithmetic.

The verified mean counts an OPD's verified value; the self mean its claimed value (drafts included); the
projected mean its verified value, else its claimed value once submitted (``PROJECTED_STATUSES``).

Two ways in: ``score_regions`` from the OPD rows (``region_id`` + the scoring input columns), and
``pemda_frame`` from means a database computed already (``LeafMeans`` per period, the national fast path in
``services``). Both must give the same numbers; the tests hold them to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from indicators import Catalog
from scoring.engine import RESULT_COLUMNS, score
from scoring.validate import PROJECTED_STATUSES

INPUT_COLUMNS = ["entity", "code", "value", "self_value", "status"]
"""The OPD scoring input; ``region_means`` also needs ``region_id``."""
MEAN_COLUMNS = ["entity", "code", "value", "self_value", "projected"]


def empty_result() -> pd.DataFrame:
    """A scoring result with no rows (what scoring nothing gives)."""
    return pd.DataFrame(columns=RESULT_COLUMNS)


def relaxed_catalog(catalog: Catalog) -> Catalog:
    """The catalog with every leaf accepting any value 0..maximum: for scoring means of OPD values."""
    data = catalog.model_dump(mode="json", exclude_none=True)

    def relax(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            if node.get("children"):
                relax(node["children"])
            else:
                maximum = catalog.node(str(node["code"])).maximum
                node["rule"] = {
                    "kind": "documents",
                    "documents": [{"code": "mean", "name": "mean", "points": maximum}],
                    "total": maximum,
                }

    relax(data["nodes"])
    return Catalog.model_validate(data)


def score_opds(catalog: Catalog, frame: pd.DataFrame, *, tag: str | None = None) -> pd.DataFrame:
    """``scoring.score`` of the OPD rows (``INPUT_COLUMNS``); an empty frame gives an empty result."""
    if frame.empty:
        return empty_result()
    return score(catalog, frame[INPUT_COLUMNS], tag=tag)


def region_means(frame: pd.DataFrame) -> pd.DataFrame:
    """Per pemda (``region_id`` as text) and leaf: mean verified, self and projected value (missing = 0).

    Columns ``MEAN_COLUMNS``; a mean is NaN when none of the pemda's OPDs has that value for the leaf.
    """
    if frame.empty:
        return pd.DataFrame(columns=MEAN_COLUMNS)
    projectable = frame["status"].isin(PROJECTED_STATUSES)
    work = pd.DataFrame(
        {
            "entity": frame["region_id"].astype(str),
            "code": frame["code"],
            "value": frame["value"],
            "self_value": frame["self_value"],
            "projected": frame["value"].where(frame["value"].notna(), frame["self_value"].where(projectable)),
        }
    )
    grouped = work.groupby(["entity", "code"], sort=False)
    sums = grouped[["value", "self_value", "projected"]].sum(min_count=1)
    counts = grouped.size()
    present = grouped[["value", "self_value", "projected"]].count()
    means = sums.div(counts, axis=0).where(present > 0)
    return means.reset_index()


def score_regions(relaxed: Catalog, frame: pd.DataFrame, *, tag: str | None = None) -> pd.DataFrame:
    """Every pemda in ``frame`` (OPD rows with ``region_id``) scored on its leaf means, on ``relaxed``
    (``relaxed_catalog`` of the period's catalog); ``projected`` is the score of the projected means."""
    if frame.empty:
        return empty_result()
    means = region_means(frame)
    result = score(relaxed, means[["entity", "code", "value", "self_value"]], tag=tag)
    projected = score(relaxed, means[["entity", "code"]].assign(value=means["projected"]), tag=tag)
    keys = pd.DataFrame({"entity": result["entity"], "code": result["code"].astype(str)})
    lookup = pd.DataFrame(
        {
            "entity": projected["entity"],
            "code": projected["code"].astype(str),
            "projected": projected["score"],
        }
    )
    result["projected"] = keys.merge(lookup, on=["entity", "code"], how="left")["projected"].to_numpy()
    return result


@dataclass(frozen=True)
class LeafMeans:
    """One period's leaf means as a database returns them: codes, mean verified and mean self value (NaN when
    nobody has one). The projected mean is left out: the national ranking does not show it."""

    codes: np.ndarray
    value: np.ndarray
    self_value: np.ndarray

    @classmethod
    def from_rows(cls, rows: list[Any]) -> LeafMeans:
        """From (code, value, self_value) rows; None becomes NaN."""
        codes, values, self_values = zip(*rows, strict=True) if rows else ((), (), ())
        return cls(
            np.array([str(c) for c in codes], dtype=object), _float_array(values), _float_array(self_values)
        )


def _float_array(values: Any) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def pemda_frame(means: dict[int, LeafMeans], regions: dict[int, int]) -> pd.DataFrame:
    """Periods' leaf means (period id → ``LeafMeans``) as one scoring frame whose entity is the period's pemda
    (``regions``: period id → region id, written as text): entity, code, value, self_value."""
    order = sorted(means)
    parts = [means[period_id] for period_id in order]
    sizes = [len(part.codes) for part in parts]

    def joined(name: str, dtype: Any) -> np.ndarray:
        return np.concatenate([getattr(p, name) for p in parts]) if parts else np.array([], dtype=dtype)

    return pd.DataFrame(
        {
            "entity": np.repeat(np.array([str(regions[p]) for p in order], dtype=object), sizes),
            "code": joined("codes", object),
            "value": joined("value", float),
            "self_value": joined("self_value", float),
        }
    )


def score_pemda_means(relaxed: Catalog, frame: pd.DataFrame, *, tag: str | None = None) -> pd.DataFrame:
    """Score a ``pemda_frame`` on ``relaxed`` (the frame holds no projected means: read ``score`` and
    ``self_score`` only)."""
    if frame.empty:
        return empty_result()
    return score(relaxed, frame, tag=tag)
