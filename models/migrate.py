"""Bring a database to the newest schema with Alembic, from any working folder or an installed package.

The Alembic configuration is built in code from the location of the ``migrations`` package, so neither an
``alembic.ini`` nor the current folder matters.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

import migrations
from config import get_settings
from models.database import engine_for


def _script_location() -> Path:
    # ``__path__``, not ``__file__``: an editable install may expose the package as a namespace package.
    for folder in migrations.__path__:
        if (Path(folder) / "env.py").exists():
            return Path(folder)
    raise RuntimeError("the migrations folder (env.py) is missing from this installation")


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_script_location()))
    # ConfigParser interpolation: a literal "%" in a password must be doubled.
    config.set_main_option("sqlalchemy.url", (url or get_settings().sqlalchemy_url).replace("%", "%%"))
    return config


def upgrade_database(url: str | None = None) -> None:
    """Run ``alembic upgrade head`` on ``url`` (default: the configured database)."""
    url = url or get_settings().sqlalchemy_url
    database = make_url(url).database if url.startswith("sqlite") else None
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)  # a fresh data folder
    command.upgrade(alembic_config(url), "head")


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(url: str | None = None) -> str | None:
    with engine_for(url or get_settings().sqlalchemy_url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def database_initialised(url: str | None = None) -> bool:
    """True when the database exists and carries a schema revision. A missing SQLite file is not created."""
    url = url or get_settings().sqlalchemy_url
    database = make_url(url).database if url.startswith("sqlite") else None
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database)
        if not path.is_file() or path.stat().st_size == 0:
            return False
    return current_revision(url) is not None
