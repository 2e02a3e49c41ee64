"""Whether a period takes a change now: its state (open / locked / closed), its opening, its deadlines.

A deadline names a minute and that whole minute counts ("23:59 WIT" accepts a submit until 23:59:59.999); an
administrator may extend it for one OPD, and the latest extension counts. Every comparison, here, in the due
panel and when granting an extension, goes through ``before_deadline`` so they can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select

from i18n import LenteraError, Phrase, register
from models.tables import DeadlineExtension, Period, PeriodState, as_utc, utcnow
from services.actor import Actor
from services.permissions import require_region

register(
    {
        "workflow.period_not_open": {
            "id": "Periode ini berstatus {state}; perubahan tidak dapat dilakukan.",
            "en": "This period is {state}; no changes can be made.",
        },
        "workflow.period_closed": {
            "id": "Periode ini sudah ditutup; perubahan tidak dapat dilakukan.",
            "en": "This period is closed; no changes can be made.",
        },
        "workflow.period_not_started": {
            "id": "Periode ini baru dibuka pada {opens}.",
            "en": "This period only opens on {opens}.",
        },
        "workflow.deadline_passed": {
            "id": "Batas waktu pengajuan sudah lewat ({deadline}). Minta perpanjangan kepada admin.",
            "en": "The submission deadline has passed ({deadline}). Ask an administrator for an extension.",
        },
    }
)


def load_period(session: Session, actor: Actor, period_id: int) -> Period:
    """The period, if its region is in the actor's scope (a focal point: their OPD's region)."""
    period = session.get(Period, period_id)
    if period is None:
        raise LenteraError("perm.not_found")
    require_region(session, actor, period.region_id)
    return period


def require_period_state(period: Period, *states: PeriodState) -> None:
    if period.state not in states:
        if period.state == PeriodState.closed:
            raise LenteraError("workflow.period_closed")
        raise LenteraError("workflow.period_not_open", state=Phrase.of(f"period_state.{period.state}"))


def require_started(period: Period) -> None:
    opens = as_utc(period.opens_at)
    if opens is not None and utcnow() < opens:
        raise LenteraError("workflow.period_not_started", opens=Phrase.moment(opens))


def effective_deadline(session: Session, period: Period, organisation_id: int) -> datetime | None:
    """The OPD's submission deadline: the period's, or the latest extension granted for the OPD."""
    return effective_deadlines(session, period, [organisation_id])[organisation_id]


def effective_deadlines(
    session: Session, period: Period, organisation_ids: Iterable[int]
) -> dict[int, datetime | None]:
    """``effective_deadline`` of each of these OPDs, in one query (a list of OPDs reads no row per OPD)."""
    ids = sorted(set(organisation_ids))
    latest: dict[int, datetime | None] = {}
    if ids:
        rows = session.exec(
            select(DeadlineExtension.organisation_id, func.max(DeadlineExtension.until))
            .where(DeadlineExtension.period_id == period.id, col(DeadlineExtension.organisation_id).in_(ids))
            .group_by(col(DeadlineExtension.organisation_id))
        ).all()
        latest = {int(organisation_id): as_utc(until) for organisation_id, until in rows}
    deadline = as_utc(period.submission_deadline)
    return {i: _later(deadline, latest.get(i)) for i in ids}


def _later(deadline: datetime | None, extension: datetime | None) -> datetime | None:
    """The period's deadline unless an extension runs later."""
    if extension is not None and (deadline is None or extension > deadline):
        return extension
    return deadline


def deadline_closes_at(deadline: datetime) -> datetime:
    """When a deadline has passed: the end of the minute it names ("23:59 WIT" runs until 23:59:59.999)."""
    return deadline.replace(second=0, microsecond=0) + timedelta(minutes=1)


def before_deadline(deadline: datetime | None, now: datetime) -> bool:
    """Whether ``now`` is still within the deadline (no deadline: always); the one comparison used everywhere."""
    return deadline is None or now < deadline_closes_at(deadline)


def require_before_deadline(session: Session, period: Period, organisation_id: int) -> None:
    """A focal point submits until the deadline's minute ends, or until the OPD's extension runs out."""
    require_started(period)
    deadline = effective_deadline(session, period, organisation_id)
    if deadline is not None and not before_deadline(deadline, utcnow()):
        raise LenteraError("workflow.deadline_passed", deadline=Phrase.moment(deadline))
