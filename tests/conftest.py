"""Shared fixtures: a real PostgreSQL server, a fresh migrated database per test, and the seeded demo to copy.

Fixtures:
- ``postgres_server`` (session): starts ``initdb`` + ``pg_ctl`` in a temp folder, yields a ``PostgresServer``.
  No binaries: SKIP locally, FAIL when ``CI=true``.
- ``db_url`` (per test, parametrised ``sqlite`` / ``postgres``): a fresh database migrated to head; sets
  ``LENTERA_DATA_DIR`` (a tmp folder) and ``DATABASE_URL`` so ``get_settings()`` / ``get_engine()`` hit it.
- ``sqlite_url``: the same, SQLite only (for tests that need no PostgreSQL run).
- ``postgres_url``: the same, PostgreSQL only.
- ``demo_template`` (session): the Maluku Utara demo seeded once into a SQLite data folder (about 3 s);
  ``demo`` (per test) copies it into the test's own data folder and yields the demo logins; ``copy_demo`` does
  the same for a fixture of a wider scope. ``role_demo`` (per module): a copy plus kabupaten users, read only;
  ``role_demo_copy``: a private copy of that one for a test that writes.
The test's data folder (evidence files) is ``get_settings().data_dir``.
Under pytest-xdist every worker has its own session fixtures (its own PostgreSQL server on a free port, its own
demo template under its own tmp folder); ``pytest_collection_modifyitems`` keeps tests that share a wider
fixture on one worker.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from argon2 import PasswordHasher
from demo_scope import Demo, add_kabupaten_users, read_demo
from pg_server import PG_TEMPLATE_DB, PostgresServer, postgres_bin_dir, running_postgres
from pytest import ParameterSet

from config import get_settings
from models.database import engine_for
from models.migrate import upgrade_database
from seed_data.demo import DemoSummary, seed_demo
from services.actor import Actor
from services.cache import clear_caches

if TYPE_CHECKING:
    from evidence_scene import Scene  # it imports SmallWorld from here

# --------------------------------------------------------------------------- pytest-xdist groups

WIDER_THAN_A_TEST = {"class", "module", "package"}


# a wrapper: the groups are marked before pytest-xdist's loadgroup hook reads them, and put into the node id after
@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> Iterator[None]:
    """Keep tests that share a costly fixture on one pytest-xdist worker (``--dist loadgroup``, as ``make test``
    and ``make check`` run): every browser test in group ``e2e`` (one app, one Chromium per session), and the
    tests of a module that use a module- or class-scoped fixture (a ``streamlit run``, a private PostgreSQL,
    ``role_demo``) in one group per module, so the fixture starts once. Session fixtures (the PostgreSQL server,
    the demo template) start once per worker. Without xdist the marks change nothing."""
    _mark_groups(items)
    yield
    _group_in_node_id(config, items)


def _group_in_node_id(config: pytest.Config, items: list[pytest.Item]) -> None:
    """pytest-xdist 3.8 tells the scheduler a test's group by appending ``@group`` to ``item._nodeid``; pytest 9.2
    keeps the node id in ``item._id`` instead, so the suffix was silently lost and every test was scheduled alone
    (each worker started its own app, browser and module servers). Until xdist writes the structured id itself
    (pytest-dev/pytest-xdist#1386, fix in #1388), write it here, and fail loudly if that stops working."""
    if not getattr(config.option, "loadgroup", False):  # set on xdist's workers under --dist loadgroup
        return
    for item in items:
        groups = {
            str(m.args[0] if m.args else m.kwargs.get("name", "default"))
            for m in item.iter_markers("xdist_group")
        }
        if not groups:
            continue
        suffix = "@" + "_".join(sorted(groups))
        if not item.nodeid.endswith(suffix) and hasattr(item, "_id"):
            item._id = type(item._id).parse(item.nodeid + suffix)
        assert item.nodeid.endswith(suffix), (
            f"pytest-xdist would not keep {item.nodeid} in group {suffix[1:]}"
        )


def _mark_groups(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("xdist_group") is not None:
            continue
        if item.get_closest_marker("e2e") is not None or item.path.parent.name == "e2e":
            item.add_marker(pytest.mark.xdist_group("e2e"))
        elif _uses_a_shared_fixture(item):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


def _uses_a_shared_fixture(item: pytest.Item) -> bool:
    if not isinstance(item, pytest.Function):
        return False
    definitions = item._fixtureinfo.name2fixturedefs.values()
    return any(definition.scope in WIDER_THAN_A_TEST for chain in definitions for definition in chain)


# --------------------------------------------------------------------------- PostgreSQL server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One server for the session (``tests/pg_server.py``); no binaries: SKIP locally, FAIL when ``CI=true``."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        message = "PostgreSQL binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    with running_postgres(bin_dir) as server:
        yield server


# --------------------------------------------------------------------------- per-test databases


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "lentera.db"
    upgrade_database(f"sqlite:///{path.as_posix()}")
    return path


def sqlite_url_of(data_dir: Path) -> str:
    """The URL of the database file ``lentera.db`` in a data folder, as the settings expect it."""
    return f"sqlite:///{(data_dir / 'lentera.db').as_posix()}"


def _use_database(monkeypatch: pytest.MonkeyPatch, data_dir: Path, url: str) -> None:
    monkeypatch.setenv("LENTERA_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()


def _forget_engine(url: str) -> None:
    engine_for(url).dispose()
    engine_for.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _sqlite_template: Path) -> Iterator[str]:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copyfile(_sqlite_template, data_dir / "lentera.db")
    url = sqlite_url_of(data_dir)
    _use_database(monkeypatch, data_dir, url)
    yield url
    _forget_engine(url)


@pytest.fixture
def postgres_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres_server: PostgresServer
) -> Iterator[str]:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    name = f"lentera_test_{uuid.uuid4().hex[:12]}"
    url = postgres_server.create_database(name, template=PG_TEMPLATE_DB)
    _use_database(monkeypatch, data_dir, url)
    yield url
    _forget_engine(url)
    postgres_server.drop_database(name)


EVIDENCE_IN_DATABASE = "postgres-evidence-in-db"
EVERY_STORE = pytest.mark.parametrize(
    "db_url",
    [
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param(EVIDENCE_IN_DATABASE, marks=pytest.mark.postgres),
    ],
    indirect=True,
)  # a test of evidence files decorated with this runs on the folder store and on the database store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh database migrated to head, on SQLite and on PostgreSQL; the settings point at it. Under
    ``EVERY_STORE`` a third run: PostgreSQL with ``LENTERA_EVIDENCE_STORE=database``."""
    if request.param == EVIDENCE_IN_DATABASE:
        monkeypatch.setenv("LENTERA_EVIDENCE_STORE", "database")
        return str(request.getfixturevalue("postgres_url"))
    return str(request.getfixturevalue(f"{request.param}_url"))


def sqlite_each_postgres_one(
    cases: Sequence[tuple[object, ...]], *, ids: Callable[[tuple[object, ...]], str], on_postgres: int = 0
) -> list[ParameterSet]:
    """Parameters ``(db_url, *case)`` for a corpus of inputs that pure validation refuses or cleans before any
    SQL runs: every case on SQLite, and case ``on_postgres`` (the most database-relevant) on PostgreSQL too.
    Use with ``@pytest.mark.parametrize(("db_url", ...), ..., indirect=["db_url"])``."""
    params = [pytest.param("sqlite", *case, id=f"sqlite-{ids(case)}") for case in cases]
    chosen = cases[on_postgres]
    return [
        *params,
        pytest.param("postgres", *chosen, id=f"postgres-{ids(chosen)}", marks=pytest.mark.postgres),
    ]


# --------------------------------------------------------------------------- the seeded demo

DEMO_NOW = datetime.now(UTC)  # the demo's "now": its deadlines lie ahead of the real clock the app reads


@dataclass(frozen=True)
class DemoTemplate:
    """A data folder (SQLite database and evidence files) holding the seeded Maluku Utara demo."""

    data_dir: Path
    summary: DemoSummary

    @property
    def logins(self) -> dict[str, str]:
        """Username → password of every demo account."""
        return {login.username: login.password for login in self.summary.logins}


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, _sqlite_template: Path) -> DemoTemplate:
    """``seed_demo(now=DEMO_NOW)`` once per session; tests work on a copy (``demo``, ``copy_demo``), never on it."""
    from services import credentials

    data_dir = tmp_path_factory.mktemp("demo-template") / "data"
    data_dir.mkdir()
    shutil.copyfile(_sqlite_template, data_dir / "lentera.db")
    url = sqlite_url_of(data_dir)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(credentials, "_hasher", cheap_hasher())  # session fixtures run before the autouse one
        patch.delenv("LENTERA_DEMO", raising=False)
        _use_database(patch, data_dir, url)
        try:
            summary = seed_demo(now=DEMO_NOW)
            _as_if_passwords_were_changed()
        finally:
            _forget_engine(url)
            clear_caches()
    get_settings.cache_clear()
    return DemoTemplate(data_dir=data_dir, summary=summary)


def _as_if_passwords_were_changed() -> None:
    """The tests run outside demo mode, where seeded accounts must first change their password."""
    from sqlalchemy import update

    from models import User, session_scope

    with session_scope() as session:
        session.execute(update(User).values(must_change_password=False))


def copy_demo(template: DemoTemplate, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Copy the demo into ``data_dir`` (which must not exist) and point the settings at it; returns its URL."""
    shutil.copytree(template.data_dir, data_dir)
    url = sqlite_url_of(data_dir)
    monkeypatch.delenv("LENTERA_DEMO", raising=False)
    _use_database(monkeypatch, data_dir, url)
    return url


def forget_demo(url: str) -> None:
    """Close the copy's engine and drop what the caches hold, so the next copy starts cold."""
    _forget_engine(url)
    clear_caches()


@pytest.fixture
def demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_template: DemoTemplate
) -> Iterator[dict[str, str]]:
    """This test's own copy of the seeded demo; the settings point at it. Yields username → password."""
    url = copy_demo(demo_template, tmp_path / "data", monkeypatch)
    yield demo_template.logins
    forget_demo(url)


@pytest.fixture(scope="module")
def role_demo(tmp_path_factory: pytest.TempPathFactory, demo_template: DemoTemplate) -> Iterator[Demo]:
    """A module's copy of the demo plus the Halmahera Selatan users (``demo_scope``), shared by the module's tests,
    which may only read: the fixture checks at the end that no row changed."""
    from factories import table_rows

    data_dir = tmp_path_factory.mktemp("role-demo") / "data"
    with pytest.MonkeyPatch.context() as patch:
        url = copy_demo(demo_template, data_dir, patch)
        try:
            add_kabupaten_users()
            before = table_rows()
            yield read_demo(data_dir)
            after = table_rows()
            # the sign-ins of the cases themselves (open_url), and the stored leaf means a read fills when they are
            # missing (a cache keyed on the period's change token, services/stored_means.py): not page effects
            for derived in ("user_session", "period_leaf_means"):
                after.pop(derived)
                before.pop(derived)
            assert after == before, "opening pages changed the database"
        finally:
            forget_demo(url)
    get_settings.cache_clear()


@pytest.fixture
def role_demo_copy(role_demo: Demo, tmp_path: Path) -> Iterator[Demo]:
    """A private copy of ``role_demo`` (database and evidence) for a test that writes, e.g. a report's audit event."""
    data_dir = tmp_path / "data"
    shutil.copytree(role_demo.data_dir, data_dir)
    url = sqlite_url_of(data_dir)
    with pytest.MonkeyPatch.context() as patch:
        _use_database(patch, data_dir, url)
        try:
            yield role_demo
        finally:
            forget_demo(url)
    get_settings.cache_clear()


# --------------------------------------------------------------------------- the workflow's clock


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    """Set the workflow's idea of "now" (the deadline check reads ``services.deadlines.utcnow``)."""
    from services import deadlines

    def set_now(moment: datetime) -> None:
        monkeypatch.setattr(deadlines, "utcnow", lambda: moment)

    return set_now


# --------------------------------------------------------------------------- a small world to act in


@pytest.fixture
def browserless(monkeypatch: pytest.MonkeyPatch) -> None:
    """For ``AppTest``: no browser holds the session cookie, so ``ui.session`` keeps the token in session state."""
    import ui.session

    monkeypatch.setattr(ui.session, "BROWSERLESS", True)


def cheap_hasher() -> PasswordHasher:
    """Still argon2id, with a test-sized cost: the production profile takes ~0.25 s per hash on 2 cores."""
    return PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    from services import credentials

    monkeypatch.setattr(credentials, "_hasher", cheap_hasher())


@dataclass(frozen=True)
class SmallWorld:
    """A province with one kabupaten, two province OPDs, one kabupaten OPD, and the first admin."""

    province_id: int
    kabupaten_id: int
    opd_id: int
    other_opd_id: int
    kabupaten_opd_id: int
    admin: Actor


@pytest.fixture
def small_world(db_url: str) -> SmallWorld:
    return make_small_world()


def make_small_world() -> SmallWorld:
    """The ``small_world`` rows, for a test that picked its database itself (``sqlite_url``, ...)."""
    from models import Organisation, Region, session_scope
    from services.install import new_setup_token
    from services.signin import create_first_admin

    with session_scope() as session:
        province = Region(kemendagri_code="82", bps_code="82", name="Maluku Utara", kind="provinsi")
        session.add(province)
        session.flush()
        assert province.id is not None
        kabupaten = Region(
            kemendagri_code="82.01", bps_code="8201", name="Halmahera Barat", kind="kabupaten",
            parent_id=province.id,
        )  # fmt: skip
        session.add(kabupaten)
        session.flush()
        assert kabupaten.id is not None
        opds = [
            Organisation(
                region_id=province.id, name="Dinas Kominfo", abbreviation="DISKOMINFO", kind="dinas"
            ),
            Organisation(
                region_id=province.id, name="Inspektorat", abbreviation="INSPEKTORAT", kind="inspektorat"
            ),
            Organisation(region_id=kabupaten.id, name="Bappeda Halbar", abbreviation="BAPPEDA", kind="badan"),
        ]
        session.add_all(opds)
        session.flush()
        province_id, kabupaten_id = province.id, kabupaten.id
        opd_id, other_opd_id, kabupaten_opd_id = (o.id for o in opds)
    admin = create_first_admin(
        username="admin", full_name="Admin Provinsi", password="Rahasia-2026", setup_token=new_setup_token()
    )
    assert opd_id is not None and other_opd_id is not None and kabupaten_opd_id is not None
    return SmallWorld(
        province_id=province_id,
        kabupaten_id=kabupaten_id,
        opd_id=opd_id,
        other_opd_id=other_opd_id,
        kabupaten_opd_id=kabupaten_opd_id,
        admin=admin,
    )


@pytest.fixture
def scene(small_world: SmallWorld) -> Scene:
    """The evidence tests' scene (``evidence_scene.build_scene``): items in every status, users of every role."""
    from evidence_scene import build_scene

    return build_scene(small_world)


# --------------------------------------------------------------------------- "nothing changed" snapshots


@dataclass(frozen=True)
class StateSnapshot:
    """Every row of every table, and every file of the evidence folder (temp files too) with its sha256."""

    tables: dict[str, list[tuple[object, ...]]]
    evidence_files: dict[str, str]


def evidence_folder_files() -> dict[str, str]:
    """Path relative to the evidence folder → sha256 of its bytes, for every file (hidden ones included)."""
    import hashlib

    root = get_settings().evidence_dir
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def snapshot_state() -> StateSnapshot:
    """Compare two of these around a refused action to show it changed nothing, in the database or on disk."""
    from factories import table_rows

    return StateSnapshot(tables=table_rows(), evidence_files=evidence_folder_files())
