"""The periods page: periods and their deadlines (WIT), per-OPD deadline extensions, the period state, and
carrying the previous period's evidence forward."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import partial

import pandas as pd
import streamlit as st

from i18n import WIT, format_date, format_datetime, label, register, t
from services import catalogs, period_calendar, periods
from services.actor import Actor
from services.organisations import today_wit
from ui import session
from ui.admin.common import as_datetime, chosen, opd_labels, region_labels
from ui.display import plain
from ui.panels.carry_forward import render_carry_forward
from ui.widgets import guarded, lazy_panel, page_header, period_selector, run_action, show_flash
from vocabulary import PeriodState

register(
    {
        "ui.periods.calendar_prefilled": {
            "id": "Tanggal diisi dari kalender katalog (WIT): {days}. Ubah bila jadwal pemda berbeda.",
            "en": "Dates pre-filled from the catalog's calendar (WIT): {days}. Change them if the pemda's "
            "schedule differs.",
        },
    }
)


def _wit_moment(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=WIT)


@guarded
def periods_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.admin_periods")
    show_flash()

    frame = periods.list_periods(actor)
    if frame is not None and not frame.empty:
        shown = frame.copy()
        listed = catalogs.list_catalogs(actor)
        catalog_names = dict(zip(listed["key"], listed["name"], strict=False))  # a name, not the key
        shown["catalog_key"] = shown["catalog_key"].map(lambda key: catalog_names.get(key, key))
        for column in ("opens_at", "submission_deadline", "verification_deadline"):
            if column in shown.columns:
                shown[column] = shown[column].map(lambda v: format_datetime(as_datetime(v)))
        shown = shown[
            [
                "name",
                "catalog_key",
                "region",
                "state_label",
                "reviewer_label",
                "opens_at",
                "submission_deadline",
                "verification_deadline",
            ]
        ].rename(
            columns={
                "name": t("ui.field.period_name"),
                "catalog_key": t("ui.field.catalog"),
                "region": t("ui.field.region"),
                "state_label": t("ui.field.state"),
                "reviewer_label": t("ui.field.reviewer_label"),
                "opens_at": t("ui.field.opens"),
                "submission_deadline": t("ui.field.submission_deadline"),
                "verification_deadline": t("ui.field.verification_deadline"),
            }
        )
        st.dataframe(shown, hide_index=True, key="periods_table")
    else:
        st.info(t("ui.period.none"))
    tab_new, tab_extend, tab_state, tab_carry = st.tabs(
        [t("ui.periods.create"), t("ui.periods.extend"), t("ui.periods.state"), t("panel.carry.title")]
    )
    with tab_carry:
        _carry_forward(actor, frame)
    regions = region_labels(actor)
    active = catalogs.list_catalogs(actor)
    active = active[active["status"] == "active"]
    catalog_labels = {str(row["key"]): f"{row['name']} (v{row['version']})" for _, row in active.iterrows()}
    with tab_new:
        # Outside the form: choosing a catalog reruns the page, which pre-fills its cycle's dates below.
        catalog_key = st.selectbox(
            t("ui.field.catalog"),
            list(catalog_labels),
            format_func=catalog_labels.__getitem__,
            key="new_period_catalog",
        )
        _prefill_calendar(actor, catalog_key)
    with tab_new, st.form("create_period_form"):
        region_id = st.selectbox(
            t("ui.field.region"), list(regions), format_func=regions.__getitem__, key="new_period_region"
        )
        name = st.text_input(t("ui.field.period_name"), key="new_period_name")
        c1, c2, c3 = st.columns(3)
        opens = c1.date_input(t("ui.field.opens"), key="new_period_opens")
        submission = c2.date_input(t("ui.field.submission_deadline"), key="new_period_submission")
        verification = c3.date_input(t("ui.field.verification_deadline"), key="new_period_verification")
        previous_options = [
            None,
            *([] if frame is None or frame.empty else [int(i) for i in frame["period_id"]]),
        ]
        previous_names = (
            {} if frame is None or frame.empty else dict(zip(frame["period_id"], frame["name"], strict=False))
        )
        reviewer = st.text_input(
            t("ui.field.reviewer_label"),
            key="new_period_reviewer",
            placeholder=t("ui.field.reviewer_label_placeholder"),
            max_chars=80,
        )
        previous = st.selectbox(
            t("ui.field.previous_period"),
            previous_options,
            format_func=lambda pid: "–" if pid is None else str(previous_names.get(pid, pid)),
            key="new_period_previous",
        )
        st.caption(t("ui.periods.deadline_note"))
        calendar_days = st.session_state.get("new_period_calendar") or []
        if calendar_days:
            st.caption(t("ui.periods.calendar_prefilled", days="; ".join(calendar_days)))
        if st.form_submit_button(t("ui.periods.create_submit"), type="primary", key="new_period_submit"):
            run_action(
                lambda: periods.create_period(
                    actor,
                    catalog_key=chosen(catalog_key),
                    region_id=chosen(region_id),
                    name=name.strip(),
                    opens_at=_wit_moment(opens, time(0, 0)),
                    submission_deadline=_wit_moment(submission, time(23, 59)),
                    verification_deadline=_wit_moment(verification, time(23, 59)),
                    previous_period_id=previous,
                    reviewer=reviewer,
                ),
                t("ui.periods.created", name=plain(name)),
            )
    with tab_extend:
        period_id = period_selector(actor)
        if period_id is not None:
            opds = opd_labels(actor)
            with st.form("extend_form"):
                organisation_id = st.selectbox(
                    t("ui.field.organisation"), list(opds), format_func=opds.__getitem__, key="extend_opd"
                )
                until_day = st.date_input(t("ui.field.until"), key="extend_until")
                reason = st.text_input(t("ui.field.reason"), key="extend_reason")
                if st.form_submit_button(t("ui.periods.extend_submit"), key="extend_submit"):
                    run_action(
                        lambda: periods.extend_deadline(
                            actor,
                            period_id=period_id,
                            organisation_id=chosen(organisation_id),
                            until=_wit_moment(until_day, time(23, 59)),
                            reason=reason,
                        ),
                        t("ui.periods.extended"),
                    )
    with tab_state:
        if frame is not None and not frame.empty:
            names = dict(zip(frame["period_id"], frame["name"], strict=False))
            with st.form("period_state_form"):
                pid = st.selectbox(
                    t("ui.period.label"), list(names), format_func=lambda p: str(names[p]), key="state_period"
                )
                state = st.selectbox(
                    t("ui.field.state"),
                    [state.value for state in PeriodState],
                    format_func=lambda s: label(s, kind=PeriodState),
                    key="state_value",
                )
                if st.form_submit_button(t("ui.periods.state_submit"), key="state_submit"):
                    run_action(
                        lambda: periods.set_state(actor, period_id=int(pid), state=state),
                        t("ui.periods.state_changed"),
                    )


def _prefill_calendar(actor: Actor, catalog_key: str | None) -> None:
    """Start the new period's dates from the chosen catalog's cycle calendar (once per catalog chosen)."""
    if catalog_key is None or st.session_state.get("new_period_prefilled") == catalog_key:
        return
    cycle = period_calendar.period_calendar(actor, catalog_key=catalog_key)
    today = today_wit()
    st.session_state["new_period_opens"] = cycle.opens or today
    st.session_state["new_period_submission"] = cycle.submission or today
    st.session_state["new_period_verification"] = cycle.verification or cycle.submission or today
    st.session_state["new_period_prefilled"] = catalog_key
    st.session_state["new_period_calendar"] = [
        f"{entry.name}: {format_date(entry.day)}" for entry in cycle.entries
    ]


def _carry_forward(actor: Actor, frame: pd.DataFrame | None) -> None:
    """Copy the previous period's evidence into a period that names one (``ui.panels.carry_forward``)."""
    if frame is None or frame.empty:
        return
    names = dict(zip(frame["period_id"], frame["name"], strict=False))
    target = st.selectbox(
        t("ui.periods.carry_target"), list(names), format_func=lambda p: str(names[p]), key="carry_target"
    )
    previous = periods.get_period(actor, period_id=int(target)).previous_period_id
    if previous is None:
        st.info(t("ui.periods.no_previous"))
        return
    lazy_panel(
        t("ui.periods.carry_open", name=plain(names.get(previous, previous))),
        panel_key=f"panel_carry_{target}",
        render=partial(render_carry_forward, from_period_id=int(previous), to_period_id=int(target)),
    )
