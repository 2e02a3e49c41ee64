"""The frame every page shares: error boundary, signed-in fragments, lazy panels and tabs, language switch, page
header, period picker and flash messages after an action. How values look (chips, cards, tables with translated
headers, numbers Indonesian-style, user text made plain) is ``ui.display``; the control each scoring rule needs
is ``ui.rule_values``.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ParamSpec, TypeVar

import pandas as pd
import streamlit as st

import i18n
import ui.messages
import ui.panels.labels  # noqa: F401  (lazy panels are labelled before their module loads)
from i18n import LenteraError, label, t
from services import install, periods
from services.actor import Actor
from ui import session
from vocabulary import PeriodState

log = logging.getLogger("lentera.ui")

P = ParamSpec("P")
R = TypeVar("R")


LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def guarded(render: Callable[P, R]) -> Callable[P, R | None]:
    """Run a page body; an error the user can act on is shown as a translated message, not a traceback."""

    @functools.wraps(render)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return render(*args, **kwargs)
        except LenteraError as err:
            log.info("page %s: %s", render.__name__, err.key)
            st.error(err.message())
            return None

    return wrapper


def signed_in_fragment(render: Callable[P, None]) -> Callable[P, None]:
    """``st.fragment`` for a part of a page that reruns on its own (the overview's tabs), with ``guarded``'s
    error boundary. A fragment's rerun skips the shell, which checks the sign-in on every run, so the check is
    made here too: after a sign-out, an idle timeout or a deactivation (in any browser tab), or another user's
    cookie, the whole app reruns (and shows the login page) instead of the fragment querying with the old
    sign-in. The language is set again as well: Streamlit runs a fragment's rerun in a new thread, where the
    language (a context variable) would be the default, Indonesian, for an English user."""

    @functools.wraps(render)
    def fragment(*args: P.args, **kwargs: P.kwargs) -> None:
        session.apply_language()
        held = session.current_actor()
        current = session.enforce_session()
        if current is None or held is None or current.id != held.id:
            st.rerun(scope="app")
        render(*args, **kwargs)

    return st.fragment(guarded(fragment))


def demo_banner() -> None:
    """On a demo installation, "DATA DEMO" at the top of the page (``services.install.is_demo``)."""
    try:
        demo = install.is_demo()
    except LenteraError:
        return
    if demo:
        st.warning(t("install.demo_banner"), icon=":material/science:")


def lazy_panel(label: str, *, panel_key: str, render: Callable[[Actor], None]) -> None:
    """A collapsed expander that calls ``render`` (a ``ui.panels`` fragment) only while open: its service may be slow."""
    box = st.expander(label, key=panel_key, on_change="rerun")
    with box:
        if box.open:
            render(session.require_actor())


def lazy_tabs(key: str, tabs: Sequence[tuple[str, Callable[[], None]]]) -> None:
    """Tabs (each a message key and what it draws) that run only the open tab's ``render``: a page sends no
    other tab's tables or charts (nor the browser the chart library for them), and a click on another tab
    reruns the page to draw that one. ``key`` (``tabs_*``) keeps the open tab across reruns, and across a
    language switch (the state holds the label, which the switch changes)."""
    labels = [t(message) for message, _ in tabs]
    chosen = st.session_state.get(key)
    if chosen is not None and chosen not in labels:
        for (message, _), now in zip(tabs, labels, strict=True):
            if chosen in i18n.MESSAGES.get(message, {}).values():
                st.session_state[key] = now
    containers = st.tabs(labels, key=key, on_change="rerun")
    for container, (_, render) in zip(containers, tabs, strict=True):
        if container.open:
            with container:
                render()


def show_error(err: LenteraError) -> None:
    st.error(err.message())


# Select boxes whose option labels are translated. Streamlit keeps a select box's value as its label text, so
# after a language switch each is given its current option again, which re-labels it in the new language.
TRANSLATED_SELECTS = (
    "period_select", "queue_region", "queue_opd", "queue_area", "queue_status", "queue_pick", "drill_opd",
    "drill_item", "new_user_role", "new_user_region", "new_user_opd", "report_scope", "state_value",
    "audit_limit",
)  # fmt: skip


def _remember_language() -> None:
    st.session_state[session.LANGUAGE_KEY] = st.session_state[session.LANGUAGE_WIDGET_KEY]
    for key in TRANSLATED_SELECTS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def language_switch(container: Any) -> None:
    """Bahasa Indonesia / English. The label stays bilingual so it reads right before and after the switch."""
    current = i18n.get_language()
    container.selectbox(
        "Bahasa / Language",
        options=list(i18n.LANGUAGES),
        index=list(i18n.LANGUAGES).index(current),
        format_func=lambda code: LANGUAGE_NAMES.get(code, code),
        key=session.LANGUAGE_WIDGET_KEY,
        on_change=_remember_language,
    )


def page_header(title_key: str, caption: str | None = None) -> None:
    st.header(t(title_key))
    if caption:
        st.caption(caption)


# -- periods ---------------------------------------------------------------------------------------------------


def _period_label(row: Mapping[Any, Any]) -> str:
    parts = [str(row.get("name", ""))]
    if row.get("region"):
        parts.append(str(row["region"]))
    if row.get("state"):
        parts.append(label(row["state"], kind=PeriodState))
    return " · ".join(parts)


def period_selector(actor: Actor, *, container: Any = st) -> int | None:
    """Pick the period every page works on; the choice survives page switches in ``session_state``."""
    frame = periods.list_periods(actor)
    if frame is None or frame.empty:
        st.info(t("ui.period.none"))
        return None
    frame = frame.reset_index(drop=True)
    ids = [int(i) for i in frame["period_id"]]
    labels = {int(row["period_id"]): _period_label(row) for row in frame.to_dict("records")}
    remembered = st.session_state.get(session.PERIOD_KEY)
    if remembered not in ids:
        remembered = default_period(frame, actor)
    chosen = container.selectbox(
        t("ui.period.label"),
        options=ids,
        index=ids.index(remembered),
        format_func=lambda pid: labels.get(pid, str(pid)),
        key="period_select",
    )
    st.session_state[session.PERIOD_KEY] = chosen
    return int(chosen)


def default_period(frame: pd.DataFrame, actor: Actor) -> int:
    """The most urgent open period of the actor's region (next deadline first), else the newest period."""
    candidates = frame
    if actor.region_id is not None and "region_id" in frame.columns:
        own = frame[frame["region_id"] == actor.region_id]
        candidates = own if not own.empty else frame
    open_rows = candidates[candidates["state"] == "open"] if "state" in candidates.columns else candidates
    if not open_rows.empty and "submission_deadline" in open_rows.columns:
        # a deadline names a minute that runs to its end (services.deadlines.deadline_closes_at)
        deadlines = pd.to_datetime(open_rows["submission_deadline"], utc=True)
        closes = deadlines.dt.floor("min") + pd.Timedelta(minutes=1)
        upcoming = open_rows[closes > pd.Timestamp.now(tz="UTC")]
        if not upcoming.empty:
            return int(upcoming.sort_values("submission_deadline").iloc[0]["period_id"])
    chosen = open_rows if not open_rows.empty else candidates
    return int(chosen.iloc[0]["period_id"])  # list_periods is newest first


FLASH_KEY = "flash"


def flash(message: str) -> None:
    """A confirmation that survives the rerun a successful change triggers."""
    st.session_state[FLASH_KEY] = message


def run_action(action: Callable[[], object], done_message: str) -> None:
    """Run a service call: on success keep a confirmation for the rerun it triggers, on refusal show why."""
    try:
        action()
    except LenteraError as err:
        st.error(err.message())
        return
    flash(done_message)
    st.rerun()


def show_flash() -> None:
    """Show (once) the confirmation that the previous run's action left behind."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message)


def scroll_into_view(key: str, *, nonce: object) -> None:
    """Scroll the page so the container with this ``key`` shows at the top of the window: after a rerun the page
    keeps its scroll position, and a confirmation drawn higher up would otherwise be out of sight. ``nonce``
    changes with each event, so the script runs again when the same container is drawn again. The script is
    ours alone (no user text), so it may run in the page."""
    target = json.dumps(f".st-key-{key}")
    st.html(
        f"<script>/* {nonce} */ for (const wait of [60, 300, 800, 1500]) setTimeout(() => {{"
        f" const el = document.querySelector({target}); if (el) el.scrollIntoView({{block: 'start'}}); }}, wait);"
        "</script>",
        unsafe_allow_javascript=True,
    )
