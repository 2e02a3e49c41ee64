"""PEKPPP in a real browser (issue 17 §2): the admin opens a PEKPPP period, which goes to the service units only;
DPMPTSP's focal point answers an item with evidence and submits it; the inspector reviews it; the Sekda sees the
service-unit ranking with each unit's band (A … F). The period's deadlines lie months ahead, so no other journey's
default period changes. Expected numbers come from ``services`` on the app's own database file."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import col, select
from streamlit_server import stored_demo_passwords

import ui.messages  # noqa: F401  (registers the UI's texts, so t() below reads what the browser shows)
from e2e.conftest import E2EApp
from e2e.demo_items import small_pdf
from e2e.steps import (
    act,
    alerts,
    by_key,
    by_key_prefix,
    choose,
    click,
    give_date,
    go_to,
    sign_in_ok,
    sign_out,
    upload_evidence,
)
from i18n import t
from indicators import load_catalog
from models import session_scope
from models.tables import Assignment, Organisation, Period, Submission, User
from services import freshness, signin, submission_views
from services.actor import Actor
from services.overview import period_overview

pytestmark = pytest.mark.e2e

ADMIN, FOCAL, INSPECTOR, LEADER = "admin", "fp.dpmptsp", "inspektur", "sekda"
PERIOD = "PEKPPP 2026 (uji unit layanan)"
CODE = "1"  # Kebijakan Pelayanan: Standar Pelayanan
LEVEL = f"4 – {(load_catalog('pekppp-2022').node(CODE).rule.level_names() or {})[4.0]}"  # type: ignore[union-attr]


def actor_of(username: str) -> Actor:
    with session_scope() as session:
        user_id = session.exec(select(User.id).where(User.username == username)).one()
    assert user_id is not None
    return signin.get_actor(user_id)


def test_admin_opens_pekppp_a_unit_answers_the_inspector_reviews_the_sekda_sees_the_bands(
    open_app: Callable[..., Page], app_database: Path, e2e_app: E2EApp, tmp_path: Path
) -> None:
    passwords = stored_demo_passwords(e2e_app.data_dir)
    today = freshness.today_wit()

    # The admin opens a PEKPPP period for the province (the form starts at today: the catalog has no calendar).
    page = open_app()
    sign_in_ok(page, ADMIN, passwords[ADMIN])
    go_to(page, "periode")
    choose(page, "new_period_catalog", "PEKPPP")
    by_key(page, "new_period_name").locator("input").fill(PERIOD)
    give_date(page, "new_period_submission", today + timedelta(days=300))
    give_date(page, "new_period_verification", today + timedelta(days=330))
    click(page, "new_period_submit")
    expect(alerts(page).filter(has_text=t("ui.periods.created", "id", name=PERIOD))).to_be_visible()
    with session_scope() as session:
        period = session.exec(select(Period).where(Period.name == PERIOD)).one()
        units = set(
            session.exec(
                select(Organisation.abbreviation)
                .join(Assignment, col(Assignment.organisation_id) == col(Organisation.id))
                .where(Assignment.period_id == period.id)
            ).all()
        )
    assert units == {"DPMPTSP", "RSUD CB", "Bapenda"}  # the demo's service units, no other OPD
    sign_out(page)

    # DPMPTSP's focal point: evidence, a level, submit.
    focal = actor_of(FOCAL)
    sign_in_ok(page, FOCAL, passwords[FOCAL])
    choose(page, "period_select", PERIOD)
    click(page, f"open_{CODE}")
    expect(page.get_by_test_id("stHeading").filter(has_text=f"{CODE} · ")).to_be_visible()
    pdf = small_pdf(tmp_path / "SK Standar Pelayanan DPMPTSP.pdf")
    upload_evidence(page, CODE, pdf, today)
    expect(alerts(page).filter(has_text=t("ui.evidence.uploaded", "id", count=1))).to_be_visible()
    act(page, by_key_prefix(page, f"value_{CODE}_").get_by_text(LEVEL, exact=True).click)
    click(page, f"submit_{CODE}")
    expect(alerts(page).filter(has_text=t("ui.checklist.submitted", "id", code=CODE))).to_be_visible()
    with session_scope() as session:
        sid = session.exec(
            select(Submission.id).where(
                Submission.period_id == period.id,
                Submission.organisation_id == focal.organisation_id,
                Submission.code == CODE,
            )
        ).one()
    assert sid is not None
    detail = submission_views.item_detail(focal, submission_id=sid)
    assert (detail.status, detail.self_value) == ("submitted", 4.0)
    sign_out(page)

    # The inspector: the item in the queue of this period, approved at the same level.
    sign_in_ok(page, INSPECTOR, passwords[INSPECTOR])
    choose(page, "period_select", PERIOD)
    choose(page, "queue_opd", "DPMPTSP · ")
    choose(page, "queue_pick", f" · {CODE} · ")
    expect(page.get_by_text(pdf.name, exact=True)).to_be_visible()
    act(page, by_key_prefix(page, f"verify_value_{sid}_").get_by_text(LEVEL, exact=True).click)
    click(page, f"approve_{sid}")
    expect(alerts(page).filter(has_text=t("ui.queue.approved", "id", code=CODE, value=LEVEL))).to_be_visible()
    assert submission_views.item_detail(actor_of(INSPECTOR), submission_id=sid).status == "verified"
    sign_out(page)

    # The Sekda: the service-unit ranking of the period, each unit with its band.
    overview = period_overview(actor_of(LEADER), period_id=period.id or 0)
    names = dict(zip(overview.entities["entity"].astype(str), overview.entities["name"], strict=True))
    expected = {
        names[str(e)]: str(zone)
        for e, zone in zip(overview.opd_ranking["entity"], overview.opd_ranking["zone"], strict=True)
    }
    assert len(expected) == 3 and all(re.match(r"^[A-F]-? – ", zone) for zone in expected.values())
    sign_in_ok(page, LEADER, passwords[LEADER])
    choose(page, "period_select", PERIOD)
    expect(page.get_by_role("tab", name=t("ui.tab.unit_ranking", "id"))).to_be_visible()
    # the grid is drawn on a canvas; its cells are also in the page for screen readers, out of sight
    cells = by_key(page, "opd_ranking_table").locator("[role='gridcell']")
    expect(cells).to_have_count(5 * len(expected))  # rank, change, name, score, band per unit
    texts = [text.strip() for text in cells.all_text_contents()]
    shown = {row[2]: row[4] for row in (texts[i : i + 5] for i in range(0, len(texts), 5))}
    assert shown == expected
    sign_out(page)
