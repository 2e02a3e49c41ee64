"""Cumulative levels in the app (``AppTest`` on a copy of the seeded demo's Pemdi 2026 period): the focal point
tags a file with the level it proves and sees which levels have evidence; submitting a level above the tagged ones
is refused with the service's words; the Tim Asesor Internal ticks the accepted evidence per level and approves
the level the ticks give."""

from __future__ import annotations

import pytest
from app_driver import actor_of, go_to, sign_in, texts, upload_file
from sqlmodel import col, select

from i18n import t
from indicators.rules import LevelsRule
from models.database import session_scope
from models.tables import Period
from services import catalogs, submission_views

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _pemdi_period() -> int:
    with session_scope() as session:
        found = session.exec(select(Period.id).where(col(Period.name).startswith("Pemdi "))).one()
    assert found is not None
    return found


def _cumulative(period_id: int, code: str) -> LevelsRule | None:
    rule = catalogs.catalog_for_period(period_id).node(code).rule
    return rule if isinstance(rule, LevelsRule) and rule.cumulative else None


def test_the_focal_point_tags_a_file_with_its_level_and_cannot_submit_above_it(demo: dict[str, str]) -> None:
    """On an open cumulative Pemdi item: upload, tag it L1, see L1 with a file and L2 without; claiming level 2
    and submitting shows the refusal naming level 2's evidence, and the item stays as it was."""
    username = "fp.diskominfosan"
    actor = actor_of(username)
    period_id = _pemdi_period()
    assert actor.organisation_id is not None
    items = submission_views.checklist(actor, period_id=period_id, organisation_id=actor.organisation_id)
    code, submission_id = next(
        (str(c), int(s))
        for c, s, status, files in zip(
            items["code"], items["submission_id"], items["status"], items["evidence_count"], strict=True
        )
        if status in ("empty", "draft") and files == 0 and _cumulative(period_id, str(c))
    )
    at = sign_in(username, demo[username])
    go_to(at, "daftar-periksa").run()
    at.selectbox(key="period_select").set_value(period_id).run()
    at.button(key=f"open_{code}").click().run()
    assert not at.exception
    upload_file(at, code, "SK-Tim-Pemdi.pdf", PDF + b"%level1\n")
    [link] = submission_views.item_detail(actor, submission_id=submission_id).evidence
    box = at.selectbox(key=f"answers_{link.link_id}")
    assert box.label == t("ui.evidence.answers", "id") and "L1" in box.options[1]
    box.set_value("L1").run()
    assert not at.exception
    [tagged] = submission_views.item_detail(actor, submission_id=submission_id).evidence
    assert tagged.document_code == "L1"
    shown = texts(at.markdown)
    assert "- ✔ L1 Bukti level 1 – Rintisan — ada berkas" in shown
    assert "- ✘ L2 Bukti level 2 – Terkelola — belum ada berkas" in shown
    before = submission_views.item_detail(actor, submission_id=submission_id)
    radio = next(r for r in at.radio if (r.key or "").startswith(f"value_{code}_"))
    radio.set_value(2).run()
    at.button(key=f"submit_{code}").click().run()
    assert any(
        "bukti level 2 belum ada" in e and "L2 Bukti level 2 – Terkelola" in e for e in texts(at.error)
    )
    after = submission_views.item_detail(actor, submission_id=submission_id)
    assert (after.status, after.self_value, after.version) == (
        before.status,
        before.self_value,
        before.version,
    )


def test_the_reviewer_ticks_levels_one_and_two_and_approves_level_two(demo: dict[str, str]) -> None:
    """A submitted cumulative item claiming 3 or more: ticking L1 and L2 (not L3) reads 'Level dari centang:
    2 – Terkelola' and the approval records level 2 with those ticks, whatever the claim."""
    inspector = actor_of("inspektur")
    period_id = _pemdi_period()
    from services import verification

    queue = verification.queue(inspector, period_id=period_id)
    row = next(
        r for _, r in queue.iterrows() if _cumulative(period_id, str(r["code"])) and r["self_value"] >= 3
    )
    sid = int(row["submission_id"])
    at = sign_in("inspektur", demo["inspektur"])
    go_to(at, "verifikasi").run()
    at.selectbox(key="period_select").set_value(period_id).run()
    at.selectbox(key="queue_pick").set_value(sid).run()
    assert not at.exception
    version = submission_views.item_detail(inspector, submission_id=sid).version
    for code in ("L1", "L2"):
        at.checkbox(key=f"verify_levels_{sid}_{version}_{code}").check().run()
    assert any(c == "Level dari centang: 2 – Terkelola" for c in texts(at.caption))
    at.button(key=f"approve_{sid}").click().run()
    assert not at.exception and not texts(at.error)
    detail = submission_views.item_detail(inspector, submission_id=sid)
    assert (detail.status, detail.verified_value, detail.accepted_documents) == (
        "verified",
        2.0,
        ["L1", "L2"],
    )
    assert detail.self_value is not None and detail.self_value >= 3
