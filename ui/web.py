"""The HTTP side of the server: the session cookie's routes, and a gate in front of Streamlit's own endpoints.

A Streamlit session id is no secret (it is in every upload URL, so in proxy logs), so nothing here trusts it
alone. Sign-in ends in ``/lentera/claim``, which swaps a one-time code for the HttpOnly, SameSite=Strict cookie
of ``services/user_sessions.py``; every rerun then checks that cookie (``ui/session.py``) and records which
Streamlit session it signed in (``bind``). With that record the gate (``SessionGate``, ASGI middleware):

- refuses a websocket that asks to resume a signed-in session without that session's cookie: Streamlit would
  otherwise hand the session to anyone who knows its id (it compares only ``user_info``, empty with passwords);
- refuses uploads into a session that is not signed in with the request's cookie, and caps what one session
  may hold in Streamlit's in-memory upload store (``upload_quota_mb``);
- serves ``/media/`` files (evidence previews, downloads) only to the signed-in browser whose session shows them;
- streams a built report file from disk (``offer_download``; the evidence bundle can be GBs) at
  ``/lentera/download/<id>`` to the browser that built it, instead of holding it in session state;
- gives each browser a random ``lentera_browser`` cookie (HttpOnly, SameSite=Strict) with the first page or health
  check it loads, before the login form: the sign-in code is bound to it, so the claim route only signs in the
  browser that typed the password (no login CSRF, and a code read from an access log is useless);
- adds the framing (same origin only), sniffing and referrer headers (``SECURITY_HEADERS``) to every HTTP response, and keeps
  Streamlit's ``/_stcore/metrics`` to itself (it tells a stranger how many sessions are open).

Apart from the routes, this module only reads Streamlit's runtime; ``app.py`` mounts both on ``st.App``.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection, Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from config import get_settings
from i18n import LANGUAGES, LenteraError
from services import user_sessions

COOKIE = "lentera_session"
BROWSER_COOKIE = (
    "lentera_browser"  # a random id per browser, set before the login form; sign-in codes are bound to it
)
CLAIM_PATH = "/lentera/claim"
SIGN_OUT_PATH = "/lentera/signout"
DOWNLOAD_PATH = "/lentera/download"
DOWNLOAD_SECONDS = 3600  # an offered file is removed an hour after it was built
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"content-security-policy", b"frame-ancestors 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)
MAX_BOUND = 20_000  # remembered signed-in Streamlit sessions; the oldest are forgotten first

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_bound: OrderedDict[str, str] = OrderedDict()  # Streamlit session id -> digest of the token signed in there
_downloads: dict[str, Download] = {}  # download id -> a built file offered to one browser
_in_flight: dict[str, int] = {}  # Streamlit session id -> bytes of uploads not yet stored
_lock = threading.Lock()


@dataclass(frozen=True)
class Download:
    token_digest: str  # only the browser holding this session's cookie gets the file
    path: Path
    name: str
    mime: str
    expires: float


def offer_download(
    path: Path, *, name: str, mime: str, token: str, discard: Callable[[Path], None] | None = None
) -> str:
    """The URL at which the browser holding ``token`` downloads ``path``, streamed from disk.

    Files offered more than ``DOWNLOAD_SECONDS`` ago are dropped (``discard`` removes them; default unlink).
    """
    download_id = secrets.token_urlsafe(24)
    now = time.monotonic()
    with _lock:
        expired = [key for key, entry in _downloads.items() if entry.expires < now]
        stale = [_downloads.pop(key).path for key in expired]
        _downloads[download_id] = Download(
            user_sessions.digest(token), path, name, mime, now + DOWNLOAD_SECONDS
        )
    for old in stale:
        (discard or _unlink)(old)
    return f"{_base_path()}{DOWNLOAD_PATH}/{download_id}"


def _unlink(path: Path) -> None:
    path.unlink(missing_ok=True)


async def download(request: Request) -> Response:
    """``GET /lentera/download/<id>``: the offered file, streamed, to the signed-in browser it was built for."""
    with _lock:
        entry = _downloads.get(str(request.path_params.get("download_id", "")))
    if entry is None or not entry.path.is_file():
        return _no_store(PlainTextResponse("", status_code=404))
    if await run_in_threadpool(_live_digest, request.cookies.get(COOKIE)) != entry.token_digest:
        return _no_store(PlainTextResponse("", status_code=403))
    return _no_store(FileResponse(entry.path, media_type=entry.mime, filename=entry.name))


def bind(session_id: str, token_digest: str) -> None:
    """Record that the browser holding the token with ``token_digest`` is signed in on ``session_id``."""
    with _lock:
        _bound[session_id] = token_digest
        _bound.move_to_end(session_id)
        while len(_bound) > MAX_BOUND:
            _bound.popitem(last=False)


def unbind(session_id: str) -> None:
    with _lock:
        _bound.pop(session_id, None)


def bound_digest(session_id: str) -> str | None:
    with _lock:
        return _bound.get(session_id)


def _sessions_of(token_digest: str) -> set[str]:
    with _lock:
        return {session_id for session_id, bound in _bound.items() if bound == token_digest}


def claim_url(code: str, *, language: str | None) -> str:
    query = {"code": code} | ({"lang": language} if language else {})
    return f"{_base_path()}{CLAIM_PATH}?{urlencode(query)}"


def sign_out_url() -> str:
    return f"{_base_path()}{SIGN_OUT_PATH}"


def _base_path() -> str:
    from streamlit import config

    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the one-time code must not leak in a Referer
    return response


async def claim(request: Request) -> Response:
    """``GET /lentera/claim?code=…``: the one-time code becomes the session cookie; then back to the app."""
    language = request.query_params.get("lang")
    home = f"{_base_path()}/" + (f"?{urlencode({'lang': language})}" if language in LANGUAGES else "")
    try:
        token = await run_in_threadpool(
            user_sessions.claim,
            code=request.query_params.get("code", ""),
            browser=request.cookies.get(BROWSER_COOKIE, ""),
        )
    except LenteraError:
        return _no_store(
            RedirectResponse(f"{_base_path()}/", status_code=303)
        )  # used or late: the login form
    settings = get_settings()
    response = RedirectResponse(home, status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=settings.session_max_hours * 3600,
        path="/",
        secure=settings.secure_cookies,
        httponly=True,
        samesite="strict",
    )
    return _no_store(response)


async def sign_out(request: Request) -> Response:
    """``GET /lentera/signout``: forget the (already revoked) cookie and show the login form."""
    response = RedirectResponse(f"{_base_path()}/?{urlencode({'notice': 'signed_out'})}", status_code=303)
    response.delete_cookie(
        COOKIE, path="/", secure=get_settings().secure_cookies, httponly=True, samesite="strict"
    )
    return _no_store(response)


def routes() -> list[Route]:
    return [
        Route(CLAIM_PATH, claim, methods=["GET"]),
        Route(SIGN_OUT_PATH, sign_out, methods=["GET"]),
        Route(f"{DOWNLOAD_PATH}/{{download_id}}", download, methods=["GET"]),
    ]


def _live_digest(token: str | None) -> str | None:
    """The digest of a cookie token that still signs someone in, else None (runs in a worker thread)."""
    if not token:
        return None
    try:
        user_sessions.resume(token=token)
    except LenteraError:
        return None
    return user_sessions.digest(token)


class SessionGate:
    """ASGI middleware: the checks of the module docstring, before Streamlit sees the request."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app
        base = _base_path()
        self._upload = re.compile(rf"^{re.escape(base)}/_stcore/upload_file/(?P<session>[^/]+)(?:/|$)")
        self._media = re.compile(rf"^{re.escape(base)}/media/(?P<file>[^/.]+)")
        self._metrics = f"{base}/_stcore/metrics"
        self._health = f"{base}/_stcore/health"
        self._base = base

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            _refuse_foreign_resume(scope)
        elif scope["type"] == "http":
            send = _with_security_headers(send)
            path = str(scope.get("path", ""))
            if self._gives_browser_cookie(scope, path):
                send = _with_browser_cookie(send)
            if path.rstrip("/") == self._metrics:
                await _refuse(scope, receive, send, 404)
                return
            if upload := self._upload.match(path):
                await self._gate_upload(scope, receive, send, upload["session"])
                return
            media = self._media.match(path)
            if media and not await run_in_threadpool(_may_see_media, _cookie(scope), media["file"]):
                await _refuse(scope, receive, send, 403)
                return
        await self.app(scope, receive, send)

    def _gives_browser_cookie(self, scope: Scope, path: str) -> bool:
        """A page document or the health check (what a browser loads before the websocket), without the cookie."""
        if scope.get("method") != "GET" or HTTPConnection(scope).cookies.get(BROWSER_COOKIE):
            return False
        if path == self._health:
            return True
        inside = path[len(self._base) :].lstrip("/")
        first = inside.split("/", 1)[0]
        return first not in _NOT_PAGES and "." not in inside.rsplit("/", 1)[-1]

    async def _gate_upload(self, scope: Scope, receive: Receive, send: Send, session_id: str) -> None:
        expected = bound_digest(session_id)
        if expected is None or await run_in_threadpool(_live_digest, _cookie(scope)) != expected:
            await _refuse(scope, receive, send, 403)
            return
        if scope.get("method") != "PUT":
            await self.app(scope, receive, send)
            return
        size = _content_length(scope)
        if size is None:
            await _refuse(scope, receive, send, 411)
            return
        if not _reserve(session_id, size):
            await _refuse(scope, receive, send, 413)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            _release(session_id, size)


def _with_security_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            present = {name.lower() for name, _ in message.get("headers", [])}
            extra = [header for header in SECURITY_HEADERS if header[0] not in present]
            message["headers"] = [*message.get("headers", []), *extra]
        await send(message)

    return sending


_NOT_PAGES = frozenset({"_stcore", "static", "media", "component", "app", "lentera"})


def _with_browser_cookie(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            response = Response()
            response.set_cookie(
                BROWSER_COOKIE,
                secrets.token_urlsafe(32),
                path="/",
                secure=get_settings().secure_cookies,
                httponly=True,
                samesite="strict",
            )
            message["headers"] = [*message.get("headers", []), *response.raw_headers[-1:]]
        await send(message)

    return sending


def _cookie(scope: Scope) -> str | None:
    return HTTPConnection(scope).cookies.get(COOKIE)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return max(int(value), 0)
            except ValueError:
                return None
    return None


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int) -> None:
    await PlainTextResponse("", status_code=status, headers={"Cache-Control": "no-store"})(
        scope, receive, send
    )


def _refuse_foreign_resume(scope: Scope) -> None:
    """Drop the session id from a websocket's resume request unless the cookie is that session's.

    Streamlit reads ``Sec-WebSocket-Protocol`` as "streamlit, <xsrf token>, <session id to resume>"; without
    the third entry it starts a fresh (signed-out) session instead of handing over the signed-in one.
    """
    headers: list[tuple[bytes, bytes]] = list(scope.get("headers", []))
    for index, (name, value) in enumerate(headers):
        if name != b"sec-websocket-protocol":
            continue
        entries = [entry.strip() for entry in value.decode("latin-1").split(",")]
        if len(entries) < 3 or not entries[2]:
            return
        expected = bound_digest(entries[2])
        token = _cookie(scope)
        if expected is None or (token is not None and user_sessions.digest(token) == expected):
            return
        headers[index] = (name, ", ".join(entries[:2]).encode("latin-1"))
        scope["headers"] = headers
        return


def _reserve(session_id: str, size: int) -> bool:
    """Count ``size`` bytes against the session's quota (stored files plus uploads under way), if they fit."""
    quota = get_settings().upload_quota_mb * 1024 * 1024
    with _lock:
        held = _stored_upload_bytes(session_id) + _in_flight.get(session_id, 0)
        if held + size > quota:
            return False
        _in_flight[session_id] = _in_flight.get(session_id, 0) + size
        return True


def _release(session_id: str, size: int) -> None:
    with _lock:
        left = _in_flight.get(session_id, 0) - size
        if left > 0:
            _in_flight[session_id] = left
        else:
            _in_flight.pop(session_id, None)


def _stored_upload_bytes(session_id: str) -> int:
    from streamlit import runtime

    if not runtime.exists():
        return 0
    storage = getattr(runtime.get_instance().uploaded_file_mgr, "file_storage", {})
    return sum(len(record.data) for record in dict(storage.get(session_id, {})).values())


def _may_see_media(token: str | None, file_id: str) -> bool:
    """A signed-in browser, and the file is shown in one of the Streamlit sessions its cookie signed in."""
    token_digest = _live_digest(token)
    if token_digest is None:
        return False
    from streamlit import runtime

    if not runtime.exists():
        return False
    shown: dict[str, dict[str, str]] = getattr(
        runtime.get_instance().media_file_mgr, "_files_by_session_and_coord", {}
    )
    return any(
        file_id in dict(shown.get(session_id, {})).values() for session_id in _sessions_of(token_digest)
    )
