"""Reports: Excel, PDF, CSV and evidence ZIP downloads built by ``services.exports`` (and ``reports/``).

The exports service builds the file. This page hands a small file's bytes to the browser; the evidence bundle
(``STREAMED``; a province's can be GBs) stays a file on disk that ``ui.web`` streams to this browser alone.
"""

from __future__ import annotations

import streamlit as st

from i18n import MESSAGES, LenteraError, t
from services import catalogs, exports, report_data
from services.actor import Actor
from ui import session, web
from ui.display import provenance_badge
from ui.widgets import guarded, page_header, period_selector

FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf",
           "csv": "text/csv", "zip": "application/zip"}  # fmt: skip
STREAMED = frozenset({"zip"})


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
    scopes = list(report_data.SCOPES)
    scope = st.selectbox(t("ui.reports.scope"), scopes, format_func=_scope_label, key="report_scope")
    formats = [f for f in exports.FORMATS if f in FORMATS]
    cols = st.columns(len(formats))
    for col, fmt in zip(cols, formats, strict=False):
        if col.button(t(f"ui.reports.build.{fmt}"), key=f"report_build_{fmt}", icon=":material/description:"):
            _build(actor, period_id, scope, fmt)
    built = st.session_state.get("report_built")
    if built and built.get("period_id") == period_id and built.get("url"):
        st.link_button(
            t("ui.reports.download", name=built["name"]),
            built["url"],
            type="primary",
            icon=":material/download:",
        )
    elif built and built.get("period_id") == period_id:
        st.download_button(
            t("ui.reports.download", name=built["name"]),
            data=built["data"],
            file_name=built["name"],
            mime=FORMATS.get(built["fmt"], "application/octet-stream"),
            key="report_download",
            type="primary",
            icon=":material/download:",
        )


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
            built = {"period_id": period_id, "fmt": fmt, "name": path.name, "url": url}
        else:
            name, data = exports.export_bytes(
                actor, period_id=period_id, scope=scope, fmt=fmt, progress=progress
            )
            built = {"period_id": period_id, "fmt": fmt, "name": name, "data": data}
    except LenteraError as err:
        bar.empty()
        st.error(err.message())
        return
    bar.progress(1.0, text=t("ui.reports.ready"))
    st.session_state["report_built"] = built
