"""Streamlit's own texts on the Indonesian pages: every page opened as every kind of user (lazy panels open),
and any select without a translated placeholder or date input not in DD/MM/YYYY is listed (``ui.builtin_texts``).

The uploader's drop-zone line is drawn by the browser from no text the app sends; its CSS replacement is checked
to be on every signed-in page.
"""

from __future__ import annotations

import pytest
from app_driver import errors, open_panels, open_url
from demo_scope import Demo, Persona, main_role_pages
from streamlit.testing.v1 import AppTest
from streamlit_internals import date_format, html_sources, placeholder

from i18n import t
from ui.builtin_texts import DATE_FORMAT
from ui.navigation import PageSpec

pytestmark = pytest.mark.usefixtures("browserless")

ENGLISH_DEFAULTS = {"", "Choose an option", "Choose options", "No options to select", "Select..."}
PAGES = main_role_pages()


def english_builtins(at: AppTest) -> list[str]:
    """Every widget still showing one of Streamlit's English defaults, as ``kind key: text``."""
    left: list[str] = []
    for kind in ("selectbox", "multiselect"):
        for widget in getattr(at, kind):
            shown = placeholder(widget)
            if shown in ENGLISH_DEFAULTS:
                left.append(f"{kind} {widget.key or widget.label}: placeholder {shown!r}")
    for widget in at.date_input:
        if date_format(widget) != DATE_FORMAT:
            left.append(f"date_input {widget.key or widget.label}: format {date_format(widget)!r}")
    return left


@pytest.mark.parametrize(("persona", "spec"), PAGES)
def test_no_english_streamlit_default_is_left_on_an_indonesian_page(
    role_demo: Demo, persona: Persona, spec: PageSpec
) -> None:
    """Selects say "Pilih salah satu", dates read DD/MM/YYYY, the uploader hint is Indonesian."""
    at = open_url(role_demo.actors[persona.username], spec.url_path)
    open_panels(at)
    assert not at.exception, errors(at)
    assert english_builtins(at) == []
    hint = t("ui.builtin.drop_hint", "id")
    assert any(hint in source for source in html_sources(at)), "uploader hint CSS missing"
    button = t("ui.builtin.upload_button", "id")
    assert any(f'content: \\"{button}\\"' in source for source in html_sources(at)), (
        "upload button CSS missing"
    )
