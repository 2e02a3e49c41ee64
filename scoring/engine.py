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

from dataclasses import dataclass

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

_TINY = np.finfo(float).tiny
"""Below any sum of catalog weights: dividing by ``max(total, _TINY)`` is dividing by the total wherever
something applies, and leaves 0 (all weights 0) where nothing does."""

VERIFIED, SELF, PROJECTED, WEIGHTS, SHARES = 0, 1, 2, 3, 4
"""Rows of the node-major working matrices, allocated as one block behind ``Prepared.dense``."""
_WORK_ROWS = 5


def _leaf_scores(prepared: Prepared, arrays: CatalogArrays, n_entities: int) -> np.ndarray:
    """``prepared.dense``'s first three rows turned in place into (3, N, E) scores with the leaf cells filled:
    verified, self, projected on the catalog scale; a missing value counts at the scale's floor (0 on MCP's
    0–100; 1 on SPBE's 1–5, where "Tingkat 1 diberi nilai 1"), never below it. Branch rows hold anything:
    ``_aggregate`` writes them."""
    stacked = prepared.dense[:3].reshape(3, arrays.size, n_entities)
    verified, claimed = stacked[VERIFIED], stacked[SELF]
    if not arrays.leaves_on_scale:  # a leaf's values are on its own 0..max: turned into scores on the scale
        np.multiply(verified, arrays.leaf_factor[:, None], out=verified)
        np.multiply(claimed, arrays.leaf_factor[:, None], out=claimed)
    projectable = claimed
    if prepared.counts_in_projection is not None:
        projectable = np.where(
            prepared.counts_in_projection.reshape(arrays.size, n_entities), claimed, np.nan
        )
    np.copyto(stacked[PROJECTED], verified)
    np.copyto(stacked[PROJECTED], projectable, where=np.isnan(verified))
    # Checked values are never below their leaf's lowest allowed value (or 0), so on SPBE's levels 1-5 or on a
    # scale from 0 nothing scores below the floor; otherwise a NaN-skipping minimum tells (NaN only when no
    # cell holds a value).
    if (
        arrays.lowest_leaf_score >= arrays.scale_min
        or not np.fmin.reduce(stacked, axis=None) < arrays.scale_min
    ):
        # Nothing scores below the floor (the usual case): it only replaces NaN, and one fmax pass does that
        # several times faster than a masked copy.
        np.fmax(stacked, arrays.scale_min, out=stacked)
    else:
        np.copyto(stacked, arrays.scale_min, where=np.isnan(stacked))
    return stacked


def _aggregate(arrays: CatalogArrays, scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Fill branch scores and weights bottom-up, in place; ``weights`` is 0 where a node does not apply.

    ``scores`` is (3, N, E) and ``weights`` (N, E), node-major so that the children of a parent are a block
    of consecutive rows: their sum over all entities at once is one ``np.sum`` over that block. The loop runs
    over the catalog's branches (tens), never over rows or entities. Returns the (N, E) sums of applicable
    child weights under every branch.
    """
    totals = np.empty_like(weights)  # only branch rows are written, and only they are read
    for level in reversed(arrays.levels):
        for start, end, parent in level.runs:
            block = weights[level.lo + start : level.lo + end]
            total = _ordered_sum(block, axis=0, out=totals[parent])
            # Not np.einsum, though faster: how it accumulates depends on the number of entities.
            summed = _ordered_sum(
                scores[:, level.lo + start : level.lo + end] * block, axis=1, out=scores[:, parent]
            )
            # Where nothing applies every weight, so every product, is 0: 0 / _TINY keeps the sum 0, without
            # a masked division.
            np.divide(summed, np.maximum(total, _TINY), out=summed)
            np.multiply(total > 0, arrays.weight[parent], out=weights[parent])
    weights[0] = totals[0] > 0
    return totals


def _ordered_sum(values: np.ndarray, *, axis: int, out: np.ndarray) -> np.ndarray:
    """``np.sum`` over ``axis`` adding first to last, whatever the number of entities (the last axis).

    NumPy adds a block's rows one after another while there are several entities, but pairwise when a single
    entity leaves the summed axis contiguous: an entity scored alone would get other last bits than among
    others (its own page and a ranking would disagree). One entity's block is small: a running sum does."""
    if values.shape[-1] != 1:
        return np.sum(values, axis=axis, out=out)
    np.copyto(out, np.take(np.add.accumulate(values, axis=axis), -1, axis=axis))
    return out


def _shares(arrays: CatalogArrays, weights: np.ndarray, totals: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Each node's effective fraction of the entity's total (its parent's share × its renormalised weight),
    written into ``shares`` (N, E)."""
    shares[0] = weights[0] > 0
    for level in arrays.levels:  # every other row is a child of one run: each is written once
        for start, end, parent in level.runs:
            children = shares[level.lo + start : level.lo + end]
            # Where nothing under the parent applies every weight is 0, and 0 / _TINY is the share: 0.
            np.divide(
                weights[level.lo + start : level.lo + end], np.maximum(totals[parent], _TINY), out=children
            )
            np.multiply(shares[parent], children, out=children)
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
    prepared = prepare(frame, arrays, spare_rows=_WORK_ROWS - 2)
    n_entities, n_nodes = len(prepared.entities), arrays.size
    work = prepared.dense.reshape(_WORK_ROWS, n_nodes, n_entities)
    present = prepared.present.reshape(n_nodes, n_entities)
    if tag is not None:
        present = present & arrays.tag_mask(tag)[:, None]  # branch rows are written by _aggregate
    weights = np.multiply(present, arrays.weight[:, None], out=work[WEIGHTS])
    scores = _leaf_scores(prepared, arrays, n_entities)
    totals = _aggregate(arrays, scores, weights)
    shares = _shares(arrays, weights, totals, work[SHARES])

    rows = _OutputRows.of(weights > 0, arrays)
    # The result's float columns, one block each. When every cell is a result row the working matrices,
    # read by then, hold the second block: the pages they touched are not touched again fresh.
    first = np.empty((5, rows.size))
    second = work.reshape(_WORK_ROWS, -1) if rows.cells is None else np.empty((5, rows.size))
    verified = rows.read(scores[VERIFIED], out=first[0])
    if prepared.has_self_value:
        claimed = rows.read(scores[SELF], out=first[1])
    else:
        claimed = first[1]
        claimed.fill(np.nan)
    projected = rows.read(scores[PROJECTED], out=first[2])
    share = rows.read(shares, out=first[3])
    weight = rows.per_node(arrays.weight, out=first[4])
    # From here on the working matrices are free to be overwritten.
    value = rows.leaf_column(prepared, "value", out=second[0])
    self_value = rows.leaf_column(prepared, "self_value", out=second[1])
    maximum = second[2]
    maximum.fill(arrays.scale_max)
    gap, zone, gain = _derived(arrays, verified, claimed, share, gap=second[3], gain=second[4])
    columns: dict[str, object] = {
        "entity": rows.entities(prepared.entities),  # the input's own type (str, int, ...)
        # Node numbers are catalog rows by construction: no need for pandas to check them again.
        "code": pd.Categorical.from_codes(
            rows.per_node(arrays.node_codes), dtype=arrays.code_dtype, validate=False
        ),
        "parent_code": pd.Categorical.from_codes(
            rows.per_node(arrays.parent_codes), dtype=arrays.code_dtype, validate=False
        ),
        "depth": rows.per_node(arrays.depth),
        "is_leaf": rows.per_node(arrays.is_leaf),
        "weight": weight,
        "value": value,
        "self_value": self_value,
        "score": verified,
        "self_score": claimed,
        "projected": projected,
        "max": maximum,
        "gap": gap,
        "zone": zone_categorical(arrays, zone),
        "share": share,
        "gain": gain,
    }
    if prepared.status is not None:
        source = rows.sources(prepared)
        status = np.append(prepared.status.codes, -1)[source]  # source -1 picks the appended -1
        columns["status"] = pd.Categorical.from_codes(status, categories=prepared.status.categories)
    return pd.DataFrame(columns, copy=False)


_CHUNK = 1 << 16
"""Result rows per chunk of ``_derived``: a chunk of every input column stays in cache across its passes."""


def _derived(
    arrays: CatalogArrays,
    verified: np.ndarray,
    claimed: np.ndarray,
    share: np.ndarray,
    *,
    gap: np.ndarray,
    gain: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``gap`` (self − verified) and ``gain`` ((scale max − verified) × share) written into the arrays given,
    and the zone codes of ``verified``, a chunk of rows at a time: the zone alone reads each score once per
    zone edge."""
    zones = []
    for start in range(0, len(verified), _CHUNK):
        part = slice(start, start + _CHUNK)
        np.subtract(claimed[part], verified[part], out=gap[part])
        np.subtract(arrays.scale_max, verified[part], out=gain[part])
        np.multiply(gain[part], share[part], out=gain[part])
        zones.append(zone_codes(arrays, verified[part]))
    return gap, np.concatenate(zones) if zones else zone_codes(arrays, verified), gain


@dataclass(frozen=True)
class _OutputRows:
    """The result's rows, entity by entity (nodes parents first), and readers from node-major data to them.

    When every node applies to every entity (a full national run) a node-major matrix is read by a plain
    transpose and per-node columns are tiled; otherwise the applicable cells are gathered."""

    n_nodes: int
    n_entities: int
    cells: np.ndarray | None  # node-major cell of every result row; None: every cell, in transposed order
    out_entity: np.ndarray | None
    out_node: np.ndarray | None

    @classmethod
    def of(cls, applies: np.ndarray, arrays: CatalogArrays) -> _OutputRows:
        n_nodes, n_entities = applies.shape
        if applies.all():
            return cls(n_nodes, n_entities, None, None, None)
        out_entity, out_node = np.nonzero(applies.T)
        return cls(n_nodes, n_entities, out_node * n_entities + out_entity, out_entity, out_node)

    @property
    def size(self) -> int:
        return self.n_nodes * self.n_entities if self.cells is None else len(self.cells)

    def read(self, values: np.ndarray, *, out: np.ndarray) -> np.ndarray:
        """A node-major (N, E) matrix (or its flat cells) on the result rows, written into ``out``."""
        if self.cells is None:
            _transpose_into(values.reshape(self.n_nodes, self.n_entities), out.reshape(self.n_entities, -1))
            return out
        return np.take(values, self.cells, out=out)

    def leaf_column(self, prepared: Prepared, column: str, *, out: np.ndarray) -> np.ndarray:
        """An input column carried onto the result rows, written into ``out``: the row's own value on leaves,
        NaN on branches."""
        if column not in prepared.row_values:
            out.fill(np.nan)
            return out
        if self.cells is None:  # every cell is a result row: put each input row in its place
            out.fill(np.nan)
            out[prepared.entity_major_cell] = prepared.row_values[column]
            return out
        return np.take(np.append(prepared.row_values[column], np.nan), self.sources(prepared), out=out)

    def sources(self, prepared: Prepared) -> np.ndarray:
        """The input row behind every result row, -1 on branches."""
        if self.cells is None:
            source = np.full(self.size, -1, dtype=np.int64)
            source[prepared.entity_major_cell] = np.arange(len(prepared.entity_major_cell))
            return source
        row_of_cell = np.full(len(prepared.present), -1, dtype=np.int64)
        row_of_cell[prepared.cell] = np.arange(len(prepared.cell))
        return np.take(row_of_cell, self.cells)

    def per_node(self, values: np.ndarray, *, out: np.ndarray | None = None) -> np.ndarray:
        """A per-node array on the result rows (written into ``out`` when given)."""
        if out is None:
            out = np.empty(self.size, dtype=values.dtype)
        if self.out_node is None:
            np.copyto(out.reshape(self.n_entities, self.n_nodes), values)
            return out
        return np.take(values, self.out_node, out=out)

    def entities(self, entities: pd.Index) -> pd.Index:
        return entities.repeat(self.n_nodes) if self.out_entity is None else entities.take(self.out_entity)


_BLOCK = 512
"""Entities per block of ``_transpose_into``: 512 columns of a catalog's ~100-300 node rows stay in cache."""


def _transpose_into(matrix: np.ndarray, out: np.ndarray) -> None:
    """``matrix.T`` copied into the C-ordered ``out`` a block of columns at a time: a plain ``.T`` copy reads
    every node row at once across the whole matrix and is several times slower on national sizes."""
    for start in range(0, matrix.shape[1], _BLOCK):
        np.copyto(out[start : start + _BLOCK].T, matrix[:, start : start + _BLOCK])
