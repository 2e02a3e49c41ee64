"""Beyond the first screen, as every kind of user: an item opened on a focal point's checklist and items drilled
into on the OPD drill-down name no OPD or region outside the user's scope, and their tables have words as headers.
On the module's copy of the demo (``role_demo``), only read."""

from __future__ import annotations

import pytest
from app_driver import errors, open_panels, open_url, raw_headers, titles
from demo_scope import PERSONAS, Demo, Persona, out_of_scope

from models.tables import Role
from services.actor import Actor
from ui.navigation import HOME, PAGE_SPECS

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie


def _item_with_evidence(actor: Actor, period_id: int, organisation_id: int) -> tuple[str, int]:
    """Code and submission id of an item of the OPD with evidence (through the service, as that user)."""
    from services import submission_views

    items = submission_views.checklist(actor, period_id=period_id, organisation_id=organisation_id)
    with_files = items[items["evidence_count"] > 0]
    row = (with_files if not with_files.empty else items).iloc[0]
    return str(row["code"]), int(row["submission_id"])


@pytest.mark.parametrize(
    "persona", [pytest.param(p, id=p.key) for p in PERSONAS if p.role == Role.focal_point]
)
def test_a_focal_points_open_item_shows_only_their_opd(role_demo: Demo, persona: Persona) -> None:
    """An item opened on the checklist (evidence, reviews, crosswalk panel open) names no other OPD or region."""
    actor = role_demo.actors[persona.username]
    at = open_url(actor, HOME[Role.focal_point])
    assert actor.organisation_id is not None
    code, _ = _item_with_evidence(actor, int(at.session_state["period_id"]), actor.organisation_id)
    at.button(key=f"open_{code}").click().run()
    open_panels(at)
    assert not at.exception, errors(at)
    assert any(code in text for text in titles(at))
    assert out_of_scope(role_demo, actor, at) == []
    raw = raw_headers(at)
    assert raw == [], f"open item: untranslated table headers {raw}"


@pytest.mark.parametrize(
    "persona", [pytest.param(p, id=p.key) for p in PERSONAS if p.role in ("leader", "admin", "inspector")]
)
def test_a_drilled_down_item_shows_only_data_in_scope(role_demo: Demo, persona: Persona) -> None:
    """On the OPD drill-down, every OPD offered is in scope, and an item with its evidence shows nothing outside."""
    actor = role_demo.actors[persona.username]
    spec = next(s for s in PAGE_SPECS if s.url_path == "rincian-opd")
    from services import organisations, periods

    at = open_url(actor, spec.url_path)
    period_id = int(at.session_state["period_id"])
    region_id = periods.get_period(actor, period_id=period_id).region_id
    opds = organisations.list_organisations(actor, region_id=region_id, include_retired=True)
    assert len(at.selectbox(key="drill_opd").options) == len(opds) > 0
    # Unconfirmed reference OPDs are stored inactive and hold no items (seed_data.reference).
    for organisation_id in [int(i) for i in opds.loc[opds["active"].astype(bool), "id"]][:3]:
        at.selectbox(key="drill_opd").set_value(organisation_id).run()
        _, submission_id = _item_with_evidence(actor, period_id, organisation_id)
        at.selectbox(key="drill_item").set_value(submission_id).run()
        assert not at.exception, errors(at)
        assert out_of_scope(role_demo, actor, at) == []
        raw = raw_headers(at)
        assert raw == [], f"drill-down item: untranslated table headers {raw}"
