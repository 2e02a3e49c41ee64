"""Sign-in, lockout and user management, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Literal

import pytest
from argon2 import PasswordHasher, extract_parameters
from conftest import SmallWorld, sqlite_each_postgres_one
from sqlmodel import col, select

from i18n import LenteraError
from models import AuditEvent, Role, User, session_scope, utcnow
from services import credentials, signin, users
from services.actor import Actor
from services.install import new_setup_token

PASSWORD = "Sandi-Kuat-2026"


@pytest.fixture
def world(small_world: SmallWorld) -> SmallWorld:
    return small_world


def make_user(
    world: SmallWorld,
    username: str = "operator",
    role: Role = Role.focal_point,
    *,
    organisation_id: int | None = None,
    region_id: int | None = None,
) -> int:
    if organisation_id is None and role == Role.focal_point:
        organisation_id = world.opd_id
    info = users.create_user(
        world.admin,
        username=username,
        full_name="Operator Kominfo",
        password=PASSWORD,
        role=role,
        organisation_id=organisation_id,
        region_id=region_id,
    )
    return info.id


def error_key(call: object, **kwargs: object) -> str:
    with pytest.raises(LenteraError) as caught:
        call(**kwargs)  # type: ignore[operator]
    return caught.value.key


def test_right_password_signs_in_as_the_user(world: SmallWorld) -> None:
    user_id = make_user(world)
    actor = signin.authenticate(username=" Operator ", password=PASSWORD)
    assert (actor.id, actor.role, actor.organisation_id) == (user_id, Role.focal_point, world.opd_id)
    assert signin.get_actor(user_id) == actor


def test_unknown_user_and_wrong_password_get_the_same_message(world: SmallWorld) -> None:
    make_user(world)
    unknown = error_key(signin.authenticate, username="nobody", password=PASSWORD)
    wrong = error_key(signin.authenticate, username="operator", password="Salah-12345")
    assert unknown == wrong == "auth.invalid"


class CountingHasher(PasswordHasher):
    """argon2id at test cost that records the hash of every verification it is asked for."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8192, parallelism=1)
        self.verified: list[str] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.verified.append(hash.decode() if isinstance(hash, bytes) else hash)
        return super().verify(hash, password)


def test_unknown_and_inactive_users_cost_one_argon2_verification_like_a_wrong_password(
    world: SmallWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every failed sign-in pays exactly one verification at the hasher's cost: a user who does not exist or is
    inactive is checked against the dummy hash, so the answer time does not tell which names exist."""
    hasher = CountingHasher()
    monkeypatch.setattr(credentials, "_hasher", hasher)
    user_id = make_user(world)
    inactive_id = make_user(world, username="pensiun")
    users.set_active(world.admin, user_id=inactive_id, active=False)
    with session_scope() as session:
        own_hash = session.exec(select(User.password_hash).where(User.id == user_id)).one()

    def verified_on_failure(username: str) -> list[str]:
        hasher.verified.clear()
        with pytest.raises(LenteraError):
            signin.authenticate(username=username, password="Salah-12345")
        return list(hasher.verified)

    assert verified_on_failure("operator") == [own_hash]
    (unknown,) = verified_on_failure("tidak-ada")
    (inactive,) = verified_on_failure("pensiun")
    assert unknown == inactive != own_hash
    # The dummy hash costs what a real one does: made with the hasher's own parameters.
    assert extract_parameters(unknown) == extract_parameters(own_hash) == extract_parameters(hasher.hash("x"))


def test_five_failures_throttle_the_account_until_an_admin_unlocks_it(world: SmallWorld) -> None:
    user_id = make_user(world)
    keys = [error_key(signin.authenticate, username="operator", password=f"Salah-{i}xxxxx") for i in range(5)]
    assert keys == ["auth.invalid"] * 4 + ["auth.throttled"]
    with pytest.raises(LenteraError) as caught:
        signin.authenticate(username="operator", password=PASSWORD)
    assert caught.value.key == "auth.throttled"
    assert "WIT" in caught.value.message("id")

    users.unlock(world.admin, user_id=user_id)
    assert signin.authenticate(username="operator", password=PASSWORD).id == user_id


def test_a_wait_ends_after_its_time(world: SmallWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    user_id = make_user(world)
    for _ in range(5):
        with pytest.raises(LenteraError):
            signin.authenticate(username="operator", password="Salah-12345")
    later = utcnow() + timedelta(minutes=15)
    monkeypatch.setattr(signin, "utcnow", lambda: later)  # fifteen minutes pass
    assert signin.authenticate(username="operator", password=PASSWORD).id == user_id


def test_a_success_resets_the_failure_count(world: SmallWorld) -> None:
    make_user(world)
    for _ in range(4):
        with pytest.raises(LenteraError):
            signin.authenticate(username="operator", password="Salah-12345")
    signin.authenticate(username="operator", password=PASSWORD)
    for _ in range(4):
        assert error_key(signin.authenticate, username="operator", password="Salah-1234x") == "auth.invalid"


def test_deactivated_users_cannot_sign_in_and_lose_their_session(world: SmallWorld) -> None:
    user_id = make_user(world)
    users.set_active(world.admin, user_id=user_id, active=False)
    assert error_key(signin.authenticate, username="operator", password=PASSWORD) == "auth.invalid"
    assert error_key(signin.get_actor, user_id=user_id) == "auth.session_invalid"
    users.set_active(world.admin, user_id=user_id, active=True)
    assert signin.authenticate(username="operator", password=PASSWORD).id == user_id


PASSWORDS_REFUSED = [
    ("Pendek-1", "auth.password_too_short"),
    ("operator-2026", "auth.password_is_username"),
    ("hanyahurufsaja", "auth.password_needs_letters_digits"),
    ("12345678901234", "auth.password_needs_letters_digits"),
    ("Password-2026!", "auth.password_too_common"),
    ("P@ssw0rd-1234", "auth.password_too_common"),
    ("2026Indonesia", "auth.password_too_common"),
    ("x1" * 200, "auth.password_too_long"),
]


@pytest.mark.parametrize(
    ("db_url", "password", "key"),
    # Pure rules, checked before any SQL: each on SQLite, one on PostgreSQL.
    sqlite_each_postgres_one(PASSWORDS_REFUSED, ids=lambda case: str(case[1])),
    indirect=["db_url"],
)
def test_password_rules(world: SmallWorld, password: str, key: str) -> None:
    assert (
        error_key(
            users.create_user,
            actor=world.admin,
            username="operator",
            full_name="X",
            password=password,
            role="inspector",
        )
        == key
    )
    user_id = make_user(world, "operator", Role.inspector)
    assert error_key(users.reset_password, actor=world.admin, user_id=user_id, new_password=password) == key


def test_only_admins_manage_users(world: SmallWorld) -> None:
    inspector_id = make_user(world, "pemeriksa", Role.inspector)
    inspector = signin.authenticate(username="pemeriksa", password=PASSWORD)
    assert error_key(users.list_users, actor=inspector) == "perm.denied"
    assert error_key(users.unlock, actor=inspector, user_id=inspector_id) == "perm.denied"
    assert (
        error_key(
            users.create_user,
            actor=inspector,
            username="baru",
            full_name="Baru",
            password=PASSWORD,
            role="admin",
        )
        == "perm.denied"
    )


def test_focal_points_need_an_opd_and_roles_must_exist(world: SmallWorld) -> None:
    assert (
        error_key(
            users.create_user,
            actor=world.admin,
            username="operator2",
            full_name="Op",
            password=PASSWORD,
            role="focal_point",
        )
        == "users.focal_point_needs_opd"
    )
    assert (
        error_key(
            users.create_user,
            actor=world.admin,
            username="operator2",
            full_name="Op",
            password=PASSWORD,
            role="superuser",
        )
        == "users.unknown_role"
    )


def test_focal_point_takes_the_region_of_its_opd(world: SmallWorld) -> None:
    user_id = make_user(world, "halbar", Role.focal_point, organisation_id=world.kabupaten_opd_id)
    actor = signin.get_actor(user_id)
    assert (actor.region_id, actor.organisation_id) == (world.kabupaten_id, world.kabupaten_opd_id)


def test_a_regional_admin_manages_only_users_in_their_region(world: SmallWorld) -> None:
    kab_admin_id = make_user(world, "admin-halbar", Role.admin, region_id=world.kabupaten_id)
    kab_admin = signin.get_actor(kab_admin_id)
    province_user = make_user(world, "provinsi")
    assert error_key(users.unlock, actor=kab_admin, user_id=province_user) == "perm.out_of_region"
    assert (
        error_key(
            users.create_user,
            actor=kab_admin,
            username="op2",
            full_name="Op",
            password=PASSWORD,
            role="focal_point",
            organisation_id=world.opd_id,
        )
        == "perm.out_of_region"
    )
    local = users.create_user(
        kab_admin, username="op-halbar", full_name="Op", password=PASSWORD, role="inspector"
    )
    assert local.region_id == world.kabupaten_id
    assert set(users.list_users(kab_admin)["username"]) == {"admin-halbar", "op-halbar"}


def test_usernames_are_unique_and_case_insensitive(world: SmallWorld) -> None:
    make_user(world, "operator")
    assert (
        error_key(
            users.create_user,
            actor=world.admin,
            username="OPERATOR",
            full_name="X",
            password=PASSWORD,
            role="inspector",
        )
        == "users.username_taken"
    )


def test_first_admin_only_once(db_url: str) -> None:
    assert signin.first_admin_needed()
    signin.create_first_admin(
        username="admin", full_name="Admin", password=PASSWORD, setup_token=new_setup_token()
    )
    assert not signin.first_admin_needed()
    assert (
        error_key(
            signin.create_first_admin,
            username="admin2",
            full_name="A",
            password=PASSWORD,
            setup_token=new_setup_token(),
        )
        == "users.admin_exists"
    )


def test_admin_cannot_deactivate_themselves(world: SmallWorld) -> None:
    assert (
        error_key(users.set_active, actor=world.admin, user_id=world.admin.id, active=False)
        == "users.cannot_deactivate_self"
    )


def test_change_password_needs_the_old_one(world: SmallWorld) -> None:
    user_id = make_user(world)
    actor: Actor = signin.get_actor(user_id)
    new = "Baru-Sekali-99"
    assert (
        error_key(users.change_password, actor=actor, old_password="salah-123456", new_password=new)
        == "auth.wrong_password"
    )
    users.change_password(actor, old_password=PASSWORD, new_password=new)
    assert signin.authenticate(username="operator", password=new).id == user_id


def test_every_change_is_audited_without_passwords(world: SmallWorld) -> None:
    user_id = make_user(world)
    users.reset_password(world.admin, user_id=user_id, new_password="Lain-Lagi-2026")
    with pytest.raises(LenteraError):
        signin.authenticate(username="operator", password="Salah-12345")
    signin.authenticate(username="operator", password="Lain-Lagi-2026")
    users.set_active(world.admin, user_id=user_id, active=False)
    with session_scope() as session:
        events = session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).all()
        actions = [e.action for e in events]
        text = " ".join(f"{e.before} {e.after}" for e in events)
    assert actions[-5:] == [
        "user.created",
        "user.password_reset",
        "user.login_failed",
        "user.login",
        "user.deactivated",
    ]
    for secret in (PASSWORD, "Lain-Lagi-2026", "Salah-12345", "$argon2"):
        assert secret not in text


def test_list_users_shows_lock_state(world: SmallWorld) -> None:
    make_user(world)
    for _ in range(5):
        with pytest.raises(LenteraError):
            signin.authenticate(username="operator", password="Salah-12345")
    listed = users.list_users(world.admin).set_index("username")
    assert bool(listed.loc["operator", "locked"]) and not bool(listed.loc["admin", "locked"])
    assert listed.loc["operator", "organisation"] == "DISKOMINFO"


# --------------------------------------------------------------------------- the command line


def run_cli(monkeypatch: pytest.MonkeyPatch, args: list[str], stdin: str = "") -> int:
    import cli

    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return cli.main(args)


def test_cli_creates_the_first_admin_and_resets_a_forgotten_password(
    world: SmallWorld, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["create-user", "kadis", "--name", "Kepala Dinas", "--role", "leader", "--password-stdin"]
    assert run_cli(monkeypatch, args, PASSWORD + "\n") == 0
    assert signin.authenticate(username="kadis", password=PASSWORD).role == Role.leader
    assert run_cli(monkeypatch, args, PASSWORD + "\n") == 2  # taken
    assert "kadis" in capsys.readouterr().err

    for _ in range(5):
        with pytest.raises(LenteraError):
            signin.authenticate(username="kadis", password="Salah-12345")
    assert run_cli(monkeypatch, ["reset-password", "kadis", "--password-stdin"], "pendek\n") == 2
    assert run_cli(monkeypatch, ["reset-password", "kadis", "--password-stdin"], "Baru-Lagi-2027\n") == 0
    assert signin.authenticate(username="kadis", password="Baru-Lagi-2027").username == "kadis"
    assert run_cli(monkeypatch, ["reset-password", "siapa", "--password-stdin"], "Baru-Lagi-2027\n") == 2


def test_cli_focal_point_needs_an_opd(world: SmallWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    base = ["create-user", "op.baru", "--name", "Operator", "--role", "focal_point", "--password-stdin"]
    assert run_cli(monkeypatch, base, PASSWORD + "\n") == 2
    assert run_cli(monkeypatch, [*base, "--organisation-id", str(world.opd_id)], PASSWORD + "\n") == 0
    assert signin.authenticate(username="op.baru", password=PASSWORD).organisation_id == world.opd_id
