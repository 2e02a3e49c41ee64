"""What the leader's pages share: the period picker beside the digital-services lens, and the zone colouring of a
score table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from i18n import t
from indicators import Catalog
from services.actor import Actor
from ui.display import zone_colour
from ui.widgets import period_selector

DIGITAL_TAG = "digital"
LENS_KEY = "digital_lens"
DRILL_KEY = "drill_organisation_id"
OPD_DETAIL_URL = "rincian-opd"
"""Where a clicked OPD of the ranking opens (the URL path ``ui.navigation`` registers the drill-down under)."""


def lens_toggle() -> str | None:
    """The digital-services lens, remembered across pages; returns the tag to score on (or None)."""
    value = st.toggle(
        t("ui.lens.digital"),
        value=bool(st.session_state.get(LENS_KEY + "_value", False)),
        key=LENS_KEY,
        help=t("ui.lens.digital_help"),
    )
    st.session_state[LENS_KEY + "_value"] = value
    return DIGITAL_TAG if value else None


def period_and_lens_box(actor: Actor) -> tuple[int | None, Any]:
    """The period picker, and the box beside it for the lens toggle (the overview draws the toggle later, in the
    part the lens reruns)."""
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    with left:
        period_id = period_selector(actor)
    return period_id, right


def period_and_lens(actor: Actor) -> tuple[int | None, str | None]:
    period_id, lens_box = period_and_lens_box(actor)
    with lens_box:
        tag = lens_toggle()
    return period_id, tag


def zone_style(catalog: Catalog, zone_column: str) -> Callable[[Any], str]:
    def paint(value: Any) -> str:
        if not isinstance(value, str) or not value:
            return ""
        return f"background-color: {zone_colour(catalog, value)}; color: white; font-weight: 600"

    return paint
