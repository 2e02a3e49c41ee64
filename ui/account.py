"""The signed-in user's own page: who they are, and changing their password."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from i18n import LenteraError, label, t
from services import users
from services.actor import Actor
from ui import session
from ui.display import plain
from ui.widgets import guarded, page_header, show_flash


@guarded
def account_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.account")
    show_flash()
    st.markdown(f"**{plain(actor.full_name)}** · {plain(actor.username)}")
    st.caption(label(actor.role))
    _password_form(actor)


@guarded
def forced_password_page() -> None:
    """The only page of a seeded account outside demo mode until its published password is replaced."""
    actor = session.require_actor()
    page_header("ui.page.account")
    st.warning(t("ui.account.must_change"))
    _password_form(actor)


def _password_form(actor: Actor) -> None:
    st.subheader(t("ui.account.change_password"))
    with st.form("change_password_form", clear_on_submit=True):
        old = st.text_input(t("ui.field.old_password"), type="password", key="old_password")
        new = st.text_input(t("ui.field.new_password"), type="password", key="new_password")
        repeat = st.text_input(t("ui.field.password_repeat"), type="password", key="new_password2")
        submitted = st.form_submit_button(t("ui.save"), type="primary", key="change_password_submit")
    if not submitted:
        return
    if new != repeat:
        st.error(t("ui.error.password_mismatch"))
        return

    try:
        # This browser stays signed in; every other one of the user's sign-ins ends.
        users.change_password(
            actor, old_password=old, new_password=new, current_token=session.current_token()
        )
    except LenteraError as err:
        st.error(err.message())
        return
    st.session_state[session.ACTOR_KEY] = replace(actor, must_change_password=False)
    st.session_state["flash"] = t("ui.account.password_changed")
    st.rerun()
