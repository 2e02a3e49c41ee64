""" "Yang perlu ditindaklanjuti" for the Sekda: the OPDs furthest behind in a period, with their items not yet
submitted and returned, the days left to their own deadline (in the period's time zone, WIT, extensions included)
and who their focal point is, stamped with the time of the latest change to the period's data (issue 13 §4).

The counts follow the digital-services lens (``services.overview.lens_rows``), as every number on the overview.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
from sqlmodel import col, func, select

from models import session_scope
from models.tables import Organisation, Submission, User, as_utc
from scoring import overview as shapes
from services.actor import Actor
from services.deadlines import effective_deadlines
from services.overview import days_until, own_progress
from services.period_scores import scored_period
from services.permissions import require
from services.score_queries import period_in_scope, refuse_focal_point
from vocabulary import Role

BEHIND_COLUMNS = [
    "organisation_id", "name", "abbreviation", "missing", "returned", "open", "total", "deadline", "days_left",
    "focal_points",
]  # fmt: skip


@dataclass(frozen=True)
class Behind:
    period_id: int
    rows: pd.DataFrame  # BEHIND_COLUMNS, furthest behind first (scoring.overview.furthest_behind)
    as_of: datetime | None  # the latest change to the period's items (UTC); None when nothing was touched
    time_zone: str


def opds_behind(
    actor: Actor, *, period_id: int, tag: str | None = None, limit: int = 10, now: datetime | None = None
) -> Behind:
    """The ``limit`` OPDs furthest behind in the period (only OPDs with items still open), each with its focal
    points (active users of the OPD, by name) and days to its own deadline. Leaders, inspectors, admins."""
    refuse_focal_point(actor)
    require(actor, "opds_behind")
    moment = now or datetime.now(ZoneInfo("UTC"))
    with session_scope(write=False) as session:
        period = period_in_scope(session, actor, period_id)
        assert period.id is not None
        scored = scored_period(session, period, tag)
        progress = own_progress(scored, period.id, tag)
        order = scored.derived(("furthest behind", period.id), lambda: shapes.furthest_behind(progress))
        behind = order.head(limit)  # the order once per data version (a pure function of the progress)
        ids = [int(e) for e in behind["entity"]]
        organisations = {
            o.id: o for o in session.exec(select(Organisation).where(col(Organisation.id).in_(ids))).all()
        }
        focal: dict[int, list[str]] = {}
        for user in session.exec(
            select(User)
            .where(
                col(User.organisation_id).in_(ids), User.role == Role.focal_point, col(User.active).is_(True)
            )
            .order_by(col(User.full_name))
        ).all():
            focal.setdefault(user.organisation_id or 0, []).append(user.full_name)
        deadlines = effective_deadlines(session, period, ids)
        latest = session.exec(
            select(func.max(Submission.updated_at)).where(Submission.period_id == period.id)
        ).one()
        time_zone = period.time_zone
    rows = pd.DataFrame(
        [
            {
                "organisation_id": i,
                "name": organisations[i].name if i in organisations else str(i),
                "abbreviation": organisations[i].abbreviation if i in organisations else "",
                "missing": int(row["missing"]),
                "returned": int(row["returned"]),
                "open": int(row["open"]),
                "total": int(row["total"]),
                "deadline": deadlines[i],
                "days_left": days_until(deadlines[i], time_zone=time_zone, now=moment),
                "focal_points": ", ".join(focal.get(i, [])),
            }
            for i, (_, row) in zip(ids, behind.iterrows(), strict=True)
        ],
        columns=BEHIND_COLUMNS,
    )
    return Behind(period_id=period.id, rows=rows, as_of=as_utc(latest), time_zone=time_zone)
