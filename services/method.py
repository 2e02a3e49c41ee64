"""The "Cara menghitung" (how this is computed) text of a period's catalog, for the leader's overview panel, and
one item worked through with the period's own numbers (``item_example``).

The words come from ``reports.method`` (the PDF and xlsx print the same), generated from the catalog's data. The
worked example only picks numbers the scoring already produced (``services.overview``): each assigned OPD's
reviewed value and its score on the catalog's scale, and the pemda's value of the item by the item's rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from indicators import Catalog
from reports.method import how_computed
from services import catalogs
from services.overview import Overview


def period_method(*, period_id: int, lang: str) -> list[tuple[str, str]]:
    """(heading, paragraph) for the item, the area, the OPD and the pemda of the period's catalog. No permission
    check: like ``catalogs.catalog_for_period`` it reveals the catalog's rules, no data."""
    return how_computed(catalogs.catalog_for_period(period_id), lang)


@dataclass(frozen=True)
class OpdValue:
    name: str
    value: float | None  # the reviewed value on the item's own scale; None when not reviewed yet
    score: float  # on the catalog's scale (a missing value counts at the floor)


@dataclass(frozen=True)
class ItemExample:
    """One item of the period, worked through: its rule from the catalog, each assigned OPD's value and score,
    and the pemda's score of the item by the item's rule (``rule_for_pemda``)."""

    code: str
    name: str
    rule_kind: str  # indicators.rules kind: levels, percent, documents, binary, external_index
    maximum: float
    scale_max: float
    floor: float
    pemda_rule: str  # lead, any, all, mean
    opds: list[OpdValue]
    pemda_score: float | None
    unassigned: bool


def example_codes(overview: Overview) -> list[str]:
    """The period's items the pemda is scored on, in catalog order, those with a reviewed OPD value first."""
    own = overview.region_scores
    leaves = own.loc[(own["entity"] == str(overview.region_id)) & own["is_leaf"].astype(bool), "code"].astype(
        str
    )
    opd = overview.opd_scores
    reviewed = set(opd.loc[opd["is_leaf"].astype(bool) & opd["value"].notna(), "code"].astype(str))
    codes = list(dict.fromkeys(leaves))
    return [c for c in codes if c in reviewed] + [c for c in codes if c not in reviewed]


def item_example(overview: Overview, catalog: Catalog, code: str) -> ItemExample:
    """``code`` worked through with the overview's numbers (no new computation; see the module docstring)."""
    node = catalog.node(code)
    assert node.rule is not None
    names = dict(zip(overview.entities["entity"].astype(str), overview.entities["name"], strict=False))
    opd = overview.opd_scores
    rows = opd.loc[(opd["code"].astype(str) == code) & opd["is_leaf"].astype(bool)]
    opds = [
        OpdValue(str(names.get(str(entity), entity)), _number(value), float(score) if score == score else 0.0)
        for entity, value, score in zip(rows["entity"], rows["value"], rows["score"], strict=True)
    ]
    region = overview.region_scores
    own = region.loc[(region["entity"] == str(overview.region_id)) & (region["code"].astype(str) == code)]
    pemda = _number(own["score"].iloc[0]) if len(own) else None
    unassigned = bool(own["unassigned"].iloc[0]) if len(own) and "unassigned" in own else not opds
    return ItemExample(
        code=code,
        name=node.name,
        rule_kind=node.rule.kind,
        maximum=node.maximum,
        scale_max=catalog.scale.max,
        floor=catalog.scale.min,
        pemda_rule=node.rule_for_pemda,
        opds=sorted(opds, key=lambda o: o.name),
        pemda_score=pemda,
        unassigned=unassigned,
    )


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value):
        return float(value)
    return None
