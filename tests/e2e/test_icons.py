"""The cut icon font (``ui/icon_font.py``) is what the browser loads, and it still draws every icon (issue 16)."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from ui.icon_font import OUTPUT, RECORD, source_font

pytestmark = pytest.mark.e2e

# The width of each text in a span of a font at 20 px: an icon is one glyph one em wide; a word the font has no
# ligature for is a row of letter-wide blanks. ``whole`` (base64) is loaded as the font "Whole" first.
MEASURE = """async ([family, names, whole]) => {
  if (whole) {
    const face = new FontFace('Whole', Uint8Array.from(atob(whole), c => c.charCodeAt(0)).buffer);
    document.fonts.add(await face.load());
  }
  await document.fonts.load(`20px "${family}"`, 'home');
  const box = document.createElement('div');
  box.style.cssText = `position:absolute;left:-9999px;white-space:nowrap;font:20px "${family}"`;
  document.body.appendChild(box);
  const widths = {};
  for (const name of names) {
    const span = document.createElement('span');
    span.textContent = name;
    box.appendChild(span);
    widths[name] = span.getBoundingClientRect().width;
  }
  box.remove();
  return widths;
}"""

FONT_BYTES = """() => performance.getEntriesByType('resource')
  .filter(entry => entry.name.includes('/static/media/MaterialSymbols-Rounded.'))
  .map(entry => entry.encodedBodySize)"""


def _drawn(widths: dict[str, float]) -> set[str]:
    return {name for name, width in widths.items() if 18 <= width <= 22}


def test_the_login_page_loads_the_cut_and_it_draws_what_the_whole_font_draws(
    open_app: Callable[..., Page],
) -> None:
    """The login page loads the cut icon font, which draws as one glyph every kept icon Streamlit's whole font does."""
    page = open_app()
    page.get_by_test_id("stIconMaterial").first.wait_for()
    page.wait_for_function(f"({FONT_BYTES})().length > 0")
    assert page.evaluate(FONT_BYTES) == [OUTPUT.stat().st_size]
    names = [*json.loads(RECORD.read_text(encoding="utf-8"))["icons"], "lentera_bukan_ikon"]
    source = source_font()
    assert source is not None
    whole = base64.b64encode(source.read_bytes()).decode()
    by_whole = _drawn(page.evaluate(MEASURE, ["Whole", names, whole]))
    by_cut = _drawn(page.evaluate(MEASURE, ["Material Symbols Rounded", names, ""]))
    assert len(by_whole) > 500 and "lentera_bukan_ikon" not in by_whole | by_cut
    assert by_whole - by_cut == set()
    on_page = page.get_by_test_id("stIconMaterial").all_inner_texts()
    assert on_page and set(on_page) <= by_cut
