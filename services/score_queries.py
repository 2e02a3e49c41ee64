"""The SQL behind every score: the scoring input of periods in one query, and the national fast path.

The scoring input is built by a single query (Assignment ⟕ Submission ⨝ Organisation, filtered in the
database), because at KPK scale a period holds hundreds of thousands of items and pulling tables into Python to
join them would dominate the page's time. The numbers themselves come from ``scoring``.

Input rules (documented for everyone who reads a number off the dashboard):
- An item applies to an OPD when it is assigned to it; an assigned item without a submission is ``empty``.
- ``value`` is the verified value, and only while the item is ``verified`` (a reopened item is being
  reconsidered and counts as unverified until the new review).
- ``self_value`` counts as soon as the OPD has saved it (drafts included): the self score is what the OPD
  claims right now. The projected score counts it only once submitted (``scoring.PROJECTED_STATUSES``).

- ``lead`` marks the leaf's lead OPD (``Assignment.lead``), whose value the ``lead`` rule takes.

The national ranking does not read those rows: at KPK scale (546 pemda, 1.36 million items) the database
itself aggregates them per pemda × leaf with ``scoring.aggregate``'s rules (``region_means_query``) and returns
37,000 rows. Those values are kept per period (keyed on its change token) in memory and in the database
(``services.stored_means``), so a new process reads 546 stored rows instead of grouping, and after a save in
one pemda only that pemda's 68 rows are grouped again. ``tests/test_score_queries.py`` holds the fast path
equal to the pandas one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import Float, and_, case, cast, func
from sqlmodel import Session, col, select

from i18n import LenteraError, register
from models import session_scope
from models.tables import Assignment, Organisation, Period, Region, Role, Submission, as_utc
from scoring.aggregate import INPUT_COLUMNS, LeafMeans
from services import stored_means
from services.actor import Actor
from services.cache import LruCache
from services.permissions import require, require_region

register(
    {
        "dashboard.focal_point_own_opd": {
            "id": "Dasbor pemda hanya untuk pimpinan, inspektorat dan admin; buka ringkasan OPD Anda.",
            "en": "The government-wide dashboard is for leaders, inspectors and admins; open your OPD's overview.",
        },
    }
)

FRAME_COLUMNS = ["period_id", "region_id", *INPUT_COLUMNS, "lead"]
"""The internal input: period and region of each OPD row, ``scoring.aggregate.INPUT_COLUMNS``, the lead mark."""
ENTITY_COLUMNS = ["entity", "id", "name", "abbreviation", "kind", "region_id", "region", "active"]
REGION_COLUMNS = ["entity", "id", "name", "kind", "kemendagri_code", "period_id"]
ChangeTokens = tuple[tuple[int, str | None], ...]


# -- access --------------------------------------------------------------------------------------------------


def refuse_focal_point(actor: Actor) -> None:
    """Pemda-wide numbers are not for focal points (they read their OPD's overview)."""
    if actor.role == Role.focal_point:
        raise LenteraError("dashboard.focal_point_own_opd")


def period_in_scope(session: Session, actor: Actor, period_id: int) -> Period:
    """The period, when it lies in the actor's region."""
    period = session.get(Period, period_id)
    if period is None:
        raise LenteraError("perm.not_found")
    require_region(session, actor, period.region_id)
    return period


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
            Assignment.lead,
        )
        .join(Organisation, Organisation.id == Assignment.organisation_id)
        .outerjoin(Submission, _submission_of_assignment(period_ids))
        .where(Assignment.period_id.in_(period_ids))  # type: ignore[attr-defined]
        .order_by(Assignment.period_id, Assignment.organisation_id, Assignment.id)
    )
    if region_id is not None:
        query = query.where(Organisation.region_id == region_id)
    return query


def input_frame(session: Session, period_ids: list[int], region_id: int | None = None) -> pd.DataFrame:
    """The periods' OPD rows: ``FRAME_COLUMNS`` (entity and code as text, values as floats)."""
    rows = session.execute(_input_query(period_ids, region_id)).all()
    # Column by column: pandas probes every SQLAlchemy Row when given the rows (10x slower at 27,000 rows).
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(FRAME_COLUMNS)
    frame = pd.DataFrame(dict(zip(FRAME_COLUMNS, columns, strict=True)), columns=FRAME_COLUMNS)
    frame["entity"] = frame["entity"].astype(str)
    frame["code"] = frame["code"].astype(str)
    for column in ("value", "self_value"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    frame["lead"] = frame["lead"].astype(bool)
    return frame


def scoring_input(actor: Actor, *, period_id: int, region_id: int | None = None) -> pd.DataFrame:
    """The period's scoring frame: entity (OPD id as text), code, value, self_value, status; one SQL query."""
    require(actor, "scoring_input")
    with session_scope() as session:
        period = period_in_scope(session, actor, period_id)
        if region_id is not None:
            require_region(session, actor, region_id)
        assert period.id is not None
        frame = input_frame(session, [period.id], region_id)
    return frame[INPUT_COLUMNS].reset_index(drop=True)


def change_tokens(session: Session, period_ids: list[int]) -> ChangeTokens:
    """The cache key of the periods' data: (period id, change token) in id order."""
    rows = session.execute(
        select(Period.id, Period.change_token).where(col(Period.id).in_(period_ids)).order_by(col(Period.id))
    ).all()
    return tuple((int(period_id), token) for period_id, token in rows)


def region_kinds(session: Session, period_ids: list[int]) -> dict[int, str]:
    """The periods' pemda → their kind (provinsi, kabupaten, kota): which leaves apply to each."""
    # A subquery, not a join: SQLite planned the join as a scan of every region probing the period list for
    # each (546 × 546 lookups, 12 ms of a 0.08 s cold national ranking; 0.3 ms this way).
    of_periods = select(Period.region_id).where(col(Period.id).in_(period_ids))
    rows = session.execute(select(Region.id, Region.kind).where(col(Region.id).in_(of_periods))).all()
    return {int(region_id): str(kind) for region_id, kind in rows}


# -- which periods ---------------------------------------------------------------------------------------------


def child_period_ids(session: Session, period: Period) -> list[int]:
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


@dataclass(frozen=True)
class Latest:
    region_id: int
    change_token: str | None


def latest_periods(session: Session, catalog_id: int, scope: set[int] | None) -> dict[int, Latest]:
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
    return {period_id: Latest(region_id, token) for region_id, (_, period_id, token) in latest.items()}


# -- the national fast path: leaf means in SQL ---------------------------------------------------------------


def region_means_query(period_ids: list[int], rules: dict[str, str]) -> Any:
    """``scoring.aggregate.region_means`` computed by the database, per period × leaf instead of per OPD × leaf.

    Grouped by period, not by the OPDs' region: a period's assignments are its own pemda's OPDs
    (``services.periods``), so with one period per pemda the two are the same, and (period_id, code) is the
    order of ``ix_assignment_period_code_organisation``, which spares SQLite a temporary B-tree (24 s → 2.5 s
    nationally) and, holding the OPD too, the assignment rows themselves. The ranking needs no projected score,
    so the query leaves out that third value. ``rules`` (leaf code → lead/any/all/mean) picks each leaf's value
    from the same counts and sums ``scoring.aggregate.pick`` reads.
    """
    verified = case((col(Submission.status) == "verified", col(Submission.verified_value)), else_=None)
    code = col(Assignment.code)
    leads = func.sum(case((col(Assignment.lead), 1), else_=0))

    def by_rule(expression: Any) -> Any:  # NULL when nobody has a value
        present = func.count(expression)
        mean = cast(func.sum(expression), Float) / func.count()
        lead_total = func.coalesce(func.sum(case((col(Assignment.lead), expression), else_=None)), 0.0)
        branches: list[tuple[Any, Any]] = [(present == 0, None)]
        for rule, value in (
            ("any", func.max(expression)),
            ("all", case((present < func.count(), 0.0), else_=func.min(expression))),
            ("lead", case((leads > 0, cast(lead_total, Float) / leads), else_=mean)),
        ):
            codes = sorted(c for c, r in rules.items() if r == rule)
            if codes:
                branches.append((code.in_(codes), value))
        return case(*branches, else_=mean)

    return (
        select(
            col(Assignment.period_id).label("period_id"),
            code.label("code"),
            by_rule(verified).label("value"),
            by_rule(col(Submission.self_value)).label("self_value"),
        )
        .outerjoin(Submission, _submission_of_assignment(period_ids))
        .where(col(Assignment.period_id).in_(period_ids))
        .group_by(col(Assignment.period_id), code)
    )


_means: LruCache[tuple[int, str | None], LeafMeans] = LruCache(
    "period leaf means",
    size=4096,
    kind="data",  # periods; a national catalog has one per pemda (546)
)


def period_means(
    session: Session, tokens: dict[int, str | None], rules: dict[str, str]
) -> dict[int, LeafMeans]:
    """Per period (id → change token) of one catalog whose leaves have ``rules``
    (``scoring.aggregate.rules_of``), its leaf values: from this process's cache, then from the database's
    stored values of the same token (``services.stored_means``), the rest grouped in one query and stored."""
    found: dict[int, LeafMeans] = {}
    for period_id, token in tokens.items():
        hit = _means.get((period_id, token))
        if hit is not None:
            found[period_id] = hit
    missing = {period_id: tokens[period_id] for period_id in sorted(set(tokens) - set(found))}
    if not missing:
        return found
    stored = stored_means.read(session, missing)
    for period_id, means in stored.items():
        _means.put((period_id, tokens[period_id]), means)
    grouped = sorted(set(missing) - set(stored))
    if not grouped:
        return found | stored
    rows: dict[int, list[Any]] = {period_id: [] for period_id in grouped}
    for row in session.execute(region_means_query(grouped, rules)).all():
        rows[row[0]].append(row[1:])
    fresh = {period_id: LeafMeans.from_rows(period_rows) for period_id, period_rows in rows.items()}
    for period_id, means in fresh.items():
        _means.put((period_id, tokens[period_id]), means)
    stored_means.store(fresh, tokens)
    return found | stored | fresh


# -- names beside the numbers --------------------------------------------------------------------------------


def entities_frame(session: Session, ids: list[int]) -> pd.DataFrame:
    """The OPDs with these ids: ``ENTITY_COLUMNS``, by name."""
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


def regions_frame(session: Session, frame: pd.DataFrame) -> pd.DataFrame:
    """The pemda of an input frame with the period each was read from: ``REGION_COLUMNS``, by code."""
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
