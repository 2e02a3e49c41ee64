"""``storage.files`` and a full disk on every path that writes through the store (issue 12: "disk-full errors
reach users in English with a traceback page").

A full disk is simulated where the bytes would become durable (``os.fsync`` or the copy raising ENOSPC), on each
write path: an upload, a backup's evidence copy, a restore's evidence import (which then resumes once space is
back), fsck's quarantine, and a report file (the evidence bundle reads the store). Each must end in the translated ``storage.disk_full`` message, leave no half file,
and change no row.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from backup_world import empty_target, evidence_hashes, fill, make_kind
from conftest import SmallWorld
from factories import World, build_world, folder_store, submission_id, table_rows

import cli
from config import get_settings
from i18n import LenteraError
from services.backup_database import sqlite_full_translated
from services.evidence import upload_evidence
from services.evidence_storage import evidence_store
from services.exports import export
from storage.files import atomic_write, sha256_bytes, sha256_file

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
FULL_ID = "Penyimpanan server penuh"


REAL_FSYNC = os.fsync


def disk_full(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def full_after(calls: int) -> object:
    """An ``os.fsync`` that works ``calls`` times, then finds the disk full."""
    done = 0

    def fsync(descriptor: int) -> None:
        nonlocal done
        done += 1
        if done > calls:
            disk_full()
        REAL_FSYNC(descriptor)

    return fsync


def test_sha256_of_a_file_and_of_bytes_agree(tmp_path: Path) -> None:
    path = tmp_path / "berkas.bin"
    path.write_bytes(PDF * 1000)
    assert sha256_file(path) == sha256_bytes(PDF * 1000)


def test_atomic_write_on_a_full_disk_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "manifest.json"
    atomic_write(target, b"lama")
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(LenteraError) as caught:
        atomic_write(target, b"baru")
    assert caught.value.key == "storage.disk_full" and FULL_ID in caught.value.message("id")
    assert target.read_bytes() == b"lama" and [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_other_os_errors_pass_unchanged(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "tidak-ada" / "berkas", b"x")


def test_an_upload_on_a_full_disk_is_refused_in_words_and_saves_nothing(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    world: World = build_world()
    item = submission_id(world, organisation_id=world.opd_a, code="1")
    before = table_rows()
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(LenteraError) as caught:
        upload_evidence(world.focal_a, submission_id=item, filename="sk.pdf", stream=io.BytesIO(PDF))
    assert caught.value.key == "storage.disk_full"
    assert table_rows() == before
    assert evidence_store().is_empty()  # not even the upload's temp file is left


def test_backup_and_restore_on_a_full_disk_say_so_and_the_restore_resumes(
    small_world: SmallWorld,
    db_url: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fill(small_world)
    source_files = evidence_hashes(get_settings().data_dir)
    with monkeypatch.context() as full:
        full.setattr(os, "fsync", disk_full)
        capsys.readouterr()
        assert cli.main(["backup", str(tmp_path / "penuh")]) == 2
        assert FULL_ID in capsys.readouterr().err
    assert not (tmp_path / "penuh" / "manifest.json").exists()  # a half backup is recognisably not one

    folder = tmp_path / "cadangan"
    assert cli.main(["backup", str(folder)]) == 0
    empty_target(request, monkeypatch, tmp_path, make_kind(db_url))
    with monkeypatch.context() as full:
        # The marker and the first file fit (an fsync of the file and one of its folder each), the second not.
        full.setattr(os, "fsync", full_after(4))
        assert cli.main(["restore", str(folder)]) == 2
        assert FULL_ID in capsys.readouterr().err
    staged = get_settings().data_dir / "evidence.restoring"
    assert len([p for p in staged.rglob("*") if p.is_file()]) == 1
    assert cli.main(["restore", str(folder)]) == 0  # space is back: the same command finishes the restore
    assert evidence_hashes(get_settings().data_dir) == source_files


def test_fsck_quarantine_on_a_full_disk_says_so(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    build_world()
    store = folder_store()
    store.root.mkdir(parents=True, exist_ok=True)
    stray = store.root / "catatan.txt"
    stray.write_text("jangan hapus")
    monkeypatch.setattr(shutil, "move", disk_full)  # a quarantine on another file system is a copy
    with pytest.raises(LenteraError) as caught:
        store.move_out("catatan.txt", get_settings().data_dir / "quarantine" / "catatan.txt")
    assert caught.value.key == "storage.disk_full"
    assert stray.read_text() == "jangan hapus"


def test_sqlites_own_disk_full_error_is_translated_too() -> None:
    with pytest.raises(LenteraError) as caught, sqlite_full_translated():
        raise sqlite3.OperationalError("database or disk is full")
    assert caught.value.key == "storage.disk_full"
    with pytest.raises(sqlite3.OperationalError), sqlite_full_translated():
        raise sqlite3.OperationalError("no such table: x")


@pytest.mark.parametrize("fmt", ["csv", "zip"])
def test_a_report_on_a_full_disk_says_so_and_leaves_no_part_file(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    world = build_world()
    out = tmp_path / "laporan"
    out.mkdir()
    if fmt == "csv":
        monkeypatch.setattr(os, "fsync", disk_full)
    else:  # the bundle is written by reports/, which cannot translate; the service does
        monkeypatch.setattr(zipfile.ZipFile, "writestr", disk_full)
    with pytest.raises(LenteraError) as caught:
        export(world.admin, period_id=world.period_id, scope="province", fmt=fmt, out=out)
    assert caught.value.key == "storage.disk_full"
    assert list(out.iterdir()) == []
