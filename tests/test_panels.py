"""The new page fragments render real service data in Streamlit (``AppTest``), in Bahasa Indonesia."""

from __future__ import annotations

from datetime import timedelta

import pytest
from factories import World, build_world, make_period
from streamlit.testing.v1 import AppTest

from i18n import to_wit
from models.tables import utcnow


@pytest.fixture
def world(sqlite_url: str) -> World:
    world = build_world(with_period=False)
    world.period_id = make_period(world, submission_deadline=to_wit(utcnow() + timedelta(days=2))).id
    return world


def _due_page(actor, period_id):  # run as a script: no names to annotate with
    from ui.panels.due import render_due_panel

    render_due_panel(actor, period_id=period_id)


def _offline_page(actor, period_id, organisation_id):
    from ui.panels.offline import render_offline_sheet

    render_offline_sheet(actor, period_id=period_id, organisation_id=organisation_id)


def _stale_page(actor, period_id):
    from ui.panels.freshness import render_stale_items

    render_stale_items(actor, period_id=period_id)


def test_due_panel_shows_the_focal_points_week_and_the_admins_laggards(world: World) -> None:
    app = AppTest.from_function(_due_page, args=(world.focal_a, world.period_id), default_timeout=30).run()
    assert not app.exception and not app.error
    assert app.subheader[0].value == "Yang perlu ditindaklanjuti"
    assert any("butir belum diajukan" in m.value for m in app.markdown)

    app = AppTest.from_function(_due_page, args=(world.admin, world.period_id), default_timeout=30).run()
    assert not app.exception
    assert list(app.dataframe[0].value["OPD"]) == ["Diskominfosan", "BKD"]  # translated header


def test_panels_show_refusals_as_messages_not_tracebacks(world: World) -> None:
    app = AppTest.from_function(
        _offline_page, args=(world.focal_b, world.period_id, world.opd_a), default_timeout=30
    ).run()
    assert not app.exception
    assert "OPD lain" in app.error[0].value

    app = AppTest.from_function(
        _offline_page, args=(world.focal_a, world.period_id, world.opd_a), default_timeout=30
    ).run()
    assert not app.exception and not app.error
    assert app.subheader[0].value == "Kerja luring dengan Excel"

    app = AppTest.from_function(
        _stale_page, args=(world.inspector, world.period_id), default_timeout=30
    ).run()
    assert not app.exception and "Semua bukti dukung masih berlaku." in app.caption[0].value
