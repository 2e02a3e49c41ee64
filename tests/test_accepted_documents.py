"""Which required documents a reviewer accepted: stored as a list on the review (not only the point sum), shown
to the OPD as accepted / missing, and restored as the reviewer's ticks after a reopen."""

from __future__ import annotations

import pytest
from documents_world import DOCS_CODE, mcp_world
from sqlmodel import col, select
from workflow_steps import refused, submitted

from models.database import session_scope
from models.tables import Review
from services import submission_views, submissions, verification


def test_accepted_list_round_trips_through_reopen(db_url: str) -> None:
    world = mcp_world()
    item = submitted(world, DOCS_CODE, value=100)
    verification.approve(world.inspector, submission_id=item, verified_value=50, accepted_documents=["D2"])

    detail = submission_views.item_detail(world.focal_a, submission_id=item)
    assert detail.accepted_documents == ["D2"]  # the OPD sees D1 missing
    assert detail.verified_value == 50

    verification.reopen(world.inspector, submission_id=item, reason="Periksa ulang tanggal dokumen")
    reopened = submission_views.item_detail(world.inspector, submission_id=item)
    assert reopened.status == "reopened"
    assert reopened.accepted_documents == ["D2"]  # the ticks a new review starts from

    submissions.submit(world.focal_a, submission_id=item)
    again = submission_views.item_detail(world.inspector, submission_id=item)
    assert again.accepted_documents == ["D2"]
    verification.approve(
        world.inspector, submission_id=item, verified_value=100, accepted_documents=["D2", "D1"]
    )
    assert submission_views.item_detail(world.focal_a, submission_id=item).accepted_documents == ["D1", "D2"]
    with session_scope() as session:
        stored = list(session.exec(select(Review.accepted_documents).order_by(col(Review.id))).all())
    assert stored == [["D2"], None, ["D1", "D2"]]


def test_return_may_tick_what_is_already_accepted(db_url: str) -> None:
    world = mcp_world()
    item = submitted(world, DOCS_CODE, value=100)
    verification.return_item(
        world.inspector, submission_id=item, reason="Renja belum diunggah", accepted_documents=["D1"]
    )
    assert submission_views.item_detail(world.focal_a, submission_id=item).accepted_documents == ["D1"]


def test_approve_without_ticks_records_the_documents_the_value_stands_for(db_url: str) -> None:
    world = mcp_world()
    item = submitted(world, DOCS_CODE, value=100)
    verification.approve(world.inspector, submission_id=item, verified_value=100)
    assert submission_views.item_detail(world.inspector, submission_id=item).accepted_documents == [
        "D1",
        "D2",
    ]


@pytest.mark.parametrize(
    ("value", "ticked", "key"),
    [
        (100, ["D1"], "review.documents_value_mismatch"),
        (50, ["D9"], "review.unknown_document"),
    ],
)
def test_ticks_that_do_not_fit_the_item_are_refused(
    db_url: str, value: float, ticked: list[str], key: str
) -> None:
    world = mcp_world()
    item = submitted(world, DOCS_CODE, value=100)
    refused(
        key,
        lambda: verification.approve(
            world.inspector, submission_id=item, verified_value=value, accepted_documents=ticked
        ),
    )


def test_ticks_on_an_item_not_scored_by_documents_are_refused(db_url: str) -> None:
    from factories import build_world

    world = build_world()
    item = submitted(world, "1", value=3)
    refused(
        "review.documents_not_applicable",
        lambda: verification.approve(
            world.inspector, submission_id=item, verified_value=3, accepted_documents=["D1"]
        ),
    )
    verification.approve(world.inspector, submission_id=item, verified_value=3)
    assert submission_views.item_detail(world.inspector, submission_id=item).accepted_documents is None
