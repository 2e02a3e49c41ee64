"""What is due: the few numbers each role should act on today, for the home page and the daily e-mail.

- focal point: their OPD's items still to submit when the deadline (in WIT, with any extension) falls this
  week, and the items an inspector returned or reopened, with the reason;
- inspector: the review queue size and how long items have waited, in age buckets, oldest first;
- admin: the OPDs with the most items not yet submitted;
- leader: progress (submitted or verified) against the time used up to the deadline.

Computed in a handful of queries per call so the digest can run it for every user and period.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import pandas as pd
from sqlmodel import Session, col, select

from i18n import WIT, format_datetime, format_percent, register, status_label, t, to_wit
from models.database import session_scope
from models.tables import (
    Assignment,
    Organisation,
    Period,
    Review,
    Role,
    Submission,
    SubmissionStatus,
    as_utc,
    utcnow,
)
from services import deadlines, leaf_index
from services.actor import Actor
from services.permissions import regions_in_scope
from vocabulary import DONE_STATUSES, EDITABLE_STATUSES, SENT_BACK_STATUSES

register(
    {
        "due.focal.due_week": {
            "id": "{count} butir belum diajukan; batas waktu {deadline}.",
            "en": "{count} item(s) not yet submitted; deadline {deadline}.",
        },
        "due.focal.overdue": {
            "id": "Batas waktu pengajuan sudah lewat ({deadline}); {count} butir belum diajukan.",
            "en": "The submission deadline has passed ({deadline}); {count} item(s) not submitted.",
        },
        "due.focal.returned": {
            "id": "{count} butir dikembalikan pemeriksa dan menunggu perbaikan.",
            "en": "{count} item(s) returned by the inspector are waiting for you.",
        },
        "due.inspector.queue": {
            "id": "{count} butir menunggu reviu; yang tertua menunggu {days} hari.",
            "en": "{count} item(s) waiting for review; the oldest has waited {days} day(s).",
        },
        "due.admin.missing": {
            "id": "{opd}: {count} butir belum diajukan.",
            "en": "{opd}: {count} item(s) not yet submitted.",
        },
        "due.leader.progress": {
            "id": "Kemajuan {progress} butir diajukan/direviu; waktu terpakai {elapsed}. {verdict}",
            "en": "Progress {progress} of items submitted/reviewed; time used {elapsed}. {verdict}",
        },
        "due.leader.on_track": {"id": "Sesuai jadwal.", "en": "On track."},
        "due.leader.behind": {"id": "Tertinggal dari jadwal.", "en": "Behind schedule."},
        "due.bucket.over_14": {"id": "lebih dari 14 hari", "en": "more than 14 days"},
        "due.bucket.8_14": {"id": "8–14 hari", "en": "8–14 days"},
        "due.bucket.3_7": {"id": "3–7 hari", "en": "3–7 days"},
        "due.bucket.0_2": {"id": "0–2 hari", "en": "0–2 days"},
    }
)

BUCKETS = [("over_14", 15, None), ("8_14", 8, 14), ("3_7", 3, 7), ("0_2", 0, 2)]  # oldest first
ITEM_COLUMNS = ["submission_id", "organisation_id", "opd", "code", "name", "status", "status_label"]
RETURNED_COLUMNS = [*ITEM_COLUMNS, "reason"]
BUCKET_COLUMNS = ["bucket", "label", "count"]
OLDEST_COLUMNS = [*ITEM_COLUMNS, "submitted_at", "age_days"]
MISSING_COLUMNS = ["organisation_id", "opd", "assigned", "missing"]


@dataclass(frozen=True)
class DuePanel:
    """One role's to-do for one period. ``lines`` are the translated sentences the page and e-mail show."""

    role: str
    period_id: int
    period_name: str
    today: date
    deadline: datetime | None
    days_left: int | None
    lines: list[str] = field(default_factory=list)
    due_this_week: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ITEM_COLUMNS))
    returned: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=RETURNED_COLUMNS))
    queue_size: int = 0
    age_buckets: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=BUCKET_COLUMNS))
    oldest: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=OLDEST_COLUMNS))
    missing_by_opd: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MISSING_COLUMNS))
    progress: dict[str, Any] = field(default_factory=dict)

    @property
    def has_news(self) -> bool:
        return bool(self.lines)


def _moment(today: date | None) -> tuple[date, datetime]:
    """The WIT day and the reference moment (now, or the end of the given day in WIT)."""
    if today is None:
        now = utcnow()
        return to_wit(now).date(), now
    return today, datetime.combine(today, time(23, 59), tzinfo=WIT)


def _assigned_rows(
    session: Session, period: Period, organisation_ids: list[int] | None, statuses: Collection[str] | None
) -> list[tuple[Submission, str]]:
    query = (
        select(Submission, Organisation.abbreviation)
        .join(
            Assignment,
            (col(Assignment.period_id) == col(Submission.period_id))
            & (col(Assignment.organisation_id) == col(Submission.organisation_id))
            & (col(Assignment.code) == col(Submission.code)),
        )
        .join(Organisation, col(Organisation.id) == col(Submission.organisation_id))
        .where(Submission.period_id == period.id)
    )
    if organisation_ids is not None:
        query = query.where(col(Submission.organisation_id).in_(organisation_ids))
    if statuses is not None:
        query = query.where(col(Submission.status).in_(list(statuses)))
    return list(session.exec(query.order_by(col(Submission.id))).all())


def _visible_organisations(session: Session, actor: Actor, period: Period) -> list[int] | None:
    if actor.role == Role.focal_point:
        return [actor.organisation_id] if actor.organisation_id else []
    scope = regions_in_scope(session, actor)
    if scope is None:
        return None
    ids = session.exec(select(Organisation.id).where(col(Organisation.region_id).in_(sorted(scope)))).all()
    return [i for i in ids if i is not None]


def _item(row: tuple[Submission, str], names: dict[str, str]) -> dict[str, Any]:
    submission, opd = row
    return {
        "submission_id": submission.id,
        "organisation_id": submission.organisation_id,
        "opd": opd,
        "code": submission.code,
        "name": names.get(submission.code, submission.code),
        "status": submission.status,
        "status_label": status_label(submission.status),
    }


def due_panel(actor: Actor, *, period_id: int, today: date | None = None) -> DuePanel:
    """The actor's to-do for the period (see the module docstring for what each role gets)."""
    day, now = _moment(today)
    with session_scope() as session:
        period = deadlines.load_period(session, actor, period_id)
        names = {
            code: info.node.name
            for code, info in leaf_index.catalog_of_period(session, period).leaves.items()
        }
        visible = _visible_organisations(session, actor, period)
        base: dict[str, Any] = {
            "role": actor.role.value,
            "period_id": period_id,
            "period_name": period.name,
            "today": day,
        }
        if actor.role == Role.focal_point:
            # A date alone (the digest) has no hour: then an item is overdue once its deadline's day is over.
            checked_at = now if today is None else datetime.combine(day, time(0), tzinfo=WIT)
            return _focal(session, period, names, visible or [], day, checked_at, base)
        deadline = as_utc(period.submission_deadline)
        base |= {"deadline": deadline, "days_left": _days_left(deadline, day)}
        if actor.role == Role.inspector:
            return _inspector(session, period, names, visible, now, base)
        if actor.role == Role.admin:
            return _admin(session, period, visible, base)
        return _leader(session, period, visible, now, base)


def _days_left(deadline: datetime | None, day: date) -> int | None:
    return None if deadline is None else (to_wit(deadline).date() - day).days


def _focal(
    session: Session,
    period: Period,
    names: dict[str, str],
    visible: list[int],
    day: date,
    checked_at: datetime,
    base: dict[str, Any],
) -> DuePanel:
    organisation_id = visible[0] if visible else 0
    deadline = deadlines.effective_deadline(session, period, organisation_id)
    days_left = _days_left(deadline, day)
    open_rows = _assigned_rows(session, period, [organisation_id], EDITABLE_STATUSES)
    lines: list[str] = []
    due_week = pd.DataFrame(columns=ITEM_COLUMNS)
    if deadline is not None and days_left is not None and days_left < 7 and open_rows:
        due_week = pd.DataFrame([_item(r, names) for r in open_rows], columns=ITEM_COLUMNS)
        overdue = not deadlines.before_deadline(deadline, checked_at)  # the same rule as submitting
        key = "due.focal.overdue" if overdue else "due.focal.due_week"
        lines.append(t(key, count=len(open_rows), deadline=format_datetime(deadline)))
    returned_rows = [r for r in open_rows if r[0].status in SENT_BACK_STATUSES]
    reasons = _latest_reasons(session, [r[0].id for r in returned_rows if r[0].id is not None])
    returned = pd.DataFrame(
        [{**_item(r, names), "reason": reasons.get(r[0].id or 0)} for r in returned_rows],
        columns=RETURNED_COLUMNS,
    )
    if returned_rows:
        lines.append(t("due.focal.returned", count=len(returned_rows)))
    return DuePanel(
        **base, deadline=deadline, days_left=days_left, lines=lines, due_this_week=due_week, returned=returned
    )


def _latest_reasons(session: Session, ids: list[int]) -> dict[int, str | None]:
    if not ids:
        return {}
    reviews = session.exec(
        select(Review).where(col(Review.submission_id).in_(ids)).order_by(col(Review.id))
    ).all()
    return {review.submission_id: review.reason for review in reviews}


def _inspector(
    session: Session,
    period: Period,
    names: dict[str, str],
    visible: list[int] | None,
    now: datetime,
    base: dict[str, Any],
) -> DuePanel:
    rows = _assigned_rows(session, period, visible, (SubmissionStatus.submitted,))
    records = []
    for row in rows:
        submitted = as_utc(row[0].submitted_at) or now
        age = max((now - submitted) / timedelta(days=1), 0.0)
        records.append({**_item(row, names), "submitted_at": submitted, "age_days": int(age)})
    oldest = pd.DataFrame(records, columns=OLDEST_COLUMNS)
    oldest = oldest.sort_values(["age_days", "submission_id"], ascending=[False, True]).reset_index(drop=True)
    buckets = []
    for key, low, high in BUCKETS:
        ages = oldest["age_days"]
        count = int(((ages >= low) & (ages <= high if high is not None else True)).sum())
        buckets.append({"bucket": key, "label": t(f"due.bucket.{key}"), "count": count})
    lines = []
    if records:
        lines.append(t("due.inspector.queue", count=len(records), days=int(oldest["age_days"].iloc[0])))
    return DuePanel(
        **base,
        lines=lines,
        queue_size=len(records),
        age_buckets=pd.DataFrame(buckets, columns=BUCKET_COLUMNS),
        oldest=oldest.head(20),
    )


def _admin(session: Session, period: Period, visible: list[int] | None, base: dict[str, Any]) -> DuePanel:
    rows = _assigned_rows(session, period, visible, None)
    counts: dict[tuple[int, str], list[int]] = {}
    for submission, opd in rows:
        entry = counts.setdefault((submission.organisation_id, opd), [0, 0])
        entry[0] += 1
        entry[1] += submission.status in EDITABLE_STATUSES
    frame = pd.DataFrame(
        [
            {"organisation_id": o, "opd": opd, "assigned": a, "missing": m}
            for (o, opd), (a, m) in counts.items()
            if m
        ],
        columns=MISSING_COLUMNS,
    )
    frame = frame.sort_values(["missing", "opd"], ascending=[False, True]).reset_index(drop=True)
    lines = [
        t("due.admin.missing", opd=opd, count=int(missing))
        for opd, missing in zip(frame["opd"].head(5), frame["missing"].head(5), strict=True)
    ]
    return DuePanel(**base, lines=lines, missing_by_opd=frame)


def _leader(
    session: Session, period: Period, visible: list[int] | None, now: datetime, base: dict[str, Any]
) -> DuePanel:
    rows = _assigned_rows(session, period, visible, None)
    total = len(rows)
    done = sum(1 for s, _ in rows if s.status in DONE_STATUSES)
    opens, deadline = as_utc(period.opens_at), as_utc(period.submission_deadline)
    closes = deadlines.deadline_closes_at(deadline) if deadline is not None else None
    elapsed = 0.0
    if opens is not None and closes is not None and closes > opens:
        elapsed = min(max((now - opens) / (closes - opens), 0.0), 1.0)
    share = done / total if total else 0.0
    on_track = share + 1e-9 >= elapsed
    progress = {
        "total": total,
        "done": done,
        "done_share": share,
        "time_share": elapsed,
        "on_track": on_track,
    }
    lines = []
    if total:
        verdict = t("due.leader.on_track" if on_track else "due.leader.behind")
        lines.append(
            t(
                "due.leader.progress",
                progress=format_percent(share * 100),
                elapsed=format_percent(elapsed * 100),
                verdict=verdict,
            )
        )
    return DuePanel(**base, lines=lines, progress=progress)
