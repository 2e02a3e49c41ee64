"""The Sekda's follow-up view: per OPD open and overdue actions, points at stake, days left, who to call (with a
WhatsApp link that only opens the user's own WhatsApp), every action of the pemda, and a chart of actions by
status over time. Tables sort by any column header."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from i18n import format_date, format_datetime, label, register, t
from services.follow_up import FollowUp, follow_up
from ui import session, svg
from ui.actions_page import actions_table, with_contacts
from ui.display import number
from ui.widgets import guarded, page_header, period_selector
from vocabulary import ACTION_STATUSES, ActionStatus

register(
    {
        "ui.page.follow_up": {"id": "Tindak Lanjut", "en": "Follow-up"},
        "ui.follow_up.caption": {
            "id": "Rencana aksi per OPD: yang terlambat di atas. Tautan WhatsApp membuka pesan siap kirim di "
            "WhatsApp Anda sendiri; Lentera tidak mengirim apa pun.",
            "en": "Action plans per OPD, overdue first. The WhatsApp link opens a ready message in your own "
            "WhatsApp; Lentera sends nothing.",
        },
        "ui.follow_up.open": {"id": "Belum selesai", "en": "Open"},
        "ui.follow_up.overdue": {"id": "Terlambat", "en": "Overdue"},
        "ui.follow_up.done": {"id": "Selesai", "en": "Done"},
        "ui.follow_up.cancelled": {"id": "Batal", "en": "Cancelled"},
        "ui.follow_up.points": {"id": "Poin dipertaruhkan", "en": "Points at stake"},
        "ui.follow_up.days": {"id": "Sisa hari ke batas unggah", "en": "Days to the upload deadline"},
        "ui.follow_up.next_due": {"id": "Batas aksi terdekat", "en": "Next action due"},
        "ui.follow_up.per_opd": {"id": "Per OPD", "en": "Per OPD"},
        "ui.follow_up.all_actions": {"id": "Semua rencana aksi", "en": "All actions"},
        "ui.follow_up.chart": {"id": "Rencana aksi per status", "en": "Actions by status"},
        "ui.follow_up.no_history": {"id": "Belum ada rencana aksi.", "en": "No actions yet."},
        "ui.follow_up.action_count": {"id": "Jumlah rencana aksi", "en": "Number of actions"},
    }
)

STATUS_COLOURS = {
    ActionStatus.rencana: "#9aa5b1",
    ActionStatus.berjalan: "#1f77b4",
    ActionStatus.selesai: "#2ca02c",
    ActionStatus.batal: "#7f7f7f",
}


@guarded
def follow_up_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.follow_up", t("ui.follow_up.caption"))
    period_id = period_selector(actor)
    if period_id is None:
        return
    with st.spinner(t("ui.loading")):
        view = follow_up(actor, period_id=period_id)
    _totals(view)
    per_opd, every, chart = st.tabs(
        [t("ui.follow_up.per_opd"), t("ui.follow_up.all_actions"), t("ui.follow_up.chart")]
    )
    with per_opd:
        _opd_table(view.opds)
    with every:
        if view.actions.empty:
            st.info(t("ui.follow_up.no_history"))
        else:
            actions_table(view.actions, key="follow_up_actions")
    with chart:
        _history_chart(view.history)


def _totals(view: FollowUp) -> None:
    opds = view.opds
    cols = st.columns(4)
    for column, (key, field) in zip(
        cols,
        [("open", "open"), ("overdue", "overdue"), ("done", "done"), ("cancelled", "cancelled")],
        strict=True,
    ):
        with column.container(key=f"follow_up_{key}"):
            st.metric(
                t(f"ui.follow_up.{key}"),
                number(int(opds[field].sum()) if not opds.empty else 0, 0),
                border=True,
            )


def _opd_table(opds: pd.DataFrame) -> None:
    opds = with_contacts(opds)
    shown = pd.DataFrame(
        {
            t("ui.col.opd"): opds["opd"],
            t("ui.follow_up.open"): opds["open"],
            t("ui.follow_up.overdue"): opds["overdue"],
            t("ui.follow_up.done"): opds["done"],
            t("ui.follow_up.points"): opds["points_at_stake"],
            t("ui.follow_up.days"): opds["days_to_deadline"],
            t("ui.follow_up.next_due"): opds["next_due"].map(
                lambda d: format_datetime(d) if pd.notna(d) else ""
            ),
            t("ui.actions.col.owner"): opds["owner"],
            t("ui.actions.col.phone"): opds["owner_phone"],
            t("ui.actions.col.whatsapp"): opds["whatsapp"],
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        key="follow_up_opds",
        column_config={
            t("ui.follow_up.points"): st.column_config.NumberColumn(format="%.2f"),
            t("ui.actions.col.whatsapp"): st.column_config.LinkColumn(
                display_text=t("ui.actions.whatsapp_text")
            ),
        },
    )


def history_series(history: pd.DataFrame) -> tuple[list[Any], list[tuple[str, str, list[float]]]]:
    """The days of ``services.follow_up.status_history`` in order, and per status (in ``ACTION_STATUSES`` order)
    its label, colour and count on each day; a day without a row for a status counts 0. Pure."""
    days = sorted(history["day"].unique())
    counts = history.pivot_table(index="day", columns="status", values="count", aggfunc="sum").reindex(days)
    series = []
    for status in ACTION_STATUSES:
        column = (
            counts[status.value] if status.value in counts.columns else pd.Series(0.0, index=counts.index)
        )
        series.append(
            (label(status, capital=True), STATUS_COLOURS[status], column.fillna(0).astype(float).tolist())
        )
    return days, series


def _history_chart(history: pd.DataFrame) -> None:
    if history.empty:
        st.info(t("ui.follow_up.no_history"))
        return
    days, series = history_series(history)
    markup = svg.stacked_areas(
        [format_date(day) for day in days], series, title=t("ui.follow_up.chart"),
        value_title=t("ui.follow_up.action_count"),
    )  # fmt: skip
    svg.show(markup, key="follow_up_chart")
