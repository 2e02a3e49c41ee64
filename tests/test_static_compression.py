"""``ui.static_compression.CompressedStatic`` answers only for files inside Streamlit's static folder, in the best
encoding the browser accepts (issue 16)."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import brotli
from event_loop import run_coroutine

from ui.static_compression import CompressedStatic


def _get(
    folder: Path, path: str, encoding: bytes = b"gzip, deflate"
) -> tuple[str, dict[bytes, bytes], bytes]:
    """Who answered (the encoding, or ``streamlit``), the headers and the body of one GET through the middleware."""
    sent: list[dict[str, Any]] = []

    async def streamlit(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b"streamlit"})

    async def send(message: Any) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    scope = {"type": "http", "method": "GET", "path": path, "headers": [(b"accept-encoding", encoding)]}
    run_coroutine(CompressedStatic(streamlit, folder)(scope, receive, send))
    headers = dict(sent[0]["headers"])
    who = headers.get(b"content-encoding", b"streamlit").decode()
    return who, headers, sent[1]["body"]


def test_a_bundle_is_compressed_and_names_outside_the_folder_or_small_files_go_to_streamlit(
    tmp_path: Path,
) -> None:
    """A large script in the folder comes gzip-compressed; a path that climbs out, a tiny file, a file type that is
    not text and a client without gzip are all left to Streamlit."""
    folder = tmp_path / "static"
    (folder / "static" / "js").mkdir(parents=True)
    script = ("console.log('lentera');\n" * 500).encode()
    (folder / "static" / "js" / "main.abc123.js").write_bytes(script)
    (folder / "static" / "js" / "tiny.js").write_bytes(b"1;")
    (folder / "static" / "font.woff2").write_bytes(b"\0" * 5000)
    (tmp_path / "secret.js").write_bytes(b"secret();" * 500)

    who, headers, body = _get(folder, "/static/js/main.abc123.js")
    assert who == "gzip" and gzip.decompress(body) == script
    assert headers[b"content-type"].startswith(b"text/javascript")
    for path in ("/static/../../secret.js", "/static/js/tiny.js", "/static/font.woff2", "/static/js/none.js"):
        assert _get(folder, path)[0] == "streamlit", path
    assert _get(folder, "/static/js/main.abc123.js", encoding=b"identity")[0] == "streamlit"


def test_brotli_is_preferred_when_accepted_and_a_refused_encoding_is_not_used(tmp_path: Path) -> None:
    """A browser that accepts brotli gets it (smaller than gzip); ``br;q=0`` or ``gzip;q=0`` refuses that encoding,
    and a request accepting neither is left to Streamlit."""
    folder = tmp_path / "static"
    (folder / "static" / "js").mkdir(parents=True)
    script = "".join(f"function f{i}(a) {{ return a * {i} + 'lentera'; }}\n" for i in range(2000)).encode()
    (folder / "static" / "js" / "main.abc123.js").write_bytes(script)
    path = "/static/js/main.abc123.js"

    who, headers, body = _get(folder, path, encoding=b"gzip, deflate, br, zstd")
    assert who == "br" and brotli.decompress(body) == script
    assert headers[b"vary"] == b"Accept-Encoding"
    assert len(body) < len(_get(folder, path, encoding=b"gzip")[2])
    assert _get(folder, path, encoding=b"gzip, br;q=0")[0] == "gzip"
    assert _get(folder, path, encoding=b"BR")[0] == "br"
    assert _get(folder, path, encoding=b"gzip;q=0, deflate")[0] == "streamlit"
