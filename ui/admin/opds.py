"""The OPD page: the region's OPDs (with retired ones on request), and forms to create, merge and retire one;
merging and retiring keep the history, nothing is deleted. A fourth form marks which OPDs are service units (unit
penyelenggara pelayanan), the units a PEKPPP period assesses."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from i18n import format_date, register, t
from services import organisations
from services.organisations import today_wit
from ui import session
from ui.admin.common import chosen, opd_labels, region_labels
from ui.display import number, plain
from ui.widgets import guarded, page_header, run_action, show_flash

register(
    {
        "ui.col.service_unit": {"id": "Unit layanan", "en": "Service unit"},
        "ui.opd.service_unit": {"id": "Unit layanan", "en": "Service units"},
        "ui.opd.service_unit_help": {
            "id": "Unit penyelenggara pelayanan publik (DPMPTSP, RSUD, Disdukcapil, Samsat, …) dinilai PEKPPP: "
            "periode PEKPPP yang dibuka sesudahnya menugaskan butirnya hanya ke unit layanan.",
            "en": "Public-service units (DPMPTSP, RSUD, Disdukcapil, Samsat, …) are assessed by PEKPPP: a PEKPPP "
            "period opened afterwards assigns its items to service units only.",
        },
        "ui.opd.service_unit_flag": {
            "id": "OPD ini unit penyelenggara pelayanan",
            "en": "This OPD is a service unit",
        },
        "ui.opd.service_unit_submit": {"id": "Simpan", "en": "Save"},
        "ui.opd.service_unit_saved": {
            "id": "Status unit layanan disimpan.",
            "en": "Service-unit status saved.",
        },
    }
)

OPD_KINDS = ["dinas", "badan", "biro", "inspektorat", "sekretariat", "rsud", "satpol_pp", "kantor", "lainnya"]


@guarded
def opd_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.admin_opd")
    show_flash()

    include_retired = st.toggle(t("ui.opd.include_retired"), key="opd_include_retired")
    frame = organisations.list_organisations(actor, include_retired=include_retired)
    columns = [
        "name",
        "abbreviation",
        "kind",
        "service_unit",
        "region",
        "active",
        "active_until",
        "merged_into",
    ]
    shown = frame[columns].assign(  # an OPD still active, never merged: a dash, not "None"
        active_until=frame["active_until"].map(lambda day: format_date(day) if _is_day(day) else "–"),
        merged_into=frame["merged_into"].map(lambda name: "–" if name is None or pd.isna(name) else name),
    )
    shown = shown.rename(
        columns={
            "name": t("ui.col.opd"),
            "abbreviation": t("ui.col.abbreviation"),
            "kind": t("ui.col.kind"),
            "service_unit": t("ui.col.service_unit"),
            "region": t("ui.col.region"),
            "active": t("ui.col.active"),
            "active_until": t("ui.col.active_until"),
            "merged_into": t("ui.col.merged_into"),
        }
    )
    st.dataframe(shown, hide_index=True, key="opd_table")
    st.caption(t("ui.opd.count", count=number(len(frame), 0)))
    tab_new, tab_merge, tab_retire, tab_unit = st.tabs(
        [t("ui.opd.create"), t("ui.opd.merge"), t("ui.opd.retire"), t("ui.opd.service_unit")]
    )
    regions = region_labels(actor)
    opds = opd_labels(actor)
    with tab_new, st.form("create_opd_form"):
        region_id = st.selectbox(
            t("ui.field.region"), list(regions), format_func=lambda rid: regions[rid], key="new_opd_region"
        )
        name = st.text_input(t("ui.col.opd"), key="new_opd_name")
        abbreviation = st.text_input(t("ui.col.abbreviation"), key="new_opd_abbreviation")
        kind = st.selectbox(t("ui.col.kind"), OPD_KINDS, key="new_opd_kind")
        if st.form_submit_button(t("ui.opd.create_submit"), type="primary", key="new_opd_submit"):
            run_action(
                lambda: organisations.create_organisation(
                    actor, region_id=chosen(region_id), name=name, abbreviation=abbreviation, kind=kind
                ),
                t("ui.opd.created", name=plain(name)),
            )
    with tab_merge, st.form("merge_opd_form"):
        st.caption(t("ui.opd.merge_help"))
        source = st.selectbox(
            t("ui.opd.merge_source"), list(opds), format_func=opds.__getitem__, key="merge_source"
        )
        target = st.selectbox(
            t("ui.opd.merge_target"), list(opds), format_func=opds.__getitem__, key="merge_target"
        )
        effective = st.date_input(t("ui.field.effective"), value=today_wit(), key="merge_effective")
        if st.form_submit_button(t("ui.opd.merge_submit"), key="merge_submit"):
            run_action(
                lambda: organisations.merge_organisations(
                    actor, source_id=chosen(source), target_id=chosen(target), effective=effective
                ),
                t("ui.opd.merged"),
            )
    with tab_retire, st.form("retire_opd_form"):
        retired = st.selectbox(t("ui.col.opd"), list(opds), format_func=opds.__getitem__, key="retire_opd")
        effective_r = st.date_input(t("ui.field.effective"), value=today_wit(), key="retire_effective")
        if st.form_submit_button(t("ui.opd.retire_submit"), key="retire_submit"):
            run_action(
                lambda: organisations.retire_organisation(
                    actor, organisation_id=chosen(retired), effective=effective_r
                ),
                t("ui.opd.retired"),
            )
    with tab_unit:
        st.caption(t("ui.opd.service_unit_help"))
        unit = st.selectbox(t("ui.col.opd"), list(opds), format_func=opds.__getitem__, key="unit_opd")
        flags = dict(zip(frame["id"], frame["service_unit"], strict=False))
        with st.form("service_unit_form"):
            flag = st.checkbox(
                t("ui.opd.service_unit_flag"), value=bool(flags.get(unit, False)), key=f"unit_flag_{unit}"
            )
            if st.form_submit_button(t("ui.opd.service_unit_submit"), key="unit_submit"):
                run_action(
                    lambda: organisations.set_service_unit(
                        actor, organisation_id=chosen(unit), service_unit=flag
                    ),
                    t("ui.opd.service_unit_saved"),
                )


def _is_day(value: object) -> bool:
    return isinstance(value, date)
