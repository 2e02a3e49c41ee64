"""The screens in front of the login gate: first administrator, username/password, and single sign-on.

Single sign-on (``st.login``) is offered only when ``.streamlit/secrets.toml`` has an ``[auth]`` section. The
identity provider's e-mail is matched to an existing local user at the first sign-on, which binds the account to
the provider's ``sub``; nobody gets an account just by signing in with the provider, because roles and OPDs are
decided by the administrator.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from config import get_settings
from i18n import LenteraError, label, t
from services import signin
from ui import session
from ui.widgets import language_switch
from vocabulary import Role


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises rather than returning empty
        return False


def _oidc_identity() -> tuple[str, str | None] | None:
    """The provider's (e-mail, subject) for a signed-in identity, or None."""
    try:
        user: Any = st.user
        if not user.get("is_logged_in"):
            return None
        if user.get("email_verified") is False:  # the provider says it did not verify the address
            return None
        email, subject = user.get("email"), user.get("sub")
        return (str(email), str(subject) if subject else None) if email else None
    except Exception:
        return None


def try_oidc_sign_in() -> bool:
    """Sign in the local user whose e-mail the identity provider vouches for; True when that worked."""
    if not oidc_configured():
        return False
    identity = _oidc_identity()
    if identity is None:
        return False
    try:
        actor = signin.actor_for_email(email=identity[0], subject=identity[1])
    except LenteraError as err:
        st.error(err.message())
        if st.button(t("ui.logout"), key="sso_logout"):
            st.logout()
        st.stop()
    session.sign_in(actor)
    return True


def _header() -> None:
    st.title(t("ui.app.title"))
    st.caption(t("ui.app.tagline"))


def first_admin_screen() -> None:
    """Shown once, on an empty installation outside demo mode, to create the first administrator."""
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        _header()
        st.subheader(t("ui.first_admin.title"))
        st.write(t("ui.first_admin.intro"))
        with st.form("first_admin_form"):
            token = st.text_input(
                t("ui.first_admin.token"),
                type="password",
                key="first_admin_token",
                help=t("ui.first_admin.token_help"),
            )
            username = st.text_input(t("ui.field.username"), key="first_admin_username")
            full_name = st.text_input(t("ui.field.full_name"), key="first_admin_full_name")
            password = st.text_input(t("ui.field.password"), type="password", key="first_admin_password")
            repeat = st.text_input(
                t("ui.field.password_repeat"), type="password", key="first_admin_password2"
            )
            submitted = st.form_submit_button(
                t("ui.first_admin.submit"), type="primary", key="first_admin_submit"
            )
        language_switch(st)
        if submitted:
            _create_first_admin(token, username, full_name, password, repeat)


def _create_first_admin(token: str, username: str, full_name: str, password: str, repeat: str) -> None:
    if not submitted_fields_ok(password, repeat):
        return
    try:
        actor = signin.create_first_admin(
            username=username.strip(), full_name=full_name.strip(), password=password, setup_token=token
        )
    except LenteraError as err:
        st.error(err.message())
        return
    session.sign_in(actor)
    st.rerun()


def submitted_fields_ok(password: str, repeat: str) -> bool:
    if password != repeat:
        st.error(t("ui.error.password_mismatch"))
        return False
    return True


def login_screen() -> None:
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        _header()
        notice = st.session_state.get(session.NOTICE_KEY)
        if notice:
            st.info(t(notice))
        st.subheader(t("ui.login.title"))
        with st.form("login_form"):
            username = st.text_input(t("ui.field.username"), key="login_username")
            password = st.text_input(t("ui.field.password"), type="password", key="login_password")
            submitted = st.form_submit_button(t("ui.login.submit"), type="primary", key="login_submit")
        if oidc_configured():
            st.button(t("ui.login.sso"), key="login_sso", on_click=st.login)
        if submitted:
            _password_sign_in(username, password)
        language_switch(st)
        if get_settings().demo:
            _demo_hint()


def _password_sign_in(username: str, password: str) -> None:
    if not username.strip() or not password:
        st.error(t("ui.login.missing"))
        return
    try:
        actor = signin.authenticate(username=username.strip(), password=password, client=client_address())
    except LenteraError as err:
        st.error(err.message())
        return
    session.sign_in(actor)
    st.rerun()


def client_address() -> str | None:
    """The visitor's address for throttling: the configured proxy header, else the connection's peer."""
    header = get_settings().client_address_header
    try:
        if header:
            value = st.context.headers.get(header)
            return value.split(",")[-1].strip() if value else None
        return st.context.ip_address
    except Exception:  # outside a browser session (AppTest) there is no connection
        return None


def _demo_hint() -> None:
    """Demo installations list their practice accounts, so a visitor can try every role."""
    try:
        from seed_data import accounts as demo
    except ImportError:
        return
    logins = demo.demo_logins()
    with st.expander(t("ui.login.demo_accounts")):
        rows = [
            {
                t("ui.field.username"): login.username,
                t("ui.field.password"): login.password,
                t("ui.field.role"): label(login.role, kind=Role),
                t("ui.field.organisation"): login.organisation or "–",
            }
            for login in logins
        ]
        st.dataframe(rows, hide_index=True)
        st.caption(t("ui.login.demo_note"))
