"""The assignments page: which leaf applies to which OPD in a period, as one tickable matrix saved cell by cell
(admin), and the lead OPD of each item that follows the lead rule (admin or inspector: ``set_lead``).

Items that apply to the pemda but are assigned to no OPD are listed above the matrix as "belum ditugaskan":
they count 0 in the pemda's score until an OPD answers for them. An inspector sees the matrix read-only."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from i18n import LenteraError, t
from services import assignments, catalogs, periods
from services.actor import Actor
from services.permissions import allowed
from ui import session
from ui.display import number, plain
from ui.widgets import flash, guarded, page_header, period_selector, run_action, show_flash


@guarded
def assignments_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.admin_assignments")
    show_flash()

    period_id = period_selector(actor)
    if period_id is None:
        return
    matrix = assignments.assignment_matrix(actor, period_id=period_id)
    if matrix is None or matrix.empty:
        st.info(t("ui.assign.empty"))
        return
    st.caption(t("ui.assign.help"))
    label_columns = [c for c in matrix.columns if not pd.api.types.is_bool_dtype(matrix[c])]

    catalog = catalogs.catalog_for_period(period_id)
    names = {node.code: node.name for node in catalog.leaves()}
    _unassigned(periods.get_period(actor, period_id=period_id).unassigned_codes, names)
    config: dict[str, Any] = {
        "organisation_id": None,
        "opd": st.column_config.TextColumn(t("ui.col.opd"), pinned=True),
    }
    config |= {code: st.column_config.CheckboxColumn(code, help=names.get(code)) for code in names}
    if not allowed(actor.role, "set_assignment"):
        st.info(t("ui.assign.read_only"))
        shown = matrix.drop(columns=["organisation_id"])
        st.dataframe(
            shown, hide_index=True, key=f"assignment_view_{period_id}", height=360, column_config=config
        )
        _leads(actor, period_id)
        return
    edited = st.data_editor(
        matrix,
        disabled=label_columns,
        hide_index=True,
        key=f"assignment_editor_{period_id}",
        height=520,
        column_config=config,
    )
    if st.button(t("ui.assign.save"), type="primary", key="assignment_save"):
        changes = _assignment_changes(matrix, edited, label_columns)
        try:
            for organisation_id, code, assigned in changes:
                assignments.set_assignment(
                    actor, period_id=period_id, organisation_id=organisation_id, code=code, assigned=assigned
                )
        except LenteraError as err:
            st.error(err.message())
            return
        flash(t("ui.assign.saved", count=number(len(changes), 0)))
        st.rerun()
    _leads(actor, period_id)


NO_LEAD = 0  # the lead selectbox's "no lead" (organisation ids start at 1)


def _leads(actor: Actor, period_id: int) -> None:
    """The items that follow the lead rule, their assigned OPDs and lead; an admin or inspector names the lead."""
    st.subheader(t("ui.assign.lead_title"))
    st.caption(t("ui.assign.lead_help"))
    leads = assignments.leads(actor, period_id=period_id)
    if leads.empty:
        st.info(t("ui.assign.lead_none_items"))
        return
    no_lead = t("ui.assign.lead_no_lead")
    lead_names = [
        plain(opds.get(lead, "")) if lead is not None else no_lead
        for opds, lead in zip(leads["opds"], leads["lead"], strict=True)
    ]
    st.dataframe(
        pd.DataFrame(
            {
                t("ui.col.code"): leads["code"],
                t("ui.col.item"): leads["name"].map(plain),
                t("ui.col.organisations"): [", ".join(map(plain, opds.values())) or t("ui.overview.unassigned")
                                            for opds in leads["opds"]],
                t("ui.assign.lead_col"): lead_names,
            }
        ),
        hide_index=True,
        key=f"lead_table_{period_id}",
    )  # fmt: skip
    if not allowed(actor.role, "set_lead"):
        return
    choosable = leads.loc[leads["opds"].map(len) > 0].set_index("code")
    if choosable.empty:
        return
    names = dict(zip(choosable.index, choosable["name"], strict=True))
    code = st.selectbox(
        t("ui.assign.lead_item"),
        list(choosable.index),
        format_func=lambda c: f"{c} {names[c]}",
        key="lead_item",
    )
    held: object = choosable.at[code, "opds"]
    opds: dict[int, str] = held if isinstance(held, dict) else {}
    current: object = choosable.at[code, "lead"]
    labels = {NO_LEAD: no_lead, **{organisation_id: plain(name) for organisation_id, name in opds.items()}}
    options = list(labels)  # organisation ids; NO_LEAD: none (the mean)
    chosen = st.selectbox(
        t("ui.assign.lead_opd"),
        options,
        index=options.index(current) if isinstance(current, int) and current in labels else 0,
        format_func=labels.__getitem__,
        key=f"lead_opd_{code}",
    )
    if st.button(t("ui.assign.lead_save"), type="primary", key="lead_save"):
        run_action(
            lambda: assignments.set_lead(
                actor, period_id=period_id, code=str(code), organisation_id=chosen or None
            ),
            t("ui.assign.lead_saved", code=code),
        )


def _unassigned(codes: list[str], names: dict[str, str]) -> None:
    if not codes:
        return
    st.warning(t("ui.assign.unassigned", count=number(len(codes), 0)))
    st.dataframe(
        pd.DataFrame(
            {
                t("ui.col.code"): codes,
                t("ui.col.item"): [names.get(code, "") for code in codes],
                t("ui.col.organisations"): t("ui.overview.unassigned"),
            }
        ),
        hide_index=True,
        key="unassigned_table",
    )


def _assignment_changes(
    before: pd.DataFrame, after: pd.DataFrame, label_columns: list[str]
) -> list[tuple[int, str, bool]]:
    """(organisation id, leaf code, assigned) for every ticked or unticked cell."""
    id_column = "organisation_id" if "organisation_id" in before.columns else label_columns[0]
    ids = before[id_column].astype(int)
    changes: list[tuple[int, str, bool]] = []
    for code in (c for c in before.columns if c not in label_columns):
        differs = before[code].astype(bool) != after[code].astype(bool)
        for index in before.index[differs]:
            changes.append((int(ids[index]), str(code), bool(after.at[index, code])))
    return changes
