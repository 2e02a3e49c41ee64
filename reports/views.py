"""Joined, ordered views of a ``ReportData`` that the xlsx and PDF builders both print.

Computing these once, here, keeps the workbook and the PDF telling the same story: the same order (subject
first, then kabupaten/kota, then OPDs, each by rank), the same names, the same numbers. Nothing here computes a
score; every number comes from the scoring engine's frame.
"""

from __future__ import annotations

import pandas as pd

from indicators import ROOT_CODE
from reports.data import EXTERNAL_BESIDE, EXTERNAL_COLUMNS, OPD_KIND, ReportData
from reports.text import t

ITEM_STAGE_COLUMNS = [
    "entity", "entity_name", "area", "code", "indicator", "self_value", "review_value", "kpk_value", "kpk_note",
]  # fmt: skip
"""A pemda's items on the three stages, in the item's own units: the pemda's self value and reviu value (from its
OPDs by the item's rule) and KPK's value and note; ``kpk_value`` NaN where KPK has published none."""


def _group_of(kind: pd.Series) -> pd.Series:
    return kind.map(lambda k: "opd" if k == OPD_KIND else "pemda")


def summary(data: ReportData) -> pd.DataFrame:
    """One row per entity with its TOTAL scores, zone and rank, in report order."""
    return data.derived("summary", lambda: _summary(data))


def _summary(data: ReportData) -> pd.DataFrame:
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
    frame["zone_label"] = [zone_label(data, z, g) for z, g in zip(frame["zone"], frame["group"], strict=True)]
    frame["_subject"] = frame["entity"] != (data.subject or "")
    frame["_group_order"] = (frame["group"] == "opd").astype(int)
    frame["_rank"] = frame["rank"].fillna(1e9)
    frame = frame.sort_values(["_subject", "_group_order", "_rank", "name"], kind="stable")
    return frame.drop(columns=["_subject", "_group_order", "_rank"]).reset_index(drop=True)


def zone_indicative(data: ReportData, group: object) -> bool:
    """Whether a row's zone is only indicative: an OPD's, when the zones are predicates of a pemda's index
    (``Catalog.zone_indicative``, as the screens' "Predikat (indikatif)")."""
    return data.opd_zone_indicative and group == "opd"


def zone_label(data: ReportData, zone: object, group: object) -> str:
    """The zone as printed: its name, with "(indikatif)" where it is only indicative; empty when missing."""
    if zone is None or zone is pd.NA or (isinstance(zone, float) and zone != zone) or zone == "":
        return ""
    if zone_indicative(data, group):
        return t("report.zone_indicative", data.language, zone=zone)
    return str(zone)


def item_stages(data: ReportData, entity: str | None = None) -> pd.DataFrame:
    """``ITEM_STAGE_COLUMNS`` for every leaf of every pemda in the report (or of ``entity``), in report then
    catalog order, with KPK's result beside the self and reviu values where one is recorded."""
    pemda = set(data.entities.loc[data.entities["kind"] != OPD_KIND, "entity"].astype(str))
    if entity is not None:
        pemda &= {entity}
    scores = data.scores
    leaves = scores.loc[scores["is_leaf"].astype(bool) & scores["entity"].astype(str).isin(pemda)]
    nan = pd.Series(float("nan"), index=leaves.index)
    frame = pd.DataFrame(
        {
            "entity": leaves["entity"].astype(str),
            "code": leaves["code"].astype(str),
            "self_value": leaves["self_value"].astype(float) if "self_value" in leaves else nan,
            "review_value": leaves["value"].astype(float) if "value" in leaves else nan,
        }
    )
    external = data.external.reindex(columns=EXTERNAL_COLUMNS)
    external = pd.DataFrame(
        {
            "entity": external["entity"].astype(str),
            "code": external["code"].astype(str),
            "kpk_value": external["value"].astype(float),
            "kpk_note": external["note"].fillna("").astype(str),
        }
    )
    frame = frame.merge(external, on=["entity", "code"], how="left")
    frame["kpk_note"] = frame["kpk_note"].fillna("")
    names = node_names(data)
    entity_names = dict(zip(data.entities["entity"].astype(str), data.entities["name"], strict=False))
    frame["entity_name"] = frame["entity"].map(entity_names)
    frame["indicator"] = frame["code"].map(names)
    frame["area"] = frame["code"].map(node_areas(data)).map(names)
    entity_order = {e: i for i, e in enumerate(summary(data)["entity"])}
    node_order = {c: i for i, c in enumerate(data.nodes["code"].astype(str))}
    frame["_e"] = frame["entity"].map(entity_order).fillna(len(entity_order))
    frame["_n"] = frame["code"].map(node_order).fillna(len(node_order))
    frame = frame.sort_values(["_e", "_n"], kind="stable").reset_index(drop=True)
    return frame[ITEM_STAGE_COLUMNS]


def external_shown(data: ReportData, values: pd.Series) -> pd.Series:
    """KPK's values as a reader sees them: the number, or "belum ada" where KPK has published none."""
    missing = t("report.kpk_missing", data.language)
    return values.astype(object).where(values.notna(), missing)


def stage_detail(data: ReportData) -> pd.DataFrame:
    """The three stages per entity (``data.stages``) with the entity's name and the area's code and name, by
    group and entity, each entity's total first, then its areas in catalog order."""
    frame = data.stages.copy()
    frame["entity"] = frame["entity"].astype(str)
    frame["code"] = frame["code"].astype(str)
    names = dict(zip(data.entities["entity"].astype(str), data.entities["name"], strict=False))
    nodes = node_names(data)
    order = {code: i for i, code in enumerate(data.nodes["code"].astype(str))}
    frame["name"] = frame["entity"].map(names)
    frame["area"] = frame["code"].map(
        lambda c: t("report.col.total", data.language) if c == ROOT_CODE else f"{c} {nodes.get(c, '')}"
    )
    frame["order"] = frame["code"].map(lambda c: -1 if c == ROOT_CODE else order.get(c, 0))
    return frame.sort_values(["group", "entity", "order"], kind="stable").reset_index(drop=True)


def entity_codes(data: ReportData) -> dict[str, str]:
    """What a reader knows an entity by beside its name: a pemda's Kemendagri code ("82.01"), an OPD's
    abbreviation ("DISKOMINFO", which ``lentera export --scope opd:DISKOMINFO`` also takes); never the internal
    ``opd:35``. An OPD without an abbreviation gets an empty code."""
    entities = data.entities
    abbreviations = (
        entities["abbreviation"]
        if "abbreviation" in entities.columns
        else pd.Series(None, index=entities.index)
    )
    codes: dict[str, str] = {}
    for entity, kind, abbreviation in zip(
        entities["entity"].astype(str), entities["kind"], abbreviations, strict=True
    ):
        if kind != OPD_KIND:
            codes[entity] = entity
        else:
            codes[entity] = "" if abbreviation is None or pd.isna(abbreviation) else str(abbreviation)
    return codes


def without_catalog_key(data: ReportData, text: str) -> str:
    """A sentence naming the catalog as "name (key)" with the key left out: readers know the catalog by name."""
    return text.replace(f" ({data.catalog_key})", "")


def area_matrix(data: ReportData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(scores, zones): entity rows in report order × columns TOTAL then each area code."""
    order = summary(data)["entity"].tolist()
    codes = [ROOT_CODE, *data.areas()["code"].astype(str).tolist()]
    subset = data.scores[data.scores["code"].isin(codes)].copy()
    subset["entity"] = subset["entity"].astype(str)
    scores = subset.pivot(index="entity", columns="code", values="score").astype(float)
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
    """Whether any item carries an external index value, typed or verified (Pemdi's external-index indicators)."""
    return any(c in items.columns and bool(items[c].notna().any()) for c in EXTERNAL_BESIDE.values())


def with_external_values(fields: list[str], items: pd.DataFrame) -> list[str]:
    """``fields`` with each external index value right after the level it converts to (``EXTERNAL_BESIDE``)
    when any item carries one; else ``fields`` as they are."""
    if not has_external_values(items):
        return list(fields)
    shown: list[str] = []
    for field in fields:
        shown += [field, EXTERNAL_BESIDE[field]] if field in EXTERNAL_BESIDE else [field]
    return shown


def external_items(data: ReportData) -> dict[str, pd.DataFrame]:
    """Per entity, its items with an external index value typed or verified, in report order (the PDF prints
    them on the entity's page beside their levels)."""
    items = item_detail(data)
    present = [c for c in EXTERNAL_BESIDE.values() if c in items.columns]
    if not present:
        return {}
    items = items.loc[items[present].notna().any(axis=1)].reindex(
        columns=[*items.columns, *(c for c in EXTERNAL_BESIDE.values() if c not in present)]
    )
    return {str(entity): frame for entity, frame in items.groupby("entity", sort=False)}


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
