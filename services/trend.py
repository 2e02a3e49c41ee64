"""A pemda's overall score over time: the totals of its Lentera periods beside the officially published scores.

Our totals come from ``services.period_scores`` (the number the overview shows for each period); published
scores (KPK, KemenPANRB) come from ``PublishedScore``. Every row carries the scale it is on, from the catalog:
the period's own, or for a published score the stored catalog of its framework nearest to its year.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from sqlmodel import Session, col, select

from models import session_scope
from models.tables import Period, PublishedScore, as_utc
from scoring import overview as shapes
from services import catalogs
from services.actor import Actor
from services.period_scores import scored_period
from services.permissions import require

TREND_COLUMNS = [
    "source", "framework", "year", "date", "score", "max", "zone", "status", "area", "period_id", "name",
]  # fmt: skip


def _ours(session: Session, region_id: int) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    periods = session.exec(select(Period).where(Period.region_id == region_id).order_by(col(Period.id))).all()
    for period in periods:
        scored = scored_period(session, period, None)
        total = shapes.total(scored.region_scores, str(region_id))
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
    return records


def _published(session: Session, region_id: int) -> list[dict[str, Any]]:
    rows = session.exec(
        select(PublishedScore).where(PublishedScore.region_id == region_id).order_by(col(PublishedScore.year))
    ).all()
    scales: dict[tuple[str, int], float | None] = {}
    for row in rows:
        if (row.framework, row.year) not in scales:
            scales[(row.framework, row.year)] = catalogs.scale_max(
                session, framework=row.framework, year=row.year
            )
    return [
        {
            "source": "published",
            "framework": row.framework,
            "year": row.year,
            "date": row.published_on,
            "score": row.score,
            "max": scales[(row.framework, row.year)],
            "zone": None,
            "status": row.status,
            "area": row.area,
            "period_id": None,
            "name": row.entity,
        }
        for row in rows
    ]


def trend(actor: Actor, *, region_id: int) -> pd.DataFrame:
    """The pemda's overall score over time: our periods' totals and the officially published scores.

    Columns TREND_COLUMNS; ``source`` is "lentera" or "published"; ``max`` is the catalog's scale (100 for MCP,
    5 for SPBE; None for a published framework no stored catalog has); published rows with an ``area`` are area
    scores, not totals.
    """
    with session_scope() as session:
        require(actor, "trend", region=region_id, session=session)
        records = _ours(session, region_id) + _published(session, region_id)
    frame = pd.DataFrame(records, columns=TREND_COLUMNS).astype({"period_id": "Int64"})
    if frame.empty:
        return frame
    order = np.lexsort((frame["source"].to_numpy(), frame["year"].to_numpy(dtype=int)))
    return frame.iloc[order].reset_index(drop=True)
