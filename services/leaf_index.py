"""A period's catalog and its leaves: the items a submission answers, with the ancestors shown beside them.

The parsed document comes from the one catalog cache (``services.catalogs``); the leaf index built on it is
cached there too, once per content hash, so every checklist, queue and import looks leaves up without parsing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from i18n import LenteraError, register
from indicators import Catalog as CatalogDoc
from indicators import Node
from models.tables import Catalog, Period
from services import catalogs

register(
    {
        "workflow.not_a_leaf": {
            "id": "Kode {code} bukan butir penilaian dalam katalog periode ini.",
            "en": "Code {code} is not an assessed item in this period's catalog.",
        },
    }
)


@dataclass(frozen=True)
class LeafInfo:
    """A leaf with the ancestors the checklist and the queue show beside it."""

    node: Node
    order: int
    area_code: str
    area_name: str
    indicator_code: str | None
    indicator_name: str | None


@dataclass(frozen=True)
class ParsedCatalog:
    doc: CatalogDoc
    leaves: dict[str, LeafInfo]


def parsed_catalog(row: Catalog) -> ParsedCatalog:
    """The catalog document with its leaf index, from the one catalog cache (``services.catalogs``)."""
    return catalogs.derived(row, "leaf_index", lambda doc: ParsedCatalog(doc=doc, leaves=_leaf_index(doc)))


def _leaf_index(doc: CatalogDoc) -> dict[str, LeafInfo]:
    nodes = {node.code: node for node in doc.walk()}
    leaves: dict[str, LeafInfo] = {}
    for order, leaf in enumerate(doc.leaves()):
        area = leaf
        while area.parent_code is not None:
            area = nodes[area.parent_code]
        parent = nodes[leaf.parent_code] if leaf.parent_code is not None else None
        leaves[leaf.code] = LeafInfo(
            node=leaf,
            order=order,
            area_code=area.code,
            area_name=area.name,
            indicator_code=parent.code if parent else None,
            indicator_name=parent.name if parent else None,
        )
    return leaves


def catalog_of_period(session: Session, period: Period) -> ParsedCatalog:
    row = catalogs.stored_row(session, period.catalog_id)
    if row is None:
        raise LenteraError("perm.not_found")
    return parsed_catalog(row)


def leaf_of(catalog: ParsedCatalog, code: str) -> LeafInfo:
    info = catalog.leaves.get(code)
    if info is None:
        raise LenteraError("workflow.not_a_leaf", code=code)
    return info
