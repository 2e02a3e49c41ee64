"""The "Buat rencana aksi" form, shared by every place a need is seen: gap-list rows, an OPD's drill-down, a
returned item, a KPK recommendation, or a blank action. It asks for the OPD, the person in charge (a user of
that OPD, or a name + NIP + phone) and the due date in WIT, and creates one action per draft through
``services.actions.create_actions`` (all or none)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from i18n import WIT, LenteraError, register, status_label, t
from services.actions import ActionDraft, Owner, create_actions, gap_drafts, owner_candidates
from services.actor import Actor
from services.permissions import allowed
from ui.display import number, plain
from ui.widgets import flash, show_flash
from vocabulary import SENT_BACK_STATUSES, SubmissionStatus

register(
    {
        "ui.actions.create": {"id": "Buat rencana aksi", "en": "Create action plan"},
        "ui.actions.create_for": {
            "id": "{count} rencana aksi akan dibuat untuk OPD yang dipilih:",
            "en": "{count} action(s) will be created for the chosen OPD:",
        },
        "ui.actions.opd": {"id": "OPD pelaksana", "en": "Responsible OPD"},
        "ui.actions.owner_kind": {"id": "Penanggung jawab", "en": "Person in charge"},
        "ui.actions.owner_user": {"id": "Pengguna Lentera", "en": "A Lentera user"},
        "ui.actions.owner_other": {
            "id": "Tanpa akun (nama, NIP, telepon)",
            "en": "No account (name, NIP, phone)",
        },
        "ui.actions.owner_pick": {"id": "Pengguna", "en": "User"},
        "ui.actions.owner_none": {
            "id": "OPD ini belum punya pengguna aktif; isi nama, NIP dan telepon.",
            "en": "This OPD has no active user yet; enter a name, NIP and phone.",
        },
        "ui.actions.owner_name": {"id": "Nama penanggung jawab", "en": "Name of the person in charge"},
        "ui.actions.owner_nip": {"id": "NIP", "en": "NIP"},
        "ui.actions.owner_phone": {"id": "Telepon (WhatsApp)", "en": "Phone (WhatsApp)"},
        "ui.actions.phone_help": {
            "id": "Misalnya 0812-3456-7890; disimpan sebagai +62….",
            "en": "For example 0812-3456-7890; stored as +62….",
        },
        "ui.actions.due_date": {"id": "Batas waktu (tanggal, WIT)", "en": "Due date (WIT)"},
        "ui.actions.due_time": {"id": "Jam (WIT)", "en": "Time (WIT)"},
        "ui.actions.title": {"id": "Judul rencana aksi", "en": "Action title"},
        "ui.actions.gap_rows": {
            "id": "Butir dari daftar kesenjangan (boleh beberapa sekaligus, untuk satu OPD)",
            "en": "Items from the gap list (several at once, for one OPD)",
        },
        "ui.actions.opd_items": {
            "id": "Butir OPD ini yang belum direviu (yang dikembalikan di atas)",
            "en": "This OPD's items not yet reviewed (returned ones first)",
        },
        "ui.actions.gap_hint": {
            "id": "Pilih satu atau beberapa butir untuk dijadikan rencana aksi.",
            "en": "Choose one or more items to turn into actions.",
        },
        "ui.actions.created": {"id": "{count} rencana aksi dibuat.", "en": "{count} action(s) created."},
    }
)


def from_gap_rows(actor: Actor, *, period_id: int, gap_rows: pd.DataFrame, entities: pd.DataFrame) -> None:
    """Under the leader's gap list: pick rows (several at once), then one OPD, owner and due date."""
    if not allowed(actor.role, "create_action") or gap_rows.empty:
        return
    show_flash()  # "2 rencana aksi dibuat." after the rerun that creating them caused
    with st.expander(t("ui.actions.create"), icon=":material/assignment_add:", key="gap_actions"):
        rows = {str(row["code"]): row for _, row in gap_rows.iterrows()}
        picked = st.multiselect(
            t("ui.actions.gap_rows"),
            list(rows),
            format_func=lambda code: f"{code} · {rows[code]['name']} (+{number(rows[code]['gain'])})",
            key="gap_action_rows",
        )
        if not picked:
            st.caption(t("ui.actions.gap_hint"))
            return
        chosen = gap_rows.loc[gap_rows["code"].astype(str).isin(picked)]
        organisations = [(int(e), f"{n} ({a})") for e, n, a in
                         zip(entities["entity"], entities["name"], entities["abbreviation"], strict=False)]  # fmt: skip
        named = str(chosen.iloc[0].get("organisations") or "").split(", ")[0]
        default = next((int(e) for e, a in zip(entities["entity"], entities["abbreviation"], strict=False)
                        if a == named), None)  # fmt: skip
        create_form(actor, key="gap_action", organisations=organisations, drafts=gap_drafts(chosen),
                    period_id=period_id, default_organisation=default)  # fmt: skip


def from_opd_items(
    actor: Actor, *, period_id: int, organisation: tuple[int, str], items: pd.DataFrame
) -> None:
    """On an OPD's drill-down: its items not yet reviewed (returned ones first, marked), several at once."""
    if not allowed(actor.role, "create_action") or items.empty:
        return
    show_flash()
    open_items = items.loc[items["status"] != SubmissionStatus.verified]
    if open_items.empty:
        return
    returned = open_items["status"].isin(list(SENT_BACK_STATUSES))
    ordered = pd.concat([open_items.loc[returned], open_items.loc[~returned]])
    rows = {str(row["code"]): row for _, row in ordered.iterrows()}
    with st.expander(t("ui.actions.create"), icon=":material/assignment_add:", key="opd_actions"):
        picked = st.multiselect(
            t("ui.actions.opd_items"),
            list(rows),
            format_func=lambda code: (
                f"{code} · {rows[code]['name']}"
                + (
                    f" ({status_label(rows[code]['status'])})"
                    if rows[code]["status"] in SENT_BACK_STATUSES
                    else ""
                )
            ),
            key="opd_action_rows",
        )
        if not picked:
            st.caption(t("ui.actions.gap_hint"))
            return
        chosen = ordered.loc[ordered["code"].astype(str).isin(picked)]
        create_form(actor, key="opd_action", organisations=[organisation], drafts=gap_drafts(chosen),
                    period_id=period_id)  # fmt: skip


def due_moment(day: date, at: time) -> datetime:
    """A date and a time typed in WIT as the aware moment the service stores."""
    return datetime.combine(day, at).replace(tzinfo=WIT)


def create_form(
    actor: Actor,
    *,
    key: str,
    organisations: Sequence[tuple[int, str]],
    drafts: Sequence[ActionDraft],
    period_id: int | None,
    default_organisation: int | None = None,
    editable_title: bool = False,
) -> None:
    """The form; ``organisations`` are (id, label) the actor may pick from, ``drafts`` what to create."""
    if not organisations:
        return
    ids = [organisation for organisation, _ in organisations]
    labels = dict(organisations)
    chosen = st.selectbox(
        t("ui.actions.opd"),
        ids,
        index=ids.index(default_organisation) if default_organisation in ids else 0,
        format_func=labels.__getitem__,
        key=f"{key}_opd",
    )
    users = owner_candidates(actor, organisation_id=int(chosen))
    kinds = ["other", "user"] if not users.empty else ["other"]
    kind = st.radio(
        t("ui.actions.owner_kind"),
        kinds,
        format_func=lambda k: t(f"ui.actions.owner_{k}"),
        horizontal=True,
        key=f"{key}_owner_kind",
    )
    with st.form(f"{key}_form", border=False):
        owner = _owner_fields(key=key, users=users if kind == "user" else None)
        if editable_title:
            title = st.text_input(t("ui.actions.title"), key=f"{key}_title", max_chars=300)
            drafts = [
                ActionDraft(title=title, codes=d.codes, recommendation_id=d.recommendation_id) for d in drafts
            ]
        else:
            st.caption(t("ui.actions.create_for", count=len(drafts)))
            st.markdown("\n".join(f"- {plain(draft.title)}" for draft in drafts))
        left, right = st.columns(2)
        day = left.date_input(
            t("ui.actions.due_date"),
            value=date.today() + timedelta(days=14),
            key=f"{key}_due",
            format="DD/MM/YYYY",
        )
        at = right.time_input(t("ui.actions.due_time"), value=time(23, 59), key=f"{key}_time", step=60)
        submitted = st.form_submit_button(t("ui.actions.create"), key=f"{key}_submit", type="primary")
    if not submitted:
        return
    try:
        made = create_actions(
            actor,
            organisation_id=int(chosen),
            drafts=list(drafts),
            owner=owner(),
            due_at=due_moment(day, at) if isinstance(day, date) else None,
            period_id=period_id,
        )
    except LenteraError as err:
        st.error(err.message())
        return
    flash(t("ui.actions.created", count=len(made)))
    st.rerun()


def _owner_fields(*, key: str, users: pd.DataFrame | None) -> Callable[[], Owner]:
    """Inside the form: a user of the OPD (``users``) with an optional phone, or name + NIP + phone."""
    if users is not None:
        names = {int(row["user_id"]): str(row["full_name"]) for _, row in users.iterrows()}
        user_id = st.selectbox(
            t("ui.actions.owner_pick"), list(names), format_func=names.__getitem__, key=f"{key}_owner_user"
        )
        phone = st.text_input(t("ui.actions.owner_phone"), key=f"{key}_owner_user_phone",
                              help=t("ui.actions.phone_help"))  # fmt: skip
        return lambda: Owner(user_id=int(user_id), phone=phone or None)
    cols = st.columns(3)
    name = cols[0].text_input(t("ui.actions.owner_name"), key=f"{key}_owner_name", max_chars=200)
    nip = cols[1].text_input(t("ui.actions.owner_nip"), key=f"{key}_owner_nip", max_chars=30)
    phone = cols[2].text_input(
        t("ui.actions.owner_phone"), key=f"{key}_owner_phone", help=t("ui.actions.phone_help")
    )
    return lambda: Owner(name=name, nip=nip, phone=phone)
