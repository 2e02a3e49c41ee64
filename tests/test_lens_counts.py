"""The digital-services lens counts the same items as its scores, and the rank-change column says what it compares
with (issue 13 §3, §4); on the hand-computable ``score_world``, SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import math

import pytest
import score_world as world

from i18n import t
from services import external_results, periods
from services.overview import opd_overview, period_overview, rank_note


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
    assert rank_note(like_with_like) == t("report.rank_note")
    first = dataclasses.replace(overview, previous_period_name=None, previous_period_state=None)
    assert rank_note(first).startswith("Belum ada periode sebelumnya")


def test_the_lens_computes_kpks_stage_on_the_digital_items_only(setup: world.Setup) -> None:
    """KPK's results for the digital leaves A1 (50) and B1 (level 3 of 5: 60) complete the lens's areas: A 50,
    B 60, total 0,6·50 + 0,4·60 = 54; without the lens area A and the total still wait for A2 and A3."""
    periods.set_state(setup.admin, period_id=setup.period_id, state="external")
    external_results.record_external_result(setup.admin, period_id=setup.period_id, code="A1", value=50)
    external_results.record_external_result(setup.admin, period_id=setup.period_id, code="B1", value=3)

    def kpk(tag: str | None) -> dict[str, float]:
        stages = period_overview(setup.leader, period_id=setup.period_id, tag=tag).region_stages
        own = stages.loc[stages["entity"] == str(setup.province)]
        return dict(zip(own["code"].astype(str), own["external_score"].astype(float), strict=True))

    digital = kpk("digital")
    assert set(digital) == {"TOTAL", "A", "A1", "B", "B1"}  # the lens's items, no A2 nor A3
    assert [digital[c] for c in ("A", "B", "TOTAL")] == pytest.approx([50, 60, 54])
    everything = kpk(None)
    assert everything["B"] == pytest.approx(60)
    assert math.isnan(everything["A"]) and math.isnan(everything["TOTAL"])
