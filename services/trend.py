"""A pemda's overall score over time: the totals of its Lentera periods beside the officially published scores.

Our totals come from ``services.period_scores.pemda_totals`` (the number the overview shows for each period); published
scores (KPK, KemenPANRB) come from ``PublishedScore``. Every row carries the scale it is on, from the catalog:
the period's own, or for a published score the stored catalog of its framework nearest to its year.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from sqlmodel import Session, col, select

from indicators.provenance import published_source
from models import session_scope
from models.tables import Period, PublishedScore, as_utc
from services import catalogs
from services.actor import Actor
from services.period_scores import pemda_totals
from services.permissions import require
from vocabulary import PeriodState

TREND_COLUMNS = [
    "source", "framework", "year", "date", "score", "max", "zone", "status", "area", "period_id", "name",
    "stage", "publisher", "citation", "source_url", "level",
]  # fmt: skip
SERIES = ("lentera_final", "lentera_in_progress", "published_final", "published_provisional")
"""The trend's series, each drawn apart: our closed periods (final), our period in progress ("sementara": a
hollow marker on a dashed segment, never a final point), the published finals and the provisional readings."""


def assessment_year(period: Period, catalog_year: int) -> int:
    """The assessment year of a period: the year of its upload deadline in its time zone (MCSP 2025 is due
    30 November 2025), else its catalog's year."""
    deadline = as_utc(period.submission_deadline)
    return deadline.astimezone(ZoneInfo(period.time_zone)).year if deadline else catalog_year


def _ours(session: Session, region_id: int) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    periods = session.exec(select(Period).where(Period.region_id == region_id).order_by(col(Period.id))).all()
    totals = pemda_totals(session, list(periods))  # the number each period's overview shows
    for period in periods:
        assert period.id is not None
        catalog, total = totals[period.id]
        if not total:
            continue
        deadline = as_utc(period.submission_deadline)
        records.append(
            {
                "source": "lentera",
                "framework": catalog.framework,
                "year": assessment_year(period, catalog.year),
                "date": deadline.astimezone(ZoneInfo(period.time_zone)).date() if deadline else None,
                "score": float(total["score"]),
                "max": catalog.scale.max,
                "zone": total.get("zone"),
                "status": period.state,
                "area": None,
                "period_id": period.id,
                "name": period.name,
                "stage": "final" if period.state == PeriodState.closed else "in_progress",
                "publisher": "Lentera",
                "citation": None,
                "source_url": None,
                "level": "pemda",
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
            "stage": "final" if row.status == "final" else "provisional",
            "publisher": row.publisher or ("KemenPANRB" if row.framework.upper() == "SPBE" else "KPK"),
            "citation": row.source,
            "source_url": row.source_url,
            "level": "area" if row.area else (row.level or "pemda"),
        }
        for row in rows
    ]


def trend_source(row: Mapping[Any, Any], lang: str | None = None) -> str:
    """A published trend row's source in the reader's language (``indicators.provenance.published_source``)."""
    return published_source(
        {
            "publisher": row.get("publisher"),
            "published_on": row.get("date"),
            "status": row.get("status"),
            "area": row.get("area"),
            "source": row.get("citation"),
            "source_url": row.get("source_url"),
        },
        lang,
    )


def series_of(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The trend rows of one framework and level split into ``SERIES``, each sorted by assessment year (then
    date). A period in progress is never in a final series; the in-progress series starts from the last final
    point before it, so its dashed segment joins the line. Pure."""
    ours = frame["source"] == "lentera"
    final = frame["stage"] == "final"
    parts = {
        "lentera_final": frame.loc[ours & final],
        "lentera_in_progress": frame.loc[ours & ~final],
        "published_final": frame.loc[~ours & final],
        "published_provisional": frame.loc[~ours & ~final],
    }
    ordered = {
        key: part.sort_values(["year", "date"], na_position="first", ignore_index=True)
        for key, part in parts.items()
    }
    progress, finals = ordered["lentera_in_progress"], ordered["lentera_final"]
    if not progress.empty and not finals.empty:
        before = finals.loc[finals["year"] < progress["year"].min()]
        if not before.empty:
            ordered["lentera_in_progress"] = pd.concat([before.tail(1), progress], ignore_index=True)
    return ordered


def trend(actor: Actor, *, region_id: int, ours: bool = True) -> pd.DataFrame:
    """The pemda's overall score over time: our periods' totals and the officially published scores.

    Columns TREND_COLUMNS; ``year`` is the assessment year (``assessment_year``); ``stage`` is "final" (a closed
    period, a published final) or "in_progress" / "provisional"; published rows carry their ``publisher``,
    ``citation``, ``source_url`` and ``level``; ``source`` is "lentera" or "published"; ``max`` is the catalog's scale (100 for MCP,
    5 for SPBE; None for a published framework no stored catalog has); published rows with an ``area`` are area
    scores, not totals. ``ours=False``: the published rows only (the area view scores no period for them).
    """
    with session_scope() as session:
        require(actor, "trend", region=region_id, session=session)
        records = (_ours(session, region_id) if ours else []) + _published(session, region_id)
    frame = pd.DataFrame(records, columns=TREND_COLUMNS).astype({"period_id": "Int64"})
    if frame.empty:
        return frame
    order = np.lexsort((frame["source"].to_numpy(), frame["year"].to_numpy(dtype=int)))
    return frame.iloc[order].reset_index(drop=True)
