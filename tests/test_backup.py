"""``lentera backup`` / ``lentera restore``: a restore gives back the same rows and files, and refuses a damaged
backup without restoring anything."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
from pathlib import Path

import pytest
from conftest import PostgresServer, SmallWorld, make_small_world
from sqlalchemy import inspect
from sqlmodel import create_engine

import cli
from config import get_settings
from models import Catalog, Organisation, Period, Role, Submission, session_scope
from models.database import engine_for
from services import evidence, signin, users
from services.backup import table_snapshot

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CSV = b"kode;nilai\n1.1;80\n"
PASSWORD = "Sandi-Kuat-2026"


def fill(world: SmallWorld) -> None:
    """A little of everything: users, a merged OPD (self reference), a period, evidence files."""
    focal = users.create_user(
        world.admin, username="op.kominfo", full_name="Operator", password=PASSWORD, role=Role.focal_point,
        organisation_id=world.opd_id,
    )  # fmt: skip
    with session_scope() as session:
        merged = session.get(Organisation, world.other_opd_id)
        assert merged is not None
        merged.merged_into_id = world.opd_id
        catalog = Catalog(key="spbe-x", name="SPBE", framework="spbe", year=2026, document={"a": [1, "é"]},
                          content_hash="0" * 64)  # fmt: skip
        session.add(catalog)
        session.flush()
        period = Period(catalog_id=catalog.id, region_id=world.province_id, name="SPBE 2026")  # type: ignore[arg-type]
        session.add(period)
        session.flush()
        item = Submission(period_id=period.id, organisation_id=world.opd_id, code="1.1", self_value=3.5,  # type: ignore[arg-type]
                          note="Catatan — ünïcode", status="draft")  # fmt: skip
        session.add(item)
        session.flush()
        item_id = item.id
    actor = signin.get_actor(focal.id)
    assert item_id is not None
    for name, data in (("SK.pdf", PDF), ("rekap.csv", CSV)):
        evidence.upload_evidence(actor, submission_id=item_id, filename=name, stream=io.BytesIO(data))


def evidence_hashes(data_dir: Path) -> dict[str, str]:
    root = data_dir / "evidence"
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def empty_target(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, kind: str
) -> str:
    """Point the settings at a new, empty data folder and database (not migrated)."""
    data_dir = tmp_path / f"restored-{uuid.uuid4().hex[:6]}"
    if kind == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        name = f"lentera_restore_{uuid.uuid4().hex[:10]}"
        url = server.create_database(name)
        request.addfinalizer(lambda: server.drop_database(name))
    else:
        url = f"sqlite:///{(data_dir / 'lentera.db').as_posix()}"
    monkeypatch.setenv("LENTERA_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    engine_for.cache_clear()
    return url


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
    # Periods come back with fresh change tokens (a running process must not serve scores cached under old ones).
    old_tokens = {row.pop("change_token") for row in source_rows["period"]}
    new_tokens = {row.pop("change_token") for row in restored_rows["period"]}
    assert None not in new_tokens and not new_tokens & old_tokens
    assert restored_rows == source_rows
    assert evidence_hashes(get_settings().data_dir) == source_files

    # The restored database is live: sign-in works and new rows get fresh ids.
    assert signin.authenticate(username="op.kominfo", password=PASSWORD).username == "op.kominfo"
    admin = signin.authenticate(username="admin", password="Rahasia-2026")
    created = users.create_user(admin, username="baru", full_name="Baru", password=PASSWORD, role="leader")
    assert created.id == max(row["id"] for row in source_rows["user"]) + 1


def rows_without_tokens(rows: dict[str, list[dict[str, object]]]) -> dict[str, list[dict[str, object]]]:
    """The snapshot without period change tokens, which a restore renews."""
    periods = [{k: v for k, v in row.items() if k != "change_token"} for row in rows["period"]]
    return {**rows, "period": periods}


def make_kind(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


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


def test_restore_refuses_a_database_that_already_has_data(
    small_world: SmallWorld, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "cadangan"
    assert cli.main(["backup", str(folder)]) == 0
    capsys.readouterr()
    assert cli.main(["restore", str(folder)]) == 2
    assert "kosong" in capsys.readouterr().err  # the message says restores go into an empty database


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
