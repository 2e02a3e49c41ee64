"""Sign-in throttling: back-off per account-and-client, per client and per account, instead of a hard lock.

A hard lock after five failures let any anonymous visitor lock ``admin`` out, again and again. Here every key
gets some free failures; after those each further attempt must wait a delay that doubles with every failure,
up to a cap, and failures are forgotten a day after the last one:

- ``pair:NAME|CLIENT`` (one username from one address): the settings' ``lockout_failures`` free, capped at
  ``lockout_minutes``; a guesser slows to a few attempts an hour while the real user, elsewhere, is untouched;
- ``client:CLIENT`` (any username from one address): 30 free, capped at a minute; slows password spraying
  without shutting out an office behind one NAT address for long;
- ``account:NAME`` (one username from anywhere): 20 free, capped at a minute; slows distributed guessing, and
  an attacker can hold the real user off for at most that minute.

Unknown usernames get the same keys and answers, so throttling never tells whether an account exists. An
attempt is charged before its password is checked, atomically (an upsert that refuses while the key waits),
so parallel guesses cannot slip through; a throttled attempt is refused before any hashing and costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, delete, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from config import get_settings
from models.tables import LoginThrottle, as_utc

FORGET_AFTER = timedelta(hours=24)
UNKNOWN_CLIENT = "unknown"


@dataclass(frozen=True)
class Rule:
    free: int
    cap: timedelta


def rules() -> dict[str, Rule]:
    settings = get_settings()
    return {
        "pair": Rule(max(1, settings.lockout_failures), timedelta(minutes=settings.lockout_minutes)),
        "client": Rule(30, timedelta(minutes=1)),
        "account": Rule(20, timedelta(minutes=1)),
    }


def keys(*, username: str, client: str | None) -> dict[str, str]:
    """The throttle keys of one attempt, by rule name."""
    address = (client or UNKNOWN_CLIENT).strip()[:200] or UNKNOWN_CLIENT
    name = username[:150]
    return {"pair": f"pair:{name}|{address}", "client": f"client:{address}", "account": f"account:{name}"}


def delay(failures: int, rule: Rule) -> timedelta | None:
    """How long the next attempt must wait after ``failures`` failures: 1 s, 2 s, 4 s … up to the cap."""
    if failures < rule.free:
        return None
    exponent = min(failures - rule.free, 30)
    return min(timedelta(seconds=2**exponent), rule.cap)


def charge(session: Session, *, username: str, client: str | None, now: datetime) -> datetime | None:
    """Count one attempt on every key; None when charged, else when the earliest refused key frees up.

    When refused, nothing is counted (the caller rolls the session back or simply does not commit).
    """
    forgotten = now - FORGET_AFTER
    for name, key in keys(username=username, client=client).items():
        if _charge_key(session, key=key, rule=rules()[name], now=now, forgotten=forgotten) is None:
            return blocked_until(session, username=username, client=client, now=now) or now
    return None


def blocked_until(session: Session, *, username: str, client: str | None, now: datetime) -> datetime | None:
    """The latest moment one of this attempt's keys still waits for, or None when it may go ahead."""
    rows = session.exec(
        select(LoginThrottle).where(
            col(LoginThrottle.key).in_(keys(username=username, client=client).values())
        )
    ).all()
    waits = [as_utc(row.blocked_until) for row in rows]
    latest = max((w for w in waits if w is not None and w > now), default=None)
    return latest


def _charge_key(session: Session, *, key: str, rule: Rule, now: datetime, forgotten: datetime) -> int | None:
    """Add a failure to ``key`` unless it is waiting; the new count, or None when refused."""
    table = LoginThrottle.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    fresh = insert(table).values(key=key, failures=1, last_failure_at=now, blocked_until=None)
    stale = or_(table.c.last_failure_at.is_(None), table.c.last_failure_at < forgotten)
    statement = fresh.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "failures": case((stale, 1), else_=table.c.failures + 1),
            "last_failure_at": now,
        },
        where=or_(table.c.blocked_until.is_(None), table.c.blocked_until <= now, stale),
    ).returning(table.c.failures)
    failures = session.execute(statement).scalar_one_or_none()
    if failures is None:
        return None
    wait = delay(failures, rule)
    session.execute(
        update(table).where(table.c.key == key).values(blocked_until=None if wait is None else now + wait)
    )
    return int(failures)


def settle_success(session: Session, *, username: str, client: str | None) -> None:
    """A right password: forget the account's failures, and give the client back the attempt it was charged."""
    named = keys(username=username, client=client)
    session.execute(
        delete(LoginThrottle).where(col(LoginThrottle.key).in_([named["pair"], named["account"]]))
    )
    session.execute(
        update(LoginThrottle)
        .where(and_(col(LoginThrottle.key) == named["client"], col(LoginThrottle.failures) > 0))
        .values(failures=col(LoginThrottle.failures) - 1)
    )


def forget_account(session: Session, *, username: str) -> None:
    """An admin unlocked the account or set its password: every failure on that username is forgotten."""
    session.execute(
        delete(LoginThrottle).where(
            or_(
                col(LoginThrottle.key) == f"account:{username}",
                col(LoginThrottle.key).startswith(f"pair:{username}|", autoescape=True),
            )
        )
    )


def prune(session: Session, *, now: datetime) -> None:
    """Drop keys whose last failure is past forgetting (unknown usernames must not pile up)."""
    session.execute(delete(LoginThrottle).where(col(LoginThrottle.last_failure_at) < now - FORGET_AFTER))
