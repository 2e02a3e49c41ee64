"""The frame around every page: database ready, session valid, login gate, sidebar, role navigation.

The database is migrated once per process (``st.cache_resource``), not once per rerun. Before login only the
login (or first-administrator) screen exists; after login ``st.navigation`` registers the role's pages only.
"""

from __future__ import annotations

import logging

import streamlit as st

import ui.messages  # noqa: F401  (registers the UI's texts)
from config import get_settings
from i18n import LenteraError, label, t
from services import install, organisations, schema, signin
from services.actor import Actor
from ui import account, builtin_texts, login, session
from ui.display import plain
from ui.navigation import build_login_navigation, build_navigation
from ui.widgets import demo_banner, language_switch

log = logging.getLogger("lentera.ui")


@st.cache_resource(show_spinner=False)
def prepare_database(url: str) -> bool:
    """Bring the schema up to date once per process and database URL (``alembic upgrade head``).

    ``schema.upgrade`` creates a missing SQLite folder itself; the UI never touches an engine or a session.
    """
    schema.upgrade(url=url)
    return True


def run() -> None:
    builtin_texts.install()
    session.apply_language()
    settings = get_settings()
    prepare_database(settings.sqlalchemy_url)
    actor = session.enforce_session()
    if actor is None and login.try_oidc_sign_in():
        actor = session.current_actor()
    if actor is None:
        # A one-page, hidden navigation: the menu of the previous user disappears and no page URL opens.
        build_login_navigation(login_page).run()
        return
    session.apply_language()
    if actor.must_change_password and not settings.demo:
        _sidebar(actor)
        build_login_navigation(account.forced_password_page).run()
        return
    page = build_navigation(actor.role)
    _sidebar(actor)
    page.run()


def _demo_banner() -> None:
    """While accounts with published demo passwords are active, every page says so (in the sidebar: an element
    written to the main area before ``page.run()`` kept the e2e leader from switching pages)."""
    try:
        remaining = install.demo_accounts_in_use()
    except LenteraError:
        return
    if remaining:
        st.warning(t("ui.demo.banner", users=", ".join(remaining)), icon=":material/warning:")


def login_page() -> None:
    """The gate: the first-administrator form on an empty installation, else the login form."""
    try:
        needs_admin = not get_settings().demo and signin.first_admin_needed()
    except LenteraError as err:
        st.error(err.message())
        return
    demo_banner()
    if needs_admin:
        login.first_admin_screen()
    else:
        login.login_screen()


def _scope_label(actor: Actor) -> str:
    """The user's OPD and region ("Diskominfosan · Provinsi Maluku Utara"), looked up once per session and kept as plain text."""
    cached = st.session_state.get("scope_label")
    if isinstance(cached, str):
        return cached
    label = ""
    try:
        parts = organisations.scope_names(actor)
        label = " · ".join(parts) if parts else t("ui.scope.everywhere")
    except (ImportError, LenteraError) as err:
        log.info("scope label unavailable: %s", err)
    st.session_state["scope_label"] = label
    return label


def _sidebar(actor: Actor) -> None:
    with st.sidebar:
        st.markdown(f"**{plain(actor.full_name)}**")
        st.caption(f"{label(actor.role)} · {plain(actor.username)}")
        scope = _scope_label(actor)
        if scope:
            st.caption(plain(scope))  # OPD and region names are typed by administrators
        _demo_banner()
        builtin_texts.style()
        language_switch(st)
        if st.button(t("ui.logout"), key="logout", icon=":material/logout:"):
            _logout()


def _logout() -> None:
    was_oidc = login.oidc_configured() and _oidc_logged_in()
    leaving = session.sign_out("ui.session.logged_out", drop_cookie=not was_oidc)
    if was_oidc:
        st.logout()  # also navigates the browser; the revoked cookie is refused at the next visit
    if leaving or was_oidc:
        st.stop()  # a rerun would discard the navigation before it reaches the browser
    st.rerun()


def _oidc_logged_in() -> bool:
    try:
        return bool(st.user.get("is_logged_in"))
    except Exception:
        return False
