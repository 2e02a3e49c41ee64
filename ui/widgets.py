"""Small building blocks shared by every page: error boundary, lazy panels, flash messages, language switch,
period picker, zone and status chips, metric cards, tables with translated headers, numbers Indonesian-style.

Widgets only show and collect values; the numbers they show come from services (and through them from
``scoring/``). The control each scoring rule needs is in ``ui.rule_values``.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec, TypeVar

import pandas as pd
import streamlit as st

import i18n
import ui.messages
import ui.panels.labels  # noqa: F401  (lazy panels are labelled before their module loads)
from i18n import LenteraError, format_number, label, status_label, t
from indicators import Catalog, Node
from services import install, periods
from services.actor import Actor
from ui import session
from vocabulary import PeriodState

log = logging.getLogger("lentera.ui")

P = ParamSpec("P")
R = TypeVar("R")

STATUS_COLOURS: dict[str, str] = {
    "empty": "gray",
    "draft": "blue",
    "submitted": "orange",
    "verified": "green",
    "returned": "red",
    "reopened": "violet",
}
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


def _period_label(row: pd.Series) -> str:
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
    labels = {int(row["period_id"]): _period_label(row) for _, row in frame.iterrows()}
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


# -- chips and cards -------------------------------------------------------------------------------------------


def status_chip(status: str | None, container: Any = st) -> None:
    key = status or "empty"
    container.badge(status_label(key, capital=True), color=STATUS_COLOURS.get(key, "gray"))


def zone_colour(catalog: Catalog | None, zone: str | None) -> str:
    if catalog is None or zone is None:
        return "#888888"
    for band in catalog.zones:
        if band.name == zone:
            return band.color
    return "#888888"


def zone_chip_html(catalog: Catalog | None, zone: str | None) -> str:
    """A coloured zone label; the colour comes from the catalog, never from code."""
    if zone is None:
        return "–"
    colour = zone_colour(catalog, zone)
    return (
        f'<span style="background:{colour};color:#fff;padding:2px 10px;border-radius:10px;'
        f'font-size:0.85rem;font-weight:600">{_escape(zone)}</span>'
    )


_MARKDOWN_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$:~=^])")


def plain(text: object) -> str:
    """User text (notes, reasons, names, file names) made literal for ``st.markdown``/``caption``/alerts.

    Streamlit renders markdown, HTML-like tags, LaTeX between ``$``, colour directives ``:red[...]`` and emoji
    shortcodes; a backslash before every such punctuation mark makes each of them plain text (CommonMark
    escapes), and line breaks stay line breaks.
    """
    return _MARKDOWN_ACTIVE.sub(r"\\\1", str(text))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def score_card(
    container: Any,
    *,
    label: str,
    value: float | None,
    zone: str | None,
    catalog: Catalog | None,
    decimals: int = 2,
    help: str | None = None,
    key: str | None = None,
) -> None:
    """A metric card with the zone named inside it, in the catalog's colour; ``key`` names it for tests."""
    with container.container(border=True, key=key):
        st.metric(label, format_number(value, decimals), help=help)
        st.markdown(zone_chip_html(catalog, zone) if zone else "&nbsp;", unsafe_allow_html=True)


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


def table(
    frame: pd.DataFrame,
    columns: dict[str, str],
    *,
    decimals: dict[str, int] | None = None,
    formats: dict[str, Callable[[Any], Any]] | None = None,
    **options: Any,
) -> Any:
    """Show ``frame``'s ``columns`` (column → message key) under translated headers, numbers Indonesian-style.

    Only the listed columns are shown, so ids a page keeps for selection never reach the screen; ``formats``
    turns a column's values into what a person reads (a status name, a WIT date). ``options`` go to
    ``st.dataframe`` (``key``, ``on_select``, ...), whose result is returned; a selected row's position is the
    same in ``frame``.
    """
    shown = frame[list(columns)].copy()
    for column, places in (decimals or {}).items():
        shown[column] = shown[column].map(lambda value, places=places: number(value, places))
    for column, format_value in (formats or {}).items():
        shown[column] = shown[column].map(format_value)
    shown = shown.rename(columns={column: t(key) for column, key in columns.items()})
    return st.dataframe(shown, hide_index=True, **options)


def catalog_diff_table(diff: pd.DataFrame, **options: Any) -> Any:
    """A catalog diff (``services.catalogs.catalog_diff``: code, change, old, new) with the change kinds named."""
    return table(
        diff,
        {"code": "ui.col.code", "change": "ui.col.change", "old": "ui.col.old", "new": "ui.col.new"},
        formats={"change": lambda change: t(f"ui.change.{change}")},
        **options,
    )


def number(value: Any, decimals: int = 2) -> str:
    if value is None:
        return "–"
    try:
        number_value = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(number_value):
        return "–"
    return format_number(number_value, decimals)


def rank_arrow(change: Any) -> str:
    """▲ 2 when an entity climbed two places, ▼ 1 when it fell, • when unchanged, blank when new."""
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return ""
    change = int(change)
    if change > 0:
        return f"▲ {change}"
    if change < 0:
        return f"▼ {-change}"
    return "•"


def leaf_path(catalog: Catalog, code: str) -> list[Node]:
    """The node and its ancestors, root side first (area → indicator → item)."""
    path: list[Node] = []
    node: Node | None = catalog.node(code)
    while node is not None:
        path.append(node)
        node = catalog.node(node.parent_code) if node.parent_code else None
    return list(reversed(path))


def node_name(node: Node) -> str:
    if i18n.get_language() == "en" and node.name_en:
        return node.name_en
    return node.name


def options_with_all(values: Sequence[Any]) -> list[Any]:
    return [None, *values]


def format_all(value: Any, labels: dict[Any, str] | None = None) -> str:
    if value is None:
        return t("ui.filter.all")
    return (labels or {}).get(value, str(value))
