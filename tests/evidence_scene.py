"""The evidence tests' scene: a period with one item of the focal point's OPD in every status, one item of another
OPD, and a focal point, another OPD's focal point, a provincial and a kabupaten inspector and a leader.
``tests/conftest.py`` offers it as the ``scene`` fixture."""

from __future__ import annotations

from dataclasses import dataclass

from conftest import SmallWorld

from models import Assignment, Catalog, Period, Role, Submission, SubmissionStatus, session_scope
from services import signin, users
from services.actor import Actor

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PASSWORD = "Sandi-Kuat-2026"


@dataclass(frozen=True)
class Scene:
    world: SmallWorld
    period_id: int
    focal: Actor
    other_focal: Actor
    inspector: Actor
    kabupaten_inspector: Actor
    leader: Actor
    items: dict[str, int]  # status → a submission of the focal point's OPD
    other_item: int  # a submission of the other OPD


def make_actor(
    world: SmallWorld,
    username: str,
    role: Role,
    *,
    organisation_id: int | None = None,
    region_id: int | None = None,
) -> Actor:
    info = users.create_user(
        world.admin,
        username=username,
        full_name=username,
        password=PASSWORD,
        role=role,
        organisation_id=organisation_id,
        region_id=region_id,
    )
    return signin.get_actor(info.id)


def build_scene(small_world: SmallWorld) -> Scene:
    """The ``scene`` fixture: a small world with one SPBE period, one item per status and five signed-up users."""
    w = small_world
    with session_scope() as session:
        catalog = Catalog(
            key="spbe-test", name="SPBE uji", framework="spbe", year=2026, document={}, content_hash="0" * 64
        )
        session.add(catalog)
        session.flush()
        assert catalog.id is not None
        period = Period(catalog_id=catalog.id, region_id=w.province_id, name="SPBE 2026", state="open")
        session.add(period)
        session.flush()
        assert period.id is not None
        items: dict[str, int] = {}
        for number, status in enumerate(SubmissionStatus, start=1):
            row = Submission(period_id=period.id, organisation_id=w.opd_id, code=f"1.{number}", status=status)
            session.add(row)
            session.add(Assignment(period_id=period.id, organisation_id=w.opd_id, code=f"1.{number}"))
            session.flush()
            assert row.id is not None
            items[status.value] = row.id
        other = Submission(period_id=period.id, organisation_id=w.other_opd_id, code="1.1", status="draft")
        session.add(other)
        session.add(Assignment(period_id=period.id, organisation_id=w.other_opd_id, code="1.1"))
        session.flush()
        assert other.id is not None
        period_id, other_id = period.id, other.id
    return Scene(
        world=w,
        period_id=period_id,
        focal=make_actor(w, "op.kominfo", Role.focal_point, organisation_id=w.opd_id),
        other_focal=make_actor(w, "op.inspektorat", Role.focal_point, organisation_id=w.other_opd_id),
        inspector=make_actor(w, "inspektur", Role.inspector, region_id=w.province_id),
        kabupaten_inspector=make_actor(w, "apip.halbar", Role.inspector, region_id=w.kabupaten_id),
        leader=make_actor(w, "sekda", Role.leader, region_id=w.province_id),
        items=items,
        other_item=other_id,
    )
