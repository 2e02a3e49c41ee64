"""The sidebar under AppTest: who is signed in and where, with names typed by administrators shown as typed (issue 12:
an OPD named in markdown once drew red "blocked" text under the user's name)."""

from __future__ import annotations

import pytest
from app_driver import actor_of, errors, open_url
from corpus.markdown import HOSTILE

from models import session_scope
from models.tables import Organisation
from ui.display import plain
from ui.navigation import HOME

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie


@pytest.mark.parametrize("name", [HOSTILE[3], HOSTILE[0]])
def test_the_scope_line_shows_an_opd_named_in_markdown_as_typed(demo: dict[str, str], name: str) -> None:
    """A focal point whose OPD is named in markdown sees the name escaped (literal), beside the region's name."""
    focal = actor_of("fp.dpmptsp")
    with session_scope() as session:
        opd = session.get(Organisation, focal.organisation_id)
        assert opd is not None
        opd.name = name
    at = open_url(focal, HOME[focal.role])
    assert not at.exception, errors(at)
    captions = [str(caption.value) for caption in at.sidebar.caption]
    assert plain(f"{name} · Provinsi Maluku Utara") in captions, captions
    assert not [caption for caption in captions if name in caption]
