"""Streamlit's icon font, cut to the icons in use, served in place of the whole font (issue 16).

Every page that draws a ``:material/...:`` icon (Lentera's navigation, buttons and expanders, and Streamlit's
own toolbar and tables) makes the browser load Material Symbols Rounded: 375 KB for about 4,300 icons, 2 s of a
first visit at the 1.5 Mbps of an island connection. ``scripts/build_icon_font.py`` cuts it to the few hundred
icons Lentera and Streamlit's frontend can name and writes the cut to ``ui/icons/`` with a record of the font it
was cut from. ``IconFont`` (ASGI middleware, mounted by ``app.py``) answers a request for Streamlit's font with
the cut, as long as the installed font is byte for byte the one in the record; after a Streamlit upgrade it
steps aside (the whole font is served, every icon still drawn) until the script is run again. The URL stays
Streamlit's content-hashed one, so a browser caches the cut as it would the original.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from ui.static_compression import static_folder

FONT_GLOB = "MaterialSymbols-Rounded.*.woff2"
MEDIA = Path("static") / "media"  # inside Streamlit's static folder, and its URL under /
FOLDER = Path(__file__).resolve().parent / "icons"
OUTPUT = FOLDER / "material-symbols-rounded.woff2"
RECORD = FOLDER / "material-symbols-rounded.json"
CACHE_CONTROL = b"public, immutable, max-age=31536000"  # the name is content-hashed, as for Streamlit's own

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger(__name__)


def source_font(static: Path | None = None) -> Path | None:
    """The Material Symbols font Streamlit serves (``static`` is its static folder; default: the installed one)."""
    return next(iter(sorted(((static or static_folder()) / MEDIA).glob(FONT_GLOB))), None)


def replacement(static: Path | None = None) -> tuple[str, bytes] | None:
    """(the URL path of Streamlit's icon font, the cut's bytes), or None when the cut is not of that font."""
    source = source_font(static)
    if source is None or not OUTPUT.is_file() or not RECORD.is_file():
        return None
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    if recorded.get("source_sha256") != hashlib.sha256(source.read_bytes()).hexdigest():
        log.warning("%s is not the font %s was cut from; serving it whole", source.name, OUTPUT.name)
        return None
    return f"/{MEDIA.as_posix()}/{source.name}", OUTPUT.read_bytes()


class IconFont:
    """ASGI middleware: the module docstring."""

    def __init__(self, app: ASGIApp, static: Path | None = None) -> None:
        self.app = app
        self.served = replacement(static)  # once, at start-up: hashing 375 KB takes about a millisecond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.served is None
            or scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or scope.get("path") != self.served[0]
            or any(name == b"range" for name, _ in scope.get("headers", ()))
        ):
            await self.app(scope, receive, send)
            return
        body = self.served[1]
        headers = [
            (b"content-type", b"font/woff2"),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", CACHE_CONTROL),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
