"""Load test: 50 focal points and 3 inspectors working the same period at once, on SQLite and PostgreSQL.

The focal points run in forked worker processes (several threads each), so on SQLite the writers really are
separate processes contending for the database file's lock, as Streamlit replicas or a restarted server would.
Each focal point saves a draft of each of its items, uploads a small real PDF (one of its own, one shared by
all OPDs), saves again and submits; a second thread of the same focal point races the first save with the same
version, as a double click or a second browser tab would. The inspectors read the queue and approve or return
the same items in overlapping order, so they collide with each other; a returned item is saved and submitted
again by its focal point.

What the test holds the services to:
- no lost write: the successful writes of an item carry versions 2, 3, ... with no gap and no duplicate, and
  the final row is exactly what the last successful write left (value, status, verified value);
- every refusal the callers see is a ``LenteraError`` (the colliding ones are ``workflow.stale``), never a
  raw database error such as SQLite's "database is locked";
- exactly one audit event per successful change, one review per decision;
- the evidence folder holds one file per distinct content uploaded.
"""

from __future__ import annotations

import io
import multiprocessing
import threading
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from factories import build_world, make_user
from fpdf import FPDF
from sqlalchemy import func, insert
from sqlmodel import col, select

from config import get_settings
from i18n import LenteraError
from models.database import engine_for, session_scope
from models.tables import (
    Assignment,
    AuditEvent,
    Evidence,
    EvidenceLink,
    Organisation,
    Review,
    Role,
    Submission,
    utcnow,
)
from services import evidence, submission_views, submissions, verification
from services.actor import Actor

FOCAL_POINTS = 50
FOCAL_PROCESSES = 10  # 5 focal points (threads) per process
INSPECTORS = 3
ITEMS_PER_OPD = 3
RETURN_EVERY = 3  # an item whose id is divisible by this is returned once, then resubmitted and approved
TIME_LIMIT = 50.0  # seconds a worker may spend before it gives up (the test then fails)
RETURN_REASON = "Dokumen belum ditandatangani pejabat yang berwenang."


@dataclass(frozen=True)
class Op:
    """One service call as its caller saw it."""

    who: str
    action: str  # save, upload, submit, approve, return
    submission_id: int
    ok: bool
    version: int | None = None  # the new version a successful write returned
    value: float | None = None  # self value saved or verified value approved
    sha256: str | None = None
    error_key: str | None = None  # LenteraError key
    raw_error: str | None = None  # anything that was not a LenteraError, with its traceback


@dataclass(frozen=True)
class Plan:
    url: str
    period_id: int
    focal: list[tuple[Actor, list[int], bytes]]  # focal point, its submission ids, its own PDF
    inspectors: list[Actor]
    shared_pdf: bytes
    values: list[float]


def _pdf(title: str) -> bytes:
    document = FPDF()
    document.add_page()
    document.set_font("Helvetica", size=12)
    document.cell(text=title)
    return bytes(document.output())


def _call(who: str, action: str, submission_id: int, run: Any, value: float | None = None) -> Op:
    try:
        result = run()
    except LenteraError as error:
        return Op(who, action, submission_id, False, value=value, error_key=error.key)
    except Exception:  # the test reports any raw error reaching a caller
        return Op(who, action, submission_id, False, value=value, raw_error=traceback.format_exc())
    if action == "upload":
        return Op(who, action, submission_id, True, sha256=result.sha256)
    return Op(who, action, submission_id, True, version=int(result), value=value)


# -- the workers -------------------------------------------------------------------------------------------


def _save(actor: Actor, sid: int, value: float, note: str, version: int | None) -> Op:
    run = partial(
        submissions.save_draft,
        actor,
        submission_id=sid,
        self_value=value,
        note=note,
        expected_version=version,
    )
    return _call(actor.username, "save", sid, run, value)


def _submit(actor: Actor, sid: int) -> Op:
    return _call(actor.username, "submit", sid, partial(submissions.submit, actor, submission_id=sid))


def _upload(actor: Actor, sid: int, content: bytes, name: str) -> Op:
    run = partial(
        evidence.upload_evidence, actor, submission_id=sid, filename=name, stream=io.BytesIO(content)
    )
    return _call(actor.username, "upload", sid, run)


def _focal_point(plan: Plan, actor: Actor, items: list[int], own_pdf: bytes, ops: list[Op]) -> None:
    values = plan.values
    first = items[0]

    # A double click: two threads save the first item from the same read (version 1).
    gate = threading.Barrier(2)

    def racer(value: float) -> None:
        gate.wait()
        ops.append(_save(actor, first, value, "balapan", 1))

    twin = threading.Thread(target=racer, args=(values[0],))
    twin.start()
    racer(values[1])
    twin.join()

    for index, sid in enumerate(items):
        version = submission_views.item_detail(actor, submission_id=sid).version
        saved = _save(actor, sid, values[(index + 2) % len(values)], "draf", version)
        ops.append(saved)
        ops.append(_upload(actor, sid, own_pdf, f"sk-{actor.username}-{sid}.pdf"))
        ops.append(_upload(actor, sid, plan.shared_pdf, "perkada-spbe.pdf"))
        ops.append(_save(actor, sid, values[(index + 3) % len(values)], "final", saved.version))
        ops.append(_submit(actor, sid))

    # Answer the inspectors: a returned item is saved again and resubmitted, once.
    waiting = {sid for sid in items if sid % RETURN_EVERY == 0}
    deadline = time.monotonic() + TIME_LIMIT
    while waiting and time.monotonic() < deadline:
        for sid in sorted(waiting):
            detail = submission_views.item_detail(actor, submission_id=sid)
            if detail.status != "returned":
                continue
            ops.append(_save(actor, sid, values[-1], "perbaikan", detail.version))
            ops.append(_submit(actor, sid))
            waiting.discard(sid)
        time.sleep(0.1)
    if waiting:
        ops.append(Op(actor.username, "timeout", min(waiting), False, raw_error="returned items never seen"))


def _inspector(plan: Plan, actor: Actor, seat: int, focal_done: Any, ops: list[Op]) -> None:
    """Work the queue in an order of one's own, so the three inspectors collide on the same items."""
    deadline = time.monotonic() + TIME_LIMIT
    while time.monotonic() < deadline:
        finished = focal_done.is_set()
        frame = verification.queue(actor, period_id=plan.period_id)
        rows = list(frame[["submission_id", "version", "self_value"]].itertuples(index=False))
        if not rows:
            if finished:
                return
            time.sleep(0.1)
            continue
        rows = rows[seat::INSPECTORS] + rows  # own share first, then everyone's
        for sid, version, self_value in rows:
            sid, version = int(sid), int(version)
            if sid % RETURN_EVERY == 0 and version <= 5:  # first submission (v4, v5 after the race)
                run = partial(
                    verification.return_item, actor, submission_id=sid, reason=RETURN_REASON,
                    expected_version=version,
                )  # fmt: skip
                ops.append(_call(actor.username, "return", sid, run))
            else:
                value = float(self_value)
                run = partial(
                    verification.approve, actor, submission_id=sid, verified_value=value,
                    expected_version=version,
                )  # fmt: skip
                ops.append(_call(actor.username, "approve", sid, run, value))
    ops.append(Op(actor.username, "timeout", 0, False, raw_error="inspector ran out of time"))


def _process(plan: Plan, role: str, members: list[int], start: Any, focal_done: Any, results: Any) -> None:
    """A forked worker: forget the parent's pooled connections, wait for the start, run its people."""
    engine_for(plan.url).dispose(close=False)
    ops: list[Op] = []
    threads = []
    for index in members:
        if role == "focal":
            actor, items, pdf = plan.focal[index]
            target: Any = _focal_point
            args: tuple[Any, ...] = (plan, actor, items, pdf, ops)
        else:
            target, args = _inspector, (plan, plan.inspectors[index], index, focal_done, ops)
        threads.append(threading.Thread(target=_guarded, args=(target, args, ops)))
    start.wait()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(ops)


def _guarded(target: Any, args: tuple[Any, ...], ops: list[Op]) -> None:
    try:
        target(*args)
    except Exception:  # a crash inside a worker fails the test with its traceback
        ops.append(Op("worker", "crash", 0, False, raw_error=traceback.format_exc()))


# -- setup and checks --------------------------------------------------------------------------------------


def _build(url: str) -> Plan:
    world = build_world()
    with session_scope() as session:
        organisations = [
            {"region_id": world.province_id, "name": f"OPD Beban {i:02d}", "abbreviation": f"BEBAN{i:02d}",
             "kind": "dinas"}
            for i in range(FOCAL_POINTS)
        ]  # fmt: skip
        session.execute(insert(Organisation), organisations)
        ids = session.exec(
            select(Organisation.id)
            .where(col(Organisation.abbreviation).like("BEBAN%"))
            .order_by(col(Organisation.abbreviation))
        ).all()
    codes = [leaf.code for leaf in _catalog_leaves()][:ITEMS_PER_OPD]
    now = utcnow()
    with session_scope() as session:
        pairs = [(organisation_id, code) for organisation_id in ids for code in codes]
        session.execute(
            insert(Assignment),
            [{"period_id": world.period_id, "organisation_id": o, "code": c} for o, c in pairs],
        )
        session.execute(
            insert(Submission),
            [
                {"period_id": world.period_id, "organisation_id": o, "code": c, "status": "empty",
                 "updated_at": now, "version": 1}
                for o, c in pairs
            ],
        )  # fmt: skip
        rows = session.exec(
            select(Submission.organisation_id, Submission.id).where(
                Submission.period_id == world.period_id, col(Submission.organisation_id).in_(ids)
            )
        ).all()
    items: dict[int, list[int]] = defaultdict(list)
    for opd, sid in rows:
        items[opd].append(int(sid or 0))
    focal = []
    for number, organisation_id in enumerate(ids):
        assert organisation_id is not None
        actor = make_user(
            username=f"op.beban{number:02d}", role=Role.focal_point,
            organisation_id=organisation_id, region_id=world.province_id,
        )  # fmt: skip
        focal.append((actor, sorted(items[organisation_id]), _pdf(f"SK Kepala OPD Beban {number:02d}")))
    inspectors = [
        make_user(username=f"inspektur{n}", role=Role.inspector, region_id=world.province_id)
        for n in range(INSPECTORS)
    ]
    return Plan(
        url,
        world.period_id,
        focal,
        inspectors,
        _pdf("Peraturan Kepala Daerah tentang SPBE"),
        [1.0, 2.0, 3.0, 4.0, 5.0],
    )


def _catalog_leaves() -> list[Any]:
    from indicators import load_catalog

    return load_catalog("spbe-2021").leaves()


def _run(plan: Plan) -> list[Op]:
    context = multiprocessing.get_context("fork")
    start, focal_done, results = context.Event(), context.Event(), context.Queue()
    per_process = FOCAL_POINTS // FOCAL_PROCESSES
    focal = [
        context.Process(
            target=_process,
            args=(
                plan,
                "focal",
                list(range(p * per_process, (p + 1) * per_process)),
                start,
                focal_done,
                results,
            ),
        )
        for p in range(FOCAL_PROCESSES)
    ]
    inspectors = [
        context.Process(target=_process, args=(plan, "inspector", [n], start, focal_done, results))
        for n in range(INSPECTORS)
    ]
    workers = focal + inspectors
    for worker in workers:
        worker.start()
    start.set()
    ops: list[Op] = []
    for _ in focal:
        ops.extend(results.get(timeout=TIME_LIMIT + 20))
    focal_done.set()
    for _ in inspectors:
        ops.extend(results.get(timeout=TIME_LIMIT + 20))
    for worker in workers:
        worker.join(timeout=10)
        assert worker.exitcode == 0, f"worker {worker.pid} ended with {worker.exitcode}"
    return ops


def _final_rows(ids: list[int]) -> dict[int, Submission]:
    with session_scope() as session:
        return {
            s.id or 0: s for s in session.exec(select(Submission).where(col(Submission.id).in_(ids))).all()
        }


_STATUS_AFTER = {"save": "draft", "submit": "submitted", "approve": "verified", "return": "returned"}
_AUDIT_ACTION = {
    "save": "submission.save",
    "submit": "submission.submit",
    "approve": "review.approve",
    "return": "review.return",
    "upload": "evidence.uploaded",
}


@pytest.mark.alone  # its time budget needs the machine: make test runs it after the parallel part
def test_fifty_focal_points_and_three_inspectors_lose_nothing(db_url: str) -> None:
    plan = _build(db_url)
    with session_scope() as session:
        audit_before = session.exec(select(func.max(AuditEvent.id))).one() or 0
    started = time.monotonic()
    ops = _run(plan)
    elapsed = time.monotonic() - started

    raw = [op for op in ops if op.raw_error is not None]
    assert not raw, f"{len(raw)} raw errors reached callers, first:\n{raw[0].raw_error}"

    writes = [op for op in ops if op.action in _STATUS_AFTER]
    refused = Counter(op.error_key for op in writes if not op.ok)
    assert set(refused) <= {"workflow.stale", "workflow.illegal_transition"}, refused
    # Every double click lost cleanly: one save won, the other was told the item had just changed.
    assert refused["workflow.stale"] >= FOCAL_POINTS

    # No lost write: per item the successful versions are 2..n exactly once each, and the row is the last one.
    ids = [sid for _, items, _ in plan.focal for sid in items]
    rows = _final_rows(ids)
    by_item: dict[int, list[Op]] = defaultdict(list)
    for op in writes:
        if op.ok:
            by_item[op.submission_id].append(op)
    for sid in ids:
        done = sorted(by_item[sid], key=lambda op: op.version or 0)
        versions = [op.version for op in done]
        assert versions == list(range(2, len(done) + 2)), (sid, versions)
        row, last = rows[sid], done[-1]
        assert row.version == last.version, (sid, row.version, last)
        assert row.status == _STATUS_AFTER[last.action] == "verified", (sid, row.status, last)
        saves = [op for op in done if op.action == "save"]
        assert row.self_value == saves[-1].value, (sid, row.self_value, saves[-1])
        assert row.verified_value == last.value, (sid, row.verified_value, last)

    # One audit event per successful change, one review per decision.
    uploads = [op for op in ops if op.action == "upload"]
    assert all(op.ok for op in uploads), Counter(op.error_key for op in uploads if not op.ok)
    successes = Counter(_AUDIT_ACTION[op.action] for op in [*writes, *uploads] if op.ok)
    with session_scope() as session:
        audited = dict(
            session.exec(
                select(AuditEvent.action, func.count())
                .where(col(AuditEvent.id) > audit_before)
                .group_by(col(AuditEvent.action))
            ).all()
        )
        reviews = session.exec(
            select(func.count()).select_from(Review).where(col(Review.submission_id).in_(ids))
        ).one()
        stored = set(session.exec(select(Evidence.sha256)).all())
        links = session.exec(
            select(func.count()).select_from(EvidenceLink).where(col(EvidenceLink.submission_id).in_(ids))
        ).one()
    assert audited == dict(successes), (audited, successes)
    assert reviews == successes["review.approve"] + successes["review.return"]
    assert successes["review.return"] == sum(1 for sid in ids if sid % RETURN_EVERY == 0)
    assert links == len(uploads) == FOCAL_POINTS * ITEMS_PER_OPD * 2

    # The evidence folder: one file per distinct content (each OPD's own PDF, and the shared one once).
    on_disk = {path.name for path in Path(get_settings().evidence_dir).glob("??/??/*") if path.is_file()}
    assert on_disk == stored == {op.sha256 for op in uploads}
    assert len(on_disk) == FOCAL_POINTS + 1
    assert not list(Path(get_settings().evidence_dir).glob(".upload-*")), "half-written uploads left behind"

    assert elapsed < 60, f"the load took {elapsed:.1f} s"
    print(f"\n{db_url.split(':')[0]}: {len(ops)} calls in {elapsed:.1f} s; refused: {dict(refused)}")
