"""The shapes a period's overview is read in: counts, progress, heatmap, gap list with owners, totals, ranks.

Pure pandas over a scoring result (``scoring.score``) and the OPD input rows (``entity, code, value,
self_value, status``), so the dashboard, the reports and the tests read the same numbers the same way without a
database. Entities are text (OPD or region ids).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from indicators import ROOT_CODE, Catalog
from scoring.ranking import gap_list, rank
from vocabulary import COUNT_KEYS, STATUS_GROUP

RANK_COLUMNS = ["entity", "score", "zone", "rank", "previous_rank", "rank_change"]
TOTAL_KEYS = ("score", "self_score", "projected", "gap")


def _groups(frame: pd.DataFrame) -> pd.Series:
    return frame["status"].map(STATUS_GROUP).fillna("missing")


def counts(frame: pd.DataFrame) -> dict[str, int]:
    """Items per progress group (``COUNT_KEYS``) of the input rows; ``total`` is every row."""
    grouped = _groups(frame).value_counts()
    result = {key: int(grouped.get(key, 0)) for key in COUNT_KEYS if key != "total"}
    result["total"] = len(frame)
    return result


def progress(frame: pd.DataFrame) -> pd.DataFrame:
    """Per entity, its items per progress group: columns entity + ``COUNT_KEYS``."""
    if frame.empty:
        return pd.DataFrame(columns=["entity", *COUNT_KEYS])
    groups = frame.assign(group=_groups(frame))
    table = pd.crosstab(groups["entity"], groups["group"])
    table = table.reindex(columns=[k for k in COUNT_KEYS if k != "total"], fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.reset_index().rename_axis(columns=None)


def areas(catalog: Catalog) -> pd.DataFrame:
    """Code and name of the catalog's top-level areas, in catalog order."""
    return pd.DataFrame(
        [{"code": n.code, "name": n.name} for n in catalog.top_level], columns=["code", "name"]
    )


def heatmap(catalog: Catalog, scores: pd.DataFrame) -> pd.DataFrame:
    """Index entity, one column per top-level area (catalog order, present ones only): the verified score."""
    codes = [node.code for node in catalog.top_level]
    top = scores.loc[scores["code"].astype(str).isin(codes)]
    if top.empty:
        return pd.DataFrame(columns=codes)
    table = top.assign(code=top["code"].astype(str)).pivot(index="entity", columns="code", values="score")
    return table.reindex(columns=[a for a in codes if a in table.columns]).rename_axis(
        index="entity", columns=None
    )


def gap_list_with_owners(
    catalog: Catalog,
    region_scores: pd.DataFrame,
    *,
    region: str,
    opd_rows: pd.DataFrame,
    abbreviations: dict[str, Any],
) -> pd.DataFrame:
    """The pemda's gap list (``scoring.gap_list`` of ``region``) plus each leaf's ``name`` and ``organisations``:
    the abbreviations (``abbreviations``: OPD entity → abbreviation) of the OPDs in ``opd_rows`` still below
    the leaf's maximum on it, sorted and joined with ", "; ``unassigned`` marks a leaf assigned to no OPD (it
    counts 0: "belum ditugaskan")."""
    if region_scores.empty:
        return region_scores.assign(
            name=pd.Series(dtype=object),
            organisations=pd.Series(dtype=object),
            unassigned=pd.Series(dtype=bool),
        )
    gaps = gap_list(region_scores, entity=region).copy()
    names = {node.code: node.name for node in catalog.leaves()}
    maximum = {node.code: node.maximum for node in catalog.leaves()}
    short = opd_rows["value"].isna() | (opd_rows["value"] < opd_rows["code"].map(maximum) - 1e-9)
    open_items = opd_rows.loc[short]
    # A plain loop over the open items: a groupby with a Python join per leaf cost a third of a cold overview.
    owners: dict[str, set[str]] = {}
    for code, abbreviation in zip(
        open_items["code"].astype(str), open_items["entity"].map(abbreviations), strict=True
    ):
        if pd.notna(abbreviation):
            owners.setdefault(code, set()).add(str(abbreviation))
    codes = gaps["code"].astype(str)
    gaps["name"] = codes.map(names)
    gaps["organisations"] = [", ".join(sorted(owners.get(code, ()))) for code in codes]
    gaps["unassigned"] = gaps["unassigned"].astype(bool) if "unassigned" in gaps else False
    return gaps


def total(scores: pd.DataFrame, entity: str) -> dict[str, Any]:
    """The entity's ``ROOT_CODE`` row as plain numbers (``TOTAL_KEYS``, None when missing) and its zone;
    empty when the entity has no total."""
    rows = scores.loc[(scores["entity"] == entity) & (scores["code"].astype(str) == ROOT_CODE)]
    if rows.empty:
        return {}
    row = rows.iloc[0]
    numbers = {key: (None if pd.isna(row[key]) else float(row[key])) for key in TOTAL_KEYS}
    return {**numbers, "zone": None if pd.isna(row["zone"]) else str(row["zone"])}


def ranking(result: pd.DataFrame, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """``scoring.rank`` of the totals with the change against ``previous`` (None or empty: no change); an
    empty result gives an empty frame with ``RANK_COLUMNS``."""
    if result.empty:
        return pd.DataFrame(columns=RANK_COLUMNS)
    if previous is not None and previous.empty:
        previous = None
    return rank(result, previous=previous)


def opd_rank(result: pd.DataFrame, entity: str) -> tuple[int | None, int]:
    """(the entity's rank among the result's entities or None, how many are ranked)."""
    ranked = ranking(result)
    mine = ranked.loc[ranked["entity"] == entity, "rank"]
    return (None if mine.empty or pd.isna(mine.iloc[0]) else int(mine.iloc[0])), len(ranked)


BEHIND_COLUMNS = ["entity", "missing", "returned", "open", "total"]


def furthest_behind(progress: pd.DataFrame) -> pd.DataFrame:
    """OPDs with items still to do, furthest behind first: ``missing`` counts items not yet submitted (empty or
    draft), ``returned`` the items sent back by the reviu, ``open`` both; ties by more ``total`` items. Pure."""
    if progress.empty:
        return pd.DataFrame(columns=BEHIND_COLUMNS)
    frame = pd.DataFrame(
        {
            "entity": progress["entity"],
            "missing": (progress["missing"] + progress["draft"]).astype(int),
            "returned": progress["returned"].astype(int),
            "total": progress["total"].astype(int),
        }
    )
    frame["open"] = frame["missing"] + frame["returned"]
    frame = frame.loc[frame["open"] > 0]
    return frame.sort_values(["open", "returned", "total", "entity"], ascending=[False, False, False, True])[
        BEHIND_COLUMNS
    ].reset_index(drop=True)
