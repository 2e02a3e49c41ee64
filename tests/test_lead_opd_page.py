"""The "Penugasan Butir" page under AppTest on the demo: the inspector sees the assignments read-only and names the
lead OPD of an item that follows the lead rule; the change is saved and audited, and the page shows it."""

from __future__ import annotations

import pytest
from app_driver import actor_of, errors, open_url, shown_texts
from sqlmodel import select

from i18n import t
from models.database import session_scope
from models.tables import AuditEvent
from services import assignments

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie
PAGE = "penugasan"


def test_the_inspector_names_a_lead_opd_on_the_assignment_page(demo: dict[str, str]) -> None:
    """Read-only matrix for the inspector, then another lead OPD chosen for a lead-rule item of two OPDs, saved."""
    inspector = actor_of("inspektur")
    at = open_url(inspector, PAGE)
    assert not at.exception, errors(at)
    shown = " ".join(shown_texts(at))
    assert t("ui.assign.lead_title", "id") in shown and t("ui.assign.read_only", "id") in shown
    assert not [b for b in at.button if b.key == "assignment_save"]  # the matrix is the admin's to change
    period_id = int(str(at.selectbox(key="period_select").value))

    listed = assignments.leads(inspector, period_id=period_id).set_index("code")
    code = str(next(c for c, opds in listed["opds"].items() if len(opds) >= 2))  # an item two OPDs answer for
    held = listed.loc[code, "opds"]
    assert isinstance(held, dict)
    opds: dict[int, str] = held
    chosen = next(o for o in sorted(opds) if o != listed.loc[code, "lead"])
    at.selectbox(key="lead_item").set_value(code).run()
    at.selectbox(key=f"lead_opd_{code}").set_value(chosen).run()
    at.button(key="lead_save").click().run()
    assert not at.exception, errors(at)
    assert t("ui.assign.lead_saved", "id", code=code) in [s.value for s in at.success]

    assert assignments.leads(inspector, period_id=period_id).set_index("code").at[code, "lead"] == chosen
    with session_scope() as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "assignment.lead")).one()
    assert event.actor_username == "inspektur" and event.after == {"code": code, "lead": opds[chosen]}
