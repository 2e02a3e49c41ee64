"""The focal point's checklist: their own OPD's items grouped by area and indicator, returned items first.

The left side lists every item with its status; the right side is the open item: evidence upload, the self value
in the control its scoring rule needs, a note, save and submit. Each uploaded file is sent to the evidence
service once (tracked by the uploader's file id), so reruns never upload it twice.
"""

from __future__ import annotations

import io
import math
from datetime import UTC, datetime
from functools import partial

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from config import get_settings
from i18n import LenteraError, format_datetime, status_label, t
from indicators import Catalog, Node
from services import catalogs, evidence, freshness, periods, submission_views, submissions
from services.actor import Actor
from services.deadlines import deadline_closes_at
from services.submission_views import ItemDetail, LinkedEvidence
from ui import session
from ui.display import plain, provenance_badge, status_chip
from ui.evidence_view import evidence_caption, show_evidence
from ui.inventory_page import inventory_evidence_box
from ui.panels.crosswalk import render_also_supports, render_link_suggestions
from ui.panels.due import render_due_panel
from ui.panels.freshness import render_stale_items
from ui.panels.offline import render_offline_sheet
from ui.rule_values import accepted_documents_list, rule_value_label, value_input
from ui.widgets import guarded, lazy_panel, page_header, period_selector, show_flash
from vocabulary import DONE_STATUSES

UPLOAD_TYPES = ["pdf", "png", "jpg", "jpeg", "xlsx", "docx", "odt", "csv"]
SELECTED_KEY = "checklist_selected"
UPLOADED_KEY = "uploaded_file_ids"
STATUS_ICONS = {
    "empty": ":material/radio_button_unchecked:",
    "draft": ":material/edit_note:",
    "submitted": ":material/schedule_send:",
    "verified": ":material/verified:",
    "returned": ":material/undo:",
    "reopened": ":material/replay:",
}


def deadline_text(deadline: datetime | None, now: datetime | None = None) -> tuple[str, bool]:
    """("Sisa 3 hari 4 jam — batas 30 November 2026 23.59 WIT", overdue?)."""
    if deadline is None:
        return t("ui.deadline.none"), False
    now = now or datetime.now(UTC)
    if deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=UTC)

    left = (deadline_closes_at(deadline) - now).total_seconds()  # "23:59" still counts until 23:59:59
    when = format_datetime(deadline)
    if left <= 0:
        return t("ui.deadline.passed", deadline=when), True
    days, rest = divmod(int(left), 86400)
    return t("ui.deadline.left", days=days, hours=rest // 3600, deadline=when), False


def _period_deadline(actor: Actor, period_id: int) -> datetime | None:
    info = periods.get_period(actor, period_id=period_id)
    if actor.organisation_id is not None and actor.organisation_id in info.extensions:
        return info.extensions[actor.organisation_id]
    return info.submission_deadline


@guarded
def checklist_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.checklist")
    show_flash()
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
    selected = st.session_state.get(SELECTED_KEY)
    if selected not in set(frame["code"]):
        selected = None
    left, right = st.columns([5, 4], gap="large")
    with left:
        _item_list(frame, catalog)
    with right:
        if selected is None:
            st.info(t("ui.checklist.pick"))
        else:
            row = frame[frame["code"] == selected].iloc[0]
            _item_panel(actor, catalog, int(row["submission_id"]))


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
    """Helpers around the checklist: what is due, the offline Excel sheet, evidence that went out of date."""
    cols = st.columns(3)
    with cols[0]:
        lazy_panel(
            t("panel.due.title"),
            panel_key="panel_due",
            render=partial(render_due_panel, period_id=period_id),
        )
    with cols[1]:
        lazy_panel(
            t("panel.offline.title"),
            panel_key="panel_offline",
            render=partial(render_offline_sheet, period_id=period_id, organisation_id=organisation_id),
        )
    with cols[2]:
        lazy_panel(
            t("panel.stale.title"),
            panel_key="panel_stale",
            render=partial(render_stale_items, period_id=period_id, organisation_id=organisation_id),
        )


def _select(code: str) -> None:
    st.session_state[SELECTED_KEY] = code


def _item_list(frame: pd.DataFrame, catalog: Catalog) -> None:
    ordered = frame.assign(_area=frame["area_code"].astype(str))
    for area_code, area in ordered.groupby("_area", sort=False):
        done = int(area["status"].isin(DONE_STATUSES).sum())
        title = f"{area.iloc[0]['area_name']} · {done}/{len(area)}"
        with st.expander(title, expanded=True):
            for indicator, items in area.groupby(area["indicator_name"].fillna(""), sort=False):
                if indicator:
                    st.caption(str(indicator))
                for _, row in items.iterrows():
                    _item_row(row, catalog)
        del area_code


def _item_row(row: pd.Series, catalog: Catalog) -> None:
    code = str(row["code"])
    cols = st.columns([5, 2, 2], vertical_alignment="center")
    value = row["self_value"]
    empty = value is None or (isinstance(value, float) and math.isnan(value))
    value_text = "" if empty else f" · {rule_value_label(catalog.node(code), float(value))}"
    stale_text = f" · :orange[{t('ui.stale.flag')}]" if bool(row.get("stale", False)) else ""
    cols[0].markdown(f"**{code}** {row['name']}{value_text}{stale_text}")
    status_chip(str(row["status"]), cols[1])
    cols[2].button(
        t("ui.open"),
        key=f"open_{code}",
        icon=STATUS_ICONS.get(str(row["status"])),
        on_click=_select,
        args=(code,),
        help=t("ui.open"),
        type="primary" if st.session_state.get(SELECTED_KEY) == code else "secondary",
    )


def _item_panel(actor: Actor, catalog: Catalog, submission_id: int) -> None:
    detail = submission_views.item_detail(actor, submission_id=submission_id)
    node = catalog.node(detail.code)
    with st.container(border=True):
        st.subheader(f"{detail.code} · {detail.name}")
        crumbs = " › ".join(p for p in (detail.area_name, detail.indicator_name) if p)
        st.caption(crumbs)
        status_chip(detail.status)
        if detail.description:
            st.write(detail.description)
        _requirements(detail)
        _latest_return(detail)
        accepted_documents_list(node, detail.accepted_documents)
        text, overdue = deadline_text(detail.deadline)
        (st.warning if overdue else st.caption)(text)
        st.divider()
        _evidence_section(actor, detail)
        st.divider()
        _value_form(actor, node, detail)


def _requirements(detail: ItemDetail) -> None:
    if not detail.evidence_requirements:
        return
    st.markdown(f"**{t('ui.checklist.requirements')}**")
    for requirement in detail.evidence_requirements:
        kinds = ", ".join(requirement.kinds)
        age = t("ui.checklist.max_age", days=requirement.max_age_days) if requirement.max_age_days else ""
        st.markdown(f"- {requirement.description} ({kinds}){age}")


def _latest_return(detail: ItemDetail) -> None:
    if detail.status not in ("returned", "reopened") or not detail.reviews:
        return
    review = detail.reviews[-1]
    st.warning(
        t(
            "ui.checklist.returned_by",
            reviewer=plain(review.reviewer),
            when=format_datetime(review.decided_at),
            reason=plain(review.reason or "–"),
        )
    )


def _evidence_section(actor: Actor, detail: ItemDetail) -> None:
    st.markdown(f"**{t('ui.evidence.title')}**")
    if not detail.evidence:
        st.caption(t("ui.evidence.none"))
    for item in detail.evidence:
        with st.container(border=True):
            show_evidence(actor, item, preview=False)
            if "save" in detail.actions and st.button(
                t("ui.evidence.detach"), key=f"detach_{item.link_id}", icon=":material/link_off:"
            ):
                _detach(actor, item)
            lazy_panel(
                t("panel.crosswalk.title"),
                panel_key=f"panel_xwalk_{item.link_id}",
                render=partial(
                    render_link_suggestions, submission_id=detail.submission_id, evidence_id=item.evidence_id
                ),
            )
    inventory_evidence_box(actor, detail.submission_id, editable="save" in detail.actions)
    if detail.evidence:
        render_also_supports(actor, submission_id=detail.submission_id)
    if "save" not in detail.actions:
        return
    max_mb = get_settings().max_upload_mb
    files = st.file_uploader(
        t("ui.evidence.upload", max_mb=max_mb),
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=f"upload_{detail.code}",
        max_upload_size=max_mb,
        help=t("ui.evidence.upload_help"),
    )
    _store_uploads(actor, detail, files or [])


def _store_uploads(actor: Actor, detail: ItemDetail, files: list[UploadedFile]) -> None:
    done: set[str] = st.session_state.setdefault(UPLOADED_KEY, set())
    stored = 0
    for upload in files:
        marker = f"{detail.submission_id}:{upload.file_id}"
        if marker in done:
            continue
        done.add(marker)
        try:
            evidence.upload_evidence(
                actor,
                submission_id=detail.submission_id,
                filename=upload.name,
                stream=io.BytesIO(upload.getvalue()),
            )
        except LenteraError as err:
            st.error(f"{upload.name}: {err.message()}")
            continue
        stored += 1
    if stored:
        st.session_state["flash"] = t("ui.evidence.uploaded", count=stored)
        st.rerun()


def _detach(actor: Actor, item: LinkedEvidence) -> None:
    try:
        evidence.detach_evidence(actor, link_id=item.link_id)
    except LenteraError as err:
        st.error(err.message())
        return
    st.session_state["flash"] = t("ui.evidence.detached", name=plain(item.display_name))
    st.rerun()


def _value_form(actor: Actor, node: Node, detail: ItemDetail) -> None:
    editable = "save" in detail.actions
    if not editable:
        st.markdown(f"**{t('ui.value.self')}:** {rule_value_label(node, detail.self_value)}")
        if detail.verified_value is not None and detail.status == "verified":
            st.markdown(f"**{t('ui.value.verified')}:** {rule_value_label(node, detail.verified_value)}")
        if detail.note:
            st.caption(plain(detail.note))
        if detail.status == "submitted":
            st.info(t("ui.checklist.waiting", status=status_label(detail.status, capital=True)))
        return
    key = f"{detail.code}_{detail.version}"
    value = value_input(node, detail.self_value, key=f"value_{key}", label=t("ui.value.self"))
    note = st.text_area(t("ui.field.note"), value=detail.note or "", key=f"note_{key}", max_chars=4000)
    save_col, submit_col = st.columns(2)
    save = save_col.button(t("ui.checklist.save"), key=f"save_{detail.code}", icon=":material/save:")
    submit = submit_col.button(
        t("ui.checklist.submit"),
        key=f"submit_{detail.code}",
        type="primary",
        icon=":material/send:",
    )
    if not (save or submit):
        return
    action = submissions.save_and_submit if submit else submissions.save_draft
    try:
        action(
            actor,
            submission_id=detail.submission_id,
            self_value=value,
            note=note.strip() or None,
            expected_version=detail.version,
        )
    except LenteraError as err:
        st.error(err.message())
        return
    st.session_state["flash"] = t(
        "ui.checklist.submitted" if submit else "ui.checklist.saved", code=detail.code
    )
    st.rerun()


__all__ = ["checklist_page", "deadline_text", "evidence_caption"]
