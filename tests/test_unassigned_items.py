"""An item unassigned from its OPD is hidden and read-only (issue 12, Low: it stayed writable).

The submission row stays for the history; saving, submitting and evidence uploads on it are refused.
"""

from __future__ import annotations

import io

import pytest
from evidence_scene import PDF, Scene
from sqlalchemy import delete
from sqlmodel import col

from i18n import LenteraError
from models import Assignment, Submission, session_scope
from services import evidence, submissions


def unassign(submission_id: int) -> str:
    with session_scope() as session:
        item = session.get(Submission, submission_id)
        assert item is not None
        session.execute(
            delete(Assignment).where(
                col(Assignment.period_id) == item.period_id,
                col(Assignment.organisation_id) == item.organisation_id,
                col(Assignment.code) == item.code,
            )
        )
        return item.code


@pytest.mark.parametrize(
    "write",
    [
        lambda s, i: submissions.save_draft(s.focal, submission_id=i, self_value=None, note="catatan"),
        lambda s, i: submissions.submit(s.focal, submission_id=i),
        lambda s, i: evidence.upload_evidence(
            s.focal, submission_id=i, filename="SK.pdf", stream=io.BytesIO(PDF)
        ),
    ],
    ids=["save", "submit", "upload"],
)
def test_an_unassigned_item_cannot_be_written(scene: Scene, write: object) -> None:
    item = scene.items["draft"]
    code = unassign(item)
    with pytest.raises(LenteraError) as refused:
        write(scene, item)  # type: ignore[operator]
    assert refused.value.key == "workflow.not_assigned"
    assert code in refused.value.message("id")
