"""A period's scores, computed once per data version and shared by the overview, the trend and the reports.

The OPDs of the period are scored with ``scoring.aggregate.score_opds``; the period's pemda, and below a
province the kabupaten/kota with their own period of the same catalog, with ``scoring.aggregate.score_regions``
on the catalog's relaxed copy, each pemda's leaf value by the leaf's rule and its applicable leaves assigned to no
OPD at 0 (``unassigned``). The result is cached on the catalog's content hash, the lens (tag) and the
periods' change tokens (``services.cache``), so a rerun without a write costs one indexed lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import pandas as pd
from sqlmodel import Session

from indicators import Catalog
from models.tables import Catalog as CatalogRow
from models.tables import Period
from scoring import overview as shapes
from scoring.aggregate import relaxed_catalog, score_opds, score_regions
from services import catalogs
from services.cache import LruCache
from services.score_queries import ChangeTokens, change_tokens, child_period_ids, input_frame, region_kinds

T = TypeVar("T")


@dataclass(frozen=True)
class Scored:
    catalog: Catalog
    frame: pd.DataFrame  # OPD rows of the period and its kab/kota periods: score_queries.FRAME_COLUMNS
    opd_scores: pd.DataFrame  # the period's own OPDs
    region_scores: pd.DataFrame  # the period's pemda and the kab/kota below it (+ ``unassigned`` on leaves)
    version: Hashable = None  # the cache key the frames were computed for (lens, catalog, change tokens)
    data_version: Hashable = None  # the catalog and change tokens alone: the same under every lens
    _derived: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    def derived(self, name: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` (a pure function of these frames, named ``name``) once per data version: a rerun or
        another session reads it from here until a write gives the period a new token, hence a new ``Scored``.
        Each caller gets its own shallow copy of a frame or dict (pandas' copy-on-write keeps a change to the
        copy's values there), so a page writing on what it got never reaches the next reader."""
        if name not in self._derived:
            self._derived[name] = compute()
        value = self._derived[name]
        if isinstance(value, pd.DataFrame | pd.Series):
            return cast(T, value.copy(deep=False))
        return cast(T, dict(value) if isinstance(value, dict) else value)


_scored: LruCache[tuple[str | None, str, ChangeTokens], Scored] = LruCache(
    "period scores", size=64, kind="data"
)


def relaxed(row: CatalogRow) -> Catalog:
    """The stored catalog's relaxed copy (``scoring.aggregate.relaxed_catalog``), once per content hash."""
    return catalogs.derived(row, "relaxed", relaxed_catalog)


def catalog_row(session: Session, period: Period) -> CatalogRow:
    row = catalogs.stored_row(session, period.catalog_id)
    assert row is not None  # a period's catalog cannot be deleted (foreign key)
    return row


def scored_period(session: Session, period: Period, tag: str | None) -> Scored:
    """Scores of a period's OPDs and pemda (with the kab/kota of a provincial period), cached on data version."""
    assert period.id is not None
    row = catalog_row(session, period)
    period_ids = [period.id, *child_period_ids(session, period)]
    key = (tag, row.content_hash, change_tokens(session, period_ids))
    hit = _scored.get(key)
    if hit is not None:
        return hit
    catalog = catalogs.catalog_document(row)
    frame = input_frame(session, period_ids)
    own = frame.loc[frame["period_id"] == period.id]
    return _scored.put(
        key,
        Scored(
            catalog=catalog,
            frame=frame,
            opd_scores=score_opds(catalog, own, tag=tag),
            region_scores=pemda_scores(session, row, frame, period_ids, tag=tag),
            version=key,
            data_version=key[1:],
        ),
    )


_totals: LruCache[tuple[str, ChangeTokens], dict[int, dict[str, Any]]] = LruCache(
    "pemda totals", size=256, kind="data"
)


def pemda_totals(session: Session, periods: list[Period]) -> dict[int, tuple[Catalog, dict[str, Any]]]:
    """Per period (id): its catalog and its pemda's total as its overview shows it (``scoring.overview.total``
    of ``scored_period``'s region scores; empty when it has none).

    For the trend, which needs every period of a pemda: the periods of one catalog are scored together from
    their own OPD rows, each period as its own pemda. A pemda's score depends only on its own rows (summed in
    the same order), never on the kab/kota or periods scored beside it, so every total is the overview's to the
    last bit. Cached on the catalog and the periods' change tokens."""
    by_catalog: dict[int, list[Period]] = {}
    for period in periods:
        by_catalog.setdefault(period.catalog_id, []).append(period)
    found: dict[int, tuple[Catalog, dict[str, Any]]] = {}
    for group in by_catalog.values():
        row = catalog_row(session, group[0])
        ids = sorted(p.id for p in group if p.id is not None)
        key = (row.content_hash, change_tokens(session, ids))
        totals = _totals.get(key)
        if totals is None:
            totals = _totals.put(key, _period_totals(session, row, group))
        catalog = catalogs.catalog_document(row)
        found.update({period_id: (catalog, dict(totals[period_id])) for period_id in ids})
    return found


def _period_totals(session: Session, row: CatalogRow, periods: list[Period]) -> dict[int, dict[str, Any]]:
    region_of = {p.id: p.region_id for p in periods if p.id is not None}
    frame = input_frame(session, list(region_of))
    frame["region_id"] = frame["period_id"].astype(str)  # each period scored as its own pemda
    kinds = region_kinds(session, list(region_of))
    scores = score_regions(
        relaxed(row), frame, kinds={str(p): kinds[r] for p, r in region_of.items() if r in kinds}
    )
    return {period_id: shapes.total(scores, str(period_id)) for period_id in region_of}


def pemda_scores(
    session: Session, row: CatalogRow, frame: pd.DataFrame, period_ids: list[int], *, tag: str | None = None
) -> pd.DataFrame:
    """The pemda scores of these periods' OPD rows, computed now (the demo builder calibrates on them)."""
    kinds = {str(region): kind for region, kind in region_kinds(session, period_ids).items()}
    return score_regions(relaxed(row), frame, kinds=kinds, tag=tag)
