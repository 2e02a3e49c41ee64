"""The focal point's checklist: their own OPD's items grouped by area and indicator, returned items first.

The list can be searched by code or words, filtered by status or narrowed to what is left. Opening an item shows
it in a dialog over the list (``st.dialog``), where the user is, on a desktop and on a phone alike; the dialog
stays open across a save, so the list behind it keeps its place. The item itself (evidence, document dates, the
value control, save and submit) is ``ui.focal_item``.
"""

from __future__ import annotations

import math
from datetime import datetime
from functools import partial

import pandas as pd
import streamlit as st

from i18n import status_label, t
from indicators import Catalog
from services import catalogs, freshness, periods
from services.actor import Actor
from ui import session
from ui.display import number, plain, provenance_badge, status_chip
from ui.evidence_view import evidence_caption
from ui.focal_item import SELECTED_KEY, deadline_text, item_panel
from ui.panels.due import render_due_panel
from ui.panels.freshness import render_stale_items
from ui.panels.offline import render_offline_sheet
from ui.rule_values import rule_value_label
from ui.widgets import FLASH_KEY, guarded, lazy_panel, page_header, period_selector
from vocabulary import DONE_STATUSES

STATUS_ICONS = {
    "empty": ":material/radio_button_unchecked:",
    "draft": ":material/edit_note:",
    "submitted": ":material/schedule_send:",
    "verified": ":material/verified:",
    "returned": ":material/undo:",
    "reopened": ":material/replay:",
}
STATUS_FILTER = ("empty", "draft", "returned", "submitted", "verified")
"""The status filter's choices; "returned" also finds the reopened items (both wait for the OPD)."""
SEARCH_KEY, STATUS_KEY, LEFT_KEY = "checklist_search", "checklist_status", "checklist_left"


def _period_deadline(actor: Actor, period_id: int) -> datetime | None:
    info = periods.get_period(actor, period_id=period_id)
    if actor.organisation_id is not None and actor.organisation_id in info.extensions:
        return info.extensions[actor.organisation_id]
    return info.submission_deadline


@guarded
def checklist_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.checklist")
    selected = st.session_state.get(SELECTED_KEY)
    if selected is None:  # with an item open, its dialog shows the confirmation where the user is
        message = st.session_state.pop(FLASH_KEY, None)
        if message:
            st.success(message)
            st.toast(message, icon=":material/check_circle:")  # seen wherever the list is scrolled to
    if actor.organisation_id is None:
        st.warning(t("ui.checklist.no_opd"))
        return
    period_id = period_selector(actor)
    if period_id is None:
        return

    frame = freshness.checklist_with_stale(actor, period_id=period_id, organisation_id=actor.organisation_id)
    catalog = catalogs.catalog_for_period(period_id)
    provenance_badge(catalog)
    _summary(actor, period_id, frame)
    if frame.empty:
        st.info(t("ui.checklist.empty"))
        return
    _returned_box(frame)
    _panels(period_id, actor.organisation_id)
    shown = _filtered(frame)
    _item_list(shown, catalog)
    if selected in set(frame["code"]):
        row = frame[frame["code"] == selected].iloc[0]
        _open_dialog(actor, catalog, int(row["submission_id"]))
    elif selected is not None:
        st.session_state.pop(SELECTED_KEY, None)  # an item of another period or no longer assigned


def _open_dialog(actor: Actor, catalog: Catalog, submission_id: int) -> None:
    dialog = st.dialog(t("ui.checklist.dialog_title"), width="large", on_dismiss=_close)
    dialog(item_panel)(actor, catalog, submission_id)


def _close() -> None:
    st.session_state.pop(SELECTED_KEY, None)


def _summary(actor: Actor, period_id: int, frame: pd.DataFrame) -> None:
    total = len(frame)
    counts = frame["status"].value_counts() if total else pd.Series(dtype=int)
    done = int(counts.get("submitted", 0) + counts.get("verified", 0))
    cols = st.columns(5)
    cols[0].metric(t("ui.metric.items"), total, border=True)
    cols[1].metric(t("ui.metric.verified"), int(counts.get("verified", 0)), border=True)
    cols[2].metric(t("ui.metric.submitted"), int(counts.get("submitted", 0)), border=True)
    cols[3].metric(
        t("ui.metric.returned"), int(counts.get("returned", 0) + counts.get("reopened", 0)), border=True
    )
    cols[4].metric(t("ui.metric.missing"), int(counts.get("empty", 0) + counts.get("draft", 0)), border=True)
    fraction = done / total if total else 0.0
    st.progress(fraction, text=t("ui.checklist.progress", done=done, total=total))
    text, overdue = deadline_text(_period_deadline(actor, period_id))
    (st.error if overdue else st.caption)(text)


def _returned_box(frame: pd.DataFrame) -> None:
    returned = frame[frame["status"].isin(["returned", "reopened"])]
    if returned.empty:
        return
    with st.container(border=True):
        st.markdown(f"**{t('ui.checklist.returned_title', count=len(returned))}**")
        for _, row in returned.iterrows():
            cols = st.columns([6, 1])
            reason = plain(row["return_reason"] or "–")
            cols[0].markdown(f"**{row['code']}** {row['name']}  \n{t('ui.checklist.reason', reason=reason)}")
            cols[1].button(
                t("ui.open"), key=f"open_returned_{row['code']}", on_click=_select, args=(str(row["code"]),)
            )


def _panels(period_id: int, organisation_id: int) -> None:
    """Helpers around the checklist, one under the other at full width so their tables stay readable."""
    lazy_panel(
        t("panel.due.title"), panel_key="panel_due", render=partial(render_due_panel, period_id=period_id)
    )
    lazy_panel(
        t("panel.offline.title"),
        panel_key="panel_offline",
        render=partial(render_offline_sheet, period_id=period_id, organisation_id=organisation_id),
    )
    lazy_panel(
        t("panel.stale.title"),
        panel_key="panel_stale",
        render=partial(render_stale_items, period_id=period_id, organisation_id=organisation_id),
    )


def _select(code: str) -> None:
    st.session_state[SELECTED_KEY] = code


def _filtered(frame: pd.DataFrame) -> pd.DataFrame:
    """The search box, status filter and "only what is left" switch, applied to the checklist."""
    with st.container(border=True, key="checklist_filters"):
        text = st.text_input(
            t("ui.checklist.search"),
            key=SEARCH_KEY,
            placeholder=t("ui.checklist.search_hint"),
            icon=":material/search:",
        )
        statuses = st.multiselect(
            t("ui.col.status"),
            list(STATUS_FILTER),
            format_func=lambda status: status_label(status, capital=True),
            key=STATUS_KEY,
            placeholder=t("ui.checklist.all_statuses"),
        )
        left = st.toggle(t("ui.checklist.only_left"), key=LEFT_KEY)
    keep = pd.Series(True, index=frame.index)
    words = (text or "").strip().casefold().split()
    if words:
        haystack = (frame["code"].astype(str) + " " + frame["name"].astype(str)).str.casefold()
        for word in words:
            keep &= haystack.str.contains(word, regex=False)
    if statuses:
        wanted = set(statuses) | ({"reopened"} if "returned" in statuses else set())
        keep &= frame["status"].isin(wanted)
    if left:
        keep &= ~frame["status"].isin(DONE_STATUSES)
    shown = frame[keep]
    if len(shown) < len(frame):
        st.caption(t("ui.checklist.shown", shown=number(len(shown), 0), total=number(len(frame), 0)))
    if shown.empty:
        st.info(t("ui.checklist.none_match"))
    return shown


def _item_list(frame: pd.DataFrame, catalog: Catalog) -> None:
    ordered = frame.assign(_area=frame["area_code"].astype(str))
    for area_code, area in ordered.groupby("_area", sort=False):
        done = int(area["status"].isin(DONE_STATUSES).sum())
        title = f"{area.iloc[0]['area_name']} · {done}/{len(area)}"
        # keyed: an area the user folded stays folded, and one they worked in stays open, across reruns
        with st.expander(title, expanded=True, key=f"checklist_area_{area_code}"):
            for indicator, items in area.groupby(area["indicator_name"].fillna(""), sort=False):
                if indicator:
                    st.caption(str(indicator))
                for _, row in items.iterrows():
                    _item_row(row, catalog)


def _number_or_none(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)  # type: ignore[arg-type]


def row_text(row: pd.Series, catalog: Catalog) -> str:
    """An item's line in the list: code, name, the claimed value and, once reviewed, the reviewed value and note."""
    code = str(row["code"])
    node = catalog.node(code)
    parts = [f"**{code}** {row['name']}"]
    claimed = _number_or_none(row["self_value"])
    typed = _number_or_none(row.get("external_value"))
    reviewed = _number_or_none(row["verified_value"])
    checked = _number_or_none(row.get("verified_external_value"))
    if row["status"] == "verified" and reviewed is not None:
        claimed_text = "–" if claimed is None else rule_value_label(node, claimed, typed)
        parts.append(
            t(
                "ui.checklist.claimed_reviewed",
                claimed=claimed_text,
                reviewed=rule_value_label(node, reviewed, checked),
            )
        )
    elif claimed is not None:
        parts.append(rule_value_label(node, claimed, typed))
    if bool(row.get("stale", False)):
        parts.append(f":orange[{t('ui.stale.flag')}]")
    text = " · ".join(parts)
    note = row.get("review_note") or row.get("return_reason")
    if isinstance(note, str) and note:
        text += "  \n" + t("ui.checklist.review_note", note=plain(note))
    return text


def _item_row(row: pd.Series, catalog: Catalog) -> None:
    code = str(row["code"])
    with st.container(key=f"row_{code}", horizontal=True, vertical_alignment="center", gap="small"):
        st.markdown(row_text(row, catalog), width="stretch")
        status_chip(str(row["status"]))
        st.button(
            t("ui.open"),
            key=f"open_{code}",
            icon=STATUS_ICONS.get(str(row["status"])),
            on_click=_select,
            args=(code,),
            type="primary" if st.session_state.get(SELECTED_KEY) == code else "secondary",
        )


__all__ = ["checklist_page", "deadline_text", "evidence_caption", "row_text"]
