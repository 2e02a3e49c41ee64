"""User text reaches markdown literally (issue 12): a return reason once loaded a tracking image, showed a phishing
link and red "akun diblokir" text inside the trusted "Alasan:" line.

Every entry of ``tests/corpus/markdown.py`` goes through ``ui.display.plain``: rendered by a CommonMark parser
it is exactly its own text, with no link or image; every ``$`` and ``:`` (LaTeX, colour directives, emoji
shortcodes, which Streamlit parses on top of CommonMark) is escaped. (A page-level AppTest with the corpus in
every user field is still to come; tests/e2e/test_plain_text.py draws the corpus in Chromium.)
"""

from __future__ import annotations

import html
import re

import pytest
from corpus.markdown import HOSTILE
from markdown_it import MarkdownIt

from ui.display import WORD_JOINER, plain

PARSER = MarkdownIt("commonmark")
STREAMLIT_ACTIVE = re.compile(r"(?<!\\)[$:]")


def rendered_text(markdown: str) -> str:
    """What a reader sees: the HTML's text, tags removed (there must be none but <p> and <br>)."""
    out = PARSER.render(markdown)
    assert not re.search(r"<(?!/?p>|br />)", out), out
    return html.unescape(re.sub(r"</?p>|<br />", "", out)).strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_text_renders_as_itself(text: str) -> None:
    escaped = plain(text)
    # the invisible word joiner that keeps a :material/...: icon from being drawn is no character a reader sees
    assert rendered_text(escaped).replace(WORD_JOINER, "") == text.strip()
    assert not STREAMLIT_ACTIVE.search(escaped)
