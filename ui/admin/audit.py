"""The audit log page: the newest events, filtered by action and user."""

from __future__ import annotations

import streamlit as st

from i18n import t
from services import audit
from ui import session
from ui.admin.common import when
from ui.display import number, table
from ui.widgets import guarded, page_header


@guarded
def audit_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.admin_audit")
    left, middle, right = st.columns(3)
    action = left.text_input(t("ui.audit.action"), key="audit_action").strip() or None
    who = middle.text_input(t("ui.audit.actor"), key="audit_actor").strip().lower()
    limit = right.selectbox(t("ui.audit.limit"), [100, 500, 2000], index=1, key="audit_limit")
    frame = audit.audit_log(actor, limit=int(limit), action=action)
    if who and "actor_username" in frame.columns:
        frame = frame[frame["actor_username"].fillna("").str.lower().str.contains(who, regex=False)]
    table(
        frame,
        {"at": "ui.col.at", "actor_username": "ui.col.user", "action": "ui.col.action",
         "entity": "ui.col.entity", "entity_id": "ui.col.entity_id", "before": "ui.col.before",
         "after": "ui.col.after"},
        formats={"at": when},
        key="audit_table",
    )  # fmt: skip
    st.caption(t("ui.audit.count", count=number(len(frame), 0)))
