"""Streamlit's own texts in the user's language, where Streamlit lets an app set them.

Streamlit draws some words itself: a select's placeholder ("Choose an option", "Choose options", "No options to
select"), a date's format (YYYY/MM/DD), the uploader's drop zone ("200MB per file • PDF") and its button ("Upload").
``install`` makes every select and date input on every page, present and future, default to Indonesian (or English)
words and DD/MM/YYYY, so no page has to remember; a page that passes its own placeholder or format keeps it. The uploader's
drop-zone line and button label cannot be set from Python: ``style`` hides them and writes the translated words
in their place (the accepted types and limit are in the uploader's label or help where a page states them).
Left in English: "Drag and drop files here", shown only while a file is dragged over the drop zone.

``tests/test_builtin_texts.py`` opens every page as every kind of user and lists any English default left.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from i18n import t

DATE_FORMAT = "DD/MM/YYYY"
_INSTALLED = "_lentera_builtin_texts"


def _defaults() -> dict[str, dict[str, Callable[[], str]]]:
    return {
        "selectbox": {"placeholder": lambda: t("ui.builtin.choose")},
        "multiselect": {"placeholder": lambda: t("ui.builtin.choose_many")},
        "date_input": {"format": lambda: DATE_FORMAT},
    }


def _with_defaults(method: Callable[..., Any], defaults: dict[str, Callable[[], str]]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(self: DeltaGenerator, *args: Any, **kwargs: Any) -> Any:
        for name, value in defaults.items():
            if kwargs.get(name) is None:
                kwargs[name] = value()
        return method(self, *args, **kwargs)

    return call


def install() -> None:
    """Give Streamlit's select and date widgets translated defaults, once per process (``st.selectbox`` and a
    column's ``.selectbox`` alike)."""
    if getattr(DeltaGenerator, _INSTALLED, False):
        return
    for name, defaults in _defaults().items():
        root = getattr(st, name).__self__  # ``st.selectbox`` is the main area's bound method
        wrapped = _with_defaults(getattr(DeltaGenerator, name), defaults)
        setattr(DeltaGenerator, name, wrapped)
        setattr(st, name, wrapped.__get__(root, DeltaGenerator))
    setattr(DeltaGenerator, _INSTALLED, True)


UPLOAD_BUTTON = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]'


def style() -> None:
    """The uploader's English drop-zone line ("200MB per file • PDF") replaced by the translated hint, and its
    English "Upload" button label by the translated word (CSS only: no element takes space; Streamlit 1.67 has
    no parameter for either, streamlit/streamlit#13500)."""
    hint = t("ui.builtin.drop_hint").replace('"', "'")
    button = t("ui.builtin.upload_button").replace('"', "'")
    st.html(
        "<style>"
        '[data-testid="stFileUploaderDropzoneInstructions"] span { display: none; }'
        f'[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{ content: "{hint}"; font-size: 0.85rem; }}'
        f"{UPLOAD_BUTTON} p {{ display: none; }}"
        f'{UPLOAD_BUTTON}::after {{ content: "{button}"; }}'
        "</style>"
    )
