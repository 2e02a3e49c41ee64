"""A pemda's score from its OPDs' values: the design's one aggregation rule, pure pandas.

A pemda's leaf value comes from its assigned OPDs' values by the leaf's rule (``Node.rule_for_pemda``, from the
catalog's ``aggregation``), over the OPDs assigned the leaf (an OPD without a value counts 0; a leaf nobody has
a value for stays empty):

- ``mean``: the mean of the OPDs' values (coverage);
- ``any``: the best value (one pemda-level document suffices: a Perda, a Perkada);
- ``all``: the lowest value (every OPD must comply: Renja, RKA, RUP, BMD inventory), 0 while one has none;
- ``lead``: the lead OPD's value (``Assignment.lead``; the mean of the leads if several are marked, the mean of
  all when none is assigned).

A leaf that applies to the pemda's kind (``Node.applies_to``) but is assigned to no OPD counts 0 and is marked
``unassigned`` (``with_unassigned``): it no longer drops out of the weights. Then the pemda is scored like any
entity. Rule values are not on a leaf's allowed steps (two OPDs with 50 and 100 give a mean of 75), so the pemda
is scored on ``relaxed_catalog``: a copy of the catalog whose leaves accept any value up to their maximum, with
the same scale, weights, tags and rules, so the same arithmetic.

The verified value counts an OPD's verified value; the self value its claimed value (drafts included); the
projected value its verified value, else its claimed value once submitted (``PROJECTED_STATUSES``).

Two ways in: ``score_regions`` from the OPD rows (``region_id`` + the scoring input columns + ``lead``), and
``pemda_frame`` from values a database computed already (``LeafMeans`` per period, the national fast path in
``services``). Both must give the same numbers; the tests hold them to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from indicators import Catalog
from scoring.engine import RESULT_COLUMNS, score
from scoring.validate import PROJECTED_STATUSES

INPUT_COLUMNS = ["entity", "code", "value", "self_value", "status"]
"""The OPD scoring input; ``region_means`` also needs ``region_id`` and reads ``lead`` (bool) when present."""
MEAN_COLUMNS = ["entity", "code", "value", "self_value", "projected"]
VARIANTS = ("value", "self_value", "projected")


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


def rules_of(catalog: Catalog) -> dict[str, str]:
    """Leaf code → its rule for the pemda's value (``Node.rule_for_pemda``)."""
    return {leaf.code: leaf.rule_for_pemda for leaf in catalog.leaves()}


def pick(
    rule: np.ndarray,
    *,
    assigned: np.ndarray,
    present: np.ndarray,
    total: np.ndarray,
    best: np.ndarray,
    lowest: np.ndarray,
    leads: np.ndarray,
    lead_total: np.ndarray,
) -> np.ndarray:
    """The pemda's values of leaves by their rules, from per-leaf counts and sums over the assigned OPDs.

    ``assigned`` OPDs, of which ``present`` have a value; ``total``, ``best`` and ``lowest`` of those values;
    ``leads`` lead OPDs whose values sum to ``lead_total``. NaN where nobody has a value."""
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / assigned
        lead = np.where(leads > 0, lead_total / np.maximum(leads, 1), mean)
    values = np.select(
        [rule == "any", rule == "all", rule == "lead"],
        [best, np.where(present < assigned, 0.0, lowest), lead],
        default=mean,
    )
    return np.where(present > 0, values, np.nan)


def region_means(frame: pd.DataFrame, rules: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Per pemda (``region_id`` as text) and leaf: its verified, self and projected value by the leaf's rule
    (``rules``: code → lead/any/all/mean, ``rules_of``; missing: mean).

    Columns ``MEAN_COLUMNS``; a value is NaN when none of the pemda's OPDs has one for the leaf.
    """
    if not frame.empty:  # a row without a pemda or leaf belongs to no group, as in a groupby
        frame = frame.loc[frame["region_id"].notna() & frame["code"].notna()]
    if frame.empty:
        return pd.DataFrame(columns=MEAN_COLUMNS)
    # One pass of array sums per group (pemda × leaf, in first-seen order): a pandas groupby per statistic
    # cost a sixth of a cold overview.
    pemda, pemdas = pd.factorize(frame["region_id"])
    leaf, leaves = pd.factorize(frame["code"])
    group, first = pd.factorize(pemda * len(leaves) + leaf)  # first-seen order, as a groupby(sort=False)
    n = len(first)
    lead = frame["lead"].fillna(False).to_numpy(dtype=bool) if "lead" in frame else np.zeros(len(frame), bool)
    value = frame["value"].to_numpy(dtype=float, na_value=np.nan)
    claimed = frame["self_value"].to_numpy(dtype=float, na_value=np.nan)
    projectable = frame["status"].isin(PROJECTED_STATUSES).to_numpy()
    variants = {
        "value": value,
        "self_value": claimed,
        "projected": np.where(np.isnan(value), np.where(projectable, claimed, np.nan), value),
    }
    assigned = np.bincount(group, minlength=n).astype(float)
    leads = np.bincount(group, weights=lead, minlength=n)
    known = dict(rules or {})
    keys = pd.DataFrame(
        {"entity": pemdas.astype(str).take(first // len(leaves)), "code": leaves.take(first % len(leaves))}
    )
    rule = np.array([known.get(str(code), "mean") for code in leaves], dtype=object)[first % len(leaves)]
    order = np.argsort(group, kind="stable")  # each group's rows side by side, for its highest and lowest
    starts = np.flatnonzero(np.r_[True, np.diff(group[order]) != 0])
    for column, values in variants.items():
        has = ~np.isnan(values)
        present = np.bincount(group, weights=has, minlength=n)
        placed = values[order]  # fmax/fmin skip NaN: NaN only for a group with no value at all
        best, lowest = np.fmax.reduceat(placed, starts), np.fmin.reduceat(placed, starts)
        keys[column] = pick(
            rule,
            assigned=assigned,
            present=present,
            total=np.bincount(group[has], weights=values[has], minlength=n),
            best=best,
            lowest=lowest,
            leads=leads,
            lead_total=np.bincount(group[has & lead], weights=values[has & lead], minlength=n),
        )
    return keys[MEAN_COLUMNS]


def with_unassigned(means: pd.DataFrame, catalog: Catalog, kinds: Mapping[str, str]) -> pd.DataFrame:
    """``means`` (entity, code, values...) plus, for each pemda in ``kinds`` (entity → provinsi, kabupaten,
    kota), an empty row for every leaf that applies to its kind and has no row: assigned to no OPD, it counts
    at the scale's floor (0 for MCP).
    Adds the bool column ``unassigned``. Categorical ``entity`` and ``code`` columns (``pemda_frame``'s) stay
    categorical, their categories widened to the pemda and leaves added."""
    # A pemda × leaf grid of what is there, in arrays: a set of 37,128 (pemda, code) pairs cost a national
    # ranking 20 ms. Rows come pemda by pemda (``kinds``' order), leaves in catalog order, as a loop would.
    codes = pd.Index([leaf.code for leaf in catalog.leaves()])
    pemdas = pd.Index(list(kinds), dtype=object)
    pemda_no = _positions(means["entity"], pemdas)
    code_no = _positions(means["code"], codes)
    have = np.zeros((len(pemdas), len(codes)), dtype=bool)
    known = (pemda_no >= 0) & (code_no >= 0)
    have[pemda_no[known], code_no[known]] = True
    applies = {
        kind: codes.isin([leaf.code for leaf in catalog.leaves_for(kind)]) for kind in set(kinds.values())
    }
    wanted = np.array([applies[kind] for kind in kinds.values()], dtype=bool).reshape(len(pemdas), len(codes))
    pemda_at, code_at = np.nonzero(wanted & ~have)
    present = means.assign(unassigned=False)
    if not len(pemda_at):
        return present
    missing: dict[str, Any] = {"entity": pemdas.take(pemda_at), "code": codes.take(code_at)}
    for column in ("entity", "code"):
        if isinstance(means[column].dtype, pd.CategoricalDtype):  # one set of categories: concat keeps them
            both = means[column].cat.categories.union(missing[column].unique())
            present[column] = present[column].cat.set_categories(both)
            missing[column] = pd.Categorical(missing[column], categories=both)
        else:
            missing[column] = missing[column].tolist()
    values = [c for c in means.columns if c not in ("entity", "code")]
    # No value: the engine counts it at the scale's floor (0 on MCP's scale, 1 on SPBE's), never below.
    extra = pd.DataFrame(missing).assign(**dict.fromkeys(values, float("nan")))
    extra["unassigned"] = True
    return pd.concat([present, extra], ignore_index=True)


def _positions(column: pd.Series, index: pd.Index) -> np.ndarray:
    """Each row's position in ``index`` (-1 when absent); a categorical column is looked up per category."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        found = index.get_indexer(column.cat.categories.astype(str))
        return np.append(found, -1)[column.cat.codes.to_numpy()]  # code -1 (no value) picks the appended -1
    return index.get_indexer(pd.Index(column.astype(str)))


def _mark_unassigned(result: pd.DataFrame, means: pd.DataFrame) -> pd.DataFrame:
    """The scoring result with ``unassigned`` (True on the leaves ``with_unassigned`` added)."""
    flagged = means.loc[means["unassigned"]] if "unassigned" in means else means.iloc[0:0]
    keys = set(zip(flagged["entity"].astype(str).tolist(), flagged["code"].astype(str).tolist(), strict=True))
    rows = zip(result["entity"].astype(str).tolist(), result["code"].astype(str).tolist(), strict=True)
    result["unassigned"] = [row in keys for row in rows] if keys else False
    return result


def score_regions(
    relaxed: Catalog,
    frame: pd.DataFrame,
    *,
    kinds: Mapping[str, str] | None = None,
    tag: str | None = None,
) -> pd.DataFrame:
    """Every pemda in ``frame`` (OPD rows with ``region_id``) scored on its leaf values by rule, on ``relaxed``
    (``relaxed_catalog`` of the period's catalog); ``projected`` is the score of the projected values.

    ``kinds`` (pemda entity → kind) adds each pemda's applicable leaves assigned to no OPD at 0
    (``with_unassigned``); the result then has an ``unassigned`` column."""
    if frame.empty and not kinds:
        return empty_result()
    means = region_means(frame, rules_of(relaxed))
    if kinds:
        means = with_unassigned(means, relaxed, kinds)
    result = score(relaxed, means[["entity", "code", "value", "self_value"]], tag=tag)
    projected = score(relaxed, means[["entity", "code"]].assign(value=means["projected"]), tag=tag)
    # The same (entity, code) rows in give the same result rows out, in the same order: the scores line up.
    if not (
        np.array_equal(result["entity"].to_numpy(), projected["entity"].to_numpy())
        and np.array_equal(result["code"].cat.codes.to_numpy(), projected["code"].cat.codes.to_numpy())
    ):
        raise AssertionError("the projected scoring returned other rows than the verified one")
    result["projected"] = projected["score"].to_numpy()
    return _mark_unassigned(result, means) if kinds else result


@dataclass(frozen=True)
class LeafMeans:
    """One period's leaf values as a database returns them (``region_means``' rules computed in SQL): codes,
    verified and self value (NaN when nobody has one). The projected value is left out: the national ranking
    does not show it."""

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


def pemda_frame(
    means: dict[int, LeafMeans],
    regions: dict[int, int],
    *,
    catalog: Catalog | None = None,
    kinds: Mapping[int, str] | None = None,
) -> pd.DataFrame:
    """Periods' leaf values (period id → ``LeafMeans``) as one scoring frame whose entity is the period's pemda
    (``regions``: period id → region id, written as text): entity, code, value, self_value. With ``catalog``
    and ``kinds`` (region id → kind) the applicable leaves assigned to no OPD are added at 0
    (``with_unassigned``, column ``unassigned``)."""
    order = sorted(means)
    parts = [means[period_id] for period_id in order]
    sizes = [len(part.codes) for part in parts]

    def joined(name: str, dtype: Any) -> np.ndarray:
        return np.concatenate([getattr(p, name) for p in parts]) if parts else np.array([], dtype=dtype)

    # Categorical text: the engine reads the codes as they are, where text would be hashed twice (here for the
    # leaves assigned to no OPD, there to number the entities and nodes): 10 ms of a cold national ranking.
    pemdas = pd.Index([str(regions[p]) for p in order])
    names = pemdas.unique().sort_values()
    code_no, leaf_codes = pd.factorize(joined("codes", object), sort=True)
    frame = pd.DataFrame(
        {
            "entity": pd.Categorical.from_codes(
                np.repeat(names.get_indexer(pemdas), sizes), categories=names
            ),
            "code": pd.Categorical.from_codes(code_no, categories=pd.Index(leaf_codes)),
            "value": joined("value", float),
            "self_value": joined("self_value", float),
        }
    )
    if catalog is None or kinds is None:
        return frame
    return with_unassigned(frame, catalog, {str(region): kind for region, kind in kinds.items()})


def score_pemda_means(relaxed: Catalog, frame: pd.DataFrame, *, tag: str | None = None) -> pd.DataFrame:
    """Score a ``pemda_frame`` on ``relaxed`` (the frame holds no projected means: read ``score`` and
    ``self_score`` only). ``entity`` comes back categorical, as ``pemda_frame`` gives it."""
    if frame.empty:
        return empty_result()
    return score(relaxed, frame[["entity", "code", "value", "self_value"]], tag=tag)
