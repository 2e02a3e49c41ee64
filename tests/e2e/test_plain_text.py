"""User text reaches the screen literally in a real browser (issue 12, Markdown injection).

``tests/test_markdown_injection.py`` checks ``ui.display.plain`` against a CommonMark parser; Streamlit's frontend
adds its own markdown steps on top (colour directives, LaTeX, emoji shortcodes, ``:material/...:`` icons, raw
HTML), so here every entry of the hostile corpus is drawn by Streamlit in Chromium, as a markdown block, a caption
and an alert, and what the reader sees must be exactly the entry's text: no image, link, formula, icon or emoji.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pytest
from corpus.markdown import HOSTILE
from playwright.sync_api import Browser, Page
from streamlit_server import running_script

from e2e.steps import wait_for_app_run
from ui.display import WORD_JOINER

pytestmark = pytest.mark.e2e

SCRIPT = """
import streamlit as st
from corpus.markdown import HOSTILE
from ui.display import plain

for text in HOSTILE:
    st.markdown(plain(text))
    st.caption(plain(text))
    st.warning(plain(text))
"""


@pytest.fixture(scope="module")
def corpus_url(tmp_path_factory: pytest.TempPathFactory, chromium: str) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("plain-text")
    script = folder / "corpus_page.py"
    script.write_text(SCRIPT, encoding="utf-8")
    with running_script(script, folder / "streamlit.log") as url:
        yield url


BLOCKS = "[data-testid='stMarkdownContainer'], [data-testid='stCaptionContainer']"


def seen(text: str) -> str:
    """What a reader sees: words apart by single spaces, without the invisible joiner ``plain`` may add."""
    return " ".join(text.replace(WORD_JOINER, "").split())


def symbols(text: str) -> set[str]:
    """Pictographs and other symbols a shortcode would have turned into (emoji are category So)."""
    return {char for char in text if unicodedata.category(char) == "So"}


@pytest.fixture
def corpus_page(browser: Browser, corpus_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(corpus_url)
    wait_for_app_run(page)
    page.locator(BLOCKS).nth(3 * len(HOSTILE) - 1).wait_for()
    yield page
    context.close()


def test_every_hostile_text_reads_as_itself_in_markdown_captions_and_alerts(corpus_page: Page) -> None:
    """Each corpus entry, as markdown, caption and alert, shows its own characters and nothing else."""
    blocks = corpus_page.locator(BLOCKS)
    assert blocks.count() == 3 * len(HOSTILE)
    for index, text in enumerate(HOSTILE):
        for copy in range(3):
            block = blocks.nth(3 * index + copy)
            shown = block.inner_text()
            assert seen(shown) == seen(text), (text, shown)
            assert symbols(shown) == symbols(text), (text, shown)


def test_no_image_disguised_link_formula_or_icon_is_drawn(corpus_page: Page) -> None:
    """The corpus's images, LaTeX, colours and material icons stay text; a link only ever shows its own address."""
    blocks = corpus_page.locator(BLOCKS)
    for selector in ("img", ".katex", "[role='img']", "span[style*='Material']", "span[style*='color']"):
        assert blocks.locator(selector).count() == 0, selector
    # GitHub-flavoured markdown turns a bare address into a link; it may stay one if it shows where it goes
    links = blocks.locator("a[href]")
    for index in range(links.count()):
        link = links.nth(index)
        href, shown = str(link.get_attribute("href")), link.inner_text()
        assert href.startswith(("http://", "https://")) and href.rstrip("/") == shown.rstrip("/"), (
            href,
            shown,
        )
