"""Who is signed in, and in which language: checked against the browser's session cookie on every rerun.

A sign-in belongs to the browser, not to the Streamlit session: ``sign_in`` sends the browser to the claim
route (``ui/web.py``), which sets an HttpOnly cookie; every rerun (``enforce_session``) reads that cookie
from the current connection and asks ``services/user_sessions.py`` whose it is. So a websocket that took over
a session by its id, without the cookie, gets the login form; a refresh, a bookmark or a second tab stay
signed in; sign-out, a password change or reset, deactivation and the idle timeout end the sign-in at the
next rerun of every tab. Session state keeps plain data only (the ``Actor`` dataclass, strings).

``BROWSERLESS`` is for tests that drive the app with ``AppTest``: there is no browser to hold a cookie, so
the token is kept in session state instead. Only Python code in the same process can set it (the test suite's
conftest does); nothing a visitor sends can.
"""

from __future__ import annotations

import contextlib

import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner import get_script_run_ctx

import i18n
from config import get_settings
from i18n import LenteraError, t
from services import user_sessions
from services.actor import Actor
from ui import web

ACTOR_KEY = "actor"
NOTICE_KEY = "notice"
LANGUAGE_KEY = "language"
LANGUAGE_WIDGET_KEY = "language_select"
PERIOD_KEY = "period_id"
BROWSERLESS_TOKEN_KEY = "browserless_token"

BROWSERLESS = False
BROWSERLESS_BROWSER = "browserless"  # stands for the browser cookie under AppTest, where there is no browser

# Kept across sign-out so the login screen stays in the language the user chose.
_SURVIVES_SIGN_OUT = (LANGUAGE_KEY,)
# Why a sign-in ended, as the login screen says it.
_NOTICES = {
    "auth.session_expired": "ui.session.expired",
    "auth.account_inactive": "ui.session.revoked",
}
# Notices the sign-out route may ask for in the URL (anything else in ``?notice=`` is ignored).
_URL_NOTICES = {"signed_out": "ui.session.logged_out"}


def current_actor() -> Actor | None:
    actor = st.session_state.get(ACTOR_KEY)
    return actor if isinstance(actor, Actor) else None


def require_actor() -> Actor:
    """The signed-in actor; pages only run behind the login gate, so a missing one stops the page."""
    actor = current_actor()
    if actor is None:
        st.stop()
    assert actor is not None
    return actor


def current_token() -> str | None:
    """This browser's session token, for a service that must spare the sign-in making the change."""
    return _presented_token()


def sign_in(actor: Actor) -> None:
    """After the password or the identity provider: bind the sign-in to this browser through the claim route.

    In a browser this ends the run (the browser leaves for the claim route and comes back signed in).
    """
    if BROWSERLESS:
        code = user_sessions.start(user_id=actor.id, browser=BROWSERLESS_BROWSER)
        st.session_state[BROWSERLESS_TOKEN_KEY] = user_sessions.claim(code=code, browser=BROWSERLESS_BROWSER)
        _remember(actor)
        return
    try:  # the code is bound to this browser's cookie: only this browser can swap it at the claim route
        code = user_sessions.start(user_id=actor.id, browser=st.context.cookies.get(web.BROWSER_COOKIE) or "")
    except LenteraError as err:
        st.error(err.message())
        st.stop()
    language = st.session_state.get(LANGUAGE_KEY)
    _send_browser_to(web.claim_url(code, language=language if isinstance(language, str) else None))
    st.info(t("ui.login.signing_in"))
    st.stop()


def sign_out(notice: str | None = None, *, drop_cookie: bool = True) -> bool:
    """End the sign-in everywhere it is shared, and forget the session except its language.

    ``notice`` is shown on the login screen. True when the browser was sent to the sign-out route to drop its
    cookie: the caller then ends the run (``st.stop()``; a rerun could discard that navigation).
    """
    token = _presented_token()
    if token is not None and current_actor() is not None:
        with contextlib.suppress(LenteraError):  # the database is away: the row expires on its own
            user_sessions.end(token=token)
    _forget(notice)
    if token is None or BROWSERLESS or not drop_cookie:
        return False
    _send_browser_to(web.sign_out_url())
    return True


def apply_language() -> str:
    requested = st.query_params.get("lang")
    if requested in i18n.LANGUAGES:  # carried through the claim route from the login screen
        st.session_state[LANGUAGE_KEY] = requested
        del st.query_params["lang"]
    language = st.session_state.get(LANGUAGE_KEY) or get_settings().default_language
    i18n.set_language(language)
    return i18n.get_language()


def enforce_session() -> Actor | None:
    """The signed-in actor, re-read from the database, if this connection presents a live session cookie."""
    _notice_from_url()
    token = _presented_token()
    held = current_actor()
    if token is None:
        if (
            held is not None
        ):  # signed in here, but this connection has no cookie: not the browser that signed in
            _forget("auth.session_invalid")
        return None
    try:
        actor = user_sessions.resume(token=token)
    except LenteraError as err:
        if err.key.startswith("database."):  # busy or unreachable: say so, but do not sign anyone out
            st.error(err.message())
            st.stop()
        _forget(_NOTICES.get(err.key, err.key), quiet=held is None)
        return None
    if held is not None and held.id != actor.id:  # another user's cookie: nothing of the previous user stays
        _forget(None, keep_token=True)
    if held is None or held.id != actor.id:
        _remember(actor)
    st.session_state[ACTOR_KEY] = actor
    _bind(token)
    return actor


def _remember(actor: Actor) -> None:
    st.session_state[ACTOR_KEY] = actor
    st.session_state.pop(NOTICE_KEY, None)
    if LANGUAGE_KEY not in st.session_state:
        st.session_state[LANGUAGE_KEY] = actor.language if actor.language in i18n.LANGUAGES else "id"


def _forget(notice: str | None, *, quiet: bool = False, keep_token: bool = False) -> None:
    """Clear the session's state; ``quiet`` keeps an earlier notice instead of showing ``notice``."""
    kept_notice = st.session_state.get(NOTICE_KEY) if quiet else None
    survivors = _SURVIVES_SIGN_OUT + ((BROWSERLESS_TOKEN_KEY,) if keep_token else ())
    for key in list(st.session_state.keys()):
        if key not in survivors:
            del st.session_state[key]
    if kept_notice or notice:
        st.session_state[NOTICE_KEY] = kept_notice or notice
    ctx = get_script_run_ctx()
    if ctx is not None:
        web.unbind(ctx.session_id)


def _bind(token: str) -> None:
    ctx = get_script_run_ctx()
    if ctx is not None and not BROWSERLESS:
        web.bind(ctx.session_id, user_sessions.digest(token))


def _presented_token() -> str | None:
    """The session cookie of the connection running this rerun (the session's token under ``BROWSERLESS``)."""
    token = st.session_state.get(BROWSERLESS_TOKEN_KEY) if BROWSERLESS else st.context.cookies.get(web.COOKIE)
    return token if isinstance(token, str) and token else None


def _notice_from_url() -> None:
    notice = st.query_params.get("notice")
    if notice is not None:
        del st.query_params["notice"]
        if notice in _URL_NOTICES:
            st.session_state[NOTICE_KEY] = _URL_NOTICES[notice]


def _send_browser_to(url: str) -> None:
    """Navigate the browser to ``url`` (a route of ``ui/web.py``), as ``st.login`` does for its own routes."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    message = ForwardMsg()
    message.auth_redirect.url = url
    ctx.enqueue(message)
