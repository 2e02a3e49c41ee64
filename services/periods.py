"""Assessment periods: creating one from an active catalog, reading them, their state and deadline extensions.

Creating a period assigns each leaf that applies to the pemda's kind (the catalog's ``applies_to``: an e-Samsat
item is not asked of a kabupaten, an e-PBB-P2 item not of a province) to the region's OPDs responsible for it
(``services.assignments``) and makes the empty Submission rows, so every OPD's checklist exists from day one.
Applicable leaves that match no OPD of the region are reported back (``PeriodInfo.unassigned_codes``) for the
admin to assign by hand; until then they count 0 in the pemda's score.

Deadlines are timezone-aware datetimes (the UI states them in WIT) and are stored in UTC, as the minute the
administrator chose ("23:59"); that whole minute still counts (``deadlines.before_deadline``).

A period names who does its internal reviu (``reviewer_label``): the Inspektorat for MCP, the Tim Asesor Internal
for SPBE/Pemdi, or what the administrator typed; screens and reports say "Skor hasil reviu {reviewer}".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from i18n import WIT, LenteraError, label, register
from indicators.provenance import programme_name
from models.database import session_scope
from models.tables import (
    Assignment,
    Catalog,
    CatalogStatus,
    DeadlineExtension,
    Organisation,
    Period,
    PeriodState,
    Region,
    Role,
    Submission,
    SubmissionStatus,
    as_utc,
    utcnow,
)
from services import catalogs, deadlines, leaf_index, workflow
from services.actor import Actor
from services.assignments import applicable_codes, default_assignments, new_assignment
from services.audit import record
from services.permissions import regions_in_scope, require, require_region

register(
    {
        "period.catalog_not_found": {
            "id": "Katalog {catalog} tidak ditemukan.",
            "en": "Catalog {catalog} was not found.",
        },
        "period.catalog_not_active": {
            "id": "Katalog {catalog} belum diaktifkan; aktifkan dulu sebelum membuat periode.",
            "en": "Catalog {catalog} is not active; activate it before creating a period.",
        },
        "period.name_required": {"id": "Nama periode wajib diisi.", "en": "The period needs a name."},
        "period.name_taken": {
            "id": "Sudah ada periode bernama {name} untuk wilayah ini.",
            "en": "This region already has a period named {name}.",
        },
        "period.time_zone_required": {
            "id": "Waktu {field} harus menyertakan zona waktu (misalnya WIT).",
            "en": "The {field} time must carry a time zone (for example WIT).",
        },
        "period.deadline_order": {
            "id": "Urutan waktu tidak sah: pembukaan ≤ batas pengajuan ≤ batas reviu internal.",
            "en": "Dates out of order: opening ≤ submission deadline ≤ internal review deadline.",
        },
        "period.previous_invalid": {
            "id": "Periode sebelumnya harus milik wilayah yang sama.",
            "en": "The previous period must belong to the same region.",
        },
        "period.extension_not_later": {
            "id": "Perpanjangan harus lebih lambat dari batas pengajuan periode.",
            "en": "An extension must end after the period's submission deadline.",
        },
        "period.reviewer_too_long": {
            "id": "Nama peninjau internal paling banyak 80 karakter.",
            "en": "The internal reviewer's name may be at most 80 characters.",
        },
        "period.state_invalid": {
            "id": "Status periode tidak dikenal: {state}.",
            "en": "Unknown period state: {state}.",
        },
    }
)


DEFAULT_REVIEWERS: dict[str, str] = {
    "MCP": "Inspektorat",
    "SPBE": "Tim Asesor Internal",
    "PEMDI": "Tim Asesor Internal",
}
"""The internal reviewer of a framework's periods when the administrator names none (domain README)."""
FALLBACK_REVIEWER = "Inspektorat"


def reviewer_label(framework: str, stored: str | None = None) -> str:
    """The period's internal reviewer: its own label, else the framework's default ("Inspektorat")."""
    if stored and stored.strip():
        return stored.strip()
    return DEFAULT_REVIEWERS.get(framework.strip().upper(), FALLBACK_REVIEWER)


@dataclass(frozen=True)
class PeriodInfo:
    id: int
    name: str
    catalog_id: int
    catalog_key: str
    catalog_name: str
    framework: str
    year: int
    region_id: int
    region_name: str
    state: str
    state_label: str
    opens_at: datetime | None
    submission_deadline: datetime | None
    verification_deadline: datetime | None
    time_zone: str
    previous_period_id: int | None
    leaf_count: int  # the leaves that apply to the pemda's kind
    assignment_count: int
    reviewer_label: str = FALLBACK_REVIEWER
    unassigned_codes: list[str] = field(default_factory=list)
    extensions: dict[int, datetime] = field(default_factory=dict)
    """organisation_id → the latest extended submission deadline granted to that OPD."""


# -- reading ----------------------------------------------------------------------------------------------


def list_periods(actor: Actor) -> pd.DataFrame:
    """Periods of the regions in the actor's scope, newest first."""
    require(actor, "list_periods")
    with session_scope() as session:
        query = select(Period, Region).join(Region, col(Region.id) == col(Period.region_id))
        if actor.role == Role.focal_point:
            organisation = session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
            query = query.where(Period.region_id == (organisation.region_id if organisation else -1))
        else:
            scope = regions_in_scope(session, actor)
            if scope is not None:
                query = query.where(col(Period.region_id).in_(scope))
        rows = session.exec(query.order_by(col(Period.opens_at).desc(), col(Period.id).desc())).all()
        # The few catalogs without their documents: joining the rows decoded a catalog's JSON document once per
        # period (546 times on the national database, 1.3 s per page).
        catalog_rows = {row.id: row for row in session.exec(select(Catalog).options(defer(Catalog.document)))}  # type: ignore[arg-type]
    frame = pd.DataFrame(
        [
            {
                "period_id": period.id,
                "name": period.name,
                "catalog_key": catalog_rows[period.catalog_id].key,
                "catalog_name": programme_name(catalog_rows[period.catalog_id].name),
                "framework": catalog_rows[period.catalog_id].framework,
                "year": catalog_rows[period.catalog_id].year,
                "region_id": region.id,
                "region": region.name,
                "state": period.state,
                "state_label": label(period.state, kind=PeriodState),
                "reviewer_label": reviewer_label(
                    catalog_rows[period.catalog_id].framework, period.reviewer_label
                ),
                "opens_at": as_utc(period.opens_at),
                "submission_deadline": as_utc(period.submission_deadline),
                "verification_deadline": as_utc(period.verification_deadline),
            }
            for period, region in rows
        ],
        columns=[
            "period_id",
            "name",
            "catalog_key",
            "catalog_name",
            "framework",
            "year",
            "region_id",
            "region",
            "state",
            "state_label",
            "reviewer_label",
            "opens_at",
            "submission_deadline",
            "verification_deadline",
        ],
    )
    for column in ("opens_at", "submission_deadline", "verification_deadline"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def get_period(actor: Actor, *, period_id: int) -> PeriodInfo:
    require(actor, "get_period")
    with session_scope() as session:
        period = deadlines.load_period(session, actor, period_id)
        return _info(session, period)


def _info(session: Session, period: Period) -> PeriodInfo:
    catalog_row = catalogs.stored_row(session, period.catalog_id)
    region = session.get(Region, period.region_id)
    assert catalog_row is not None and region is not None and period.id is not None
    leaves = applicable_codes(session, period, leaf_index.parsed_catalog(catalog_row))
    assigned = session.exec(select(Assignment.code).where(Assignment.period_id == period.id)).all()
    extensions: dict[int, datetime] = {}
    for extension in session.exec(select(DeadlineExtension).where(DeadlineExtension.period_id == period.id)):
        until = as_utc(extension.until)
        if until is not None and (
            extension.organisation_id not in extensions or until > extensions[extension.organisation_id]
        ):
            extensions[extension.organisation_id] = until
    covered = set(assigned)
    return PeriodInfo(
        id=period.id,
        name=period.name,
        catalog_id=catalog_row.id or 0,
        catalog_key=catalog_row.key,
        catalog_name=programme_name(catalog_row.name),
        framework=catalog_row.framework,
        year=catalog_row.year,
        region_id=region.id or 0,
        region_name=region.name,
        state=period.state,
        state_label=label(period.state, kind=PeriodState),
        opens_at=as_utc(period.opens_at),
        submission_deadline=as_utc(period.submission_deadline),
        verification_deadline=as_utc(period.verification_deadline),
        time_zone=period.time_zone,
        previous_period_id=period.previous_period_id,
        leaf_count=len(leaves),
        assignment_count=len(assigned),
        reviewer_label=reviewer_label(catalog_row.framework, period.reviewer_label),
        unassigned_codes=[code for code in leaves if code not in covered],
        extensions=extensions,
    )


# -- writing ----------------------------------------------------------------------------------------------


def create_period(
    actor: Actor,
    *,
    catalog_key: str,
    region_id: int,
    name: str,
    opens_at: datetime,
    submission_deadline: datetime,
    verification_deadline: datetime,
    previous_period_id: int | None = None,
    reviewer: str | None = None,
) -> PeriodInfo:
    """A new open period with default assignments and empty submissions; see ``unassigned_codes``.

    ``reviewer`` names who does the internal reviu; empty: the framework's default (``reviewer_label``)."""
    require(actor, "create_period")
    opens, submission_due, verification_due = (
        _aware(opens_at, "opens_at"),
        _aware(submission_deadline, "submission_deadline"),
        _aware(verification_deadline, "verification_deadline"),
    )
    if not opens <= submission_due <= verification_due:
        raise LenteraError("period.deadline_order")
    name = (name or "").strip()
    if not name:
        raise LenteraError("period.name_required")
    reviewer = (reviewer or "").strip() or None
    if reviewer is not None and len(reviewer) > 80:
        raise LenteraError("period.reviewer_too_long")
    with session_scope() as session:
        require_region(session, actor, region_id)
        catalog_row = session.exec(select(Catalog).where(Catalog.key == catalog_key)).first()
        if catalog_row is None:
            raise LenteraError("period.catalog_not_found", catalog=catalog_key)
        if catalog_row.status != CatalogStatus.active:
            raise LenteraError("period.catalog_not_active", catalog=catalog_key)
        taken = session.exec(
            select(Period.id).where(Period.region_id == region_id, Period.name == name)
        ).first()
        if taken is not None:
            raise LenteraError("period.name_taken", name=name)
        if previous_period_id is not None:
            previous = session.get(Period, previous_period_id)
            if previous is None or previous.region_id != region_id:
                raise LenteraError("period.previous_invalid")
        period = Period(
            catalog_id=catalog_row.id or 0,
            region_id=region_id,
            name=name,
            opens_at=opens,
            submission_deadline=submission_due,
            verification_deadline=verification_due,
            state=PeriodState.open,
            time_zone=str(WIT),
            previous_period_id=previous_period_id,
            reviewer_label=reviewer_label(catalog_row.framework, reviewer),
        )
        session.add(period)
        session.flush()
        assert period.id is not None
        parsed = leaf_index.parsed_catalog(catalog_row)
        pairs = default_assignments(session, period, parsed)
        now = utcnow()
        session.add_all(new_assignment(session, period, parsed.leaves[c].node, o) for o, c in pairs)
        session.add_all(
            Submission(
                period_id=period.id, organisation_id=o, code=c, status=SubmissionStatus.empty, updated_at=now
            )
            for o, c in pairs
        )
        session.flush()
        info = _info(session, period)
        record(
            session,
            actor=actor,
            action="period.create",
            entity="period",
            entity_id=period.id,
            after={
                "name": name,
                "catalog_key": catalog_key,
                "region_id": region_id,
                "opens_at": opens.isoformat(),
                "submission_deadline": submission_due.isoformat(),
                "verification_deadline": verification_due.isoformat(),
                "assignments": len(pairs),
                "unassigned": ",".join(info.unassigned_codes),
                "reviewer_label": info.reviewer_label,
            },
        )
        return info


def extend_deadline(
    actor: Actor, *, period_id: int, organisation_id: int, until: datetime, reason: str
) -> None:
    """Let one OPD keep submitting until ``until`` (timezone-aware); the latest extension counts."""
    require(actor, "extend_deadline")
    moment = _aware(until, "until")
    cleaned = workflow.require_reason(reason, limit=500)
    with session_scope() as session:
        period = deadlines.load_period(session, actor, period_id)
        deadlines.require_period_state(period, PeriodState.open, PeriodState.locked)
        organisation = session.get(Organisation, organisation_id)
        if organisation is None or organisation.region_id != period.region_id:
            raise LenteraError("period.organisation_not_in_region")
        deadline = as_utc(period.submission_deadline)
        if deadline is not None and deadlines.before_deadline(deadline, moment):  # would extend nothing
            raise LenteraError("period.extension_not_later")
        session.add(
            DeadlineExtension(
                period_id=period_id,
                organisation_id=organisation_id,
                until=moment,
                reason=cleaned,
                granted_by_id=actor.id,
                granted_at=utcnow(),
            )
        )
        record(
            session,
            actor=actor,
            action="period.extend_deadline",
            entity="period",
            entity_id=period_id,
            after={"organisation_id": organisation_id, "until": moment.isoformat(), "reason": cleaned},
        )


def set_state(actor: Actor, *, period_id: int, state: str) -> None:
    """open (focal points work), locked (only reviews), closed (nothing changes)."""
    require(actor, "set_state")
    try:
        target = PeriodState(state)
    except ValueError:
        raise LenteraError("period.state_invalid", state=state) from None
    with session_scope() as session:
        period = deadlines.load_period(session, actor, period_id)
        if period.state == target:
            return
        before = {"state": period.state}
        period.state = target
        session.add(period)
        record(
            session,
            actor=actor,
            action="period.set_state",
            entity="period",
            entity_id=period_id,
            before=before,
            after={"state": target.value},
        )


# -- helpers ----------------------------------------------------------------------------------------------


def _aware(moment: datetime, field_name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise LenteraError("period.time_zone_required", field=field_name)
    result = as_utc(moment)
    assert result is not None
    return result
