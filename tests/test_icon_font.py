"""The icon font cut of ``scripts/build_icon_font.py`` keeps every icon in use and is served only in place of the font
it was cut from (issue 16)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from event_loop import run_coroutine
from fontTools.ttLib import TTFont

from ui.icon_font import OUTPUT, RECORD, IconFont, source_font

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_icon_font", REPO / "scripts" / "build_icon_font.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


def _installed() -> Path:
    font = source_font()
    assert font is not None, "Streamlit ships no Material Symbols font"
    return font


def _request(
    middleware: IconFont, path: str, method: str = "GET", headers: list[tuple[bytes, bytes]] | None = None
) -> tuple[str, dict[bytes, bytes], bytes]:
    """Who answered (``cut`` or ``streamlit``), the headers and the body of one request through the middleware."""
    sent: list[dict[str, Any]] = []

    async def send(message: Any) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    scope = {"type": "http", "method": method, "path": path, "headers": headers or []}
    run_coroutine(middleware(scope, receive, send))
    answered = dict(sent[0]["headers"])
    return answered.get(b"x-who", b"cut").decode(), answered, sent[1]["body"]


async def _streamlit(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"x-who", b"streamlit")]})
    await send({"type": "http.response.body", "body": b"the whole font"})


def test_the_cut_is_of_the_installed_font() -> None:
    """The shipped cut records the font Streamlit serves today; after an upgrade this says what to run."""
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    installed = _installed()
    assert (recorded["source"], recorded["source_sha256"]) == (
        installed.name,
        hashlib.sha256(installed.read_bytes()).hexdigest(),
    ), "Streamlit's icon font changed: run scripts/build_icon_font.py"


def test_the_cut_draws_every_icon_lentera_and_streamlit_name(builder: ModuleType) -> None:
    """Every ``:material/...:`` icon in app.py and ui/, and every icon named in Streamlit's bundles, is a ligature of
    the cut, which is under a fifth of the whole font."""
    installed = _installed()
    whole = builder.ligatures(TTFont(installed))
    in_use = builder.icons_in_use(whole, installed.parent.parent.parent)
    cut = builder.ligatures(TTFont(OUTPUT))
    lentera = builder.lentera_icons() & whole.keys()  # a docstring's ``:material/name:`` is no icon
    assert {"lightbulb", "logout", "expand_more", "keyboard_double_arrow_left"} <= lentera | in_use
    assert lentera <= cut.keys(), "run scripts/build_icon_font.py after adding an icon"
    assert in_use <= cut.keys(), "run scripts/build_icon_font.py"
    assert set(json.loads(RECORD.read_text(encoding="utf-8"))["icons"]) <= cut.keys()  # plus their aliases
    assert OUTPUT.stat().st_size * 5 < installed.stat().st_size


def test_the_cut_answers_for_streamlits_font_only() -> None:
    """A GET or HEAD of Streamlit's font URL gets the cut with a long cache; any other path, method or a byte range
    goes on to Streamlit."""
    middleware = IconFont(_streamlit)
    url = f"/static/media/{_installed().name}"
    who, headers, body = _request(middleware, url)
    assert who == "cut" and body == OUTPUT.read_bytes()
    assert headers[b"content-type"] == b"font/woff2"
    assert headers[b"content-length"] == str(len(body)).encode()
    assert b"immutable" in headers[b"cache-control"]
    who, headers, body = _request(middleware, url, method="HEAD")
    assert (who, body, headers[b"content-length"]) == ("cut", b"", str(OUTPUT.stat().st_size).encode())
    for path, method, extra in (
        ("/static/media/SourceSansVF-Upright.ttf.BsWL4Kly.woff2", "GET", []),
        (url + "x", "GET", []),
        (url, "POST", []),
        (url, "GET", [(b"range", b"bytes=0-99")]),
    ):
        assert _request(middleware, path, method, extra)[0] == "streamlit", (path, method)


def test_another_font_under_the_name_is_served_whole(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """When the installed font is not the one the cut was made from (a Streamlit upgrade), Streamlit serves its own
    font, every icon still drawn, and the log says why."""
    installed = _installed()
    media = tmp_path / "static" / "media"
    media.mkdir(parents=True)
    changed = media / installed.name
    shutil.copyfile(installed, changed)
    with changed.open("ab") as font:
        font.write(b"\0")
    with caplog.at_level(logging.WARNING, logger="ui.icon_font"):
        middleware = IconFont(_streamlit, static=tmp_path)
    assert _request(middleware, f"/static/media/{installed.name}") == (
        "streamlit",
        {b"x-who": b"streamlit"},
        b"the whole font",
    )
    assert "serving it whole" in caplog.text
    assert IconFont(_streamlit, static=tmp_path / "nowhere").served is None
