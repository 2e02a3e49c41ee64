"""Year over year: last period's evidence and values carried into a new period with a changed catalog.

What the admin and the OPD notice: the same files appear on the persisting items without re-uploading, values
that still fit the new rule come back as drafts, the rest are listed; new/removed/changed items per OPD; running
it twice changes nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from factories import (
    PDF_BYTES,
    World,
    attach_evidence,
    build_world,
    submission_id,
    table_rows,
    wit,
)
from sqlmodel import col, func, select

from i18n import LenteraError
from indicators import Catalog, dump_catalog, load_catalog
from models.database import session_scope
from models.tables import AuditEvent, Evidence, EvidenceLink, Submission
from services import catalogs, evidence, periods, submissions
from services.carry_forward import carry_forward, carry_forward_report


def store_variant(world: World, key: str, edit: Callable[[dict[str, Any]], None]) -> None:
    """Store and activate a copy of SPBE 2021 under ``key`` after ``edit`` changed its document."""
    document = catalogs.canonical_document(load_catalog("spbe-2021"))
    document["key"] = key
    edit(document)
    info = catalogs.import_catalog(world.admin, text=dump_catalog(Catalog.model_validate(document)))
    catalogs.activate_catalog(world.admin, catalog_id=info.id)


def leaves_of(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    stack = list(document["nodes"])
    while stack:
        node = stack.pop()
        if node.get("children"):
            stack.extend(node["children"])
        else:
            out[str(node["code"])] = node
    return out


def next_year(document: dict[str, Any]) -> None:
    """1: three levels only; 2: renamed; 3: removed; 5: reweighted; 48: new (for Diskominfosan)."""
    leaves = leaves_of(document)
    leaves["1"]["rule"] = {"kind": "levels", "levels": {1: "Rintisan", 2: "Terkelola", 3: "Terdefinisi"}}
    leaves["2"]["name"] = "Kebijakan Internal Peta Rencana SPBE (baru)"
    leaves["5"]["weight"] = 2.5
    aspect = document["nodes"][0]["children"][0]
    aspect["children"] = [c for c in aspect["children"] if str(c["code"]) != "3"]
    aspect["children"].append({**leaves["4"], "code": "48", "name": "Kebijakan Internal Satu Data"})


def second_period(world: World) -> int:
    store_variant(world, "spbe-2021-v2", next_year)
    info = periods.create_period(
        world.admin,
        catalog_key="spbe-2021-v2",
        region_id=world.province_id,
        name="SPBE 2027",
        opens_at=wit(2026, 1, 5, 8),
        submission_deadline=wit(2099, 5, 31, 23, 59),
        verification_deadline=wit(2099, 7, 31, 23, 59),
        previous_period_id=world.period_id,
    )
    return int(info.id)


def new_submission(period_id: int, organisation_id: int, code: str) -> Submission:
    with session_scope() as session:
        return session.exec(
            select(Submission).where(
                Submission.period_id == period_id,
                Submission.organisation_id == organisation_id,
                Submission.code == code,
            )
        ).one()


def count(model: Any) -> int:
    with session_scope() as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


@pytest.fixture
def world(db_url: str) -> World:
    world = build_world()
    sid = {
        code: submission_id(world, organisation_id=world.opd_a, code=code) for code in ("1", "2", "3", "4")
    }
    submissions.save_draft(world.focal_a, submission_id=sid["1"], self_value=5, note="SK 2025")
    submissions.save_draft(world.focal_a, submission_id=sid["4"], self_value=3, note=None)
    for code in ("1", "2", "3", "4"):
        attach_evidence(world.focal_a, submission_id=sid[code], filename=f"sk-{code}.pdf")
    return world


def test_carry_forward_links_the_same_files_and_copies_fitting_values(world: World) -> None:
    target = second_period(world)
    files_before = count(Evidence)
    result = carry_forward(world.admin, from_period_id=world.period_id, to_period_id=target, copy_values=True)

    mine = result.report[result.report["organisation_id"] == world.opd_a].set_index("code")
    assert mine.loc["48", "outcome"] == "new"
    assert mine.loc["3", "outcome"] == "removed"
    assert mine.loc["1", "outcome"] == "changed" and "rule_changed" in mine["changes"]["1"]
    assert mine.loc["2", "outcome"] == "changed" and "renamed" in mine["changes"]["2"]
    assert mine.loc["5", "outcome"] == "changed" and "reweighted" in mine["changes"]["5"]
    assert mine.loc["4", "outcome"] == "carried"
    summary = result.summary.set_index("opd").loc["Diskominfosan"]
    assert (summary["new"], summary["removed"]) == (1, 1)
    assert summary["evidence_linked"] == 3  # items 1, 2 and 4 had files; 3 is gone

    # the same Evidence rows (same file) hang on the new submissions; no file or row was copied
    assert count(Evidence) == files_before
    old4 = submission_id(world, organisation_id=world.opd_a, code="4")
    old_files = {e.id for e in evidence.list_evidence(world.focal_a, submission_id=old4)}
    new4 = new_submission(target, world.opd_a, "4")
    assert {e.id for e in evidence.list_evidence(world.focal_a, submission_id=new4.id or 0)} == old_files

    # item 4 kept its five levels: the old 3 is copied as a draft
    assert (new4.self_value, new4.status) == (3.0, "draft")
    # 5 no longer fits item 1's three levels: skipped and listed with the reason
    new1 = new_submission(target, world.opd_a, "1")
    assert new1.self_value is None and new1.status == "empty"
    skipped = result.skipped_values.set_index("code")
    assert "1" in skipped.index and "5" in skipped["value_skipped"]["1"]
    assert result.values_copied == 1

    with session_scope() as session:
        actions = session.exec(
            select(AuditEvent.action).where(AuditEvent.action == "period.carry_forward")
        ).all()
    assert actions == ["period.carry_forward"]


def test_running_twice_links_nothing_twice_and_respects_a_detach(world: World) -> None:
    target = second_period(world)
    first = carry_forward(world.admin, from_period_id=world.period_id, to_period_id=target, copy_values=True)
    assert first.links_created == 3
    links = count(EvidenceLink)
    again = carry_forward(world.admin, from_period_id=world.period_id, to_period_id=target, copy_values=True)
    assert (again.links_created, again.values_copied) == (0, 0)
    assert count(EvidenceLink) == links

    # the OPD detaches the carried file of item 2: a third run does not bring it back
    new2 = new_submission(target, world.opd_a, "2")
    (carried,) = evidence.list_evidence(world.focal_a, submission_id=new2.id or 0)
    evidence.detach_evidence(world.focal_a, link_id=carried.link_id or 0)
    carry_forward(world.admin, from_period_id=world.period_id, to_period_id=target, copy_values=False)
    assert evidence.list_evidence(world.focal_a, submission_id=new2.id or 0) == []
    # ...and the old period keeps its own link
    old2 = submission_id(world, organisation_id=world.opd_a, code="2")
    assert len(evidence.list_evidence(world.focal_a, submission_id=old2)) == 1


def test_without_copy_values_only_files_move(world: World) -> None:
    target = second_period(world)
    carry_forward(world.admin, from_period_id=world.period_id, to_period_id=target, copy_values=False)
    new4 = new_submission(target, world.opd_a, "4")
    assert new4.self_value is None and new4.status == "empty"
    assert len(evidence.list_evidence(world.focal_a, submission_id=new4.id or 0)) == 1


def test_report_preview_changes_nothing(world: World) -> None:
    target = second_period(world)
    before = table_rows()
    preview = carry_forward_report(world.admin, from_period_id=world.period_id, to_period_id=target)
    assert preview.links_created == 3 and preview.values_copied == 1
    assert table_rows() == before


def test_refusals_change_nothing(world: World) -> None:
    target = second_period(world)
    before = table_rows()
    with pytest.raises(LenteraError) as caught:
        carry_forward(world.focal_a, from_period_id=world.period_id, to_period_id=target, copy_values=True)
    assert caught.value.key == "perm.denied"
    with pytest.raises(LenteraError) as caught:
        carry_forward(world.admin, from_period_id=target, to_period_id=target, copy_values=True)
    assert caught.value.key == "carry.same_period"
    periods.set_state(world.admin, period_id=target, state="locked")
    before = table_rows()
    with pytest.raises(LenteraError) as caught:
        carry_forward(world.admin, from_period_id=world.period_id, to_period_id=target, copy_values=True)
    assert caught.value.key == "workflow.period_not_open"
    assert table_rows() == before


def test_a_submitted_item_in_the_new_period_is_left_alone(world: World) -> None:
    target = second_period(world)
    new4 = new_submission(target, world.opd_a, "4")
    submissions.save_draft(world.focal_a, submission_id=new4.id or 0, self_value=2, note=None)
    attach_evidence(
        world.focal_a, submission_id=new4.id or 0, filename="baru.pdf", content=PDF_BYTES + b"%new"
    )
    submissions.submit(world.focal_a, submission_id=new4.id or 0)
    result = carry_forward(world.admin, from_period_id=world.period_id, to_period_id=target, copy_values=True)
    row = result.report.set_index(["organisation_id", "code"]).loc[[(world.opd_a, "4")]].iloc[0]
    assert row["evidence_linked"] == 0 and not row["value_copied"]
    after = new_submission(target, world.opd_a, "4")
    assert (after.self_value, after.status) == (2.0, "submitted")
    with session_scope() as session:
        linked = session.exec(
            select(func.count()).select_from(EvidenceLink).where(col(EvidenceLink.submission_id) == after.id)
        ).one()
    assert linked == 1


def test_carried_links_are_recorded_with_their_origin_at_one_moment(world: World) -> None:
    """Each carried file writes one event naming the new item and the old one; all links share one moment."""
    target = second_period(world)
    result = carry_forward(
        world.admin, from_period_id=world.period_id, to_period_id=target, copy_values=False
    )
    old_ids = {code: submission_id(world, organisation_id=world.opd_a, code=code) for code in ("1", "2", "4")}
    new_ids = {code: new_submission(target, world.opd_a, code).id for code in ("1", "2", "4")}
    with session_scope() as session:
        events = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "evidence.linked", AuditEvent.actor_username == world.admin.username
            )
        ).all()
        carried = session.exec(
            select(EvidenceLink).where(col(EvidenceLink.submission_id).in_(list(new_ids.values())))
        ).all()
    assert result.links_created == len(events) == len(carried) == 3
    expected = {(new_ids[code], old_ids[code]) for code in old_ids}
    assert [sorted((e.after or {}).keys()) for e in events] == [["carried_from", "submission_id"]] * 3
    assert {((e.after or {})["submission_id"], (e.after or {})["carried_from"]) for e in events} == expected
    assert len({link.linked_at for link in carried}) == 1
    assert {link.linked_by_id for link in carried} == {world.admin.id}
