"""How values look on every page: status and zone chips, score cards, tables under translated headers, numbers
Indonesian-style, rank arrows, catalog paths and names, "all" filters, and user text made plain for markdown.

Display only shows; the numbers come from services (and through them from ``scoring/``), the zone colours from
the catalog.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

import i18n
import ui.messages  # noqa: F401  (registers the texts these helpers print, e.g. ui.yes, also outside a page)
from i18n import format_number, status_label, t
from indicators import Catalog, Node, colors
from indicators.provenance import mark_labels, provenance_marks

STATUS_COLOURS: dict[str, str] = {
    "empty": "gray",
    "draft": "blue",
    "submitted": "orange",
    "verified": "green",
    "returned": "red",
    "reopened": "violet",
}


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
        f'<span style="background:{colour};color:{colors.text_color_on(colour)};padding:2px 10px;border-radius:10px;'
        f'font-size:0.85rem;font-weight:600">{_escape(zone)}</span>'
    )


_MARKDOWN_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$:~=^])")
_MATERIAL_ICON = re.compile(r"(?<=\\:)(?=material/)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def plain(text: object) -> str:
    """User text (notes, reasons, names, file names) made literal for ``st.markdown``/``caption``/alerts.

    Streamlit renders markdown, HTML-like tags, LaTeX between ``$``, colour directives ``:red[...]`` and emoji
    shortcodes; a backslash before every such punctuation mark makes each of them plain text (CommonMark
    escapes), and line breaks stay line breaks. Streamlit finds ``:material/name:`` icons after the escapes are
    resolved (Chromium drew the icon for an escaped one: tests/e2e/test_plain_text.py), so an invisible word
    joiner after such a colon keeps the text as typed.
    """
    return _MATERIAL_ICON.sub(WORD_JOINER, _MARKDOWN_ACTIVE.sub(r"\\\1", str(text)))


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
        provenance_badge(catalog)


def provenance_badge(catalog: Catalog | None, code: str | None = None) -> None:
    """The marks a score or zone of ``catalog`` carries ("katalog sementara", "zona sementara"), decided by
    ``indicators.provenance.provenance_marks``; nothing for an official catalog."""
    if catalog is None:
        return
    marks = provenance_marks(catalog, code)
    if marks:
        st.markdown(
            " ".join(f":orange-badge[:material/info: {text}]" for text in mark_labels(marks)),
            help=" ".join(t(f"provenance.help.{mark}") for mark in marks),
        )


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
    """A catalog diff (``services.catalogs.catalog_diff``) as the code, the kind of change named, and what changed
    in words ("poin D1: 50 → 60", ``detail``), never a rule's JSON."""
    return table(
        diff,
        {"code": "ui.col.code", "change": "ui.col.change", "detail": "ui.col.what_changed"},
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
