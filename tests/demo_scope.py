"""The demo as every kind of user sees it: the personas pages are tried as, and who may see which OPD and region.

The seeded demo's provincial admin, leader, inspector and two focal points (Diskominfosan, BPKAD), plus a leader,
an administrator, an inspector and a focal point (BPKAD) of Kabupaten Halmahera Selatan added by ``role_demo``
(conftest.py). ``out_of_scope`` finds OPD and region names a page shows that the permission rules hide from the
user; the page tests by role use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from app_driver import cells_and_options, shown_texts
from streamlit.testing.v1 import AppTest

import i18n
from models.tables import Role
from services.actor import Actor
from ui.navigation import PAGE_SPECS

KABUPATEN = "Kabupaten Halmahera Selatan"
REGIONS_WITH_PERIODS = ("Provinsi Maluku Utara", "Kota Ternate", KABUPATEN, "Kabupaten Pulau Taliabu")


@dataclass(frozen=True)
class Persona:
    """A signed-in user the pages are tried as."""

    key: str
    username: str
    role: Role


PERSONAS: tuple[Persona, ...] = (
    Persona("admin", "admin", Role.admin),
    Persona("leader", "sekda", Role.leader),
    Persona("inspector", "inspektur", Role.inspector),
    Persona("focal_point", "fp.diskominfosan", Role.focal_point),
    Persona("focal_point_bpkad", "fp.bpkad", Role.focal_point),
    Persona("admin_halsel", "admin.halsel", Role.admin),
    Persona("leader_halsel", "sekda.halsel", Role.leader),
    Persona("inspector_halsel", "apip.halsel", Role.inspector),
    Persona("focal_point_halsel", "fp.bpkad.halsel", Role.focal_point),
)
PROVINCIAL = {"admin", "leader", "inspector"}


@dataclass(frozen=True)
class Demo:
    """The demo's users, OPDs and regions, read once after seeding."""

    data_dir: Path
    actors: dict[str, Actor]
    opds: dict[int, tuple[str, str, int]]  # OPD id → (name, abbreviation, region id)
    regions: dict[int, tuple[str, int | None]]  # region id → (name, parent id)


# -- the demo --------------------------------------------------------------------------------------------------


def add_kabupaten_users() -> None:
    """A leader, an administrator and an inspector of Halmahera Selatan, and the focal point of its BPKAD."""
    from factories import make_user
    from sqlmodel import select

    from models import Organisation, Region, session_scope

    with session_scope() as session:
        region = session.exec(select(Region).where(Region.name == KABUPATEN)).one()
        bpkad = session.exec(
            select(Organisation).where(
                Organisation.region_id == region.id, Organisation.abbreviation == "BPKAD"
            )
        ).one()
        region_id, bpkad_id = region.id, bpkad.id
    make_user(username="sekda.halsel", role=Role.leader, region_id=region_id)
    make_user(username="admin.halsel", role=Role.admin, region_id=region_id)
    make_user(username="apip.halsel", role=Role.inspector, region_id=region_id)
    make_user(
        username="fp.bpkad.halsel", role=Role.focal_point, region_id=region_id, organisation_id=bpkad_id
    )


def read_demo(data_dir: Path) -> Demo:
    from sqlmodel import select

    from models import Organisation, Region, User, session_scope

    with session_scope() as session:
        return Demo(
            data_dir=data_dir,
            actors={user.username: Actor.from_user(user) for user in session.exec(select(User)).all()},
            opds={
                o.id or 0: (o.name, o.abbreviation, o.region_id)
                for o in session.exec(select(Organisation)).all()
            },
            regions={r.id or 0: (r.name, r.parent_id) for r in session.exec(select(Region)).all()},
        )


# -- scope ----------------------------------------------------------------------------------------------------------


def visible(demo: Demo, actor: Actor) -> tuple[set[int], set[int]]:
    """The OPD ids and region ids the permission rules (``services.permissions``) let ``actor`` see."""
    if actor.role == Role.focal_point:
        assert actor.organisation_id is not None
        return {actor.organisation_id}, {demo.opds[actor.organisation_id][2]}
    if actor.region_id is None:
        regions = set(demo.regions)
    else:
        regions = {actor.region_id} | {
            rid for rid, (_, parent) in demo.regions.items() if parent == actor.region_id
        }
    return {oid for oid, (_, _, region) in demo.opds.items() if region in regions}, regions


def ancestors(demo: Demo, region_ids: set[int]) -> set[int]:
    """The provinces above these regions: a kabupaten's own province may be named (as where it lies)."""
    return {parent for rid in region_ids if (parent := demo.regions[rid][1]) is not None} - region_ids


def hidden_names(demo: Demo, actor: Actor) -> list[str]:
    """The OPD and region names ``actor`` must not meet (see ``out_of_scope`` for the ones left out)."""
    opd_ids, region_ids = visible(demo, actor)
    named = region_ids | ancestors(demo, region_ids)
    allowed = [demo.opds[o][0] for o in opd_ids] + [demo.regions[r][0] for r in named]
    hidden = [name for oid, (name, _, _) in demo.opds.items() if oid not in opd_ids]
    hidden += [name for rid, (name, _) in demo.regions.items() if rid not in named]
    wording = [text for texts in i18n.MESSAGES.values() for text in texts.values()]
    return sorted(name for name in set(hidden) if not any(name in seen for seen in allowed + wording))


def out_of_scope(demo: Demo, actor: Actor, at: AppTest) -> list[str]:
    """OPD and region names outside the actor's scope found on the page: names in any text, abbreviations in
    table cells, options and charts, and (for all but focal points) other regions' usernames in cells.

    The province a kabupaten lies in may be named (the national ranking lists it as the pemda's province);
    its OPDs may not. A name that is part of a visible name ("Inspektorat" in "Inspektorat Kabupaten Halmahera
    Selatan") or of the UI's own wording ("menunggu pemeriksaan Inspektorat") cannot be told apart from it
    and is left out.
    """
    opd_ids, region_ids = visible(demo, actor)
    hidden = hidden_names(demo, actor)
    allowed_abbreviations = {demo.opds[o][1] for o in opd_ids}
    hidden_abbreviations = {abbr for oid, (_, abbr, _) in demo.opds.items() if oid not in opd_ids}
    hidden_abbreviations -= allowed_abbreviations
    texts = shown_texts(at)
    leaks = sorted({name for name in hidden for text in texts if name in text})
    if actor.role != Role.focal_point:
        people = {
            a.username
            for a in demo.actors.values()
            if a.region_id is not None and a.region_id not in region_ids
        }
        leaks += sorted(people & set(cells_and_options(at)))
    parts = {part.strip() for cell in cells_and_options(at) for part in cell.split(",")}
    return leaks + sorted(parts & hidden_abbreviations)


def actor_region_name(demo: Demo, actor: Actor) -> str:
    assert actor.region_id is not None
    return demo.regions[actor.region_id][0]


def main_role_pages() -> list[object]:
    """Every page the admin, leader, inspector and focal point personas have, as pytest params ``persona-page``."""
    return [
        pytest.param(persona, spec, id=f"{persona.key}-{spec.url_path}")
        for persona in PERSONAS
        if persona.key in {"admin", "leader", "inspector", "focal_point"}
        for spec in PAGE_SPECS
        if persona.role in spec.roles
    ]
