"""Which service URLs of the inventory answer: ``lentera check-links``, run on demand by an operator.

Every service on a register with a URL is asked once (HEAD, then GET when HEAD is not allowed), a few at a time,
outside any transaction; the answers are then written in one transaction: ``url_ok`` (an answer below 400),
``url_status`` (the HTTP status or the reason it failed) and ``url_checked_at``, with one audit event. Nothing
here runs from the page or the tests against the internet.
"""

from __future__ import annotations

import ssl
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlmodel import col, select

from models.database import session_scope
from models.inventory_tables import DigitalService
from models.tables import utcnow
from services.actor import Actor
from services.audit import record
from services.permissions import OPERATOR_ID, regions_in_scope, require

USER_AGENT = "Lentera link check (+https://github.com/lentera)"
WORKERS = 8


@dataclass(frozen=True)
class LinkResult:
    service_id: int
    url: str
    ok: bool
    status: str


@dataclass(frozen=True)
class LinkCheckReport:
    results: tuple[LinkResult, ...]

    @property
    def answered(self) -> int:
        return sum(1 for result in self.results if result.ok)

    @property
    def failed(self) -> tuple[LinkResult, ...]:
        return tuple(result for result in self.results if not result.ok)


def check_links(actor: Actor, *, timeout: float = 10.0, cafile: str | None = None) -> LinkCheckReport:
    """Ask every service URL in the actor's scope and record which answer (``cafile``: extra trusted CAs)."""
    require(actor, "check_links")
    with session_scope(write=False) as session:
        query = select(DigitalService.id, DigitalService.url).where(
            col(DigitalService.retired_at).is_(None), col(DigitalService.url).is_not(None)
        )
        scope = regions_in_scope(session, actor)
        if scope is not None:
            query = query.where(col(DigitalService.region_id).in_(scope))
        targets = [(row_id, url) for row_id, url in session.exec(query).all() if row_id is not None and url]
    context = ssl.create_default_context(cafile=cafile)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = tuple(pool.map(lambda target: _ask(target[0], target[1], timeout, context), targets))
    now = utcnow()
    with session_scope() as session:
        require(actor, "check_links", session=session)
        for result in results:
            row = session.get(DigitalService, result.service_id)
            if row is None or row.url != result.url:
                continue  # changed meanwhile: its next check decides
            row.url_ok, row.url_status, row.url_checked_at = result.ok, result.status[:120], now
            session.add(row)
        operator = actor.id == OPERATOR_ID  # the CLI: no user row, the event names nobody
        record(session, actor=None if operator else actor, action="inventory.links_checked", entity="digital_service",
               after={"checked": len(results), "answered": sum(r.ok for r in results)})  # fmt: skip
    return LinkCheckReport(results)


def _ask(service_id: int, url: str, timeout: float, context: ssl.SSLContext) -> LinkResult:
    status: int | None = None
    reason = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
                status = int(response.status)
        except urllib.error.HTTPError as error:
            status = int(error.code)
        except (urllib.error.URLError, OSError, ValueError) as error:
            status, reason = None, str(getattr(error, "reason", error)) or type(error).__name__
        if status not in (405, 501):  # HEAD not allowed: ask again with GET
            break
    if status is None:
        return LinkResult(service_id, url, False, reason or "no answer")
    return LinkResult(service_id, url, status < 400, f"HTTP {status}")
