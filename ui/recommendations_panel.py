"""KPK's recommendations on the Rencana Aksi page: the period's list, the spreadsheet import (row-precise refusals,
nothing saved), a typed-in one, and "Buat rencana aksi" from a recommendation."""

from __future__ import annotations

from datetime import date, time

import pandas as pd
import streamlit as st

from i18n import LenteraError, format_datetime, register, t
from services import organisations, recommendations
from services.actions import ActionDraft
from services.actor import Actor
from services.permissions import allowed
from services.recommendations import RecommendationFileError, problems_frame
from ui.action_forms import create_form, due_moment
from ui.display import plain
from ui.widgets import flash, period_selector

register(
    {
        "ui.reco.title": {"id": "Rekomendasi KPK", "en": "KPK recommendations"},
        "ui.reco.none": {
            "id": "Belum ada rekomendasi untuk periode ini.",
            "en": "No recommendations for this period.",
        },
        "ui.reco.import": {"id": "Impor dari lembar kerja (.xlsx)", "en": "Import from a workbook (.xlsx)"},
        "ui.reco.layout": {
            "id": "Lembar 'Rekomendasi', baris 1: No | Area | Rekomendasi | Butir | Batas waktu. Satu rekomendasi "
            "per baris; butir dipisah koma; tanggal 31/12/2026. Satu baris salah: seluruh berkas ditolak.",
            "en": "Sheet 'Rekomendasi', row 1: No | Area | Rekomendasi | Butir | Batas waktu. One recommendation "
            "per row; items separated by commas; dates as 31/12/2026. One bad row refuses the whole file.",
        },
        "ui.reco.import_submit": {"id": "Impor rekomendasi", "en": "Import recommendations"},
        "ui.reco.imported": {
            "id": "{count} rekomendasi diimpor.",
            "en": "{count} recommendation(s) imported.",
        },
        "ui.reco.typed": {"id": "Tulis rekomendasi", "en": "Type a recommendation"},
        "ui.reco.area": {"id": "Area", "en": "Area"},
        "ui.reco.text": {"id": "Rekomendasi", "en": "Recommendation"},
        "ui.reco.codes": {"id": "Butir (dipisah koma)", "en": "Items (comma separated)"},
        "ui.reco.due": {"id": "Batas waktu (WIT)", "en": "Due date (WIT)"},
        "ui.reco.save": {"id": "Simpan rekomendasi", "en": "Save recommendation"},
        "ui.reco.saved": {"id": "Rekomendasi tersimpan.", "en": "Recommendation saved."},
        "ui.reco.problem.row": {"id": "Baris", "en": "Row"},
        "ui.reco.problem.column": {"id": "Kolom", "en": "Column"},
        "ui.reco.problem.message": {"id": "Masalah", "en": "Problem"},
        "ui.reco.pick": {
            "id": "Buat rencana aksi dari rekomendasi",
            "en": "Create actions from a recommendation",
        },
    }
)


def recommendations_panel(actor: Actor) -> None:
    if not allowed(actor.role, "list_recommendations"):
        return
    with st.expander(t("ui.reco.title"), icon=":material/gavel:", key="reco_box"):
        period_id = period_selector(actor)
        if period_id is None:
            return
        frame = recommendations.list_recommendations(actor, period_id=period_id)
        if frame.empty:
            st.caption(t("ui.reco.none"))
        else:
            for _, row in frame.iterrows():
                due = format_datetime(row["due_at"]) if row["due_at"] is not None else "–"
                st.markdown(f"- **{plain(row['number'] or '')} {plain(row['area'])}** · {plain(row['text'])} "
                            f"· {plain(row['codes'])} · {due}")  # fmt: skip
        if allowed(actor.role, "create_recommendation"):
            _import(actor, period_id)
            _typed(actor, period_id)
        if not frame.empty and allowed(actor.role, "create_action"):
            _spawn(actor, period_id, frame)


def _import(actor: Actor, period_id: int) -> None:
    st.markdown(f"**{t('ui.reco.import')}**")
    st.caption(t("ui.reco.layout"))
    upload = st.file_uploader(
        t("ui.reco.import"), type=["xlsx"], key="reco_upload", label_visibility="collapsed"
    )
    if st.button(t("ui.reco.import_submit"), key="reco_import", disabled=upload is None):
        assert upload is not None
        try:
            count = recommendations.import_recommendations(
                actor, period_id=period_id, content=upload.getvalue()
            )
        except RecommendationFileError as err:
            st.error(err.message())
            st.dataframe(
                problems_frame(err).rename(columns=lambda c: t(f"ui.reco.problem.{c}")), hide_index=True
            )
            return
        except LenteraError as err:
            st.error(err.message())
            return
        flash(t("ui.reco.imported", count=count))
        st.rerun()


def _typed(actor: Actor, period_id: int) -> None:
    with st.form("reco_form", clear_on_submit=True):
        st.markdown(f"**{t('ui.reco.typed')}**")
        area = st.text_input(t("ui.reco.area"), key="reco_area")
        text = st.text_area(t("ui.reco.text"), key="reco_text")
        codes = st.text_input(t("ui.reco.codes"), key="reco_codes")
        due = st.date_input(t("ui.reco.due"), value=None, key="reco_due", format="DD/MM/YYYY")
        saved = st.form_submit_button(t("ui.reco.save"), key="reco_save")
    if not saved:
        return
    try:
        recommendations.create_recommendation(
            actor, period_id=period_id, area=area, text=text,
            codes=[c.strip() for c in codes.split(",") if c.strip()],
            due_at=due_moment(due, time(23, 59)) if isinstance(due, date) else None,
        )  # fmt: skip
    except LenteraError as err:
        st.error(err.message())
        return
    flash(t("ui.reco.saved"))
    st.rerun()


def _spawn(actor: Actor, period_id: int, frame: pd.DataFrame) -> None:
    labels = {int(r["recommendation_id"]): f"{r['number'] or '#' + str(r['recommendation_id'])} · {r['text'][:80]}"
              for _, r in frame.iterrows()}  # fmt: skip
    chosen = st.selectbox(t("ui.reco.pick"), list(labels), format_func=labels.__getitem__, key="reco_pick")
    row = frame.loc[frame["recommendation_id"] == chosen].iloc[0]
    codes = tuple(c.strip() for c in str(row["codes"]).split(",") if c.strip())
    opds = organisations.list_organisations(actor, region_id=actor.region_id)
    choices = [(int(r["id"]), f"{r['name']} ({r['abbreviation']})") for _, r in opds.iterrows()]
    draft = ActionDraft(title=str(row["text"])[:300], codes=codes, recommendation_id=int(chosen))
    create_form(actor, key="reco_action", organisations=choices, drafts=[draft], period_id=period_id)
