"""Security settings and secrets: the deployed Streamlit config, passwords and hashes kept out of audit events,
logs, CLI output and backup manifests, lockout, and sessions of deactivated users.

The user table inside a backup holds the argon2 hashes (a restore needs them); nothing else may.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import SmallWorld
from sqlmodel import select

from config import Settings
from i18n import LenteraError
from models import AuditEvent, User, session_scope
from services import signin, users

REPO = Path(__file__).resolve().parent.parent
LENTERA = Path(sys.executable).parent / "lentera"
PASSWORD = "Kunci-Rahasia-7391"
NEW_PASSWORD = "Sandi-Baru-8402x"
CLI_PASSWORD = "Operator-Sandi-5517"


# --------------------------------------------------------------------------- .streamlit/config.toml


@pytest.fixture(scope="module")
def streamlit_config() -> dict[str, dict[str, object]]:
    return tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_end_users_get_no_tracebacks_no_developer_menu_and_no_telemetry(
    streamlit_config: dict[str, dict[str, object]],
) -> None:
    client, browser = streamlit_config["client"], streamlit_config["browser"]
    # In Streamlit 1.67 the boolean false means "stacktrace"; only "none" hides the details.
    assert client["showErrorDetails"] == "none"
    assert client["toolbarMode"] == "viewer"
    assert browser["gatherUsageStats"] is False


def test_xsrf_protection_is_on_and_uploads_are_capped_at_the_store_limit(
    streamlit_config: dict[str, dict[str, object]],
) -> None:
    server = streamlit_config["server"]
    assert server["enableXsrfProtection"] is True
    assert server["maxUploadSize"] == Settings.model_fields["max_upload_mb"].default == 25


# --------------------------------------------------------------------------- secrets never leak


def secrets_of(*passwords: str) -> list[str]:
    """The passwords and every hash currently stored, i.e. everything that must not leak."""
    with session_scope(write=False) as session:
        hashes = [user.password_hash for user in session.exec(select(User)).all()]
    return [*passwords, *hashes, *(h.split("$")[-1] for h in hashes if "$" in h)]


def audit_text() -> str:
    with session_scope(write=False) as session:
        events = session.exec(select(AuditEvent)).all()
        return json.dumps([[e.action, e.before, e.after] for e in events], default=str)


def test_passwords_and_hashes_stay_out_of_audit_events_and_logs(
    small_world: SmallWorld, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # what a production deployment would keep
    admin = small_world.admin
    info = users.create_user(
        admin, username="op.kominfo", full_name="Operator", password=PASSWORD, role="focal_point",
        organisation_id=small_world.opd_id,
    )  # fmt: skip
    actor = signin.authenticate(username="op.kominfo", password=PASSWORD)
    with pytest.raises(LenteraError):
        signin.authenticate(username="op.kominfo", password=PASSWORD + "x")
    users.change_password(actor, old_password=PASSWORD, new_password=NEW_PASSWORD)
    users.reset_password(admin, user_id=info.id, new_password=PASSWORD + "9")
    users.operator_reset_password(username="op.kominfo", new_password=NEW_PASSWORD + "7")

    events = audit_text()
    assert "user.created" in events and "user.password_reset" in events and "user.login_failed" in events
    logged = "\n".join(record.getMessage() for record in caplog.records) + caplog.text
    for secret in secrets_of(PASSWORD, NEW_PASSWORD, PASSWORD + "x", PASSWORD + "9", NEW_PASSWORD + "7"):
        assert secret not in events
        assert secret not in logged
    assert "password_hash" not in events and "$argon2" not in events and "$argon2" not in logged


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LENTERA), *args], input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


def test_cli_output_and_backup_manifest_hold_no_password_or_hash(db_url: str, tmp_path: Path) -> None:
    created = run_cli(
        "create-user", "admin.prov", "--name", "Admin", "--role", "admin", "--password-stdin",
        stdin=CLI_PASSWORD + "\n",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    reset = run_cli("reset-password", "admin.prov", "--password-stdin", stdin=CLI_PASSWORD + "2\n")
    assert reset.returncode == 0, reset.stderr
    backup = run_cli("backup", str(tmp_path / "cadangan"))
    assert backup.returncode == 0, backup.stderr

    secrets = secrets_of(CLI_PASSWORD, CLI_PASSWORD + "2")
    manifest = (tmp_path / "cadangan" / "manifest.json").read_text(encoding="utf-8")
    printed = "".join(done.stdout + done.stderr for done in (created, reset, backup))
    for secret in secrets:
        assert secret not in printed
        assert secret not in manifest
        assert secret not in audit_text()
    # The user rows in the backup do carry the hash (a restore must let people sign in); the hash is the
    # current one, never the password itself.
    dumped = b"".join(p.read_bytes() for p in (tmp_path / "cadangan").rglob("*") if p.is_file())
    assert CLI_PASSWORD.encode() not in dumped
    assert secrets[2].encode() in dumped


# --------------------------------------------------------------------------- lockout and sessions


def test_repeated_failures_throttle_the_account_even_against_the_right_password(
    small_world: SmallWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LENTERA_LOCKOUT_FAILURES", "3")
    from config import get_settings

    get_settings.cache_clear()
    users.create_user(
        small_world.admin, username="sekda", full_name="Sekda", password=PASSWORD, role="leader"
    )
    keys = []
    for _ in range(3):
        with pytest.raises(LenteraError) as caught:
            signin.authenticate(username="sekda", password="tebak-tebakan-1")
        keys.append(caught.value.key)
    assert keys == ["auth.invalid", "auth.invalid", "auth.throttled"]
    with pytest.raises(LenteraError) as locked:
        signin.authenticate(username="sekda", password=PASSWORD)
    assert locked.value.key == "auth.throttled"
    assert "Terlalu banyak percobaan" in locked.value.message("id") and "WIT" in locked.value.message("id")
    assert "Too many failed" in locked.value.message("en")


def test_a_deactivated_user_loses_the_session_at_the_next_request(small_world: SmallWorld) -> None:
    info = users.create_user(
        small_world.admin, username="inspektur", full_name="Inspektur", password=PASSWORD, role="inspector"
    )
    signed_in = signin.authenticate(username="inspektur", password=PASSWORD)
    assert signin.get_actor(signed_in.id).username == "inspektur"
    users.set_active(small_world.admin, user_id=info.id, active=False)
    with pytest.raises(LenteraError) as caught:
        signin.get_actor(signed_in.id)
    assert caught.value.key == "auth.session_invalid"
    assert "Silakan masuk kembali" in caught.value.message("id")
    with pytest.raises(LenteraError) as again:
        signin.authenticate(username="inspektur", password=PASSWORD)
    assert again.value.key == "auth.invalid"  # the same answer as a wrong password: nothing to probe


def test_cli_never_takes_a_password_on_the_command_line() -> None:
    help_text = run_cli("create-user", "--help").stdout + run_cli("reset-password", "--help").stdout
    assert "--password-stdin" in help_text
    assert "--password " not in help_text and "--password=" not in help_text
