"""Streamlit's own JavaScript and CSS sent compressed, for a first load over an island connection (issue 16).

Streamlit serves its bundles under ``/static/`` uncompressed (about 9.6 MB for the login page and the overview;
gzip makes them about 1.6 MB), leaving compression to a reverse proxy, because compressing on every request
costs CPU. Lentera often runs without one (``make run`` on one machine of a pemda), so ``CompressedStatic``
(ASGI middleware, mounted by ``app.py``) answers a ``GET`` for a bundle from a browser that accepts gzip itself:
each file is compressed once per process, in a worker thread, and kept in memory (the names are content-hashed,
so a file never changes under its name). Anything else (other paths, ranges, another encoding, a name outside
Streamlit's static folder) goes on to Streamlit unchanged. Behind the shipped nginx the proxy passes the
compressed body through.
"""

from __future__ import annotations

import gzip
from collections.abc import Awaitable, Callable, MutableMapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool

PREFIX = "/static/"
CONTENT_TYPES = {
    ".js": b"text/javascript; charset=utf-8",
    ".css": b"text/css; charset=utf-8",
    ".svg": b"image/svg+xml",
    ".json": b"application/json",
}
CACHE_CONTROL = b"public, immutable, max-age=31536000"  # as Streamlit sends for its content-hashed bundles
MIN_SIZE = 1024  # smaller files gain nothing worth the header
LEVEL = 6

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def static_folder() -> Path:
    """The folder Streamlit serves its frontend from (``/static/js/x.js`` is ``<folder>/static/js/x.js``)."""
    from streamlit import file_util

    return Path(file_util.get_static_dir()).resolve()


@lru_cache(maxsize=1024)
def compressed(path: Path) -> bytes | None:
    """The file gzip-compressed, or None when it is small or does not compress well (kept: names never change)."""
    data = path.read_bytes()
    if len(data) < MIN_SIZE:
        return None
    packed = gzip.compress(data, compresslevel=LEVEL, mtime=0)
    return packed if len(packed) < len(data) * 0.9 else None


def _accepts_gzip(scope: Scope) -> bool:
    headers = dict(scope.get("headers", ()))
    if b"range" in headers:
        return False  # a byte range of the uncompressed file: Streamlit's answer
    offered = headers.get(b"accept-encoding", b"")
    return any(part.split(b";")[0].strip() == b"gzip" for part in offered.split(b","))


class CompressedStatic:
    """ASGI middleware: the module docstring."""

    def __init__(self, app: ASGIApp, folder: Path | None = None) -> None:
        self.app = app
        self.folder = folder

    def _file(self, url_path: str) -> Path | None:
        folder = self.folder or static_folder()
        self.folder = folder
        relative = url_path.lstrip("/")
        if Path(relative).suffix not in CONTENT_TYPES or "\x00" in relative:
            return None
        candidate = (folder / relative).resolve()
        if not candidate.is_relative_to(folder) or not candidate.is_file():
            return None
        return candidate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or not path.startswith(PREFIX)
            or not _accepts_gzip(scope)
        ):
            await self.app(scope, receive, send)
            return
        file = self._file(path)
        body = None if file is None else await run_in_threadpool(compressed, file)
        if file is None or body is None:
            await self.app(scope, receive, send)
            return
        headers = [
            (b"content-type", CONTENT_TYPES[file.suffix]),
            (b"content-encoding", b"gzip"),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", CACHE_CONTROL),
            (b"vary", b"Accept-Encoding"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
