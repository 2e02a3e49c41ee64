"""Reading rencana aksi: the list (overdue first), one action with its notes and follow-up evidence, and the
action plan as report rows.

A focal point sees their own OPD's actions, everyone else those of the regions in their scope; an action is
overdue once the minute its due date names has ended in WIT (``deadlines.before_deadline``, the same rule as
submission deadlines). Each open action with a phone carries its WhatsApp click-to-chat link
(``services.whatsapp``). The documents' rekap can call ``action_plan_frame``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import pandas as pd
from sqlmodel import Session, col, select

from i18n import label
from models.action_tables import Action, ActionEvidence, ActionNote
from models.database import session_scope
from models.tables import Evidence, Organisation, User, as_utc
from services import deadlines
from services.actions import load_action
from services.actor import Actor
from services.evidence import EvidenceInfo, evidence_info
from services.overview import days_until
from services.permissions import regions_in_scope, require
from services.whatsapp import reminder_text, whatsapp_link
from vocabulary import OPEN_ACTION_STATUSES, ActionStatus, Role

ACTION_COLUMNS = [
    "action_id", "organisation_id", "opd", "region_id", "period_id", "codes", "recommendation_id", "title",
    "owner", "owner_user_id", "owner_nip", "owner_phone", "due_at", "status", "status_label", "overdue",
    "days_left", "created_at", "closed_at", "whatsapp", "version",
]  # fmt: skip


@dataclass(frozen=True)
class NoteInfo:
    at: datetime | None
    author: str | None
    text: str | None
    status_from: str | None
    status_to: str | None


@dataclass(frozen=True)
class ActionInfo:
    id: int
    organisation_id: int
    opd: str
    region_id: int
    period_id: int | None
    codes: tuple[str, ...]
    recommendation_id: int | None
    title: str
    owner: str
    owner_user_id: int | None
    owner_nip: str | None
    owner_phone: str | None
    due_at: datetime
    status: ActionStatus
    overdue: bool
    days_left: int
    version: int
    whatsapp: str | None
    notes: tuple[NoteInfo, ...] = ()
    evidence: tuple[EvidenceInfo, ...] = ()


def is_overdue(status: str, due_at: datetime | None, now: datetime) -> bool:
    """Open and past the end of the minute its due date names (WIT or any zone: the moment is the same)."""
    return status in OPEN_ACTION_STATUSES and not deadlines.before_deadline(as_utc(due_at), now)


def _owner_names(session: Session, actions: Sequence[Action]) -> dict[int, str]:
    ids = {a.owner_user_id for a in actions if a.owner_user_id is not None}
    if not ids:
        return {}
    rows = session.exec(select(User.id, User.full_name).where(col(User.id).in_(ids))).all()
    return {user_id: name for user_id, name in rows if user_id is not None}


def _visible(session: Session, actor: Actor, query: object) -> object:
    if actor.role == Role.focal_point:
        return query.where(Action.organisation_id == (actor.organisation_id or -1))  # type: ignore[attr-defined]
    scope = regions_in_scope(session, actor)
    if scope is not None:
        return query.where(col(Action.region_id).in_(scope))  # type: ignore[attr-defined]
    return query


def list_actions(
    actor: Actor,
    *,
    region_id: int | None = None,
    organisation_id: int | None = None,
    period_id: int | None = None,
    open_only: bool = False,
    now: datetime | None = None,
) -> pd.DataFrame:
    """The actions the actor may see (``ACTION_COLUMNS``), overdue first, then by due date."""
    require(actor, "list_actions")
    moment = as_utc(now) or deadlines.utcnow()
    with session_scope(write=False) as session:
        if region_id is not None:
            require(actor, "list_actions", region=region_id, session=session)
        if organisation_id is not None:
            require(actor, "list_actions", organisation=organisation_id, session=session)
        query = select(Action, Organisation.abbreviation).join(
            Organisation, col(Organisation.id) == col(Action.organisation_id)
        )
        query = _visible(session, actor, query)  # type: ignore[assignment]
        for column, value in ((Action.region_id, region_id), (Action.organisation_id, organisation_id),
                              (Action.period_id, period_id)):  # fmt: skip
            if value is not None:
                query = query.where(column == value)
        if open_only:
            query = query.where(col(Action.status).in_(OPEN_ACTION_STATUSES))
        rows = session.exec(query.order_by(col(Action.due_at), col(Action.id))).all()
        names = _owner_names(session, [a for a, _ in rows])
        frame = pd.DataFrame([_row(a, abbr, names, moment) for a, abbr in rows], columns=ACTION_COLUMNS)
    if frame.empty:
        return frame
    return frame.sort_values(["overdue", "due_at", "action_id"], ascending=[False, True, True]).reset_index(
        drop=True
    )


def _row(action: Action, opd: str, names: dict[int, str], now: datetime) -> dict[str, object]:
    info = _info(action, opd, names, now)
    return {
        "action_id": info.id, "organisation_id": info.organisation_id, "opd": info.opd,
        "region_id": info.region_id, "period_id": info.period_id, "codes": ", ".join(info.codes),
        "recommendation_id": info.recommendation_id, "title": info.title, "owner": info.owner,
        "owner_user_id": info.owner_user_id, "owner_nip": info.owner_nip, "owner_phone": info.owner_phone,
        "due_at": info.due_at, "status": info.status.value, "status_label": label(info.status, capital=True),
        "overdue": info.overdue, "days_left": info.days_left, "created_at": as_utc(action.created_at),
        "closed_at": as_utc(action.closed_at), "whatsapp": info.whatsapp, "version": info.version,
    }  # fmt: skip


def _info(action: Action, opd: str, names: dict[int, str], now: datetime) -> ActionInfo:
    assert action.id is not None
    due = as_utc(action.due_at)
    assert due is not None
    status = ActionStatus(action.status)
    owner = names.get(action.owner_user_id or -1) or action.owner_name or ""
    message = reminder_text(name=owner, title=action.title, codes=action.codes, opd=opd, due_at=due,
                            status=label(status, "id"))  # fmt: skip
    return ActionInfo(
        id=action.id, organisation_id=action.organisation_id, opd=opd, region_id=action.region_id,
        period_id=action.period_id, codes=tuple(action.codes), recommendation_id=action.recommendation_id,
        title=action.title, owner=owner, owner_user_id=action.owner_user_id, owner_nip=action.owner_nip,
        owner_phone=action.owner_phone, due_at=due, status=status, overdue=is_overdue(status, due, now),
        days_left=days_until(due, time_zone="Asia/Jayapura", now=now) or 0, version=action.version,
        whatsapp=whatsapp_link(action.owner_phone, message) if status in OPEN_ACTION_STATUSES else None,
    )  # fmt: skip


def action_detail(actor: Actor, *, action_id: int, now: datetime | None = None) -> ActionInfo:
    """One action with its notes (oldest first) and its follow-up evidence."""
    moment = as_utc(now) or deadlines.utcnow()
    with session_scope(write=False) as session:
        action = load_action(session, actor, action_id, permission="list_actions")
        organisation = session.get(Organisation, action.organisation_id)
        notes = session.exec(
            select(ActionNote, User.username)
            .join(User, col(User.id) == col(ActionNote.author_id), isouter=True)
            .where(ActionNote.action_id == action_id)
            .order_by(col(ActionNote.at), col(ActionNote.id))
        ).all()
        info = _info(action, organisation.abbreviation if organisation else "", _owner_names(session, [action]),
                     moment)  # fmt: skip
        files = evidence_of(session, action_id)
    return ActionInfo(
        **{**info.__dict__, "notes": tuple(NoteInfo(n.at and as_utc(n.at), u, n.text, n.status_from,
                                                    n.status_to) for n, u in notes), "evidence": tuple(files)}
    )  # fmt: skip


def evidence_of(session: Session, action_id: int, *, include_detached: bool = False) -> list[EvidenceInfo]:
    """The follow-up files of an action, oldest first."""
    query = (
        select(ActionEvidence, Evidence, User.username)
        .join(Evidence, col(Evidence.id) == col(ActionEvidence.evidence_id))
        .join(User, col(User.id) == col(Evidence.uploaded_by_id), isouter=True)
        .where(ActionEvidence.action_id == action_id)
    )
    if not include_detached:
        query = query.where(col(ActionEvidence.detached_at).is_(None))
    rows = session.exec(query.order_by(col(ActionEvidence.linked_at), col(ActionEvidence.id))).all()
    return [
        replace(evidence_info(evidence, username), link_id=link.id, linked_at=as_utc(link.linked_at),
                detached_at=as_utc(link.detached_at))
        for link, evidence, username in rows
    ]  # fmt: skip


def action_plan_frame(
    actor: Actor,
    *,
    region_id: int | None = None,
    organisation_id: int | None = None,
    now: datetime | None = None,
) -> pd.DataFrame:
    """The action plan as rows for a report (the xlsx export, and the documents' rekap): one row per action,
    ``ACTION_COLUMNS`` without the internal ids and links."""
    frame = list_actions(actor, region_id=region_id, organisation_id=organisation_id, now=now)
    return frame.drop(columns=["whatsapp", "version", "owner_user_id"])
