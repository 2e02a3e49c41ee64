"""Streamlit's own texts on the Indonesian pages: every page opened as every kind of user (lazy panels open),
and any select without a translated placeholder or date input not in DD/MM/YYYY is listed (``ui.builtin_texts``).

The uploader's drop-zone line is drawn by the browser from no text the app sends; its CSS replacement is checked
to be on every signed-in page.
"""

from __future__ import annotations

import pytest
from app_driver import errors, open_panels, open_url
from demo_scope import PERSONAS, Demo, Persona
from streamlit.testing.v1 import AppTest

from i18n import t
from ui.builtin_texts import DATE_FORMAT
from ui.navigation import PAGE_SPECS, PageSpec

pytestmark = pytest.mark.usefixtures("browserless")

ENGLISH_DEFAULTS = {"", "Choose an option", "Choose options", "No options to select", "Select..."}
PAGES = [
    pytest.param(persona, spec, id=f"{persona.key}-{spec.url_path}")
    for persona in PERSONAS
    if persona.key in {"admin", "leader", "inspector", "focal_point"}
    for spec in PAGE_SPECS
    if persona.role in spec.roles
]


def english_builtins(at: AppTest) -> list[str]:
    """Every widget still showing one of Streamlit's English defaults, as ``kind key: text``."""
    left: list[str] = []
    for kind in ("selectbox", "multiselect"):
        for widget in getattr(at, kind):
            placeholder = widget.proto.placeholder.strip()
            if placeholder in ENGLISH_DEFAULTS:
                left.append(f"{kind} {widget.key or widget.label}: placeholder {placeholder!r}")
    for widget in at.date_input:
        if widget.proto.format != DATE_FORMAT:
            left.append(f"date_input {widget.key or widget.label}: format {widget.proto.format!r}")
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
    assert any(hint in str(element.proto) for element in at.get("html")), "uploader hint CSS missing"
