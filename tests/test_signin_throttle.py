"""Sign-in throttling instead of a lock an attacker controls; no username oracle; bounded parallel hashing.

Issue 12 (Medium): five anonymous attempts locked ``admin`` for 15 minutes, again and again; the lock message
appeared only for existing usernames; 50 parallel sign-ins took gigabytes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from conftest import SmallWorld

from i18n import LenteraError
from models import Role, utcnow
from services import credentials, signin, users
from services.audit import audit_log

PASSWORD = "Sandi-Kuat-2026"
ATTACKER = "203.0.113.9"
OFFICE = "198.51.100.20"


def attempt(username: str, password: str = "Salah-12345", client: str = ATTACKER) -> str:
    try:
        signin.authenticate(username=username, password=password, client=client)
    except LenteraError as error:
        return error.key
    return "ok"


class Watched:
    """The test hasher, with a hook around every verification (PasswordHasher's attributes are read-only)."""

    def __init__(self, hasher: PasswordHasher, around: Callable[[], object]) -> None:
        self._hasher, self._around = hasher, around

    def __getattr__(self, name: str) -> object:
        return getattr(self._hasher, name)

    def verify(self, stored: str, password: str) -> bool:
        self._around()
        return self._hasher.verify(stored, password)


def make(world: SmallWorld, username: str, region_id: int | None = None) -> int:
    region = world.province_id if region_id is None else region_id
    return users.create_user(
        world.admin, username=username, full_name=username, password=PASSWORD, role=Role.leader,
        region_id=region,
    ).id  # fmt: skip


def test_an_attacker_cannot_lock_the_real_user_out(small_world: SmallWorld) -> None:
    make(small_world, "sekda")
    assert [attempt("sekda") for _ in range(6)][-2:] == ["auth.throttled", "auth.throttled"]
    assert attempt("sekda", PASSWORD, client=OFFICE) == "ok"  # the real user, from their own office


def test_unknown_and_existing_usernames_get_the_same_answers(small_world: SmallWorld) -> None:
    make(small_world, "sekda")
    existing = [attempt("sekda") for _ in range(8)]
    unknown = [attempt("tidak.ada", client=OFFICE) for _ in range(8)]
    assert existing == unknown
    assert "auth.throttled" in existing


def test_a_throttled_attempt_spends_no_hashing(
    small_world: SmallWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(small_world, "sekda")
    for _ in range(5):
        attempt("sekda")
        attempt("tidak.ada")
    calls: list[str] = []
    monkeypatch.setattr(credentials, "_hasher", Watched(credentials._hasher, lambda: calls.append("verify")))
    assert attempt("sekda", PASSWORD) == "auth.throttled"
    assert attempt("tidak.ada") == "auth.throttled"
    assert calls == []


def test_waits_double_and_end(small_world: SmallWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    make(small_world, "sekda")
    clock = [utcnow()]
    monkeypatch.setattr(signin, "utcnow", lambda: clock[0])
    assert [attempt("sekda") for _ in range(5)] == ["auth.invalid"] * 4 + ["auth.throttled"]
    clock[0] += timedelta(seconds=1.5)  # the first wait is one second
    assert attempt("sekda") == "auth.throttled"  # a failure again, and now two seconds
    clock[0] += timedelta(seconds=1.5)
    assert attempt("sekda", PASSWORD) == "auth.throttled"
    clock[0] += timedelta(seconds=1)
    assert attempt("sekda", PASSWORD) == "ok"
    assert attempt("sekda") == "auth.invalid"  # the success wiped the slate


def test_spraying_many_usernames_from_one_address_is_slowed(small_world: SmallWorld) -> None:
    answers = [attempt(f"tebakan{i}") for i in range(31)]
    assert answers[:29] == ["auth.invalid"] * 29
    assert answers[-1] == "auth.throttled"
    assert attempt("lain.lagi", client=OFFICE) == "auth.invalid"  # other addresses are unaffected


def test_parallel_guesses_cannot_slip_past_the_throttle(small_world: SmallWorld) -> None:
    make(small_world, "sekda")
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: attempt("sekda"), range(16)))
    # Each attempt is charged before its password is checked: at most five were checked at all.
    assert answers.count("auth.invalid") <= 4
    assert answers.count("auth.invalid") + answers.count("auth.throttled") == 16


def test_argon2_runs_at_most_two_at_a_time(small_world: SmallWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    make(small_world, "sekda")
    running, peak, lock = [0], [0], threading.Lock()

    def busy() -> None:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1

    monkeypatch.setattr(credentials, "_hasher", Watched(credentials._hasher, busy))
    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(lambda i: attempt("sekda", PASSWORD, client=f"10.0.0.{i}"), range(12)))
    assert 1 <= peak[0] <= credentials.HASH_SLOTS


def test_a_regional_admin_sees_failed_sign_ins_of_their_users_only(small_world: SmallWorld) -> None:
    make(small_world, "camat", region_id=small_world.kabupaten_id)
    make(small_world, "sekda")
    users.create_user(
        small_world.admin, username="admin.halbar", full_name="Admin Halbar", password=PASSWORD, role=Role.admin,
        region_id=small_world.kabupaten_id,
    )  # fmt: skip
    for _ in range(5):
        attempt("camat")
        attempt("sekda", client=OFFICE)
    regional = signin.authenticate(username="admin.halbar", password=PASSWORD)
    seen = audit_log(regional)
    about = set(seen.loc[seen["action"].isin(["user.login_failed", "user.locked"]), "entity_id"])
    camat = users.list_users(small_world.admin).set_index("username").loc["camat", "id"]
    assert about == {str(camat)}
    assert {"user.login_failed", "user.locked"} <= set(seen["action"])
    assert ATTACKER in seen.to_string()  # the address the attempts came from
