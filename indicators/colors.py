"""Zone colours as numbers: the catalogs give ``#rrggbb`` colours, and every drawing of a zone (the PDF's and Word's
coloured cells, the overview's heatmap) writes on them in white or black by the same rule, so a zone reads the same
everywhere."""

from __future__ import annotations

import re

HEX = re.compile(r"#[0-9a-fA-F]{6}")
DARK_LUMA = 140  # below this (0–255, ITU-R BT.601 weights) a colour takes white text


def rgb(color: str | None) -> tuple[int, int, int] | None:
    """``#rrggbb`` as three 0–255 numbers; None for anything else (missing, short, named, or with more in it)."""
    if not color or HEX.fullmatch(color) is None:
        return None
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def is_dark(color: tuple[int, int, int]) -> bool:
    """Whether white text reads better than black on ``color``."""
    return 0.299 * color[0] + 0.587 * color[1] + 0.114 * color[2] < DARK_LUMA


def text_color_on(color: str | None) -> str:
    """The text colour for writing on ``color`` (``#rrggbb``): white on a dark one, near-black otherwise."""
    parsed = rgb(color)
    return "#ffffff" if parsed is not None and is_dark(parsed) else "#262730"
