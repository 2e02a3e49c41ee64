"""KPK's verified value of an item on the item screens (issue 13): once an inspector has recorded it, the focal
point's item dialog and the inspector's review panel show it with KPK's note, beside the self and reviu values.
``AppTest`` on a copy of the seeded demo."""

from __future__ import annotations

import pytest
from app_driver import actor_of, go_to, sign_in, texts
from streamlit.testing.v1 import AppTest

from services import periods, submission_views
from services.external_results import record_external_result

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie

NOTE = "Dokumen Perkada diperiksa KPK"


def _record(period_id: int, code: str) -> None:
    """The period goes to KPK's verification and the inspector records KPK's value (the item's maximum)."""
    inspector = actor_of("inspektur")
    periods.set_state(actor_of("admin"), period_id=period_id, state="external")
    record_external_result(
        inspector, period_id=period_id, code=code, value=_maximum(period_id, code), note=NOTE
    )


def _maximum(period_id: int, code: str) -> float:
    from services import catalogs

    node = catalogs.catalog_for_period(period_id).node(code)
    assert node.rule is not None
    return float(node.rule.maximum)


def _kpk_lines(at: AppTest) -> list[str]:
    return [text for text in texts(at.info) if "Nilai verifikasi KPK" in text]


def test_the_focal_points_item_dialog_shows_kpks_value_and_note(demo: dict[str, str]) -> None:
    """Before KPK's result there is no KPK line; after it, the open item says KPK's value and note."""
    username = "fp.diskominfosan"
    actor = actor_of(username)
    at = sign_in(username, demo[username])
    period_id = int(at.session_state["period_id"])
    assert actor.organisation_id is not None
    items = submission_views.checklist(actor, period_id=period_id, organisation_id=actor.organisation_id)
    code = str(items.iloc[0]["code"])
    at.button(key=f"open_{code}").click().run()
    assert not at.exception and _kpk_lines(at) == []
    _record(period_id, code)
    at.run()
    assert not at.exception
    [line] = _kpk_lines(at)
    assert NOTE in line


def test_the_inspectors_review_panel_shows_kpks_value_and_note(demo: dict[str, str]) -> None:
    """The item open in the review queue shows KPK's value and note once recorded."""
    at = sign_in("inspektur", demo["inspektur"])
    go_to(at, "verifikasi").run()
    submission_id = int(str(at.selectbox(key="queue_pick").value))
    detail = submission_views.item_detail(actor_of("inspektur"), submission_id=submission_id)
    assert _kpk_lines(at) == []
    _record(detail.period_id, detail.code)
    at.run()
    assert not at.exception
    [line] = _kpk_lines(at)
    assert NOTE in line
