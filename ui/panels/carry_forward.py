"""Admin: carry last period's evidence (and optionally values) into a new period, with the per-OPD report."""

from __future__ import annotations

import streamlit as st

import ui.panels.labels  # noqa: F401  (registers the texts)
from i18n import register, t
from services.actor import Actor
from services.carry_forward import carry_forward, carry_forward_report
from ui.display import table
from ui.widgets import guarded

register(
    {
        "panel.carry.items_mapped": {
            "id": "Butir terkait (kerangka lain)",
            "en": "Related items (other framework)",
        }
    }
)


@guarded
def render_carry_forward(actor: Actor, *, from_period_id: int, to_period_id: int) -> None:
    st.subheader(t("panel.carry.title"))
    preview = carry_forward_report(actor, from_period_id=from_period_id, to_period_id=to_period_id)
    table(
        preview.summary,
        {"opd": "ui.col.opd", "new": "ui.col.items_new", "removed": "ui.col.items_removed",
         "changed": "ui.col.items_changed", "carried": "ui.col.items_carried",
         "mapped": "panel.carry.items_mapped", "evidence_linked": "ui.col.evidence_linked"},
    )  # fmt: skip
    with st.expander(t("panel.carry.skipped")):
        table(
            preview.skipped_values,
            {"opd": "ui.col.opd", "code": "ui.col.code", "name": "ui.col.item",
             "value_skipped": "ui.col.value_skipped"},
        )  # fmt: skip
    copy_values = st.checkbox(t("panel.carry.copy_values"), key=f"carry-copy-{to_period_id}")
    if st.button(t("panel.carry.run"), key=f"carry-run-{to_period_id}", type="primary"):
        result = carry_forward(
            actor, from_period_id=from_period_id, to_period_id=to_period_id, copy_values=copy_values
        )
        st.success(t("panel.carry.done", links=result.links_created, values=result.values_copied))
        report = result.report.assign(
            changes=result.report["changes"].map(
                lambda text: ", ".join(
                    t(f"ui.change.{part.strip()}") for part in str(text or "").split(";") if part.strip()
                )
            )
        )
        table(
            report,
            {"opd": "ui.col.opd", "code": "ui.col.code", "name": "ui.col.item", "outcome_label": "ui.col.outcome",
             "changes": "ui.col.changes", "evidence_linked": "ui.col.evidence_linked"},
        )  # fmt: skip
