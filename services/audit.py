"""Audit events, written in the same transaction as the change they describe."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import String, and_, cast, or_
from sqlmodel import Session, col, select

from models.database import session_scope
from models.tables import AuditEvent, User, utcnow
from services.actor import Actor
from services.permissions import regions_in_scope, require

SIGN_IN_FAILURES = ("user.login_failed", "user.locked")
AUDIT_COLUMNS = ["at", "actor_username", "action", "entity", "entity_id", "before", "after"]


def record(
    session: Session,
    *,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: object = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add an audit event to the session; it commits (or rolls back) with the change itself."""
    session.add(
        AuditEvent(
            at=utcnow(),
            actor_id=actor.id if actor else None,
            actor_username=actor.username if actor else None,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            before=_jsonable(before),
            after=_jsonable(after),
        )
    )


def _jsonable(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {
        key: value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        for key, value in values.items()
    }


def audit_log(actor: Actor, *, limit: int = 500, action: str | None = None) -> pd.DataFrame:
    """The newest audit events first (admin only); ``action`` filters by prefix, e.g. ``review.``."""
    require(actor, "audit_log")
    query = select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(max(1, min(limit, 10_000)))
    if action:
        query = query.where(col(AuditEvent.action).startswith(action))
    with session_scope(write=False) as session:
        scope = regions_in_scope(session, actor)
        if scope is not None:
            # A regional admin sees what the users of their region did, not the whole installation's log, and
            # the failed sign-ins and throttling of those users (written without an actor).
            in_scope = select(User.id).where(col(User.region_id).in_(scope))
            named = select(cast(User.id, String)).where(col(User.region_id).in_(scope))
            about_them = and_(
                col(AuditEvent.action).in_(SIGN_IN_FAILURES),
                col(AuditEvent.entity) == "user",
                col(AuditEvent.entity_id).in_(named),
            )
            query = query.where(or_(col(AuditEvent.actor_id).in_(in_scope), about_them))
        events = session.exec(query).all()
        rows = [{column: getattr(event, column) for column in AUDIT_COLUMNS} for event in events]
    return pd.DataFrame(rows, columns=AUDIT_COLUMNS)
