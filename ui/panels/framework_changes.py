"""Admin: what changed from one framework to the next (SPBE 2021 → Pemdi 2026), with a reason per pair."""

from __future__ import annotations

import streamlit as st

from i18n import register, t
from services.actor import Actor
from services.framework_changes import framework_changes
from ui.display import number, table
from ui.widgets import guarded

register(
    {
        "panel.framework.title": {
            "id": "Apa yang berubah dari {old} ke {new}",
            "en": "What changed from {old} to {new}",
        },
        "panel.framework.help": {
            "id": "Pasangan butir yang meminta bukti sejenis, dengan alasannya. Saat bukti periode lama dibawa ke "
            "periode baru (halaman Periode), bukti butir lama ditautkan ke butir barunya menurut pasangan ini; "
            "nilai tidak ikut dibawa karena aturannya berbeda.",
            "en": "Pairs of items that ask for the same kind of evidence, with the reason. When the old period's "
            "evidence is carried into the new one (Periods page), each old item's files are linked to its new item "
            "along these pairs; values are not carried, since the rules differ.",
        },
        "panel.framework.counts": {
            "id": "{continues} pasangan · {new} indikator baru · {dropped} indikator tidak berlanjut",
            "en": "{continues} pairs · {new} new indicators · {dropped} indicators not continued",
        },
        "panel.framework.col.change": {"id": "Perubahan", "en": "Change"},
        "panel.framework.col.from_code": {"id": "Kode lama", "en": "Old code"},
        "panel.framework.col.from_name": {"id": "Indikator lama", "en": "Old indicator"},
        "panel.framework.col.to_code": {"id": "Kode baru", "en": "New code"},
        "panel.framework.col.to_name": {"id": "Indikator baru", "en": "New indicator"},
        "panel.framework.col.strength": {"id": "Kaitan", "en": "Link"},
        "panel.framework.col.reason": {"id": "Alasan", "en": "Reason"},
    }
)


@guarded
def render_framework_changes(actor: Actor, *, from_key: str, to_key: str) -> None:
    frame = framework_changes(actor, from_key=from_key, to_key=to_key)
    st.caption(t("panel.framework.help"))
    counts = frame["change"].value_counts()
    st.caption(
        t(
            "panel.framework.counts",
            **{kind: number(int(counts.get(kind, 0)), 0) for kind in ("continues", "new", "dropped")},
        )
    )
    table(
        frame,
        {
            "change_label": "panel.framework.col.change",
            "from_code": "panel.framework.col.from_code",
            "from_name": "panel.framework.col.from_name",
            "to_code": "panel.framework.col.to_code",
            "to_name": "panel.framework.col.to_name",
            "strength_label": "panel.framework.col.strength",
            "reason": "panel.framework.col.reason",
        },
        key=f"framework_changes_{from_key}_{to_key}",
    )
