"""The users page: the accounts of the admin's region, a form to create one, and per-user edit (name, role, OPD,
e-mail, NIP and position for the berita acara's signatures), activate, unlock and password reset. The service checks the role and scope and writes the audit event.

The create form starts with the least privileged role and is emptied after a user was created, so a second
account is never made with the first one's role or password by accident."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n import LenteraError, format_datetime, label, t
from services import users as user_service
from services.actor import Actor
from ui import session
from ui.admin.common import as_datetime, opd_labels, region_labels
from ui.widgets import flash, guarded, page_header, run_action, show_flash
from vocabulary import Role

ROLES = [Role.focal_point, Role.leader, Role.inspector, Role.admin]  # least privileged first: the default
_CREATE_KEYS = (
    "new_user_username",
    "new_user_full_name",
    "new_user_password",
    "new_user_email",
    "new_user_role",
)


@guarded
def users_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.admin_users")
    show_flash()

    users = user_service.list_users(actor)
    st.dataframe(_users_shown(users), hide_index=True, key="users_table")
    tab_create, tab_manage = st.tabs([t("ui.users.create"), t("ui.users.manage")])
    with tab_create:
        _create_user_form(actor)
    with tab_manage:
        _manage_user(actor, users)


def _users_shown(users: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("ui.field.username"): users["username"],
            t("ui.field.full_name"): users["full_name"],
            t("ui.field.role"): users["role"].map(lambda r: label(r, kind=Role)),
            t("ui.col.opd"): users["organisation"].fillna("–"),
            t("ui.field.position"): users["position"].fillna("–"),
            t("ui.col.active"): users["active"].astype(bool),
            t("ui.users.locked"): users["locked"].astype(bool),
            t("ui.users.last_login"): users["last_login_at"].map(lambda v: format_datetime(as_datetime(v))),
        }
    )


def _create_user_form(actor: Actor) -> None:
    regions = region_labels(actor)
    opds = opd_labels(actor)
    with st.form("create_user_form", clear_on_submit=False):
        left, right = st.columns(2)
        username = left.text_input(t("ui.field.username"), key="new_user_username")
        full_name = right.text_input(t("ui.field.full_name"), key="new_user_full_name")
        password = left.text_input(t("ui.field.password"), type="password", key="new_user_password")
        email = right.text_input(t("ui.field.email"), key="new_user_email")
        role = left.selectbox(t("ui.field.role"), ROLES, format_func=label, key="new_user_role")
        # "Everywhere" only for an unscoped admin: the service puts anyone else's regionless user in their region.
        region_id = right.selectbox(
            t("ui.field.region"),
            [None, *regions] if actor.region_id is None else list(regions),
            format_func=lambda rid: t("ui.scope.everywhere") if rid is None else regions[rid],
            key="new_user_region",
        )
        organisation_id = st.selectbox(
            t("ui.field.organisation"),
            [None, *opds],
            format_func=lambda oid: t("ui.users.no_opd") if oid is None else opds[oid],
            key="new_user_opd",
            help=t("ui.users.opd_help"),
        )
        submitted = st.form_submit_button(t("ui.users.create_submit"), type="primary", key="new_user_submit")
    if submitted:
        try:
            info = user_service.create_user(
                actor,
                username=username.strip(),
                full_name=full_name.strip(),
                password=password,
                role=role,
                region_id=region_id,
                organisation_id=organisation_id,
                email=email.strip() or None,
            )
        except LenteraError as err:
            st.error(err.message())
            return
        for key in _CREATE_KEYS:
            st.session_state.pop(key, None)
        flash(t("ui.users.created", username=info.username))
        st.rerun()


def _edit_user_form(actor: Actor, row: pd.Series) -> None:
    """Name, role, region, OPD, e-mail, NIP and position of one user; a new role or OPD signs the user out everywhere."""
    user_id = int(row["id"])
    regions = region_labels(actor)
    opds = opd_labels(actor)
    region_now = None if pd.isna(row["region_id"]) else int(row["region_id"])
    opd_now = None if pd.isna(row["organisation_id"]) else int(row["organisation_id"])
    region_options: list[int | None] = [None, *regions] if actor.region_id is None else list(regions)
    with st.form(f"edit_user_form_{user_id}"):
        left, right = st.columns(2)
        full_name = left.text_input(
            t("ui.field.full_name"), value=str(row["full_name"]), key=f"edit_user_full_name_{user_id}"
        )
        email = right.text_input(
            t("ui.field.email"),
            value="" if pd.isna(row["email"]) else str(row["email"]),
            key=f"edit_user_email_{user_id}",
        )
        role = left.selectbox(
            t("ui.field.role"),
            ROLES,
            index=ROLES.index(Role(row["role"])),
            format_func=label,
            key=f"edit_user_role_{user_id}",
        )
        region_id = right.selectbox(
            t("ui.field.region"),
            region_options,
            index=region_options.index(region_now) if region_now in region_options else 0,
            format_func=lambda rid: t("ui.scope.everywhere") if rid is None else regions[rid],
            key=f"edit_user_region_{user_id}",
        )
        opd_options: list[int | None] = [None, *opds]
        organisation_id = st.selectbox(
            t("ui.field.organisation"),
            opd_options,
            index=opd_options.index(opd_now) if opd_now in opd_options else 0,
            format_func=lambda oid: t("ui.users.no_opd") if oid is None else opds[oid],
            key=f"edit_user_opd_{user_id}",
            help=t("ui.users.opd_help"),
        )
        nip = left.text_input(
            t("ui.field.nip"),
            value="" if pd.isna(row["nip"]) else str(row["nip"]),
            key=f"edit_user_nip_{user_id}",
            help=t("ui.users.signer_help"),
        )
        position = right.text_input(
            t("ui.field.position"),
            value="" if pd.isna(row["position"]) else str(row["position"]),
            key=f"edit_user_position_{user_id}",
            help=t("ui.users.signer_help"),
        )
        st.caption(t("ui.users.edit_signs_out"))
        submitted = st.form_submit_button(t("ui.save"), key=f"edit_user_submit_{user_id}")
    if submitted:
        run_action(
            lambda: user_service.update_user(
                actor,
                user_id=user_id,
                full_name=full_name,
                role=role,
                region_id=region_id,
                organisation_id=organisation_id,
                email=email.strip() or None,
                nip=nip,
                position=position,
            ),
            t("ui.users.updated"),
        )


def _manage_user(actor: Actor, users: pd.DataFrame) -> None:
    if users.empty:
        return
    labels = {int(row["id"]): f"{row['username']} – {row['full_name']}" for _, row in users.iterrows()}
    user_id = st.selectbox(
        t("ui.users.pick"), list(labels), format_func=lambda uid: labels[uid], key="manage_user_pick"
    )
    row = users[users["id"] == user_id].iloc[0]
    active = bool(row.get("active", True))
    _edit_user_form(actor, row)
    cols = st.columns(3)
    if active:
        if cols[0].button(t("ui.users.deactivate"), key=f"deactivate_{user_id}"):
            run_action(
                lambda: user_service.set_active(actor, user_id=user_id, active=False), "ui.users.deactivated"
            )
    elif cols[0].button(t("ui.users.activate"), key=f"activate_{user_id}"):
        run_action(
            lambda: user_service.set_active(actor, user_id=user_id, active=True), t("ui.users.activated")
        )
    if cols[1].button(t("ui.users.unlock"), key=f"unlock_{user_id}"):
        run_action(lambda: user_service.unlock(actor, user_id=user_id), t("ui.users.unlocked"))
    with cols[2].popover(t("ui.users.reset_password")):
        new_password = st.text_input(t("ui.field.new_password"), type="password", key=f"reset_pw_{user_id}")
        if st.button(t("ui.save"), key=f"reset_submit_{user_id}"):
            run_action(
                lambda: user_service.reset_password(actor, user_id=user_id, new_password=new_password),
                t("ui.users.password_reset"),
            )
