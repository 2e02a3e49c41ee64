"""The database schema at start-up: the app brings it to the newest migration before the first page is drawn.

A service of its own so the UI starts the upgrade without importing ``models`` (the import contracts in
pyproject.toml forbid ui/ any import of the database layer).
"""

from __future__ import annotations

from models.migrate import upgrade_database


def upgrade(*, url: str) -> None:
    """``alembic upgrade head`` on ``url``; creates a missing SQLite folder first."""
    upgrade_database(url)
