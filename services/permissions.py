"""Who may do what. Every service calls these before it reads or writes, so a page that forgets a check
still cannot leak or change data.

Scope rules: a focal point sees only their own OPD; other roles see their region (a province-scoped user,
``region_id`` of the province, also sees the province's kabupaten/kota; ``region_id=None`` means everywhere).
"""

from __future__ import annotations

from sqlmodel import Session, select

from i18n import LenteraError, register
from models.tables import Organisation, Region, Role
from services.actor import Actor

register(
    {
        "perm.denied": {
            "id": "Anda tidak berwenang untuk tindakan ini.",
            "en": "You are not allowed to do this.",
        },
        "perm.other_opd": {
            "id": "Data ini milik OPD lain; Anda hanya dapat membuka data OPD Anda sendiri.",
            "en": "This belongs to another OPD; you can only open your own OPD's data.",
        },
        "perm.out_of_region": {
            "id": "Data ini berada di luar wilayah kewenangan Anda.",
            "en": "This is outside your region.",
        },
        "perm.not_found": {"id": "Data tidak ditemukan.", "en": "Not found."},
    }
)


def require_role(actor: Actor, *roles: Role) -> None:
    if actor.role not in roles:
        raise LenteraError("perm.denied")


def regions_in_scope(session: Session, actor: Actor) -> set[int] | None:
    """Region ids the actor may see; None means every region."""
    if actor.region_id is None:
        return None
    children = session.exec(select(Region.id).where(Region.parent_id == actor.region_id)).all()
    return {actor.region_id, *(c for c in children if c is not None)}


def require_organisation(session: Session, actor: Actor, organisation_id: int) -> Organisation:
    """The OPD, if the actor may see it; a focal point only ever reaches their own."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise LenteraError("perm.not_found")
    if actor.role == Role.focal_point:
        if actor.organisation_id != organisation_id:
            raise LenteraError("perm.other_opd")
        return organisation
    scope = regions_in_scope(session, actor)
    if scope is not None and organisation.region_id not in scope:
        raise LenteraError("perm.out_of_region")
    return organisation


def require_region(session: Session, actor: Actor, region_id: int) -> Region:
    region = session.get(Region, region_id)
    if region is None:
        raise LenteraError("perm.not_found")
    scope = regions_in_scope(session, actor)
    if actor.role == Role.focal_point:
        organisation = session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
        if organisation is None or organisation.region_id != region_id:
            raise LenteraError("perm.out_of_region")
    elif scope is not None and region_id not in scope:
        raise LenteraError("perm.out_of_region")
    return region
