"""Who is signed in, for how long, and in which language: the only state the UI keeps between reruns.

Session state holds plain data only (the ``Actor`` dataclass, numbers, strings), never an ORM object, so a
rerun or a second browser tab can never write through a stale database row. The actor is re-read from the
database every ``REVALIDATE_SECONDS`` so that deactivating a user throws them out within a minute, and an idle
session ends after ``session_idle_minutes``.
"""

from __future__ import annotations

import time

import streamlit as st

import i18n
from config import get_settings
from i18n import LenteraError
from services.actor import Actor

ACTOR_KEY = "actor"
LAST_ACTIVITY_KEY = "last_activity"
LAST_VALIDATED_KEY = "last_validated"
NOTICE_KEY = "notice"
LANGUAGE_KEY = "language"
LANGUAGE_WIDGET_KEY = "language_select"
PERIOD_KEY = "period_id"
REVALIDATE_SECONDS = 60.0

# Kept across sign-out so the login screen stays in the language the user chose.
_SURVIVES_SIGN_OUT = (LANGUAGE_KEY,)


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


def sign_in(actor: Actor) -> None:
    now = time.time()
    st.session_state[ACTOR_KEY] = actor
    st.session_state[LAST_ACTIVITY_KEY] = now
    st.session_state[LAST_VALIDATED_KEY] = now
    st.session_state.pop(NOTICE_KEY, None)
    if LANGUAGE_KEY not in st.session_state:
        st.session_state[LANGUAGE_KEY] = actor.language if actor.language in i18n.LANGUAGES else "id"


def sign_out(notice: str | None = None) -> None:
    """Forget everything about the session except its language; ``notice`` is shown on the login screen."""
    for key in list(st.session_state.keys()):
        if key not in _SURVIVES_SIGN_OUT:
            del st.session_state[key]
    if notice:
        st.session_state[NOTICE_KEY] = notice


def apply_language() -> str:
    language = st.session_state.get(LANGUAGE_KEY) or get_settings().default_language
    i18n.set_language(language)
    return i18n.get_language()


def enforce_session() -> Actor | None:
    """The actor if the session is still valid; expires idle sessions and drops deactivated users."""
    actor = current_actor()
    if actor is None:
        return None
    now = time.time()
    idle_limit = get_settings().session_idle_minutes * 60
    last_activity = float(st.session_state.get(LAST_ACTIVITY_KEY, now))
    if now - last_activity > idle_limit:
        sign_out("ui.session.expired")
        return None
    st.session_state[LAST_ACTIVITY_KEY] = now
    if now - float(st.session_state.get(LAST_VALIDATED_KEY, 0.0)) > REVALIDATE_SECONDS:
        from services import signin

        try:
            fresh = signin.get_actor(actor.id)
        except LenteraError:
            sign_out("ui.session.revoked")
            return None
        st.session_state[ACTOR_KEY] = fresh
        st.session_state[LAST_VALIDATED_KEY] = now
        actor = fresh
    return actor
