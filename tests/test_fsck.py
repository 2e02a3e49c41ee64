"""``services.fsck`` and ``lentera fsck``: what a broken evidence store looks like and what repair does to it.

Repair must never lose evidence: files move to quarantine byte for byte, rows are never deleted, and only temp
files older than an hour disappear.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import EVERY_STORE, EVIDENCE_IN_DATABASE, snapshot_state
from factories import (
    PDF_BYTES,
    World,
    age_object,
    attach_evidence,
    build_world,
    damage,
    folder_store,
    make_user,
    submission_id,
)
from sqlalchemy import update
from sqlmodel import col, select

from config import get_settings
from i18n import LenteraError
from models import AuditEvent, Evidence, EvidenceObject, session_scope
from models.tables import Role, utcnow
from services import fsck
from services.actor import Actor
from services.evidence_storage import evidence_store

# ``python -m cli`` rather than the installed ``lentera`` script: it runs the code of the checkout under test.
LENTERA = [sys.executable, "-m", "cli"]
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def pdf(text: str) -> bytes:
    return PDF_BYTES.replace(b"endobj", f"endobj % {text}".encode())


def age(path: Path, hours: float = 2) -> None:
    moment = time.time() - hours * 3600
    os.utime(path, (moment, moment))


def audit(action: str) -> list[AuditEvent]:
    with session_scope() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def lentera_fsck(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LENTERA, "fsck", *args], capture_output=True, text=True, timeout=120, check=False)


def national_admin() -> Actor:
    """An administrator of every region: the only one who may repair the shared store."""
    return make_user(username="admin.pusat", role=Role.admin)


class Broken:
    """A store with one of each problem, built through the real upload path."""

    def __init__(self, world: World):
        self.world = world
        item = submission_id(world, organisation_id=world.opd_a, code="1")
        self.good = attach_evidence(world.focal_a, submission_id=item, content=pdf("baik"))
        self.lost = attach_evidence(world.focal_a, submission_id=item, content=pdf("hilang"))
        self.damaged = attach_evidence(world.focal_a, submission_id=item, content=pdf("rusak"))
        store = folder_store()
        self.root = store.root
        with session_scope() as session:
            hashes = {e.id: e.sha256 for e in session.exec(select(Evidence)).all()}
        self.lost_sha, self.damaged_sha = hashes[self.lost], hashes[self.damaged]
        store.path(self.lost_sha).unlink()
        self.damaged_path = store.path(self.damaged_sha)
        self.damaged_path.write_bytes(self.damaged_path.read_bytes() + b"% flipped\n")
        self.orphan_sha = store.save(io.BytesIO(PNG), "yatim.png").sha256  # a file whose row never committed
        self.temp = self.root / ".upload-abc123.part"
        self.temp.write_bytes(b"%PDF-1.4 half an upl")
        self.unknown = self.root / "catatan admin.txt"
        self.unknown.write_text("jangan hapus")
        for path in (self.damaged_path, store.path(self.orphan_sha), self.temp, self.unknown):
            age(path)


@pytest.fixture
def broken(db_url: str) -> Broken:
    return Broken(build_world())


@EVERY_STORE
def test_a_clean_store_is_reported_clean(db_url: str) -> None:
    world = build_world()
    attach_evidence(world.focal_a, submission_id=submission_id(world, organisation_id=world.opd_a, code="1"))
    report = fsck.check_store(world.admin)
    assert report.ok and report.files_checked == 1 and report.rows_checked == 1
    assert list(report.frame().columns) == fsck.COLUMNS and report.frame().empty
    done = lentera_fsck()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "konsisten: 1 berkas, 1 baris" in done.stdout


def test_each_problem_is_found_and_checking_changes_nothing(broken: Broken) -> None:
    before = snapshot_state()
    report = fsck.check_store(broken.world.admin)
    assert snapshot_state() == before
    kinds = {(f.kind, f.sha256 or f.path, f.evidence_ids) for f in report.findings}
    assert kinds == {
        (fsck.MISSING, broken.lost_sha, (broken.lost,)),
        (fsck.CORRUPT, broken.damaged_sha, (broken.damaged,)),
        (fsck.ORPHAN, broken.orphan_sha, ()),
        (fsck.TEMP, ".upload-abc123.part", ()),
        (fsck.UNKNOWN, "catatan admin.txt", ()),
    }
    assert [f.kind for f in report.findings] == list(fsck.KINDS)  # reported in a fixed order
    assert set(report.frame()["action"]) == {"none"}


def test_repair_quarantines_deletes_stale_temp_and_marks_missing_rows_once(broken: Broken) -> None:
    damaged_bytes = broken.damaged_path.read_bytes()
    rows_before = snapshot_state().tables["evidence"]
    admin = national_admin()
    report = fsck.check_store(admin, repair=True)

    actions = {f.kind: f.action for f in report.findings}
    assert actions == {
        fsck.MISSING: "marked",
        fsck.CORRUPT: "quarantined",
        fsck.ORPHAN: "quarantined",
        fsck.TEMP: "deleted",
        fsck.UNKNOWN: "quarantined",
    }
    quarantine = report.quarantine
    assert quarantine is not None and quarantine.parent == get_settings().data_dir / "quarantine"
    moved = quarantine / "corrupt_file" / broken.damaged_path.relative_to(broken.root)
    assert moved.read_bytes() == damaged_bytes  # never altered, never deleted
    orphan = quarantine / "orphan_file" / evidence_store().key_for(broken.orphan_sha)
    assert hashlib.sha256(orphan.read_bytes()).hexdigest() == broken.orphan_sha
    assert (quarantine / "unknown_file" / "catatan admin.txt").read_text() == "jangan hapus"
    assert not broken.temp.exists()
    assert snapshot_state().tables["evidence"] == rows_before  # no row is ever deleted

    marked = {int(e.entity_id or 0): e.after for e in audit("evidence.file_missing")}
    assert set(marked) == {broken.lost, broken.damaged}
    assert marked[broken.lost] == {"sha256": broken.lost_sha, "found_by": "fsck", "kind": "missing_file"}
    assert fsck.missing_evidence_ids() == sorted([broken.lost, broken.damaged])
    assert len(audit("store.file_quarantined")) == 3 and len(audit("store.file_deleted")) == 1
    assert {e.actor_username for e in audit("store.file_quarantined")} == {"admin.pusat"}

    # Afterwards only the two lost files remain to restore from a backup; a second repair adds no noise.
    again = fsck.check_store(admin, repair=True)
    assert {(f.kind, f.evidence_ids) for f in again.findings} == {
        (fsck.MISSING, (broken.lost,)),
        (fsck.MISSING, (broken.damaged,)),
    }
    assert again.quarantine is None
    assert len(audit("evidence.file_missing")) == 2


def test_recent_temp_files_and_orphans_are_left_for_an_upload_in_progress(db_url: str) -> None:
    build_world()
    store = folder_store()
    orphan = store.save(io.BytesIO(PNG), "baru.png").sha256
    temp = store.root / ".upload-berjalan.part"
    temp.write_bytes(b"%PDF-1.4 still coming")
    report = fsck.check_store(national_admin(), repair=True)
    assert {(f.kind, f.action) for f in report.findings} == {
        (fsck.ORPHAN, "kept_recent"),
        (fsck.TEMP, "kept_recent"),
    }
    assert temp.exists() and store.exists(orphan) and report.quarantine is None


@EVERY_STORE
def test_an_object_uploaded_again_while_repair_runs_stays_in_the_store(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An old orphan and a damaged file, each uploaded again intact after the check listed them and before
    repair reached them, stay in the store, readable, and nothing goes to quarantine."""
    world = build_world()
    store = evidence_store()
    item = submission_id(world, organisation_id=world.opd_a, code="1")
    damaged_id = attach_evidence(world.focal_a, submission_id=item, content=pdf("rusak"))
    with session_scope() as session:
        damaged = session.exec(select(Evidence.sha256).where(Evidence.id == damaged_id)).one()
    damage(store, damaged, b"%PDF-1.4 flipped")
    orphan = store.save(io.BytesIO(PNG), "yatim.png").sha256  # its row never committed
    for sha256 in (orphan, damaged):
        age_object(store, sha256)
    repair = fsck._repair

    def uploads_arrive_after_the_check(*args: object) -> list[fsck.Finding]:
        store.save(io.BytesIO(PNG), "yatim lagi.png")  # a focal point's upload, its row not committed yet
        store.save(io.BytesIO(pdf("rusak")), "unggah ulang.pdf")
        return repair(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(fsck, "_repair", uploads_arrive_after_the_check)
    report = fsck.check_store(national_admin(), repair=True)
    assert {(f.kind, f.sha256, f.action) for f in report.findings} == {
        (fsck.ORPHAN, orphan, "kept_recent"), (fsck.CORRUPT, damaged, "kept_recent")
    }  # fmt: skip
    assert report.quarantine is None
    assert not [path for path in (get_settings().data_dir / "quarantine").rglob("*") if not path.is_dir()]
    assert store.verify(orphan) and store.verify(damaged)
    assert store.open(orphan).read() == PNG


def test_only_administrators_check_the_store(broken: Broken) -> None:
    before = snapshot_state()
    for actor in (broken.world.focal_a, broken.world.inspector, broken.world.leader):
        with pytest.raises(LenteraError) as caught:
            fsck.check_store(actor, repair=True)
        assert caught.value.key == "perm.denied"
    assert snapshot_state() == before


def test_a_region_scoped_admin_checks_but_does_not_repair_the_shared_store(broken: Broken) -> None:
    before = snapshot_state()
    assert len(fsck.check_store(broken.world.admin).findings) == 5
    with pytest.raises(LenteraError) as caught:
        fsck.check_store(broken.world.admin, repair=True)
    assert caught.value.key == "perm.denied"
    assert snapshot_state() == before and broken.temp.exists() and broken.unknown.exists()


def test_fsck_on_a_data_folder_without_a_database_says_so(tmp_path: Path) -> None:
    """After an interrupted restore (or before ``lentera init``) fsck explains instead of a traceback."""
    env = {**os.environ, "LENTERA_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [*LENTERA, "fsck"], capture_output=True, text=True, timeout=120, check=False, env=env
    )
    assert done.returncode == 2, done.stderr
    assert "Basis data belum disiapkan" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "lentera.db").exists()  # checking creates nothing


def test_the_cli_reports_and_repairs_as_the_operator(broken: Broken) -> None:
    done = lentera_fsck()
    assert done.returncode == 1, done.stderr
    assert "berkas hilang" in done.stdout and f"evidence {broken.lost}" in done.stdout
    assert "5 masalah" in done.stdout and "dikarantina" not in done.stdout
    repaired = lentera_fsck("--repair")
    assert repaired.returncode == 1, repaired.stderr  # the missing files are still missing
    assert "dikarantina" in repaired.stdout and "quarantine: " in repaired.stdout
    with session_scope() as session:
        events = session.exec(select(AuditEvent).where(col(AuditEvent.action).like("store.%"))).all()
    assert events and all(e.actor_id is None for e in events)
    assert lentera_fsck().stdout.count("berkas hilang") == 2


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", [EVIDENCE_IN_DATABASE], indirect=True)
def test_the_database_store_is_checked_and_repaired_like_the_folder(db_url: str) -> None:
    """Evidence in PostgreSQL: a lost, a damaged and an orphaned object are found; repair writes the damaged
    and the orphaned one to the quarantine folder, takes them out of the database and marks the lost row."""
    world = build_world()
    item = submission_id(world, organisation_id=world.opd_a, code="1")
    good, lost, damaged = (attach_evidence(world.focal_a, submission_id=item, content=pdf(n)) for n in "abc")
    with session_scope() as session:
        hashes = {e.id: e.sha256 for e in session.exec(select(Evidence)).all()}
    store = evidence_store()
    store.remove(store.key_for(hashes[lost]))
    damage(store, hashes[damaged], b"%PDF-1.4 flipped")
    orphan = store.save(io.BytesIO(PNG), "yatim.png").sha256
    admin = national_admin()
    report = fsck.check_store(admin)
    assert {(f.kind, f.sha256) for f in report.findings} == {
        (fsck.MISSING, hashes[lost]), (fsck.CORRUPT, hashes[damaged]), (fsck.ORPHAN, orphan)
    }  # fmt: skip
    with session_scope() as session:  # the orphan was stored two hours ago: no upload is still committing it
        session.execute(
            update(EvidenceObject)
            .where(col(EvidenceObject.sha256) == orphan)
            .values(stored_at=utcnow() - timedelta(hours=2))
        )
    repaired = fsck.check_store(admin, repair=True)
    assert repaired.quarantine is not None
    assert (repaired.quarantine / "orphan_file" / store.key_for(orphan)).read_bytes() == PNG
    assert (repaired.quarantine / "corrupt_file" / store.key_for(hashes[damaged])).read_bytes() == (
        b"%PDF-1.4 flipped"
    )
    assert sorted(store.iter_objects()) == [hashes[good]]
    # Afterwards only the lost and the damaged row remain, to restore from a backup.
    assert {(f.kind, f.sha256) for f in fsck.check_store(admin).findings} == {
        (fsck.MISSING, hashes[lost]), (fsck.MISSING, hashes[damaged])
    }  # fmt: skip
