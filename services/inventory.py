"""The digital-services inventory (issue 17 §4): each OPD's register of its services and applications.

A focal point keeps their own OPD's register; inspectors and admins may edit any OPD in their region; leaders
read. Every change is audited in its own transaction, every refusal is a translated ``EntryError`` that names
the field (the Excel upload turns it into a row and column). Nothing is deleted: an entry is retired.

The Excel round trip is ``services.inventory_excel``; the Sekda's numbers ``services.inventory_summary``; an
entry as evidence for an item ``services.inventory_links``; which URLs answer ``services.link_check``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
from sqlmodel import Session, col, select

from i18n import LenteraError, register, t
from models.database import session_scope
from models.inventory_tables import DigitalApplication, DigitalService, InventoryEvidence
from models.tables import Organisation, utcnow
from services.actor import Actor
from services.audit import record
from services.organisations import today_wit
from services.permissions import require

SERVICE_KINDS = ("layanan_publik", "administrasi")
CHANNELS = ("offline", "online", "both")
APPLICATION_KINDS = ("umum", "khusus")
HOSTINGS = ("pdn", "pemda", "third_party")
NAME_MAX = 200
URL_MAX = 500
FLAGS = ("on_pemda_portal", "on_ina_digital", "sso", "digital_payment", "sp4n_lapor", "skm_survey")
"""The yes/no facts of a service, in the order the page and the workbook show them."""

register(
    {
        "inventory.kind.layanan_publik": {"id": "Layanan publik", "en": "Public service"},
        "inventory.kind.administrasi": {"id": "Administrasi pemerintahan", "en": "Government administration"},
        "inventory.channel.offline": {"id": "Hanya luring", "en": "Offline only"},
        "inventory.channel.online": {"id": "Daring", "en": "Online"},
        "inventory.channel.both": {"id": "Luring dan daring", "en": "Offline and online"},
        "inventory.app_kind.umum": {"id": "Aplikasi umum", "en": "General application"},
        "inventory.app_kind.khusus": {"id": "Aplikasi khusus", "en": "Special application"},
        "inventory.hosting.pdn": {"id": "Pusat Data Nasional (PDN)", "en": "National Data Centre (PDN)"},
        "inventory.hosting.pemda": {"id": "Pusat data pemda", "en": "Pemda data centre"},
        "inventory.hosting.third_party": {"id": "Pihak ketiga", "en": "Third party"},
        "inventory.name_required": {
            "id": "Nama wajib diisi (paling banyak 200 karakter).",
            "en": "The name is required (at most 200 characters).",
        },
        "inventory.bad_choice": {
            "id": "Nilai '{value}' tidak dikenal; pilih salah satu: {choices}.",
            "en": "Unknown value '{value}'; choose one of: {choices}.",
        },
        "inventory.url_invalid": {
            "id": "Alamat '{url}' bukan alamat https yang sah (contoh: https://layanan.malutprov.go.id).",
            "en": "'{url}' is not a well-formed https address (for example https://layanan.malutprov.go.id).",
        },
        "inventory.skm_range": {
            "id": "Hasil SKM harus angka 0–100.",
            "en": "The SKM result must be a number from 0 to 100.",
        },
        "inventory.skm_without_survey": {
            "id": "Hasil SKM diisi, tetapi survei kepuasan (SKM) ditandai tidak ada.",
            "en": "An SKM result is given, but the satisfaction survey (SKM) is marked as absent.",
        },
        "inventory.date_in_future": {
            "id": "Tanggal {day} belum terjadi.",
            "en": "The date {day} is in the future.",
        },
        "inventory.duplicate_name": {
            "id": "OPD ini sudah mencatat '{name}'.",
            "en": "This OPD already records '{name}'.",
        },
        "inventory.unknown_service": {
            "id": "Layanan '{name}' tidak ada dalam inventaris OPD ini.",
            "en": "Service '{name}' is not in this OPD's inventory.",
        },
        "inventory.changed_meanwhile": {
            "id": "Data ini baru saja diubah orang lain. Muat ulang lalu coba lagi.",
            "en": "Someone else changed this just now. Reload and try again.",
        },
    }
)


class EntryError(LenteraError):
    """A refused entry; ``field`` names the field (a column of the workbook) at fault."""

    def __init__(self, field: str, key: str, **params: object):
        self.field = field
        super().__init__(key, **params)


@dataclass(frozen=True)
class ServiceEntry:
    """What a user enters about one service (``kind``, ``channel``: codes of ``SERVICE_KINDS``, ``CHANNELS``)."""

    name: str
    kind: str = "layanan_publik"
    channel: str = "offline"
    url: str | None = None
    on_pemda_portal: bool = False
    on_ina_digital: bool = False
    sso: bool = False
    digital_payment: bool = False
    sp4n_lapor: bool = False
    skm_survey: bool = False
    skm_result: float | None = None
    checked_on: date | None = None


@dataclass(frozen=True)
class ApplicationEntry:
    """What a user enters about one application; ``services`` names services of the same OPD."""

    name: str
    kind: str = "khusus"
    hosting: str = "pemda"
    services: tuple[str, ...] = ()
    exchanges_with: tuple[str, ...] = ()
    security_audit_on: date | None = None


@dataclass(frozen=True)
class Inventory:
    """One OPD's register: ``services`` (``SERVICE_COLUMNS``), ``applications`` (``APPLICATION_COLUMNS``)."""

    organisation_id: int
    opd: str
    services: pd.DataFrame
    applications: pd.DataFrame


SERVICE_COLUMNS = ["id", "name", "kind", "channel", "url", *FLAGS, "skm_result", "checked_on", "url_ok",
                   "url_status", "url_checked_at", "version"]  # fmt: skip
APPLICATION_COLUMNS = ["id", "name", "kind", "hosting", "services", "exchanges_with", "security_audit_on",
                       "version"]  # fmt: skip


# --------------------------------------------------------------------------- checking one entry


def check_url(url: str | None) -> str | None:
    """The URL stripped, or None when empty; refuses (``inventory.url_invalid``) anything but a well-formed https
    address with a host name (letters, digits, dots, hyphens) and an optional port."""
    text = (url or "").strip()
    if not text:
        return None
    refused = EntryError("url", "inventory.url_invalid", url=text[:80])
    if len(text) > URL_MAX or re.search(r"\s", text):
        raise refused
    try:
        parts = urlsplit(text)
        port = parts.port  # raises on a bad port
    except ValueError:
        raise refused from None
    host = parts.hostname or ""
    if parts.scheme.lower() != "https" or parts.username or parts.password or port == 0:
        raise refused
    labels = host.split(".")
    if len(labels) < 2 or not all(
        re.fullmatch(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?", label) for label in labels
    ):
        raise refused
    return text


def _choice(value: str, choices: tuple[str, ...], field_name: str, family: str) -> str:
    text = (value or "").strip()
    if text.lower() in choices:
        return text.lower()
    for choice in choices:  # a label typed in the workbook counts too
        if text.lower() in {t(f"{family}.{choice}", lang).lower() for lang in ("id", "en")}:
            return choice
    names = ", ".join(t(f"{family}.{choice}") for choice in choices)
    raise EntryError(field_name, "inventory.bad_choice", value=text, choices=names)


def _name(value: str) -> str:
    text = re.sub(r"\s+", " ", value or "").strip()
    if not text or len(text) > NAME_MAX:
        raise EntryError("name", "inventory.name_required")
    return text


def _past(day: date | None, field_name: str) -> date | None:
    if day is not None and day > today_wit():
        raise EntryError(field_name, "inventory.date_in_future", day=day.isoformat())
    return day


def checked_service(entry: ServiceEntry) -> ServiceEntry:
    """The entry cleaned, or the first ``EntryError`` (in the workbook's column order)."""
    name = _name(entry.name)
    kind = _choice(entry.kind, SERVICE_KINDS, "kind", "inventory.kind")
    channel = _choice(entry.channel, CHANNELS, "channel", "inventory.channel")
    url = check_url(entry.url)
    result = entry.skm_result
    if result is not None and not 0 <= result <= 100:
        raise EntryError("skm_result", "inventory.skm_range")
    if result is not None and not entry.skm_survey:
        raise EntryError("skm_result", "inventory.skm_without_survey")
    checked_on = _past(entry.checked_on, "checked_on")
    return ServiceEntry(name, kind, channel, url, bool(entry.on_pemda_portal), bool(entry.on_ina_digital),
                        bool(entry.sso), bool(entry.digital_payment), bool(entry.sp4n_lapor),
                        bool(entry.skm_survey), result, checked_on)  # fmt: skip


def checked_application(entry: ApplicationEntry, service_names: set[str]) -> ApplicationEntry:
    """The entry cleaned; every supported service must be one of ``service_names`` (the OPD's, any case)."""
    name = _name(entry.name)
    kind = _choice(entry.kind, APPLICATION_KINDS, "kind", "inventory.app_kind")
    hosting = _choice(entry.hosting, HOSTINGS, "hosting", "inventory.hosting")
    known = {existing.lower(): existing for existing in service_names}
    services: list[str] = []
    for raw in entry.services:
        text = re.sub(r"\s+", " ", raw).strip()
        if not text:
            continue
        if text.lower() not in known:
            raise EntryError("services", "inventory.unknown_service", name=text[:80])
        services.append(known[text.lower()])
    exchanges = [re.sub(r"\s+", " ", raw).strip()[:NAME_MAX] for raw in entry.exchanges_with]
    audit_on = _past(entry.security_audit_on, "security_audit_on")
    return ApplicationEntry(name, kind, hosting, tuple(dict.fromkeys(services)),
                            tuple(dict.fromkeys(e for e in exchanges if e)), audit_on)  # fmt: skip


# --------------------------------------------------------------------------- writing


def save_service(
    actor: Actor,
    *,
    organisation_id: int,
    entry: ServiceEntry,
    service_id: int | None = None,
    expected_version: int | None = None,
) -> int:
    """Record a new service of the OPD (``service_id`` None) or change one; returns its id."""
    with session_scope() as session:
        require(actor, "edit_inventory", organisation=organisation_id, session=session)
        organisation = session.get(Organisation, organisation_id)
        assert organisation is not None
        return write_service(
            session, actor, organisation, checked_service(entry), service_id, expected_version
        )


def save_application(
    actor: Actor,
    *,
    organisation_id: int,
    entry: ApplicationEntry,
    application_id: int | None = None,
    expected_version: int | None = None,
) -> int:
    """Record a new application owned by the OPD (``application_id`` None) or change one; returns its id."""
    with session_scope() as session:
        require(actor, "edit_inventory", organisation=organisation_id, session=session)
        organisation = session.get(Organisation, organisation_id)
        assert organisation is not None
        names = set(active_services(session, organisation_id))
        cleaned = checked_application(entry, names)
        return write_application(session, actor, organisation, cleaned, application_id, expected_version)


def retire_entry(actor: Actor, *, organisation_id: int, service_id: int | None = None,
                 application_id: int | None = None) -> None:  # fmt: skip
    """Take a service or an application off the OPD's register (kept, marked retired; its evidence links end)."""
    with session_scope() as session:
        require(actor, "edit_inventory", organisation=organisation_id, session=session)
        row = _entry(session, organisation_id, service_id, application_id)
        now = utcnow()
        row.retired_at, row.updated_at, row.updated_by_id, row.version = now, now, actor.id, row.version + 1
        links = select(InventoryEvidence).where(col(InventoryEvidence.detached_at).is_(None))
        links = links.where(
            InventoryEvidence.service_id == row.id
            if isinstance(row, DigitalService)
            else InventoryEvidence.application_id == row.id
        )
        for link in session.exec(links).all():
            link.detached_at, link.detached_by_id = now, actor.id
        session.add(row)
        record(session, actor=actor, action=f"inventory.{_entity(row).removeprefix('digital_')}_retired", entity=_entity(row),
               entity_id=row.id, before={"name": row.name})  # fmt: skip


def _entity(row: DigitalService | DigitalApplication) -> str:
    return "digital_service" if isinstance(row, DigitalService) else "digital_application"


def _entry(session: Session, organisation_id: int, service_id: int | None,
           application_id: int | None) -> DigitalService | DigitalApplication:  # fmt: skip
    row: DigitalService | DigitalApplication | None = (
        session.get(DigitalService, service_id)
        if service_id is not None
        else session.get(DigitalApplication, application_id)
        if application_id is not None
        else None
    )
    if row is None or row.organisation_id != organisation_id or row.retired_at is not None:
        raise LenteraError("perm.not_found")
    return row


def _unique(session: Session, table: type[DigitalService] | type[DigitalApplication], organisation_id: int,
            name: str, own_id: int | None) -> None:  # fmt: skip
    rows = session.exec(
        select(table.id, table.name).where(
            table.organisation_id == organisation_id, col(table.retired_at).is_(None)
        )
    ).all()
    if any(other.lower() == name.lower() and row_id != own_id for row_id, other in rows):
        raise EntryError("name", "inventory.duplicate_name", name=name)


def active_services(session: Session, organisation_id: int) -> dict[str, int]:
    """The OPD's services on the register: name → id (inside other services)."""
    rows = session.exec(
        select(DigitalService.name, DigitalService.id).where(
            DigitalService.organisation_id == organisation_id, col(DigitalService.retired_at).is_(None)
        )
    ).all()
    return {name: row_id for name, row_id in rows if row_id is not None}


def _fields(row: object, names: list[str]) -> dict[str, object]:
    return {name: getattr(row, name) for name in names}


def write_service(session: Session, actor: Actor, organisation: Organisation, entry: ServiceEntry,
                  service_id: int | None, expected_version: int | None = None) -> int:  # fmt: skip
    """Insert or update one checked service and audit it (inside ``save_service`` and the workbook import)."""
    assert organisation.id is not None
    _unique(session, DigitalService, organisation.id, entry.name, service_id)
    values = {name: getattr(entry, name) for name in ServiceEntry.__dataclass_fields__}
    now = utcnow()
    if service_id is None:
        row = DigitalService(region_id=organisation.region_id, organisation_id=organisation.id, created_at=now,
                             updated_at=now, updated_by_id=actor.id, **values)  # fmt: skip
        before = None
    else:
        existing = _entry(session, organisation.id, service_id, None)
        assert isinstance(existing, DigitalService)
        row = existing
        if expected_version is not None and row.version != expected_version:
            raise LenteraError("inventory.changed_meanwhile")
        before = _fields(row, list(values))
        if row.url != entry.url:
            row.url_ok, row.url_status, row.url_checked_at = None, None, None
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at, row.updated_by_id, row.version = now, actor.id, row.version + 1
    session.add(row)
    session.flush()
    assert row.id is not None
    action = "inventory.service_created" if before is None else "inventory.service_updated"
    record(session, actor=actor, action=action, entity="digital_service", entity_id=row.id, before=before,
           after=_fields(row, list(values)))  # fmt: skip
    return row.id


def write_application(session: Session, actor: Actor, organisation: Organisation, entry: ApplicationEntry,
                      application_id: int | None, expected_version: int | None = None) -> int:  # fmt: skip
    """Insert or update one checked application and audit it (inside ``save_application`` and the import)."""
    assert organisation.id is not None
    _unique(session, DigitalApplication, organisation.id, entry.name, application_id)
    values: dict[str, Any] = {
        "name": entry.name, "kind": entry.kind, "hosting": entry.hosting, "services": list(entry.services),
        "exchanges_with": list(entry.exchanges_with), "security_audit_on": entry.security_audit_on,
    }  # fmt: skip
    now = utcnow()
    if application_id is None:
        row = DigitalApplication(region_id=organisation.region_id, organisation_id=organisation.id,
                                 created_at=now, updated_at=now, updated_by_id=actor.id, **values)  # fmt: skip
        before = None
    else:
        existing = _entry(session, organisation.id, None, application_id)
        assert isinstance(existing, DigitalApplication)
        row = existing
        if expected_version is not None and row.version != expected_version:
            raise LenteraError("inventory.changed_meanwhile")
        before = _fields(row, list(values))
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at, row.updated_by_id, row.version = now, actor.id, row.version + 1
    session.add(row)
    session.flush()
    assert row.id is not None
    action = "inventory.application_created" if before is None else "inventory.application_updated"
    record(session, actor=actor, action=action, entity="digital_application", entity_id=row.id,
           before=before, after=_fields(row, list(values)))  # fmt: skip
    return row.id


# --------------------------------------------------------------------------- reading


def inventory(actor: Actor, *, organisation_id: int) -> Inventory:
    """One OPD's register (entries on it now, by name)."""
    with session_scope(write=False) as session:
        require(actor, "inventory", organisation=organisation_id, session=session)
        organisation = session.get(Organisation, organisation_id)
        assert organisation is not None
        return Inventory(
            organisation_id=organisation_id,
            opd=organisation.abbreviation or organisation.name,
            services=service_frame(session, [organisation_id]),
            applications=application_frame(session, [organisation_id]),
        )


def service_frame(session: Session, organisation_ids: list[int]) -> pd.DataFrame:
    """The services on the register of these OPDs (``SERVICE_COLUMNS`` + ``organisation_id``)."""
    rows = session.exec(
        select(DigitalService)
        .where(
            col(DigitalService.organisation_id).in_(organisation_ids),
            col(DigitalService.retired_at).is_(None),
        )
        .order_by(col(DigitalService.name))
    ).all()
    columns = [*SERVICE_COLUMNS, "organisation_id"]
    return pd.DataFrame([_fields(row, columns) for row in rows], columns=columns)


def application_frame(session: Session, organisation_ids: list[int]) -> pd.DataFrame:
    """The applications on the register of these OPDs (``APPLICATION_COLUMNS`` + ``organisation_id``)."""
    rows = session.exec(
        select(DigitalApplication)
        .where(
            col(DigitalApplication.organisation_id).in_(organisation_ids),
            col(DigitalApplication.retired_at).is_(None),
        )
        .order_by(col(DigitalApplication.name))
    ).all()
    columns = [*APPLICATION_COLUMNS, "organisation_id"]
    return pd.DataFrame([_fields(row, columns) for row in rows], columns=columns)
