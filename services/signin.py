"""Sign-in: password check with throttling, the first admin, single sign-on, re-reading a session's user.

An unknown username and a wrong password get the same message, the same throttling and the same work (the
password is checked against a dummy hash), so the sign-in form does not tell an attacker which usernames exist.
Repeated failures slow further attempts down (services/throttle.py) instead of locking the account, so nobody
can lock another person out. Passwords and hashes never appear in audit events. Managing accounts is
services/users.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from i18n import LenteraError, format_datetime, register
from models.database import session_scope
from models.tables import Role, User, utcnow
from services import credentials, install, throttle
from services.actor import Actor
from services.audit import record
from services.users import insert_user

register(
    {
        "auth.invalid": {
            "id": "Nama pengguna atau kata sandi salah.",
            "en": "Wrong username or password.",
        },
        "auth.throttled": {
            "id": "Terlalu banyak percobaan masuk yang gagal. Coba lagi setelah {until}.",
            "en": "Too many failed sign-in attempts. Try again after {until}.",
        },
        "auth.sso_ambiguous": {
            "id": "Alamat {email} dipakai oleh lebih dari satu akun; administrator harus memperbaikinya.",
            "en": "{email} belongs to more than one account; the administrator must fix this.",
        },
        "auth.sso_unknown": {
            "id": "Alamat {email} belum terdaftar sebagai pengguna aktif Lentera. Hubungi administrator.",
            "en": "{email} is not an active Lentera user. Contact the administrator.",
        },
        "auth.setup_token_invalid": {
            "id": "Token penyiapan salah atau sudah dipakai. Jalankan `lentera init` di server untuk token baru.",
            "en": "The setup token is wrong or already used. Run `lentera init` on the server for a new one.",
        },
        "users.admin_exists": {
            "id": "Admin pertama sudah ada; pengguna baru dibuat oleh admin.",
            "en": "The first admin already exists; new users are created by an admin.",
        },
    }
)


def authenticate(*, username: str, password: str, client: str | None = None) -> Actor:
    """The signed-in user, or ``auth.invalid`` / ``auth.throttled``; ``client`` is the caller's address.

    The attempt is charged to its throttle keys and committed before the password is checked, so parallel
    guesses are all counted; a throttled attempt is refused before any hashing (services/throttle.py).
    """
    name = credentials.normalise_username(username)
    now = utcnow()
    with session_scope() as session:
        waits = throttle.charge(session, username=name, client=client, now=now)
        if waits is not None:
            raise LenteraError("auth.throttled", until=format_datetime(waits))  # rolls the charge back
        throttle.prune(session, now=now)
        user = session.exec(select(User).where(User.username == name)).first()
        stored_hash = user.password_hash if user is not None and user.active else None
    if stored_hash is None:
        credentials.verify_dummy(password)
        matches = False
    else:
        matches = credentials.verify(stored_hash, password)
    with session_scope() as session:
        if matches:
            return _signed_in(session, name=name, password=password, client=client, now=now)
        waits = _count_failure(session, name=name, client=client, now=now)
    if waits is not None:
        raise LenteraError("auth.throttled", until=format_datetime(waits))
    raise LenteraError("auth.invalid")


def _signed_in(session: Session, *, name: str, password: str, client: str | None, now: datetime) -> Actor:
    user = session.exec(select(User).where(User.username == name)).one()
    throttle.settle_success(session, username=name, client=client)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if credentials.needs_rehash(user.password_hash):
        user.password_hash = credentials.hash_password(password)
    session.add(user)
    actor = Actor.from_user(user)
    record(session, actor=actor, action="user.login", entity="user", entity_id=user.id)
    return actor


def _count_failure(session: Session, *, name: str, client: str | None, now: datetime) -> datetime | None:
    """Mirror the (already charged) failure onto an existing account and audit it; when the next may come."""
    waits = throttle.blocked_until(session, username=name, client=client, now=now)
    user = session.exec(select(User).where(User.username == name)).first()
    if user is None:
        return waits  # unknown usernames are throttled alike but leave no audit trail to flood
    failures = int(user.failed_logins or 0) + 1
    session.execute(
        update(User).where(col(User.id) == user.id).values(failed_logins=failures, locked_until=waits)
    )
    where = client or throttle.UNKNOWN_CLIENT
    record(
        session, actor=None, action="user.login_failed", entity="user", entity_id=user.id,
        after={"username": user.username, "failed_logins": failures, "client": where},
    )  # fmt: skip
    if waits is not None:
        record(
            session, actor=None, action="user.locked", entity="user", entity_id=user.id,
            after={"username": user.username, "locked_until": waits.isoformat(), "client": where},
        )  # fmt: skip
    return waits


def get_actor(user_id: int) -> Actor:
    """Re-read a signed-in user (role or OPD may have changed); deactivated users are refused."""
    with session_scope() as session:
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise LenteraError("auth.session_invalid")
        return Actor.from_user(user)


def actor_for_email(*, email: str, subject: str | None = None) -> Actor:
    """The active local user an identity provider vouched for; accounts are never auto-created.

    The provider's ``sub`` (subject) is what stays with a person: the first sign-on matches the e-mail and binds
    the account to that subject; afterwards the subject decides, and an e-mail the provider later hands to
    someone else (another subject) no longer opens the account.
    """
    address = email.strip().lower()
    with session_scope() as session:
        user = _user_for_subject(session, subject) if subject else None
        if user is None:
            user = _user_for_email(session, address, email)
            if user is not None and user.sso_subject is not None:  # bound to another identity (or none given)
                raise LenteraError("auth.sso_unknown", email=email)
            if subject and user is not None and user.active:
                user.sso_subject = subject
                session.add(user)
        if user is None or not user.active:
            raise LenteraError("auth.sso_unknown", email=email)
        record(
            session, actor=Actor.from_user(user), action="user.login_sso", entity="user", entity_id=user.id
        )
        return Actor.from_user(user)


def _user_for_subject(session: Session, subject: str) -> User | None:
    return session.exec(select(User).where(User.sso_subject == subject)).first()


def _user_for_email(session: Session, address: str, email: str) -> User | None:
    matches = session.exec(select(User).where(func.lower(User.email) == address)).all() if address else []
    if len(matches) > 1:  # one identity must never pick among accounts (an admin's among them)
        raise LenteraError("auth.sso_ambiguous", email=email)
    return matches[0] if matches else None


def first_admin_needed() -> bool:
    with session_scope() as session:
        return session.exec(select(User.id).where(User.role == Role.admin)).first() is None


def create_first_admin(*, username: str, full_name: str, password: str, setup_token: str) -> Actor:
    """The very first account, made on the setup screen with the one-time token ``lentera init`` printed.

    Refused once any admin exists, and without the token: otherwise the first visitor of a fresh installation
    could claim it. (``lentera create-user`` on the server needs no token.)
    """
    with session_scope() as session:
        if session.exec(select(User.id).where(User.role == Role.admin)).first() is not None:
            raise LenteraError("users.admin_exists")
        if not install.consume_setup_token(session, setup_token):
            raise LenteraError("auth.setup_token_invalid")
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
