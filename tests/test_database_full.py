"""A full disk under the database (not only under the evidence store) gives the translated message.

SQLite reports it as its own "database or disk is full" (SQLITE_FULL), PostgreSQL as SQLSTATE 53100; either
must reach the user as ``database.disk_full`` in their language, with nothing half written. SQLite's
``max_page_count`` makes the database file full without filling the machine's disk.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from factories import World, build_world, submission_id, table_rows

from i18n import LenteraError
from models.database import get_engine, session_scope
from models.tables import AuditEvent, utcnow
from services import submissions, workflow


@pytest.fixture
def world(sqlite_url: str) -> World:
    return build_world()


@contextmanager
def full_database() -> Iterator[None]:
    """Every new connection may not grow the database file by a single page."""

    def cap(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count={pages}")
        cursor.close()

    from sqlalchemy import event

    engine = get_engine()
    engine.dispose()
    event.listen(engine, "connect", cap)
    try:
        yield
    finally:
        event.remove(engine, "connect", cap)
        engine.dispose()


def translated(call: Any) -> LenteraError:
    before = table_rows()
    with full_database(), pytest.raises(LenteraError) as caught:
        call()
    assert caught.value.key == "database.disk_full"
    assert "penuh" in caught.value.message("id") and "full" in caught.value.message("en")
    assert table_rows() == before
    return caught.value


def test_a_service_write_on_a_full_database_is_translated(world: World) -> None:
    item = submission_id(world, organisation_id=world.opd_a, code="1")
    note = "catatan panjang " * (workflow.NOTE_LIMIT // 16)
    translated(lambda: submissions.save_draft(world.focal_a, submission_id=item, self_value=3, note=note))


def test_any_write_through_a_session_on_a_full_database_is_translated(world: World) -> None:
    def write() -> None:
        with session_scope() as session:
            for number in range(200):
                session.add(
                    AuditEvent(
                        at=utcnow(), action="uji", entity="uji", entity_id=str(number), after={"x": "y" * 500}
                    )
                )

    translated(write)
