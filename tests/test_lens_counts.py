"""The digital-services lens counts the same items as its scores, and the rank-change column says what it compares
with (issue 13 §3, §4); on the hand-computable ``score_world``, SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest
import score_world as world

from i18n import t
from services.overview import opd_overview, period_overview
from ui.leader.overview import rank_note


@pytest.fixture
def setup(db_url: str) -> world.Setup:
    return world.build()


def test_the_lens_filters_item_counts_and_progress(setup: world.Setup) -> None:
    """Under the lens only the digital leaves A1 and B1 are counted: 4 of the province's 6 items."""
    everything = period_overview(setup.leader, period_id=setup.period_id)
    assert everything.counts["total"] == 6
    digital = period_overview(setup.leader, period_id=setup.period_id, tag="digital")
    # OPD1: A1 verified, B1 submitted; OPD2: A1 draft, B1 returned (A2 and A3 are not digital).
    assert digital.counts == {
        "verified": 1, "submitted": 1, "returned": 1, "draft": 1, "missing": 0, "total": 4,
    }  # fmt: skip
    totals = dict(zip(digital.opd_progress["entity"], digital.opd_progress["total"], strict=True))
    assert totals == {str(setup.opd1): 2, str(setup.opd2): 2}


def test_the_lens_filters_an_opds_counts(setup: world.Setup) -> None:
    """OPD2's own page under the lens: A1 (draft) and B1 (returned); A3 drops out."""
    mine = opd_overview(setup.leader, period_id=setup.period_id, organisation_id=setup.opd2, tag="digital")
    assert mine.counts["total"] == 2
    assert mine.counts["returned"] == 1
    assert (
        opd_overview(setup.leader, period_id=setup.period_id, organisation_id=setup.opd2).counts["total"] == 3
    )


def test_the_rank_change_says_what_it_compares_with(setup: world.Setup) -> None:
    """An open period whose previous one is closed says it compares with that period's final ranks."""
    overview = period_overview(setup.leader, period_id=setup.period_id)
    assert overview.previous_period_name == "Uji 2025"
    closed_before = dataclasses.replace(overview, period_state="open", previous_period_state="closed")
    assert "peringkat akhir Uji 2025" in rank_note(closed_before)
    like_with_like = dataclasses.replace(overview, period_state="open", previous_period_state="open")
    assert rank_note(like_with_like) == t("ui.overview.rank_note")
    first = dataclasses.replace(overview, previous_period_name=None, previous_period_state=None)
    assert rank_note(first).startswith("Belum ada periode sebelumnya")
