"""One checklist item as the focal point fills it in, drawn inside the checklist's dialog (``ui.focal``).

Evidence upload, the document date where the item limits the age of its documents, the self value in the control
its scoring rule needs, a note, save and submit. Each uploaded file is sent to the evidence service once (tracked
by the uploader's file id), then the uploader is emptied (a fresh key), so neither a stored file nor one the
server refused stays there looking pending; a refusal is shown after that rerun.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import partial

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from config import get_settings
from i18n import LenteraError, format_date, format_datetime, status_label, t
from indicators import Catalog, Node
from indicators.rules import LevelsRule, ListedDocument
from services import evidence, evidence_tags, freshness, submission_views, submissions
from services.actor import Actor
from services.deadlines import deadline_closes_at
from services.submission_views import ItemDetail, LinkedEvidence
from ui.display import plain, status_chip
from ui.evidence_view import show_evidence
from ui.inventory_page import inventory_evidence_box
from ui.panels.crosswalk import render_also_supports, render_link_suggestions
from ui.rule_values import (
    accepted_documents_list,
    answer_input,
    kpk_result,
    level_evidence_status,
    rule_value_label,
)
from ui.widgets import FLASH_KEY, flash, lazy_panel
from vocabulary import Decision

UPLOAD_TYPES = ["pdf", "png", "jpg", "jpeg", "xlsx", "docx", "odt", "csv"]
SELECTED_KEY = "checklist_selected"
UPLOADED_KEY = "uploaded_file_ids"
UPLOAD_ROUND_KEY = "upload_round"
UPLOAD_ERRORS_KEY = "upload_errors"
STORED_OFFERS_KEY = (
    "stored_file_offers"  # (submission id, evidence id) → (uploaded name, evidence.StoredCopy)
)


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


def item_panel(actor: Actor, catalog: Catalog, submission_id: int) -> None:
    """The open item: what it asks, what the reviewer said, its evidence and its value."""
    detail = submission_views.item_detail(actor, submission_id=submission_id)
    node = catalog.node(detail.code)
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message)
    for error in st.session_state.pop(UPLOAD_ERRORS_KEY, []):
        st.error(error)
    st.subheader(f"{detail.code} · {detail.name}")
    crumbs = " › ".join(p for p in (detail.area_name, detail.indicator_name) if p)
    st.caption(crumbs)
    status_chip(detail.status)
    if detail.description:
        st.write(detail.description)
    _requirements(detail)
    _latest_review(node, detail)
    kpk_result(node, detail.external_result_value, detail.external_result_note)
    accepted_documents_list(node, detail.accepted_documents)
    text, overdue = deadline_text(detail.deadline)
    (st.warning if overdue else st.caption)(text)
    st.divider()
    _evidence_section(actor, node, detail)
    st.divider()
    _value_form(actor, node, detail)
    if st.button(t("ui.checklist.close"), key="close_item", icon=":material/close:"):
        st.session_state.pop(SELECTED_KEY, None)
        st.rerun()


def _requirements(detail: ItemDetail) -> None:
    if not detail.evidence_requirements:
        return
    st.markdown(f"**{t('ui.checklist.requirements')}**")
    for requirement in detail.evidence_requirements:
        kinds = ", ".join(requirement.kinds)
        age = t("ui.checklist.max_age", days=requirement.max_age_days) if requirement.max_age_days else ""
        st.markdown(f"- {requirement.description} ({kinds}){age}")


def _latest_review(node: Node, detail: ItemDetail) -> None:
    """What the reviewer decided last: the reason of a return, or the reviewed value and note of an approval."""
    if not detail.reviews:
        return
    review = detail.reviews[-1]
    if detail.status in ("returned", "reopened"):
        st.warning(
            t(
                "ui.checklist.returned_by",
                reviewer=plain(review.reviewer),
                when=format_datetime(review.decided_at),
                reason=plain(review.reason or "–"),
            )
        )
    elif detail.status == "verified" and review.decision == Decision.approve:
        value = detail.verified_value if detail.verified_value is not None else review.verified_value
        typed = detail.verified_external_value if detail.verified_value is not None else None
        lines = [
            t(
                "ui.checklist.reviewed_by",
                reviewer=plain(review.reviewer),
                when=format_datetime(review.decided_at),
            ),
            f"**{t('ui.value.verified')}:** {rule_value_label(node, value, typed)}",
        ]
        if review.reason:
            lines.append(t("ui.checklist.review_note", note=plain(review.reason)))
        st.info("  \n".join(lines), icon=":material/verified:")


def _evidence_section(actor: Actor, node: Node, detail: ItemDetail) -> None:
    st.markdown(f"**{t('ui.evidence.title')}**")
    editable = "save" in detail.actions
    limit = freshness.max_age_days(node)
    listed = node.rule.listed_documents() if node.rule is not None else ()
    if isinstance(node.rule, LevelsRule) and node.rule.cumulative:
        level_evidence_status(node.rule, {e.document_code for e in detail.evidence if e.document_code})
    if not detail.evidence:
        st.caption(t("ui.evidence.none"))
    for item in detail.evidence:
        with st.container(border=True):
            show_evidence(actor, item, preview=False)
            if limit is not None:
                _document_date(actor, item, editable=editable)
            if listed:
                _document_tag(actor, listed, item, editable=editable)
            if editable and st.button(
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
    inventory_evidence_box(actor, detail.submission_id, editable=editable)
    if detail.evidence:
        render_also_supports(actor, submission_id=detail.submission_id)
    if not editable:
        return
    round_ = int(st.session_state.get(UPLOAD_ROUND_KEY, 0))
    suffix = "" if round_ == 0 else f"_{round_}"  # a new key empties the uploader after each batch
    document_date: date | None = None
    if limit is not None:
        document_date = st.date_input(
            t("ui.evidence.document_date"),
            value=None,
            max_value=freshness.today_wit(),
            format="DD/MM/YYYY",
            key=f"docdate_{detail.code}{suffix}",
            help=t("ui.evidence.document_date_help", days=limit),
        )
    max_mb = get_settings().max_upload_mb
    files = st.file_uploader(
        t("ui.evidence.upload", max_mb=max_mb),
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=f"upload_{detail.code}{suffix}",
        max_upload_size=max_mb,
        help=t("ui.evidence.upload_help"),
    )
    offered = _set_aside_stored(actor, detail, files or [])
    _stored_offers(actor, detail)
    done: set[str] = st.session_state.setdefault(UPLOADED_KEY, set())
    fresh = [f for f in files or [] if f"{detail.submission_id}:{f.file_id}" not in done]
    if fresh and limit is not None and document_date is None:
        st.warning(t("ui.evidence.date_needed"), icon=":material/event:")
        return  # kept in the uploader until the date is given; nothing is stored undated
    _store_uploads(actor, detail, fresh, document_date, offered=offered)


def _set_aside_stored(actor: Actor, detail: ItemDetail, files: list[UploadedFile]) -> int:
    """A file whose bytes this OPD already stored on an item of the period is not stored a second time: it becomes
    an offer to reuse the stored file (shown by ``_stored_offers``). How many were set aside."""
    done: set[str] = st.session_state.setdefault(UPLOADED_KEY, set())
    offers: dict[tuple[int, int], tuple[str, evidence.StoredCopy]] = st.session_state.setdefault(
        STORED_OFFERS_KEY, {}
    )
    count = 0
    for upload in files:
        marker = f"{detail.submission_id}:{upload.file_id}"
        if marker in done:
            continue
        try:
            copy = evidence.stored_copy(actor, submission_id=detail.submission_id, content=upload.getvalue())
        except LenteraError:
            continue  # the upload itself says why
        if copy is None:
            continue
        done.add(marker)
        offers[(detail.submission_id, copy.evidence_id)] = (upload.name, copy)
        count += 1
    return count


def _stored_offers(actor: Actor, detail: ItemDetail) -> None:
    """ "Berkas ini sudah diunggah untuk butir X": reuse the stored file on this item, or leave it."""
    offers: dict[tuple[int, int], tuple[str, evidence.StoredCopy]] = st.session_state.get(
        STORED_OFFERS_KEY, {}
    )
    for key, (name, copy) in list(offers.items()):
        if key[0] != detail.submission_id:
            continue
        with st.container(border=True, key=f"stored_offer_{copy.evidence_id}"):
            if copy.on_this_item:
                st.info(t("ui.evidence.stored_here", name=plain(name)), icon=":material/inventory_2:")
            else:
                codes = ", ".join(copy.codes)
                st.warning(
                    t("ui.evidence.stored_elsewhere", name=plain(name), codes=codes),
                    icon=":material/inventory_2:",
                )
            with st.container(horizontal=True):
                reuse = not copy.on_this_item and st.button(
                    t("ui.evidence.reuse"),
                    key=f"reuse_{copy.evidence_id}",
                    type="primary",
                    icon=":material/link:",
                )
                leave = st.button(t("ui.evidence.reuse_no"), key=f"reuse_no_{copy.evidence_id}")
        if not (reuse or leave):
            continue
        offers.pop(key, None)
        if reuse:
            try:
                evidence.link_evidence(
                    actor, evidence_id=copy.evidence_id, submission_id=detail.submission_id
                )
            except LenteraError as err:
                st.error(err.message())
                return
            flash(t("ui.evidence.reused", name=plain(copy.display_name)))
        st.rerun()


def _document_tag(
    actor: Actor, listed: Sequence[ListedDocument], item: LinkedEvidence, *, editable: bool
) -> None:
    """Which of the item's listed documents (a cumulative level's evidence: "L2 Bukti level 2 – Terkelola") the
    file answers (``services.evidence_tags``); chosen while the item is editable, shown after."""
    names = {d.code: f"{d.code} {d.name}" for d in listed}
    if not editable:
        if item.document_code in names:
            st.caption(t("ui.evidence.answers_as", document=plain(names[item.document_code])))
        return
    options: list[str | None] = [None, *names]
    current = item.document_code if item.document_code in names else None
    chosen = st.selectbox(
        t("ui.evidence.answers"),
        options,
        index=options.index(current),
        format_func=lambda code: t("ui.evidence.answers_none") if code is None else names[code],
        key=f"answers_{item.link_id}",
        help=t("ui.evidence.answers_help"),
    )
    if chosen == current:
        return
    try:
        evidence_tags.tag_document(actor, link_id=item.link_id, document_code=chosen)
    except LenteraError as err:
        st.error(err.message())
        return
    document = t("ui.evidence.answers_none") if chosen is None else names[chosen]
    flash(t("ui.evidence.answers_saved", name=item.display_name, document=document))
    st.rerun()


def _document_date(actor: Actor, item: LinkedEvidence, *, editable: bool) -> None:
    """The document's date, and while the item is editable a way to give or correct it."""
    if item.document_date is not None:
        st.caption(t("ui.evidence.dated_as", date=format_date(item.document_date)))
    else:
        st.caption(f":orange[{t('ui.evidence.undated')}]")
    if not editable:
        return
    with st.container(horizontal=True, vertical_alignment="bottom", key=f"dating_{item.link_id}"):
        chosen = st.date_input(
            t("ui.evidence.document_date"),
            value=item.document_date,
            max_value=freshness.today_wit(),
            format="DD/MM/YYYY",
            key=f"date_{item.link_id}",
        )
        if st.button(t("ui.evidence.set_date"), key=f"set_date_{item.link_id}", disabled=chosen is None):
            try:
                assert isinstance(chosen, date)
                evidence.set_document_date(actor, link_id=item.link_id, document_date=chosen)
            except LenteraError as err:
                st.error(err.message())
                return
            flash(t("ui.evidence.date_saved", name=item.display_name))
            st.rerun()


def _store_uploads(
    actor: Actor,
    detail: ItemDetail,
    files: list[UploadedFile],
    document_date: date | None,
    *,
    offered: int = 0,
) -> None:
    done: set[str] = st.session_state.setdefault(UPLOADED_KEY, set())
    stored = 0
    refused: list[str] = []
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
                document_date=document_date,
            )
        except LenteraError as err:
            refused.append(t("ui.evidence.refused", name=plain(upload.name), reason=err.message()))
            continue
        stored += 1
    if not (stored or refused or offered):
        return
    st.session_state[UPLOAD_ROUND_KEY] = int(st.session_state.get(UPLOAD_ROUND_KEY, 0)) + 1
    if refused:
        st.session_state[UPLOAD_ERRORS_KEY] = refused
    if stored:
        flash(t("ui.evidence.uploaded", count=stored))
    st.rerun()


def _detach(actor: Actor, item: LinkedEvidence) -> None:
    try:
        evidence.detach_evidence(actor, link_id=item.link_id)
    except LenteraError as err:
        st.error(err.message())
        return
    flash(t("ui.evidence.detached", name=plain(item.display_name)))
    st.rerun()


def _value_form(actor: Actor, node: Node, detail: ItemDetail) -> None:
    editable = "save" in detail.actions
    if not editable:
        self_label = rule_value_label(node, detail.self_value, detail.external_value)
        st.markdown(f"**{t('ui.value.self')}:** {self_label}")
        if detail.verified_value is not None and detail.status == "verified":
            reviewed = rule_value_label(node, detail.verified_value, detail.verified_external_value)
            st.markdown(f"**{t('ui.value.verified')}:** {reviewed}")
        if detail.note:
            st.caption(plain(detail.note))
        if detail.status == "submitted":
            st.info(t("ui.checklist.waiting", status=status_label(detail.status, capital=True)))
        return
    key = f"{detail.code}_{detail.version}"
    value, external = answer_input(
        node, detail.self_value, detail.external_value, key=f"value_{key}", label=t("ui.value.self")
    )
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
            external_value=external,
        )
    except LenteraError as err:
        st.error(err.message())
        return
    if submit:  # the item is with the inspectors now: back to the list, where the confirmation shows
        st.session_state.pop(SELECTED_KEY, None)
    flash(t("ui.checklist.submitted" if submit else "ui.checklist.saved", code=detail.code))
    st.rerun()
