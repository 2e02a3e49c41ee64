"""Signing in and out of the app (``AppTest`` on a copy of the seeded demo): refusals, expiry, revocation.

The sign-in is checked on every rerun against the session's token (the cookie in a browser; ``BROWSERLESS``
keeps it in session state here): idle sessions, deactivated users, password resets and sign-out end it at the
next rerun, and a session that holds a user but whose connection brings no cookie shows the login form. The
same against a real ``streamlit run`` over its websocket is ``test_web_sessions.py``.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from app_driver import APP, TIMEOUT, actor_of, go_to, sign_in, start, texts
from streamlit.testing.v1 import AppTest

from config import get_settings
from i18n import t

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie


# -- login -----------------------------------------------------------------------------------------------------


def test_wrong_password_shows_the_translated_refusal_and_stays_on_the_login_form(
    demo: dict[str, str],
) -> None:
    at = start()
    assert texts(at.title) == ["Lentera"]
    at.text_input(key="login_username").input("sekda")
    at.text_input(key="login_password").input("bukan-kata-sandi-1")
    at.button(key="login_submit").click()
    at.run()
    assert texts(at.error) == [t("auth.invalid", "id")]
    assert at.text_input(key="login_username") is not None
    assert not at.header  # no page was opened


# -- session ---------------------------------------------------------------------------------------------------


def test_idle_session_expires_with_a_message_and_the_login_form(demo: dict[str, str]) -> None:
    at = sign_in("sekda", demo["sekda"])
    assert texts(at.header) == ["Ikhtisar Pemda"]
    _age_sign_ins(
        minutes=get_settings().session_idle_minutes + 1
    )  # the session's last use, as the database has it
    at.run()
    assert t("ui.session.expired", "id") in texts(at.info)
    assert "Sesi berakhir" in t("ui.session.expired", "id")
    assert not at.header
    assert at.text_input(key="login_username").value == ""


def _age_sign_ins(*, minutes: int) -> None:
    from sqlalchemy import update

    from models import UserSession, session_scope, utcnow

    with session_scope() as session:
        session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=minutes)))


def test_deactivated_user_is_thrown_out_at_the_next_check(demo: dict[str, str]) -> None:
    from services import users

    at = sign_in("fp.bpkad", demo["fp.bpkad"])
    assert texts(at.header) == ["Daftar Periksa OPD"]
    users.set_active(actor_of("admin"), user_id=actor_of("fp.bpkad").id, active=False)
    at.session_state["last_validated"] = 0.0
    at.run()
    assert t("ui.session.revoked", "id") in texts(at.info)
    assert not at.header


def test_language_switch_turns_the_page_english(demo: dict[str, str]) -> None:
    at = sign_in("sekda", demo["sekda"])
    at.selectbox(key="language_select").set_value("en").run()
    assert texts(at.header) == ["Local government overview"]
    assert "Internal review score (Inspektorat)" in {m.label for m in at.metric}


def test_logout_returns_to_the_login_form(demo: dict[str, str]) -> None:
    at = sign_in("sekda", demo["sekda"])
    at.button(key="logout").click().run()
    assert t("ui.session.logged_out", "id") in texts(at.info)
    assert not at.header


def test_deactivation_ends_the_session_at_its_very_next_rerun(demo: dict[str, str]) -> None:
    from services import users

    at = sign_in("fp.bpkad", demo["fp.bpkad"])
    users.set_active(actor_of("admin"), user_id=actor_of("fp.bpkad").id, active=False)
    at.run()  # no minute of grace: the sign-in is checked on every rerun
    assert t("ui.session.revoked", "id") in texts(at.info)
    assert not at.header


def test_a_password_reset_ends_the_users_other_sessions_at_their_next_rerun(demo: dict[str, str]) -> None:
    from services import users

    office, home = sign_in("fp.bpkad", demo["fp.bpkad"]), sign_in("fp.bpkad", demo["fp.bpkad"])
    leader = sign_in("sekda", demo["sekda"])
    users.reset_password(actor_of("admin"), user_id=actor_of("fp.bpkad").id, new_password="Sandi-Baru-2026x")
    for at in (office, home):
        at.run()
        assert t("auth.session_ended", "id") in texts(at.info)
        assert not at.header
        assert at.text_input(key="login_username").value == ""
    leader.run()
    assert texts(leader.header) == ["Ikhtisar Pemda"]  # other users stay signed in


def test_changing_ones_password_keeps_this_session_and_ends_the_others(demo: dict[str, str]) -> None:
    here, elsewhere = sign_in("sekda", demo["sekda"]), sign_in("sekda", demo["sekda"])
    go_to(here, "akun").run()
    here.text_input(key="old_password").input(demo["sekda"])
    here.text_input(key="new_password").input("Sandi-Baru-2026x")
    here.text_input(key="new_password2").input("Sandi-Baru-2026x")
    here.button(key="change_password_submit").click().run()
    assert not here.exception
    assert t("ui.account.password_changed", "id") in texts(here.success) + texts(here.info)
    here.run()
    assert here.header
    elsewhere.run()
    assert t("auth.session_ended", "id") in texts(elsewhere.info)
    assert not elsewhere.header


def test_a_session_holding_a_user_but_no_cookie_shows_the_login_form(
    demo: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a websocket that resumed someone's session by its id looks like to the script: the user in session
    state, but no session cookie on the connection. It gets the login form, not the user's pages."""
    import ui.session

    monkeypatch.setattr(ui.session, "BROWSERLESS", False)  # the connection's cookies decide, as in a browser
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["actor"] = actor_of("fp.bpkad")
    at.session_state["last_activity"] = time.time()
    at.session_state["last_validated"] = time.time()
    at.run()
    assert not at.exception
    assert not at.header
    assert at.text_input(key="login_username").value == ""
    assert "actor" not in at.session_state


# -- first start -----------------------------------------------------------------------------------------------


def test_empty_installation_asks_for_the_first_administrator(sqlite_url: str) -> None:
    from services.install import new_setup_token

    token = new_setup_token()  # what `lentera init` printed
    at = start()
    assert t("ui.first_admin.title", "id") in texts(at.subheader)
    at.text_input(key="first_admin_token").input(token)
    at.text_input(key="first_admin_username").input("kominfo")
    at.text_input(key="first_admin_full_name").input("Admin Kominfo")
    at.text_input(key="first_admin_password").input("Ternate-2026-admin")
    at.text_input(key="first_admin_password2").input("Ternate-2026-admin")
    at.button(key="first_admin_submit").click().run()
    assert not at.exception
    assert texts(at.header)  # signed in: the first admin page is open
    assert at.session_state["actor"].role == "admin"


# -- single sign-on ---------------------------------------------------------------------------------------------


def test_single_sign_on_is_offered_with_an_auth_section_and_never_creates_an_account(
    demo: dict[str, str],
) -> None:
    from services import users

    plain = start()
    assert not [b for b in plain.button if b.key == "login_sso"]

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
    at.run()
    assert at.button(key="login_sso").label == t("ui.login.sso", "id")

    before = len(users.list_users(actor_of("admin")))
    at.user = {"is_logged_in": True, "email": "orang.asing@example.org", "name": "Orang Asing"}
    at.run()
    assert not at.exception
    assert not at.header  # not signed in: nobody has that e-mail
    assert at.error or at.info
    assert len(users.list_users(actor_of("admin"))) == before
