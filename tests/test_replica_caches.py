"""Caches stay coherent across app replicas (issue 16, scale-out): two processes on one database, each with its
own in-process caches, on SQLite and on PostgreSQL. A write through one is seen by the next read through the
other, because cached scores are keyed on the periods' change tokens, which live in the database; and a read with
no write in between is served from the cache, so the test proves the cache was there to go stale. An upload
moves the documents' progress on the other replica and leaves its cached scores warm."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import score_world as world
from factories import attach_evidence
from replica_process import cached_scores, view

from services import verification
from services.cache import clear_caches

ROOT = Path(__file__).resolve().parent.parent


class Replica:
    """``tests/replica_process.py`` running beside this test process."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}"}
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "replica_process.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env,
        )  # fmt: skip

    def ask(self, *command: object) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, f"the other replica died (exit {self.process.poll()})"
        answer: dict[str, Any] = json.loads(line)
        return answer

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture
def setup(db_url: str) -> world.Setup:
    return world.build()


@pytest.fixture
def other(setup: world.Setup) -> Iterator[Replica]:
    replica = Replica()
    yield replica
    replica.close()


def here(setup: world.Setup) -> tuple[dict[str, Any], int]:
    """What this process shows, and how many period scores it computed for it."""
    before = cached_scores()
    shown = view(setup.leader.id or 0, setup.admin.id or 0, setup.period_id)
    return shown, cached_scores() - before


def truth(setup: world.Setup) -> dict[str, Any]:
    """The same figures computed from the database with every cache of this process emptied first."""
    clear_caches()
    return view(setup.leader.id or 0, setup.admin.id or 0, setup.period_id)


def test_a_write_through_one_replica_is_seen_by_the_next_read_through_the_other(
    setup: world.Setup, other: Replica
) -> None:
    read = ("read", setup.leader.id, setup.admin.id, setup.period_id)
    mine, _ = here(setup)
    first = other.ask(*read)
    assert first["view"] == mine and first["computed"] >= 1
    again = other.ask(*read)
    assert again == {"view": mine, "computed": 0}, "without a write the other replica answers from its cache"
    _, computed_here = here(setup)
    assert computed_here == 0

    # This process accepts OPD1's B1 (claimed 4): the other replica's next read recomputes and shows it.
    b1 = world.sid(setup.period_id, setup.opd1, "B1")
    verification.approve(setup.inspector, submission_id=b1, verified_value=4)
    after_mine = other.ask(*read)
    assert after_mine["computed"] >= 1
    assert after_mine["view"] == truth(setup) != first["view"]

    # The other replica saves OPD2's untouched A3 at 100: this process, warm again, sees it on its next read.
    here(setup)
    other.ask("draft", setup.focal2.id, world.sid(setup.period_id, setup.opd2, "A3"), 100)
    seen, computed = here(setup)
    assert computed >= 1
    assert seen == truth(setup) != after_mine["view"]


def test_an_upload_through_one_replica_moves_the_others_documents_and_leaves_its_scores_cached(
    setup: world.Setup, other: Replica
) -> None:
    read = ("read", setup.leader.id, setup.admin.id, setup.period_id)
    other.ask(*read)
    before = other.ask(*read)
    assert before["computed"] == 0
    attach_evidence(setup.focal2, submission_id=world.sid(setup.period_id, setup.opd2, "A3"))
    after = other.ask(*read)
    assert after["computed"] == 0, "an upload changes no score: the other replica's scores stay cached"
    uploaded = {row["organisation_id"]: row["documents_uploaded"] for row in after["view"]["documents"]}
    earlier = {row["organisation_id"]: row["documents_uploaded"] for row in before["view"]["documents"]}
    assert uploaded[setup.opd2] == earlier[setup.opd2] + 1
    assert after["view"] == truth(setup)
