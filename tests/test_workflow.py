"""The verification workflow end to end, on SQLite and PostgreSQL: what a focal point and an inspector notice.

upload → submit → return → resubmit → approve → score; stale writes; every illegal transition; one audit event per
change. Deadlines in WIT are in ``test_deadlines``; the shared steps in ``workflow_steps``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

import numpy as np
import pandas as pd
import pytest
from factories import (
    PDF_BYTES,
    World,
    attach_evidence,
    build_world,
    submission_id,
    table_rows,
)
from sqlmodel import col, select
from workflow_steps import audit_actions, drafted, refused, row_of, submitted, with_status

import scoring
from i18n import LenteraError, status_label
from indicators import ROOT_CODE, Node
from models.database import session_scope
from models.tables import Assignment, AuditEvent, Review, Submission, SubmissionStatus
from services import (
    deadlines,
    evidence,
    periods,
    submission_views,
    submissions,
    transitions,
    verification,
    workflow,
)
from services.catalogs import catalog_for_period


def expected_total(catalog_nodes: list[Node], values: dict[str, float], applies: set[str]) -> float:
    """Independent oracle: weighted mean of applicable children, leaf = value / maximum × 5 (1, SPBE's floor,
    if missing: "Tingkat 1 diberi nilai 1")."""

    def visit(node: Node) -> tuple[float, bool]:
        if node.is_leaf:
            value = values[node.code] / node.maximum * 5 if node.code in values else 1.0
            return value, node.code in applies
        scored = [(child.weight, *visit(child)) for child in node.children]
        used = [(weight, value) for weight, value, ok in scored if ok]
        if not used:
            return 0.0, False
        return sum(w * v for w, v in used) / sum(w for w, _ in used), True

    tops = [(node.weight, *visit(node)) for node in catalog_nodes]
    used = [(w, v) for w, v, ok in tops if ok]
    return sum(w * v for w, v in used) / sum(w for w, _ in used)


# --------------------------------------------------------------------------- the whole workflow


def test_upload_submit_return_resubmit_approve_score(db_url: str) -> None:
    world = build_world(via_accounts=True)
    focal, inspector = world.focal_a, world.inspector
    item = submission_id(world, organisation_id=world.opd_a, code="1")

    first = submission_views.checklist(focal, period_id=world.period_id, organisation_id=world.opd_a)
    assert len(first) == 33  # the SPBE leaves whose responsible OPD is Diskominfosan
    assert set(first["status"]) == {"empty"}
    assert row_of(first, item)["allowed_values"] == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert row_of(first, item)["level_names"][3.0] == "Terdefinisi"

    error = refused("workflow.value_not_allowed", lambda: submissions.save_draft(
        focal, submission_id=item, self_value=7, note=None))  # fmt: skip
    assert "1, 2, 3, 4, 5" in error.message("en")
    refused("workflow.value_not_allowed", lambda: submissions.save_draft(
        focal, submission_id=item, self_value=2.5, note=None))  # fmt: skip
    submissions.save_draft(focal, submission_id=item, self_value=5, note="  SK Gubernur 2025  ")
    refused("workflow.evidence_required", lambda: submissions.submit(focal, submission_id=item))

    evidence_id = attach_evidence(focal, submission_id=item, content=PDF_BYTES)
    submissions.submit(focal, submission_id=item)

    queue = verification.queue(inspector, period_id=world.period_id)
    assert list(queue["submission_id"]) == [item]
    waiting = queue.iloc[0]
    assert (waiting["opd"], waiting["code"], waiting["area_code"], waiting["self_value"]) == (
        "Diskominfosan", "1", "D1", 5.0)  # fmt: skip
    assert waiting["evidence_count"] == 1 and 0 <= waiting["age_days"] < 0.01

    refused(
        "workflow.reason_required",
        lambda: verification.return_item(inspector, submission_id=item, reason=" "),
    )
    verification.return_item(inspector, submission_id=item, reason="SK belum ditandatangani")

    after_return = submission_views.checklist(focal, period_id=world.period_id, organisation_id=world.opd_a)
    top = after_return.iloc[0]
    assert (top["submission_id"], top["status"], top["return_reason"]) == (
        item, "returned", "SK belum ditandatangani")  # fmt: skip
    assert top["note"] == "SK Gubernur 2025"
    refused("workflow.illegal_transition", lambda: submissions.submit(focal, submission_id=item))

    attach_evidence(focal, submission_id=item, filename="sk-ttd.pdf", content=PDF_BYTES + b"% signed\n")
    submissions.save_draft(focal, submission_id=item, self_value=4, note="SK sudah ditandatangani")
    assert (
        row_of(
            submission_views.checklist(focal, period_id=world.period_id, organisation_id=world.opd_a), item
        )["return_reason"]
        == "SK belum ditandatangani"
    )  # still shown while the OPD works on it
    submissions.submit(focal, submission_id=item)
    resubmitted = submission_views.checklist(focal, period_id=world.period_id, organisation_id=world.opd_a)
    assert row_of(resubmitted, item)["return_reason"] is None
    refused("workflow.value_not_allowed", lambda: verification.approve(
        inspector, submission_id=item, verified_value=0))  # fmt: skip
    verification.approve(inspector, submission_id=item, verified_value=3, note="level 3 sesuai bukti")

    detail = submission_views.item_detail(focal, submission_id=item)
    assert (detail.status, detail.self_value, detail.verified_value) == ("verified", 4.0, 3.0)
    assert [r.decision for r in detail.reviews] == ["return", "approve"]
    assert len(detail.reviews[1].evidence_hashes) == 2 and len(detail.evidence) == 2
    assert evidence_id in {e.evidence_id for e in detail.evidence}
    shown, path = evidence.evidence_file(inspector, evidence_id=evidence_id)
    assert path.read_bytes() == PDF_BYTES and shown.media_type == "application/pdf"
    assert detail.actions == []  # a focal point can do nothing more with a verified item

    assert audit_actions(item) == [
        "submission.save",
        "submission.submit",
        "review.return",
        "submission.save",
        "submission.submit",
        "review.approve",
    ]

    # The score of OPD A from its verified values, through the scoring engine.
    final = submission_views.checklist(inspector, period_id=world.period_id, organisation_id=world.opd_a)
    frame = pd.DataFrame(
        {
            "entity": "Diskominfosan",
            "code": final["code"],
            "value": np.where(final["status"] == "verified", final["verified_value"], np.nan),
            "self_value": final["self_value"],
            "status": final["status"],
        }
    )
    catalog = catalog_for_period(world.period_id)
    result = scoring.score(catalog, frame).set_index("code")
    assert result.loc["1", "score"] == pytest.approx(3.0)
    assert result.loc["1", "self_score"] == pytest.approx(4.0)
    total = expected_total(catalog.nodes, {"1": 3.0}, set(final["code"]))
    assert result.loc[ROOT_CODE, "score"] == pytest.approx(total)
    assert 1 < total < 1.5  # one indicator at 3, the unanswered ones at the floor 1 (was 0 < total < 0.5)


def test_reopen_lets_the_opd_answer_again_and_keeps_the_old_verified_value(db_url: str) -> None:
    world = build_world()
    item = submitted(world, "2", value=3)
    verification.approve(world.inspector, submission_id=item, verified_value=3)
    refused(
        "workflow.reason_required",
        lambda: verification.reopen(world.inspector, submission_id=item, reason=""),
    )
    refused("perm.denied", lambda: verification.reopen(world.leader, submission_id=item, reason="cek ulang"))
    verification.reopen(world.admin, submission_id=item, reason="Bukti kedaluwarsa, unggah yang baru")

    row = row_of(
        submission_views.checklist(world.focal_a, period_id=world.period_id, organisation_id=world.opd_a),
        item,
    )
    assert (row["status"], row["verified_value"], row["return_reason"]) == (
        "reopened", 3.0, "Bukti kedaluwarsa, unggah yang baru")  # fmt: skip
    submissions.submit(world.focal_a, submission_id=item)  # reopened behaves like a draft
    verification.approve(world.inspector, submission_id=item, verified_value=4)
    assert submission_views.item_detail(world.admin, submission_id=item).verified_value == 4.0
    assert audit_actions(item)[-4:] == [
        "review.approve",
        "review.reopen",
        "submission.submit",
        "review.approve",
    ]


# --------------------------------------------------------------------------- concurrency


def test_a_stale_write_is_refused_and_names_who_changed_the_item(db_url: str) -> None:
    world = build_world()
    item = submission_id(world, organisation_id=world.opd_a, code="4")
    seen = submission_views.item_detail(
        world.focal_a, submission_id=item
    ).version  # two browser tabs read this
    new_version = submissions.save_draft(
        world.focal_a, submission_id=item, self_value=2, note="tab 1", expected_version=seen
    )
    assert new_version == seen + 1
    error = refused("workflow.stale", lambda: submissions.save_draft(
        world.focal_a, submission_id=item, self_value=5, note="tab 2", expected_version=seen))  # fmt: skip
    assert "op.kominfo" in error.message("en")
    detail = submission_views.item_detail(world.focal_a, submission_id=item)
    assert (detail.self_value, detail.note) == (2.0, "tab 1")


def test_a_concurrent_update_between_read_and_write_is_refused(db_url: str) -> None:
    """Two sessions read version n; the second UPDATE ... WHERE version = n finds no row and is refused."""
    world = build_world()
    item = submission_id(world, organisation_id=world.opd_a, code="5")
    with session_scope() as slow:
        stale = slow.get(Submission, item)
        assert stale is not None
        with session_scope() as fast:
            fresh = fast.get(Submission, item)
            assert fresh is not None
            transitions.write_submission(fast, fresh, self_value=1.0, status="draft")
        with pytest.raises(LenteraError) as caught:
            transitions.write_submission(slow, stale, self_value=5.0, status="draft")
        assert caught.value.key == "workflow.stale"
    with session_scope() as session:
        row = session.get(Submission, item)
        assert row is not None and (row.self_value, row.version) == (1.0, 2)


# --------------------------------------------------------------------------- every transition


ACTIONS = ("save", "submit", "approve", "return", "reopen")


def _perform(world: World, action: str, item: int) -> None:
    if action == "save":
        submissions.save_draft(world.focal_a, submission_id=item, self_value=3, note="n")
    elif action == "submit":
        submissions.submit(world.focal_a, submission_id=item)
    elif action == "approve":
        verification.approve(world.inspector, submission_id=item, verified_value=3)
    elif action == "return":
        verification.return_item(world.inspector, submission_id=item, reason="kurang lengkap")
    else:
        verification.reopen(world.inspector, submission_id=item, reason="periksa ulang")


@pytest.mark.parametrize("status", [s.value for s in SubmissionStatus])
def test_every_status_allows_exactly_the_designed_actions(sqlite_url: str, status: str) -> None:
    world = build_world()
    designed = {
        "empty": {"save"},
        "draft": {"save", "submit"},
        "submitted": {"approve", "return"},
        "verified": {"reopen"},
        "returned": {"save"},
        "reopened": {"save", "submit"},
    }[status]
    for action in ACTIONS:
        item = with_status(world, f"{ACTIONS.index(action) + 6}", status)
        if action in designed:
            _perform(world, action, item)
            assert audit_actions(item)[-1] in {f"submission.{action}", f"review.{action}"}
        else:
            error = refused("workflow.illegal_transition", partial(_perform, world, action, item))
            assert status_label(status, "en") in error.message("en")


def test_audit_events_one_per_change_none_for_refusals(db_url: str) -> None:
    world = build_world()
    item = submission_id(world, organisation_id=world.opd_a, code="9")
    with session_scope() as session:
        count_before = len(session.exec(select(AuditEvent.id)).all())
    submissions.save_draft(world.focal_a, submission_id=item, self_value=2, note=None)
    refused("workflow.value_not_allowed", lambda: submissions.save_draft(
        world.focal_a, submission_id=item, self_value=9, note=None))  # fmt: skip
    refused("perm.other_opd", lambda: submissions.save_draft(
        world.focal_b, submission_id=item, self_value=2, note=None))  # fmt: skip
    submissions.save_draft(world.focal_a, submission_id=item, self_value=3, note="lagi")
    with session_scope() as session:
        events = session.exec(select(AuditEvent).where(col(AuditEvent.id) > count_before)).all()
        row = session.get(Submission, item)
        assert row is not None
        version = row.version
    assert [e.action for e in events] == ["submission.save", "submission.save"]
    assert events[1].before is not None and events[1].after is not None
    assert (events[1].before["self_value"], events[1].after["self_value"]) == (2.0, 3.0)
    assert (events[1].actor_username, version) == ("op.kominfo", 3)


def test_a_review_records_the_hashes_of_the_evidence_it_saw(db_url: str) -> None:
    import hashlib

    world = build_world()
    item = submitted(world, "10", value=2)
    verification.approve(world.inspector, submission_id=item, verified_value=2)
    with session_scope() as session:
        review = session.exec(select(Review).where(Review.submission_id == item)).one()
    assert review.evidence_hashes == [hashlib.sha256(PDF_BYTES).hexdigest()]
    assert review.reviewer_id == world.inspector.id and review.decision == "approve"


def test_queue_filters_by_opd_area_status_and_age(db_url: str, clock: Callable[[datetime], None]) -> None:
    world = build_world()
    a1, a2 = submitted(world, "1", value=2), submitted(world, "20", value=2)
    b1 = submitted(world, "36", value=2, organisation_id=world.opd_b, focal=world.focal_b)
    full = verification.queue(world.inspector, period_id=world.period_id)
    assert set(full["submission_id"]) == {a1, a2, b1}
    assert list(full.columns) == verification.QUEUE_COLUMNS
    only_b = verification.queue(world.inspector, period_id=world.period_id, organisation_id=world.opd_b)
    assert list(only_b["submission_id"]) == [b1]
    d1 = verification.queue(world.inspector, period_id=world.period_id, area_code="D1")
    assert list(d1["submission_id"]) == [a1]
    verification.approve(world.inspector, submission_id=a1, verified_value=2)
    verified = verification.queue(world.inspector, period_id=world.period_id, statuses=("verified",))
    assert list(verified["submission_id"]) == [a1]
    clock(deadlines.utcnow() + timedelta(days=3))
    assert verification.queue(world.inspector, period_id=world.period_id, min_age_days=1).empty
    refused("perm.out_of_region", lambda: verification.queue(world.inspector_kab, period_id=world.period_id))


def test_value_rules_of_every_kind() -> None:
    from indicators import load_catalog

    mcp = load_catalog("mcp-2025")
    documents = next(leaf for leaf in mcp.leaves() if leaf.rule is not None and leaf.rule.kind == "documents")
    assert documents.rule is not None and documents.rule.kind == "documents"
    points = [d.points for d in documents.rule.documents]
    assert workflow.check_value(documents, sum(points)) == pytest.approx(documents.rule.total)
    assert workflow.check_value(documents, 0) == 0
    with pytest.raises(LenteraError) as caught:
        workflow.check_value(documents, min(points) / 2)
    assert caught.value.key == "workflow.value_not_a_document_sum"
    spbe_leaf = load_catalog("spbe-2021").node("1")
    for bad in (0, 6, math.nan, "3", True):
        with pytest.raises(LenteraError):
            workflow.check_value(spbe_leaf, bad)


def test_checklist_creates_missing_rows_for_assignments_made_elsewhere(db_url: str) -> None:
    """A seed script or an older version may add Assignment rows alone; the checklist still shows the item."""
    world = build_world()
    with session_scope() as session:
        session.add(Assignment(period_id=world.period_id, organisation_id=world.opd_b, code="47"))
    frame = submission_views.checklist(world.focal_b, period_id=world.period_id, organisation_id=world.opd_b)
    row = frame.loc[frame["code"] == "47"].iloc[0]
    assert row["status"] == "empty" and row["area_code"] == "D4"
    again = submission_views.checklist(world.focal_b, period_id=world.period_id, organisation_id=world.opd_b)
    assert list(again["submission_id"]) == list(frame["submission_id"])
    submissions.save_draft(world.focal_b, submission_id=int(row["submission_id"]), self_value=2, note=None)


def test_a_locked_period_stops_the_opd_but_not_the_inspector(db_url: str) -> None:
    world = build_world()
    item = submitted(world, "11", value=2)
    draft = drafted(world, "12", value=2)
    periods.set_state(world.admin, period_id=world.period_id, state="locked")
    error = refused("workflow.period_not_open", lambda: submissions.save_draft(
        world.focal_a, submission_id=draft, self_value=3, note=None))  # fmt: skip
    assert "locked" in error.message("en") and "dikunci" in error.message("id")
    refused("workflow.period_not_open", lambda: submissions.submit(world.focal_a, submission_id=draft))
    verification.approve(world.inspector, submission_id=item, verified_value=2)
    assert submission_views.item_detail(world.focal_a, submission_id=draft).actions == []


def test_percent_steps_are_enforced() -> None:
    from indicators import load_catalog

    leaf = next(
        node
        for node in load_catalog("mcp-2024").leaves()
        if node.rule is not None and node.rule.kind == "percent" and node.rule.steps
    )
    assert workflow.check_value(leaf, 50) == 50.0
    with pytest.raises(LenteraError) as caught:
        workflow.check_value(leaf, 60)
    assert "0, 50, 100" in caught.value.message("en")


def test_a_refused_save_and_submit_changes_nothing(db_url: str) -> None:
    """Save-and-submit is one transaction: refused for missing evidence, the item keeps its value and status."""
    world = build_world()
    item = submission_id(world, organisation_id=world.opd_a, code="1")
    submissions.save_draft(world.focal_a, submission_id=item, self_value=3, note="draf pertama")
    before = table_rows()
    refused("workflow.evidence_required", lambda: submissions.save_and_submit(
        world.focal_a, submission_id=item, self_value=5, note="diubah"))  # fmt: skip
    assert table_rows() == before
    attach_evidence(world.focal_a, submission_id=item)
    submissions.save_and_submit(world.focal_a, submission_id=item, self_value=5, note="diubah")
    detail = submission_views.item_detail(world.focal_a, submission_id=item)
    assert (detail.status, detail.self_value, detail.note) == ("submitted", 5, "diubah")
