"""The demo's digital-government periods (issue 17): an open, partly filled Pemdi 2026 period with external index
values typed, and a PEKPPP period for the province's service units, both marked DATA DEMO; the MCSP period stays
the one every page opens on."""

from __future__ import annotations

import pytest
from conftest import DemoTemplate
from sqlmodel import col, select

from indicators import load_catalog
from indicators.rules import ExternalIndexRule, LevelsRule
from models.database import session_scope
from models.tables import Assignment, Organisation, Period, PeriodState, Review, Submission, User
from services import exports, periods, signin
from services.evidence_tags import tags_by_submission
from services.overview import period_overview
from ui.widgets import default_period

pytestmark = pytest.mark.usefixtures("demo")


def _period(name_start: str) -> Period:
    with session_scope() as session:
        found = session.exec(select(Period).where(col(Period.name).startswith(name_start))).one()
        session.expunge(found)
        return found


def test_the_demo_has_an_open_partly_filled_pemdi_period_with_index_values() -> None:
    """'Pemdi 2026 Provinsi (DATA DEMO)' is open, some items submitted, reviewed or drafts, others empty; the
    answered external-index items carry an index value that converts to their level, the reviewed ones the
    reviewer's value converting to the reviewed level."""
    period = _period("Pemdi ")
    assert period.name.endswith("(DATA DEMO)") and period.state == PeriodState.open
    assert periods.reviewer_label("Pemdi") == "Tim Asesor Internal"
    pemdi = load_catalog("pemdi-2026")
    with session_scope() as session:
        rows = session.exec(select(Submission).where(Submission.period_id == period.id)).all()
    statuses = {row.status for row in rows}
    assert {"empty", "submitted", "verified"} <= statuses and len(statuses) >= 4
    typed = [row for row in rows if row.external_value is not None]
    assert typed
    for row in typed:
        rule = pemdi.node(row.code).rule
        assert isinstance(rule, ExternalIndexRule) and rule.level_for(row.external_value) == row.self_value
    # the reviewer's verified index value converts to the reviewed level (none: level 1)
    reviewed = [
        row
        for row in rows
        if row.status == "verified" and isinstance(pemdi.node(row.code).rule, ExternalIndexRule)
    ]
    assert any(row.verified_external_value is not None for row in reviewed)
    for row in reviewed:
        rule = pemdi.node(row.code).rule
        assert isinstance(rule, ExternalIndexRule)
        assert rule.level_for(row.verified_external_value) == row.verified_value


def test_the_demos_cumulative_levels_have_their_evidence_up_to_the_claim() -> None:
    """Every submitted, returned or verified Pemdi item with cumulative levels has a file tagged for each level up
    to its claim, and an approved one's reviu ticks exactly the evidence of the levels up to the approved one: the
    demo shows no state the services would refuse."""
    period = _period("Pemdi ")
    pemdi = load_catalog("pemdi-2026")
    with session_scope() as session:
        rows = session.exec(
            select(Submission).where(
                Submission.period_id == period.id,
                col(Submission.status).in_(["submitted", "verified", "returned"]),
            )
        ).all()
        ids = [row.id for row in rows if row.id is not None]
        tags = tags_by_submission(session, ids)
        ticks = {
            sid: accepted
            for sid, accepted in session.exec(
                select(Review.submission_id, Review.accepted_documents)
                .where(col(Review.submission_id).in_(ids))
                .order_by(col(Review.id))
            ).all()
        }
    checked = approved = 0
    for row in rows:
        rule = pemdi.node(row.code).rule
        if not (isinstance(rule, LevelsRule) and rule.cumulative):
            continue
        checked += 1
        assert row.self_value is not None
        assert rule.first_level_missing(row.self_value, tags.get(row.id or 0, [])) is None, row.code
        if row.status == "verified":
            approved += 1
            accepted = ticks[row.id or 0]
            assert accepted is not None and rule.value_for_documents(accepted) == row.verified_value
            assert set(accepted) == rule.documents_for(row.verified_value)
    assert checked >= 5 and approved >= 2


def test_the_demo_pekppp_period_ranks_the_service_units_in_bands(demo_template: DemoTemplate) -> None:
    """PEKPPP's items go to DPMPTSP, RSUD CB and Bapenda only; the Sekda's overview ranks them with a band."""
    period = _period("PEKPPP ")
    assert period.name.endswith("(DATA DEMO)") and period.state == PeriodState.open
    with session_scope() as session:
        units = set(
            session.exec(
                select(Organisation.abbreviation)
                .join(Assignment, col(Assignment.organisation_id) == col(Organisation.id))
                .where(Assignment.period_id == period.id)
            ).all()
        )
    assert units == {"DPMPTSP", "RSUD CB", "Bapenda"}
    overview = period_overview(exports.OPERATOR, period_id=period.id or 0)
    bands = {zone.name for zone in load_catalog("pekppp-2022").zones}
    assert len(overview.opd_ranking) == 3 and set(overview.opd_ranking["zone"]) <= bands
    assert overview.counts["submitted"] + overview.counts["verified"] > 0


def test_the_mcsp_period_stays_the_one_pages_open_on(demo_template: DemoTemplate) -> None:
    """The new periods' upload deadlines come after the MCSP one's, so the Sekda's period picker opens on MCSP."""
    current = demo_template.summary.periods[demo_template.summary.current]
    with session_scope() as session:
        sekda = session.exec(select(User).where(User.username == "sekda")).one()
        due = {p.id: p.submission_deadline for p in session.exec(select(Period)).all()}
    mcsp = due[current]
    assert mcsp is not None
    for other in (_period("Pemdi "), _period("PEKPPP ")):
        later = due[other.id]
        assert later is not None and later > mcsp
    leader = signin.get_actor(sekda.id or 0)
    assert default_period(periods.list_periods(leader), leader) == current
