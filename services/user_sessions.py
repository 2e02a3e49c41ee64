"""Signed-in browsers: a sign-in is bound to a random token in an HttpOnly cookie, not to a Streamlit session id.

A Streamlit session id travels in upload URLs (so in proxy logs) and lets a new websocket resume the session,
so it must not be what proves who someone is. After the password (or the identity provider) is checked,
``start`` records a pending session and returns a one-time code; the browser swaps that code, once and within
``CODE_SECONDS``, at the claim route (``ui/web.py``) for the cookie's token (``claim``). Every rerun then
presents the cookie and ``resume`` answers with the user, or refuses a token that is unknown, revoked, idle
longer than ``session_idle_minutes``, older than ``session_max_hours``, or whose user was deactivated.

The code is bound to the browser that typed the password: ``start`` stores the hash of the code together with
that browser's ``lentera_browser`` cookie (set by the web gate before the login form loads), and ``claim`` only
accepts the pair. So a code that leaks (it travels in the claim URL, so in access logs) is useless without that
browser's cookie, and an attacker cannot sign a victim's browser into the attacker's own account by sending it
the attacker's claim link (login CSRF): the victim's browser presents another cookie, or none cross-site.

Only SHA-256 hashes of codes and tokens are stored (they are 256-bit random values, so a plain hash suffices).
Password changes and resets, deactivation and sign-out revoke sessions (``revoke_user_sessions``, ``end``).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from config import get_settings
from i18n import LenteraError, register
from models.database import session_scope
from models.tables import User, UserSession, as_utc, utcnow
from services.actor import Actor

CODE_SECONDS = 60
TOUCH_SECONDS = 60  # last_seen_at is written at most once a minute, not on every rerun

register(
    {
        "auth.session_expired": {
            "id": "Sesi berakhir karena tidak ada aktivitas. Silakan masuk kembali.",
            "en": "Your session ended after a period of inactivity. Please sign in again.",
        },
        "auth.account_inactive": {
            "id": "Akun Anda tidak lagi aktif. Hubungi admin bila ini keliru.",
            "en": "Your account is no longer active. Contact an administrator if this is a mistake.",
        },
        "auth.cookies_needed": {
            "id": "Peramban ini tidak mengirim cookie Lentera. Izinkan cookie untuk situs ini, muat ulang halaman, "
            "lalu masuk kembali.",
            "en": "This browser does not send Lentera's cookie. Allow cookies for this site, reload the page, "
            "then sign in again.",
        },
        "auth.session_ended": {
            "id": "Sesi Anda telah diakhiri (keluar, atau kata sandi diganti). Silakan masuk kembali.",
            "en": "Your session was ended (signed out, or the password changed). Please sign in again.",
        },
    }
)


def digest(secret: str) -> str:
    """The stored form of a code or token; also what the web layer compares."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _code_hash(code: str, browser: str) -> str:
    return digest(f"{code}\n{browser}")


def start(*, user_id: int, browser: str) -> str:
    """A pending session for a user who has just proved who they are, in the browser whose ``lentera_browser``
    cookie is ``browser``; returns its one-time sign-in code."""
    if not browser:
        raise LenteraError("auth.cookies_needed")
    code = secrets.token_urlsafe(32)
    now = utcnow()
    with session_scope() as session:
        session.add(
            UserSession(
                user_id=user_id,
                code_hash=_code_hash(code, browser),
                code_expires_at=now + timedelta(seconds=CODE_SECONDS),
                created_at=now,
                last_seen_at=now,
            )
        )
    return code


def claim(*, code: str, browser: str) -> str:
    """Swap a one-time code for the session's token; a code works once, within ``CODE_SECONDS``, and only in the
    browser it was started for (``browser``: that browser's ``lentera_browser`` cookie)."""
    if not browser:
        raise LenteraError("auth.session_invalid")
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with session_scope() as session:
        # One conditional UPDATE: two requests racing with the same code cannot both win.
        claimed = session.execute(
            update(UserSession)
            .where(
                col(UserSession.code_hash) == _code_hash(code, browser),
                col(UserSession.code_expires_at) > now,
                col(UserSession.revoked_at).is_(None),
            )
            .values(token_hash=digest(token), code_hash=None, code_expires_at=None, last_seen_at=now)
            .returning(col(UserSession.id))
        ).scalar_one_or_none()
    if claimed is None:
        raise LenteraError("auth.session_invalid")
    return token


def resume(*, token: str) -> Actor:
    """The user a cookie's token belongs to, re-read from the database; ends idle and too old sessions."""
    settings = get_settings()
    now = utcnow()
    with session_scope() as session:
        row = session.exec(
            select(UserSession, User)
            .join(User, col(User.id) == UserSession.user_id)
            .where(UserSession.token_hash == digest(token))
        ).first()
        if row is None:
            raise LenteraError("auth.session_invalid")
        user_session, user = row
        if not user.active:
            raise LenteraError("auth.account_inactive")
        if user_session.revoked_at is not None:
            raise LenteraError("auth.session_ended")
        # An expired session stays expired without a write: its last_seen_at never moves again.
        if _expired(
            user_session, now, idle=settings.session_idle_minutes, lifetime=settings.session_max_hours
        ):
            raise LenteraError("auth.session_expired")
        last_seen = as_utc(user_session.last_seen_at) or now
        if (now - last_seen).total_seconds() >= TOUCH_SECONDS:
            user_session.last_seen_at = now
            session.add(user_session)
        return Actor.from_user(user)


def _expired(user_session: UserSession, now: datetime, *, idle: int, lifetime: int) -> bool:
    """Idle for more than ``idle`` minutes, or signed in more than ``lifetime`` hours ago."""
    last_seen = as_utc(user_session.last_seen_at) or now
    created = as_utc(user_session.created_at) or now
    return now - last_seen > timedelta(minutes=idle) or now - created > timedelta(hours=lifetime)


def end(*, token: str) -> None:
    """Sign-out: the token stops working at once, in every tab that shares it."""
    with session_scope() as session:
        session.execute(
            update(UserSession)
            .where(col(UserSession.token_hash) == digest(token), col(UserSession.revoked_at).is_(None))
            .values(revoked_at=utcnow())
        )


def revoke_user_sessions(session: Session, *, user_id: int, keep_token: str | None = None) -> None:
    """Inside another service's transaction: end every session of a user (password, role or active changed).

    ``keep_token`` spares the session that made the change itself (a user changing their own password).
    """
    query = update(UserSession).where(
        col(UserSession.user_id) == user_id, col(UserSession.revoked_at).is_(None)
    )
    if keep_token is not None:
        query = query.where(col(UserSession.token_hash).is_distinct_from(digest(keep_token)))
    session.execute(query.values(revoked_at=utcnow()))
