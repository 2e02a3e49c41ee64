"""The role's "what is due" box for the home page (``services.due.due_panel``)."""

from __future__ import annotations

import streamlit as st

import ui.panels.labels  # noqa: F401  (registers the texts)
from i18n import format_percent, t
from services.actor import Actor
from services.due import due_panel
from ui.display import table
from ui.widgets import guarded


@guarded
def render_due_panel(actor: Actor, *, period_id: int, title_key: str = "panel.due.title") -> None:
    panel = due_panel(actor, period_id=period_id)
    st.subheader(t(title_key))
    if not panel.has_news:
        st.success(t("panel.due.nothing"))
    for line in panel.lines:
        st.markdown(f"- {line}")
    if not panel.due_this_week.empty:
        with st.expander(t("panel.due.due_week")):
            table(
                panel.due_this_week,
                {"code": "ui.col.code", "name": "ui.col.item", "status_label": "ui.col.status"},
            )
    if not panel.returned.empty:
        with st.expander(t("panel.due.returned"), expanded=True):
            table(panel.returned, {"code": "ui.col.code", "name": "ui.col.item", "reason": "ui.col.reason"})
    if panel.queue_size:
        st.metric(t("panel.due.queue"), panel.queue_size)
        st.caption(t("panel.due.buckets"))
        table(panel.age_buckets, {"label": "ui.col.waiting", "count": "ui.col.count"})
        table(
            panel.oldest,
            {
                "opd": "ui.col.opd",
                "code": "ui.col.code",
                "name": "ui.col.item",
                "age_days": "ui.col.age_days",
            },
            decimals={"age_days": 1},
        )
    if not panel.missing_by_opd.empty:
        st.caption(t("panel.due.missing"))
        table(
            panel.missing_by_opd.head(10),
            {"opd": "ui.col.opd", "assigned": "ui.col.assigned", "missing": "ui.col.missing"},
        )
    if panel.progress.get("total"):
        left, right = st.columns(2)
        left.metric(t("panel.due.progress"), format_percent(panel.progress["done_share"] * 100))
        right.metric(t("panel.due.time_used"), format_percent(panel.progress["time_share"] * 100))
