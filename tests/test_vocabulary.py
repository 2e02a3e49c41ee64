"""vocabulary.py is the one place the shared words live; every layer may import it, so it imports no layer."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import i18n
import models
import vocabulary
from vocabulary import (
    DONE_STATUSES,
    EDITABLE_STATUSES,
    PROJECTED_STATUSES,
    QUEUE_STATUSES,
    SENT_BACK_STATUSES,
    STATUS_GROUP,
    Decision,
    PeriodState,
    Role,
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


def test_every_member_has_one_name_in_both_languages() -> None:
    for enum, family in vocabulary.LABEL_FAMILY.items():
        for member in enum:
            texts = i18n.MESSAGES[f"{family}.{member.value}"]
            assert texts["id"] and texts["en"] and texts["id"] != f"{family}.{member.value}", member
    assert set(vocabulary.LABELS) == {
        f"{family}.{member.value}" for enum, family in vocabulary.LABEL_FAMILY.items() for member in enum
    }


def test_label_reads_members_and_stored_text() -> None:
    assert i18n.label(Role.focal_point, "id") == "Operator OPD"
    assert i18n.label("returned", "en", kind=SubmissionStatus) == "returned"
    assert i18n.status_label("reopened", "id", capital=True) == "Dibuka kembali"
    assert i18n.label(Decision.return_, "en") == "Returned"
    assert i18n.label("open", "id", kind=PeriodState) == "terbuka"
    assert i18n.status_label(None, "id") == ""
    assert i18n.status_label(float("nan"), "id") == ""
    assert i18n.status_label("archived", "id") == "archived"  # unknown text stays as it is
