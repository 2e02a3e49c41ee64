"""User text reaches markdown literally (issue 12): a return reason once loaded a tracking image, showed a phishing
link and red "akun diblokir" text inside the trusted "Alasan:" line.

Every entry of ``tests/corpus/markdown.py`` goes through ``ui.widgets.plain``: rendered by a CommonMark parser
it is exactly its own text, with no link or image; every ``$`` and ``:`` (LaTeX, colour directives, emoji
shortcodes, which Streamlit parses on top of CommonMark) is escaped. Then the focal point's pages are rendered
(AppTest) with the corpus in the return reason, the reviewer's and the user's full name and the note.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from app_driver import demo, demo_template, sign_in  # noqa: F401  (fixtures)
from corpus.markdown import HOSTILE
from markdown_it import MarkdownIt
from sqlalchemy import update
from sqlmodel import select

from models import Review, Submission, User, session_scope
from ui.widgets import plain

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
    assert rendered_text(escaped) == text.strip()
    assert not STREAMLIT_ACTIVE.search(escaped)


@pytest.fixture
def hostile_world(demo: dict[str, str]) -> Iterator[tuple[str, str]]:  # noqa: F811
    """fp.bpkad's returned items carry the corpus as reason, note and names; yields (username, password)."""
    text = "\n".join(HOSTILE)
    with session_scope() as session:
        user = session.exec(select(User).where(User.username == "fp.bpkad")).one()
        inspector = session.exec(select(User).where(User.username == "inspektur")).one()
        session.execute(update(User).where(User.id == user.id).values(full_name=HOSTILE[0]))  # type: ignore[arg-type]
        session.execute(update(User).where(User.id == inspector.id).values(full_name=HOSTILE[3]))  # type: ignore[arg-type]
        returned = session.exec(
            select(Submission.id).where(
                Submission.organisation_id == user.organisation_id, Submission.status == "returned"
            )
        ).all()
        assert returned, "the demo returns some of fp.bpkad's items"
        session.execute(update(Review).where(Review.submission_id.in_(returned)).values(reason=text))  # type: ignore[attr-defined,arg-type]
        session.execute(update(Submission).where(Submission.id.in_(returned)).values(note=text))  # type: ignore[union-attr,arg-type]
    yield "fp.bpkad", demo["fp.bpkad"]


def test_the_checklist_shows_hostile_text_literally(hostile_world: tuple[str, str]) -> None:
    at = sign_in(*hostile_world)
    shown = [
        e.value
        for kind in ("markdown", "caption", "warning", "info", "error", "success")
        for e in getattr(at, kind)
    ]
    shown += [e.value for e in at.sidebar.markdown]
    everything = "\n".join(str(value) for value in shown)
    assert plain(HOSTILE[0]) in everything  # the full name, in the sidebar
    assert plain(HOSTILE[1]) in everything  # a line of the return reason, in the returned box
    for text in HOSTILE[:8]:
        assert text not in everything, text  # never the raw markdown
