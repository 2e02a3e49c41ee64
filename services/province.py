"""The Sekda's picture of the whole province: every kabupaten/kota below it, with the results KPK (or KemenPANRB)
published for each, by year and by area where published, and Lentera's readiness beside it where that pemda runs
a period of the same catalog (issue 13 §4).

The province stands above its kab/kota (``province`` row), never ranked among them; a kab/kota with neither a
published result nor a period is listed all the same, marked ``has_data`` False ("belum ada data"). Lentera's
numbers follow the digital-services lens (``tag``); published results are always the publisher's overall or area
scores. Several readings of one year (provisional ones, then the final) are kept apart: ``published_cells`` picks
the final when there is one, else the latest provisional reading, and says which it picked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlmodel import Session, col, or_, select

from models import session_scope
from models.tables import Period, PublishedScore, Region
from scoring import overview as shapes
from services.actor import Actor
from services.period_scores import catalog_row, scored_period
from services.permissions import require
from services.score_queries import child_period_ids, period_in_scope, refuse_focal_point

REGION_COLUMNS = [
    "region_id", "kemendagri_code", "name", "kind", "is_province", "period_id", "period_name", "period_state",
    "lentera_score", "lentera_zone", "has_data",
]  # fmt: skip
PUBLISHED_COLUMNS = [
    "region_id", "year", "score", "status", "level", "area", "published_on", "publisher", "source", "source_url",
]  # fmt: skip
CELL_COLUMNS = ["region_id", "year", "score", "status", "published_on", "readings"]


@dataclass(frozen=True)
class ProvincePicture:
    period_id: int
    framework: str
    tag: str | None
    province: pd.DataFrame  # one row, REGION_COLUMNS: the province itself
    regions: pd.DataFrame  # every kab/kota of the province, REGION_COLUMNS, by Kemendagri code
    published: pd.DataFrame  # every published result of these pemda for the framework, PUBLISHED_COLUMNS
    cells: pd.DataFrame  # per pemda × year, the pemda-level result to show: CELL_COLUMNS (published_cells)


def published_cells(published: pd.DataFrame) -> pd.DataFrame:
    """Per pemda × year, the pemda-level published result to show: the final when there is one, else the latest
    reading (by date) of any other status; ``readings`` counts the readings of that year. Pure."""
    rows = published.loc[published["level"] == "pemda"] if not published.empty else published
    if rows.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    ordered = rows.assign(
        final=(rows["status"] == "final").astype(int),
        when=pd.to_datetime(rows["published_on"], errors="coerce"),
    ).sort_values(["region_id", "year", "final", "when"], na_position="first")
    chosen = ordered.groupby(["region_id", "year"], sort=True).tail(1)
    counts = rows.groupby(["region_id", "year"]).size().rename("readings").reset_index()
    merged = chosen.merge(counts, on=["region_id", "year"], how="left")
    return merged[CELL_COLUMNS].sort_values(["region_id", "year"], ignore_index=True)


def _published(session: Session, regions: list[Region], framework: str) -> pd.DataFrame:
    by_id = {r.id: r for r in regions}
    by_code = {r.kemendagri_code: r for r in regions}
    found = session.exec(
        select(PublishedScore).where(
            PublishedScore.framework == framework,
            or_(
                col(PublishedScore.region_id).in_(list(by_id)),
                col(PublishedScore.kemendagri_code).in_(list(by_code)),
            ),
        )
    ).all()
    records: list[dict[str, Any]] = []
    for row in found:
        region = by_id.get(row.region_id) or by_code.get(row.kemendagri_code)
        if region is None:
            continue
        records.append(
            {
                "region_id": region.id,
                "year": row.year,
                "score": float(row.score),
                "status": row.status,
                "level": "area" if row.area else (row.level or "pemda"),
                "area": row.area,
                "published_on": row.published_on,
                "publisher": row.publisher,
                "source": row.source,
                "source_url": row.source_url,
            }
        )
    frame = pd.DataFrame(records, columns=PUBLISHED_COLUMNS)
    return frame.sort_values(["region_id", "year", "published_on"], na_position="first", ignore_index=True)


def province_picture(actor: Actor, *, period_id: int, tag: str | None = None) -> ProvincePicture:
    """The province of a provincial period above all its kab/kota: published results, Lentera's readiness on
    the same catalog (the kab/kota period nearest in time), "belum ada data" where neither.

    Leaders, inspectors and admins whose scope covers the period; a period of a kab/kota gives that pemda alone.
    """
    refuse_focal_point(actor)
    require(actor, "province_picture")
    with session_scope() as session:
        period = period_in_scope(session, actor, period_id)
        assert period.id is not None
        framework = catalog_row(session, period).framework
        scored = scored_period(session, period, tag)
        province = session.get(Region, period.region_id)
        assert province is not None
        children = session.exec(
            select(Region).where(Region.parent_id == period.region_id).order_by(col(Region.kemendagri_code))
        ).all()
        periods = {period.region_id: period}
        for child_id in child_period_ids(session, period):
            child = session.get(Period, child_id)
            if child is not None:
                periods[child.region_id] = child
        published = _published(session, [province, *children], framework)

        def row(region: Region, *, is_province: bool) -> dict[str, Any]:
            own = periods.get(region.id or 0)
            total = shapes.total(scored.region_scores, str(region.id)) if own is not None else {}
            has_published = bool((published["region_id"] == region.id).any())
            return {
                "region_id": region.id,
                "kemendagri_code": region.kemendagri_code,
                "name": region.name,
                "kind": region.kind,
                "is_province": is_province,
                "period_id": own.id if own is not None else None,
                "period_name": own.name if own is not None else None,
                "period_state": own.state if own is not None else None,
                "lentera_score": total.get("score"),
                "lentera_zone": total.get("zone"),
                "has_data": has_published or bool(total),
            }

        top = pd.DataFrame([row(province, is_province=True)], columns=REGION_COLUMNS)
        below = pd.DataFrame([row(r, is_province=False) for r in children], columns=REGION_COLUMNS)
    return ProvincePicture(
        period_id=period.id,
        framework=framework,
        tag=tag,
        province=top.astype({"period_id": "Int64"}),
        regions=below.astype({"period_id": "Int64"}),
        published=published,
        cells=published_cells(published),
    )
