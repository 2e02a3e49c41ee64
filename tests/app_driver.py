"""Driving the real app (``app.py``) through ``AppTest``: start it, sign in, open a URL, read what is shown.

Shared by the app journey and page tests. ``open_url`` opens a page as a signed-in user without the login form;
``open_panels``, ``open_tab`` and ``each_tab`` open what a page draws only after a click; ``shown_texts``,
``table_headers`` and friends collect what a person can read. AppTest has no browser to hold the session cookie,
so modules using these run with the ``browserless`` fixture (conftest.py). The Streamlit internals this needs
live in ``streamlit_internals``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from pandas.io.formats.style import Styler
from streamlit.testing.v1 import AppTest
from streamlit_internals import column_config, column_order, is_registered, plotly_figures, request_url_path

import i18n
from services.actor import Actor

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60
RAW_KEY = re.compile(r"[a-z_]+(\.[a-z_]+)+")
RAW_HEADER = re.compile(r"[a-z][a-z0-9]*")


def start() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT).run()


def sign_in(username: str, password: str) -> AppTest:
    at = start()
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    at.button(key="login_submit").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def go_to(at: AppTest, url_path: str) -> AppTest:
    """Ask for ``/<url_path>`` as a browser would; ``run()`` then opens it.

    An unknown URL would fall back to the home page and make a "lands on home" check pass for nothing.
    """
    assert is_registered(at, url_path), f"/{url_path} is not a registered URL"
    return request_url_path(at, url_path)


def texts(elements: object) -> list[str]:
    return [str(element.value) for element in elements]  # type: ignore[attr-defined]


def actor_of(username: str) -> Actor:
    from sqlmodel import select

    from models import session_scope
    from models.tables import User

    with session_scope() as session:
        return Actor.from_user(session.exec(select(User).where(User.username == username)).one())


# -- opening a page as a signed-in user and reading it ----------------------------------------------------------


def open_url(actor: Actor, url_path: str) -> AppTest:
    """The app as ``actor``, with a valid session, opened at ``/<url_path>`` (a typed or bookmarked URL).

    A browser sends the URL path and ``st.navigation`` runs the page registered under it. AppTest's public
    ``switch_page`` only takes page files, and a page the role lacks is registered as a redirect function, so
    the test asks for the page hash ``st.Page`` derives from the URL path, which is what the browser's path
    resolves to.
    """
    from services import user_sessions

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    # A signed-in browser: the session token ui.session.sign_in keeps (under BROWSERLESS) after a login.
    at.session_state["browserless_token"] = user_sessions.claim(
        code=user_sessions.start(user_id=actor.id, browser="b"), browser="b"
    )
    at.session_state["language"] = "id"
    request_url_path(at, url_path).run()
    # An unknown URL would fall back to the home page and make a "lands on home" check pass for nothing.
    assert is_registered(at, url_path), f"/{url_path} is not a registered URL"
    return at


def open_panels(at: AppTest) -> AppTest:
    """Rerun with every lazy panel (``ui.widgets.lazy_panel``, keys ``panel_*``) open, as a user clicking them."""
    keys = [key for key in at.session_state if isinstance(key, str) and key.startswith("panel_")]
    for key in keys:
        at.session_state[key] = True
    return at.run() if keys else at


def _tabs_key(at: AppTest) -> str:
    """The session key of the page's lazy tabs (``ui.widgets.lazy_tabs``, keys ``tabs_*``); one group a page."""
    [key] = [key for key in at.session_state if isinstance(key, str) and key.startswith("tabs_")]
    return key


def open_tab(at: AppTest, label: str) -> AppTest:
    """Rerun with the lazy tab labelled ``label`` open, as a user clicking it (only the open tab is drawn)."""
    labels = [str(tab.label) for tab in at.tabs]
    assert label in labels, f"no tab {label!r} among {labels}"
    at.session_state[_tabs_key(at)] = label
    return at.run()


def each_tab(at: AppTest) -> Iterator[AppTest]:
    """The page once with each of its lazy tabs open in turn (the page as it is when it has none)."""
    if not any(isinstance(key, str) and key.startswith("tabs_") for key in at.session_state):
        yield at
        return
    for label in [str(tab.label) for tab in at.tabs]:
        yield open_tab(at, label)


def errors(at: AppTest) -> list[str]:
    """The page's exceptions with the end of their stack trace, for a readable failure."""
    return [f"{e.message}\n" + "\n".join(e.stack_trace[-4:]) for e in at.exception]


def titles(at: AppTest) -> list[str]:
    return [str(e.value) for kind in ("title", "header", "subheader") for e in getattr(at, kind)]


def _frames(at: AppTest) -> list[Any]:
    """Every table's data; a styled table (zone colours) is read through its frame."""
    frames = []
    for element in [*at.dataframe, *at.get("table")]:
        value = element.value
        frames.append(value.data if isinstance(value, Styler) else value)  # type: ignore[attr-defined]
    return frames


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


SVG = "{http://www.w3.org/2000/svg}"  # the namespace of a drawing's tags, as ElementTree names them


def svg_drawings(at: AppTest) -> list[ET.Element]:
    """Every chart the server drew as SVG (``ui.svg.show``: markdown holding ``<div class="lentera-svg">``),
    parsed: a drawing that is not well-formed XML fails here."""
    drawings = []
    for element in at.markdown:
        source = str(element.value)
        if 'class="lentera-svg"' in source:
            drawings.append(
                ET.fromstring(source[source.index("<svg") : source.rindex("</svg>") + len("</svg>")])
            )
    return drawings


def svg_tooltips(drawing: ET.Element) -> list[str]:
    """The tooltips of a drawing's marks (a bar, a cell, a point: each a ``<g>`` with its ``<title>``), in order."""
    return [str(group.findtext(f"{SVG}title")) for group in drawing.iter(f"{SVG}g")]


def chart_texts(at: AppTest) -> list[str]:
    """Every string of every chart: a plotly chart's axis labels, trace names and hover texts; an SVG drawing's
    texts (each line of a wrapped label) and tooltips."""
    texts = [text for figure in plotly_figures(at) for text in _strings(figure)]
    for drawing in svg_drawings(at):
        for node in drawing.iter():
            texts += [text for text in (node.text, node.tail) if text and text.strip()]
    return texts


def cells_and_options(at: AppTest) -> list[str]:
    """Options of choice widgets, table cells and chart labels: where other OPDs' or regions' rows would show."""
    found = chart_texts(at)
    for kind in ("selectbox", "multiselect", "radio"):
        for widget in getattr(at, kind):
            found += [str(option) for option in widget.options]
    for frame in _frames(at):
        found += [str(cell) for cell in frame.to_numpy().ravel()]
    return found


def shown_texts(at: AppTest) -> list[str]:
    """Every text a person can read: prose, messages, labels, metrics, options, table headers and cells."""
    found: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "error",
                 "success", "code", "selectbox", "multiselect", "radio", "text_input", "text_area",
                 "number_input", "checkbox", "toggle", "button", "metric"):  # fmt: skip
        for element in getattr(at, kind) if hasattr(at, kind) else at.get(kind):
            for attribute in ("value", "label"):
                text = getattr(element, attribute, None)
                if isinstance(text, str):
                    found.append(text)
    found += [str(e.label) for e in at.expander] + [str(tab.label) for tab in at.tabs]
    found += [str(e.label) for e in at.download_button]
    for frame in _frames(at):
        found += [str(column) for column in frame.columns]
    return found + cells_and_options(at)


def table_headers(at: AppTest) -> list[str]:
    """The column headers a person sees over every table: a column's configured label, else its name; columns
    hidden through ``column_config`` (ids kept for selection) and a hidden index are left out."""
    headers: list[str] = []
    for element in at.dataframe:
        config = column_config(element)
        frame = element.value
        if not config.get("_index", {}).get("hidden", False):
            headers += [str(name) for name in frame.index.names if name is not None]
        order = column_order(element) or [str(column) for column in frame.columns]
        for position, column in enumerate(frame.columns):
            settings = config.get(str(column)) or config.get(f"_pos:{position}") or {}
            if settings.get("hidden") or str(column) not in order:
                continue
            headers.append(str(settings.get("label") or column))
    for static in at.get("table"):
        value = static.value  # type: ignore[union-attr]
        frame = value.data if isinstance(value, Styler) else value  # type: ignore[attr-defined]
        headers += [str(column) for column in frame.columns]
    return headers


def raw_headers(at: AppTest) -> list[str]:
    """Headers that are a column's identifier rather than words: ``actor_username``, ``organisation_id``, or a
    lowercase ASCII word like ``at``, ``opd``, ``code``, ``status``. A translated header starts with a capital
    ("Waktu", "OPD", "Kode", "Status") and has no underscore."""
    return [header for header in table_headers(at) if "_" in header or RAW_HEADER.fullmatch(header)]


def raw_keys(texts: list[str]) -> list[str]:
    """Texts that are an untranslated message key (``ui.page.x``, ``foo``), not a username."""
    namespaces = {key.split(".")[0] for key in i18n.MESSAGES}
    return [
        text for text in texts if RAW_KEY.fullmatch(text.strip()) and text.strip().split(".")[0] in namespaces
    ]


def upload_file(at: AppTest, code: str, name: str, data: bytes) -> None:
    """Put a file in the item's (current) uploader and run; give today's document date where the item asks."""
    uploader = next(u for u in at.file_uploader if (u.key or "").startswith(f"upload_{code}"))
    uploader.upload(name, data, "application/pdf")
    at.run()
    dates = [d for d in at.date_input if (d.key or "").startswith(f"docdate_{code}")]
    if dates and any(i18n.t("ui.evidence.date_needed", "id") == w.value for w in at.warning):
        dates[0].set_value(date.today())
        at.run()
