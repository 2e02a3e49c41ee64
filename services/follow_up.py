"""The Sekda's follow-up view: per OPD, what is open, what is late, what is at stake and who to call.

Today the Sekda's staff chase late OPDs by telephone and WhatsApp; this puts the chase list on one screen.
Per OPD of the period's pemda: open and overdue actions (overdue in WIT at the end of the due minute, as in
``services.action_views``), the points the OPD still owes on the pemda's gap list, the days left to its
submission deadline (with its extension), and the person in charge of its most urgent open action with the
phone and WhatsApp link. Also the history of actions by status, day by day (WIT), for the chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from sqlmodel import col, select

from models.action_tables import Action, ActionNote
from models.database import session_scope
from models.tables import Period, as_utc
from services import deadlines
from services.action_views import list_actions
from services.actor import Actor
from services.overview import days_until, period_overview
from services.permissions import require
from vocabulary import ACTION_STATUSES, ActionStatus

WIT = ZoneInfo("Asia/Jayapura")
HISTORY_DAYS = 180
OPD_COLUMNS = [
    "organisation_id", "opd", "name", "open", "overdue", "done", "cancelled", "points_at_stake",
    "days_to_deadline", "next_due", "owner", "owner_phone", "whatsapp",
]  # fmt: skip
HISTORY_COLUMNS = ["day", "status", "count"]


@dataclass(frozen=True)
class FollowUp:
    period_id: int
    region_id: int
    opds: pd.DataFrame  # OPD_COLUMNS, overdue first, then open, then points at stake
    actions: pd.DataFrame  # every action of the pemda (action_views.ACTION_COLUMNS), overdue first
    history: pd.DataFrame  # HISTORY_COLUMNS: actions in each status at the end of each day (WIT)


def follow_up(actor: Actor, *, period_id: int, now: datetime | None = None) -> FollowUp:
    """Leaders, inspectors and admins whose region covers the period."""
    require(actor, "follow_up")
    moment = as_utc(now) or deadlines.utcnow()
    overview = period_overview(actor, period_id=period_id, now=moment)
    actions = list_actions(actor, region_id=overview.region_id, now=moment)
    stake = points_at_stake(overview.gap_list, overview.entities)
    with session_scope(write=False) as session:
        period = session.get(Period, period_id)
        assert period is not None
        ids = [int(e) for e in overview.entities["entity"]]
        due = deadlines.effective_deadlines(session, period, ids)  # one query, not one per OPD
        days = {i: days_until(due[i], time_zone=period.time_zone, now=moment) for i in ids}
    opds = _per_opd(overview.entities, actions, stake, days)
    return FollowUp(
        period_id=period_id,
        region_id=overview.region_id,
        opds=opds,
        actions=actions,
        history=status_history(actor, region_id=overview.region_id, now=moment),
    )


def points_at_stake(gap_list: pd.DataFrame, entities: pd.DataFrame) -> dict[int, float]:
    """OPD id → the gap-list points of the items it is still short on (a leaf owed by two OPDs counts for
    both: either one finishing it may not be enough)."""
    if gap_list is None or gap_list.empty or "organisations" not in gap_list:
        return {}
    by_abbreviation = {
        str(a): int(e) for e, a in zip(entities["entity"], entities["abbreviation"], strict=False)
    }
    totals: dict[int, float] = {}
    for owners, gain in zip(gap_list["organisations"], gap_list["gain"], strict=False):
        for abbreviation in str(owners or "").split(", "):
            organisation = by_abbreviation.get(abbreviation.strip())
            if organisation is not None and pd.notna(gain):
                totals[organisation] = totals.get(organisation, 0.0) + float(gain)
    return totals


def _per_opd(
    entities: pd.DataFrame, actions: pd.DataFrame, stake: dict[int, float], days: dict[int, int | None]
) -> pd.DataFrame:
    rows = []
    names = {int(e): (str(a), str(n)) for e, a, n in zip(entities["entity"], entities["abbreviation"],
                                                          entities["name"], strict=False)}  # fmt: skip
    with_actions = {int(i) for i in actions["organisation_id"]} if not actions.empty else set()
    for organisation in sorted(set(names) | with_actions):
        mine = actions.loc[actions["organisation_id"] == organisation] if not actions.empty else actions
        open_rows = mine.loc[mine["status"].isin([ActionStatus.rencana, ActionStatus.berjalan])]
        urgent = open_rows.iloc[0] if not open_rows.empty else None  # list_actions: overdue first, then due
        abbreviation, name = names.get(organisation, (str(mine["opd"].iloc[0]) if not mine.empty else "", ""))
        rows.append(
            {
                "organisation_id": organisation,
                "opd": abbreviation,
                "name": name,
                "open": len(open_rows),
                "overdue": int(open_rows["overdue"].sum()) if not open_rows.empty else 0,
                "done": int((mine["status"] == ActionStatus.selesai).sum()),
                "cancelled": int((mine["status"] == ActionStatus.batal).sum()),
                "points_at_stake": round(stake.get(organisation, 0.0), 2),
                "days_to_deadline": days.get(organisation),
                "next_due": None if urgent is None else urgent["due_at"],
                "owner": None if urgent is None else urgent["owner"],
                "owner_phone": None if urgent is None else urgent["owner_phone"],
                "whatsapp": None if urgent is None else urgent["whatsapp"],
            }
        )
    frame = pd.DataFrame(rows, columns=OPD_COLUMNS)
    return frame.sort_values(
        ["overdue", "open", "points_at_stake", "opd"], ascending=[False, False, False, True]
    ).reset_index(drop=True)


def status_history(actor: Actor, *, region_id: int, now: datetime) -> pd.DataFrame:
    """How many of the pemda's actions stood in each status at the end of each day (WIT), from the first
    action's day to today, at most ``HISTORY_DAYS`` days back; read from the actions' status notes."""
    require(actor, "follow_up", region=region_id)
    with session_scope(write=False) as session:
        changes = session.exec(
            select(ActionNote.action_id, ActionNote.at, ActionNote.status_to)
            .join(Action, col(Action.id) == col(ActionNote.action_id))
            .where(Action.region_id == region_id, col(ActionNote.status_to).is_not(None))
            .order_by(col(ActionNote.at), col(ActionNote.id))
        ).all()
    if not changes:
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    today = now.astimezone(WIT).date()
    events = [(action_id, _wit_day(at), status) for action_id, at, status in changes]
    first = max(min(day for _, day, _ in events), today - timedelta(days=HISTORY_DAYS))
    rows = []
    state: dict[int, str] = {}
    pending = iter(events)
    upcoming = next(pending, None)
    day = min(day for _, day, _ in events)
    while day <= today:
        while upcoming is not None and upcoming[1] <= day:
            state[upcoming[0]] = str(upcoming[2])
            upcoming = next(pending, None)
        if day >= first:
            counts = pd.Series(list(state.values())).value_counts() if state else pd.Series(dtype=int)
            rows += [
                {"day": day, "status": s.value, "count": int(counts.get(s.value, 0))} for s in ACTION_STATUSES
            ]
        day += timedelta(days=1)
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)


def _wit_day(moment: datetime | None) -> date:
    value = as_utc(moment)
    assert value is not None
    return value.astimezone(WIT).date()
