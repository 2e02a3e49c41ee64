"""A catalog's cycle calendar, to pre-fill a new period's dates.

A catalog may carry its cycle's deadlines (``Catalog.deadlines``: month/day templates of kind opens, submission,
verification, publication or other; MCP's upload / KPK verification / publication, the reported Pemdi 2026
calendar, SPBE's self-assessment and document review). The administrator's new-period form starts from them, in
the year of the cycle under way (``Catalog.cycle_year``), as days in WIT; the administrator can still change every
date before creating the period.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from i18n import LenteraError
from services import catalogs
from services.actor import Actor
from services.organisations import today_wit
from services.permissions import require


@dataclass(frozen=True)
class CalendarEntry:
    name: str
    kind: str  # opens | submission | verification | publication | other
    day: date


@dataclass(frozen=True)
class PeriodCalendar:
    """The days a new period of one catalog starts from; None where the catalog names none."""

    catalog_key: str
    year: int
    opens: date | None
    submission: date | None
    verification: date | None
    publication: date | None
    entries: list[CalendarEntry] = field(default_factory=list)  # every deadline of the template, in order


def period_calendar(actor: Actor, *, catalog_key: str, today: date | None = None) -> PeriodCalendar:
    """The catalog's deadlines in the cycle year under way on ``today`` (WIT), for the new-period form.

    Dates keep their order (opens ≤ submission ≤ verification): an ``opens`` after the upload deadline is
    dropped, and a verification before it is moved onto it."""
    require(actor, "create_period")
    catalog = catalogs.catalog_by_key(catalog_key)
    if catalog is None:
        raise LenteraError("period.catalog_not_found", catalog=catalog_key)
    today = today or today_wit()
    year = catalog.cycle_year(today)
    dates = catalog.deadline_dates(year)
    submission = dates.get("submission")
    opens = dates.get("opens")
    if opens is not None and submission is not None and opens > submission:
        opens = None
    verification = dates.get("verification")
    if verification is not None and submission is not None and verification < submission:
        verification = submission
    entries = [
        CalendarEntry(name=d.name, kind=d.kind, day=_day(year, d.month, d.day)) for d in catalog.deadlines
    ]
    return PeriodCalendar(
        catalog_key=catalog_key,
        year=year,
        opens=opens,
        submission=submission,
        verification=verification,
        publication=dates.get("publication"),
        entries=sorted(entries, key=lambda e: e.day),
    )


def _day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))
