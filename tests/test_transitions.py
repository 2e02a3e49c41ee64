"""The state machine as data, and the order in which the one status change refuses.

``services.transitions.transition`` runs every status change through the same steps; a refusal names the first
thing wrong (closed period, then someone else's newer edit, then a move the status does not allow, then the
action's own checks), and a refused change writes nothing. A batch (offline upload, carry-forward) hands in rows
it loaded itself and gets the same checks.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from factories import World, build_world, submission_id, table_rows

from i18n import LenteraError, t
from models.database import session_scope
from models.tables import Submission
from services import periods, submissions, transitions
from vocabulary import EDITABLE_STATUSES, SubmissionStatus

S = SubmissionStatus


def refused(key: str, call: Callable[[], object]) -> None:
    before = table_rows()
    with pytest.raises(LenteraError) as caught:
        call()
    assert caught.value.key == key, caught.value.message("en")
    assert table_rows() == before


@pytest.fixture
def world(sqlite_url: str) -> World:
    return build_world()


def test_the_table_is_the_designed_state_machine() -> None:
    # ARCHITECTURE.md: empty → draft → submitted → verified | returned; returned → draft → submitted;
    # verified → reopened (with a reason); carry-forward writes a draft exactly where saving could.
    assert dict(transitions.TRANSITIONS) == {
        (S.empty, "save"): S.draft,
        (S.draft, "save"): S.draft,
        (S.returned, "save"): S.draft,
        (S.reopened, "save"): S.draft,
        (S.draft, "submit"): S.submitted,
        (S.reopened, "submit"): S.submitted,
        (S.submitted, "approve"): S.verified,
        (S.submitted, "return"): S.returned,
        (S.verified, "reopen"): S.reopened,
        (S.empty, "carry_forward"): S.draft,
        (S.draft, "carry_forward"): S.draft,
        (S.returned, "carry_forward"): S.draft,
        (S.reopened, "carry_forward"): S.draft,
    }
    assert set(transitions.ACTIONS["save"].moves) == EDITABLE_STATUSES
    assert transitions.allowed_actions(S.submitted) == ["approve", "return"]


def test_every_action_has_words_in_both_languages() -> None:
    for name in transitions.ACTIONS:
        for lang in ("id", "en"):
            assert t(f"workflow.action.{name}", lang) != f"workflow.action.{name}"


def test_a_closed_period_is_named_before_a_stale_version_or_an_illegal_move(world: World) -> None:
    item = submission_id(world, organisation_id=world.opd_a, code="1")
    submissions.save_draft(world.focal_a, submission_id=item, self_value=3, note=None)
    periods.set_state(world.admin, period_id=world.period_id, state="closed")
    refused(
        "workflow.period_closed",
        lambda: submissions.submit(world.focal_a, submission_id=item, expected_version=1),
    )


def test_a_stale_version_is_named_before_the_actions_own_checks(world: World) -> None:
    item = submission_id(world, organisation_id=world.opd_a, code="1")
    submissions.save_draft(world.focal_a, submission_id=item, self_value=3, note=None)  # version 2
    refused(
        "workflow.stale",
        lambda: submissions.save_draft(world.focal_a, submission_id=item, self_value=99, note=None,
                                       expected_version=1),
    )  # fmt: skip


def test_an_illegal_move_is_named_before_the_actions_own_checks(world: World) -> None:
    item = submission_id(world, organisation_id=world.opd_a, code="1")  # empty: no value, no evidence
    refused("workflow.illegal_transition", lambda: submissions.submit(world.focal_a, submission_id=item))


def test_a_row_a_batch_loaded_gets_the_same_checks(world: World) -> None:
    item = submission_id(world, organisation_id=world.opd_a, code="1")
    periods.set_state(world.admin, period_id=world.period_id, state="locked")

    def carry() -> None:
        with session_scope() as session:
            row = session.get(Submission, item)
            assert row is not None
            change = transitions.Change(values={"self_value": 3.0})
            transitions.transition(session, world.admin, "carry_forward", submission=row, change=change)

    refused("workflow.period_not_open", carry)
