"""``lentera backup`` / ``lentera restore``: a restore gives back the same rows and files, and refuses a damaged
backup without restoring anything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from backup_world import (
    PASSWORD,
    RENEWED_TOKENS,
    empty_target,
    evidence_hashes,
    fill,
    make_kind,
    rows_without_tokens,
)
from conftest import EVERY_STORE, SmallWorld, make_small_world
from sqlalchemy import inspect, text
from sqlmodel import create_engine

import cli
from config import get_settings
from models.migrate import alembic_config, current_revision, head_revision
from services import signin, users
from services.backup_database import table_snapshot


@EVERY_STORE
def test_backup_then_restore_gives_the_same_rows_and_files(
    small_world: SmallWorld,
    db_url: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fill(small_world)
    source_rows = table_snapshot(db_url)
    source_files = evidence_hashes(get_settings().data_dir)
    assert len(source_files) == 2 and len(source_rows["auditevent"]) >= 4

    folder = tmp_path / "cadangan"
    assert cli.main(["backup", str(folder)]) == 0
    manifest = json.loads((folder / "manifest.json").read_text())
    assert {name for name in manifest["files"] if name.startswith("evidence/")} == {
        f"evidence/{name}" for name in source_files
    }
    assert manifest["database"]["tables"]["user"] == 2

    target = empty_target(request, monkeypatch, tmp_path, make_kind(db_url))
    assert cli.main(["restore", str(folder)]) == 0
    restored_rows = table_snapshot(target)
    # Periods come back with fresh change and documents tokens (a running process must not serve scores or
    # documents' progress cached under old ones).
    for column in RENEWED_TOKENS:
        old_tokens = {row.pop(column) for row in source_rows["period"]}
        new_tokens = {row.pop(column) for row in restored_rows["period"]}
        assert None not in new_tokens and not new_tokens & old_tokens, column
    assert restored_rows == source_rows
    assert evidence_hashes(get_settings().data_dir) == source_files

    # The restored database is live: sign-in works and new rows get fresh ids.
    assert signin.authenticate(username="op.kominfo", password=PASSWORD).username == "op.kominfo"
    admin = signin.authenticate(username="admin", password="Rahasia-2026")
    created = users.create_user(admin, username="baru", full_name="Baru", password=PASSWORD, role="leader")
    assert created.id == max(row["id"] for row in source_rows["user"]) + 1


def test_a_tampered_backup_is_refused_and_nothing_is_restored(
    small_world: SmallWorld,
    db_url: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fill(small_world)
    folder = tmp_path / "cadangan"
    assert cli.main(["backup", str(folder)]) == 0
    manifest = json.loads((folder / "manifest.json").read_text())
    victim = next(name for name in manifest["files"] if name.startswith("evidence/"))
    (folder / victim).write_bytes(b"%PDF-1.4 diganti\n%%EOF\n")

    target = empty_target(request, monkeypatch, tmp_path, make_kind(db_url))
    capsys.readouterr()
    assert cli.main(["restore", str(folder)]) == 2
    assert victim in capsys.readouterr().err
    assert not (get_settings().data_dir / "evidence").exists()
    if target.startswith("sqlite"):
        assert not (get_settings().data_dir / "lentera.db").exists()
    else:
        engine = create_engine(target)
        try:
            assert inspect(engine).get_table_names() == []
        finally:
            engine.dispose()


def test_a_missing_file_in_the_backup_is_refused(
    small_world: SmallWorld,
    db_url: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fill(small_world)
    folder = tmp_path / "cadangan"
    assert cli.main(["backup", str(folder)]) == 0
    database_file = next(p for p in (folder / "database").iterdir())
    database_file.unlink()
    empty_target(request, monkeypatch, tmp_path, make_kind(db_url))
    assert cli.main(["restore", str(folder)]) == 2


@EVERY_STORE
def test_restore_refuses_a_database_that_already_has_data_and_leaves_it_as_it_was(
    small_world: SmallWorld, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A restore pointed at a database in use (here one a release behind) refuses before touching it: no
    migration runs on it, whichever evidence store is set."""
    folder = tmp_path / "cadangan"
    assert cli.main(["backup", str(folder)]) == 0
    head = head_revision()
    assert head is not None
    behind = ScriptDirectory.from_config(alembic_config(db_url)).get_revision(head).down_revision
    assert isinstance(behind, str)
    with create_engine(db_url).begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :behind"), {"behind": behind})
    rows = table_snapshot(db_url)
    capsys.readouterr()
    assert cli.main(["restore", str(folder)]) == 2
    assert "kosong" in capsys.readouterr().err  # the message says restores go into an empty database
    assert current_revision(db_url) == behind
    assert table_snapshot(db_url) == rows


def test_backup_refuses_a_folder_that_is_not_empty(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "cadangan"
    folder.mkdir()
    (folder / "lain.txt").write_text("x")
    assert cli.main(["backup", str(folder)]) == 2


@pytest.mark.postgres
def test_a_sqlite_backup_restores_into_postgresql(
    sqlite_url: str, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(make_small_world())
    source_rows = table_snapshot(sqlite_url)
    folder = tmp_path / "cadangan"
    assert cli.main(["backup", str(folder)]) == 0
    target = empty_target(request, monkeypatch, tmp_path, "postgresql")
    assert cli.main(["restore", str(folder)]) == 0
    assert rows_without_tokens(table_snapshot(target)) == rows_without_tokens(source_rows)
