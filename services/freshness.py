"""Evidence freshness: a document older than the catalog allows no longer counts.

SPBE level-5 evidence must be under two years old, and MCP asks for this year's documents; a catalog leaf says so
with ``max_age_days`` on an evidence requirement. An item is *stale* when its newest attached document (by the
``document_date`` the uploader gave) is older than that, or when no attached document has a date at all. Items
without attached evidence are not stale: they are missing, which the checklist already shows.

``mark_stale`` adds a ``stale`` column to any frame with ``submission_id`` (the checklist) or with ``code`` (the
pemda gap list), so the pages can flag those rows without knowing the rule.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlmodel import col, select

from i18n import format_date, register, t, to_wit
from indicators import Node
from models.database import session_scope
from models.tables import Evidence, EvidenceLink, Organisation, Role, Submission, utcnow
from services import deadlines, leaf_index
from services.actor import Actor
from services.permissions import regions_in_scope, require

register(
    {
        "freshness.expired": {
            "id": "dokumen terbaru bertanggal {date}, lebih tua dari {days} hari",
            "en": "the newest document is dated {date}, older than {days} days",
        },
        "freshness.no_date": {
            "id": "tanggal dokumen belum diisi (batas umur {days} hari)",
            "en": "no document date given (age limit {days} days)",
        },
    }
)

STALE_COLUMNS = [
    "submission_id",
    "organisation_id",
    "opd",
    "code",
    "name",
    "status",
    "max_age_days",
    "newest_document_date",
    "age_days",
    "reason",  # expired | no_date
    "reason_label",
]


def max_age_days(node: Node) -> int | None:
    """The strictest age limit of the leaf's evidence requirements, or None when none applies."""
    limits = [e.max_age_days for e in node.evidence if e.max_age_days is not None]
    return min(limits) if limits else None


def today_wit() -> date:
    return to_wit(utcnow()).date()


def stale_items(
    actor: Actor, *, period_id: int, organisation_id: int | None = None, today: date | None = None
) -> pd.DataFrame:
    """Items whose evidence is too old (or undated) for the leaf's ``max_age_days``; columns ``STALE_COLUMNS``.

    A focal point sees their own OPD only; others see the OPDs of their region scope.
    """
    day = today or today_wit()
    with session_scope() as session:
        period = deadlines.load_period(session, actor, period_id)
        # refuse before answering anything; without an OPD the query below keeps to the actor's scope
        require(actor, "stale_items", organisation=organisation_id, session=session)
        catalog = leaf_index.catalog_of_period(session, period)
        limits = {code: limit for code, info in catalog.leaves.items() if (limit := max_age_days(info.node))}
        if not limits:
            return pd.DataFrame(columns=STALE_COLUMNS)
        query = (
            select(Submission, Organisation.abbreviation)
            .join(Organisation, col(Organisation.id) == col(Submission.organisation_id))
            .where(Submission.period_id == period_id, col(Submission.code).in_(sorted(limits)))
        )
        if organisation_id is not None:
            query = query.where(Submission.organisation_id == organisation_id)
        elif actor.organisation_id is not None and actor.role == Role.focal_point:
            query = query.where(Submission.organisation_id == actor.organisation_id)
        else:
            scope = regions_in_scope(session, actor)
            if scope is not None:
                query = query.where(col(Organisation.region_id).in_(sorted(scope)))
        rows = session.exec(query).all()
        ids = [s.id for s, _ in rows if s.id is not None]
        dates: dict[int, list[date | None]] = {}
        if ids:
            linked = session.exec(
                select(EvidenceLink.submission_id, col(Evidence.document_date))
                .join(Evidence, col(Evidence.id) == col(EvidenceLink.evidence_id))
                .where(col(EvidenceLink.submission_id).in_(ids), col(EvidenceLink.detached_at).is_(None))
            ).all()
            for submission_id, document_date in linked:
                dates.setdefault(submission_id, []).append(document_date)
    records = []
    for submission, opd in rows:
        attached = dates.get(submission.id or 0)
        if not attached:
            continue
        limit = limits[submission.code]
        known = [d for d in attached if d is not None]
        newest = max(known) if known else None
        age = (day - newest).days if newest else None
        if newest is not None and age is not None and age <= limit:
            continue
        reason = "no_date" if newest is None else "expired"
        label = (
            t("freshness.no_date", days=limit)
            if newest is None
            else t("freshness.expired", date=format_date(newest), days=limit)
        )
        records.append(
            {
                "submission_id": submission.id,
                "organisation_id": submission.organisation_id,
                "opd": opd,
                "code": submission.code,
                "name": catalog.leaves[submission.code].node.name,
                "status": submission.status,
                "max_age_days": limit,
                "newest_document_date": newest,
                "age_days": age,
                "reason": reason,
                "reason_label": label,
            }
        )
    frame = pd.DataFrame(records, columns=STALE_COLUMNS)
    return frame.sort_values(["opd", "code"], kind="stable").reset_index(drop=True)


def mark_stale(frame: pd.DataFrame, stale: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a boolean ``stale`` column: by ``submission_id`` when it has one, else by ``code``.

    Works for the checklist (``services.submission_views.checklist``) and the gap lists of ``services.overview``
    (a pemda gap-list row is stale when any OPD's item with that code is).
    """
    out = frame.copy()
    if "submission_id" in out.columns:
        out["stale"] = out["submission_id"].isin(set(stale["submission_id"]))
    elif "code" in out.columns:
        out["stale"] = out["code"].astype(str).isin(set(stale["code"].astype(str)))
    else:
        raise ValueError("mark_stale needs a submission_id or code column")
    return out


def checklist_with_stale(
    actor: Actor, *, period_id: int, organisation_id: int, today: date | None = None
) -> pd.DataFrame:
    """``services.submission_views.checklist`` plus a ``stale`` column."""
    from services.submission_views import checklist

    frame = checklist(actor, period_id=period_id, organisation_id=organisation_id)
    stale = stale_items(actor, period_id=period_id, organisation_id=organisation_id, today=today)
    return mark_stale(frame, stale)


def gap_list_with_stale(
    actor: Actor,
    *,
    period_id: int,
    gap_list: pd.DataFrame,
    organisation_id: int | None = None,
    today: date | None = None,
) -> pd.DataFrame:
    """A dashboard gap list (``Overview.gap_list`` or an OPD's) plus a ``stale`` column."""
    stale = stale_items(actor, period_id=period_id, organisation_id=organisation_id, today=today)
    return mark_stale(gap_list, stale)
