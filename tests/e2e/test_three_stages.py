"""The three stages in a real browser (issue 13 §1): the inspector reviews an item, KPK's verification starts,
the admin imports KPK's results from a file, and the Sekda sees self, reviu and KPK side by side with the gaps.

Runs after the other journeys (file order) and puts the period back to "open" at the end, because those need it
open. Expected numbers come from ``services`` on the app's own database file, formatted the Indonesian way.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect
from sqlmodel import select
from streamlit_server import stored_demo_passwords

import ui.messages  # noqa: F401  (registers the UI's texts, so t() below reads what the browser shows)
from e2e.conftest import E2EApp
from e2e.steps import (
    act,
    alerts,
    by_key,
    by_key_prefix,
    choose,
    click,
    metric_value,
    sign_in_ok,
    sign_out,
)
from i18n import format_number, t
from indicators import ROOT_CODE
from indicators.rules import DocumentsRule
from models import session_scope
from models.tables import User
from services import catalogs, periods, signin, verification
from services.actor import Actor
from services.overview import period_overview

pytestmark = pytest.mark.e2e

ADMIN, INSPECTOR, LEADER = "admin", "inspektur", "sekda"


def actor_of(username: str) -> Actor:
    with session_scope() as session:
        user_id = session.exec(select(User.id).where(User.username == username)).one()
    assert user_id is not None
    return signin.get_actor(user_id)


def current_period(actor: Actor) -> tuple[int, str]:
    frame = periods.list_periods(actor)
    region = frame[frame["region_id"] == actor.region_id]
    row = region[region["state"] == "open"].sort_values("submission_deadline").iloc[0]
    return int(row["period_id"]), str(row["name"])


@pytest.fixture
def period(app_database: Path) -> Iterator[tuple[int, str]]:
    """The province's current period; set back to open afterwards (the other journeys need it open)."""
    admin = actor_of(ADMIN)
    chosen = current_period(admin)
    try:
        yield chosen
    finally:
        periods.set_state(admin, period_id=chosen[0], state="open")


def kpk_file(path: Path, values: dict[str, float]) -> Path:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Hasil KPK"
    ws.append(["pemda", "kode item", "nilai KPK", "catatan"])
    for code, value in values.items():
        ws.append(["82", code, value, "hasil verifikasi lapangan"])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def open_stages(page: Page, period_name: str) -> None:
    """The overview (the landing page of admin and Sekda) of the period, on its "Tahapan nilai" tab."""
    expect(page.get_by_test_id("stHeading").filter(has_text=t("ui.page.overview", "id"))).to_be_visible()
    choose(page, "period_select", period_name)
    tab = page.get_by_role("tab", name=t("ui.tab.stages", "id"))
    act(page, tab.click)


def test_inspector_reviews_admin_imports_kpk_and_the_sekda_sees_three_stages(
    open_app: Callable[..., Page], e2e_app: E2EApp, period: tuple[int, str], tmp_path: Path
) -> None:
    passwords = stored_demo_passwords(e2e_app.data_dir)
    period_id, name = period
    inspector = actor_of(INSPECTOR)
    catalog = catalogs.catalog_for_period(period_id)
    queue = verification.queue(inspector, period_id=period_id, region_id=inspector.region_id)
    item = next(
        row for _, row in queue.iterrows() if isinstance(catalog.node(str(row["code"])).rule, DocumentsRule)
    )
    sid, code = int(item["submission_id"]), str(item["code"])

    # The inspector: the internal reviu of one submitted item (every document accepted).
    page = open_app()
    sign_in_ok(page, INSPECTOR, passwords[INSPECTOR])
    choose(page, "queue_opd", f"{item['opd']} · {item['region']}")
    choose(page, "queue_pick", f" · {code} · ")
    boxes = by_key_prefix(page, f"verify_docs_{sid}_").get_by_test_id("stCheckbox")
    for index in range(boxes.count()):
        if not boxes.nth(index).get_by_role("checkbox").is_checked():
            act(page, boxes.nth(index).locator("label").click)
    click(page, f"approve_{sid}")
    expect(alerts(page).first).to_be_visible()
    assert (
        verification.queue(inspector, period_id=period_id, statuses=("verified",))["submission_id"]
        .eq(sid)
        .any()
    )
    sign_out(page)

    # KPK's verification begins (the administrator's period state), then the admin imports KPK's results.
    admin = actor_of(ADMIN)
    periods.set_state(admin, period_id=period_id, state="external")
    stages = period_overview(admin, period_id=period_id).region_stages
    province = str(admin.region_id)
    leaves = stages.loc[(stages["entity"] == province) & stages["is_leaf"], "code"].astype(str).tolist()
    # KPK's value of each item must be one its rule allows (a sum of its documents' points): KPK gives each its
    # maximum, so the pemda's KPK score is the scale's top.
    upload = kpk_file(tmp_path / "hasil-kpk-2025.xlsx", {code: catalog.node(code).maximum for code in leaves})
    sign_in_ok(page, ADMIN, passwords[ADMIN])
    open_stages(page, name)
    act(page, page.get_by_text(t("ui.stages.record_title", "id"), exact=True).click)
    dropzone = by_key(page, f"kpk-upload-{period_id}").get_by_test_id("stFileUploaderDropzoneInput")
    act(page, lambda: dropzone.set_input_files(upload))
    click(page, f"kpk-save-{period_id}")
    expect(alerts(page).filter(has_text=t("ui.stages.saved", "id", count=len(leaves)))).to_be_visible()
    sign_out(page)

    # The Sekda: self, reviu and KPK for the pemda, with the over-claim and the surprise.
    seen = period_overview(actor_of(LEADER), period_id=period_id).region_stages
    row = seen.loc[(seen["entity"] == province) & (seen["code"] == ROOT_CODE)].iloc[0].to_dict()
    assert float(row["external_score"]) == pytest.approx(100.0)
    sign_in_ok(page, LEADER, passwords[LEADER])
    open_stages(page, name)
    for field, label in [
        ("self_score", t("ui.stages.self", "id")),
        ("review_score", t("ui.stages.review", "id", reviewer="Inspektorat")),
        ("external_score", t("ui.stages.external", "id")),
        ("over_claim", t("ui.stages.over_claim", "id")),
        ("surprise", t("ui.stages.surprise", "id")),
    ]:
        expect(metric_value(page, label)).to_have_text(format_number(float(row[field]), 2))
    expect(by_key(page, f"kpk-upload-{period_id}")).to_have_count(0)  # read-only for the Sekda
