"""Faults: a process killed mid-upload or mid-review, and PostgreSQL restarted under the app.

The child processes are real ``python`` processes running the real services against the test's database and
data folder (inherited through the environment). To kill a review at the worst moment, the child installs an
``after_flush`` listener that announces the flushed-but-uncommitted transaction and then sleeps; the parent
SIGKILLs it there. Nothing of ours is mocked.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import snapshot_state
from factories import PDF_BYTES, World, attach_evidence, build_world, make_user, submission_id
from pg_server import (
    PG_SUPERUSER,
    PostgresServer,
    cluster_root,
    init_cluster,
    postgres_bin_dir,
    run_as,
    start_cluster,
    unprivileged_account,
    wait_until_accepting,
)
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from config import get_settings
from i18n import LenteraError
from models import AuditEvent, Evidence, Review, Role, Submission, session_scope
from models.database import engine_for
from models.migrate import upgrade_database
from services import fsck, submission_views, submissions, verification

REPO = Path(__file__).resolve().parent.parent

SLOW_UPLOAD = """
import io, sys, time
from services.signin import get_actor
from services.evidence import upload_evidence

class Slow(io.RawIOBase):
    '''A 20 MB PDF arriving at 1 MB per 0.1 s, like a phone on a weak connection.'''
    def __init__(self):
        self.sent = 0
    def readable(self):
        return True
    def read(self, size=-1):
        if self.sent >= 20:
            return b""
        self.sent += 1
        if self.sent == 2:
            print("streaming", flush=True)
        time.sleep(0.1)
        return (b"%PDF-1.4\\n" if self.sent == 1 else b"") + b"0" * (1024 * 1024 - 9 * (self.sent == 1))

upload_evidence(get_actor(int(sys.argv[1])), submission_id=int(sys.argv[2]), filename="besar.pdf",
                stream=Slow())
print("finished", flush=True)
"""

FROZEN_REVIEW = """
import sys, time
from sqlalchemy import event
from sqlmodel import Session
from services.signin import get_actor
from services import verification

def freeze(session, context):
    print("flushed", flush=True)  # the Review row and the status change are sent, not committed
    time.sleep(600)

event.listen(Session, "after_flush", freeze)
verification.approve(get_actor(int(sys.argv[1])), submission_id=int(sys.argv[2]), verified_value=3)
print("committed", flush=True)
"""


def start_child(script: str, *args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *map(str, args)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_line(child: subprocess.Popen[str], expected: str, timeout: float = 60) -> None:
    assert child.stdout is not None and child.stderr is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if line.strip() == expected:
            return
        if not line and child.poll() is not None:
            raise AssertionError(
                f"child ended ({child.returncode}) before {expected!r}: {child.stderr.read()}"
            )
    raise AssertionError(f"no {expected!r} within {timeout} s")


def kill(child: subprocess.Popen[str]) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


def submitted_item(world: World) -> int:
    item = submission_id(world, organisation_id=world.opd_a, code="1")
    submissions.save_draft(world.focal_a, submission_id=item, self_value=3, note="SK terlampir")
    attach_evidence(world.focal_a, submission_id=item, content=PDF_BYTES)
    submissions.submit(world.focal_a, submission_id=item)
    return item


def review_state(item: int) -> tuple[str, int, float | None, int, int]:
    with session_scope(write=False) as session:
        submission = session.get(Submission, item)
        assert submission is not None
        reviews = session.exec(select(Review).where(Review.submission_id == item)).all()
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "review.approve")).all()
        return submission.status, submission.version, submission.verified_value, len(reviews), len(events)


# --------------------------------------------------------------------------- killed processes


def test_an_upload_killed_midway_leaves_only_a_temp_file_that_fsck_removes(db_url: str) -> None:
    world = build_world()
    item = submission_id(world, organisation_id=world.opd_a, code="1")
    store_admin = make_user(username="admin.pusat", role=Role.admin)  # repair is for admins of every region
    before = snapshot_state()
    child = start_child(SLOW_UPLOAD, world.focal_a.id, item)
    try:
        wait_for_line(child, "streaming")
        time.sleep(0.5)
    finally:
        kill(child)

    after = snapshot_state()
    assert after.tables == before.tables  # no Evidence row, no link, no audit event
    temps = [name for name in after.evidence_files if name not in before.evidence_files]
    assert len(temps) == 1 and temps[0].startswith(".upload-") and temps[0].endswith(".part")
    temp = get_settings().evidence_dir / temps[0]
    assert 0 < temp.stat().st_size < 20 * 1024 * 1024  # half written, and only under a temp name

    report = fsck.check_store(store_admin)
    assert [(f.kind, f.path) for f in report.findings] == [(fsck.TEMP, temps[0])]
    assert fsck.check_store(store_admin, repair=True).findings[0].action == "kept_recent"
    assert temp.exists()  # under an hour old: it could still be an upload in progress
    old = time.time() - 2 * 3600
    os.utime(temp, (old, old))
    assert fsck.check_store(store_admin, repair=True).findings[0].action == "deleted"
    assert fsck.check_store(store_admin).ok
    assert snapshot_state().evidence_files == before.evidence_files


def test_a_review_killed_before_commit_leaves_nothing_half_applied(db_url: str) -> None:
    world = build_world()
    item = submitted_item(world)
    before_state = review_state(item)
    assert before_state[0] == "submitted" and before_state[3:] == (0, 0)
    before = snapshot_state()
    child = start_child(FROZEN_REVIEW, world.inspector.id, item)
    try:
        wait_for_line(child, "flushed")
    finally:
        kill(child)

    assert review_state(item) == before_state  # no Review without its status change, and vice versa
    assert snapshot_state() == before
    # The database is usable at once: the same review now goes through whole.
    verification.approve(world.inspector, submission_id=item, verified_value=3)
    status, version, value, reviews, events = review_state(item)
    assert (status, value, reviews, events) == ("verified", 3.0, 1, 1) and version == before_state[1] + 1


# --------------------------------------------------------------------------- PostgreSQL restarted


class PrivateServer:
    """A PostgreSQL of this module's own, so restarting it disturbs no other test."""

    def __init__(self) -> None:
        bin_dir = postgres_bin_dir()
        if bin_dir is None:
            message = "PostgreSQL binaries (initdb, pg_ctl) not found"
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(f"CI=true and {message}", pytrace=False)
            pytest.skip(message)
        self.pg_ctl = str(bin_dir / "pg_ctl")
        self.account = unprivileged_account()
        self.root = cluster_root("lentera-pg-faults-", self.account)
        self.data, sockets, self.log = self.root / "data", self.root / "sockets", self.root / "server.log"
        init_cluster(bin_dir, self.data, self.account, self.log)
        port, self.options = start_cluster(bin_dir, self.data, sockets, self.account, self.log)
        self.server = PostgresServer("127.0.0.1", port, PG_SUPERUSER, self.root, 0.0)
        wait_until_accepting(self.server)

    def ctl(self, *command: str) -> None:
        run_as(
            [self.pg_ctl, "-D", str(self.data), "-o", self.options, "-l", str(self.log), "-w", *command],
            self.account,
            self.log,
        )
        if "stop" not in command:
            wait_until_accepting(self.server)

    def close(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.ctl("-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="module")
def private_postgres() -> Iterator[PrivateServer]:
    server = PrivateServer()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def restartable_url(
    private_postgres: PrivateServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    name = f"lentera_faults_{uuid.uuid4().hex[:8]}"
    url = private_postgres.server.create_database(name)
    upgrade_database(url)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    monkeypatch.setenv("LENTERA_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    engine_for(url).dispose()
    engine_for.cache_clear()
    get_settings.cache_clear()


@pytest.mark.postgres
def test_after_a_postgres_restart_the_next_call_just_works(
    private_postgres: PrivateServer, restartable_url: str
) -> None:
    world = build_world()
    item = submission_id(world, organisation_id=world.opd_a, code="1")
    submissions.save_draft(world.focal_a, submission_id=item, self_value=2, note=None)  # pooled connections
    private_postgres.ctl("-m", "fast", "restart")  # every pooled connection is now dead
    submissions.save_draft(world.focal_a, submission_id=item, self_value=4, note="setelah restart")
    detail = submission_views.item_detail(world.focal_a, submission_id=item)
    assert (detail.self_value, detail.note) == (4.0, "setelah restart")


@pytest.mark.postgres
def test_a_review_cut_off_by_a_postgres_restart_is_not_half_applied(
    private_postgres: PrivateServer, restartable_url: str
) -> None:
    world = build_world()
    item = submitted_item(world)
    before_state = review_state(item)
    child = start_child(FROZEN_REVIEW, world.inspector.id, item)
    try:
        wait_for_line(child, "flushed")
        private_postgres.ctl("-m", "fast", "restart")  # terminates the child's open transaction
    finally:
        kill(child)
    assert review_state(item) == before_state
    verification.approve(world.inspector, submission_id=item, verified_value=3)
    assert review_state(item)[0] == "verified"


@pytest.mark.postgres
def test_while_postgres_is_down_a_call_fails_and_changes_nothing(
    private_postgres: PrivateServer, restartable_url: str
) -> None:
    world = build_world()
    item = submission_id(world, organisation_id=world.opd_a, code="1")
    before = snapshot_state()
    private_postgres.ctl("-m", "fast", "stop")
    try:
        with pytest.raises(LenteraError) as refused:
            submissions.save_draft(world.focal_a, submission_id=item, self_value=4, note="saat mati")
        assert refused.value.key == "database.unavailable"
        assert "Basis data tidak dapat dihubungi" in refused.value.message("id")
        assert isinstance(refused.value.__cause__, OperationalError)
    finally:
        private_postgres.ctl("start")
    assert snapshot_state() == before
    with session_scope(write=False) as session:
        assert session.exec(select(Evidence)).all() == []
