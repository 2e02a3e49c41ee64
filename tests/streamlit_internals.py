"""Every private Streamlit internal the tests use, in one place; written for Streamlit 1.67.0.

``AppTest``'s public API cannot open a page that ``st.navigation`` registered as a function under a URL path
(``switch_page`` takes page files), nor read a plotly chart's figure or a table's column configuration (labels,
hidden columns, order). The helpers below do it through attributes Streamlit may change in any release. After
an upgrade, a failure here is fixed here only: no test module touches ``_``-prefixed ``AppTest`` attributes,
``.proto`` or ``streamlit.util``. (The browser tests' selectors of Streamlit's own DOM, ``data-testid``, are
kept together in ``tests/e2e/steps.py``, and the websocket wire protocol, ``streamlit.proto``, in
``tests/streamlit_client.py``, for the same reason.)
"""

from __future__ import annotations

import json
from typing import Any

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

WRITTEN_FOR_STREAMLIT = "1.67.0"


def is_registered(at: AppTest, url_path: str) -> bool:
    """Whether the last run registered a page under ``/<url_path>`` (``st.Page(..., url_path=...)``)."""
    return calc_hash(url_path) in at._registered_pages


def page_hash(url_path: str) -> str:
    """The page hash ``st.Page`` derives from a URL path (what a browser's path resolves to)."""
    return str(calc_hash(url_path))


def request_url_path(at: AppTest, url_path: str) -> AppTest:
    """Ask for ``/<url_path>`` as a browser would (a typed or bookmarked URL); the next ``run()`` opens it.

    ``st.Page`` derives the page hash from the URL path, which is what a browser's path resolves to.
    """
    at._page_hash = calc_hash(url_path)
    return at


def plotly_figures(at: AppTest) -> list[dict[str, Any]]:
    """The figure (data and layout, as JSON) of every plotly chart on the page."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def column_config(table: Any) -> dict[str, Any]:
    """A ``st.dataframe``'s column configuration: column name or ``_pos:<n>`` → settings (label, hidden, ...)."""
    return dict(json.loads(table.proto.columns or "{}"))


def column_order(table: Any) -> list[str]:
    """The columns a ``st.dataframe`` shows, in order, when ``column_order`` is set; else empty."""
    return [str(name) for name in table.proto.column_order]


def placeholder(widget: Any) -> str:
    """The placeholder text a select or multiselect shows before a choice."""
    return str(widget.proto.placeholder).strip()


def date_format(widget: Any) -> str:
    """The display format of a ``st.date_input`` (e.g. ``DD/MM/YYYY``)."""
    return str(widget.proto.format)


def html_sources(at: AppTest) -> list[str]:
    """The source of every ``st.html`` element on the page."""
    return [str(element.proto) for element in at.get("html")]
