"""User management by admins (create, edit, list, (de)activate, reset, unlock) and a user's own password change.

Admins manage users inside their region scope; the operator functions serve the CLI, whose user already holds
the data folder. Passwords and hashes never appear in audit events. Signing in is services/signin.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from sqlmodel import Session, col, select

from i18n import LenteraError, register
from models.database import session_scope
from models.tables import Organisation, Role, User, as_utc, utcnow
from services import credentials, throttle
from services.actor import Actor
from services.audit import record
from services.permissions import regions_in_scope, require, require_organisation, require_region
from services.user_sessions import revoke_user_sessions

register(
    {
        "auth.session_invalid": {
            "id": "Sesi Anda tidak berlaku lagi. Silakan masuk kembali.",
            "en": "Your session is no longer valid. Please sign in again.",
        },
        "auth.wrong_password": {
            "id": "Kata sandi lama salah.",
            "en": "The current password is wrong.",
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
        "users.full_name_required": {"id": "Nama lengkap wajib diisi.", "en": "The full name is required."},
        "users.cannot_change_own_role": {
            "id": "Anda tidak dapat mengubah peran akun Anda sendiri.",
            "en": "You cannot change your own account's role.",
        },
        "users.bad_nip": {
            "id": "NIP terdiri atas 18 angka (spasi boleh), atau kosongkan: {nip}",
            "en": "A NIP has 18 digits (spaces allowed), or leave it empty: {nip}",
        },
        "users.bad_position": {
            "id": "Jabatan paling banyak 200 karakter.",
            "en": "The position has at most 200 characters.",
        },
        "users.cannot_deactivate_self": {
            "id": "Anda tidak dapat menonaktifkan akun Anda sendiri.",
            "en": "You cannot deactivate your own account.",
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
    nip: str | None = None
    position: str | None = None

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
            nip=user.nip,
            position=user.position,
        )


def check_nip(nip: str | None) -> str | None:
    """A civil servant's NIP written as it is printed ("19780412 200501 2 003"), or None when left empty; it has
    18 digits: birth date, appointment month, sex, sequence."""
    digits = "".join((nip or "").split())
    if not digits:
        return None
    if len(digits) != 18 or not digits.isdigit():
        raise LenteraError("users.bad_nip", nip=nip)
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


def _check_position(position: str | None) -> str | None:
    text = " ".join((position or "").split())
    if len(text) > 200:
        raise LenteraError("users.bad_position")
    return text or None


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
    require(actor, "create_user")
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
        return UserInfo.from_user(insert_user(session, actor=actor, **fields))


def insert_user(
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
    name = credentials.normalise_username(username)
    if not credentials.USERNAME_PATTERN.match(name):
        raise LenteraError("users.username_invalid")
    user_role = _role(role)
    credentials.check_password_rules(password, username=name)
    if session.exec(select(User.id).where(User.username == name)).first() is not None:
        raise LenteraError("users.username_taken", username=name)
    region_id, organisation_id = _placement(session, actor, user_role, region_id, organisation_id)
    user = User(
        username=name,
        full_name=full_name.strip(),
        password_hash=credentials.hash_password(password),
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


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise LenteraError("users.unknown_role", role=role) from None


def _placement(
    session: Session, actor: Actor | None, role: Role, region_id: int | None, organisation_id: int | None
) -> tuple[int | None, int | None]:
    """(region, OPD) of a user with ``role``, each inside the acting admin's scope (``actor=None``: the CLI).

    A focal point belongs to an OPD and gets its region; other roles have no OPD; a region-scoped admin's user
    without a region is put in the admin's own region.
    """
    if role != Role.focal_point:
        organisation_id = None
    elif organisation_id is None:
        raise LenteraError("users.focal_point_needs_opd")
    if organisation_id is not None:
        organisation = (
            require_organisation(session, actor, organisation_id)
            if actor
            else session.get(Organisation, organisation_id)
        )
        if organisation is None:
            raise LenteraError("perm.not_found")
        return organisation.region_id, organisation_id
    if region_id is not None:
        if actor is not None:
            require_region(session, actor, region_id)
        return region_id, None
    return (actor.region_id if actor is not None else None), None


def update_user(
    actor: Actor,
    *,
    user_id: int,
    full_name: str,
    role: str,
    region_id: int | None = None,
    organisation_id: int | None = None,
    email: str | None = None,
    nip: str | None = None,
    position: str | None = None,
) -> UserInfo:
    """An admin changes a user's name, role, OPD (or region), e-mail, and the NIP and position (jabatan) printed
    under the user's signature on a berita acara (``None``: left as they are; ``""``: cleared), checked as for a
    new user.

    A change of role, OPD or region ends the user's signed-in browsers: what they may see changed, and a page
    already open must not keep showing what they no longer may.
    """
    name = full_name.strip()
    if not name:
        raise LenteraError("users.full_name_required")
    user_role = _role(role)
    new_nip = None if nip is None else check_nip(nip)
    new_position = None if position is None else _check_position(position)
    with session_scope() as session:
        user = _managed_user(session, actor, user_id)
        if user.id == actor.id and user_role != Role(user.role):
            raise LenteraError("users.cannot_change_own_role")
        region_id, organisation_id = _placement(session, actor, user_role, region_id, organisation_id)
        before = _public(user)
        user.full_name = name
        user.role = user_role.value
        user.region_id = region_id
        user.organisation_id = organisation_id
        user.email = (email or "").strip() or None
        if nip is not None:
            user.nip = new_nip
        if position is not None:
            user.position = new_position
        session.add(user)
        after = _public(user)
        if any(before[key] != after[key] for key in ("role", "region_id", "organisation_id")):
            revoke_user_sessions(session, user_id=user_id)
        record(
            session,
            actor=actor,
            action="user.updated",
            entity="user",
            entity_id=user.id,
            before=before,
            after=after,
        )
        return UserInfo.from_user(user)


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
        "nip": user.nip,
        "position": user.position,
    }


def _managed_user(session: Session, actor: Actor, user_id: int) -> User:
    """A user the acting admin may manage: inside the admin's region scope."""
    require(actor, "edit_user")
    user = session.get(User, user_id)
    if user is None:
        raise LenteraError("users.not_found")
    scope = regions_in_scope(session, actor)
    if scope is not None and user.region_id not in scope:
        raise LenteraError("perm.out_of_region")
    return user


def list_users(actor: Actor) -> pd.DataFrame:
    require(actor, "list_users")
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
                "locked": credentials.locked_until(user, now) is not None,
                "locked_until": as_utc(user.locked_until),
                "failed_logins": user.failed_logins,
                "last_login_at": as_utc(user.last_login_at),
                "email": user.email,
                "nip": user.nip,
                "position": user.position,
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
        "nip",
        "position",
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
        if not active:
            revoke_user_sessions(session, user_id=user_id)
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
        user = session.exec(
            select(User).where(User.username == credentials.normalise_username(username))
        ).first()
        if user is None:
            raise LenteraError("users.not_found")
        _set_password(session, user, new_password, actor=None)


def _set_password(session: Session, user: User, new_password: str, *, actor: Actor | None) -> None:
    credentials.check_password_rules(new_password, username=user.username)
    user.password_hash = credentials.hash_password(new_password)
    user.failed_logins = 0
    user.locked_until = None
    throttle.forget_account(session, username=user.username)
    session.add(user)
    assert user.id is not None
    revoke_user_sessions(session, user_id=user.id)  # whoever knew the old password is signed out too
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
        throttle.forget_account(session, username=user.username)
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


def change_password(
    actor: Actor, *, old_password: str, new_password: str, current_token: str | None = None
) -> None:
    """The user's own new password; every other signed-in browser of theirs (not ``current_token``'s) ends."""
    with session_scope() as session:
        user = session.get(User, actor.id)
        if user is None or not user.active:
            raise LenteraError("auth.session_invalid")
        if not credentials.verify(user.password_hash, old_password):
            raise LenteraError("auth.wrong_password")
        credentials.check_password_rules(new_password, username=user.username)
        user.password_hash = credentials.hash_password(new_password)
        user.must_change_password = False
        session.add(user)
        revoke_user_sessions(session, user_id=actor.id, keep_token=current_token)
        record(session, actor=actor, action="user.password_changed", entity="user", entity_id=user.id)
