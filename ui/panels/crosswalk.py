"""Focal point, on an item page: link an uploaded file to the related items of other frameworks."""

from __future__ import annotations

import streamlit as st

import ui.panels.labels  # noqa: F401  (registers the texts)
from i18n import t
from services.actor import Actor
from services.crosswalk import also_supports, link_evidence_to, link_suggestions
from ui.display import plain
from ui.widgets import guarded

ALSO_SHOWN = 8
"""How many related items the "also supports" line lists before "and N more"."""


def render_also_supports(actor: Actor, *, submission_id: int) -> None:
    """ "Berkas ini juga mendukung: ..." — the other frameworks' items the crosswalk relates to this item, strong
    pairs first, each with its reason and, where the OPD has it in an open period, which period (to link it)."""
    related = also_supports(actor, submission_id=submission_id)
    if related.empty:
        return
    lines = []
    for row in related.head(ALSO_SHOWN).to_dict("records"):
        line = t(
            "panel.crosswalk.also_item",
            framework=plain(str(row["framework"])),
            code=plain(str(row["code"])),
            name=plain(str(row["name"])),
            strength=row["strength_label"],
            reason=plain(str(row["reason"])),
        )
        if row["period"]:
            line += f" ({t('panel.crosswalk.also_open', period=plain(str(row['period'])))})"
        lines.append(f"- {line}")
    if len(related) > ALSO_SHOWN:
        lines.append(f"- {t('panel.crosswalk.also_more', count=len(related) - ALSO_SHOWN)}")
    st.info(t("panel.crosswalk.also") + "\n" + "\n".join(lines), icon=":material/hub:")


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
        int(r["submission_id"]): f"{r['framework']} {r['code']} – {r['name']} ({r['period']}; "
        + t("crosswalk.strength." + str(r["strength"]))
        + ")"
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
