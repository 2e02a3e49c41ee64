"""PDFs with scripts or actions and DOCX with remote templates are accepted but flagged to the reviewer.

Issue 12 (Low): such files were accepted silently; opened in a desktop reader they run code or call home.
The corpus is ``tests/corpus/active_content.py``.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from corpus.active_content import ACTIVE, HARMLESS
from evidence_scene import Scene
from sqlmodel import col, select

from models import AuditEvent, session_scope
from services import evidence
from storage.active_content import active_content
from storage.sniff import sniff


@pytest.mark.parametrize(
    ("name", "data", "expected"), ACTIVE + HARMLESS, ids=[c[0] for c in ACTIVE + HARMLESS]
)
def test_findings_name_the_active_content(
    tmp_path: Path, name: str, data: bytes, expected: tuple[str, ...]
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    sniffed = sniff(path)
    assert sniffed is not None  # all of them are acceptable evidence
    assert active_content(path, sniffed.media_type) == expected


def test_the_reviewer_sees_the_findings_of_an_uploaded_file(scene: Scene) -> None:
    name, data, expected = ACTIVE[0]
    uploaded = evidence.upload_evidence(
        scene.focal, submission_id=scene.items["draft"], filename=name, stream=io.BytesIO(data)
    )
    assert uploaded.active_content == expected
    info, _ = evidence.evidence_file(scene.inspector, evidence_id=uploaded.id)
    assert info.active_content == expected
    with session_scope() as session:
        event = session.exec(select(AuditEvent).order_by(col(AuditEvent.id).desc())).first()
    assert event is not None and event.action == "evidence.uploaded"
    assert event.after is not None and event.after["active_content"] == ", ".join(expected)
    plain_name, plain, _ = HARMLESS[0]
    clean = evidence.upload_evidence(
        scene.focal, submission_id=scene.items["draft"], filename=plain_name, stream=io.BytesIO(plain)
    )
    assert evidence.evidence_file(scene.inspector, evidence_id=clean.id)[0].active_content == ()
