"""The "Cara menghitung" panel in a real browser (issue 13 §2): the Sekda opens it on the overview and reads how
the pemda's score is computed, then one item worked through from the catalog's rule: each OPD's reviewed value
divided by the rule's maximum times the scale, and the pemda's value by the item's rule.

Expected numbers come from the catalog and ``services`` on the app's own database file, formatted the Indonesian
way; the item score is recomputed here by hand (value ÷ maximum × scale).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select
from streamlit_server import stored_demo_passwords

import ui.messages  # noqa: F401  (registers the UI's texts, so t() below reads what the browser shows)
from e2e.conftest import E2EApp
from e2e.steps import act, choose, sign_in_ok
from i18n import format_number, t
from models import session_scope
from models.tables import User
from services import catalogs, method, periods, signin
from services.actor import Actor
from services.overview import period_overview

pytestmark = pytest.mark.e2e

LEADER = "sekda"


def _actor(username: str) -> Actor:
    with session_scope() as session:
        user_id = session.exec(select(User.id).where(User.username == username)).one()
    assert user_id is not None
    return signin.get_actor(user_id)


def test_the_sekda_reads_how_one_items_score_is_computed(
    open_app: Callable[..., Page], e2e_app: E2EApp, app_database: Path
) -> None:
    """The panel's general rules, then one reviewed item: its rule, each OPD's value → score, the pemda's value."""
    leader = _actor(LEADER)
    frame = periods.list_periods(leader)
    own = frame[(frame["region_id"] == leader.region_id) & (frame["state"] == "open")]
    row = own.sort_values("submission_deadline").iloc[0]
    period_id, name = int(row["period_id"]), str(row["name"])
    overview = period_overview(leader, period_id=period_id)
    catalog = catalogs.catalog_for_period(period_id)
    code = method.example_codes(overview)[0]
    example = method.item_example(overview, catalog, code)
    reviewed = [opd for opd in example.opds if opd.value is not None]
    assert reviewed, "the demo's first example item has a reviewed OPD value"
    node = catalog.node(code)
    scale = catalog.scale.max
    for opd in reviewed:
        assert opd.value is not None
        assert opd.score == pytest.approx(opd.value / node.maximum * scale)  # the catalog's item formula

    page = open_app()
    sign_in_ok(page, LEADER, stored_demo_passwords(e2e_app.data_dir)[LEADER])
    choose(page, "period_select", name)
    panel = page.get_by_test_id("stExpander").filter(has_text=t("method.title", "id"))
    act(page, panel.get_by_text(t("method.title", "id"), exact=True).click)
    expect(panel).to_contain_text("Nilai butir = nilai yang dicatat ÷ nilai maksimum aturannya × 100")
    expect(panel).to_contain_text(t("method.pemda", "id"))
    choose(page, f"method_example_{period_id}", f"{code} ")

    maximum = format_number(node.maximum, 0)
    rule = t(f"ui.method.rule.{node.rule_for_pemda}", "id")
    expect(panel).to_contain_text(f"Butir {code} {node.name}: aturan di katalog")
    expect(panel).to_contain_text(f"nilai maksimum {maximum}; nilai pemda menurut aturan {rule}")
    for opd in reviewed:
        assert opd.value is not None
        value = format_number(opd.value, 2)
        expect(panel).to_contain_text(
            f"{opd.name}: nilai hasil reviu {value} → {value} ÷ {maximum} × "
            f"{format_number(scale, 0)} = {format_number(opd.score, 2)}"
        )
    assert example.pemda_score is not None
    expect(panel).to_contain_text(
        f"Nilai pemda untuk butir ini ({rule}): {format_number(example.pemda_score, 2)}"
    )
