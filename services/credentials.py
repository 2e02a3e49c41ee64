"""Credentials: the argon2id hasher, the password and username rules, and the lock state of an account.

Shared by sign-in (services/signin.py) and user management (services/users.py), so both hash, verify and
judge passwords the same way. Tests swap ``_hasher`` for a cheap one; everything reads it through this module.

Every argon2 computation waits for one of ``HASH_SLOTS`` slots: each takes 64 MiB and four threads, and fifty
parallel sign-ins once took 3 GB and 14 s; queued, they take memory for two at a time and finish in turn.
"""

from __future__ import annotations

import re
import threading
from datetime import datetime
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from i18n import LenteraError, register
from models.tables import User, as_utc

PASSWORD_MIN = 10
PASSWORD_MAX = 256
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")

# argon2id with the library's defaults (RFC 9106 low-memory profile: 64 MiB, t=3, p=4).
_hasher = PasswordHasher()
HASH_SLOTS = 2
_slots = threading.BoundedSemaphore(HASH_SLOTS)
_dummy_hashes: dict[tuple[int, ...], str] = {}

register(
    {
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
        "auth.password_too_common": {
            "id": "Kata sandi ini terlalu umum dan mudah ditebak; pilih yang lain.",
            "en": "This password is too common and easy to guess; choose another one.",
        },
        "auth.password_needs_letters_digits": {
            "id": "Kata sandi harus memuat huruf dan angka.",
            "en": "The password needs both letters and digits.",
        },
    }
)


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def check_password_rules(password: str, *, username: str) -> None:
    """Raise the first rule the password breaks: length, not the username, letters and digits, not common."""
    if len(password) < PASSWORD_MIN:
        raise LenteraError("auth.password_too_short", min=PASSWORD_MIN)
    if len(password) > PASSWORD_MAX:
        raise LenteraError("auth.password_too_long", max=PASSWORD_MAX)
    name = normalise_username(username)
    if name and name in password.lower():
        raise LenteraError("auth.password_is_username")
    if not (any(ch.isalpha() for ch in password) and any(ch.isdigit() for ch in password)):
        raise LenteraError("auth.password_needs_letters_digits")
    if is_common(password):
        raise LenteraError("auth.password_too_common")


def is_common(password: str) -> bool:
    """A deny-listed password, also with digits added around it (seed_data/common-passwords.txt)."""
    plain = "".join(ch for ch in password.lower() if ch.isalnum())
    core = plain.strip("0123456789")
    return plain in _common_passwords() or (core != "" and core in _common_passwords())


@cache
def _common_passwords() -> frozenset[str]:
    text = resources.files("seed_data").joinpath("common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def hash_password(password: str) -> str:
    with _slots:
        return _hasher.hash(password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def verify(password_hash: str, password: str) -> bool:
    try:
        with _slots:
            return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_dummy(password: str) -> None:
    """Spend the time a real check costs, for an unknown or inactive user."""
    verify(_dummy_hash(), password)


def _dummy_hash() -> str:
    """A hash made with the current hasher's cost, checked for unknown users so they cost the same time."""
    # Keyed on the cost parameters, not id(): a freed hasher's id is reused by the next one.
    key = (_hasher.time_cost, _hasher.memory_cost, _hasher.parallelism, _hasher.hash_len, _hasher.salt_len)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = hash_password("lentera-dummy-password-for-timing")
    return _dummy_hashes[key]


def locked_until(user: User, now: datetime) -> datetime | None:
    """When the account's lockout ends, or None if it is not locked now."""
    until = as_utc(user.locked_until)
    return until if until is not None and until > now else None
