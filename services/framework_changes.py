"""What changed from one framework to the next (SPBE 2021 → Pemdi 2026), item by item, for the admin.

The pairs are data (``indicators.framework_map``); this service reads them against the stored catalogs and
hands the admin catalogs page one frame: which SPBE indicators continue in which Pemdi indicator and why, which
Pemdi indicators are new, which SPBE indicators continue nowhere. The carry-forward of evidence across the two
frameworks follows the same pairs (``services.carry_forward``).
"""

from __future__ import annotations

import pandas as pd
from sqlmodel import Session, col, select

from i18n import LenteraError, register, t
from indicators import Catalog
from indicators.framework_map import framework_changes as map_changes
from indicators.framework_map import framework_maps, load_framework_map
from models.database import session_scope
from models.tables import Catalog as CatalogRow
from services.actor import Actor
from services.catalogs import catalog_document
from services.crosswalk import base_key
from services.permissions import require

register(
    {
        "framework.change.continues": {"id": "berlanjut", "en": "continues"},
        "framework.change.new": {"id": "indikator baru", "en": "new indicator"},
        "framework.change.dropped": {"id": "tidak berlanjut", "en": "not continued"},
        "framework.strength.strong": {"id": "kuat", "en": "strong"},
        "framework.strength.weak": {"id": "lemah", "en": "weak"},
    }
)

CHANGE_COLUMNS = [
    "change",
    "change_label",
    "from_code",
    "from_name",
    "to_code",
    "to_name",
    "strength",
    "strength_label",
    "reason",
]


def available_framework_maps(actor: Actor) -> list[tuple[str, str]]:
    """(from key, to key) of the shipped framework maps whose two catalogs are both stored."""
    require(actor, "catalog_diff")
    with session_scope() as session:
        stored = {base_key(key) for key in session.exec(select(CatalogRow.key)).all()}
    return [(a, b) for a, b in framework_maps() if a in stored and b in stored]


def framework_changes(actor: Actor, *, from_key: str, to_key: str) -> pd.DataFrame:
    """CHANGE_COLUMNS, one row per pair, new item and dropped item (``indicators.framework_map``)."""
    require(actor, "catalog_diff")
    with session_scope() as session:
        old = _newest(session, from_key)
        new = _newest(session, to_key)
    rows = map_changes(old, new, load_framework_map(base_key(from_key), base_key(to_key)))
    frame = pd.DataFrame(rows, columns=[c for c in CHANGE_COLUMNS if not c.endswith("_label")])
    frame["change_label"] = frame["change"].map(lambda c: t(f"framework.change.{c}"))
    frame["strength_label"] = frame["strength"].map(lambda s: t(f"framework.strength.{s}") if s else "")
    return frame[CHANGE_COLUMNS]


def _newest(session: Session, key: str) -> Catalog:
    """The newest stored version of a catalog (``pemdi-2026``, ``pemdi-2026-v2``, ...)."""
    found = session.exec(select(CatalogRow).where(col(CatalogRow.key).startswith(base_key(key)))).all()
    rows = [row for row in found if base_key(row.key) == base_key(key)]
    if not rows:
        raise LenteraError("catalog.not_found")
    return catalog_document(max(rows, key=lambda row: row.id or 0))
