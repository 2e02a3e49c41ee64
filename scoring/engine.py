"""Score every entity on every node of a catalog: verified, self-claimed and projected, in one vectorised pass.

The rule is the catalog's: a node's score is the weighted mean of its children's scores, with the weights
renormalised over the children that apply to the entity (a leaf applies when the entity has a row for it). That
one rule gives the MCP formula (Σ bobot × value / 100 at every level) and the SPBE index.

The work happens on dense node-major ``(variant, node, entity)`` matrices (variants: verified, self,
projected), one depth at a time from the leaves up. The children of a parent are consecutive rows (see
``scoring.tree``), so a parent's weighted sum over every entity at once is one ``np.sum`` over a block: Python
loops over the catalog's branches (tens), never over rows or entities. Shares (each node's effective weight in
the entity's total) then flow top-down the same way; ``gain`` = (scale max − score) × share is what completing a
leaf would add to the total (on a branch: what completing all its leaves would add).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from indicators import Catalog
from scoring.tree import CatalogArrays, catalog_arrays, zone_categorical, zone_codes
from scoring.validate import Prepared, prepare

RESULT_COLUMNS = [
    "entity",
    "code",
    "parent_code",
    "depth",
    "is_leaf",
    "weight",
    "value",
    "self_value",
    "score",
    "self_score",
    "projected",
    "max",
    "gap",
    "zone",
    "share",
    "gain",
]
"""Columns of ``score``'s result, in order (``status`` follows when the input had one)."""

VERIFIED, SELF, PROJECTED = 0, 1, 2


def _leaf_scores(prepared: Prepared, arrays: CatalogArrays, rows: np.ndarray | slice) -> np.ndarray:
    """(3, rows) leaf scores on the catalog scale: verified, self, projected; a missing value counts at the
    scale's floor (0 on MCP's 0–100; 1 on SPBE's 1–5, where "Tingkat 1 diberi nilai 1"), never below it."""
    factor = arrays.leaf_factor[prepared.node[rows]]
    stacked = np.empty((3, len(factor)))
    verified = np.multiply(prepared.value[rows], factor, out=stacked[VERIFIED])
    claimed = stacked[SELF]
    if prepared.self_value is None:
        claimed[:] = np.nan
    else:
        np.multiply(prepared.self_value[rows], factor, out=claimed)
    projectable = claimed
    if prepared.counts_in_projection is not None:
        projectable = np.where(prepared.counts_in_projection[rows], claimed, np.nan)
    np.copyto(stacked[PROJECTED], verified)
    unverified = np.isnan(verified)
    stacked[PROJECTED, unverified] = projectable[unverified]
    stacked[np.isnan(stacked)] = arrays.scale_min
    return stacked


def _aggregate(arrays: CatalogArrays, scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Fill branch scores and weights bottom-up, in place; ``weights`` is 0 where a node does not apply.

    ``scores`` is (3, N, E) and ``weights`` (N, E), node-major so that the children of a parent are a block
    of consecutive rows: their sum over all entities at once is one ``np.sum`` over that block. The loop runs
    over the catalog's branches (tens), never over rows or entities. Returns the (N, E) sums of applicable
    child weights under every branch.
    """
    totals = np.zeros_like(weights)
    for level in reversed(arrays.levels):
        block = weights[level.lo : level.hi]
        weighted = scores[:, level.lo : level.hi] * block
        for start, end, parent in level.runs:
            np.sum(block[start:end], axis=0, out=totals[parent])
            np.sum(weighted[:, start:end], axis=1, out=scores[:, parent])
        parents = level.parents
        total = totals[parents]
        applies = total > 0
        scores[:, parents] = np.divide(
            scores[:, parents], total, out=np.zeros_like(scores[:, parents]), where=applies
        )
        weights[parents] = applies * arrays.weight[parents, None]
    weights[0] = totals[0] > 0
    return totals


def _shares(arrays: CatalogArrays, weights: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Each node's effective fraction of the entity's total: its parent's share × its renormalised weight."""
    shares = np.zeros_like(weights)
    shares[0] = weights[0] > 0
    for level in arrays.levels:
        parent = arrays.parent[level.lo : level.hi]
        total = totals[parent]
        fraction = np.divide(weights[level.lo : level.hi], total, out=np.zeros_like(total), where=total > 0)
        shares[level.lo : level.hi] = shares[parent] * fraction
    return shares


def score(catalog: Catalog, frame: pd.DataFrame, *, tag: str | None = None) -> pd.DataFrame:
    """One row per entity × applicable node (root ``TOTAL`` included) with scores, zone, share and gain.

    ``frame`` has ``entity, code, value`` (verified value, NaN when not verified) and optionally ``self_value``
    and ``status``. A leaf row present for an entity means the leaf applies to it; weights renormalise over
    what applies. A missing verified value counts at the scale's floor (``scale.min``: 0 for MCP) in ``score``,
    a missing self value likewise in ``self_score``;
    ``projected`` takes the verified value where there is one, else the self value. Without a ``self_value``
    column ``self_score`` and ``gap`` are NaN. ``tag`` keeps only the leaves carrying that tag (branches left
    without leaves drop out). Rows come entity by entity, nodes parents first.

    Raises ``ScoringInputError`` listing every bad row. Columns: ``RESULT_COLUMNS`` (+ ``status``).
    """
    arrays = catalog_arrays(catalog)
    prepared = prepare(frame, arrays)
    rows: np.ndarray | slice = slice(None)
    if tag is not None:
        rows = np.flatnonzero(arrays.tag_mask(tag)[prepared.node])
    n_entities, n_nodes = len(prepared.entities), arrays.size
    node = prepared.node[rows]
    keys = prepared.cell[rows]  # node-major cells: node × n_entities + entity

    scores = np.zeros((3, n_nodes * n_entities))
    scores[:, keys] = _leaf_scores(prepared, arrays, rows)
    weights = np.zeros(n_nodes * n_entities)
    weights[keys] = arrays.weight[node]
    totals = _aggregate(arrays, scores.reshape(3, n_nodes, n_entities), weights.reshape(n_nodes, n_entities))
    shares = _shares(arrays, weights.reshape(n_nodes, n_entities), totals).ravel()

    out_entity, out_node, read = _output_order(weights.reshape(n_nodes, n_entities) > 0)
    source = read(prepared.row_of_cell)  # the input row behind every result row, -1 on branches
    verified = read(scores[VERIFIED])
    claimed = read(scores[SELF]) if prepared.self_value is not None else np.full(len(source), np.nan)
    share = read(shares)
    columns: dict[str, object] = {
        "entity": prepared.entities.take(out_entity),  # the input's own type (str, int, ...)
        # Node numbers are catalog rows by construction: no need for pandas to check them again.
        "code": pd.Categorical.from_codes(out_node, dtype=arrays.code_dtype, validate=False),
        "parent_code": pd.Categorical.from_codes(
            arrays.parent[out_node], dtype=arrays.code_dtype, validate=False
        ),
        "depth": arrays.depth[out_node],
        "is_leaf": arrays.is_leaf[out_node],
        "weight": arrays.weight[out_node],
        "value": _leaf_column(prepared.value, source),
        "self_value": _leaf_column(prepared.self_value, source),
        "score": verified,
        "self_score": claimed,
        "projected": read(scores[PROJECTED]),
        "max": np.full(len(source), arrays.scale_max),
        "gap": claimed - verified,
        "zone": zone_categorical(arrays, zone_codes(arrays, verified)),
        "share": share,
        "gain": (arrays.scale_max - verified) * share,
    }
    if prepared.status is not None:
        status = np.append(prepared.status.codes, -1)[source]  # source -1 picks the appended -1
        columns["status"] = pd.Categorical.from_codes(status, categories=prepared.status.categories)
    return pd.DataFrame(columns, copy=False)


def _output_order(
    applies: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, Callable[[np.ndarray], np.ndarray]]:
    """Result rows entity by entity (nodes parents first), and a reader from node-major arrays to them.

    ``applies`` is the (N, E) mask of cells in the result. When every node applies to every entity (a full
    national run) reading is a plain transpose; otherwise the applicable cells are gathered.
    """
    n_nodes, n_entities = applies.shape
    if applies.all():
        out_entity = np.repeat(np.arange(n_entities), n_nodes)
        out_node = np.tile(np.arange(n_nodes), n_entities)

        def read(values: np.ndarray) -> np.ndarray:
            return values.reshape(n_nodes, n_entities).T.ravel()

        return out_entity, out_node, read
    out_entity, out_node = np.nonzero(applies.T)
    cells = out_node * n_entities + out_entity

    def gather(values: np.ndarray) -> np.ndarray:
        return values[cells]

    return out_entity, out_node, gather


def _leaf_column(values: np.ndarray | None, source: np.ndarray) -> np.ndarray:
    """An input column carried onto the result rows: the row's own value on leaves, NaN on branches."""
    if values is None:
        return np.full(len(source), np.nan)
    return np.append(values, np.nan)[source]  # source -1 (a branch) picks the appended NaN
