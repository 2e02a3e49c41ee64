"""vocabulary.py is the one place the shared words live; every layer may import it, so it imports no layer."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import models
import vocabulary
from vocabulary import (
    DONE_STATUSES,
    EDITABLE_STATUSES,
    PROJECTED_STATUSES,
    QUEUE_STATUSES,
    SENT_BACK_STATUSES,
    STATUS_GROUP,
    SubmissionStatus,
)

ROOT = Path(__file__).resolve().parents[1]


def test_vocabulary_imports_only_the_standard_library() -> None:
    tree = ast.parse((ROOT / "vocabulary.py").read_text(encoding="utf-8"))
    imported = {
        (node.module or "").split(".")[0] if isinstance(node, ast.ImportFrom) else alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported, "the parse found no import at all"
    assert imported <= {"__future__", *sys.stdlib_module_names}, imported


def test_the_tables_use_the_same_enums() -> None:
    for name in ("Role", "SubmissionStatus", "Decision", "PeriodState", "RegionKind", "CatalogStatus"):
        assert getattr(models, name) is getattr(vocabulary, name)


def test_every_status_is_either_editable_or_done() -> None:
    assert set(SubmissionStatus) == EDITABLE_STATUSES | DONE_STATUSES
    assert not EDITABLE_STATUSES & DONE_STATUSES
    assert SENT_BACK_STATUSES <= EDITABLE_STATUSES
    assert DONE_STATUSES <= PROJECTED_STATUSES
    assert set(QUEUE_STATUSES) == DONE_STATUSES | SENT_BACK_STATUSES
    assert set(STATUS_GROUP) == {status.value for status in SubmissionStatus}
