"""An admin edits a user (services.users.update_user): name, role, OPD and e-mail, audited, inside the admin's scope.

A change of role or OPD (what the user may see and do) ends the user's signed-in browsers, as deactivation does;
a new name or e-mail does not.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SmallWorld
from sqlmodel import col, select

from i18n import LenteraError
from models import AuditEvent, Role, session_scope
from services import user_sessions, users

PASSWORD = "Sandi-Kuat-2026"


def make_user(world: SmallWorld, username: str = "operator", *, region_id: int | None = None) -> int:
    return users.create_user(
        world.admin,
        username=username,
        full_name="Operator Kominfo",
        password=PASSWORD,
        role=Role.focal_point,
        organisation_id=world.opd_id,
        region_id=region_id,
    ).id


def signed_in(user_id: int) -> str:
    return user_sessions.claim(code=user_sessions.start(user_id=user_id, browser="b"), browser="b")


def session_error(token: str) -> str | None:
    try:
        user_sessions.resume(token=token)
    except LenteraError as err:
        return err.key
    return None


def error_key(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(LenteraError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value.key


def test_an_admin_changes_name_role_opd_and_email_and_it_is_audited(small_world: SmallWorld) -> None:
    user_id = make_user(small_world)
    info = users.update_user(
        small_world.admin,
        user_id=user_id,
        full_name="  Operator BPKAD ",
        role=Role.focal_point,
        organisation_id=small_world.other_opd_id,
        email="op@bpkad.go.id",
    )
    assert (info.full_name, info.organisation_id, info.email) == (
        "Operator BPKAD",
        small_world.other_opd_id,
        "op@bpkad.go.id",
    )
    info = users.update_user(
        small_world.admin,
        user_id=user_id,
        full_name="Operator BPKAD",
        role=Role.inspector,
        region_id=small_world.kabupaten_id,
        email=None,
    )
    assert (info.role, info.organisation_id, info.region_id, info.email) == (
        Role.inspector,
        None,
        small_world.kabupaten_id,
        None,
    )
    with session_scope() as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "user.updated").order_by(col(AuditEvent.id))
        ).all()
    assert [(e.before or {}).get("role") for e in events] == ["focal_point", "focal_point"]
    assert [(e.after or {}).get("role") for e in events] == ["focal_point", "inspector"]
    assert "password_hash" not in str([e.after for e in events])


def test_a_role_or_opd_change_ends_the_users_sessions_a_new_name_does_not(small_world: SmallWorld) -> None:
    user_id = make_user(small_world)
    token = signed_in(user_id)
    fields: dict[str, Any] = {"role": Role.focal_point, "organisation_id": small_world.opd_id, "email": None}
    users.update_user(small_world.admin, user_id=user_id, full_name="Nama Baru", **fields)
    assert session_error(token) is None
    assert user_sessions.resume(token=token).full_name == "Nama Baru"
    users.update_user(
        small_world.admin,
        user_id=user_id,
        full_name="Nama Baru",
        **fields | {"organisation_id": small_world.other_opd_id},
    )
    assert session_error(token) == "auth.session_ended"
    token = signed_in(user_id)
    users.update_user(
        small_world.admin,
        user_id=user_id,
        full_name="Nama Baru",
        role=Role.leader,
        region_id=small_world.province_id,
    )
    assert session_error(token) == "auth.session_ended"


def test_deactivation_ends_the_users_sessions(small_world: SmallWorld) -> None:
    user_id = make_user(small_world)
    token = signed_in(user_id)
    users.set_active(small_world.admin, user_id=user_id, active=False)
    assert session_error(token) in {"auth.account_inactive", "auth.session_ended"}
    users.set_active(small_world.admin, user_id=user_id, active=True)
    assert session_error(token) == "auth.session_ended"  # reactivation does not bring the old sign-in back


def test_the_edit_is_checked_like_a_new_user(small_world: SmallWorld) -> None:
    user_id = make_user(small_world)
    base = {"user_id": user_id, "full_name": "Operator", "email": None}
    assert error_key(users.update_user, small_world.admin, role="raja", **base) == "users.unknown_role"
    assert error_key(users.update_user, small_world.admin, role=Role.focal_point, **base) == (
        "users.focal_point_needs_opd"
    )
    assert error_key(users.update_user, small_world.admin, role=Role.admin, user_id=999, full_name="x") == (
        "users.not_found"
    )
    assert error_key(
        users.update_user, small_world.admin, role=Role.leader, full_name="", user_id=user_id
    ) == ("users.full_name_required")


def test_an_admin_does_not_change_their_own_role(small_world: SmallWorld) -> None:
    admin = small_world.admin
    assert error_key(
        users.update_user, admin, user_id=admin.id, full_name=admin.full_name, role=Role.leader
    ) == ("users.cannot_change_own_role")
    users.update_user(
        admin, user_id=admin.id, full_name="Admin Provinsi", role=Role.admin, region_id=admin.region_id
    )


def test_a_regional_admin_edits_only_inside_their_region(small_world: SmallWorld) -> None:
    regional_id = users.create_user(
        small_world.admin,
        username="admin.halbar",
        full_name="Admin Halbar",
        password=PASSWORD,
        role=Role.admin,
        region_id=small_world.kabupaten_id,
    ).id
    from services.signin import get_actor

    regional = get_actor(regional_id)
    province_user = make_user(small_world, "op.provinsi")
    local_user = users.create_user(
        regional, username="sekda.halbar", full_name="Sekda", password=PASSWORD, role=Role.leader
    ).id
    assert (
        error_key(users.update_user, regional, user_id=province_user, full_name="x", role=Role.leader)
        == "perm.out_of_region"
    )
    assert (
        error_key(
            users.update_user,
            regional,
            user_id=local_user,
            full_name="Sekda",
            role=Role.focal_point,
            organisation_id=small_world.opd_id,
        )
        == "perm.out_of_region"
    )
    info = users.update_user(regional, user_id=local_user, full_name="Sekda Halbar", role=Role.inspector)
    assert (info.role, info.region_id) == (Role.inspector, small_world.kabupaten_id)


def test_only_admins_edit_users(small_world: SmallWorld) -> None:
    user_id = make_user(small_world)
    from services.signin import get_actor

    focal = get_actor(user_id)
    assert (
        error_key(users.update_user, focal, user_id=user_id, full_name="x", role=Role.admin) == "perm.denied"
    )


def test_an_admin_sets_the_nip_and_position_printed_under_a_signature_and_it_is_audited(
    small_world: SmallWorld,
) -> None:
    """NIP and jabatan are stored as printed, audited before/after, kept when not given, cleared with ""."""
    user_id = make_user(small_world)
    base: dict[str, Any] = {
        "full_name": "Operator",
        "role": Role.focal_point,
        "organisation_id": small_world.opd_id,
    }
    info = users.update_user(
        small_world.admin, user_id=user_id, nip="197804122005012003", position="  Kepala  Bidang TIK ", **base
    )
    assert (info.nip, info.position) == ("19780412 200501 2 003", "Kepala Bidang TIK")
    info = users.update_user(small_world.admin, user_id=user_id, **base)  # not given: left as they are
    assert (info.nip, info.position) == ("19780412 200501 2 003", "Kepala Bidang TIK")
    listed = users.list_users(small_world.admin).set_index("id")
    assert (listed.loc[user_id, "nip"], listed.loc[user_id, "position"]) == (
        "19780412 200501 2 003",
        "Kepala Bidang TIK",
    )
    info = users.update_user(small_world.admin, user_id=user_id, nip="", position="", **base)
    assert (info.nip, info.position) == (None, None)
    with session_scope() as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "user.updated").order_by(col(AuditEvent.id))
        ).all()
    assert (events[0].before or {}).get("nip") is None
    assert (events[0].after or {}).get("nip") == "19780412 200501 2 003"
    assert (events[0].after or {}).get("position") == "Kepala Bidang TIK"
    assert (events[-1].before or {}).get("position") == "Kepala Bidang TIK"


def test_a_nip_that_is_not_18_digits_or_a_long_position_is_refused_and_nothing_changes(
    small_world: SmallWorld,
) -> None:
    """A wrong NIP or a 201-character position is refused with a translated error; the user stays as it was."""
    user_id = make_user(small_world)
    base: dict[str, Any] = {"user_id": user_id, "full_name": "Nama Lain", "role": Role.focal_point,
                            "organisation_id": small_world.opd_id}  # fmt: skip
    for nip in ("1978041220050120", "19780412 200501 2 00x", "1978041220050120031"):
        assert error_key(users.update_user, small_world.admin, nip=nip, **base) == "users.bad_nip"
    assert error_key(users.update_user, small_world.admin, position="x" * 201, **base) == "users.bad_position"
    listed = users.list_users(small_world.admin).set_index("id")
    assert listed.loc[user_id, "full_name"] == "Operator Kominfo"
    assert listed["nip"].isna()[user_id]
