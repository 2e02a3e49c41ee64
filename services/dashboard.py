"""What the leader's dashboard shows: scores, rankings, progress and gaps of one period, read in one SQL query.

The scoring input is built by a single query (Assignment ⟕ Submission ⨝ Organisation, filtered in the
database), because at KPK scale a period holds hundreds of thousands of items and pulling tables into Python to
join them would dominate the page's time. The numbers themselves come from ``scoring``; nothing here does
score arithmetic beyond the design's one aggregation rule for a pemda (below).

Input rules (documented for everyone who reads a number off the dashboard):
- An item applies to an OPD when it is assigned to it; an assigned item without a submission is ``empty``.
- ``value`` is the verified value, and only while the item is ``verified`` (a reopened item is being
  reconsidered and counts as unverified until the new review).
- ``self_value`` counts as soon as the OPD has saved it (drafts included): the self score is what the OPD
  claims right now. The projected score counts it only once submitted (``scoring.PROJECTED_STATUSES``).
- A pemda's leaf value is the mean of its assigned OPDs' values (an OPD without a value counts 0), then the pemda
  is scored like any entity. Means are not on a leaf's allowed steps (two OPDs with 50 and 100 give 75), so the
  pemda is scored on a copy of the catalog whose leaves accept any value up to their maximum: the same scale,
  weights and tags, so the same arithmetic.

The national ranking does not read those rows: at KPK scale (546 pemda, 1.36 million items) the database
itself averages them per pemda × leaf with the same rule (``_region_means_query``) and returns 37,000 rows.
Those means are kept per period, so after a save in one pemda only that pemda's 68 rows are read again.

Every cache is keyed on the periods' ``change_token`` (``models/tables.py``): any transaction that writes a
submission or assignment of a period (save, submit, review, offline import, carry forward, assigning) gives
the period a new token at commit, so the next rerun rescores; reading the tokens costs one indexed lookup.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from sqlalchemy import Float, and_, case, cast, func
from sqlmodel import Session, col, select

import scoring
from i18n import LenteraError, register
from indicators import ROOT_CODE, Catalog
from models import session_scope
from models.tables import Assignment, Organisation, Period, PublishedScore, Region, Role, Submission, as_utc
from models.tables import Catalog as CatalogRow
from services import catalogs
from services.actor import Actor
from services.permissions import regions_in_scope, require_organisation, require_region, require_role
from services.workflow import effective_deadline

register(
    {
        "dashboard.focal_point_own_opd": {
            "id": "Dasbor pemda hanya untuk pimpinan, inspektorat dan admin; buka ringkasan OPD Anda.",
            "en": "The government-wide dashboard is for leaders, inspectors and admins; open your OPD's overview.",
        },
    }
)

INPUT_COLUMNS = ["entity", "code", "value", "self_value", "status"]
COUNT_KEYS = ("verified", "submitted", "returned", "draft", "missing", "total")
ENTITY_COLUMNS = ["entity", "id", "name", "abbreviation", "kind", "region_id", "region", "active"]
REGION_COLUMNS = ["entity", "id", "name", "kind", "kemendagri_code", "period_id"]
RANKING_COLUMNS = [
    "entity", "kemendagri_code", "name", "kind", "province", "score", "self_score", "zone", "rank",
]  # fmt: skip
TREND_COLUMNS = [
    "source", "framework", "year", "date", "score", "max", "zone", "status", "area", "period_id", "name",
]  # fmt: skip
_STATUS_GROUP = {
    "verified": "verified",
    "submitted": "submitted",
    "reopened": "submitted",  # back in the inspector's queue
    "returned": "returned",
    "draft": "draft",
    "empty": "missing",
}


@dataclass(frozen=True)
class Overview:
    """One period seen from the top. Entities are strings: OPD ids in ``opd_*``, region ids in ``region_*``."""

    period_id: int
    period_name: str
    catalog_key: str
    framework: str
    region_id: int
    tag: str | None
    scale_max: float
    opd_scores: pd.DataFrame  # scoring.score result per OPD × node (RESULT_COLUMNS + status)
    region_scores: (
        pd.DataFrame
    )  # the same per pemda (the period's region, plus kab/kota of a provincial view)
    opd_ranking: pd.DataFrame  # scoring.rank: entity, score, zone, rank, previous_rank, rank_change
    region_ranking: pd.DataFrame
    counts: dict[str, int]  # verified, submitted, returned, draft, missing, total (the period's own items)
    opd_progress: pd.DataFrame  # entity + COUNT_KEYS per OPD
    submission_deadline: datetime | None
    days_to_deadline: int | None  # calendar days in the period's time zone (WIT); negative once passed
    entities: pd.DataFrame  # OPDs: ENTITY_COLUMNS
    regions: pd.DataFrame  # pemda: REGION_COLUMNS
    heatmap: pd.DataFrame  # index OPD entity, one column per top-level area code (verified score)
    areas: pd.DataFrame  # code, name of the top-level areas, catalog order
    gap_list: pd.DataFrame  # the pemda's gap list (scoring.gap_list) + name, organisations
    pemda_total: dict[str, Any] = field(default_factory=dict)  # score, self_score, projected, gap, zone


@dataclass(frozen=True)
class OpdOverview:
    period_id: int
    organisation_id: int
    name: str
    scale_max: float
    scores: pd.DataFrame  # this OPD's rows of the scoring result
    counts: dict[str, int]
    submission_deadline: datetime | None  # including an extension granted to this OPD
    days_to_deadline: int | None
    gap_list: pd.DataFrame
    rank: int | None
    ranked: int  # OPDs ranked in the period


@dataclass(frozen=True)
class _Scored:
    catalog: Catalog
    frame: pd.DataFrame  # internal input: period_id, region_id + INPUT_COLUMNS
    opd_scores: pd.DataFrame
    region_scores: pd.DataFrame


# -- the one query -------------------------------------------------------------------------------------------


def _submission_of_assignment(period_ids: list[int]) -> Any:
    """The join condition of an assignment and its submission (if any), restricted to the periods."""
    return and_(
        col(Submission.period_id) == col(Assignment.period_id),
        col(Submission.organisation_id) == col(Assignment.organisation_id),
        col(Submission.code) == col(Assignment.code),
        # Implied by the first line, but PostgreSQL only uses it on ``submission`` when stated: an index scan of
        # the periods' rows instead of hashing the whole table (12 periods: 0.95 → 0.1 s).
        col(Submission.period_id).in_(period_ids),
    )


def _input_query(period_ids: list[int], region_id: int | None) -> Any:
    value = case((col(Submission.status) == "verified", col(Submission.verified_value)), else_=None)
    query = (
        select(  # type: ignore[call-overload]
            Assignment.period_id,
            Organisation.region_id,
            Assignment.organisation_id.label("entity"),  # type: ignore[attr-defined]
            Assignment.code,
            value.label("value"),
            Submission.self_value,
            func.coalesce(Submission.status, "empty").label("status"),
        )
        .join(Organisation, Organisation.id == Assignment.organisation_id)
        .outerjoin(Submission, _submission_of_assignment(period_ids))
        .where(Assignment.period_id.in_(period_ids))  # type: ignore[attr-defined]
        .order_by(Assignment.period_id, Assignment.organisation_id, Assignment.id)
    )
    if region_id is not None:
        query = query.where(Organisation.region_id == region_id)
    return query


def _input_frame(session: Session, period_ids: list[int], region_id: int | None = None) -> pd.DataFrame:
    rows = session.execute(_input_query(period_ids, region_id)).all()
    names = ["period_id", "region_id", "entity", "code", "value", "self_value", "status"]
    # Column by column: pandas probes every SQLAlchemy Row when given the rows (10x slower at 27,000 rows).
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    frame = pd.DataFrame(dict(zip(names, columns, strict=True)), columns=names)
    frame["entity"] = frame["entity"].astype(str)
    frame["code"] = frame["code"].astype(str)
    for column in ("value", "self_value"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame


def scoring_input(actor: Actor, *, period_id: int, region_id: int | None = None) -> pd.DataFrame:
    """The period's scoring frame: entity (OPD id as text), code, value, self_value, status; one SQL query."""
    require_role(actor, Role.admin, Role.leader, Role.inspector)
    with session_scope() as session:
        period = _period(session, actor, period_id)
        if region_id is not None:
            require_region(session, actor, region_id)
        assert period.id is not None
        frame = _input_frame(session, [period.id], region_id)
    return frame[INPUT_COLUMNS].reset_index(drop=True)


# -- scoring with a cache ------------------------------------------------------------------------------------

_cache: OrderedDict[tuple[Any, ...], _Scored] = OrderedDict()
_cache_lock = threading.Lock()
_CACHE_SIZE = 64
_relaxed_catalogs: dict[str, Catalog] = {}


def _change_tokens(session: Session, period_ids: list[int]) -> tuple[tuple[int, str | None], ...]:
    """The cache key of the periods' data: (period id, change token) in id order."""
    rows = session.execute(
        select(Period.id, Period.change_token).where(col(Period.id).in_(period_ids)).order_by(col(Period.id))
    ).all()
    return tuple((int(period_id), token) for period_id, token in rows)


def relaxed_catalog(catalog: Catalog, content_hash: str) -> Catalog:
    """The catalog with every leaf accepting any value 0..maximum: for scoring means of OPD values."""
    cached = _relaxed_catalogs.get(content_hash)
    if cached is not None:
        return cached
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
    relaxed = Catalog.model_validate(data)
    _relaxed_catalogs[content_hash] = relaxed
    return relaxed


def _empty_result() -> pd.DataFrame:
    return pd.DataFrame(columns=scoring.RESULT_COLUMNS)


def _score_opds(catalog: Catalog, frame: pd.DataFrame, tag: str | None) -> pd.DataFrame:
    if frame.empty:
        return _empty_result()
    return scoring.score(catalog, frame[INPUT_COLUMNS], tag=tag)


def _region_means(frame: pd.DataFrame) -> pd.DataFrame:
    """Per pemda and leaf: mean verified, self and projected value over the assigned OPDs (missing = 0)."""
    projectable = frame["status"].isin(scoring.PROJECTED_STATUSES)
    work = pd.DataFrame(
        {
            "entity": frame["region_id"].astype(str),
            "code": frame["code"],
            "value": frame["value"],
            "self_value": frame["self_value"],
            "projected": frame["value"].where(frame["value"].notna(), frame["self_value"].where(projectable)),
        }
    )
    grouped = work.groupby(["entity", "code"], sort=False)
    sums = grouped[["value", "self_value", "projected"]].sum(min_count=1)
    counts = grouped.size()
    present = grouped[["value", "self_value", "projected"]].count()
    means = sums.div(counts, axis=0).where(present > 0)
    return means.reset_index()


def _region_means_query(period_ids: list[int]) -> Any:
    """``_region_means`` computed by the database, per period × leaf instead of per OPD × leaf.

    Grouped by period, not by the OPDs' region: a period's assignments are its own pemda's OPDs
    (``services.periods``), so with one period per pemda the two are the same, and (period_id, code) is the
    order of ``ix_assignment_period_code_organisation``, which spares SQLite a temporary B-tree (24 s → 2.5 s
    nationally) and, holding the OPD too, the assignment rows themselves. The ranking needs no projected score,
    so the query leaves out that third mean (one aggregate fewer over 1.36 M rows).
    """
    verified = case((col(Submission.status) == "verified", col(Submission.verified_value)), else_=None)

    def mean(expression: Any) -> Any:  # over every assigned OPD (a missing value counts 0), or empty
        return case(
            (func.count(expression) > 0, cast(func.sum(expression), Float) / func.count()), else_=None
        )

    return (
        select(
            col(Assignment.period_id).label("period_id"),
            col(Assignment.code).label("code"),
            mean(verified).label("value"),
            mean(col(Submission.self_value)).label("self_value"),
        )
        .outerjoin(Submission, _submission_of_assignment(period_ids))
        .where(col(Assignment.period_id).in_(period_ids))
        .group_by(col(Assignment.period_id), col(Assignment.code))
    )


@dataclass(frozen=True)
class _Means:
    """One period's leaf means: codes, mean verified value and mean self value (NaN when nobody has one)."""

    codes: np.ndarray
    value: np.ndarray
    self_value: np.ndarray


_means_cache: OrderedDict[tuple[int, str | None], _Means] = OrderedDict()
_MEANS_CACHE_SIZE = 4096  # periods; a national catalog has one per pemda (546)


def _float_array(values: Any) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def _period_means(session: Session, tokens: dict[int, str | None]) -> dict[int, _Means]:
    """Per period (id → change token), its leaf means: from the cache, the missing periods in one query."""
    found: dict[int, _Means] = {}
    with _cache_lock:
        for period_id, token in tokens.items():
            hit = _means_cache.get((period_id, token))
            if hit is not None:
                _means_cache.move_to_end((period_id, token))
                found[period_id] = hit
    missing = sorted(set(tokens) - set(found))
    if not missing:
        return found
    rows: dict[int, list[Any]] = {period_id: [] for period_id in missing}
    for row in session.execute(_region_means_query(missing)).all():
        rows[row[0]].append(row[1:])
    fresh: dict[int, _Means] = {}
    for period_id, period_rows in rows.items():
        codes, values, self_values = zip(*period_rows, strict=True) if period_rows else ((), (), ())
        fresh[period_id] = _Means(
            np.array([str(c) for c in codes], dtype=object), _float_array(values), _float_array(self_values)
        )
    with _cache_lock:
        for period_id, means in fresh.items():
            _means_cache[(period_id, tokens[period_id])] = means
        while len(_means_cache) > _MEANS_CACHE_SIZE:
            _means_cache.popitem(last=False)
    return found | fresh


def _pemda_means(means: dict[int, _Means], regions: dict[int, int]) -> pd.DataFrame:
    """The periods' means as one scoring frame whose entity is the period's pemda (region id as text)."""
    order = sorted(means)
    parts = [means[period_id] for period_id in order]
    sizes = [len(part.codes) for part in parts]
    return pd.DataFrame(
        {
            "entity": np.repeat(np.array([str(regions[p]) for p in order], dtype=object), sizes),
            "code": np.concatenate([part.codes for part in parts]) if parts else np.array([], dtype=object),
            "value": np.concatenate([part.value for part in parts]) if parts else np.array([], dtype=float),
            "self_value": (
                np.concatenate([part.self_value for part in parts]) if parts else np.array([], dtype=float)
            ),
        }
    )


def _score_regions(catalog: Catalog, content_hash: str, frame: pd.DataFrame, tag: str | None) -> pd.DataFrame:
    if frame.empty:
        return _empty_result()
    relaxed = relaxed_catalog(catalog, content_hash)
    means = _region_means(frame)
    result = scoring.score(relaxed, means[["entity", "code", "value", "self_value"]], tag=tag)
    projected = scoring.score(relaxed, means[["entity", "code"]].assign(value=means["projected"]), tag=tag)
    keys = pd.DataFrame({"entity": result["entity"], "code": result["code"].astype(str)})
    lookup = pd.DataFrame(
        {
            "entity": projected["entity"],
            "code": projected["code"].astype(str),
            "projected": projected["score"],
        }
    )
    result["projected"] = keys.merge(lookup, on=["entity", "code"], how="left")["projected"].to_numpy()
    return result


def _scored(session: Session, period: Period, tag: str | None) -> _Scored:
    """Scores of a period's OPDs and pemda (with the kab/kota of a provincial period), cached on data version."""
    assert period.id is not None
    row = session.get(CatalogRow, period.catalog_id)
    assert row is not None
    period_ids = [period.id, *_child_period_ids(session, period)]
    key = (tag, row.content_hash, _change_tokens(session, period_ids))
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    catalog = catalogs.catalog_for_period(period.id)
    frame = _input_frame(session, period_ids)
    own = frame.loc[frame["period_id"] == period.id]
    scored = _Scored(
        catalog=catalog,
        frame=frame,
        opd_scores=_score_opds(catalog, own, tag),
        region_scores=_score_regions(catalog, row.content_hash, frame, tag),
    )
    with _cache_lock:
        _cache[key] = scored
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return scored


def _child_period_ids(session: Session, period: Period) -> list[int]:
    """Per kabupaten/kota below the period's region: its period of the same catalog with the nearest deadline."""
    children = select(Region.id).where(Region.parent_id == period.region_id)
    rows = session.exec(
        select(Period).where(Period.catalog_id == period.catalog_id, col(Period.region_id).in_(children))
    ).all()
    anchor = as_utc(period.submission_deadline) or datetime.now(ZoneInfo("UTC"))
    chosen: dict[int, Period] = {}
    for row in sorted(rows, key=lambda p: p.id or 0, reverse=True):
        deadline = as_utc(row.submission_deadline) or anchor
        best = chosen.get(row.region_id)
        best_deadline = (as_utc(best.submission_deadline) or anchor) if best else None
        if best_deadline is None or abs(deadline - anchor) < abs(best_deadline - anchor):
            chosen[row.region_id] = row
    return sorted(p.id for p in chosen.values() if p.id is not None)


_ranking_cache: OrderedDict[tuple[Any, ...], pd.DataFrame] = OrderedDict()


@dataclass(frozen=True)
class _Latest:
    region_id: int
    change_token: str | None


def _latest_periods(session: Session, catalog_id: int, scope: set[int] | None) -> dict[int, _Latest]:
    """Per pemda (within ``scope``), its period of the catalog with the latest deadline (then the newest):
    period id → its pemda and change token (the cache key, read in the same query)."""
    query = select(Period.id, Period.region_id, Period.submission_deadline, Period.change_token).where(
        Period.catalog_id == catalog_id
    )
    if scope is not None:
        query = query.where(col(Period.region_id).in_(sorted(scope)))
    floor = datetime.min.replace(tzinfo=ZoneInfo("UTC"))
    latest: dict[int, tuple[datetime, int, str | None]] = {}
    for period_id, region_id, deadline, token in session.exec(query).all():
        candidate = (as_utc(deadline) or floor, period_id or 0, token)
        if region_id not in latest or candidate[:2] > latest[region_id][:2]:
            latest[region_id] = candidate
    return {period_id: _Latest(region_id, token) for region_id, (_, period_id, token) in latest.items()}


def _national_scores(
    session: Session, row: CatalogRow, latest: dict[int, _Latest], tag: str | None
) -> pd.DataFrame:
    """The pemda's scoring result (relaxed catalog, means from SQL), cached on the periods' change tokens."""
    tokens = {period_id: info.change_token for period_id, info in sorted(latest.items())}
    key = ("national", row.content_hash, tag, tuple(tokens.items()))
    with _cache_lock:
        hit = _ranking_cache.get(key)
        if hit is not None:
            _ranking_cache.move_to_end(key)
            return hit
    regions = {period_id: info.region_id for period_id, info in latest.items()}
    means = _pemda_means(_period_means(session, tokens), regions)
    if means.empty:
        result = _empty_result()
    else:
        relaxed = relaxed_catalog(catalogs.catalog_for_period(min(tokens)), row.content_hash)
        result = scoring.score(relaxed, means, tag=tag)
    with _cache_lock:
        _ranking_cache[key] = result
        while len(_ranking_cache) > _CACHE_SIZE:
            _ranking_cache.popitem(last=False)
    return result


# -- helpers -------------------------------------------------------------------------------------------------


def _period(session: Session, actor: Actor, period_id: int) -> Period:
    period = session.get(Period, period_id)
    if period is None:
        raise LenteraError("perm.not_found")
    require_region(session, actor, period.region_id)
    return period


def days_until(deadline: datetime | None, *, time_zone: str, now: datetime) -> int | None:
    """Calendar days from today to the deadline's day, both in the period's time zone (WIT)."""
    moment = as_utc(deadline)
    if moment is None:
        return None
    zone = ZoneInfo(time_zone)
    today = (as_utc(now) or now).astimezone(zone).date()
    return (moment.astimezone(zone).date() - today).days


def _counts(frame: pd.DataFrame) -> dict[str, int]:
    grouped = frame["status"].map(_STATUS_GROUP).fillna("missing").value_counts()
    counts = {key: int(grouped.get(key, 0)) for key in COUNT_KEYS if key != "total"}
    counts["total"] = len(frame)
    return counts


def _progress(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=["entity", *COUNT_KEYS])
    groups = frame.assign(group=frame["status"].map(_STATUS_GROUP).fillna("missing"))
    table = pd.crosstab(groups["entity"], groups["group"])
    table = table.reindex(columns=[k for k in COUNT_KEYS if k != "total"], fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.reset_index().rename_axis(columns=None)


def _entities(session: Session, ids: list[int]) -> pd.DataFrame:
    if not ids:
        return pd.DataFrame(columns=ENTITY_COLUMNS)
    rows = session.exec(
        select(Organisation, Region.name)
        .join(Region, col(Region.id) == col(Organisation.region_id))
        .where(col(Organisation.id).in_(ids))
    ).all()
    records = [
        {
            "entity": str(org.id),
            "id": org.id,
            "name": org.name,
            "abbreviation": org.abbreviation,
            "kind": org.kind,
            "region_id": org.region_id,
            "region": region_name,
            "active": org.active_until is None,
        }
        for org, region_name in rows
    ]
    return pd.DataFrame(records, columns=ENTITY_COLUMNS).sort_values("name", ignore_index=True)


def _regions(session: Session, frame: pd.DataFrame) -> pd.DataFrame:
    pairs = frame[["region_id", "period_id"]].drop_duplicates()
    if pairs.empty:
        return pd.DataFrame(columns=REGION_COLUMNS)
    period_of = dict(zip(pairs["region_id"].astype(int), pairs["period_id"].astype(int), strict=False))
    rows = session.exec(select(Region).where(Region.id.in_(list(period_of)))).all()  # type: ignore[union-attr]
    records = [
        {
            "entity": str(r.id),
            "id": r.id,
            "name": r.name,
            "kind": r.kind,
            "kemendagri_code": r.kemendagri_code,
            "period_id": period_of[r.id],  # type: ignore[index]
        }
        for r in rows
    ]
    return pd.DataFrame(records, columns=REGION_COLUMNS).sort_values("kemendagri_code", ignore_index=True)


def _heatmap(catalog: Catalog, opd_scores: pd.DataFrame) -> pd.DataFrame:
    areas = [node.code for node in catalog.top_level]
    top = opd_scores.loc[opd_scores["code"].astype(str).isin(areas)]
    if top.empty:
        return pd.DataFrame(columns=areas)
    table = top.assign(code=top["code"].astype(str)).pivot(index="entity", columns="code", values="score")
    return table.reindex(columns=[a for a in areas if a in table.columns]).rename_axis(
        index="entity", columns=None
    )


def _gap_list(catalog: Catalog, region_scores: pd.DataFrame, own: pd.DataFrame, region_id: int,
              entities: pd.DataFrame) -> pd.DataFrame:  # fmt: skip
    """The pemda's gap list with each leaf's name and the OPDs still below the leaf's maximum on it."""
    if region_scores.empty:
        return region_scores.assign(name=pd.Series(dtype=object), organisations=pd.Series(dtype=object))
    gaps = scoring.gap_list(region_scores, entity=str(region_id)).copy()
    names = {node.code: node.name for node in catalog.leaves()}
    abbreviation = dict(zip(entities["entity"], entities["abbreviation"], strict=False))
    maximum = {node.code: node.maximum for node in catalog.leaves()}
    short = own["value"].isna() | (own["value"] < own["code"].map(maximum) - 1e-9)
    open_items = own.loc[short]
    owners = (
        open_items.assign(abbreviation=open_items["entity"].map(abbreviation))
        .groupby("code")["abbreviation"]
        .agg(lambda values: ", ".join(sorted(str(v) for v in values.dropna().unique())))
    )
    codes = gaps["code"].astype(str)
    gaps["name"] = codes.map(names)
    gaps["organisations"] = codes.map(owners).fillna("")
    return gaps


def _total(region_scores: pd.DataFrame, region_id: int) -> dict[str, Any]:
    rows = region_scores.loc[
        (region_scores["entity"] == str(region_id)) & (region_scores["code"].astype(str) == ROOT_CODE)
    ]
    if rows.empty:
        return {}
    row = rows.iloc[0]
    numbers = {
        column: (None if pd.isna(row[column]) else float(row[column]))
        for column in ("score", "self_score", "projected", "gap")
    }
    return {**numbers, "zone": None if pd.isna(row["zone"]) else str(row["zone"])}


def _rank(result: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    if result.empty:
        return pd.DataFrame(columns=["entity", "score", "zone", "rank", "previous_rank", "rank_change"])
    if previous is not None and previous.empty:
        previous = None
    return scoring.rank(result, previous=previous)


# -- use cases -----------------------------------------------------------------------------------------------


def period_overview(
    actor: Actor, *, period_id: int, tag: str | None = None, now: datetime | None = None
) -> Overview:
    """Scores, rankings (with change against the previous period), progress, deadline and gaps of a period.

    Leaders, inspectors and admins whose region covers the period; focal points use ``opd_overview``.
    ``tag`` ("digital") scores only the leaves carrying it.
    """
    if actor.role == Role.focal_point:
        raise LenteraError("dashboard.focal_point_own_opd")
    require_role(actor, Role.admin, Role.leader, Role.inspector)
    with session_scope() as session:
        period = _period(session, actor, period_id)
        assert period.id is not None
        scored = _scored(session, period, tag)
        previous = session.get(Period, period.previous_period_id) if period.previous_period_id else None
        before = _scored(session, previous, tag) if previous is not None else None
        scope = regions_in_scope(session, actor)
        own = scored.frame.loc[scored.frame["period_id"] == period.id]
        region_scores = scored.region_scores
        if scope is not None:
            region_scores = region_scores.loc[region_scores["entity"].astype(int).isin(scope)]
        entities = _entities(session, sorted({int(e) for e in own["entity"].unique()}))
        regions = _regions(session, scored.frame)
        catalog_row = session.get(CatalogRow, period.catalog_id)
        assert catalog_row is not None
    catalog = scored.catalog
    return Overview(
        period_id=period.id,
        period_name=period.name,
        catalog_key=catalog.key,
        framework=catalog_row.framework,
        region_id=period.region_id,
        tag=tag,
        scale_max=catalog.scale.max,
        opd_scores=scored.opd_scores.copy(deep=False),  # the cached frames stay untouched by callers
        region_scores=region_scores.reset_index(drop=True),
        opd_ranking=_rank(scored.opd_scores, before.opd_scores if before else None),
        region_ranking=_rank(region_scores, before.region_scores if before else None),
        counts=_counts(own),
        opd_progress=_progress(own),
        submission_deadline=as_utc(period.submission_deadline),
        days_to_deadline=days_until(
            period.submission_deadline, time_zone=period.time_zone, now=now or datetime.now(ZoneInfo("UTC"))
        ),
        entities=entities,
        regions=regions.loc[regions["id"].isin(scope)] if scope is not None else regions,
        heatmap=_heatmap(catalog, scored.opd_scores),
        areas=pd.DataFrame(
            [{"code": n.code, "name": n.name} for n in catalog.top_level], columns=["code", "name"]
        ),
        gap_list=_gap_list(catalog, scored.region_scores, own, period.region_id, entities),
        pemda_total=_total(scored.region_scores, period.region_id),
    )


def opd_overview(
    actor: Actor, *, period_id: int, organisation_id: int, tag: str | None = None, now: datetime | None = None
) -> OpdOverview:
    """One OPD's scores, progress, deadline (with its extension), gaps and rank; focal points: their own OPD."""
    with session_scope() as session:
        organisation = require_organisation(session, actor, organisation_id)
        period = _period(session, actor, period_id)  # the period must lie in the actor's region too
        scored = _scored(session, period, tag)
        deadline = effective_deadline(session, period, organisation_id)
    entity = str(organisation_id)
    own = scored.frame.loc[(scored.frame["period_id"] == period_id) & (scored.frame["entity"] == entity)]
    scores = scored.opd_scores.loc[scored.opd_scores["entity"] == entity].reset_index(drop=True)
    ranking = _rank(scored.opd_scores, None)
    mine = ranking.loc[ranking["entity"] == entity, "rank"]
    return OpdOverview(
        period_id=period_id,
        organisation_id=organisation_id,
        name=organisation.name,
        scale_max=scored.catalog.scale.max,
        scores=scores,
        counts=_counts(own),
        submission_deadline=deadline,
        days_to_deadline=days_until(
            deadline, time_zone=period.time_zone, now=now or datetime.now(ZoneInfo("UTC"))
        ),
        gap_list=scoring.gap_list(scores) if not scores.empty else scores,
        rank=None if mine.empty or pd.isna(mine.iloc[0]) else int(mine.iloc[0]),
        ranked=len(ranking),
    )


def national_ranking(actor: Actor, *, catalog_key: str, tag: str | None = None) -> pd.DataFrame:
    """Every pemda with a period of the catalog (its latest), ranked on its verified total: RANKING_COLUMNS
    (``self_score`` is the total its OPDs claim, drafts included).

    A pemda's score is the one ``period_overview`` gives it (mean of its OPDs' values per leaf, missing = 0),
    but computed for all pemda at once from one grouped query. A region-scoped leader, inspector or admin sees,
    and is ranked among, the pemda in their scope only; focal points are refused.
    """
    if actor.role == Role.focal_point:
        raise LenteraError("dashboard.focal_point_own_opd")
    require_role(actor, Role.admin, Role.leader, Role.inspector)
    with session_scope() as session:
        row = session.exec(select(CatalogRow).where(CatalogRow.key == catalog_key)).first()
        if row is None or row.id is None:
            raise LenteraError("perm.not_found")
        latest = _latest_periods(session, row.id, regions_in_scope(session, actor))
        if not latest:
            return pd.DataFrame(columns=RANKING_COLUMNS)
        result = _national_scores(session, row, latest, tag)
        if result.empty:
            return pd.DataFrame(columns=RANKING_COLUMNS)
        totals = result.loc[result["code"].astype(str) == ROOT_CODE, ["entity", "self_score"]]
        ranked = scoring.rank(result).merge(totals, on="entity", how="left")
        ids = [int(e) for e in ranked["entity"]]
        regions = {r.id: r for r in session.exec(select(Region).where(col(Region.id).in_(ids))).all()}
        parent_ids = {r.parent_id for r in regions.values() if r.parent_id is not None}
        parents = {
            r.id: r.name for r in session.exec(select(Region).where(col(Region.id).in_(parent_ids))).all()
        }
    info = pd.DataFrame(
        [
            {
                "entity": str(r.id),
                "kemendagri_code": r.kemendagri_code,
                "name": r.name,
                "kind": r.kind,
                "province": parents.get(r.parent_id, r.name) if r.parent_id is not None else r.name,
            }
            for r in regions.values()
        ],
        columns=["entity", "kemendagri_code", "name", "kind", "province"],
    )
    table = ranked[["entity", "score", "self_score", "zone", "rank"]].merge(info, on="entity", how="left")
    return table[RANKING_COLUMNS].reset_index(drop=True)


def trend(actor: Actor, *, region_id: int) -> pd.DataFrame:
    """The pemda's overall score over time: our periods' TOTALs and the officially published scores.

    Columns TREND_COLUMNS; ``source`` is "lentera" or "published"; ``max`` is the scale (100 for MCP, 5 for
    SPBE); published rows with an ``area`` are area scores, not totals.
    """
    require_role(actor, Role.admin, Role.leader, Role.inspector)
    records: list[dict[str, Any]] = []
    with session_scope() as session:
        require_region(session, actor, region_id)
        periods = session.exec(
            select(Period).where(Period.region_id == region_id).order_by(col(Period.id))
        ).all()
        for period in periods:
            scored = _scored(session, period, None)
            total = _total(scored.region_scores, region_id)
            if not total:
                continue
            deadline = as_utc(period.submission_deadline)
            records.append(
                {
                    "source": "lentera",
                    "framework": scored.catalog.framework,
                    "year": scored.catalog.year,
                    "date": deadline.astimezone(ZoneInfo(period.time_zone)).date() if deadline else None,
                    "score": float(total["score"]),
                    "max": scored.catalog.scale.max,
                    "zone": total.get("zone"),
                    "status": period.state,
                    "area": None,
                    "period_id": period.id,
                    "name": period.name,
                }
            )
        published = session.exec(
            select(PublishedScore)
            .where(PublishedScore.region_id == region_id)
            .order_by(col(PublishedScore.year))
        ).all()
        records.extend(
            {
                "source": "published",
                "framework": row.framework,
                "year": row.year,
                "date": row.published_on,
                "score": row.score,
                "max": 5.0 if row.framework.upper() == "SPBE" else 100.0,
                "zone": None,
                "status": row.status,
                "area": row.area,
                "period_id": None,
                "name": row.entity,
            }
            for row in published
        )
    frame = pd.DataFrame(records, columns=TREND_COLUMNS).astype({"period_id": "Int64"})
    if frame.empty:
        return frame
    order = np.lexsort((frame["source"].to_numpy(), frame["year"].to_numpy(dtype=int)))
    return frame.iloc[order].reset_index(drop=True)


def clear_cache() -> None:
    """Forget cached scores (tests and restores)."""
    with _cache_lock:
        _cache.clear()
        _ranking_cache.clear()
        _means_cache.clear()
