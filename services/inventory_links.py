"""An inventory entry as evidence for an assessment item: a service or application of an OPD linked to one of
the OPD's submission items (a Pemdi, MCSP (MCP) public-service or PEKPPP item), shown on the item.

Linking follows the evidence rules (``services.evidence.editable_submission``): an item assigned to the OPD,
still editable, in an open period; linked by the OPD's focal point, or an inspector or admin whose region holds
the OPD (``link_inventory_evidence`` in ``services.permissions``). The link is a record (``inventory_evidence``), never a file; detaching
stamps it. ``linkable_items`` lists the OPD's items of a period with those the entry feeds marked as suggested:
the Pemdi 2026 indicators the inventory's numbers count in (``inventory_summary.PEMDI_ASPECTS``: a service in
IK-17 portal, IK-19 user support, IK-20 user satisfaction; an application in IK-16 integration, IK-09 security
audit) and, in another framework's period, the items the crosswalk pairs with those indicators
(``indicators.crosswalk``: MCSP (MCP) public-service items, PEKPPP items, SPBE 2021 through the SPBE → Pemdi map).
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache

import pandas as pd
from sqlmodel import Session, col, select

from i18n import LenteraError, register, t
from indicators import Catalog, load_catalog
from indicators.crosswalk import base_key, leaves_under, related_items
from models.database import session_scope
from models.inventory_tables import DigitalApplication, DigitalService, InventoryEvidence
from models.tables import Period, Submission, utcnow
from services import deadlines, leaf_index, transitions
from services.actor import Actor
from services.audit import record
from services.evidence import editable_submission
from services.inventory_summary import PEMDI_ASPECTS, PEMDI_CATALOG
from services.permissions import require
from services.submission_views import checklist

LINK_COLUMNS = ["link_id", "entry", "service_id", "application_id", "name", "url", "linked_at"]
ENTRY_LINK_COLUMNS = [
    "link_id",
    "service_id",
    "application_id",
    "submission_id",
    "period",
    "code",
    "linked_at",
]
ENTRY_KINDS = ("service", "application")
_OUT_OF_KIND = {"online": "service", "services": "service", "applications": "application"}
"""``PEMDI_ASPECTS``' "out of" column → the kind of inventory entry the indicator's number counts over."""

register(
    {
        "inventory.link.already": {
            "id": "Entri inventaris ini sudah menjadi bukti butir ini.",
            "en": "This inventory entry is already evidence for this item.",
        },
        "inventory.link.one_entry": {
            "id": "Pilih tepat satu layanan atau aplikasi.",
            "en": "Choose exactly one service or application.",
        },
        "inventory.link.feeds": {
            "id": "Angka inventaris ini dihitung pada indikator Pemdi {code} {indicator}.",
            "en": "This inventory's numbers count in Pemdi indicator {code} {indicator}.",
        },
        "inventory.link.already_detached": {
            "id": "Tautan bukti ini sudah dilepas.",
            "en": "This evidence link was already removed.",
        },
    }
)


def link_inventory_evidence(
    actor: Actor, *, submission_id: int, service_id: int | None = None, application_id: int | None = None
) -> int:
    """Offer one service or application of the item's OPD as evidence for the item; returns the link's id."""
    if (service_id is None) == (application_id is None):
        raise LenteraError("inventory.link.one_entry")
    with session_scope() as session:
        submission = editable_submission(session, actor, submission_id, action="link_inventory_evidence")
        entry: DigitalService | DigitalApplication | None = (
            session.get(DigitalService, service_id)
            if service_id is not None
            else session.get(DigitalApplication, application_id)
        )
        if entry is None or entry.retired_at is not None:
            raise LenteraError("perm.not_found")
        if entry.organisation_id != submission.organisation_id:
            raise LenteraError("perm.other_opd")
        existing = session.exec(
            select(InventoryEvidence.id).where(
                InventoryEvidence.submission_id == submission_id,
                InventoryEvidence.service_id == service_id,
                InventoryEvidence.application_id == application_id,
                col(InventoryEvidence.detached_at).is_(None),
            )
        ).first()
        if existing is not None:
            raise LenteraError("inventory.link.already")
        link = InventoryEvidence(service_id=service_id, application_id=application_id, submission_id=submission_id,
                                 linked_at=utcnow(), linked_by_id=actor.id)  # fmt: skip
        session.add(link)
        session.flush()
        assert link.id is not None
        record(session, actor=actor, action="inventory.evidence_linked", entity="submission",
               entity_id=submission_id, after={"link_id": link.id, "service_id": service_id,
                                               "application_id": application_id, "name": entry.name})  # fmt: skip
        return link.id


def detach_inventory_evidence(actor: Actor, *, link_id: int) -> None:
    """Take an inventory entry off an item (the link row stays, stamped)."""
    with session_scope() as session:
        require(actor, "link_inventory_evidence", session=session)  # before the link is read
        link = session.get(InventoryEvidence, link_id)
        if link is None:
            raise LenteraError("perm.not_found")
        editable_submission(session, actor, link.submission_id, action="link_inventory_evidence")
        if link.detached_at is not None:
            raise LenteraError("inventory.link.already_detached")
        link.detached_at, link.detached_by_id = utcnow(), actor.id
        session.add(link)
        record(session, actor=actor, action="inventory.evidence_detached", entity="submission",
               entity_id=link.submission_id, before={"link_id": link.id})  # fmt: skip


def item_inventory_evidence(actor: Actor, *, submission_id: int) -> pd.DataFrame:
    """The inventory entries offered as evidence for one item (``LINK_COLUMNS``; ``entry``: service/application)."""
    with session_scope(write=False) as session:
        require(actor, "item_detail", session=session)
        transitions.load_submission(session, actor, submission_id)
        return linked_entries(session, submission_id)


def linked_entries(session: Session, submission_id: int) -> pd.DataFrame:
    """``item_inventory_evidence`` inside another service's transaction (its checks done)."""
    links = session.exec(
        select(InventoryEvidence)
        .where(InventoryEvidence.submission_id == submission_id, col(InventoryEvidence.detached_at).is_(None))
        .order_by(col(InventoryEvidence.id))
    ).all()
    rows = []
    for link in links:
        service = session.get(DigitalService, link.service_id) if link.service_id else None
        application = session.get(DigitalApplication, link.application_id) if link.application_id else None
        entry = service or application
        if entry is None:
            continue
        rows.append({"link_id": link.id, "entry": "service" if service else "application",
                     "service_id": link.service_id, "application_id": link.application_id, "name": entry.name,
                     "url": service.url if service else None, "linked_at": link.linked_at})  # fmt: skip
    return pd.DataFrame(rows, columns=LINK_COLUMNS)


def entry_links(actor: Actor, *, organisation_id: int) -> pd.DataFrame:
    """Every live link from the OPD's inventory to an item (``ENTRY_LINK_COLUMNS``), for the inventory page."""
    with session_scope(write=False) as session:
        require(actor, "inventory", organisation=organisation_id, session=session)
        rows = session.exec(
            select(InventoryEvidence, Submission.code, Period.name)
            .join(Submission, col(Submission.id) == col(InventoryEvidence.submission_id))
            .join(Period, col(Period.id) == col(Submission.period_id))
            .where(
                Submission.organisation_id == organisation_id, col(InventoryEvidence.detached_at).is_(None)
            )
            .order_by(col(InventoryEvidence.id))
        ).all()
        records = [
            {"link_id": link.id, "service_id": link.service_id, "application_id": link.application_id,
             "submission_id": link.submission_id, "period": period, "code": code, "linked_at": link.linked_at}
            for link, code, period in rows
        ]  # fmt: skip
    return pd.DataFrame(records, columns=ENTRY_LINK_COLUMNS)


def linkable_items(
    actor: Actor,
    *,
    period_id: int,
    organisation_id: int,
    service_id: int | None = None,
    application_id: int | None = None,
) -> pd.DataFrame:
    """The OPD's items of the period (``submission_id``, ``code``, ``name``, ``area_name``, ``status``,
    ``suggested``, ``reason``), suggested ones first: those the entry (a service or an application; either kind
    when none is named) feeds, through the Pemdi indicators and the crosswalk, with the pair's reason."""
    frame = checklist(actor, period_id=period_id, organisation_id=organisation_id)
    kinds = (
        ENTRY_KINDS
        if service_id is None and application_id is None
        else (("service",) if service_id is not None else ("application",))
    )
    with session_scope(write=False) as session:
        period = deadlines.load_period(session, actor, period_id)
        catalog = leaf_index.catalog_of_period(session, period).doc
    reasons = suggested_items(catalog, kinds)
    shown = frame[["submission_id", "code", "name", "area_name", "status"]].copy()
    shown["reason"] = shown["code"].astype(str).map(reasons)
    shown["suggested"] = shown["reason"].notna()
    return shown.sort_values("suggested", ascending=False, kind="stable").reset_index(drop=True)


def suggested_items(catalog: Catalog, kinds: Collection[str]) -> dict[str, str]:
    """Leaf code of ``catalog`` → why an inventory entry of ``kinds`` is evidence for it: a Pemdi 2026 indicator
    the inventory's numbers count in, or an item the crosswalk pairs with one (its reason, strong pairs first)."""
    fed = {
        code: indicator
        for _aspect, code, _aspect_name, indicator, _measure, out_of in PEMDI_ASPECTS
        if _OUT_OF_KIND[out_of] in kinds
    }
    key = base_key(catalog.key)
    found: dict[str, str] = {}
    if key == PEMDI_CATALOG:
        for code, indicator in fed.items():
            for leaf in leaves_under(catalog, code):
                found.setdefault(leaf, t("inventory.link.feeds", code=code, indicator=indicator))
        return found
    related = [item for code in fed for item in related_items(_pemdi(), code) if item.catalog_key == key]
    for item in sorted(related, key=lambda r: r.strength != "strong"):
        for leaf in leaves_under(catalog, item.code):
            found.setdefault(leaf, item.reason)
    return found


@lru_cache(maxsize=1)
def _pemdi() -> Catalog:
    """The shipped Pemdi 2026 catalog: its tree is all the crosswalk needs (which aspect holds an indicator)."""
    return load_catalog(PEMDI_CATALOG)
