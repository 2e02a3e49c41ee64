"""Streamlit's own JavaScript and CSS sent compressed, for a first load over an island connection (issue 16).

Streamlit serves its bundles under ``/static/`` uncompressed (about 8.4 MB of scripts and styles for the login
page and the overview; gzip makes them about 1.0 MB), leaving compression to a reverse proxy, because compressing
on every request costs CPU. Lentera often runs without one (``make run`` on one machine of a pemda), so
``CompressedStatic`` (ASGI middleware, mounted by ``app.py``) answers a ``GET`` for a bundle itself, in the best
encoding the browser accepts: brotli (quality 9: 11-17% smaller than gzip on Streamlit's larger bundles, 0.05 s
for the entry bundle against gzip's 0.02), else gzip. Each file is compressed once per process and encoding, in
a worker thread, and kept in memory (the names are content-hashed, so a file never changes under its name).
Anything else (other paths, ranges, no accepted encoding, a name outside Streamlit's static folder) goes on to
Streamlit unchanged. Behind the shipped nginx the proxy passes the compressed body through.
"""

from __future__ import annotations

import gzip
from collections.abc import Awaitable, Callable, MutableMapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import brotli
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
GZIP_LEVEL = 6
# Quality 11 would save another 8% and cost 20 times the CPU (0.3-0.5 MB/s): a second for the entry bundle alone.
BROTLI_QUALITY = 9
ENCODINGS = ("br", "gzip")  # preferred first

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
def compressed(path: Path, encoding: str) -> bytes | None:
    """The file in ``encoding`` (``br`` or ``gzip``), or None when it is small or does not compress well (kept:
    names never change)."""
    data = path.read_bytes()
    if len(data) < MIN_SIZE:
        return None
    if encoding == "br":
        packed = brotli.compress(data, quality=BROTLI_QUALITY)
    else:
        packed = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
    return packed if len(packed) < len(data) * 0.9 else None


def accepted_encoding(scope: Scope) -> str | None:
    """The encoding of ``ENCODINGS`` to answer in: the first the request accepts (q=0 refuses), None for none or
    a byte range (a range of the uncompressed file is Streamlit's answer)."""
    headers = dict(scope.get("headers", ()))
    if b"range" in headers:
        return None
    accepted = set()
    for part in headers.get(b"accept-encoding", b"").decode("latin-1").split(","):
        name, _, parameters = part.strip().partition(";")
        if parameters.replace(" ", "").lower() not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            accepted.add(name.strip().lower())
    return next((encoding for encoding in ENCODINGS if encoding in accepted), None)


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
        encoding = None
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD") and path.startswith(PREFIX):
            encoding = accepted_encoding(scope)
        file = None if encoding is None else self._file(path)
        body = None if file is None else await run_in_threadpool(compressed, file, encoding)
        if file is None or body is None or encoding is None:
            await self.app(scope, receive, send)
            return
        headers = [
            (b"content-type", CONTENT_TYPES[file.suffix]),
            (b"content-encoding", encoding.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", CACHE_CONTROL),
            (b"vary", b"Accept-Encoding"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
