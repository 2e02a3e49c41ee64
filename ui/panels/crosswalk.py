"""Focal point, on an item page: link an uploaded file to the related items of other frameworks."""

from __future__ import annotations

import streamlit as st

import ui.panels.labels  # noqa: F401  (registers the texts)
from i18n import t
from services.actor import Actor
from services.crosswalk import link_evidence_to, link_suggestions
from ui.widgets import guarded


@guarded
def render_link_suggestions(actor: Actor, *, submission_id: int, evidence_id: int) -> None:
    suggestions = link_suggestions(actor, submission_id=submission_id)
    st.caption(t("panel.crosswalk.title"))
    # Boolean masks, not lists: indexing an empty frame with an empty object Series would pick columns instead.
    editable = suggestions["editable"].astype(bool)
    unlinked = suggestions["linked_evidence_ids"].map(lambda ids: evidence_id not in ids).astype(bool)
    candidates = suggestions[editable & unlinked]
    if candidates.empty:
        st.caption(t("panel.crosswalk.none"))
        return
    labels: dict[int, str] = {
        int(r["submission_id"]): f"{r['framework']} {r['code']} – {r['name']} ({r['period']})"
        for r in candidates.to_dict("records")
    }
    chosen = st.multiselect(
        t("panel.crosswalk.title"),
        options=list(labels),
        format_func=lambda sid: labels[sid],
        key=f"xwalk-{submission_id}-{evidence_id}",
        label_visibility="collapsed",
    )
    if chosen and st.button(t("panel.crosswalk.link"), key=f"xwalk-go-{submission_id}-{evidence_id}"):
        link_evidence_to(actor, evidence_id=evidence_id, submission_ids=chosen)
        st.success(t("panel.crosswalk.linked", count=len(chosen)))
