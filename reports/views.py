"""Joined, ordered views of a ``ReportData`` that the xlsx and PDF builders both print.

Computing these once, here, keeps the workbook and the PDF telling the same story: the same order (subject
first, then kabupaten/kota, then OPDs, each by rank), the same names, the same numbers. Nothing here computes a
score; every number comes from the scoring engine's frame.
"""

from __future__ import annotations

import pandas as pd

from indicators import ROOT_CODE
from reports.data import OPD_KIND, ReportData


def _group_of(kind: pd.Series) -> pd.Series:
    return kind.map(lambda k: "opd" if k == OPD_KIND else "pemda")


def summary(data: ReportData) -> pd.DataFrame:
    """One row per entity with its TOTAL scores, zone and rank, in report order."""
    entities = data.entities[["entity", "name", "kind", "region", "parent"]].copy()
    entities["entity"] = entities["entity"].astype(str)
    names = dict(zip(entities["entity"], entities["name"], strict=False))
    entities["region_name"] = entities["region"].map(lambda r: names.get(str(r), r if pd.notna(r) else ""))
    totals = data.scores[data.scores["code"] == ROOT_CODE][
        ["entity", "score", "self_score", "projected", "max", "gap", "zone"]
    ].copy()
    totals["entity"] = totals["entity"].astype(str)
    ranking = data.ranking[["entity", "rank", "previous_rank", "rank_change"]].copy()
    ranking["entity"] = ranking["entity"].astype(str)
    frame = entities.merge(totals, on="entity", how="left").merge(ranking, on="entity", how="left")
    frame["group"] = _group_of(frame["kind"])
    frame["_subject"] = frame["entity"] != (data.subject or "")
    frame["_group_order"] = (frame["group"] == "opd").astype(int)
    frame["_rank"] = frame["rank"].fillna(1e9)
    frame = frame.sort_values(["_subject", "_group_order", "_rank", "name"], kind="stable")
    return frame.drop(columns=["_subject", "_group_order", "_rank"]).reset_index(drop=True)


def area_matrix(data: ReportData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(scores, zones): entity rows in report order × columns TOTAL then each area code."""
    order = summary(data)["entity"].tolist()
    codes = [ROOT_CODE, *data.areas()["code"].astype(str).tolist()]
    subset = data.scores[data.scores["code"].isin(codes)].copy()
    subset["entity"] = subset["entity"].astype(str)
    scores = subset.pivot_table(index="entity", columns="code", values="score", aggfunc="first", dropna=False)
    zones = subset.pivot(index="entity", columns="code", values="zone")
    scores = scores.reindex(index=order, columns=codes)
    zones = zones.reindex(index=order, columns=codes)
    return scores, zones


def node_names(data: ReportData) -> dict[str, str]:
    return dict(zip(data.nodes["code"].astype(str), data.nodes["name"], strict=False))


def node_areas(data: ReportData) -> dict[str, str]:
    """Leaf (or any node) code → its depth-1 ancestor's code."""
    parents = dict(zip(data.nodes["code"].astype(str), data.nodes["parent_code"], strict=False))
    depths = dict(zip(data.nodes["code"].astype(str), data.nodes["depth"], strict=False))
    result: dict[str, str] = {}
    for code in parents:
        current = code
        while depths.get(current, 0) > 1 and parents.get(current) is not None:
            current = str(parents[current])
        result[code] = current if depths.get(current) == 1 else ""
    return result


def item_detail(data: ReportData) -> pd.DataFrame:
    """Items with entity, indicator and area names, ordered by report entity order then catalog order."""
    entity_order = {e: i for i, e in enumerate(summary(data)["entity"])}
    node_order = {c: i for i, c in enumerate(data.nodes["code"].astype(str))}
    names = node_names(data)
    areas = node_areas(data)
    entity_names = dict(zip(data.entities["entity"].astype(str), data.entities["name"], strict=False))
    frame = data.items.copy()
    frame["entity"] = frame["entity"].astype(str)
    frame["code"] = frame["code"].astype(str)
    frame["entity_name"] = frame["entity"].map(entity_names)
    frame["indicator"] = frame["code"].map(names)
    frame["area_code"] = frame["code"].map(areas)
    frame["area"] = frame["area_code"].map(names)
    frame["value_gap"] = frame["self_value"] - frame["verified_value"]
    frame["_e"] = frame["entity"].map(entity_order).fillna(len(entity_order))
    frame["_n"] = frame["code"].map(node_order).fillna(len(node_order))
    return frame.sort_values(["_e", "_n"], kind="stable").drop(columns=["_e", "_n"]).reset_index(drop=True)


def has_external_values(items: pd.DataFrame) -> bool:
    """Whether any item carries an external index value typed (Pemdi's external-index indicators)."""
    return "external_value" in items.columns and bool(items["external_value"].notna().any())


def reviews_detail(data: ReportData) -> pd.DataFrame:
    names = node_names(data)
    entity_names = dict(zip(data.entities["entity"].astype(str), data.entities["name"], strict=False))
    frame = data.reviews.copy()
    frame["entity"] = frame["entity"].astype(str)
    frame["code"] = frame["code"].astype(str)
    frame["entity_name"] = frame["entity"].map(entity_names)
    frame["indicator"] = frame["code"].map(names)
    return frame.sort_values(["decided_at", "entity", "code"], kind="stable").reset_index(drop=True)


def gap_list(data: ReportData, entity: str, limit: int = 40) -> pd.DataFrame:
    """The leaves that would add most to ``entity``'s TOTAL if completed (scoring's ``gain``), largest first."""
    scores = data.scores
    frame = scores[(scores["entity"].astype(str) == entity) & scores["is_leaf"].astype(bool)].copy()
    frame = frame[frame["gain"].fillna(0) > 0]
    frame["code"] = frame["code"].astype(str)
    frame["indicator"] = frame["code"].map(node_names(data))
    frame["area"] = frame["code"].map(node_areas(data)).map(node_names(data))
    return frame.sort_values(["gain", "code"], ascending=[False, True]).head(limit).reset_index(drop=True)
