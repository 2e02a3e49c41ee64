"""A restore killed with ``kill -9`` is finished by running ``lentera restore`` again, and ``lentera fsck`` says
so meanwhile (issue 12, "Interrupted restore"); ``lentera backup`` of nothing explains itself.

Each restore runs as its own process (``python -m cli``, the checkout's code) and is killed with SIGKILL by
itself at a chosen step: after the first evidence file, after the database step, after the files were
published. Nothing in the product knows about these kill points: the wrapper below patches the step.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from backup_world import empty_target, evidence_hashes, fill, make_kind, rows_without_tokens
from conftest import SmallWorld

import cli
from config import get_settings
from services.backup_database import table_snapshot
from services.restore import MARKER, STAGING

ROOT = Path(__file__).resolve().parent.parent
KILLED_AT = """
import os, signal, sys

import cli
import services.restore as restore
from storage.store import EvidenceStore

step, folder = sys.argv[1], sys.argv[2]


def then_die(function):
    def wrapper(*args, **kwargs):
        result = function(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
        return result
    return wrapper


if step == "files":
    EvidenceStore.import_file = then_die(EvidenceStore.import_file)
elif step == "database":
    restore.load_database = then_die(restore.load_database)
elif step == "published":
    EvidenceStore.take_over = then_die(EvidenceStore.take_over)
sys.exit(cli.main(["restore", folder]))
"""


def lentera(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        env=env,
    )  # fmt: skip


# Every kill point on SQLite; on PostgreSQL the one that leaves a loaded database behind for the rerun to replace
# (the file steps are the same code on either database, and each point costs four `python -m cli` processes).
KILL_POINTS = [
    *(pytest.param("sqlite", step, id=f"sqlite-{step}") for step in ("files", "database", "published")),
    pytest.param("postgres", "database", id="postgres-database", marks=pytest.mark.postgres),
]


@pytest.mark.parametrize(("db_url", "step"), KILL_POINTS, indirect=["db_url"])
def test_a_restore_killed_midway_is_reported_by_fsck_and_finished_by_a_rerun(
    small_world: SmallWorld,
    db_url: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
) -> None:
    fill(small_world)
    source_rows = rows_without_tokens(table_snapshot(db_url))
    source_files = evidence_hashes(get_settings().data_dir)
    folder = tmp_path / "cadangan"
    assert cli.main(["backup", str(folder)]) == 0

    target = empty_target(request, monkeypatch, tmp_path, make_kind(db_url))
    data_dir = get_settings().data_dir
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AT, step, str(folder)], cwd=ROOT, capture_output=True, text=True,
        timeout=300, check=False, env=dict(os.environ),
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert (data_dir / MARKER).exists()
    assert (data_dir / STAGING).exists() == (step != "published")

    checked = lentera("fsck", env=dict(os.environ))
    assert checked.returncode == 2 and "Traceback" not in checked.stderr, checked.stderr
    assert "Pemulihan dari" in checked.stderr and "lentera restore" in checked.stderr

    rerun = lentera("restore", str(folder), env=dict(os.environ))
    assert rerun.returncode == 0, rerun.stderr
    assert not (data_dir / MARKER).exists() and not (data_dir / STAGING).exists()
    assert rows_without_tokens(table_snapshot(target)) == source_rows
    assert evidence_hashes(data_dir) == source_files
    clean = lentera("fsck", env=dict(os.environ))
    assert clean.returncode == 0 and "konsisten" in clean.stdout, clean.stdout + clean.stderr


def test_an_interrupted_restore_blocks_a_restore_of_another_backup(
    small_world: SmallWorld,
    db_url: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fill(small_world)
    first, second = tmp_path / "cadangan-1", tmp_path / "cadangan-2"
    assert cli.main(["backup", str(first)]) == 0
    assert cli.main(["backup", str(second)]) == 0
    empty_target(request, monkeypatch, tmp_path, make_kind(db_url))
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AT, "files", str(first)], cwd=ROOT, capture_output=True, text=True,
        timeout=300, check=False, env=dict(os.environ),
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    capsys.readouterr()
    assert cli.main(["restore", str(second)]) == 2
    assert f"lentera restore {first.resolve()}" in capsys.readouterr().err
    assert cli.main(["restore", str(first)]) == 0


def test_backup_of_an_uninitialised_data_folder_explains_itself(tmp_path: Path) -> None:
    env = {**os.environ, "LENTERA_DATA_DIR": str(tmp_path / "kosong")}
    env.pop("DATABASE_URL", None)
    done = lentera("backup", str(tmp_path / "cadangan"), env=env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "belum disiapkan" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "kosong" / "lentera.db").exists()  # looking creates nothing
    assert not (tmp_path / "cadangan").exists()


def test_backup_of_an_initialised_folder_without_evidence_works(tmp_path: Path) -> None:
    env = {**os.environ, "LENTERA_DATA_DIR": str(tmp_path / "baru")}
    env.pop("DATABASE_URL", None)
    assert lentera("init", env=env).returncode == 0
    done = lentera("backup", str(tmp_path / "cadangan"), env=env)
    assert done.returncode == 0, done.stderr
    assert "0 evidence files" in done.stdout and (tmp_path / "cadangan" / "manifest.json").exists()
