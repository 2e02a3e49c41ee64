"""Sign-in: password check with lockout, the first admin, single sign-on by e-mail, re-reading a session's user.

An unknown username and a wrong password get the same message and take about the same time (the password is
checked against a dummy hash), so the sign-in form does not tell an attacker which usernames exist. Failure
counts are incremented in SQL, so parallel guesses cannot slip past the lockout. Passwords and hashes never
appear in audit events. Managing accounts is services/users.py.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, update
from sqlmodel import col, select

from config import get_settings
from i18n import LenteraError, format_datetime, register
from models.database import session_scope
from models.tables import Role, User, utcnow
from services import credentials
from services.actor import Actor
from services.audit import record
from services.users import insert_user

register(
    {
        "auth.invalid": {
            "id": "Nama pengguna atau kata sandi salah.",
            "en": "Wrong username or password.",
        },
        "auth.locked": {
            "id": "Akun dikunci sementara karena terlalu banyak percobaan gagal. Coba lagi setelah {until}.",
            "en": "The account is locked after too many failed attempts. Try again after {until}.",
        },
        "auth.sso_ambiguous": {
            "id": "Alamat {email} dipakai oleh lebih dari satu akun; administrator harus memperbaikinya.",
            "en": "{email} belongs to more than one account; the administrator must fix this.",
        },
        "auth.sso_unknown": {
            "id": "Alamat {email} belum terdaftar sebagai pengguna aktif Lentera. Hubungi administrator.",
            "en": "{email} is not an active Lentera user. Contact the administrator.",
        },
        "users.admin_exists": {
            "id": "Admin pertama sudah ada; pengguna baru dibuat oleh admin.",
            "en": "The first admin already exists; new users are created by an admin.",
        },
    }
)


def authenticate(*, username: str, password: str) -> Actor:
    """The signed-in user, or ``auth.invalid`` / ``auth.locked``. Failures are counted and audited."""
    settings = get_settings()
    name = credentials.normalise_username(username)
    now = utcnow()
    failure: LenteraError | None = None
    actor: Actor | None = None
    with session_scope() as session:
        user = session.exec(select(User).where(User.username == name)).first()
        if user is None or not user.active:
            credentials.verify_dummy(password)
            raise LenteraError("auth.invalid")
        assert user.id is not None
        locked = credentials.locked_until(user, now)
        matches = credentials.verify(user.password_hash, password)
        if locked is not None:
            raise LenteraError("auth.locked", until=format_datetime(locked))
        if not matches:
            failures = session.execute(
                update(User)
                .where(col(User.id) == user.id)
                .values(failed_logins=col(User.failed_logins) + 1)
                .returning(col(User.failed_logins))
            ).scalar_one()
            record(
                session,
                actor=None,
                action="user.login_failed",
                entity="user",
                entity_id=user.id,
                after={"username": user.username, "failed_logins": failures},
            )
            failure = LenteraError("auth.invalid")
            if failures >= settings.lockout_failures:
                until = now + timedelta(minutes=settings.lockout_minutes)
                session.execute(
                    update(User).where(col(User.id) == user.id).values(locked_until=until, failed_logins=0)
                )
                record(
                    session,
                    actor=None,
                    action="user.locked",
                    entity="user",
                    entity_id=user.id,
                    after={"username": user.username, "locked_until": until.isoformat()},
                )
                failure = LenteraError("auth.locked", until=format_datetime(until))
        else:
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = now
            if credentials.needs_rehash(user.password_hash):
                user.password_hash = credentials.hash_password(password)
            session.add(user)
            actor = Actor.from_user(user)
            record(session, actor=actor, action="user.login", entity="user", entity_id=user.id)
    if failure is not None:
        raise failure  # raised after the commit, so the failure count sticks
    assert actor is not None
    return actor


def get_actor(user_id: int) -> Actor:
    """Re-read a signed-in user (role or OPD may have changed); deactivated users are refused."""
    with session_scope() as session:
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise LenteraError("auth.session_invalid")
        return Actor.from_user(user)


def actor_for_email(*, email: str) -> Actor:
    """The active local user an identity provider vouched for by e-mail; accounts are never auto-created."""
    address = email.strip().lower()
    with session_scope() as session:
        matches = session.exec(select(User).where(func.lower(User.email) == address)).all() if address else []
        if len(matches) > 1:  # one identity must never pick among accounts (an admin's among them)
            raise LenteraError("auth.sso_ambiguous", email=email)
        user = matches[0] if matches else None
        if user is None or not user.active:
            raise LenteraError("auth.sso_unknown", email=email)
        record(
            session, actor=Actor.from_user(user), action="user.login_sso", entity="user", entity_id=user.id
        )
        return Actor.from_user(user)


def first_admin_needed() -> bool:
    with session_scope() as session:
        return session.exec(select(User.id).where(User.role == Role.admin)).first() is None


def create_first_admin(*, username: str, full_name: str, password: str) -> Actor:
    """The very first account, made from the setup screen or the CLI; refused once any admin exists."""
    with session_scope() as session:
        if session.exec(select(User.id).where(User.role == Role.admin)).first() is not None:
            raise LenteraError("users.admin_exists")
        user = insert_user(
            session,
            actor=None,
            username=username,
            full_name=full_name,
            password=password,
            role=Role.admin,
            region_id=None,
            organisation_id=None,
            email=None,
        )
        return Actor.from_user(user)
