"""The three stages of a score side by side, and the gaps between them: self → reviu → external (KPK).

A pemda's item has three values: what its OPDs claimed (self), what the internal reviu (Inspektorat, Tim Asesor
Internal) accepted, and what KPK (KemenPANRB for SPBE) gave after its own verification. Two gaps matter:

- ``over_claim`` = self − reviu: what the OPDs claim beyond what their own reviewers accept;
- ``surprise`` = reviu − external: what the reviu accepted beyond what KPK gave. The 2021 Halmahera Timur case
  (self 95, KPK 51) is the sum of the two, and the reason Lentera exists.

The external score of a node is the catalog's weighted mean of KPK's leaf values (on the relaxed catalog, as
for any pemda), over the leaves that apply to the pemda, and it is shown only when KPK's result is recorded
for every one of those leaves: an area with half its items verified by KPK has no KPK score yet (a partial mean
would read as a fall). OPDs have no external stage: KPK verifies the pemda's item.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators import Catalog
from scoring.engine import score

STAGE_COLUMNS = [
    "entity",
    "code",
    "depth",
    "is_leaf",
    "self_score",
    "review_score",
    "external_score",
    "over_claim",
    "surprise",
]
"""Columns of ``stages``: the scores of the three stages and the two gaps, per entity × node."""


def external_scores(
    relaxed: Catalog, region_scores: pd.DataFrame, results: pd.DataFrame, *, tag: str | None = None
) -> pd.DataFrame:
    """``entity, code, external_score`` per pemda node from KPK's leaf values.

    ``region_scores`` is the pemda scoring result (its leaf rows say which leaves apply to each pemda);
    ``results`` has ``entity, code, value``. NaN where some applicable leaf under the node has no result; a pemda
    without any result has no rows. ``tag`` (the digital-services lens) keeps only the leaves carrying it, as the
    other two stages under the lens do: an area is complete when its tagged leaves have KPK's result.
    """
    columns = ["entity", "code", "external_score"]
    if region_scores.empty or results.empty:
        return pd.DataFrame(columns=columns)
    leaves = region_scores.loc[region_scores["is_leaf"].astype(bool), ["entity", "code"]]
    leaves = leaves.assign(code=leaves["code"].astype(str))
    leaves = leaves.loc[leaves["entity"].isin(set(results["entity"]))]
    if tag is not None:
        leaves = leaves.loc[leaves["code"].isin({leaf.code for leaf in relaxed.leaves() if tag in leaf.tags})]
    if leaves.empty:
        return pd.DataFrame(columns=columns)
    known = results.assign(code=results["code"].astype(str))[["entity", "code", "value"]]
    frame = leaves.merge(known, on=["entity", "code"], how="left")
    missing = frame["value"].isna()
    maximum = frame["code"].map({leaf.code: leaf.maximum for leaf in relaxed.leaves()})
    scored = score(relaxed, frame[["entity", "code", "value"]], tag=tag)
    # A node is incomplete when a missing leaf below it carries weight: score the "missing" marks the same way.
    gaps = score(relaxed, frame[["entity", "code"]].assign(value=np.where(missing, maximum, 0.0)), tag=tag)
    complete = gaps["score"].to_numpy() <= 1e-12
    return pd.DataFrame(
        {
            "entity": scored["entity"].to_numpy(),
            "code": scored["code"].astype(str).to_numpy(),
            "external_score": np.where(complete, scored["score"].to_numpy(), np.nan),
        }
    )


def stages(scores: pd.DataFrame, external: pd.DataFrame | None = None) -> pd.DataFrame:
    """``STAGE_COLUMNS`` for every row of a scoring result (OPDs or pemda), with ``external`` (the
    ``external_scores`` of pemda) joined where present; gaps are NaN where a stage is missing."""
    if scores.empty:
        return pd.DataFrame(columns=STAGE_COLUMNS)
    frame = pd.DataFrame(
        {
            "entity": scores["entity"].to_numpy(),
            "code": scores["code"].astype(str).to_numpy(),
            "depth": scores["depth"].to_numpy(),
            "is_leaf": scores["is_leaf"].astype(bool).to_numpy(),
            "self_score": scores["self_score"].astype(float).to_numpy(),
            "review_score": scores["score"].astype(float).to_numpy(),
        }
    )
    if external is not None and not external.empty:
        lookup = external.assign(entity=external["entity"].astype(frame["entity"].dtype))
        frame = frame.merge(lookup[["entity", "code", "external_score"]], on=["entity", "code"], how="left")
    else:
        frame["external_score"] = np.nan
    frame["external_score"] = frame["external_score"].astype(float)
    frame["over_claim"] = frame["self_score"] - frame["review_score"]
    frame["surprise"] = frame["review_score"] - frame["external_score"]
    return frame[STAGE_COLUMNS]


def region_results(results: pd.DataFrame, regions: dict[int, int]) -> pd.DataFrame:
    """KPK's results per period (``period_id, code, value``) as pemda rows: ``entity`` is the period's region id
    as text (``regions``: period id → region id), like the pemda scoring result's."""
    if results.empty:
        return pd.DataFrame(columns=["entity", "code", "value"])
    kept = results.loc[results["period_id"].isin(regions)]
    return pd.DataFrame(
        {
            "entity": kept["period_id"].map(lambda p: str(regions[int(p)])).to_numpy(),
            "code": kept["code"].astype(str).to_numpy(),
            "value": kept["value"].astype(float).to_numpy(),
        }
    )
