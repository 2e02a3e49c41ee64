"""The inspector's verification queue: filter, open an item with its evidence inline, approve or return.

Approving records a verified value in the same rule-aware control the focal point used, which starts empty: the
inspector states what the evidence shows rather than confirming the claim in one click. Returning needs a reason
the OPD can act on. After either, the next item of the queue opens with the confirmation on top of it. The service
stores which evidence files (by sha256) were attached when the decision was made, so the page does not have to.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from i18n import LenteraError, format_datetime, label, status_label, t
from indicators import Catalog, Node
from indicators.rules import DocumentsRule, LevelsRule
from services import catalogs, organisations, periods, submission_views, verification
from services.actor import Actor
from services.submission_views import ItemDetail
from ui import session
from ui.display import format_all, number, plain, status_chip
from ui.evidence_view import show_evidence
from ui.inventory_page import inventory_evidence_box
from ui.panels.due import render_due_panel
from ui.panels.freshness import render_stale_items
from ui.rule_values import (
    accepted_documents_list,
    answer_input,
    documents_input,
    kpk_result,
    level_evidence_input,
    rule_value_label,
)
from ui.widgets import (
    FLASH_KEY,
    flash,
    guarded,
    lazy_panel,
    page_header,
    period_selector,
    run_action,
    scroll_into_view,
    show_flash,
)
from vocabulary import QUEUE_STATUSES, Decision

PICK_KEY = "queue_pick"
NEXT_KEY = "queue_next"
TABLE_ROUND_KEY = "queue_table_round"
CONFIRMATION_KEY = "queue_confirmation"


@guarded
def verification_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.verification")
    period_id = period_selector(actor)
    if period_id is None:
        return

    catalog = catalogs.catalog_for_period(period_id)
    filters = _filters(actor, period_id, catalog)
    left, right = st.columns(2)
    with left:
        lazy_panel(
            t("panel.due.title"),
            panel_key="panel_due",
            render=partial(render_due_panel, period_id=period_id),
        )
    with right:
        lazy_panel(
            t("panel.stale.title"),
            panel_key="panel_stale",
            render=partial(
                render_stale_items, period_id=period_id, organisation_id=filters["organisation_id"]
            ),
        )
    queue = verification.queue(actor, period_id=period_id, **filters)
    st.caption(t("ui.queue.count", count=number(len(queue), 0)))
    if queue.empty:
        show_flash()
        st.info(t("ui.queue.empty"))
        return
    ids = [int(i) for i in queue["submission_id"]]
    _queue_table(queue, ids)
    labels = {
        int(row["submission_id"]): f"{row['opd']} · {row['code']} · {row['name']}"
        for _, row in queue.iterrows()
    }
    following = st.session_state.pop(NEXT_KEY, None)
    if following in ids:
        st.session_state[PICK_KEY] = following  # the item after the one just decided
    if st.session_state.get(PICK_KEY) not in ids:
        st.session_state.pop(PICK_KEY, None)
    submission_id = st.selectbox(t("ui.queue.pick"), ids, format_func=labels.__getitem__, key=PICK_KEY)
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        with st.container(key=CONFIRMATION_KEY):
            st.success(message)  # the confirmation of the last decision, above the item that opened next
        scroll_into_view(
            CONFIRMATION_KEY, nonce=st.session_state.get(TABLE_ROUND_KEY, 0)
        )  # where the user is
        st.toast(message, icon=":material/check_circle:")
    _review_panel(actor, catalog, int(submission_id), ids, labels)


def _filters(actor: Actor, period_id: int, catalog: Catalog) -> dict[str, Any]:
    """OPD (only those of the period's pemda), area, status and age; the pemda is the period's own."""
    region_id = periods.get_period(actor, period_id=period_id).region_id
    with st.container(border=True):
        cols = st.columns([3, 3, 3, 2])
        opds = organisations.list_organisations(actor, region_id=region_id)
        opd_labels = {int(r["id"]): f"{r['abbreviation']} · {r['region']}" for _, r in opds.iterrows()}
        if st.session_state.get("queue_opd") not in (None, *opd_labels):
            st.session_state.pop("queue_opd")  # an OPD of another period's pemda
        organisation_id = cols[0].selectbox(
            t("ui.field.organisation"),
            [None, *opd_labels],
            format_func=lambda v: format_all(v, opd_labels),
            key="queue_opd",
        )
        areas = {node.code: node.name for node in catalog.top_level}
        area_code = cols[1].selectbox(
            t("ui.col.area"), [None, *areas], format_func=lambda v: format_all(v, areas), key="queue_area"
        )
        statuses = cols[2].multiselect(
            t("ui.col.status"),
            [status.value for status in QUEUE_STATUSES],
            default=["submitted"],
            format_func=lambda status: status_label(status, capital=True),
            key="queue_status",
        )
        min_age = cols[3].number_input(
            t("ui.queue.min_age"), min_value=0, max_value=365, value=0, step=1, key="queue_age"
        )
    return {
        "organisation_id": organisation_id,
        "area_code": area_code,
        "statuses": tuple(statuses or ["submitted"]),
        "min_age_days": float(min_age) if min_age else None,
    }


def _queue_table(queue: pd.DataFrame, ids: list[int]) -> None:
    """The queue as a table: which OPD, which item, its evidence, when it was submitted and how long it waits.

    Clicking a row opens that item (a callback, so a selection left over from before a decision changes nothing).
    """
    shown = pd.DataFrame(
        {
            t("ui.col.opd"): queue["opd"],
            t("ui.col.code"): queue["code"],
            t("ui.col.item"): queue["name"],
            t("ui.col.status"): queue["status"].map(lambda status: status_label(status, capital=True)),
            t("ui.col.self_value"): queue["self_value"].map(lambda v: number(v, 0)),
            t("ui.col.evidence"): queue["evidence_count"].map(lambda n: number(n, 0)),
            t("ui.col.submitted_at"): queue["submitted_at"].map(
                lambda v: "–" if pd.isna(v) else format_datetime(v.to_pydatetime())
            ),
            t("ui.col.age_days"): queue["age_days"].map(lambda v: number(v, 0)),
        }
    )
    round_ = int(st.session_state.get(TABLE_ROUND_KEY, 0))
    key = f"queue_table_{round_}"
    st.dataframe(
        shown,
        hide_index=True,
        key=key,
        height=min(420, 38 + 35 * len(shown)),
        on_select=partial(_row_clicked, key, ids),
        selection_mode="single-row",
        column_config={
            t("ui.col.opd"): st.column_config.TextColumn(width="small"),
            t("ui.col.code"): st.column_config.TextColumn(width="small"),
            t("ui.col.item"): st.column_config.TextColumn(width="medium"),
            t("ui.col.evidence"): st.column_config.TextColumn(width="small"),
            t("ui.col.age_days"): st.column_config.TextColumn(width="small"),
        },
    )


def _row_clicked(key: str, ids: list[int]) -> None:
    state = st.session_state.get(key)
    rows = getattr(getattr(state, "selection", None), "rows", None) or []
    if rows and rows[0] < len(ids):
        st.session_state[PICK_KEY] = ids[rows[0]]


def _next_after(ids: list[int], submission_id: int) -> int | None:
    """The item to open after deciding ``submission_id``: the next one in the queue, else the one before."""
    if submission_id not in ids:
        return ids[0] if ids else None
    index = ids.index(submission_id)
    if index + 1 < len(ids):
        return ids[index + 1]
    return ids[index - 1] if index > 0 else None


def _decide(action: Callable[[], object], done: str, following: int | None, labels: dict[int, str]) -> None:
    """Run a decision; on success open the next item of the queue with the confirmation above it."""
    try:
        action()
    except LenteraError as err:
        st.error(err.message())
        return
    if following is None:
        flash(f"{done} {t('ui.queue.all_done')}")
    else:
        flash(f"{done} {t('ui.queue.next_opened', item=labels[following])}")
        st.session_state[NEXT_KEY] = following
    st.session_state[TABLE_ROUND_KEY] = int(st.session_state.get(TABLE_ROUND_KEY, 0)) + 1
    st.rerun()


def _review_panel(
    actor: Actor, catalog: Catalog, submission_id: int, ids: list[int], labels: dict[int, str]
) -> None:
    detail = submission_views.item_detail(actor, submission_id=submission_id)
    node = catalog.node(detail.code)
    with st.container(border=True):
        st.subheader(f"{detail.organisation} · {detail.code} · {detail.name}")
        st.caption(" › ".join(p for p in (detail.area_name, detail.indicator_name) if p))
        status_chip(detail.status)
        if detail.description:
            st.write(detail.description)
        left, right = st.columns([3, 2], gap="large")
        with left:
            st.markdown(f"**{t('ui.evidence.title')}**")
            if not detail.evidence:
                st.warning(t("ui.evidence.none"))
            listed = {d.code: f"{d.code} {d.name}" for d in node.rule.listed_documents()} if node.rule else {}
            for item in detail.evidence:
                with st.container(border=True):
                    show_evidence(actor, item, preview=True)
                    if (
                        item.document_code in listed
                    ):  # the document (a level's evidence) the OPD says it answers
                        st.caption(t("ui.evidence.answers_as", document=plain(listed[item.document_code])))
            inventory_evidence_box(actor, detail.submission_id)
        with right:
            _claim(detail, node)
            kpk_result(node, detail.external_result_value, detail.external_result_note)
            _history(detail)
            _decision(
                actor,
                node,
                detail,
                partial(_decide, following=_next_after(ids, submission_id), labels=labels),
            )


def _claim(detail: ItemDetail, node: Node) -> None:
    st.markdown(
        f"**{t('ui.value.self')}:** {rule_value_label(node, detail.self_value, detail.external_value)}"
    )
    if detail.note:
        st.markdown(f"**{t('ui.field.note')}:** {plain(detail.note)}")
    if detail.submitted_at:
        st.caption(t("ui.queue.submitted_at", when=format_datetime(detail.submitted_at)))
    if detail.evidence_requirements:
        with st.expander(t("ui.checklist.requirements")):
            for requirement in detail.evidence_requirements:
                st.markdown(f"- {requirement.description} ({', '.join(requirement.kinds)})")


def _history(detail: ItemDetail) -> None:
    if not detail.reviews:
        return
    with st.expander(t("ui.queue.history", count=len(detail.reviews))):
        for review in detail.reviews:
            st.caption(
                t(
                    "ui.drill.review",
                    decision=label(review.decision, kind=Decision),
                    reviewer=plain(review.reviewer),
                    when=format_datetime(review.decided_at),
                    reason=review.reason or "–",
                )
            )


def _decision(
    actor: Actor, node: Node, detail: ItemDetail, decide: Callable[[Callable[[], object], str], None]
) -> None:
    sid = detail.submission_id
    rule = node.rule
    accepted: list[str] | None = None
    verified: float | None
    external: float | None = None
    if "approve" in detail.actions:
        if isinstance(rule, DocumentsRule):
            # the ticks of the last reviu (restored after a reopen), else none: each accepted document is ticked
            verified, accepted = documents_input(
                rule,
                detail.accepted_documents or [],
                key=f"verify_docs_{sid}_{detail.version}",
                label=t("ui.documents.tick"),
            )
        elif isinstance(rule, LevelsRule) and rule.cumulative:
            # the approved level follows from the ticks: the highest level whose evidence, and every lower one's,
            # is accepted (the ticks of the last reviu restored after a reopen or a return)
            verified, accepted = level_evidence_input(
                rule,
                detail.accepted_documents or [],
                key=f"verify_levels_{sid}_{detail.version}",
                label=t("ui.levels.tick"),
            )
        else:
            # an external-index leaf: the index value the reviewer verified, converted to its level
            verified, external = answer_input(
                node,
                None,
                None,
                key=f"verify_value_{sid}_{detail.version}",
                label=t("ui.value.verified"),
                reviewing=True,
            )
        note = st.text_input(t("ui.field.note"), key=f"approve_note_{sid}")
        if st.button(t("ui.queue.approve"), type="primary", key=f"approve_{sid}", icon=":material/check:"):
            if verified is None or (accepted is not None and not accepted):
                st.error(t("ui.queue.value_needed"))
            else:
                decide(
                    lambda: verification.approve(
                        actor,
                        submission_id=sid,
                        verified_value=verified,
                        note=note.strip() or None,
                        accepted_documents=accepted,
                        expected_version=detail.version,
                        verified_external_value=external,
                    ),
                    t(
                        "ui.queue.approved",
                        code=detail.code,
                        value=rule_value_label(node, verified, external),
                    ),
                )
    if "return" in detail.actions:
        reason = st.text_area(t("ui.queue.return_reason"), key=f"return_reason_{sid}")
        if st.button(t("ui.queue.return"), key=f"return_{sid}", icon=":material/undo:"):
            decide(
                lambda: verification.return_item(
                    actor,
                    submission_id=sid,
                    reason=reason,
                    accepted_documents=accepted,
                    expected_version=detail.version,
                ),
                t("ui.queue.returned", code=detail.code),
            )
    if "reopen" in detail.actions:
        reviewed = rule_value_label(node, detail.verified_value, detail.verified_external_value)
        st.markdown(f"**{t('ui.value.verified')}:** {reviewed}")
        accepted_documents_list(node, detail.accepted_documents)
        reason = st.text_area(t("ui.queue.reopen_reason"), key=f"reopen_reason_{sid}")
        if st.button(t("ui.queue.reopen"), key=f"reopen_{sid}", icon=":material/replay:"):
            run_action(
                lambda: verification.reopen(
                    actor, submission_id=sid, reason=reason, expected_version=detail.version
                ),
                t("ui.queue.reopened", code=detail.code),
            )
    if not detail.actions:
        st.info(t("ui.queue.no_action", status=status_label(detail.status, capital=True)))
