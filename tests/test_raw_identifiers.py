"""Raw identifiers never reach users: no "None", "nan", ``opd:35``, catalog key or ``status=`` in what a page shows
(texts, options as displayed, table cells), on every page of the admin, leader, inspector and focal point."""

from __future__ import annotations

import re

import pytest
from app_driver import _frames, errors, open_panels, open_url
from demo_scope import Demo, Persona, main_role_pages
from streamlit.testing.v1 import AppTest

from ui.navigation import PageSpec

pytestmark = pytest.mark.usefixtures("browserless")

RAW = re.compile(r"^(None|nan|NaT)$|\bopd:\d+|\((mcp|spbe|pemdi)-\d{4}[^)]*\)|\bstatus=")


def raw_shown(at: AppTest) -> list[str]:
    found = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "error",
                 "success", "metric"):  # fmt: skip
        found += [str(getattr(e, "value", "")) for e in at.get(kind)]
    for kind in ("selectbox", "multiselect", "radio"):
        for widget in getattr(at, kind):
            found += [str(option) for option in widget.options]
    for frame in _frames(at):
        found += [str(cell) for cell in frame.to_numpy().ravel()]
    return sorted({text[:80] for text in found if RAW.search(text)})


@pytest.mark.parametrize(("persona", "spec"), main_role_pages())
def test_no_raw_identifier_is_shown(role_demo: Demo, persona: Persona, spec: PageSpec) -> None:
    """Empty cells read "–", catalogs by name, never a key, an id or Python's None."""
    at = open_url(role_demo.actors[persona.username], spec.url_path)
    open_panels(at)
    assert not at.exception, errors(at)
    shown = raw_shown(at)
    if (
        spec.url_path == "katalog"
    ):  # the admin's catalog page names keys on purpose (its "Kunci katalog" column)
        shown = [text for text in shown if not re.fullmatch(r"[a-z]+-\d{4}(-v\d+)?", text)]
    assert shown == []
