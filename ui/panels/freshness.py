"""Items whose evidence is older than the catalog allows (``services.freshness.stale_items``)."""

from __future__ import annotations

import streamlit as st

import ui.panels.labels  # noqa: F401  (registers the texts)
from i18n import t
from services.actor import Actor
from services.freshness import stale_items
from ui.display import table
from ui.widgets import guarded


@guarded
def render_stale_items(actor: Actor, *, period_id: int, organisation_id: int | None = None) -> None:
    stale = stale_items(actor, period_id=period_id, organisation_id=organisation_id)
    st.subheader(t("panel.stale.title"))
    if stale.empty:
        st.caption(t("panel.stale.none"))
        return
    table(
        stale,
        {"opd": "ui.col.opd", "code": "ui.col.code", "name": "ui.col.item", "reason_label": "ui.col.reason"},
    )
