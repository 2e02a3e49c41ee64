"""The demo's users and items for the browser journeys, and the journey steps several journey modules share
(``test_journeys.py``, ``test_replicas.py``): which item to use, what its numbers must become, how the browser
opens, uploads to and ticks it. Test modules import this module, never each other.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from fpdf import FPDF
from playwright.sync_api import Page, expect
from sqlmodel import select

import ui.actions_page  # the Rencana Aksi page's texts
import ui.messages  # noqa: F401  (registers the UI's texts, so t() below reads what the browser shows)
from e2e.steps import (
    act,
    by_key_prefix,
    choose,
    click,
    expect_chosen,
    go_to,
    upload_evidence,
)
from i18n import format_number, t
from indicators import ROOT_CODE
from indicators.rules import DocumentsRule
from models import session_scope
from models.tables import Organisation, Role, User
from services import (
    catalogs,
    document_progress,
    evidence,
    freshness,
    periods,
    signin,
    submission_views,
    users,
    verification,
)
from services.actor import Actor
from services.overview import opd_overview
from vocabulary import EDITABLE_STATUSES

FOCAL = "fp.diskominfosan"
INSPECTOR = "inspektur"
LEADER = "sekda"


# -- the database behind the app -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    code: str
    submission_id: int
    period_id: int
    period_name: str
    organisation_id: int
    abbreviation: str
    documents: list[tuple[str, float]]  # (code, points) of the documents rule


def actor_of(username: str) -> Actor:
    with session_scope() as session:
        user_id = session.exec(select(User.id).where(User.username == username)).one()
    assert user_id is not None
    return signin.get_actor(user_id)


def current_period(actor: Actor) -> tuple[int, str]:
    """The period the app opens by default: the open one of the actor's region with the nearest deadline."""
    frame = periods.list_periods(actor)
    region = frame[frame["region_id"] == actor.region_id] if actor.region_id is not None else frame
    open_rows = region[region["state"] == "open"].sort_values("submission_deadline")
    row = open_rows.iloc[0]
    return int(row["period_id"]), str(row["name"])


def approve_elsewhere(
    period_id: int, *, sparing: tuple[str, ...], until: Callable[[], bool] | None = None
) -> int:
    """Another office's write while a browser has a page open: the inspector approves submitted items of the
    period at their claims, of OPDs other than those of the users ``sparing`` (whose items other journeys use):
    one, or until ``until()`` holds. Returns how many."""
    spared = {actor_of(username).organisation_id for username in sparing}
    inspector = actor_of(INSPECTOR)
    waiting = verification.queue(inspector, period_id=period_id)
    claims = waiting.loc[~waiting["organisation_id"].isin(spared) & (waiting["self_value"] > 0)]
    approved = 0
    for submission_id, claim in zip(claims["submission_id"], claims["self_value"], strict=True):
        verification.approve(inspector, submission_id=int(submission_id), verified_value=float(claim))
        approved += 1
        if until is None or until():
            return approved
    raise AssertionError(f"{approved} approvals elsewhere and the condition still does not hold")


def upload_elsewhere(
    period_id: int, *, sparing: tuple[str, ...], until: Callable[[], bool], folder: Path
) -> int:
    """Another office's upload while a browser has a page open: a focal point of an OPD other than those of the
    users ``sparing`` (made by the demo's admin: the demo has focal points for those OPDs only) attaches a PDF to
    items it may still change (``EDITABLE_STATUSES``), until ``until()`` holds. Writes no submission,
    so the period's scores (and change token) stay as they were. Returns how many files."""
    spared = {actor_of(username).organisation_id for username in sparing}
    admin = actor_of("admin")
    offices = document_progress.document_progress(admin, period_id=period_id)["organisation_id"]
    pdf = small_pdf(folder / "SK elsewhere.pdf")
    uploaded = 0
    for organisation_id in (int(o) for o in offices if int(o) not in spared):
        username = f"fp.elsewhere.{organisation_id}"
        with session_scope() as session:
            known = session.exec(select(User.id).where(User.username == username)).first()
        if known is None:
            users.create_user(admin, username=username, full_name="Operator lain (uji)", password=secrets.token_urlsafe(),
                              role=Role.focal_point, organisation_id=organisation_id)  # fmt: skip
        actor = actor_of(username)
        frame = submission_views.checklist(actor, period_id=period_id, organisation_id=organisation_id)
        for submission_id in frame.loc[frame["status"].isin(list(EDITABLE_STATUSES)), "submission_id"]:
            with pdf.open("rb") as stream:
                evidence.upload_evidence(
                    actor, submission_id=int(submission_id), filename=pdf.name, stream=stream
                )
            uploaded += 1
            if until():
                return uploaded
    raise AssertionError(f"{uploaded} uploads elsewhere and the condition still does not hold")


def untouched_item(username: str) -> Item:
    """An item of the user's OPD nobody has started (no value, no evidence) whose rule lists 2+ documents."""
    actor = actor_of(username)
    assert actor.organisation_id is not None
    period_id, period_name = current_period(actor)
    catalog = catalogs.catalog_for_period(period_id)
    frame = submission_views.checklist(actor, period_id=period_id, organisation_id=actor.organisation_id)
    with session_scope() as session:
        organisation = session.get(Organisation, actor.organisation_id)
        assert organisation is not None
        abbreviation = organisation.abbreviation
    for _, row in frame[(frame["status"] == "empty") & (frame["evidence_count"] == 0)].iterrows():
        rule = catalog.node(str(row["code"])).rule
        if isinstance(rule, DocumentsRule) and len(rule.documents) >= 2:
            return Item(
                code=str(row["code"]),
                submission_id=int(row["submission_id"]),
                period_id=period_id,
                period_name=period_name,
                organisation_id=actor.organisation_id,
                abbreviation=abbreviation,
                documents=[(d.code, float(d.points)) for d in rule.documents],
            )
    pytest.fail(f"the demo has no untouched documents item for {username} in {period_name}")


def verified_total(item: Item) -> tuple[float, int, int]:
    """The OPD's verified total score, its rank and how many OPDs are ranked, as the services compute them."""
    leader = actor_of(LEADER)
    summary = opd_overview(leader, period_id=item.period_id, organisation_id=item.organisation_id)
    total = summary.scores[summary.scores["code"].astype(str) == ROOT_CODE].iloc[0]
    assert summary.rank is not None
    return float(total["score"]), summary.rank, summary.ranked


def evidence_files(data_dir: Path) -> list[Path]:
    folder = data_dir / "evidence"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def small_pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Surat Keputusan Gubernur Maluku Utara - uji end-to-end")
    pdf.output(str(path))
    return path


def points(value: float) -> str:
    return t("ui.value.points", "id", points=format_number(value, 0))


# -- browser steps specific to these journeys ------------------------------------------------------------------


def open_item(page: Page, item: Item) -> None:
    expect_chosen(page, "period_select", item.period_name)
    click(page, f"open_{item.code}")
    expect(page.get_by_test_id("stHeading").filter(has_text=f"{item.code} · ")).to_be_visible()


def upload(page: Page, item: Item, path: Path) -> None:
    upload_evidence(page, item.code, path, freshness.today_wit())  # with the document date where asked


def set_document_boxes(page: Page, key_prefix: str, ticked: list[bool]) -> None:
    boxes = by_key_prefix(page, key_prefix).get_by_test_id("stCheckbox")
    expect(boxes).to_have_count(len(ticked))
    for index, want in enumerate(ticked):
        box = boxes.nth(index).get_by_role("checkbox")
        if box.is_checked() != want:
            act(page, boxes.nth(index).locator("label").click)
        expect(boxes.nth(index).get_by_role("checkbox")).to_be_checked(checked=want)


def leader_sees(page: Page, item: Item) -> None:
    """On the leader's OPD page, with the item's period and OPD chosen."""
    go_to(page, "rincian-opd")
    expect(page.get_by_test_id("stHeading").filter(has_text=t("ui.page.opd_detail", "id"))).to_be_visible()
    expect_chosen(page, "period_select", item.period_name)
    choose(page, "drill_opd", f"({item.abbreviation})")
    expect_chosen(page, "drill_opd", f"({item.abbreviation})")
