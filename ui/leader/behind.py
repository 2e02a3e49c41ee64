""" "Yang perlu ditindaklanjuti" on the leader's overview: the OPDs furthest behind, with their focal point and the
"as of" time of the data (``services.behind.opds_behind``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n import format_datetime, register, t
from services.actor import Actor
from services.behind import opds_behind
from ui.display import number

register(
    {
        "ui.behind.title": {"id": "Yang perlu ditindaklanjuti", "en": "What needs follow-up"},
        "ui.behind.none": {
            "id": "Tidak ada OPD dengan butir yang belum diajukan atau dikembalikan.",
            "en": "No OPD has items not yet submitted or returned.",
        },
        "ui.behind.col.returned": {"id": "Dikembalikan", "en": "Returned"},
        "ui.behind.col.days_left": {"id": "Sisa hari (WIT)", "en": "Days left (WIT)"},
        "ui.behind.col.focal": {"id": "Focal point", "en": "Focal point"},
        "ui.behind.no_focal": {"id": "belum ada focal point", "en": "no focal point yet"},
        "ui.behind.as_of": {
            "id": "Data per {as_of}. OPD dengan butir terbanyak yang belum diajukan (kosong atau draf) dan "
            "dikembalikan reviu lebih dulu; sisa hari sampai tenggat OPD itu (termasuk perpanjangan), dihitung "
            "dalam WIT.",
            "en": "Data as of {as_of}. OPDs with the most items not yet submitted (empty or draft) and returned by "
            "the review first; days left to that OPD's deadline (extensions included), counted in WIT.",
        },
    }
)


def behind_section(actor: Actor, period_id: int, tag: str | None) -> None:
    behind = opds_behind(actor, period_id=period_id, tag=tag)
    st.subheader(t("ui.behind.title"))
    if behind.rows.empty:
        st.success(t("ui.behind.none"))
        return
    rows = behind.rows
    st.dataframe(
        pd.DataFrame(
            {
                t("ui.col.opd"): rows["name"],
                t("ui.col.missing"): rows["missing"].map(lambda n: number(n, 0)),
                t("ui.behind.col.returned"): rows["returned"].map(lambda n: number(n, 0)),
                t("ui.behind.col.days_left"): rows["days_left"].map(
                    lambda d: "–" if pd.isna(d) else number(d, 0)
                ),
                t("ui.behind.col.focal"): [f or t("ui.behind.no_focal") for f in rows["focal_points"]],
            }
        ),
        hide_index=True,
        key="behind_table",
    )
    st.caption(t("ui.behind.as_of", as_of=format_datetime(behind.as_of) if behind.as_of else "–"))
