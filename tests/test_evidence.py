"""Evidence through the service: who may upload, link, detach, list and open, and what lands on disk."""

from __future__ import annotations

import hashlib
import io

import pytest
from evidence_scene import PDF, Scene
from factories import folder_store
from sqlmodel import col, select

from i18n import LenteraError
from models import (
    AuditEvent,
    Evidence,
    EvidenceLink,
    Period,
    PeriodState,
    Submission,
    session_scope,
    utcnow,
)
from services import evidence
from services.actor import Actor


def refused(call: object, **kwargs: object) -> str:
    with pytest.raises(LenteraError) as caught:
        call(**kwargs)  # type: ignore[operator]
    return caught.value.key


def upload(
    actor: Actor, submission_id: int, data: bytes = PDF, name: str = "SK Tim SPBE.pdf"
) -> evidence.EvidenceInfo:
    return evidence.upload_evidence(
        actor, submission_id=submission_id, filename=name, stream=io.BytesIO(data)
    )


def stored_files() -> list[str]:
    root = folder_store().root
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def evidence_rows() -> int:
    with session_scope() as session:
        return len(session.exec(select(Evidence.id)).all())


def test_an_upload_stores_the_file_and_links_it_with_an_audit_event(scene: Scene) -> None:
    item = scene.items["draft"]
    info = upload(scene.focal, item, name="../../SK Tim SPBE.pdf")
    assert info.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (info.display_name, info.media_type, info.uploaded_by) == (
        "SK Tim SPBE.pdf",
        "application/pdf",
        "op.kominfo",
    )
    assert stored_files() == [info.sha256]
    listed = evidence.list_evidence(scene.inspector, submission_id=item)
    assert [(e.id, e.link_id) for e in listed] == [(info.id, info.link_id)]
    shown, path = evidence.evidence_file(scene.inspector, evidence_id=info.id)
    assert path.read_bytes() == PDF and shown.sha256 == info.sha256
    with session_scope() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "evidence.uploaded")).all()
    assert [(e.actor_username, e.entity_id) for e in events] == [("op.kominfo", str(info.id))]
    assert events[0].after is not None and events[0].after["submission_id"] == item


@pytest.mark.parametrize("status", ["empty", "draft", "returned", "reopened"])
def test_focal_points_upload_while_the_item_is_editable(scene: Scene, status: str) -> None:
    assert upload(scene.focal, scene.items[status]).submission_id == scene.items[status]


@pytest.mark.parametrize("status", ["submitted", "verified"])
def test_no_uploads_or_detaching_once_submitted_or_verified(scene: Scene, status: str) -> None:
    item = scene.items[status]
    with session_scope() as session:  # a file attached while it was still a draft
        row = Evidence(sha256="a" * 64, size=1, media_type="application/pdf", display_name="x.pdf",
                       storage_key="aa/aa/" + "a" * 64, organisation_id=scene.world.opd_id)  # fmt: skip
        session.add(row)
        session.flush()
        assert row.id is not None
        link = EvidenceLink(evidence_id=row.id, submission_id=item, linked_at=utcnow())
        session.add(link)
        session.flush()
        link_id = link.id
    assert refused(upload, actor=scene.focal, submission_id=item) == "evidence.not_editable"
    assert refused(evidence.detach_evidence, actor=scene.focal, link_id=link_id) == "evidence.not_editable"
    assert stored_files() == []


def test_no_uploads_when_the_period_is_locked(scene: Scene) -> None:
    with session_scope() as session:
        period = session.get(Period, scene.period_id)
        assert period is not None
        period.state = PeriodState.locked
        session.add(period)
    assert (
        refused(upload, actor=scene.focal, submission_id=scene.items["draft"]) == "evidence.period_not_open"
    )


def test_only_the_opds_own_focal_point_uploads(scene: Scene) -> None:
    item = scene.items["draft"]
    assert refused(upload, actor=scene.other_focal, submission_id=item) == "perm.other_opd"
    for actor in (scene.inspector, scene.leader, scene.world.admin):
        assert refused(upload, actor=actor, submission_id=item) == "perm.denied"
    assert stored_files() == [] and evidence_rows() == 0


def test_who_may_list_and_open(scene: Scene) -> None:
    item = scene.items["draft"]
    info = upload(scene.focal, item)
    for actor in (scene.focal, scene.inspector, scene.leader, scene.world.admin):
        assert [e.id for e in evidence.list_evidence(actor, submission_id=item)] == [info.id]
        assert evidence.evidence_file(actor, evidence_id=info.id)[1].read_bytes() == PDF
    assert refused(evidence.list_evidence, actor=scene.other_focal, submission_id=item) == "perm.other_opd"
    assert refused(evidence.evidence_file, actor=scene.other_focal, evidence_id=info.id) == "perm.other_opd"
    assert refused(evidence.evidence_file, actor=scene.kabupaten_inspector, evidence_id=info.id) == (
        "perm.out_of_region"
    )


def test_a_refused_file_leaves_no_row_no_file_and_no_audit(scene: Scene) -> None:
    html = b"<!DOCTYPE html><html><body>phishing</body></html>"
    assert refused(upload, actor=scene.focal, submission_id=scene.items["draft"], data=html) == (
        "evidence.type_mismatch"
    )
    with session_scope() as session:
        assert session.exec(select(AuditEvent).where(col(AuditEvent.action).like("evidence.%"))).all() == []
    assert evidence_rows() == 0 and stored_files() == []
    assert [p.name for p in folder_store().root.iterdir()] == []


def test_detach_keeps_the_file_and_the_history(scene: Scene) -> None:
    item = scene.items["draft"]
    info = upload(scene.focal, item)
    assert info.link_id is not None
    evidence.detach_evidence(scene.focal, link_id=info.link_id)
    assert evidence.list_evidence(scene.focal, submission_id=item) == []
    history = evidence.list_evidence(scene.inspector, submission_id=item, include_detached=True)
    assert [e.id for e in history] == [info.id] and history[0].detached_at is not None
    assert stored_files() == [info.sha256]
    assert evidence.evidence_file(scene.inspector, evidence_id=info.id)[1].read_bytes() == PDF
    assert refused(evidence.detach_evidence, actor=scene.focal, link_id=info.link_id) == (
        "evidence.already_detached"
    )
    assert (
        refused(evidence.detach_evidence, actor=scene.other_focal, link_id=info.link_id) == "perm.other_opd"
    )


def test_one_file_serves_several_items_of_the_same_opd(scene: Scene) -> None:
    info = upload(scene.focal, scene.items["draft"])
    linked = evidence.link_evidence(scene.focal, evidence_id=info.id, submission_id=scene.items["empty"])
    again = evidence.link_evidence(scene.focal, evidence_id=info.id, submission_id=scene.items["empty"])
    assert linked.link_id == again.link_id != info.link_id
    assert [e.id for e in evidence.list_evidence(scene.focal, submission_id=scene.items["empty"])] == [
        info.id
    ]
    assert (
        refused(
            evidence.link_evidence,
            actor=scene.other_focal,
            evidence_id=info.id,
            submission_id=scene.other_item,
        )
        == "perm.other_opd"
    )


def test_the_same_bytes_uploaded_twice_are_two_records_and_one_file(scene: Scene) -> None:
    first = upload(scene.focal, scene.items["draft"], name="a.pdf")
    second = upload(scene.focal, scene.items["empty"], name="b.pdf")
    assert first.id != second.id and first.sha256 == second.sha256
    assert stored_files() == [first.sha256] and evidence_rows() == 2


def test_a_file_missing_from_storage_is_reported(scene: Scene) -> None:
    info = upload(scene.focal, scene.items["draft"])
    folder_store().path(info.sha256).unlink()
    assert (
        refused(evidence.evidence_file, actor=scene.inspector, evidence_id=info.id) == "evidence.missing_file"
    )


def _evidence_events() -> list[tuple[str, str | None, dict[str, object]]]:
    with session_scope() as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.entity == "evidence").order_by(col(AuditEvent.id))
        ).all()
        return [(e.action, e.entity_id, dict(e.after or {})) for e in events]


def test_upload_and_link_each_record_the_link_they_made_and_a_repeat_records_nothing(scene: Scene) -> None:
    """The audit trail names the item, the link and the file for an upload and for reusing it elsewhere."""
    info = upload(scene.focal, scene.items["draft"])
    linked = evidence.link_evidence(scene.focal, evidence_id=info.id, submission_id=scene.items["returned"])
    evidence.link_evidence(scene.focal, evidence_id=info.id, submission_id=scene.items["returned"])
    assert _evidence_events() == [
        (
            "evidence.uploaded",
            str(info.id),
            {
                "submission_id": scene.items["draft"],
                "link_id": info.link_id,
                "sha256": info.sha256,
                "size": len(PDF),
                "media_type": "application/pdf",
                "display_name": "SK Tim SPBE.pdf",
            },
        ),
        (
            "evidence.linked",
            str(info.id),
            {"submission_id": scene.items["returned"], "link_id": linked.link_id, "sha256": info.sha256},
        ),
    ]
    with session_scope() as session:
        links = session.exec(select(EvidenceLink).order_by(col(EvidenceLink.id))).all()
        assert [(link.submission_id, link.linked_by_id) for link in links] == [
            (scene.items["draft"], scene.focal.id),
            (scene.items["returned"], scene.focal.id),
        ]
        uploaded = session.get(Evidence, info.id)
        assert uploaded is not None and links[0].linked_at == uploaded.uploaded_at  # one moment for both


def test_a_file_already_stored_on_another_item_of_the_period_is_found_by_its_bytes(scene: Scene) -> None:
    """The same bytes uploaded for a second item are found on the first (by sha256, same OPD and period), so the
    upload can offer the stored file instead of storing it twice; other bytes, a detached copy or another OPD's
    file are not offered."""
    first = upload(scene.focal, scene.items["draft"])
    with session_scope() as session:
        draft = session.get(Submission, scene.items["draft"])
        assert draft is not None
        code = draft.code
    copy = evidence.stored_copy(scene.focal, submission_id=scene.items["empty"], content=PDF)
    assert copy == evidence.StoredCopy(
        evidence_id=first.id, display_name="SK Tim SPBE.pdf", codes=(code,), on_this_item=False
    )
    here = evidence.stored_copy(scene.focal, submission_id=scene.items["draft"], content=PDF)
    assert here is not None and here.on_this_item
    assert evidence.stored_copy(scene.focal, submission_id=scene.items["empty"], content=PDF + b"\n") is None
    assert evidence.stored_copy(scene.other_focal, submission_id=scene.other_item, content=PDF) is None
    evidence.link_evidence(scene.focal, evidence_id=copy.evidence_id, submission_id=scene.items["empty"])
    assert evidence_rows() == 1  # reused, not stored twice
    assert first.link_id is not None
    evidence.detach_evidence(scene.focal, link_id=first.link_id)
    again = evidence.stored_copy(scene.focal, submission_id=scene.items["returned"], content=PDF)
    assert again is not None and again.codes != (code,)  # only where it is still attached
