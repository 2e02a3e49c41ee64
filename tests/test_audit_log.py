"""The audit log page's data and single sign-on mapping to local accounts."""

from __future__ import annotations

import pytest
from conftest import SmallWorld

from i18n import LenteraError
from models import Role
from services import signin, users
from services.audit import audit_log


def test_admin_reads_newest_events_first_filtered_by_action(small_world: SmallWorld) -> None:
    """Every user change appears in the audit log, newest first, and an action prefix narrows it."""
    admin = small_world.admin
    users.create_user(
        admin, username="sekda", full_name="Sekretaris Daerah", password="Sofifi-2026-ok", role=Role.leader,
        region_id=small_world.province_id,
    )  # fmt: skip
    with pytest.raises(LenteraError):
        signin.authenticate(username="sekda", password="wrong-password-1")
    log = audit_log(admin, limit=50)
    assert list(log["action"][:2]) == ["user.login_failed", "user.created"]
    assert set(audit_log(admin, action="user.login")["action"]) == {"user.login_failed"}
    assert "Sofifi-2026-ok" not in log.to_string()


@pytest.mark.parametrize("role", [Role.leader, Role.inspector])
def test_only_admins_read_the_audit_log(small_world: SmallWorld, role: Role) -> None:
    """Leaders and inspectors are refused the audit log."""
    users.create_user(
        small_world.admin, username="someone", full_name="Someone", password="Sofifi-2026-ok", role=role,
        region_id=small_world.province_id,
    )  # fmt: skip
    actor = signin.authenticate(username="someone", password="Sofifi-2026-ok")
    with pytest.raises(LenteraError) as refused:
        audit_log(actor)
    assert refused.value.key == "perm.denied"


def test_sso_maps_an_email_to_the_active_local_user_only(small_world: SmallWorld) -> None:
    """A vouched-for e-mail signs in its local user; unknown or deactivated addresses are refused."""
    admin = small_world.admin
    info = users.create_user(
        admin, username="inspektur", full_name="Inspektur", password="Ternate-2026-ok", role=Role.inspector,
        region_id=small_world.province_id, email="Inspektur@MalutProv.go.id",
    )  # fmt: skip
    actor = signin.actor_for_email(email="inspektur@malutprov.go.id")
    assert actor.username == "inspektur" and actor.role == Role.inspector
    with pytest.raises(LenteraError) as unknown:
        signin.actor_for_email(email="stranger@example.org")
    assert "stranger@example.org" in unknown.value.message("id")
    users.set_active(admin, user_id=info.id, active=False)
    with pytest.raises(LenteraError):
        signin.actor_for_email(email="inspektur@malutprov.go.id")


def test_a_regional_admin_reads_only_their_regions_events(small_world: SmallWorld) -> None:
    """An admin scoped to a kabupaten does not see what province users did."""
    admin = small_world.admin
    users.create_user(
        admin, username="admin.halbar", full_name="Admin Halbar", password="Jailolo-2026-ok", role=Role.admin,
        region_id=small_world.kabupaten_id,
    )  # fmt: skip
    users.create_user(
        admin, username="sekda", full_name="Sekda", password="Sofifi-2026-ok", role=Role.leader,
        region_id=small_world.province_id,
    )  # fmt: skip
    regional = signin.authenticate(username="admin.halbar", password="Jailolo-2026-ok")
    assert not audit_log(admin, action="user.created").empty
    seen = audit_log(regional)
    assert set(seen["actor_username"]) == {"admin.halbar"}
    assert list(seen["action"]) == ["user.login"]


def test_sso_refuses_an_email_shared_by_two_accounts(small_world: SmallWorld) -> None:
    """An e-mail used by two accounts signs in neither."""
    for username in ("satu", "dua"):
        users.create_user(
            small_world.admin, username=username, full_name=username, password="Ternate-2026-ok",
            role=Role.leader, region_id=small_world.province_id, email="bersama@malutprov.go.id",
        )  # fmt: skip
    with pytest.raises(LenteraError) as refused:
        signin.actor_for_email(email="bersama@malutprov.go.id")
    assert refused.value.key == "auth.sso_ambiguous"


def test_sso_binds_the_providers_subject_at_the_first_sign_on(small_world: SmallWorld) -> None:
    """After the first sign-on the provider's ``sub`` decides: a recycled e-mail no longer opens the account."""
    users.create_user(
        small_world.admin, username="inspektur", full_name="Inspektur", password="Ternate-2026-ok",
        role=Role.inspector, region_id=small_world.province_id, email="inspektur@malutprov.go.id",
    )  # fmt: skip
    first = signin.actor_for_email(email="inspektur@malutprov.go.id", subject="idp|1001")
    assert first.username == "inspektur"
    # The same person, whose address changed at the provider: still their account.
    assert signin.actor_for_email(email="baru@malutprov.go.id", subject="idp|1001").id == first.id
    # The old address handed to someone else (another subject), or presented without a subject: refused.
    for subject in ("idp|2002", None):
        with pytest.raises(LenteraError) as refused:
            signin.actor_for_email(email="inspektur@malutprov.go.id", subject=subject)
        assert refused.value.key == "auth.sso_unknown"
