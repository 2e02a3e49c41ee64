"""Reports: Excel, PDF, CSV and evidence ZIP downloads built by ``services.exports`` (and ``reports/``).

The exports service builds the file. This page hands a small file's bytes to the browser; the evidence bundle
(``STREAMED``; a province's can be GBs) stays a file on disk that ``ui.web`` streams to this browser alone.
"""

from __future__ import annotations

import streamlit as st

from i18n import MESSAGES, LenteraError, register, t
from services import berita_acara, catalogs, exports, organisations, rekap, report_data
from services.actor import Actor
from services.permissions import allowed
from ui import session, web
from ui.display import provenance_badge
from ui.widgets import guarded, page_header, period_selector

register(
    {
        "ui.rekap.title": {
            "id": "Rekapitulasi Hasil Reviu (pemda)",
            "en": "Reviu recap (rekapitulasi) of the pemda",
        },
        "ui.rekap.build": {"id": "Susun rekapitulasi", "en": "Build the recap"},
        "ui.rekap.download_pdf": {"id": "Unduh rekapitulasi (PDF)", "en": "Download the recap (PDF)"},
        "ui.rekap.download_docx": {
            "id": "Unduh rekapitulasi (Word .docx)",
            "en": "Download the recap (Word .docx)",
        },
        "ui.rekap.holds_pdf": {
            "id": "Untuk Kepala Daerah dan Sekda: nilai mandiri dan hasil reviu per area dan per OPD, butir belum "
            "diajukan, dikembalikan dan kedaluwarsa, dokumen wajib/diunggah/diterima, kesenjangan terbesar, "
            "legenda zona, sumber katalog; ditandatangani Inspektur.",
            "en": "For the head of region and the Sekda: self and reviu values per area and per OPD, items not "
            "submitted, returned and outdated, documents required/uploaded/accepted, the largest gaps, the zone "
            "legend, the catalog's source; signed by the Inspektur.",
        },
        "ui.rekap.holds_docx": {
            "id": "Isi yang sama dengan PDF, untuk disunting, dicetak, ditandatangani dan dicap.",
            "en": "The same content as the PDF, to edit, print, sign and stamp.",
        },
        "ui.ba.title": {"id": "Berita Acara Reviu per OPD", "en": "Reviu record (berita acara) per OPD"},
        "ui.ba.opd": {"id": "OPD", "en": "OPD"},
        "ui.ba.issue": {"id": "Terbitkan berita acara", "en": "Issue the berita acara"},
        "ui.ba.issue_help": {
            "id": "Setiap penerbitan memberi nomor baru yang tidak dipakai ulang.",
            "en": "Each issue takes a new number that is never reused.",
        },
        "ui.ba.none": {
            "id": "OPD ini belum memiliki keputusan reviu pada periode ini.",
            "en": "This OPD has no reviu decision in this period.",
        },
        "ui.ba.download_pdf": {"id": "Unduh berita acara (PDF)", "en": "Download the berita acara (PDF)"},
        "ui.ba.download_docx": {
            "id": "Unduh berita acara (Word .docx)",
            "en": "Download the berita acara (Word .docx)",
        },
        "ui.ba.holds_pdf": {
            "id": "Nomor {numbers}: keputusan terakhir per butir, dokumen diterima dan belum, alasan utuh, tanda tangan.",
            "en": "Number {numbers}: the last decision per item, documents accepted and missing, whole reasons, signatures.",
        },
        "ui.ba.holds_docx": {
            "id": "Isi yang sama dengan PDF, untuk disunting, dicetak, ditandatangani dan dicap.",
            "en": "The same content as the PDF, to edit, print, sign and stamp.",
        },
    }
)

FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf",
           "csv": "text/csv", "zip": "application/zip"}  # fmt: skip
STREAMED = frozenset({"zip"})
MIMES = {"pdf": "application/pdf",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}  # fmt: skip


def _scope_label(scope: str) -> str:
    key = f"ui.reports.scope.{scope}"
    return t(key) if key in MESSAGES else scope


@guarded
def reports_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.reports")
    period_id = period_selector(actor)
    if period_id is None:
        return
    provenance_badge(catalogs.catalog_for_period(period_id))
    scope = _scope_picker(actor, period_id)
    if scope is None:
        return
    formats = [f for f in exports.FORMATS if f in FORMATS]
    cols = st.columns(len(formats))
    for col, fmt in zip(cols, formats, strict=False):
        if col.button(t(f"ui.reports.build.{fmt}"), key=f"report_build_{fmt}", icon=":material/description:"):
            _build(actor, period_id, scope, fmt)
        col.caption(t(f"ui.reports.holds.{fmt}"))
    built = st.session_state.get("report_built")
    if built and (built.get("period_id"), built.get("scope")) != (period_id, scope):
        built = None  # a file of another period or scope is not offered under this one's heading
    if built and built.get("url"):
        st.link_button(
            t("ui.reports.download", name=built["name"]),
            built["url"],
            type="primary",
            icon=":material/download:",
        )
    elif built:
        st.download_button(
            t("ui.reports.download", name=built["name"]),
            data=built["data"],
            file_name=built["name"],
            mime=FORMATS.get(built["fmt"], "application/octet-stream"),
            key="report_download",
            type="primary",
            icon=":material/download:",
            on_click="ignore",  # a rerun while the browser fetches the file cancels the download
        )
    if allowed(actor.role, "rekap"):
        _rekap(actor, period_id, scope)
    if allowed(actor.role, "berita_acara"):
        _berita_acara(actor, period_id)


def _scope_picker(actor: Actor, period_id: int) -> str | None:
    """The report scope: the province, the user's own, or one OPD of the period chosen from a list (``opd:ID``);
    None when one OPD is asked for and the period has none to offer."""
    scopes = [*report_data.SCOPES, "opd"]
    scope = st.selectbox(t("ui.reports.scope"), scopes, format_func=_scope_label, key="report_scope")
    if scope != "opd":
        return str(scope)
    opds = dict(exports.report_opds(actor, period_id=period_id))
    if not opds:
        st.info(t("ui.reports.no_opd"))
        return None
    organisation_id = st.selectbox(
        t("ui.reports.opd"), list(opds), format_func=opds.__getitem__, key="report_opd"
    )
    return f"{report_data.OPD_PREFIX}{organisation_id}"


def _rekap(actor: Actor, period_id: int, scope: str) -> None:
    """Build the pemda's rekapitulasi of the chosen scope, then offer it as PDF and as .docx."""
    st.subheader(t("ui.rekap.title"))
    if st.button(t("ui.rekap.build"), key="rekap_build", icon=":material/summarize:"):
        try:
            files = rekap.rekap_files(actor, period_id=period_id, scope=scope)
        except LenteraError as err:
            st.error(err.message())
            return
        st.session_state["rekap_built"] = {"key": (period_id, scope), "files": files}
    built = st.session_state.get("rekap_built")
    if not built or built["key"] != (period_id, scope):
        return
    for col, fmt in zip(st.columns(2), ("pdf", "docx"), strict=True):
        name, data = built["files"][fmt]
        col.download_button(t(f"ui.rekap.download_{fmt}"), data=data, file_name=name, mime=MIMES[fmt],
                            key=f"rekap_download_{fmt}", icon=":material/download:", on_click="ignore")  # fmt: skip
        col.caption(t(f"ui.rekap.holds_{fmt}"))


def _berita_acara(actor: Actor, period_id: int) -> None:
    """Issue a Berita Acara Reviu for one OPD, then offer the same document as PDF and as .docx."""
    st.subheader(t("ui.ba.title"))
    opds = organisations.list_organisations(actor)
    labels = {int(r["id"]): f"{r['name']} · {r['region']}" for _, r in opds.iterrows()}
    if not labels:
        return
    organisation_id = st.selectbox(t("ui.ba.opd"), list(labels), format_func=labels.__getitem__, key="ba_opd")
    if st.button(t("ui.ba.issue"), key="ba_issue", help=t("ui.ba.issue_help"), icon=":material/gavel:"):
        try:
            numbers, files = berita_acara.berita_acara_files(
                actor, period_id=period_id, scope=f"opd:{organisation_id}"
            )
        except LenteraError as err:
            st.error(err.message())
            return
        if not numbers:
            st.info(t("ui.ba.none"))
            st.session_state.pop("ba_built", None)
            return
        st.session_state["ba_built"] = {
            "key": (period_id, organisation_id),
            "numbers": numbers,
            "files": files,
        }
    built = st.session_state.get("ba_built")
    if not built or built["key"] != (period_id, organisation_id):
        return
    pdf_col, docx_col = st.columns(2)
    for col, fmt in ((pdf_col, "pdf"), (docx_col, "docx")):
        name, data = built["files"][fmt]
        col.download_button(t(f"ui.ba.download_{fmt}"), data=data, file_name=name, mime=MIMES[fmt],
                            key=f"ba_download_{fmt}", icon=":material/download:", on_click="ignore")  # fmt: skip
        col.caption(t(f"ui.ba.holds_{fmt}", numbers=", ".join(built["numbers"])))


def _build(actor: Actor, period_id: int, scope: str, fmt: str) -> None:
    bar = st.progress(0.0, text=t("ui.reports.building"))

    def progress(fraction: float, text: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=text or t("ui.reports.building"))

    token = session.current_token()
    try:
        if fmt in STREAMED and token is not None:
            path = exports.export_file(actor, period_id=period_id, scope=scope, fmt=fmt, progress=progress)
            url = web.offer_download(
                path, name=path.name, mime=FORMATS[fmt], token=token, discard=exports.discard_export
            )
            built = {"period_id": period_id, "scope": scope, "fmt": fmt, "name": path.name, "url": url}
        else:
            name, data = exports.export_bytes(
                actor, period_id=period_id, scope=scope, fmt=fmt, progress=progress
            )
            built = {"period_id": period_id, "scope": scope, "fmt": fmt, "name": name, "data": data}
    except LenteraError as err:
        bar.empty()
        st.error(err.message())
        return
    bar.progress(1.0, text=t("ui.reports.ready"))
    st.session_state["report_built"] = built
