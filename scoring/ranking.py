"""Read a scoring result the way a leader asks: who ranks where (and moved how), and what to fix first.

Ranks are competition ranks (1, 2, 2, 4): entities with equal scores share a rank and the next rank skips.
Scores are compared after rounding away float noise, so two entities that score 3.28 by different paths tie.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators import ROOT_CODE

_RANK_DECIMALS = 9


def _competition_rank(values: pd.Series) -> pd.Series:
    return values.round(_RANK_DECIMALS).rank(method="min", ascending=False).astype("Int64")


def _ranked(result: pd.DataFrame, code: str, column: str) -> pd.DataFrame:
    rows = result.loc[result["code"] == code, ["entity", column]].reset_index(drop=True)
    rows["rank"] = _competition_rank(rows[column])
    return rows


def rank(
    result: pd.DataFrame,
    *,
    code: str = ROOT_CODE,
    column: str = "score",
    previous: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Entities ranked on ``column`` of node ``code``, highest first, with the change against ``previous``.

    Columns: ``entity, <column>, rank, previous_rank, rank_change`` (positive = moved up; missing when the
    entity was not ranked before). Add ``zone`` too when ranking on ``score`` and the result has zones.
    """
    ranked = _ranked(result, code, column)
    if column == "score" and "zone" in result:
        zones = result.loc[result["code"] == code, "zone"].reset_index(drop=True)
        ranked.insert(2, "zone", zones)
    if previous is not None:
        before = _ranked(previous, code, column)[["entity", "rank"]].rename(columns={"rank": "previous_rank"})
        ranked = ranked.merge(before, on="entity", how="left")
    else:
        ranked["previous_rank"] = pd.array([pd.NA] * len(ranked), dtype="Int64")
    ranked["previous_rank"] = ranked["previous_rank"].astype("Int64")
    ranked["rank_change"] = ranked["previous_rank"] - ranked["rank"]
    order = np.lexsort((ranked["entity"].astype(str).to_numpy(), ranked["rank"].to_numpy(dtype=float)))
    return ranked.iloc[order].reset_index(drop=True)


def gap_list(result: pd.DataFrame, *, entity: object = None) -> pd.DataFrame:
    """Leaves not yet at the maximum, ranked by ``gain`` (points they would add to the total), largest first.

    ``entity`` restricts the list to one entity. Columns are the result's; the index runs 0, 1, 2, ...
    """
    leaves = result.loc[result["is_leaf"] & (result["gain"] > 1e-12)]
    if entity is not None:
        leaves = leaves.loc[leaves["entity"] == entity]
    order = np.lexsort(
        (
            leaves["code"].astype(str).to_numpy(),
            leaves["entity"].astype(str).to_numpy(),
            -leaves["gain"].round(_RANK_DECIMALS).to_numpy(),
        )
    )
    return leaves.iloc[order].reset_index(drop=True)
