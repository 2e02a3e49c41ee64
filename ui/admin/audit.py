"""The audit log page: the newest events, filtered by kind of event and user, in words.

Each event reads as a person says it: "Reviu: disetujui" on an "Isian butir", before/after as "Status: direviu ·
Nilai mandiri: 100" (``services.audit_words``), never ``review.approve`` or ``status=verified``.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import pandas as pd
import streamlit as st

from i18n import format_datetime, label, t
from services import audit
from services.audit_words import GROUPS, entity_name, event_name, field_name, group_name
from ui import session
from ui.admin.common import when
from ui.display import format_all, number, options_with_all, table
from ui.widgets import guarded, page_header
from vocabulary import ActionStatus, CatalogStatus, PeriodState, Role, SubmissionStatus

_KINDS: dict[str, type[StrEnum]] = {"role": Role, "state": PeriodState}
_STATUS_KINDS: dict[str, type[StrEnum]] = {"action.": ActionStatus, "catalog.": CatalogStatus}


@guarded
def audit_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.admin_audit")
    left, middle, right = st.columns(3)
    group = left.selectbox(
        t("ui.audit.action"),
        options_with_all(list(GROUPS)),
        format_func=lambda prefix: format_all(prefix, {p: group_name(p) for p in GROUPS}),
        key="audit_action",
    )
    who = middle.text_input(t("ui.audit.actor"), key="audit_actor").strip().lower()
    limit = right.selectbox(t("ui.audit.limit"), [100, 500, 2000], index=1, key="audit_limit")
    frame = audit.audit_log(actor, limit=int(limit), action=group)
    if who and "actor_username" in frame.columns:
        frame = frame[frame["actor_username"].fillna("").str.lower().str.contains(who, regex=False)]
    table(
        in_words(frame),
        {"at": "ui.col.at", "actor_username": "ui.col.user", "action": "ui.col.action",
         "entity": "ui.col.entity", "entity_id": "ui.col.entity_id", "before": "ui.col.before",
         "after": "ui.col.after"},
        formats={"at": when},
        key="audit_table",
    )  # fmt: skip
    st.caption(t("ui.audit.count", count=number(len(frame), 0)))


def in_words(frame: pd.DataFrame) -> pd.DataFrame:
    """The audit frame with event, object and before/after as words; no user shows as "–"."""
    actions = frame["action"].astype(str)
    return frame.assign(
        actor_username=frame["actor_username"].fillna("–"),
        action=actions.map(event_name),
        entity=frame["entity"].map(entity_name),
        entity_id=frame["entity_id"].fillna("–"),
        before=[changes(values, code) for values, code in zip(frame["before"], actions, strict=True)],
        after=[changes(values, code) for values, code in zip(frame["after"], actions, strict=True)],
    )


def changes(values: Any, action: str = "") -> str:
    """``{"status": "verified", "self_value": 100.0}`` → "Status: direviu · Nilai mandiri: 100"."""
    if not isinstance(values, dict) or not values:
        return ""
    return " · ".join(f"{field_name(str(k))}: {_value(str(k), v, action)}" for k, v in values.items())


def _value(field: str, value: Any, action: str) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return t("ui.yes") if value else t("ui.no")
    if isinstance(value, int | float):
        return number(value, 0 if float(value).is_integer() else 2)
    kind = _KINDS.get(field)
    if field == "status":
        kind = next((k for prefix, k in _STATUS_KINDS.items() if action.startswith(prefix)), SubmissionStatus)
    if kind is not None:
        return label(value, kind=kind)
    text = str(value)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    return format_datetime(moment) if moment.tzinfo is not None else text
