"""Regions (pemda) and OPDs: lists, creation, retirement and mergers.

OPDs are restructured often (Maluku Utara announced a merger from about 45 to about 35 OPDs for 2026), and a
past period must still show who answered what. So nothing is deleted: a retired OPD gets ``active_until``, a
merged one also ``merged_into_id``, and its submissions, evidence and reviews stay attached to its own id.
Items of open periods are moved to the surviving OPD by the administrator through the assignment matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from i18n import WIT, LenteraError, register
from models import session_scope
from models.tables import Organisation, Region, RegionKind, Role
from services import audit
from services.actor import Actor
from services.permissions import regions_in_scope, require, require_organisation, require_region

register(
    {
        "org.abbreviation_taken": {
            "id": "Singkatan '{abbreviation}' sudah dipakai OPD lain di wilayah ini.",
            "en": "Abbreviation '{abbreviation}' is already used by another OPD in this region.",
        },
        "org.already_retired": {
            "id": "OPD '{name}' sudah tidak aktif sejak {until}.",
            "en": "OPD '{name}' has been inactive since {until}.",
        },
        "org.merge_same": {
            "id": "OPD tidak dapat digabung ke dirinya sendiri.",
            "en": "An OPD cannot be merged into itself.",
        },
        "org.merge_other_region": {
            "id": "Hanya OPD dalam satu pemda yang dapat digabung.",
            "en": "Only OPDs of the same local government can be merged.",
        },
        "org.name_required": {
            "id": "Nama dan singkatan OPD wajib diisi.",
            "en": "The OPD's name and abbreviation are required.",
        },
        "region.code_taken": {
            "id": "Kode Kemendagri '{code}' sudah dipakai.",
            "en": "Kemendagri code '{code}' is already used.",
        },
        "region.bad_kind": {
            "id": "Jenis pemda harus provinsi, kabupaten atau kota.",
            "en": "The kind must be provinsi, kabupaten or kota.",
        },
    }
)

REGION_COLUMNS = ["id", "kemendagri_code", "bps_code", "name", "kind", "parent_id", "capital", "population"]
ORGANISATION_COLUMNS = [
    "id", "region_id", "region", "name", "abbreviation", "kind", "verified", "active_from", "active_until",
    "merged_into_id", "merged_into", "note", "active", "service_unit",
]  # fmt: skip


@dataclass(frozen=True)
class OrganisationInfo:
    id: int
    region_id: int
    name: str
    abbreviation: str
    kind: str
    verified: bool
    active_from: date | None
    active_until: date | None
    merged_into_id: int | None
    note: str | None
    service_unit: bool = False


@dataclass(frozen=True)
class RegionInfo:
    id: int
    kemendagri_code: str
    bps_code: str | None
    name: str
    kind: str
    parent_id: int | None


def _org_info(row: Organisation) -> OrganisationInfo:
    assert row.id is not None
    return OrganisationInfo(
        id=row.id,
        region_id=row.region_id,
        name=row.name,
        abbreviation=row.abbreviation,
        kind=row.kind,
        verified=row.verified,
        active_from=row.active_from,
        active_until=row.active_until,
        merged_into_id=row.merged_into_id,
        note=row.note,
        service_unit=row.service_unit,
    )


def _snapshot(row: Organisation) -> dict[str, object]:
    return {
        "name": row.name,
        "abbreviation": row.abbreviation,
        "kind": row.kind,
        "active_until": row.active_until,
        "merged_into_id": row.merged_into_id,
    }


def today_wit() -> date:
    """Today in Maluku Utara: OPD dates are calendar days there, not on the server's clock."""
    return datetime.now(WIT).date()


def is_active(row_active_until: date | None, on: date | None = None) -> bool:
    """An OPD is active on a day before its ``active_until``."""
    return row_active_until is None or (on or today_wit()) < row_active_until


def scope_names(actor: Actor) -> list[str]:
    """The names of the actor's own OPD and region, in that order, those they have (the sidebar's line under
    their name): two rows by key, not the lists of everything they may see."""
    with session_scope(write=False) as session:
        opd = session.get(Organisation, actor.organisation_id) if actor.organisation_id is not None else None
        region = session.get(Region, actor.region_id) if actor.region_id is not None else None
        return [row.name for row in (opd, region) if row is not None]


# -- regions -------------------------------------------------------------------------------------------------


def list_regions(actor: Actor) -> pd.DataFrame:
    """The pemda the actor may see, province first, then by Kemendagri code."""
    with session_scope() as session:
        query = select(Region).order_by(Region.kemendagri_code)
        scope = regions_in_scope(session, actor)
        if actor.role == Role.focal_point and actor.organisation_id is not None:
            organisation = session.get(Organisation, actor.organisation_id)
            scope = {organisation.region_id} if organisation else set()
        if scope is not None:
            query = query.where(Region.id.in_(scope))  # type: ignore[union-attr]
        rows = session.exec(query).all()
        records = [{column: getattr(row, column) for column in REGION_COLUMNS} for row in rows]
    return pd.DataFrame(records, columns=REGION_COLUMNS).astype({"parent_id": "Int64", "population": "Int64"})


def create_region(
    actor: Actor,
    *,
    kemendagri_code: str,
    name: str,
    kind: str,
    bps_code: str | None = None,
    parent_id: int | None = None,
    capital: str | None = None,
    population: int | None = None,
) -> RegionInfo:
    """Add a pemda (admin only; a region-scoped admin may add only below their own region)."""
    require(actor, "create_region")
    if kind not in set(RegionKind):
        raise LenteraError("region.bad_kind")
    with session_scope() as session:
        if parent_id is not None:
            require_region(session, actor, parent_id)
        elif actor.region_id is not None:
            raise LenteraError("perm.out_of_region")
        if session.exec(select(Region).where(Region.kemendagri_code == kemendagri_code)).first():
            raise LenteraError("region.code_taken", code=kemendagri_code)
        row = Region(
            kemendagri_code=kemendagri_code,
            bps_code=bps_code,
            name=name.strip(),
            kind=kind,
            parent_id=parent_id,
            capital=capital,
            population=population,
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=actor,
            action="region.create",
            entity="region",
            entity_id=row.id,
            after={"kemendagri_code": kemendagri_code, "bps_code": bps_code, "name": row.name, "kind": kind},
        )
        assert row.id is not None
        return RegionInfo(row.id, row.kemendagri_code, row.bps_code, row.name, row.kind, row.parent_id)


# -- organisations -------------------------------------------------------------------------------------------


def list_organisations(
    actor: Actor, *, region_id: int | None = None, include_retired: bool = False
) -> pd.DataFrame:
    """OPDs the actor may see (a focal point: only their own), with region and merger names."""
    target = aliased(Organisation)
    with session_scope() as session:
        query = (
            select(Organisation, Region.name, target.name)
            .join(Region, col(Region.id) == col(Organisation.region_id))
            .outerjoin(target, col(target.id) == col(Organisation.merged_into_id))
            .order_by(Region.kemendagri_code, Organisation.name)
        )
        if actor.role == Role.focal_point:
            query = query.where(Organisation.id == actor.organisation_id)
        else:
            scope = regions_in_scope(session, actor)
            if scope is not None:
                query = query.where(Organisation.region_id.in_(scope))  # type: ignore[attr-defined]
        if region_id is not None:
            query = query.where(Organisation.region_id == region_id)
        if not include_retired:
            query = query.where(
                (Organisation.active_until.is_(None)) | (Organisation.active_until > today_wit())  # type: ignore[union-attr,operator]
            )
        records = [
            {
                "id": row.id,
                "region_id": row.region_id,
                "region": region_name,
                "name": row.name,
                "abbreviation": row.abbreviation,
                "kind": row.kind,
                "verified": row.verified,
                "active_from": row.active_from,
                "active_until": row.active_until,
                "merged_into_id": row.merged_into_id,
                "merged_into": merged_name,
                "note": row.note,
                "active": is_active(row.active_until),
                "service_unit": row.service_unit,
            }
            for row, region_name, merged_name in session.exec(query).all()
        ]
    return pd.DataFrame(records, columns=ORGANISATION_COLUMNS)


def _abbreviation_free(session: Session, region_id: int, abbreviation: str) -> None:
    clash = session.exec(
        select(Organisation).where(
            Organisation.region_id == region_id, Organisation.abbreviation == abbreviation
        )
    ).first()
    if clash is not None:
        raise LenteraError("org.abbreviation_taken", abbreviation=abbreviation)


def create_organisation(
    actor: Actor,
    *,
    region_id: int,
    name: str,
    abbreviation: str,
    kind: str,
    active_from: date | None = None,
    verified: bool = True,
    note: str | None = None,
) -> OrganisationInfo:
    """Add an OPD to a pemda (admin only, within the admin's region)."""
    require(actor, "create_organisation")
    name, abbreviation, kind = name.strip(), abbreviation.strip(), kind.strip().lower()
    if not name or not abbreviation:
        raise LenteraError("org.name_required")
    with session_scope() as session:
        require_region(session, actor, region_id)
        _abbreviation_free(session, region_id, abbreviation)
        row = Organisation(
            region_id=region_id,
            name=name,
            abbreviation=abbreviation,
            kind=kind,
            verified=verified,
            active_from=active_from,
            note=note,
        )
        session.add(row)
        session.flush()
        audit.record(
            session, actor=actor, action="organisation.create", entity="organisation", entity_id=row.id,
            after=_snapshot(row),
        )  # fmt: skip
        return _org_info(row)


def _require_active(row: Organisation, effective: date) -> None:
    if row.active_until is not None and row.active_until <= effective:
        raise LenteraError("org.already_retired", name=row.name, until=row.active_until.isoformat())


def retire_organisation(actor: Actor, *, organisation_id: int, effective: date) -> OrganisationInfo:
    """The OPD stops existing on ``effective`` (admin only); its history stays."""
    require(actor, "retire_organisation")
    with session_scope() as session:
        row = require_organisation(session, actor, organisation_id)
        _require_active(row, effective)
        before = _snapshot(row)
        row.active_until = effective
        session.add(row)
        audit.record(
            session, actor=actor, action="organisation.retire", entity="organisation", entity_id=row.id,
            before=before, after=_snapshot(row),
        )  # fmt: skip
        return _org_info(row)


def merge_organisations(actor: Actor, *, source_id: int, target_id: int, effective: date) -> OrganisationInfo:
    """Merge ``source`` into ``target`` from ``effective`` (admin only); returns the retired source.

    The source is retired and points at the target. Its submissions, evidence and reviews stay on the source's
    id, so past periods still show the OPD that answered.
    """
    require(actor, "merge_organisations")
    if source_id == target_id:
        raise LenteraError("org.merge_same")
    with session_scope() as session:
        source = require_organisation(session, actor, source_id)
        target = require_organisation(session, actor, target_id)
        if source.region_id != target.region_id:
            raise LenteraError("org.merge_other_region")
        _require_active(source, effective)
        _require_active(target, effective)
        before = _snapshot(source)
        source.active_until = effective
        source.merged_into_id = target.id
        session.add(source)
        audit.record(
            session, actor=actor, action="organisation.merge", entity="organisation", entity_id=source.id,
            before=before, after={**_snapshot(source), "merged_into": target.name},
        )  # fmt: skip
        return _org_info(source)


def set_service_unit(actor: Actor, *, organisation_id: int, service_unit: bool) -> OrganisationInfo:
    """Mark an OPD as a service unit (unit penyelenggara pelayanan) or not (admin only, within the admin's region).

    PEKPPP assesses service units only: a PEKPPP period opened later assigns its items to the marked OPDs. A
    period already open keeps its assignments (the administrator changes them in the assignment matrix).
    """
    require(actor, "set_service_unit")
    with session_scope() as session:
        row = require_organisation(session, actor, organisation_id)
        if row.service_unit == service_unit:
            return _org_info(row)
        row.service_unit = service_unit
        session.add(row)
        audit.record(
            session, actor=actor, action="organisation.service_unit", entity="organisation", entity_id=row.id,
            before={"service_unit": not service_unit}, after={"service_unit": service_unit},
        )  # fmt: skip
        return _org_info(row)
