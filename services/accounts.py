"""Accounts: sign-in with argon2id, lockout after repeated failures, and user management by admins.

An unknown username and a wrong password get the same message and take about the same time (the password is
checked against a dummy hash), so the sign-in form does not tell an attacker which usernames exist. Failure
counts are incremented in SQL, so parallel guesses cannot slip past the lockout. Passwords and hashes never
appear in audit events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, update
from sqlmodel import Session, col, select

from config import get_settings
from i18n import LenteraError, format_datetime, register
from models.database import session_scope
from models.tables import Organisation, Role, User, as_utc, utcnow
from services.actor import Actor
from services.audit import record
from services.permissions import regions_in_scope, require_organisation, require_region, require_role

PASSWORD_MIN = 10
PASSWORD_MAX = 256
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")

# argon2id with the library's defaults (RFC 9106 low-memory profile: 64 MiB, t=3, p=4).
_hasher = PasswordHasher()
_dummy_hashes: dict[tuple[int, ...], str] = {}


def _dummy_hash() -> str:
    """A hash made with the current hasher's cost, checked for unknown users so they cost the same time."""
    # Keyed on the cost parameters, not id(): a freed hasher's id is reused by the next one.
    key = (_hasher.time_cost, _hasher.memory_cost, _hasher.parallelism, _hasher.hash_len, _hasher.salt_len)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = _hasher.hash("lentera-dummy-password-for-timing")
    return _dummy_hashes[key]


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
        "auth.session_invalid": {
            "id": "Sesi Anda tidak berlaku lagi. Silakan masuk kembali.",
            "en": "Your session is no longer valid. Please sign in again.",
        },
        "auth.sso_ambiguous": {
            "id": "Alamat {email} dipakai oleh lebih dari satu akun; administrator harus memperbaikinya.",
            "en": "{email} belongs to more than one account; the administrator must fix this.",
        },
        "auth.sso_unknown": {
            "id": "Alamat {email} belum terdaftar sebagai pengguna aktif Lentera. Hubungi administrator.",
            "en": "{email} is not an active Lentera user. Contact the administrator.",
        },
        "auth.wrong_password": {
            "id": "Kata sandi lama salah.",
            "en": "The current password is wrong.",
        },
        "auth.password_too_short": {
            "id": "Kata sandi minimal {min} karakter.",
            "en": "The password needs at least {min} characters.",
        },
        "auth.password_too_long": {
            "id": "Kata sandi maksimal {max} karakter.",
            "en": "The password may have at most {max} characters.",
        },
        "auth.password_is_username": {
            "id": "Kata sandi tidak boleh memuat nama pengguna.",
            "en": "The password must not contain the username.",
        },
        "auth.password_needs_letters_digits": {
            "id": "Kata sandi harus memuat huruf dan angka.",
            "en": "The password needs both letters and digits.",
        },
        "users.username_invalid": {
            "id": "Nama pengguna 3–80 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.",
            "en": "Usernames have 3–80 characters: lower-case letters, digits, dot, underscore or hyphen.",
        },
        "users.username_taken": {
            "id": "Nama pengguna {username} sudah dipakai.",
            "en": "The username {username} is already taken.",
        },
        "users.unknown_role": {
            "id": "Peran tidak dikenal: {role}.",
            "en": "Unknown role: {role}.",
        },
        "users.focal_point_needs_opd": {
            "id": "Operator OPD harus terikat pada satu OPD.",
            "en": "A focal point must belong to an OPD.",
        },
        "users.not_found": {"id": "Pengguna tidak ditemukan.", "en": "User not found."},
        "users.cannot_deactivate_self": {
            "id": "Anda tidak dapat menonaktifkan akun Anda sendiri.",
            "en": "You cannot deactivate your own account.",
        },
        "users.admin_exists": {
            "id": "Admin pertama sudah ada; pengguna baru dibuat oleh admin.",
            "en": "The first admin already exists; new users are created by an admin.",
        },
    }
)


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    role: Role
    region_id: int | None
    organisation_id: int | None
    active: bool
    locked_until: datetime | None
    email: str | None
    language: str
    last_login_at: datetime | None

    @classmethod
    def from_user(cls, user: User) -> UserInfo:
        assert user.id is not None
        return cls(
            id=user.id,
            username=user.username,
            full_name=user.full_name,
            role=Role(user.role),
            region_id=user.region_id,
            organisation_id=user.organisation_id,
            active=user.active,
            locked_until=as_utc(user.locked_until),
            email=user.email,
            language=user.language,
            last_login_at=as_utc(user.last_login_at),
        )


# --------------------------------------------------------------------------- rules


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def check_password_rules(password: str, *, username: str) -> None:
    """Raise the first rule the password breaks: length, not the username, letters and digits."""
    if len(password) < PASSWORD_MIN:
        raise LenteraError("auth.password_too_short", min=PASSWORD_MIN)
    if len(password) > PASSWORD_MAX:
        raise LenteraError("auth.password_too_long", max=PASSWORD_MAX)
    name = normalise_username(username)
    if name and name in password.lower():
        raise LenteraError("auth.password_is_username")
    if not (any(ch.isalpha() for ch in password) and any(ch.isdigit() for ch in password)):
        raise LenteraError("auth.password_needs_letters_digits")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _locked_until(user: User, now: datetime) -> datetime | None:
    until = as_utc(user.locked_until)
    return until if until is not None and until > now else None


# --------------------------------------------------------------------------- sign-in


def authenticate(*, username: str, password: str) -> Actor:
    """The signed-in user, or ``auth.invalid`` / ``auth.locked``. Failures are counted and audited."""
    settings = get_settings()
    name = normalise_username(username)
    now = utcnow()
    failure: LenteraError | None = None
    actor: Actor | None = None
    with session_scope() as session:
        user = session.exec(select(User).where(User.username == name)).first()
        if user is None or not user.active:
            _verify(_dummy_hash(), password)
            raise LenteraError("auth.invalid")
        assert user.id is not None
        locked = _locked_until(user, now)
        matches = _verify(user.password_hash, password)
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
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = _hasher.hash(password)
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


def change_password(actor: Actor, *, old_password: str, new_password: str) -> None:
    with session_scope() as session:
        user = session.get(User, actor.id)
        if user is None or not user.active:
            raise LenteraError("auth.session_invalid")
        if not _verify(user.password_hash, old_password):
            raise LenteraError("auth.wrong_password")
        check_password_rules(new_password, username=user.username)
        user.password_hash = _hasher.hash(new_password)
        session.add(user)
        record(session, actor=actor, action="user.password_changed", entity="user", entity_id=user.id)


# --------------------------------------------------------------------------- user management


def first_admin_needed() -> bool:
    with session_scope() as session:
        return session.exec(select(User.id).where(User.role == Role.admin)).first() is None


def create_first_admin(*, username: str, full_name: str, password: str) -> Actor:
    """The very first account, made from the setup screen or the CLI; refused once any admin exists."""
    with session_scope() as session:
        if session.exec(select(User.id).where(User.role == Role.admin)).first() is not None:
            raise LenteraError("users.admin_exists")
        user = _insert_user(
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


def create_user(
    actor: Actor,
    *,
    username: str,
    full_name: str,
    password: str,
    role: str,
    region_id: int | None = None,
    organisation_id: int | None = None,
    email: str | None = None,
) -> UserInfo:
    require_role(actor, Role.admin)
    fields = {"region_id": region_id, "organisation_id": organisation_id, "email": email}
    return _create_user(actor, username=username, full_name=full_name, password=password, role=role, **fields)


def operator_create_user(
    *,
    username: str,
    full_name: str,
    password: str,
    role: str,
    region_id: int | None = None,
    organisation_id: int | None = None,
    email: str | None = None,
) -> UserInfo:
    """For ``lentera create-user``: whoever runs the CLI on the server already holds the data folder."""
    fields = {"region_id": region_id, "organisation_id": organisation_id, "email": email}
    return _create_user(None, username=username, full_name=full_name, password=password, role=role, **fields)


def _create_user(actor: Actor | None, **fields: Any) -> UserInfo:
    with session_scope() as session:
        return UserInfo.from_user(_insert_user(session, actor=actor, **fields))


def _insert_user(
    session: Session,
    *,
    actor: Actor | None,
    username: str,
    full_name: str,
    password: str,
    role: str,
    region_id: int | None,
    organisation_id: int | None,
    email: str | None,
) -> User:
    name = normalise_username(username)
    if not USERNAME_PATTERN.match(name):
        raise LenteraError("users.username_invalid")
    try:
        user_role = Role(role)
    except ValueError:
        raise LenteraError("users.unknown_role", role=role) from None
    check_password_rules(password, username=name)
    if session.exec(select(User.id).where(User.username == name)).first() is not None:
        raise LenteraError("users.username_taken", username=name)
    if user_role == Role.focal_point:
        if organisation_id is None:
            raise LenteraError("users.focal_point_needs_opd")
    else:
        organisation_id = None
    if organisation_id is not None:
        organisation = (
            require_organisation(session, actor, organisation_id)
            if actor
            else session.get(Organisation, organisation_id)
        )
        if organisation is None:
            raise LenteraError("perm.not_found")
        region_id = organisation.region_id
    elif region_id is not None:
        if actor is not None:
            require_region(session, actor, region_id)
    elif actor is not None:
        region_id = actor.region_id  # a regional admin creates users inside their own region
    user = User(
        username=name,
        full_name=full_name.strip(),
        password_hash=_hasher.hash(password),
        role=user_role.value,
        region_id=region_id,
        organisation_id=organisation_id,
        email=(email or "").strip() or None,
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    record(session, actor=actor, action="user.created", entity="user", entity_id=user.id, after=_public(user))
    return user


def _public(user: User) -> dict[str, object]:
    """What an audit event may say about a user: never the password hash."""
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "region_id": user.region_id,
        "organisation_id": user.organisation_id,
        "active": user.active,
        "email": user.email,
    }


def _managed_user(session: Session, actor: Actor, user_id: int) -> User:
    """A user the acting admin may manage: inside the admin's region scope."""
    require_role(actor, Role.admin)
    user = session.get(User, user_id)
    if user is None:
        raise LenteraError("users.not_found")
    scope = regions_in_scope(session, actor)
    if scope is not None and user.region_id not in scope:
        raise LenteraError("perm.out_of_region")
    return user


def list_users(actor: Actor) -> pd.DataFrame:
    require_role(actor, Role.admin)
    with session_scope() as session:
        scope = regions_in_scope(session, actor)
        query = select(User, Organisation.abbreviation).join(
            Organisation, col(User.organisation_id) == Organisation.id, isouter=True
        )
        if scope is not None:
            query = query.where(col(User.region_id).in_(scope))
        now = utcnow()
        rows = [
            {
                "id": user.id,
                "username": user.username,
                "full_name": user.full_name,
                "role": user.role,
                "region_id": user.region_id,
                "organisation_id": user.organisation_id,
                "organisation": abbreviation,
                "active": user.active,
                "locked": _locked_until(user, now) is not None,
                "locked_until": as_utc(user.locked_until),
                "failed_logins": user.failed_logins,
                "last_login_at": as_utc(user.last_login_at),
                "email": user.email,
            }
            for user, abbreviation in session.exec(query.order_by(col(User.username))).all()
        ]
    columns = [
        "id",
        "username",
        "full_name",
        "role",
        "region_id",
        "organisation_id",
        "organisation",
        "active",
        "locked",
        "locked_until",
        "failed_logins",
        "last_login_at",
        "email",
    ]
    return pd.DataFrame(rows, columns=columns)


def set_active(actor: Actor, *, user_id: int, active: bool) -> None:
    with session_scope() as session:
        user = _managed_user(session, actor, user_id)
        if user.id == actor.id and not active:
            raise LenteraError("users.cannot_deactivate_self")
        before = user.active
        user.active = active
        session.add(user)
        record(
            session,
            actor=actor,
            action="user.activated" if active else "user.deactivated",
            entity="user",
            entity_id=user.id,
            before={"active": before},
            after={"active": active},
        )


def reset_password(actor: Actor, *, user_id: int, new_password: str) -> None:
    """An admin sets a new password; the account is unlocked too."""
    with session_scope() as session:
        user = _managed_user(session, actor, user_id)
        _set_password(session, user, new_password, actor=actor)


def operator_reset_password(*, username: str, new_password: str) -> None:
    """For ``lentera reset-password``, e.g. when the only admin forgot theirs."""
    with session_scope() as session:
        user = session.exec(select(User).where(User.username == normalise_username(username))).first()
        if user is None:
            raise LenteraError("users.not_found")
        _set_password(session, user, new_password, actor=None)


def _set_password(session: Session, user: User, new_password: str, *, actor: Actor | None) -> None:
    check_password_rules(new_password, username=user.username)
    user.password_hash = _hasher.hash(new_password)
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)
    record(
        session,
        actor=actor,
        action="user.password_reset",
        entity="user",
        entity_id=user.id,
        after={"username": user.username},
    )


def unlock(actor: Actor, *, user_id: int) -> None:
    with session_scope() as session:
        user = _managed_user(session, actor, user_id)
        before = {"failed_logins": user.failed_logins, "locked_until": as_utc(user.locked_until)}
        user.failed_logins = 0
        user.locked_until = None
        session.add(user)
        record(
            session,
            actor=actor,
            action="user.unlocked",
            entity="user",
            entity_id=user.id,
            before=before,
            after={"failed_logins": 0, "locked_until": None},
        )
