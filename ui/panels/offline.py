"""Focal point: download the OPD's sheet, fill it in offline, upload it, check the preview, save all at once.

After saving, the page reruns (the checklist shows the new values at once) and the uploader starts empty.
"""

from __future__ import annotations

import streamlit as st

import ui.panels.labels  # noqa: F401  (registers the texts)
from i18n import t
from services import install
from services.actor import Actor
from services.offline import import_offline_sheet, offline_sheet
from ui.display import table
from ui.widgets import flash, guarded

ROUND_KEY = "offline_round"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@guarded
def render_offline_sheet(actor: Actor, *, period_id: int, organisation_id: int) -> None:
    st.subheader(t("panel.offline.title"))
    st.download_button(
        t("panel.offline.download"),
        data=offline_sheet(actor, period_id=period_id, organisation_id=organisation_id),
        file_name=install.exported_name(f"lentera-isian-{period_id}-{organisation_id}.xlsx"),
        mime=XLSX,
        key=f"offline-dl-{period_id}-{organisation_id}",
    )
    round_ = int(st.session_state.get(ROUND_KEY, 0))
    upload = st.file_uploader(
        t("panel.offline.upload"),
        type=["xlsx"],
        key=f"offline-up-{period_id}" + (f"-{round_}" if round_ else ""),
    )
    if upload is None:
        return
    content = upload.getvalue()
    preview = import_offline_sheet(
        actor, period_id=period_id, organisation_id=organisation_id, content=content, apply=False
    )
    if preview.problems:
        st.error(t("offline.has_errors", count=len(preview.problems)))
        table(
            preview.problems_frame,
            {"row": "ui.col.row", "code": "ui.col.code", "message": "ui.col.problem"},
        )
        return
    if preview.changes.empty:
        st.info(t("panel.offline.nothing"))
        return
    table(
        preview.changes,
        {"row": "ui.col.row", "code": "ui.col.code", "name": "ui.col.item", "old_value": "ui.col.old_value",
         "new_value": "ui.col.new_value", "old_note": "ui.col.old_note", "new_note": "ui.col.new_note"},
    )  # fmt: skip
    label = t("panel.offline.apply", count=len(preview.changes))
    if st.button(label, key=f"offline-apply-{period_id}", type="primary"):
        done = import_offline_sheet(
            actor, period_id=period_id, organisation_id=organisation_id, content=content, apply=True
        )
        st.session_state[ROUND_KEY] = round_ + 1
        flash(t("panel.offline.applied", count=len(done.changes)))
        st.rerun()
