"""The evidence ZIP goes from the store to the browser through a file on disk, never whole in memory.

The bundle of a real province is several GB; building it into bytes held in session state cost one copy of it
per user who pressed the button. ``exports.export_file`` writes it to a private temporary file and
``ui.web``'s download route streams that file to the browser that built it (its session cookie), so the peak
memory of building and serving stays far below the bundle's size.
"""

from __future__ import annotations

import asyncio
import os
import tracemalloc
from collections.abc import MutableMapping
from typing import Any

import pytest
from event_loop import run_coroutine
from factories import World, attach_evidence, build_world, submission_id
from starlette.applications import Starlette

from services import exports, submissions, user_sessions, verification
from ui import web

FILE_BYTES = 6 * 1024 * 1024
FILES = 5


@pytest.fixture
def world(sqlite_url: str) -> World:
    return build_world()


def get(url: str, token: str | None = None) -> tuple[int, int]:
    """GET ``url`` from the app's routes as a browser with the session cookie ``token``: (status, body bytes).

    The body is counted chunk by chunk and dropped, as a browser writing it to disk would.
    """
    app = Starlette(routes=web.routes())
    cookie = [(b"cookie", f"{web.COOKIE}={token}".encode())] if token else []
    scope = {"type": "http", "method": "GET", "path": url, "raw_path": url.encode(), "query_string": b"",
             "headers": cookie, "scheme": "http", "server": ("testserver", 80), "root_path": "", "http_version": "1.1"}  # fmt: skip
    result = {"status": 0, "bytes": 0}

    async def main() -> None:
        done = asyncio.Event()
        requested = False

        async def receive() -> dict[str, Any]:
            nonlocal requested
            if not requested:
                requested = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await done.wait()  # the browser stays until the whole body arrived
            return {"type": "http.disconnect"}

        async def send(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                result["status"] = message["status"]
            elif message["type"] == "http.response.body":
                result["bytes"] += len(message.get("body", b""))
                if not message.get("more_body", False):
                    done.set()

        await app(scope, receive, send)
        done.set()

    run_coroutine(main())
    return result["status"], result["bytes"]


def big_pdf(number: int) -> bytes:
    return b"%PDF-1.4\n" + os.urandom(FILE_BYTES) + f"\n% {number}\n%%EOF\n".encode()


def accepted_items_with_big_files(world: World) -> None:
    for number, code in enumerate(("1", "2", "3", "4", "5")[:FILES]):
        item = submission_id(world, organisation_id=world.opd_a, code=code)
        submissions.save_draft(world.focal_a, submission_id=item, self_value=3, note=None)
        attach_evidence(
            world.focal_a, submission_id=item, filename=f"bukti-{number}.pdf", content=big_pdf(number)
        )
        submissions.submit(world.focal_a, submission_id=item)
        verification.approve(world.inspector, submission_id=item, verified_value=3)


def test_building_and_serving_a_large_bundle_holds_little_memory(world: World) -> None:
    accepted_items_with_big_files(world)
    token = user_sessions.claim(code=user_sessions.start(user_id=world.leader.id, browser="b"), browser="b")
    tracemalloc.start()
    try:
        path = exports.export_file(world.leader, period_id=world.period_id, scope="province", fmt="zip")
        bundle_size = path.stat().st_size
        url = web.offer_download(path, name=path.name, mime="application/zip", token=token)
        status, received = get(url, token)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == 200 and bundle_size >= FILES * FILE_BYTES and received == bundle_size
    assert peak < bundle_size / 5, f"peak {peak / 2**20:.1f} MiB for a {bundle_size / 2**20:.1f} MiB bundle"


def test_the_bundle_is_served_only_to_the_browser_that_built_it(world: World) -> None:
    accepted_items_with_big_files(world)
    token = user_sessions.claim(code=user_sessions.start(user_id=world.leader.id, browser="b"), browser="b")
    other = user_sessions.claim(code=user_sessions.start(user_id=world.leader.id, browser="b"), browser="b")
    path = exports.export_file(world.leader, period_id=world.period_id, scope="province", fmt="zip")
    url = web.offer_download(path, name=path.name, mime="application/zip", token=token)
    assert get(url)[0] == 403
    assert get(url, other)[0] == 403
    assert get(url + "x", token)[0] == 404
    assert get(url, token)[0] == 200
    user_sessions.end(token=token)
    assert get(url, token)[0] == 403
