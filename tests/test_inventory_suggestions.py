"""An inventory entry is suggested as evidence for the items it feeds (issue 17 §4): the Pemdi 2026 indicators the
inventory's numbers count in, and in another framework's period the items the crosswalk pairs with them; an
inspector or admin of the region may link it too."""

from __future__ import annotations

import pytest
from factories import World, build_world, make_catalog, wit
from sqlmodel import select

from models.database import session_scope
from models.tables import AuditEvent
from services import inventory, inventory_links, organisations, periods
from services.inventory import ApplicationEntry, ServiceEntry

PORTAL = ServiceEntry(
    name="Perizinan Berusaha", channel="online", url="https://sicantik.go.id", sp4n_lapor=True
)
EXCHANGE = ApplicationEntry(name="SiCantik Cloud", exchanges_with=("OSS RBA",))


@pytest.fixture
def world(db_url: str) -> World:
    return build_world()


def _open(world: World, key: str, name: str) -> int:
    make_catalog(key)
    info = periods.create_period(
        world.admin,
        catalog_key=key,
        region_id=world.province_id,
        name=name,
        opens_at=wit(2026, 8, 1),
        submission_deadline=wit(2099, 9, 15, 23, 59),
        verification_deadline=wit(2099, 10, 31, 23, 59),
    )
    return int(info.id)


def _suggested(world: World, period_id: int, **entry: int) -> dict[str, str]:
    items = inventory_links.linkable_items(
        world.focal_a, period_id=period_id, organisation_id=world.opd_a, **entry
    )
    shown = items[items["suggested"]]
    assert list(items["suggested"]) == sorted(items["suggested"], reverse=True)  # suggested ones first
    return dict(zip(shown["code"], shown["reason"], strict=True))


def test_a_service_is_suggested_for_the_pemdi_indicators_it_feeds_and_an_application_for_its_own(
    world: World,
) -> None:
    """In a Pemdi period a service is suggested for IK-17/19/20 (portal, user support, satisfaction) and an
    application for IK-09/16 (security audit, integration), each saying which indicator counts it."""
    period_id = _open(world, "pemdi-2026", "Pemdi 2026")
    service = inventory.save_service(world.focal_a, organisation_id=world.opd_a, entry=PORTAL)
    application = inventory.save_application(world.focal_a, organisation_id=world.opd_a, entry=EXCHANGE)
    for_service = _suggested(world, period_id, service_id=service)
    assert set(for_service) == {"IK-17", "IK-19", "IK-20"}
    assert for_service["IK-17"].startswith("Angka inventaris ini dihitung pada indikator Pemdi IK-17")
    assert set(_suggested(world, period_id, application_id=application)) == {"IK-09", "IK-16"}
    assert set(_suggested(world, period_id)) == {"IK-09", "IK-16", "IK-17", "IK-19", "IK-20"}


def test_in_a_pekppp_period_the_crosswalk_names_the_items_a_service_feeds(world: World) -> None:
    """A service unit's PEKPPP items paired with IK-17/19/20 are suggested with the pair's reason (SKM → 6)."""
    organisations.set_service_unit(world.admin, organisation_id=world.opd_a, service_unit=True)
    period_id = _open(world, "pekppp-2022", "PEKPPP 2026")
    service = inventory.save_service(world.focal_a, organisation_id=world.opd_a, entry=PORTAL)
    suggested = _suggested(world, period_id, service_id=service)
    assert set(suggested) == {"6", "8", "21", "23", "24", "26", "28"}
    assert suggested["6"] == "SKM sesuai PermenPANRB adalah bukti pengelolaan kepuasan pengguna"


def test_an_inspector_of_the_region_links_an_entry_and_the_audit_names_them(world: World) -> None:
    """The Inspektorat links OPD A's service to IK-17; the link shows on the item; the audit names the inspector."""
    period_id = _open(world, "pemdi-2026", "Pemdi 2026")
    service = inventory.save_service(world.focal_a, organisation_id=world.opd_a, entry=PORTAL)
    items = inventory_links.linkable_items(
        world.inspector, period_id=period_id, organisation_id=world.opd_a, service_id=service
    )
    item = int(dict(zip(items["code"], items["submission_id"], strict=True))["IK-17"])
    inventory_links.link_inventory_evidence(world.inspector, submission_id=item, service_id=service)
    shown = inventory_links.item_inventory_evidence(world.focal_a, submission_id=item)
    assert list(shown["name"]) == ["Perizinan Berusaha"]
    with session_scope() as session:
        who = session.exec(
            select(AuditEvent.actor_username).where(AuditEvent.action == "inventory.evidence_linked")
        ).all()
    assert who == [world.inspector.username]
