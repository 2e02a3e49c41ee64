"""The digital-services inventory in a real browser (issue 17 §4): DPMPTSP's focal point registers two services
and one application, marks one service reachable from the pemda portal, links it as evidence to the Pemdi item
"Portal Layanan Digital Pemerintah" (IK-17); the Sekda's cards then count the new services. The journey's own
Pemdi period is opened through ``services`` on the app's own database (the demo's stays as seeded), with a
deadline far away so no other journey's default period changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select
from streamlit_server import stored_demo_passwords

import ui.inventory_forms
import ui.inventory_page
import ui.messages  # noqa: F401
from e2e.conftest import E2EApp
from e2e.steps import (
    alerts,
    by_key,
    choose,
    click,
    expand,
    go_to,
    metric_value,
    sign_in_ok,
    sign_out,
)
from i18n import WIT, t
from models import session_scope
from models.tables import Submission, User
from services import inventory, inventory_links, periods, signin
from services.actor import Actor
from services.inventory_summary import inventory_summary

pytestmark = pytest.mark.e2e

FOCAL = "fp.dpmptsp"
LEADER = "sekda"
PERIOD = "Pemdi 2026 (uji inventaris)"
FIRST = "Izin Usaha Mikro Daring"
SECOND = "Rekomendasi Teknis Daring"
APPLICATION = "Aplikasi Perizinan Terpadu"
ITEM = "IK-17"


def actor_of(username: str) -> Actor:
    with session_scope() as session:
        user_id = session.exec(select(User.id).where(User.username == username)).one()
    assert user_id is not None
    return signin.get_actor(user_id)


def open_pemdi_period(admin: Actor) -> int:
    now = datetime.now(WIT)
    assert admin.region_id is not None
    info = periods.create_period(
        admin, catalog_key="pemdi-2026", region_id=admin.region_id, name=PERIOD,
        opens_at=now - timedelta(days=1), submission_deadline=datetime(2099, 9, 15, 23, 59, tzinfo=WIT),
        verification_deadline=datetime(2099, 10, 31, 23, 59, tzinfo=WIT),
    )  # fmt: skip
    return int(info.id)


def pick_in_form(page: Page, key: str, text: str) -> None:
    """Choose an option of a select box inside a form (no rerun until the form is submitted)."""
    field = by_key(page, key).get_by_role("combobox")
    field.click()
    field.fill(text)
    page.get_by_role("option").filter(has_text=text).first.click()


def new_service(page: Page, generation: int, name: str, url: str) -> None:
    expand(page, "inventory_x_new_service")
    form = f"inventory_new_service_{generation}"
    by_key(page, f"{form}_name").locator("input").fill(name)
    pick_in_form(page, f"{form}_channel", t("inventory.channel.online", "id"))
    by_key(page, f"{form}_url").locator("input").fill(url)
    click(page, f"{form}_save")
    expect(alerts(page).filter(has_text=t("ui.inventory.saved", "id"))).to_be_visible()


def test_register_integrate_link_and_the_sekda_sees_it(open_app: Callable[..., Page], app_database: Path,
                                                       e2e_app: E2EApp) -> None:  # fmt: skip
    passwords = stored_demo_passwords(e2e_app.data_dir)
    leader, focal = actor_of(LEADER), actor_of(FOCAL)
    assert focal.organisation_id is not None
    period_id = open_pemdi_period(actor_of("admin"))
    before = inventory_summary(leader).totals

    # DPMPTSP's focal point: two services, one application.
    page = open_app()
    sign_in_ok(page, FOCAL, passwords[FOCAL])
    go_to(page, "inventaris-layanan")
    new_service(page, 0, FIRST, "https://izin-mikro.malut-demo.invalid")
    new_service(page, 1, SECOND, "https://rekomtek.malut-demo.invalid")
    expand(page, "inventory_x_new_application")
    by_key(page, "inventory_new_application_2_name").locator("input").fill(APPLICATION)
    by_key(page, "inventory_new_application_2_exchanges").locator("input").fill("OSS RBA")
    click(page, "inventory_new_application_2_save")
    expect(alerts(page).filter(has_text=t("ui.inventory.saved", "id"))).to_be_visible()
    register = inventory.inventory(focal, organisation_id=focal.organisation_id)
    assert {FIRST, SECOND} <= set(register.services["name"]) and APPLICATION in set(
        register.applications["name"]
    )

    # ... marks the first reachable from the pemda portal ...
    services = register.services
    first_id = int(services.loc[services["name"] == FIRST, "id"].iloc[0])
    expand(page, "inventory_x_edit_services")
    choose(page, "inventory_pick_service", FIRST)
    by_key(page, f"inventory_service_{first_id}_on_pemda_portal").locator("label").click()
    click(page, f"inventory_service_{first_id}_save")
    expect(alerts(page).filter(has_text=t("ui.inventory.saved", "id"))).to_be_visible()
    services = inventory.inventory(focal, organisation_id=focal.organisation_id).services.set_index("name")
    assert bool(services.loc[FIRST, "on_pemda_portal"])

    # ... and links it as evidence to the Pemdi item on the portal.
    expand(page, "inventory_x_evidence")
    choose(page, "inventory_evidence_entry", FIRST)
    choose(page, "period_select", PERIOD)
    choose(page, "inventory_evidence_item", f"{ITEM} ·")
    click(page, "inventory_link")
    expect(alerts(page).filter(has_text=t("ui.inventory.linked", "id"))).to_be_visible()
    with session_scope() as session:
        item = session.exec(
            select(Submission.id).where(Submission.period_id == period_id, Submission.code == ITEM,
                                        Submission.organisation_id == focal.organisation_id)
        ).one()  # fmt: skip
    assert item is not None
    linked = inventory_links.item_inventory_evidence(focal, submission_id=item)
    assert list(linked["name"]) == [FIRST]
    sign_out(page)

    # The Sekda: the cards count the two new online services and the one on the portal.
    sign_in_ok(page, LEADER, passwords[LEADER])
    go_to(page, "inventaris-layanan")
    of = "{} dari {}"
    expect(metric_value(page, t("ui.inventory.card.online", "id"))).to_have_text(
        of.format(before["online"] + 2, before["services"] + 2)
    )
    expect(metric_value(page, t("ui.inventory.card.on_portal", "id"))).to_have_text(
        of.format(before["on_portal"] + 1, before["online"] + 2)
    )
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()  # the per-OPD table
    sign_out(page)
