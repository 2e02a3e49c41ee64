"""Rencana aksi: every role's list of the actions it may see (overdue first), one action's history and files,
and what the role may do with it: a focal point works their OPD's actions forward (note, evidence, status),
inspectors and admins manage, leaders read (and create from the gap list or here)."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from i18n import format_datetime, label, register, t
from services import action_evidence, actions, organisations
from services.action_exports import export_action_plan
from services.action_views import ActionInfo, NoteInfo, action_detail, list_actions
from services.actions import ActionDraft
from services.actor import Actor
from services.evidence import EvidenceInfo
from services.permissions import allowed
from services.submission_views import LinkedEvidence
from ui import session
from ui.action_edit import edit_form
from ui.action_forms import create_form
from ui.display import plain
from ui.evidence_view import show_evidence
from ui.recommendations_panel import recommendations_panel
from ui.widgets import guarded, page_header, run_action, show_flash
from vocabulary import ACTION_TRANSITIONS, ActionStatus, Role

register(
    {
        "ui.page.actions": {"id": "Rencana Aksi", "en": "Action plans"},
        "ui.actions.none": {"id": "Belum ada rencana aksi.", "en": "No action plans yet."},
        "ui.actions.open_only": {"id": "Hanya yang belum selesai", "en": "Open ones only"},
        "ui.actions.pick": {"id": "Rencana aksi", "en": "Action"},
        "ui.actions.col.opd": {"id": "OPD", "en": "OPD"},
        "ui.actions.col.title": {"id": "Rencana aksi", "en": "Action"},
        "ui.actions.col.owner": {"id": "Penanggung jawab", "en": "Person in charge"},
        "ui.actions.col.phone": {"id": "Telepon", "en": "Phone"},
        "ui.actions.col.due": {"id": "Batas waktu", "en": "Due"},
        "ui.actions.col.status": {"id": "Status", "en": "Status"},
        "ui.actions.col.overdue": {"id": "Terlambat", "en": "Overdue"},
        "ui.actions.col.days_left": {"id": "Sisa hari", "en": "Days left"},
        "ui.actions.col.items": {"id": "Butir", "en": "Items"},
        "ui.actions.col.whatsapp": {"id": "WhatsApp", "en": "WhatsApp"},
        "ui.actions.whatsapp_text": {"id": "Kirim pesan", "en": "Send message"},
        "ui.actions.no_phone": {"id": "nomor belum ada", "en": "no number yet"},
        "ui.actions.history": {"id": "Riwayat", "en": "History"},
        "ui.actions.evidence": {"id": "Bukti tindak lanjut", "en": "Follow-up evidence"},
        "ui.actions.no_evidence": {
            "id": "Belum ada bukti tindak lanjut.",
            "en": "No follow-up evidence yet.",
        },
        "ui.actions.note": {"id": "Catatan kemajuan", "en": "Progress note"},
        "ui.actions.note_submit": {"id": "Simpan catatan", "en": "Save note"},
        "ui.actions.note_saved": {"id": "Catatan tersimpan.", "en": "Note saved."},
        "ui.actions.upload": {"id": "Unggah bukti tindak lanjut", "en": "Upload follow-up evidence"},
        "ui.actions.upload_submit": {"id": "Unggah", "en": "Upload"},
        "ui.actions.uploaded": {"id": "Bukti tersimpan.", "en": "Evidence stored."},
        "ui.actions.status_to": {"id": "Ubah status menjadi", "en": "Change status to"},
        "ui.actions.status_note": {
            "id": "Keterangan (wajib untuk batal)",
            "en": "Remark (required to cancel)",
        },
        "ui.actions.status_submit": {"id": "Ubah status", "en": "Change status"},
        "ui.actions.status_saved": {"id": "Status diubah.", "en": "Status changed."},
        "ui.actions.read_only": {
            "id": "Anda dapat melihat rencana aksi ini; pembaruan dilakukan oleh OPD, Inspektorat atau admin.",
            "en": "You can read this action; the OPD, the Inspektorat or an administrator update it.",
        },
        "ui.actions.export_all": {"id": "Unduh rencana aksi (xlsx)", "en": "Download action plan (xlsx)"},
        "ui.actions.export_opd": {"id": "Rencana aksi satu OPD", "en": "One OPD's action plan"},
        "ui.actions.export_one": {
            "id": "Unduh rencana aksi {opd} (xlsx)",
            "en": "Download {opd}'s action plan (xlsx)",
        },
        "ui.actions.new": {"id": "Rencana aksi baru", "en": "New action"},
        "ui.actions.history_line": {"id": "{when} · {who}: {what}", "en": "{when} · {who}: {what}"},
        "ui.actions.moved": {"id": "status {old} → {new}", "en": "status {old} → {new}"},
        "ui.actions.started": {"id": "dibuat ({new})", "en": "created ({new})"},
    }
)

COLUMNS = {
    "opd": "ui.actions.col.opd",
    "title": "ui.actions.col.title",
    "codes": "ui.actions.col.items",
    "owner": "ui.actions.col.owner",
    "owner_phone": "ui.actions.col.phone",
    "due_at": "ui.actions.col.due",
    "status_label": "ui.actions.col.status",
    "overdue": "ui.actions.col.overdue",
    "days_left": "ui.actions.col.days_left",
    "whatsapp": "ui.actions.col.whatsapp",
}


@guarded
def actions_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.actions")
    show_flash()
    if allowed(actor.role, "create_action"):
        _new_action(actor)
    recommendations_panel(actor)
    open_only = st.toggle(t("ui.actions.open_only"), key="actions_open_only")
    frame = list_actions(actor, open_only=open_only)
    if frame.empty:
        st.info(t("ui.actions.none"))
        return
    actions_table(frame, key="actions_table")
    _downloads(actor, frame)
    labels = {
        int(r["action_id"]): f"#{r['action_id']} · {r['opd']} · {r['title']}" for _, r in frame.iterrows()
    }
    chosen = st.selectbox(
        t("ui.actions.pick"), list(labels), format_func=labels.__getitem__, key="action_pick"
    )
    _detail(actor, action_detail(actor, action_id=int(chosen)))


def actions_table(frame: pd.DataFrame, *, key: str) -> None:
    """The actions under translated headers, the WhatsApp link clickable; sortable by any column."""
    shown = frame[list(COLUMNS)].copy()
    shown["due_at"] = shown["due_at"].map(format_datetime)
    shown["overdue"] = shown["overdue"].map(lambda late: "⚠" if late else "")
    shown = with_contacts(shown)
    shown = shown.rename(columns={c: t(k) for c, k in COLUMNS.items()})
    st.dataframe(
        shown,
        hide_index=True,
        key=key,
        column_config={
            t("ui.actions.col.whatsapp"): st.column_config.LinkColumn(
                display_text=t("ui.actions.whatsapp_text")
            )
        },
    )


def with_contacts(frame: pd.DataFrame) -> pd.DataFrame:
    """Who to call, never Python's None: no person in charge reads "–", a person without a phone number
    "nomor belum ada", and the WhatsApp cell stays empty (no link) where there is nothing to send to."""
    shown = frame.copy()
    known = shown["owner"].notna() & (shown["owner"].astype(str).str.strip() != "")
    shown["owner"] = shown["owner"].where(known, "–")
    phone = shown["owner_phone"].where(shown["owner_phone"].notna(), "").astype(str).str.strip()
    shown["owner_phone"] = phone.where((phone != "") | ~known, t("ui.actions.no_phone")).where(known, "–")
    shown["whatsapp"] = shown["whatsapp"].where(shown["whatsapp"].notna(), "")
    return shown


def _downloads(actor: Actor, frame: pd.DataFrame) -> None:
    """The action plan in xlsx: every action the actor sees (the pemda's), or one OPD's."""
    opds = dict(zip(frame["organisation_id"], frame["opd"], strict=False))
    left, right = st.columns(2)
    left.download_button(
        t("ui.actions.export_all"), data=lambda: export_action_plan(actor, region_id=actor.region_id),
        file_name="rencana-aksi.xlsx", key="actions_export_all", icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )  # fmt: skip
    if actor.role == Role.focal_point or len(opds) < 2:
        return
    chosen = right.selectbox(
        t("ui.actions.export_opd"), list(opds), format_func=opds.__getitem__, key="actions_export_opd"
    )
    right.download_button(
        t("ui.actions.export_one", opd=plain(opds[chosen])),
        data=lambda: export_action_plan(actor, organisation_id=int(chosen)),
        file_name=f"rencana-aksi-{opds[chosen]}.xlsx", key="actions_export_one", icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )  # fmt: skip


def _new_action(actor: Actor) -> None:
    with st.expander(t("ui.actions.new"), icon=":material/add_task:", key="new_action_box"):
        opds = organisations.list_organisations(actor, region_id=actor.region_id)
        choices = [(int(r["id"]), f"{r['name']} ({r['abbreviation']})") for _, r in opds.iterrows()]
        create_form(actor, key="new_action", organisations=choices, drafts=[ActionDraft(title="")],
                    period_id=None, editable_title=True)  # fmt: skip


def _detail(actor: Actor, info: ActionInfo) -> None:
    st.subheader(plain(info.title))
    late = " ⚠" if info.overdue else ""
    st.caption(
        " · ".join(
            part
            for part in (
                info.opd,
                label(info.status, capital=True),
                format_datetime(info.due_at) + late,
                plain(info.owner),
                info.owner_phone or "",
            )
            if part
        )
    )
    if info.whatsapp:
        st.link_button(t("ui.actions.whatsapp_text"), info.whatsapp, icon=":material/chat:")
    history, files = st.columns(2)
    with history:
        st.markdown(f"**{t('ui.actions.history')}**")
        for note in info.notes:
            st.markdown("- " + plain(_note_line(note)))
    with files:
        st.markdown(f"**{t('ui.actions.evidence')}**")
        if not info.evidence:
            st.caption(t("ui.actions.no_evidence"))
        for item in info.evidence:
            show_evidence(actor, _linked(item), preview=False)
    if not allowed(actor.role, "set_action_status"):
        st.info(t("ui.actions.read_only"))
        return
    _forms(actor, info)
    edit_form(actor, info)


def _note_line(note: NoteInfo) -> str:
    what = note.text or ""
    old, new = note.status_from, note.status_to
    if new:
        moved = (
            t("ui.actions.moved", old=label(old, kind=ActionStatus), new=label(new, kind=ActionStatus))
            if old
            else t("ui.actions.started", new=label(new, kind=ActionStatus))
        )
        what = f"{moved}. {what}".strip() if what else moved
    return t("ui.actions.history_line", when=format_datetime(note.at), who=note.author or "–", what=what)


def _linked(item: EvidenceInfo) -> LinkedEvidence:
    return LinkedEvidence(
        link_id=item.link_id or 0, evidence_id=item.id, display_name=item.display_name,
        media_type=item.media_type, size=item.size, sha256=item.sha256, uploaded_at=item.uploaded_at,
        uploaded_by=item.uploaded_by, document_date=item.document_date, linked_at=item.linked_at,
    )  # fmt: skip


def _forms(actor: Actor, info: ActionInfo) -> None:
    note_box, status_box = st.columns(2)
    with note_box:
        text = st.text_area(t("ui.actions.note"), key=f"action_note_{info.id}", max_chars=2000)
        if st.button(t("ui.actions.note_submit"), key="action_note_submit"):
            run_action(
                lambda: actions.add_action_note(actor, action_id=info.id, text=text),
                t("ui.actions.note_saved"),
            )
        upload = st.file_uploader(t("ui.actions.upload"), key=f"action_upload_{info.id}_{info.version}")
        if st.button(t("ui.actions.upload_submit"), key="action_upload_submit", disabled=upload is None):
            assert upload is not None
            run_action(
                lambda: action_evidence.upload_action_evidence(
                    actor, action_id=info.id, filename=upload.name, stream=io.BytesIO(upload.getvalue())
                ),
                t("ui.actions.uploaded"),
            )
    with status_box:
        targets = sorted(ACTION_TRANSITIONS[info.status], key=list(ActionStatus).index)
        target = st.selectbox(
            t("ui.actions.status_to"),
            targets,
            format_func=lambda s: label(s, capital=True),
            key="action_status",
        )
        remark = st.text_input(t("ui.actions.status_note"), key=f"action_status_note_{info.id}")
        if st.button(t("ui.actions.status_submit"), key="action_status_submit", type="primary"):
            run_action(
                lambda: actions.set_action_status(
                    actor, action_id=info.id, status=target, note=remark, expected_version=info.version
                ),
                t("ui.actions.status_saved"),
            )
