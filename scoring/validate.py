"""Turn an assessment frame into dense node × entity matrices of checked values, or reject it with every
problem listed.

Checking is done twice over, on purpose: a sound frame (the usual case, and every national upload) is checked
where it is cheapest. Codes are checked once per distinct code, entities by one minimum; the values, once they
sit in the dense node-major matrices scoring needs anyway, node row by node row (a node's maximum is one
comparison with the row's largest value, an allowed set a few whole-block comparisons per run of nodes sharing
it), with no per-row lookups. Only when that finds anything do the row checks run (``_report``): every check on
every row, each problem with its row, entity, code and reason. Python only touches the rows that are wrong, to
describe them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from scoring.errors import ScoringInputError, ScoringProblem
from scoring.tree import CatalogArrays
from vocabulary import PROJECTED_STATUSES, STATUSES

REQUIRED_COLUMNS = ("entity", "code", "value")

_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Prepared:
    """A sound frame as node-major ``(node × n_entities + entity)`` cells: which input row fills each cell and
    the values it holds there."""

    entities: pd.Index  # distinct entities, sorted when they can be
    cell: np.ndarray  # per input row, its node-major cell (node × n_entities + entity)
    present: np.ndarray  # per cell, whether an input row fills it
    # (2 + spare_rows, cells): the verified value, the self value (all NaN without a self_value column), NaN
    # where no row fills a cell; the rows after them are left for the engine, which scores all in place.
    dense: np.ndarray
    has_self_value: bool
    status: pd.Categorical[Any] | None  # per input row
    counts_in_projection: np.ndarray | None  # per cell, False where the status keeps a self value out
    entity_major_cell: np.ndarray  # per input row, its cell entity-major (entity × nodes + node)
    row_values: dict[str, np.ndarray]  # per input row, "value" and "self_value" (when given) as floats


def _canonical_code(code: Any) -> str:
    # Codes such as "12" come back from CSV or Excel as 12 or 12.0; they mean the catalog's "12".
    if isinstance(code, float | np.floating) and float(code).is_integer():
        return str(int(code))
    return str(code)


def _entities(frame: pd.DataFrame) -> tuple[np.ndarray, pd.Index]:
    column = frame["entity"]
    if isinstance(column.dtype, pd.CategoricalDtype):
        coded = _categorical_entities(column)
        if coded is not None:
            return coded
    numbers, uniques = pd.factorize(column, sort=False)
    try:
        order = np.argsort(uniques.to_numpy(), kind="stable")
    except TypeError:  # mixed types: keep first-seen order
        return numbers, pd.Index(uniques)
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    sorted_numbers = np.where(numbers >= 0, position[np.maximum(numbers, 0)], -1)
    return sorted_numbers, pd.Index(uniques).take(order)


def _categorical_entities(column: pd.Series) -> tuple[np.ndarray, pd.Index] | None:
    """``_entities`` of a categorical column from its codes, without factorising the values again: the
    categories sorted by value (as ``_entities`` sorts), in the column's own dtype. While there are no more
    categories than rows they are taken whole (a category no row uses gets no cells, so no result rows);
    beyond that (a national column filtered down to one province) only those in use. None when the
    categories cannot be sorted (mixed types): the general path keeps first-seen order."""
    codes = column.cat.codes.to_numpy()
    categories = column.cat.categories
    dtype: pd.CategoricalDtype = column.dtype  # type: ignore[assignment]  # checked by the caller
    if len(categories) <= len(codes) and categories.is_monotonic_increasing:
        # Sorted already (``astype("category")`` sorts them): each code is its entity's position, kept in the
        # codes' own small integer type (cell numbers are computed in int64 from it).
        entities = pd.CategoricalIndex(pd.Categorical.from_codes(np.arange(len(categories)), dtype=dtype))
        return codes, entities
    if len(categories) <= len(codes):
        candidates = np.arange(len(categories))
    else:
        candidates = np.flatnonzero(np.bincount(codes + 1, minlength=len(categories) + 1)[1:])
    try:
        order = candidates[np.argsort(categories.take(candidates).to_numpy(), kind="stable")]
    except TypeError:
        return None
    position = np.full(len(categories) + 1, -1, dtype=np.int64)  # the extra last slot maps code -1 to -1
    position[order] = np.arange(len(order))
    entities = pd.CategoricalIndex(pd.Categorical.from_codes(order, dtype=dtype))
    # Indexing, not np.take: take converts int8/int16 codes slowly (7 ms against 4 on a million rows).
    return position[codes], entities


def _nodes(frame: pd.DataFrame, arrays: CatalogArrays) -> tuple[np.ndarray, bool]:
    """The catalog node of every row (-1: missing or unknown code), and whether every row names a leaf.

    Codes are looked up once per distinct code (a categorical's categories, else the factorised values), so
    the check costs nothing per row unless some distinct code is not a leaf."""
    column = frame["code"]
    if isinstance(column.dtype, pd.CategoricalDtype):  # the categories are the few distinct codes already
        numbers = column.cat.codes.to_numpy()
        distinct = column.cat.categories
    else:
        numbers, distinct = pd.factorize(column, sort=False)
    found = arrays.code_index.get_indexer(pd.Index([_canonical_code(c) for c in distinct]))
    # Number -1 (missing) picks the appended -1. Indexing, not np.take (see _categorical_entities).
    node = np.append(found, -1)[numbers]
    wrong = (found < 0) | ~arrays.is_leaf[found]  # unknown, or a branch
    no_missing = len(numbers) == 0 or numbers.min() >= 0
    return node, no_missing and (not wrong.any() or not wrong[numbers].any())


def _numbers(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Values as floats, and a mask of cells that hold something that is not a finite number."""
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        values = column.to_numpy(dtype=float, na_value=np.nan)
        infinite = np.isinf(values)
        if infinite.any():  # reported as not a number, and no further check should trip over it
            values = np.where(infinite, np.nan, values)
        return values, infinite
    values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    given = column.notna().to_numpy() & ~column.astype(str).str.strip().eq("").to_numpy()
    bad = (np.isnan(values) & given) | np.isinf(values)
    return np.where(bad, np.nan, values), bad


class _Collector:
    """Collects (rows, problem) batches as arrays; builds the problem objects only if there are any."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.batches: list[tuple[np.ndarray, str, str | None, dict[str, Any], np.ndarray | None]] = []

    def add(
        self,
        mask: np.ndarray,
        problem: str,
        column: str | None = None,
        per_row: np.ndarray | None = None,
        **params: Any,
    ) -> None:
        rows = np.flatnonzero(mask)
        if len(rows):
            self.batches.append((rows, problem, column, params, None if per_row is None else per_row[rows]))

    def raise_if_any(self, arrays: CatalogArrays, node: np.ndarray) -> None:
        if not self.batches:
            return
        entity = self.frame["entity"].to_numpy()
        code = self.frame["code"].to_numpy()
        problems: list[ScoringProblem] = []
        for rows, problem, column, params, per_row in self.batches:
            cells = self.frame[column].to_numpy()[rows] if column else [None] * len(rows)
            for i, row in enumerate(rows.tolist()):
                extra = dict(params)
                if per_row is not None:
                    extra.update(per_row[i])
                if problem in {"above_maximum", "not_allowed"}:
                    extra.update(_limit_params(arrays, int(node[row])))
                problems.append(
                    ScoringProblem(row + 1, entity[row], code[row], problem, column, cells[i], extra)
                )
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise ScoringInputError(problems)


def _limit_params(arrays: CatalogArrays, node: int) -> dict[str, str]:
    group = arrays.allowed_group[node]
    allowed = arrays.allowed_sets[group] if group >= 0 else np.array([])
    text = ", ".join(f"{a:g}" for a in allowed) if len(allowed) else f"0..{arrays.leaf_max[node]:g}"
    return {"maximum": f"{arrays.leaf_max[node]:g}", "allowed": text}


def _off_the_list(values: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """True where a value is not (within float noise) one of the sorted ``allowed`` values; NaN is never off."""
    exact = np.isnan(values)
    for candidate in allowed:  # exact matches first: a few whole-array passes, no per-value search
        exact |= values == candidate
    off = ~exact
    if off.any():  # only the rest pay for the tolerant nearest-value search
        rest = values[off]
        above = np.clip(np.searchsorted(allowed, rest), 0, len(allowed) - 1)
        below = np.maximum(above - 1, 0)
        nearest = np.minimum(np.abs(allowed[above] - rest), np.abs(allowed[below] - rest))
        off[off] = nearest > _TOLERANCE
    return off


@dataclass(frozen=True)
class _Limits:
    """Per row: the leaf's maximum (NaN off leaves, so no check fires) and the rows of each allowed set."""

    maximum: np.ndarray
    restricted_rows: list[np.ndarray]


def _limits_per_row(arrays: CatalogArrays, node: np.ndarray, leaf: np.ndarray) -> _Limits:
    safe = np.where(leaf, node, 0)  # row 0 is the root: no maximum, no allowed set
    group = arrays.allowed_group[safe]
    return _Limits(
        maximum=arrays.leaf_max[safe] + _TOLERANCE,
        restricted_rows=[np.flatnonzero(group == number) for number in range(len(arrays.allowed_sets))],
    )


def _check_values(collect: _Collector, arrays: CatalogArrays, limits: _Limits, column: str) -> np.ndarray:
    values, not_a_number = _numbers(collect.frame[column])
    collect.add(not_a_number, "not_a_number", column)
    # NaN (missing, or text already reported) compares False: it passes every check below.
    negative = values < 0
    above = values > limits.maximum
    restricted = np.zeros(len(values), dtype=bool)
    for rows, allowed in zip(limits.restricted_rows, arrays.allowed_sets, strict=True):
        restricted[rows] = _off_the_list(values[rows], allowed)
    collect.add(negative & ~np.isnan(limits.maximum), "negative", column)
    collect.add(above, "above_maximum", column)
    collect.add(restricted & ~negative & ~above, "not_allowed", column)
    return values


def _cells(collect: _Collector, entity: np.ndarray, node: np.ndarray, n_entities: int, n_nodes: int) -> None:
    """Report every row that repeats an earlier row's entity and code.

    Two rows for one entity and code land in one node-major cell (node × entity) and only one write survives,
    so a row that does not find itself in its cell is a duplicate: the check costs one scatter and one gather.
    """
    valid = (entity >= 0) & (node >= 0)
    cell = node * n_entities + entity
    rows = np.arange(len(cell))
    if not valid.all():
        cell = np.where(valid, cell, -1)
        rows = rows[valid]
    row_of_cell = np.full(n_nodes * n_entities, -1, dtype=np.int64)
    row_of_cell[cell[rows]] = rows
    lost = row_of_cell[cell[rows]] != rows
    if lost.any():
        _report_duplicates(collect, cell, valid & np.isin(cell, cell[rows[lost]]))


def _report_duplicates(collect: _Collector, cell: np.ndarray, shared: np.ndarray) -> None:
    """Every row that repeats an earlier row's entity and code, naming that first row."""
    suspects = np.flatnonzero(shared)
    first = pd.Series(suspects).groupby(cell[suspects]).transform("min").to_numpy()
    later = suspects[first != suspects]
    mask = np.zeros(len(cell), dtype=bool)
    mask[later] = True
    per_row = np.empty(len(cell), dtype=object)
    per_row[later] = [{"first": int(f) + 1} for f in first[first != suspects]]
    collect.add(mask, "duplicate", per_row=per_row)


def _status(collect: _Collector) -> tuple[pd.Categorical[Any], np.ndarray]:
    raw = collect.frame["status"]
    numbers, uniques = pd.factorize(raw, sort=False)
    # Enum members (SubmissionStatus.draft) count by their value; text by its trimmed lower case.
    names = pd.Index([str(getattr(u, "value", u)).strip().lower() for u in uniques], dtype=object)
    known = pd.Index([status.value for status in STATUSES], dtype=object)
    of_unique = known.get_indexer(names)
    codes = np.where(numbers >= 0, of_unique[np.maximum(numbers, 0)] if len(of_unique) else -1, -1)
    status = pd.Categorical.from_codes(codes, categories=known)
    collect.add((numbers >= 0) & (codes < 0), "unknown_status", "status", allowed=", ".join(STATUSES))
    projectable = known.get_indexer(pd.Index(sorted(status.value for status in PROJECTED_STATUSES)))
    return status, np.isin(codes, projectable) | (numbers < 0)


def _dense_values_sound(arrays: CatalogArrays, dense: np.ndarray) -> bool:
    """True when no value in the node-major ``(N, E)`` matrix would be reported by ``_check_values``: not
    negative, not above its leaf's maximum, on its leaf's allowed values (NaN, no value, passes every check)."""
    if dense.size == 0:
        return True
    # Values sit on leaf rows only (branch rows are NaN). A leaf whose allowed set lies within its range needs
    # no range check: being on the set is the whole check.
    for lo, hi in arrays.range_runs:
        leaves = dense[lo:hi]
        if np.fmin.reduce(leaves, axis=None) < 0:  # NaN-skipping minimum: NaN only when there is no value
            return False
        highest = np.fmax.reduce(leaves, axis=1)  # every leaf row's largest value
        with np.errstate(invalid="ignore"):
            if (highest > arrays.leaf_max[lo:hi] + _TOLERANCE).any():  # NaN (an empty row) compares False
                return False
    return not any(
        _off_the_list(dense[lo:hi].ravel(), arrays.allowed_sets[group]).any()
        for lo, hi, group in arrays.allowed_runs
    )


def _report(
    collect: _Collector, arrays: CatalogArrays, entity: np.ndarray, n_entities: int, node: np.ndarray
) -> None:
    """Every check on every row of ``collect.frame``: raise ScoringInputError listing every problem found."""
    collect.add(entity < 0, "missing_entity")
    collect.add(node < 0, "unknown_code", catalog=arrays.key)
    leaf = (node >= 0) & arrays.is_leaf[np.maximum(node, 0)]
    collect.add((node >= 0) & ~leaf, "not_a_leaf")
    limits = _limits_per_row(arrays, node, leaf)
    _check_values(collect, arrays, limits, "value")
    if "self_value" in collect.frame:
        _check_values(collect, arrays, limits, "self_value")
    if "status" in collect.frame:
        _status(collect)
    _cells(collect, entity, node, n_entities, arrays.size)
    collect.raise_if_any(arrays, node)


def prepare(frame: pd.DataFrame, arrays: CatalogArrays, *, spare_rows: int = 0) -> Prepared:
    """Check ``frame`` against the catalog; raise ScoringInputError listing every problem, else return the
    dense cells, with ``spare_rows`` more rows of cells left unwritten for the caller (one allocation: its
    pages are touched once for the caller's working matrices as well)."""
    missing = [column for column in REQUIRED_COLUMNS if column not in frame.columns]
    if missing:
        present = ", ".join(map(str, frame.columns)) or "-"
        raise ScoringInputError(
            [
                ScoringProblem(None, None, None, "missing_column", c, None, {"present": present})
                for c in missing
            ]
        )
    collect = _Collector(frame.reset_index(drop=True))
    entity, entities = _entities(collect.frame)
    node, sound = _nodes(collect.frame, arrays)
    prepared = _prepare_sound(collect, arrays, entity, entities, node, spare_rows) if sound else None
    if prepared is None:
        _report(_Collector(collect.frame), arrays, entity, len(entities), node)
        raise AssertionError("a check of the whole frame found a problem that no row check reports")
    return prepared


def _prepare_sound(
    collect: _Collector,
    arrays: CatalogArrays,
    entity: np.ndarray,
    entities: pd.Index,
    node: np.ndarray,
    spare_rows: int,
) -> Prepared | None:
    """The dense cells of a frame whose every code is a leaf; None when some row needs ``_report``."""
    if len(entity) and entity.min() < 0:
        return None
    n_cells = arrays.size * len(entities)
    cell = node * len(entities)
    cell += entity  # in place: national frames have millions of rows, and each temporary is fresh memory
    present = np.zeros(n_cells, dtype=bool)
    present[cell] = True
    if np.count_nonzero(present) < len(cell):  # two rows for one entity and code share a cell
        return None
    dense = np.empty((2 + spare_rows, n_cells))
    every_leaf = len(cell) == arrays.leaf_count * len(entities)
    row_values: dict[str, np.ndarray] = {}
    for place, column in enumerate(("value", "self_value")):
        given = column in collect.frame
        if given and every_leaf:  # a national run: the scatter below writes every leaf cell
            dense[place].reshape(arrays.size, len(entities))[~arrays.is_leaf] = np.nan
        else:
            dense[place] = np.nan
        if given:
            values, not_a_number = _numbers(collect.frame[column])
            row_values[column] = values
            dense[place][cell] = values  # a row, then a flat scatter: faster than a 2-D index
            if not_a_number.any() or not _dense_values_sound(
                arrays, dense[place].reshape(arrays.size, len(entities))
            ):
                return None
    status, counts = None, None
    if "status" in collect.frame:
        status, projectable = _status(collect)
        if collect.batches:
            return None
        counts = np.zeros(n_cells, dtype=bool)
        counts[cell] = projectable
    entity_major = np.multiply(entity, arrays.size, dtype=np.int64)
    entity_major += node
    return Prepared(
        entities,
        cell,
        present,
        dense,
        "self_value" in row_values,
        status,
        counts,
        entity_major,
        row_values,
    )
