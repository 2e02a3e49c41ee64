"""The assignments page: which leaf applies to which OPD in a period, as one tickable matrix saved cell by cell.

Items that apply to the pemda but are assigned to no OPD are listed above the matrix as "belum ditugaskan":
they count 0 in the pemda's score until an OPD answers for them."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from i18n import LenteraError, t
from services import assignments, catalogs, periods
from ui import session
from ui.display import number
from ui.widgets import flash, guarded, page_header, period_selector, show_flash


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
