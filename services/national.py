"""The national ranking: every pemda on its latest period of a catalog, ranked on its verified total.

A pemda's score is the one ``period_overview`` gives it (``scoring.aggregate``: its OPDs' values per leaf by
the leaf's rule, missing = 0, applicable leaves assigned to no OPD = 0), but computed for all pemda at once from
leaf values the database aggregates
(``services.score_queries.period_means``, cached per period), then scored on the relaxed catalog. The ranking is
cached on the catalog, the lens and every ranked period's change token.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select as sa_select  # sqlmodel's select is typed for at most four columns
from sqlmodel import Session, col, select

import scoring
from i18n import LenteraError
from indicators import ROOT_CODE
from models import session_scope
from models.tables import Catalog as CatalogRow
from models.tables import Region
from scoring.aggregate import pemda_frame, rules_of, score_pemda_means
from services.actor import Actor
from services.cache import LruCache
from services.period_scores import relaxed
from services.permissions import regions_in_scope, require
from services.score_queries import Latest, latest_periods, period_means, refuse_focal_point, region_kinds

RANKING_COLUMNS = [
    "entity", "kemendagri_code", "name", "kind", "province", "score", "self_score", "zone", "rank",
]  # fmt: skip

_rankings: LruCache[tuple[object, ...], pd.DataFrame] = LruCache("national scores", size=64, kind="data")


def _national_scores(
    session: Session, row: CatalogRow, latest: dict[int, Latest], tag: str | None
) -> pd.DataFrame:
    """The pemda's scoring result (relaxed catalog, means from SQL), cached on the periods' change tokens."""
    tokens = {period_id: info.change_token for period_id, info in sorted(latest.items())}
    key = (row.content_hash, tag, tuple(tokens.items()))
    hit = _rankings.get(key)
    if hit is not None:
        return hit
    regions = {period_id: info.region_id for period_id, info in latest.items()}
    catalog = relaxed(row)
    values = period_means(session, tokens, rules_of(catalog))
    kinds = region_kinds(session, sorted(latest))
    means = pemda_frame(values, regions, catalog=catalog, kinds=kinds)
    return _rankings.put(key, score_pemda_means(catalog, means, tag=tag))


def _region_info(session: Session, ids: list[int]) -> pd.DataFrame:
    """entity, kemendagri_code, name, kind and province (a province is its own) of the regions."""
    # Columns, not Region objects: 546 ORM instances and their parents were 10 ms of a cold national ranking.
    rows = session.execute(
        sa_select(
            col(Region.id),
            col(Region.kemendagri_code),
            col(Region.name),
            col(Region.kind),
            col(Region.parent_id),
        ).where(col(Region.id).in_(ids))
    ).all()
    parent_ids = sorted({parent for *_, parent in rows if parent is not None})
    parents = dict(
        session.execute(select(Region.id, Region.name).where(col(Region.id).in_(parent_ids))).all()
    )
    return pd.DataFrame(
        [
            {
                "entity": str(region_id),
                "kemendagri_code": code,
                "name": name,
                "kind": kind,
                "province": parents.get(parent, name) if parent is not None else name,
            }
            for region_id, code, name, kind, parent in rows
        ],
        columns=["entity", "kemendagri_code", "name", "kind", "province"],
    )


def national_ranking(actor: Actor, *, catalog_key: str, tag: str | None = None) -> pd.DataFrame:
    """Every pemda with a period of the catalog (its latest), ranked on its verified total: RANKING_COLUMNS
    (``self_score`` is the total its OPDs claim, drafts included).

    A region-scoped leader, inspector or admin sees, and is ranked among, the pemda in their scope only; focal
    points are refused.
    """
    refuse_focal_point(actor)
    require(actor, "national_ranking")
    with session_scope() as session:
        row = session.exec(select(CatalogRow).where(CatalogRow.key == catalog_key)).first()
        if row is None or row.id is None:
            raise LenteraError("perm.not_found")
        latest = latest_periods(session, row.id, regions_in_scope(session, actor))
        if not latest:
            return pd.DataFrame(columns=RANKING_COLUMNS)
        result = _national_scores(session, row, latest, tag)
        if result.empty:
            return pd.DataFrame(columns=RANKING_COLUMNS)
        totals = result.loc[result["code"].astype(str) == ROOT_CODE, ["entity", "self_score"]]
        ranked = scoring.rank(result).merge(totals, on="entity", how="left")
        # text, as _region_info gives it (the scored frame's entity is categorical)
        ranked["entity"] = ranked["entity"].astype(str)
        info = _region_info(session, [int(e) for e in ranked["entity"]])
    table = ranked[["entity", "score", "self_score", "zone", "rank"]].merge(info, on="entity", how="left")
    return table[RANKING_COLUMNS].reset_index(drop=True)
