"""A catalog flattened into NumPy arrays, computed once per catalog and reused by every scoring call.

Scoring walks the tree level by level over dense node-major ``node × entity`` matrices. For that the nodes
are numbered root first, then depth 1, depth 2, ... each in catalog order. With that numbering the nodes of
one depth form a contiguous block of rows, and the children of one parent a contiguous run inside it (a
subtree is contiguous in catalog order), so a parent's sum over all entities is one ``np.sum`` over a block.
The arrays are cached per catalog object: catalogs are immutable once validated.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from indicators import ROOT_CODE, Catalog, Node

_CACHE_SIZE = 16
_cache: OrderedDict[int, tuple[Catalog, CatalogArrays]] = OrderedDict()
_cache_lock = threading.Lock()  # Streamlit serves sessions from several threads

FloatArray = np.ndarray
IntArray = np.ndarray


@dataclass(frozen=True)
class Level:
    """One depth of the tree: its block of rows and how its runs of siblings map onto parent rows."""

    depth: int
    lo: int
    hi: int
    parents: IntArray  # parent row of each run of siblings, in order
    # (start, end, parent): the parent's children are rows lo+start .. lo+end-1
    runs: list[tuple[int, int, int]]


@dataclass(frozen=True)
class CatalogArrays:
    key: str
    codes: list[str]  # row order; codes[0] is ROOT_CODE
    code_index: pd.Index
    code_dtype: pd.CategoricalDtype  # the result's ``code`` and ``parent_code`` columns
    node_codes: IntArray  # each row's code in ``code_dtype`` (the small integer type pandas stores it in)
    parent: IntArray  # parent row, -1 for the root
    parent_codes: IntArray  # ``parent`` in the type of ``node_codes``
    weight: FloatArray
    depth: IntArray
    is_leaf: np.ndarray
    leaf_max: FloatArray  # NaN for branches
    leaf_factor: FloatArray  # scale max / leaf max: turns a recorded value into a score on the scale
    leaves_on_scale: bool  # every leaf's factor is 1: its values are its scores
    allowed_group: IntArray  # index into allowed_sets, -1 = any value in 0..max
    allowed_sets: list[FloatArray]  # distinct sorted allowed sets (levels 1..5, steps 0/50/100)
    allowed_runs: list[
        tuple[int, int, int]
    ]  # (lo, hi, group): consecutive rows sharing allowed set ``group``
    leaf_runs: list[tuple[int, int]]  # (lo, hi): consecutive leaf rows
    # (lo, hi): consecutive leaf rows whose values only a range bounds (0..max); a value on an allowed set
    # within that range is checked by the set alone
    range_runs: list[tuple[int, int]]
    tags: list[frozenset[str]]
    levels: list[Level]  # depth 1 .. max depth
    scale_min: float
    scale_max: float
    lowest_leaf_score: float  # the least score a checked value gives on any leaf: its allowed minimum, or 0
    zone_names: list[str]  # ordered by zone min
    zone_edges: FloatArray  # upper edge of every zone but the last

    @property
    def size(self) -> int:
        return len(self.codes)

    @property
    def leaf_count(self) -> int:
        return int(np.count_nonzero(self.is_leaf))

    def tag_mask(self, tag: str) -> np.ndarray:
        """Leaves carrying ``tag``."""
        return self.is_leaf & np.array([tag in tags for tags in self.tags], dtype=bool)


def _ordered_nodes(catalog: Catalog) -> list[Node]:
    nodes = list(catalog.walk())
    # A stable sort by depth keeps catalog order inside each depth, which keeps siblings contiguous.
    return sorted(nodes, key=lambda node: node.depth)


def _runs(labels: np.ndarray) -> list[tuple[int, int, int]]:
    """(lo, hi, label) of every run of equal consecutive ``labels``."""
    changes = np.flatnonzero(np.diff(labels, prepend=labels[:1] - 1, append=labels[-1:] - 1))
    return [(lo, hi, int(labels[lo])) for lo, hi in itertools.pairwise(changes.tolist())]


def _build(catalog: Catalog) -> CatalogArrays:
    nodes = _ordered_nodes(catalog)
    codes = [ROOT_CODE, *(node.code for node in nodes)]
    column = {code: i for i, code in enumerate(codes)}
    size = len(codes)
    parent = np.full(size, -1, dtype=np.int64)
    weight = np.ones(size)
    depth = np.zeros(size, dtype=np.int8)  # a result column on every row: the smallest type holds it
    is_leaf = np.zeros(size, dtype=bool)
    leaf_max = np.full(size, np.nan)
    allowed_lists: list[list[float]] = [[] for _ in range(size)]
    tags: list[frozenset[str]] = [frozenset()]
    for i, node in enumerate(nodes, start=1):
        parent[i] = column[node.parent_code] if node.parent_code is not None else 0
        weight[i] = node.weight
        depth[i] = node.depth
        is_leaf[i] = node.is_leaf
        tags.append(frozenset(node.tags))
        if node.rule is not None:
            leaf_max[i] = node.rule.maximum
            allowed_lists[i] = list(node.rule.scoring_steps() or [])
    sets: dict[tuple[float, ...], int] = {}
    allowed_group = np.full(size, -1, dtype=np.int64)
    for i, values in enumerate(allowed_lists):
        if values:
            allowed_group[i] = sets.setdefault(tuple(sorted(values)), len(sets))
    allowed_runs = [(lo, hi, group) for lo, hi, group in _runs(allowed_group) if group >= 0]
    leaf_runs = [(lo, hi) for lo, hi, leaf in _runs(is_leaf.astype(np.int64)) if leaf]
    on_a_set_in_range = [
        bool(values) and min(values) >= 0 and max(values) <= leaf_max[i]
        for i, values in enumerate(allowed_lists)
    ]
    ranged = is_leaf & ~np.array(on_a_set_in_range, dtype=bool)
    range_runs = [(lo, hi) for lo, hi, needed in _runs(ranged.astype(np.int64)) if needed]
    levels = []
    for d in range(1, int(depth.max()) + 1):
        columns = np.flatnonzero(depth == d)
        lo, hi = int(columns[0]), int(columns[-1]) + 1
        run_parent = parent[lo:hi]
        starts = np.flatnonzero(np.r_[True, run_parent[1:] != run_parent[:-1]])
        ends = [*starts[1:].tolist(), hi - lo]
        runs = [(int(a), int(b), int(run_parent[a])) for a, b in zip(starts, ends, strict=True)]
        levels.append(Level(d, lo, hi, run_parent[starts], runs))
    zones = sorted(catalog.zones, key=lambda z: z.min)
    code_dtype = pd.CategoricalDtype(pd.Index(codes, dtype=object))
    node_codes = pd.Categorical.from_codes(np.arange(size), dtype=code_dtype).codes
    return CatalogArrays(
        key=catalog.key,
        codes=codes,
        code_index=pd.Index(codes, dtype=object),
        code_dtype=code_dtype,
        node_codes=node_codes,
        parent=parent,
        parent_codes=parent.astype(node_codes.dtype),
        weight=weight,
        depth=depth,
        is_leaf=is_leaf,
        leaf_max=leaf_max,
        leaf_factor=catalog.scale.max / leaf_max,
        leaves_on_scale=bool(np.all(leaf_max[is_leaf] == catalog.scale.max)),
        allowed_group=allowed_group,
        allowed_sets=[np.array(values) for values in sets],
        allowed_runs=allowed_runs,
        leaf_runs=leaf_runs,
        range_runs=range_runs,
        tags=tags,
        levels=levels,
        scale_min=catalog.scale.min,
        scale_max=catalog.scale.max,
        lowest_leaf_score=min(
            (min(values, default=0.0) * catalog.scale.max / leaf_max[i])
            for i, values in enumerate(allowed_lists)
            if is_leaf[i]
        ),
        zone_names=[z.name for z in zones],
        zone_edges=np.array([z.max for z in zones[:-1]], dtype=float),
    )


def catalog_arrays(catalog: Catalog) -> CatalogArrays:
    """The arrays of ``catalog``, cached on the catalog object (catalogs are immutable)."""
    with _cache_lock:
        entry = _cache.get(id(catalog))
        if entry is not None and entry[0] is catalog:
            _cache.move_to_end(id(catalog))
            return entry[1]
    arrays = _build(catalog)
    with _cache_lock:
        # Holding the catalog in the entry keeps its id from being reused while the entry lives.
        _cache[id(catalog)] = (catalog, arrays)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return arrays


def zone_codes(arrays: CatalogArrays, values: FloatArray) -> IntArray:
    """Index into ``arrays.zone_names`` of each value's zone; -1 for NaN.

    Same bands as ``Catalog.zone_for``: [min, max), a value within float noise of an upper edge belongs to the
    zone above it, values below the scale fall in the first zone and above it in the last.
    """
    values = np.asarray(values, dtype=float)
    # An edge lowered by its float noise puts "1.7999999999999998" (a computed 1.8) in the zone above it.
    edges = arrays.zone_edges - 1e-9 * np.abs(arrays.zone_edges)
    if len(edges) <= 8:  # a few whole-array comparisons beat a binary search per value
        codes: IntArray = np.zeros(values.shape, dtype=np.int8)
        for edge in edges:
            np.add(codes, values >= edge, out=codes, casting="unsafe")
    else:
        codes = np.searchsorted(edges, values, side="right")
    missing = np.isnan(values)
    return np.where(missing, -1, codes) if missing.any() else codes


def zone_of(catalog: Catalog, values: FloatArray | pd.Series | list[float]) -> pd.Categorical[Any]:
    """The catalog zone (predicate) of every value, as a categorical ordered from the lowest zone up."""
    arrays = catalog_arrays(catalog)
    return zone_categorical(arrays, zone_codes(arrays, np.asarray(values, dtype=float)))


def zone_categorical(arrays: CatalogArrays, codes: IntArray) -> pd.Categorical[Any]:
    names = arrays.zone_names
    if len(set(names)) == len(names):
        return pd.Categorical.from_codes(codes, categories=pd.Index(names), ordered=True)
    # Two zones with one name: fall back to plain labels (a categorical needs unique categories).
    labels = np.array([*names, None], dtype=object)
    return pd.Categorical(labels[codes])
