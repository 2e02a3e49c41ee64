"""Editing a rencana aksi (inspectors and admins): title, items, person in charge and due date, with the
version the page was read at, so a change made meanwhile by someone else is refused instead of overwritten."""

from __future__ import annotations

import streamlit as st

from i18n import register, t, to_wit
from services import actions
from services.action_views import ActionInfo
from services.actions import Owner
from services.actor import Actor
from services.permissions import allowed
from ui.action_forms import due_moment
from ui.widgets import run_action

register(
    {
        "ui.actions.edit": {"id": "Ubah rencana aksi", "en": "Edit the action"},
        "ui.actions.edit_codes": {"id": "Butir (dipisah koma)", "en": "Items (comma separated)"},
        "ui.actions.edit_save": {"id": "Simpan perubahan", "en": "Save changes"},
        "ui.actions.edited": {"id": "Rencana aksi diubah.", "en": "Action changed."},
    }
)


def edit_form(actor: Actor, info: ActionInfo) -> None:
    if not allowed(actor.role, "edit_action"):
        return
    local = to_wit(info.due_at)
    box = st.expander(t("ui.actions.edit"), icon=":material/edit:", key=f"action_edit_box_{info.id}")
    with box, st.form(f"action_edit_{info.id}_{info.version}"):
        title = st.text_input(t("ui.actions.title"), value=info.title, max_chars=300)
        codes = st.text_input(t("ui.actions.edit_codes"), value=", ".join(info.codes),
                              disabled=info.period_id is None)  # fmt: skip
        cols = st.columns(3)
        name = cols[0].text_input(t("ui.actions.owner_name"), value=info.owner if info.owner_user_id is None else "",
                                  disabled=info.owner_user_id is not None)  # fmt: skip
        nip = cols[1].text_input(t("ui.actions.owner_nip"), value=info.owner_nip or "",
                                 disabled=info.owner_user_id is not None)  # fmt: skip
        phone = cols[2].text_input(t("ui.actions.owner_phone"), value=info.owner_phone or "")
        left, right = st.columns(2)
        day = left.date_input(t("ui.actions.due_date"), value=local.date(), format="DD/MM/YYYY")
        at = right.time_input(t("ui.actions.due_time"), value=local.time().replace(second=0), step=60)
        saved = st.form_submit_button(t("ui.actions.edit_save"), key=f"action_edit_save_{info.id}")
    if not saved:
        return
    owner = (
        Owner(user_id=info.owner_user_id, phone=phone or None)
        if info.owner_user_id is not None
        else Owner(name=name, nip=nip, phone=phone)
    )
    codes_list = [c.strip() for c in codes.split(",") if c.strip()] if info.period_id is not None else None
    run_action(
        lambda: actions.edit_action(
            actor, action_id=info.id, title=title, owner=owner, due_at=due_moment(day, at), codes=codes_list,
            expected_version=info.version,
        ),
        t("ui.actions.edited"),
    )  # fmt: skip
