"""The migrations build exactly the tables of ``models/tables.py``, on SQLite and on PostgreSQL.

If this fails after a change to ``models/tables.py``: write the migration
(``.venv/bin/alembic revision --autogenerate -m "..."`` from the repository root, then review it).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from pg_server import PostgresServer
from sqlalchemy import UniqueConstraint, inspect
from sqlmodel import SQLModel, create_engine

from models.migrate import alembic_config, current_revision, head_revision, upgrade_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A brand-new database with no tables at all."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'kosong.db').as_posix()}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"lentera_migrate_{uuid.uuid4().hex[:10]}"
    yield server.create_database(name)
    server.drop_database(name)


def schema(url: str) -> dict[str, dict[str, object]]:
    engine = create_engine(url)
    try:
        inspector = inspect(engine)
        return {
            table: {
                "columns": {c["name"]: c["nullable"] for c in inspector.get_columns(table)},
                "primary_key": inspector.get_pk_constraint(table)["constrained_columns"],
                "foreign_keys": sorted(
                    (tuple(fk["constrained_columns"]), fk["referred_table"])
                    for fk in inspector.get_foreign_keys(table)
                ),
                "indexes": sorted(
                    (i["name"], bool(i["unique"]))
                    for i in inspector.get_indexes(table)
                    if not i.get("duplicates_constraint")  # PostgreSQL lists a unique constraint's index too
                ),
                "unique": sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)),
            }
            for table in inspector.get_table_names()
            if table != "alembic_version"
        }
    finally:
        engine.dispose()


def expected_schema() -> dict[str, dict[str, object]]:
    return {
        table.name: {
            "columns": {c.name: c.nullable for c in table.columns},
            "primary_key": [c.name for c in table.primary_key.columns],
            "foreign_keys": sorted(((fk.parent.name,), fk.column.table.name) for fk in table.foreign_keys),
            "indexes": sorted((i.name, bool(i.unique)) for i in table.indexes),
            "unique": sorted(
                tuple(c.name for c in u.columns) for u in table.constraints if type(u) is UniqueConstraint
            ),
        }
        for table in SQLModel.metadata.sorted_tables
    }


def test_migrations_build_the_tables_of_the_models(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no alembic.ini here: the configuration is built in code
    upgrade_database(empty_url)
    assert current_revision(empty_url) == head_revision()
    assert schema(empty_url) == expected_schema()


def test_models_and_migrations_agree_per_autogenerate(empty_url: str) -> None:
    upgrade_database(empty_url)
    engine = create_engine(empty_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_downgrade_to_nothing_and_up_again(empty_url: str) -> None:
    upgrade_database(empty_url)
    command.downgrade(alembic_config(empty_url), "base")
    assert schema(empty_url) == {}
    upgrade_database(empty_url)
    assert schema(empty_url) == expected_schema()


def test_upgrading_twice_changes_nothing(empty_url: str) -> None:
    upgrade_database(empty_url)
    before = schema(empty_url)
    upgrade_database(empty_url)
    assert schema(empty_url) == before


def test_lentera_init_creates_the_database_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import cli
    from config import get_settings

    data_dir = tmp_path / "data-baru"
    monkeypatch.setenv("LENTERA_DATA_DIR", str(data_dir))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    try:
        assert cli.main(["init"]) == 0
        assert cli.main(["init"]) == 0  # again: nothing to do
    finally:
        get_settings.cache_clear()
    assert (data_dir / "evidence").is_dir()
    url = f"sqlite:///{(data_dir / 'lentera.db').as_posix()}"
    head = head_revision()
    assert head is not None and current_revision(url) == head
    assert head in capsys.readouterr().out


_UPGRADE_WHEN_TOLD = """
import sys, time
from pathlib import Path
from models.migrate import upgrade_database
Path(sys.argv[3]).touch()
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.01)
upgrade_database(sys.argv[1])
"""


@pytest.mark.postgres
def test_replicas_starting_together_migrate_a_new_database_once(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Three processes upgrading one new PostgreSQL database at the same moment (replicas started together,
    each migrating on its first page) all succeed: one migrates while the others wait, then find nothing to do."""
    import subprocess
    import sys

    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"lentera_together_{uuid.uuid4().hex[:10]}"
    url = server.create_database(name)
    request.addfinalizer(lambda: server.drop_database(name))
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{n}" for n in range(3)]
    root = Path(__file__).resolve().parent.parent
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _UPGRADE_WHEN_TOLD, url, str(go), str(flag)],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for flag in ready
    ]
    deadline = time.monotonic() + 60
    while not all(flag.exists() for flag in ready):  # every process has imported and waits for the signal
        assert time.monotonic() < deadline, "the processes did not start"
        time.sleep(0.05)
    go.touch()
    errors = [process.communicate(timeout=120)[1] for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], [error[-1500:] for error in errors]
    assert current_revision(url) == head_revision()
    assert schema(url) == expected_schema()
