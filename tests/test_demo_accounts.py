"""Demo credentials and the first administrator (issue 12): nothing an outsider can know or claim.

Before: every installation had the same demo passwords (fixed seed), ``init --demo-if-empty`` built them even
with demo mode off, ``make run`` listened on every interface, seeded accounts kept their published passwords,
and any visitor of a fresh installation could claim the first-administrator screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SmallWorld
from sqlalchemy import update
from sqlmodel import col, select
from streamlit.testing.v1 import AppTest

import cli
from config import get_settings
from i18n import LenteraError, t
from models import InstallSecret, Role, User, session_scope
from services import install, signin, users

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PASSWORD = "Sandi-Kuat-2026"
pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie


@pytest.fixture
def demo_mode(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LENTERA_DEMO", "true")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def seeded_account(world: SmallWorld, username: str = "sekda") -> None:
    """An account as the demo writer leaves it: a published password, listed as a demo account."""
    users.create_user(
        world.admin, username=username, full_name="Sekretaris Daerah", password=PASSWORD, role=Role.leader,
        region_id=world.province_id,
    )  # fmt: skip
    with session_scope() as session:
        session.execute(update(User).where(col(User.username) == username).values(must_change_password=True))
        install.write(session, install.DEMO_PASSWORDS, f'{{"{username}": "{PASSWORD}"}}')


def signed_in(username: str, password: str = PASSWORD) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    at.button(key="login_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# -- the command line ------------------------------------------------------------------------------------------


def test_init_builds_no_demo_outside_demo_mode_and_prints_a_setup_token(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["init", "--demo-if-empty"]) == 0
    output = capsys.readouterr().out
    assert "LENTERA_DEMO" in output
    with session_scope() as session:
        assert session.exec(select(User)).first() is None
    token = re.search(r"setup token (\S+)", output)
    assert token is not None
    signin.create_first_admin(username="kominfo", full_name="Admin", password=PASSWORD, setup_token=token[1])


def test_make_run_listens_on_this_machine_only() -> None:
    recipe = (ROOT / "Makefile").read_text().split("\nrun:")[1].split("\n\n")[0]
    assert "streamlit run app.py --server.address 127.0.0.1" in recipe


def test_streamlit_secrets_are_never_committed() -> None:
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".streamlit/secrets.toml" in ignored


# -- the setup token -------------------------------------------------------------------------------------------


def test_the_first_admin_needs_the_setup_token_once(db_url: str) -> None:
    def refused(token: str) -> str:
        with pytest.raises(LenteraError) as caught:
            signin.create_first_admin(username="tamu", full_name="Tamu", password=PASSWORD, setup_token=token)
        return caught.value.key

    assert refused("") == "auth.setup_token_invalid"  # nothing was printed yet: nobody can claim it
    old = install.new_setup_token()
    token = install.new_setup_token()
    assert refused(old) == "auth.setup_token_invalid"  # each `lentera init` replaces the token
    assert (
        refused(token[:-1] + ("y" if token.endswith("x") else "x")) == "auth.setup_token_invalid"
    )  # one char off
    signin.create_first_admin(username="kominfo", full_name="Admin", password=PASSWORD, setup_token=token)
    assert refused(token) == "users.admin_exists"
    with session_scope() as session:
        stored = [row.value for row in session.exec(select(InstallSecret)).all()]
    assert token not in " ".join(stored)


def test_the_first_admin_screen_refuses_a_visitor_without_the_token(sqlite_url: str) -> None:
    install.new_setup_token()
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="first_admin_token").input("tebakan")
    for key, value in [
        ("username", "penyusup"),
        ("full_name", "X"),
        ("password", PASSWORD),
        ("password2", PASSWORD),
    ]:
        at.text_input(key=f"first_admin_{key}").input(value)
    at.button(key="first_admin_submit").click().run()
    assert "actor" not in at.session_state
    assert any("lentera init" in e.value for e in at.error)
    assert signin.first_admin_needed()


# -- seeded accounts -------------------------------------------------------------------------------------------


def test_a_seeded_account_must_change_its_password_outside_demo_mode(small_world: SmallWorld) -> None:
    seeded_account(small_world)
    at = signed_in("sekda")
    assert t("ui.account.must_change", "id") in [w.value for w in at.warning]
    assert [h.value for h in at.header] == [t("ui.page.account", "id")]  # not the leader's overview
    at.text_input(key="old_password").input(PASSWORD)
    at.text_input(key="new_password").input("Pilihan-Sendiri-77")
    at.text_input(key="new_password2").input("Pilihan-Sendiri-77")
    at.button(key="change_password_submit").click().run()
    assert t("ui.account.must_change", "id") not in [w.value for w in at.warning]
    assert [h.value for h in at.header] != [t("ui.page.account", "id")]  # the role's own first page
    assert not at.session_state["actor"].must_change_password
    assert install.demo_accounts_in_use() == []


def test_in_demo_mode_seeded_accounts_work_under_a_banner(small_world: SmallWorld, demo_mode: None) -> None:
    seeded_account(small_world)
    at = signed_in("sekda")
    warnings = [w.value for w in at.warning]
    assert t("ui.account.must_change", "id") not in warnings
    assert t("ui.demo.banner", "id", users="sekda") in warnings


def test_the_readme_says_how_to_deploy_safely() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Deploying safely")[1].split("\n## ")[0]
    for needed in (
        "TLS",
        "client_max_body_size",
        "limit_req",
        "X-Frame-Options",
        "frame-ancestors",
        "nosniff",
    ):
        assert needed in section
    for topic in ("**Secrets.**", "**Demo accounts.**", "**Backups.**", "not authenticity"):
        assert topic in section
