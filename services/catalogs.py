"""Catalog use cases: import (as draft), preview, diff against the active version, activate.

A catalog that periods were scored against must never change underneath them, so an imported key is frozen:
importing the same key with the same content is a no-op, with other content it is refused and the administrator
gives the new text a new key (``mcp-2025-v2``). The stored document is the validated catalog as canonical JSON;
its sha256 (``content_hash``) identifies the content, and parsed catalogs are cached on it.

Several catalogs of one framework may be active at once (an MCP 2024 period may still be open when the 2025 one
starts): activation only makes a catalog available for new periods.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy.orm import defer
from sqlmodel import Session, select

from i18n import LenteraError, register
from indicators import Catalog, CatalogError, CatalogProblem, available_catalogs, diff_catalogs, load_catalog
from indicators import parse_catalog as parse_catalog_text
from indicators.provenance import programme_name
from indicators.schema import Scale
from models import session_scope
from models.tables import Catalog as CatalogRow
from models.tables import CatalogStatus, Period, as_utc, utcnow
from services import audit
from services.actor import Actor
from services.cache import LruCache
from services.permissions import require, require_admin_of_every_region
from storage.files import sha256_bytes

register(
    {
        "catalog.invalid": {
            "id": "Katalog ditolak: {count} masalah ditemukan. Pertama: {first}",
            "en": "Catalog rejected: {count} problem(s) found. First: {first}",
        },
        "catalog.key_exists": {
            "id": "Katalog dengan kunci '{catalog}' sudah ada dengan isi yang berbeda. "
            "Beri versi baru kunci baru (misalnya '{catalog}-v2').",
            "en": "A catalog with key '{catalog}' already exists with different content. "
            "Give the new version a new key (for example '{catalog}-v2').",
        },
        "catalog.not_found": {"id": "Katalog tidak ditemukan.", "en": "Catalog not found."},
        "catalog.retired": {
            "id": "Katalog '{catalog}' sudah tidak berlaku dan tidak dapat diaktifkan lagi.",
            "en": "Catalog '{catalog}' is retired and cannot be activated again.",
        },
    }
)

DIFF_COLUMNS = ["code", "change", "old", "new", "detail"]
_VERSION_SUFFIX = re.compile(r"^(?P<base>.+?)-v(?P<n>\d+)$")
T = TypeVar("T")
LIST_COLUMNS = [
    "id", "key", "name", "framework", "year", "version", "status", "leaves", "content_hash", "imported_at",
]  # fmt: skip


class CatalogInvalidError(LenteraError):
    """A rejected import; ``problems`` lists every reason with its line and node code."""

    def __init__(self, problems: list[CatalogProblem]):
        self.problems = problems
        first = str(problems[0]) if problems else ""
        super().__init__("catalog.invalid", count=len(problems), first=first)


@dataclass(frozen=True)
class CatalogInfo:
    id: int
    key: str
    name: str
    framework: str
    year: int
    version: str
    status: str
    content_hash: str
    leaves: int
    imported_at: datetime | None
    created: bool = False  # False when an identical catalog was already stored


def canonical_document(catalog: Catalog) -> dict[str, Any]:
    """The catalog as plain JSON data, exactly what is stored in ``Catalog.document``."""
    document: dict[str, Any] = json.loads(catalog.model_dump_json(exclude_none=True))
    return document


def content_hash(document: dict[str, Any]) -> str:
    """sha256 of the canonical JSON (sorted keys, no spaces): equal content, equal hash."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return sha256_bytes(text.encode("utf-8"))


# -- parsed catalogs, cached on their content (the one catalog cache) -----------------------------------------

_documents: LruCache[str, Catalog] = LruCache("catalog documents", size=64, kind="content")
_derived: LruCache[tuple[str, str], Any] = LruCache("catalog derivations", size=256, kind="content")


def catalog_document(row: CatalogRow) -> Catalog:
    """The stored row's document, validated once per content hash (a stored document never changes)."""
    return _documents.get_or_compute(row.content_hash, lambda: Catalog.model_validate(row.document))


def derived(row: CatalogRow, name: str, compute: Callable[[Catalog], T]) -> T:
    """``compute(document)`` once per content hash and ``name`` (a leaf index, a relaxed copy, ...)."""
    value: T = _derived.get_or_compute((row.content_hash, name), lambda: compute(catalog_document(row)))
    return value


def _info(row: CatalogRow, *, created: bool = False) -> CatalogInfo:
    assert row.id is not None
    leaves = len(catalog_document(row).leaves())
    return CatalogInfo(
        id=row.id,
        key=row.key,
        name=row.name,
        framework=row.framework,
        year=row.year,
        version=row.version,
        status=row.status,
        content_hash=row.content_hash,
        leaves=leaves,
        imported_at=as_utc(row.imported_at),
        created=created,
    )


def stored_row(session: Session, catalog_id: int) -> CatalogRow | None:
    """The catalog row without its document: ``catalog_document`` reads the document only on a cache miss
    (decoding the ~40 KB JSON on every load cost 546 decodes per national page)."""
    return session.get(CatalogRow, catalog_id, options=[defer(CatalogRow.document)])  # type: ignore[arg-type]


def _row(session: Session, catalog_id: int) -> CatalogRow:
    row = stored_row(session, catalog_id)
    if row is None:
        raise LenteraError("catalog.not_found")
    return row


def _store(
    session: Session, actor: Actor | None, catalog: Catalog, *, status: str, source: str
) -> tuple[CatalogRow, bool]:
    """Insert the catalog unless an identical one exists; refuse a known key with other content."""
    document = canonical_document(catalog)
    digest = content_hash(document)
    existing = session.exec(select(CatalogRow).where(CatalogRow.key == catalog.key)).first()
    if existing is not None:
        if existing.content_hash != digest:
            raise LenteraError("catalog.key_exists", catalog=catalog.key)
        return existing, False
    row = CatalogRow(
        key=catalog.key,
        name=catalog.name,
        framework=catalog.framework,
        year=catalog.year,
        version=catalog.version,
        document=document,
        content_hash=digest,
        status=status,
        imported_at=utcnow(),
        imported_by_id=actor.id if actor else None,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="catalog.import",
        entity="catalog",
        entity_id=row.id,
        after={"key": row.key, "status": status, "content_hash": digest, "source": source},
    )
    return row, True


# -- use cases -----------------------------------------------------------------------------------------------


def list_catalogs(actor: Actor) -> pd.DataFrame:
    """Every stored catalog, newest year first. Any signed-in user may see which catalogs exist."""
    with session_scope() as session:
        rows = session.exec(select(CatalogRow).order_by(CatalogRow.year.desc(), CatalogRow.key)).all()  # type: ignore[attr-defined]
        records = [
            {
                "id": row.id,
                "key": row.key,
                "name": programme_name(row.name),
                "framework": row.framework,
                "year": row.year,
                "version": row.version,
                "status": row.status,
                "leaves": len(catalog_document(row).leaves()),
                "content_hash": row.content_hash,
                "imported_at": as_utc(row.imported_at),
            }
            for row in rows
        ]
    return pd.DataFrame(records, columns=LIST_COLUMNS)


def parse_catalog(text: str, *, source: str = "<upload>") -> Catalog:
    """Validate catalog YAML for a preview; raises CatalogInvalidError listing every problem."""
    try:
        return parse_catalog_text(text, source=source)
    except CatalogError as exc:
        raise CatalogInvalidError(exc.problems) from None


def import_catalog(actor: Actor, *, text: str, source: str = "<upload>") -> CatalogInfo:
    """Validate and store a catalog as a draft (admin only). Nothing is written when validation fails."""
    require(actor, "import_catalog")
    catalog = parse_catalog(text, source=source)
    with session_scope() as session:
        row, created = _store(session, actor, catalog, status=CatalogStatus.draft, source=source)
        return _info(row, created=created)


def get_catalog(actor: Actor, *, catalog_id: int) -> Catalog:
    """The parsed catalog (for previews and the checklist); any signed-in user may read catalogs."""
    with session_scope() as session:
        return catalog_document(_row(session, catalog_id))


def catalog_info(actor: Actor, *, catalog_id: int) -> CatalogInfo:
    with session_scope() as session:
        return _info(_row(session, catalog_id))


def _diff_frame(old: Catalog | None, new: Catalog) -> pd.DataFrame:
    if old is None:
        rows = [
            {"code": n.code, "change": "added", "old": None, "new": n.name, "detail": n.name}
            for n in new.walk()
        ]
    else:
        rows = diff_catalogs(old, new).rows()
    return pd.DataFrame(rows, columns=DIFF_COLUMNS)


def catalog_diff(actor: Actor, *, catalog_id: int, against_key: str | None = None) -> pd.DataFrame:
    """What changes against ``against_key`` or, by default, the newest active catalog of the same framework.

    Columns code, change (one of ``indicators.diff.CHANGE_KINDS``: added, removed, renamed, reweighted, moved,
    rule_changed, evidence_changed, responsibility_changed, applies_to_changed, aggregation_changed), old, new,
    detail (what changed in words: "poin D1: 50 → 60"). With nothing to compare against every node
    shows as added.
    """
    require(actor, "catalog_diff")
    with session_scope() as session:
        row = _row(session, catalog_id)
        if against_key is not None:
            base = session.exec(select(CatalogRow).where(CatalogRow.key == against_key)).first()
            if base is None:
                raise LenteraError("catalog.not_found")
        else:
            base = session.exec(
                select(CatalogRow)
                .where(
                    CatalogRow.framework == row.framework,
                    CatalogRow.status == CatalogStatus.active,
                    CatalogRow.id != row.id,
                )
                .order_by(CatalogRow.year.desc(), CatalogRow.id.desc())  # type: ignore[attr-defined,union-attr]
            ).first()
        new = catalog_document(row)
        old = catalog_document(base) if base is not None else None
    return _diff_frame(old, new)


def activate_catalog(actor: Actor, *, catalog_id: int) -> CatalogInfo:
    """Make a catalog usable for new periods (admin only). Other active versions stay active."""
    return _set_status(actor, catalog_id, CatalogStatus.active, action="catalog.activate")


def retire_catalog(actor: Actor, *, catalog_id: int) -> CatalogInfo:
    """Stop offering a catalog for new periods (admin only); periods already using it keep it."""
    return _set_status(actor, catalog_id, CatalogStatus.retired, action="catalog.retire")


def _set_status(actor: Actor, catalog_id: int, status: CatalogStatus, *, action: str) -> CatalogInfo:
    """Move a catalog to ``status`` with one audit event; already there is a no-op. Retired is final.

    Every region's new periods choose from the same catalogs, so only an admin of every region may retire one
    (a region's admin may still offer a new version, which takes nothing away from other regions).
    """
    require(actor, "set_catalog_status")
    if status == CatalogStatus.retired:
        require_admin_of_every_region(actor)
    with session_scope() as session:
        row = _row(session, catalog_id)
        if row.status == CatalogStatus.retired and status != CatalogStatus.retired:
            raise LenteraError("catalog.retired", catalog=row.key)
        if row.status != status:
            before = row.status
            row.status = status
            session.add(row)
            audit.record(
                session,
                actor=actor,
                action=action,
                entity="catalog",
                entity_id=row.id,
                before={"status": before},
                after={"status": row.status},
            )
        return _info(row)


def catalog_for_period(period_id: int) -> Catalog:
    """The parsed catalog of a period (cached by content hash). No permission check: it reveals no data."""
    with session_scope() as session:
        period = session.get(Period, period_id)
        if period is None:
            raise LenteraError("perm.not_found")
        return catalog_document(_row(session, period.catalog_id))


def catalog_by_key(key: str) -> Catalog | None:
    """The parsed stored catalog with ``key``, or None."""
    with session_scope() as session:
        row = session.exec(select(CatalogRow).where(CatalogRow.key == key)).first()
        return None if row is None else catalog_document(row)


def scale_max(session: Session, *, framework: str, year: int) -> float | None:
    """The scale maximum of the stored catalog of ``framework`` (any case) nearest to ``year`` (the newer on a
    tie), or None when no catalog of that framework is stored: for numbers published outside Lentera."""
    rows = session.exec(select(CatalogRow.id, CatalogRow.framework, CatalogRow.year)).all()
    same = [
        (row_year, row_id)
        for row_id, row_framework, row_year in rows
        if row_framework.upper() == framework.upper()
    ]
    if not same:
        return None
    _, nearest = min(same, key=lambda pair: (abs(pair[0] - year), -pair[0], -(pair[1] or 0)))
    # Only the scale is validated: the whole document (what ``catalog_document`` would build) is not needed.
    document = session.exec(select(CatalogRow.document).where(CatalogRow.id == nearest)).one()
    return Scale.model_validate(document["scale"]).max


def ensure_shipped_catalogs() -> list[str]:
    """Store every catalog shipped in ``indicators/catalogs``; idempotent. Returns the keys stored now.

    A new key is stored active. A shipped file whose content changed after its key was stored never replaces the
    stored version (periods were scored against it): the new content is stored beside it as a *draft* under the
    next free key (``pemdi-2026`` → ``pemdi-2026-v2``), once, for an administrator to activate for new periods.
    """
    created: list[str] = []
    with session_scope() as session:
        query = select(CatalogRow.key, CatalogRow.version, CatalogRow.content_hash)
        rows: list[tuple[str, str, str]] = [
            (key, version, digest) for key, version, digest in session.exec(query)
        ]
        for key in available_catalogs():
            catalog = load_catalog(key)
            if _stored_already(catalog, rows):
                continue
            taken = {stored_key for stored_key, _, _ in rows}
            status = CatalogStatus.active
            if catalog.key in taken:
                new_key, number = next_free_key(catalog.key, taken)
                catalog = catalog.model_copy(update={"key": new_key, "version": str(number)})
                status = CatalogStatus.draft
            row, _ = _store(session, None, catalog, status=status, source=f"{key}.yaml")
            rows.append((row.key, row.version, row.content_hash))
            created.append(row.key)
    return created


def _stored_already(catalog: Catalog, rows: list[tuple[str, str, str]]) -> bool:
    """Whether the shipped ``catalog`` is stored under its key or as one of its ``-vN`` versions (same content
    but for key and version)."""
    for key, version, digest in rows:
        if key == catalog.key or _VERSION_SUFFIX.sub(r"\g<base>", key) == catalog.key:
            twin = catalog.model_copy(update={"key": key, "version": version})
            if content_hash(canonical_document(twin)) == digest:
                return True
    return False


def next_free_key(base_key: str, taken: set[str]) -> tuple[str, int]:
    """``mcp-2025`` → (``mcp-2025-v2``, 2); ``mcp-2025-v2`` → (``mcp-2025-v3``, 3); skips keys in use."""
    match = _VERSION_SUFFIX.match(base_key)
    stem, number = (match["base"], int(match["n"])) if match else (base_key, 1)
    number += 1
    while f"{stem}-v{number}" in taken:
        number += 1
    return f"{stem}-v{number}", number
