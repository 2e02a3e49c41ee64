"""Reports: Excel, PDF, CSV and evidence ZIP downloads built by ``services.exports`` (and ``reports/``).

The buttons appear only when the exports service is installed; the service builds the file and this page hands
its bytes to the browser.
"""

from __future__ import annotations

import importlib
from types import ModuleType

import streamlit as st

from i18n import MESSAGES, LenteraError, t
from ui import session
from ui.widgets import guarded, page_header, period_selector

FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf",
           "csv": "text/csv", "zip": "application/zip"}  # fmt: skip


def exports_module() -> ModuleType | None:
    try:
        return importlib.import_module("services.exports")
    except ImportError:
        return None


def _scope_label(scope: str) -> str:
    key = f"ui.reports.scope.{scope}"
    return t(key) if key in MESSAGES else scope


@guarded
def reports_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.reports")
    exports = exports_module()
    if exports is None:
        st.info(t("ui.reports.unavailable"))
        return
    period_id = period_selector(actor)
    if period_id is None:
        return
    scopes = list(getattr(exports, "SCOPES", ("province",)))
    scope = st.selectbox(t("ui.reports.scope"), scopes, format_func=_scope_label, key="report_scope")
    formats = [f for f in getattr(exports, "FORMATS", tuple(FORMATS)) if f in FORMATS]
    cols = st.columns(len(formats))
    for col, fmt in zip(cols, formats, strict=False):
        if col.button(t(f"ui.reports.build.{fmt}"), key=f"report_build_{fmt}", icon=":material/description:"):
            _build(exports, actor, period_id, scope, fmt)
    built = st.session_state.get("report_built")
    if built and built.get("period_id") == period_id:
        st.download_button(
            t("ui.reports.download", name=built["name"]),
            data=built["data"],
            file_name=built["name"],
            mime=FORMATS.get(built["fmt"], "application/octet-stream"),
            key="report_download",
            type="primary",
            icon=":material/download:",
        )


def _build(exports: ModuleType, actor: object, period_id: int, scope: str, fmt: str) -> None:
    bar = st.progress(0.0, text=t("ui.reports.building"))

    def progress(*args: object, **_: object) -> None:
        """Accepts (fraction[, text]) or (done, total[, text]); the exports service decides which."""
        numbers = [float(a) for a in args if isinstance(a, int | float)]
        text = next((a for a in args if isinstance(a, str)), None)
        fraction = (
            numbers[0] / numbers[1] if len(numbers) >= 2 and numbers[1] else (numbers[0] if numbers else 0)
        )
        bar.progress(min(max(fraction, 0.0), 1.0), text=text or t("ui.reports.building"))

    try:
        name, data = exports.export_bytes(actor, period_id=period_id, scope=scope, fmt=fmt, progress=progress)
    except LenteraError as err:
        bar.empty()
        st.error(err.message())
        return
    bar.progress(1.0, text=t("ui.reports.ready"))
    st.session_state["report_built"] = {"period_id": period_id, "fmt": fmt, "name": name, "data": data}
