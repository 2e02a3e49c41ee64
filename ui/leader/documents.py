"""Progress in documents beside the item counts on the leader's overview, as officials count it ("660 dokumen,
separuh belum diunggah"): documents required, uploaded and accepted in reviu, in total and per OPD
(``services.document_progress`` says what counts as one document)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n import t
from services import document_progress
from services.actor import Actor
from ui.display import number, table
from ui.widgets import lazy_panel

COLUMNS = {
    "opd": "ui.col.opd",
    "items": "ui.docs.items",
    "items_accepted": "ui.docs.items_accepted",
    "documents_required": "ui.docs.required",
    "documents_uploaded": "ui.docs.uploaded",
    "documents_accepted": "ui.docs.accepted",
    "missing": "ui.docs.missing",
}


def _share(part: int, whole: int) -> str:
    return "–" if not whole else f"{number(100 * part / whole, 1)}%"


def documents_progress(actor: Actor, period_id: int) -> None:
    """Three counts (required, uploaded, accepted) and, folded, the same per OPD (its table written only while
    unfolded: most visits never open it)."""
    frame = document_progress.document_progress(actor, period_id=period_id)
    required = int(frame["documents_required"].sum())
    uploaded = int(frame["documents_uploaded"].sum())
    accepted = int(frame["documents_accepted"].sum())
    cols = st.columns(3)
    cols[0].metric(t("ui.docs.required"), number(required, 0), border=True, help=t("ui.docs.help"))
    cols[1].metric(t("ui.docs.uploaded"), number(uploaded, 0), _share(uploaded, required), border=True,
                   delta_color="off")  # fmt: skip
    cols[2].metric(t("ui.docs.accepted"), number(accepted, 0), _share(accepted, required), border=True,
                   delta_color="off")  # fmt: skip
    st.caption(
        t("ui.docs.line", required=number(required, 0), missing=number(required - uploaded, 0),
          share=_share(required - uploaded, required))
    )  # fmt: skip
    lazy_panel(t("ui.docs.per_opd"), panel_key="panel_documents", render=lambda _actor: _per_opd(frame))


def _per_opd(frame: pd.DataFrame) -> None:
    shown = frame.assign(missing=frame["documents_required"] - frame["documents_uploaded"])
    table(shown, COLUMNS, decimals=dict.fromkeys(list(COLUMNS)[1:], 0), key="documents_per_opd")
