"""The leader's dashboard and an OPD's overview (``services.overview``), on SQLite and PostgreSQL, filled through
the real workflow services; the world and its hand-computed numbers are in ``score_world``."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest
import score_world as world
from sqlalchemy import event

import scoring
from i18n import LenteraError
from indicators import ROOT_CODE
from models.database import get_engine, session_scope
from models.tables import Organisation
from services import catalogs, verification
from services.overview import Overview, opd_overview, overview_is_current, period_overview
from services.score_queries import scoring_input


@pytest.fixture
def setup(db_url: str) -> world.Setup:
    return world.build()


def test_overview_numbers_equal_scoring_run_by_hand(setup: world.Setup) -> None:
    overview = period_overview(setup.leader, period_id=setup.period_id)
    o1, o2 = str(setup.opd1), str(setup.opd2)
    hand = pd.DataFrame(
        [
            (o1, "A1", 100, 100, "verified"),
            (o1, "A2", 50, 100, "verified"),
            (o1, "B1", None, 4, "submitted"),
            (o2, "A1", None, 50, "draft"),
            (o2, "A3", None, None, "empty"),
            (o2, "B1", None, 5, "returned"),
        ],
        columns=["entity", "code", "value", "self_value", "status"],
    )
    expected = scoring.score(catalogs.catalog_for_period(setup.period_id), hand)
    for column in ("score", "self_score", "projected"):
        for entity in (o1, o2):
            assert world.total(overview.opd_scores, entity, column) == pytest.approx(
                world.total(expected, entity, column)
            )
    # And by hand: OPD1 A = (1×100 + 3×50)/4 = 62.5, B = 0 (B1 only submitted) → 0.6 × 62.5 = 37.5.
    assert world.total(overview.opd_scores, o1) == pytest.approx(37.5)
    assert world.total(overview.opd_scores, o1, "projected") == pytest.approx(0.6 * 62.5 + 0.4 * 80)
    assert world.total(overview.opd_scores, o2) == 0
    assert overview.heatmap.loc[o1, "A"] == pytest.approx(62.5)
    assert overview.heatmap.loc[o1, "B"] == 0
    assert list(overview.areas["code"]) == ["A", "B"]
    assert set(overview.entities["abbreviation"]) == {"OPD1", "OPD2"}


def test_pemda_leaf_value_is_the_mean_of_its_opds(setup: world.Setup) -> None:
    overview = period_overview(setup.admin, period_id=setup.period_id)
    region = overview.region_scores
    province = setup.province
    # A1: OPD1 100, OPD2 nothing verified → 50; A2: 50 (OPD1 only); A3: 0; B1: 0.
    assert world.node(region, province, "A1") == pytest.approx(50)
    assert world.node(region, province, "A") == pytest.approx((50 + 3 * 50 + 0) / 5)
    assert world.total(region, province) == pytest.approx(0.6 * 40)
    # Self: A1 (100+50)/2, A2 100, A3 none, B1 (80+100)/2 — a returned claim is still a claim.
    assert world.total(region, province, "self_score") == pytest.approx(0.6 * (75 + 300) / 5 + 0.4 * 90)
    # Projected: submitted B1 (80) counts, the returned one (OPD2) and the draft do not.
    assert world.total(region, province, "projected") == pytest.approx(0.6 * 40 + 0.4 * 40)
    assert overview.pemda_total["score"] == pytest.approx(24)
    assert overview.pemda_total["zone"] == "merah"
    # The kota (its own period of the same catalog) is ranked beside the province: A1 100, A2 0, and A3, which
    # applies to the kota but is assigned to no OPD (it has no OPD2), counts 0 (issue 13; it used to drop out,
    # giving A 25 → 15): A = 100 / 5 = 20 → 0.6 × 20 = 12.
    assert world.total(region, setup.kabupaten) == pytest.approx(0.6 * 20)
    ranking = overview.region_ranking.set_index("entity")
    assert ranking.loc[str(province), "rank"] == 1
    assert ranking.loc[str(setup.kabupaten), "rank"] == 2
    # The gap list is the pemda's, with the OPDs still short of the maximum on each item.
    gaps = overview.gap_list.set_index(overview.gap_list["code"].astype(str))
    assert gaps.loc["B1", "organisations"] == "OPD1, OPD2"
    assert gaps.loc["B1", "name"] == "Layanan daring"
    assert gaps["gain"].is_monotonic_decreasing


def test_digital_lens_scores_only_digital_items(setup: world.Setup) -> None:
    full = period_overview(setup.leader, period_id=setup.period_id)
    digital = period_overview(setup.leader, period_id=setup.period_id, tag="digital")
    o1 = setup.opd1
    # Digital items of OPD1: A1 (100) and B1 (not verified) → A = 100, B = 0 → 60.
    assert world.total(digital.opd_scores, o1) == pytest.approx(60)
    assert world.total(full.opd_scores, o1) == pytest.approx(37.5)
    assert set(digital.opd_scores["code"].astype(str)) == {ROOT_CODE, "A", "A1", "B", "B1"}
    # Pemda digital: A1 mean 50 → A 50; B1 0 → 30.
    assert digital.pemda_total["score"] == pytest.approx(30)


def test_counts_ranking_change_and_deadline_in_wit(setup: world.Setup) -> None:
    # 2099-05-28 16:00 UTC is already 29 May 01:00 in WIT: two days left to 31 May 23:59 WIT, not three.
    overview = period_overview(
        setup.leader, period_id=setup.period_id, now=datetime(2099, 5, 28, 16, 0, tzinfo=UTC)
    )
    assert overview.counts == {
        "verified": 2, "submitted": 1, "returned": 1, "draft": 1, "missing": 1, "total": 6,
    }  # fmt: skip
    assert overview.days_to_deadline == 2
    earlier = period_overview(
        setup.leader, period_id=setup.period_id, now=datetime(2099, 5, 28, 14, 0, tzinfo=UTC)
    )
    assert earlier.days_to_deadline == 3
    progress = overview.opd_progress.set_index("entity")
    assert progress.loc[str(setup.opd2), "returned"] == 1
    assert progress.loc[str(setup.opd2), "total"] == 3
    ranking = overview.opd_ranking.set_index("entity")
    assert ranking.loc[str(setup.opd1), "rank"] == 1
    assert ranking.loc[str(setup.opd1), "previous_rank"] == 2
    assert ranking.loc[str(setup.opd1), "rank_change"] == 1
    assert ranking.loc[str(setup.opd2), "rank_change"] == -1


def test_reruns_are_served_from_the_cache_until_the_data_changes(setup: world.Setup) -> None:
    reads: list[str] = []

    def remember(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "assignment.organisation_id as entity" in statement.lower():  # the scoring-input query
            reads.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", remember)
    try:
        before = period_overview(setup.leader, period_id=setup.period_id)
        assert len(reads) == 2  # this period (with the kota's) and the previous one
        before.opd_scores["score"] = -1.0  # a page scribbling on its copy does not reach the cache
        before.opd_ranking["rank"] = 99
        before.gap_list["organisations"] = "-"
        before.counts["verified"] = -1
        before.pemda_total["score"] = -1.0
        again = period_overview(setup.leader, period_id=setup.period_id)
        assert len(reads) == 2
        assert world.total(again.opd_scores, setup.opd1) == pytest.approx(37.5)
        assert sorted(again.opd_ranking["rank"]) == [1, 2]
        assert _owners(again, "B1") == "OPD1, OPD2"
        assert again.counts["verified"] == 2 and again.pemda_total["score"] == pytest.approx(24)
        sid = world.sid(setup.period_id, setup.opd1, "B1")
        verification.approve(setup.inspector, submission_id=sid, verified_value=4)
        after = period_overview(setup.leader, period_id=setup.period_id)
        assert len(reads) == 3
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert world.total(after.opd_scores, setup.opd1) == pytest.approx(0.6 * 62.5 + 0.4 * 80)
    assert world.total(after.opd_scores, setup.opd2) == 0
    assert after.counts["verified"] == 3


def test_a_page_memo_lasts_as_long_as_the_scores_and_is_apart_per_lens(setup: world.Setup) -> None:
    """``Overview.memo`` computes once per version of the scores (another rerun reads it), again after a write,
    and apart for the digital lens and for another name."""
    calls: list[str] = []

    def compute(label: str) -> str:
        calls.append(label)
        return label

    first = period_overview(setup.leader, period_id=setup.period_id)
    assert first.memo("figure", lambda: compute("a")) == "a"
    assert (
        period_overview(setup.leader, period_id=setup.period_id).memo("figure", lambda: compute("b")) == "a"
    )
    assert first.memo(("figure", "en"), lambda: compute("c")) == "c"
    lens = period_overview(setup.leader, period_id=setup.period_id, tag="digital")
    assert lens.memo("figure", lambda: compute("d")) == "d"
    verification.approve(setup.inspector, submission_id=world.sid(setup.period_id, setup.opd1, "B1"),
                         verified_value=4)  # fmt: skip
    assert (
        period_overview(setup.leader, period_id=setup.period_id).memo("figure", lambda: compute("e")) == "e"
    )
    assert calls == ["a", "c", "d", "e"]


def test_an_overview_stays_current_until_a_write_changes_what_it_shows(setup: world.Setup) -> None:
    """``overview_is_current`` holds for an overview until a write in its period, in a kab/kota period below it
    or in the previous period (its rank changes) changes its scores; a fresh overview is current again, with or
    without the lens."""
    writes = [
        lambda: verification.approve(
            setup.inspector, submission_id=world.sid(setup.period_id, setup.opd1, "B1"), verified_value=4
        ),
        lambda: world.claim(
            setup.focal_k1, world.sid(setup.kab_period_id, setup.k1, "A2"), 100, submit=False
        ),
        lambda: world.claim(setup.focal1, world.sid(setup.previous_id, setup.opd1, "A1"), 50, submit=False),
    ]
    for write in writes:
        for tag in (None, "digital"):
            overview = period_overview(setup.leader, period_id=setup.period_id, tag=tag)
            assert overview_is_current(setup.leader, overview)
            assert overview_is_current(setup.leader, overview)  # asking changes nothing
        shown = period_overview(setup.leader, period_id=setup.period_id)
        write()
        assert not overview_is_current(setup.leader, shown)
        assert overview_is_current(setup.leader, period_overview(setup.leader, period_id=setup.period_id))
    with pytest.raises(LenteraError):
        overview_is_current(setup.focal1, shown)


def _owners(overview: Overview, code: str) -> str:
    gaps = overview.gap_list
    return str(gaps.loc[gaps["code"].astype(str) == code, "organisations"].iloc[0])


def test_the_gap_list_names_an_opd_by_its_current_abbreviation(setup: world.Setup) -> None:
    """Renaming an OPD writes no item, so the period's scores stay cached; its gap-list owners show the new name."""
    first = period_overview(setup.leader, period_id=setup.period_id)
    assert _owners(first, "B1") == "OPD1, OPD2"
    with session_scope() as session:
        opd = session.get(Organisation, setup.opd2)
        assert opd is not None
        opd.abbreviation = "DUA"
        session.add(opd)
    after = period_overview(setup.leader, period_id=setup.period_id)
    assert _owners(after, "B1") == "DUA, OPD1"


def test_who_may_read_what(setup: world.Setup) -> None:
    with pytest.raises(LenteraError) as denied:
        period_overview(setup.focal1, period_id=setup.period_id)
    assert denied.value.key == "dashboard.focal_point_own_opd"
    with pytest.raises(LenteraError):
        scoring_input(setup.focal1, period_id=setup.period_id)
    with pytest.raises(LenteraError) as outside:
        period_overview(setup.inspector_kab, period_id=setup.period_id)
    assert outside.value.key == "perm.out_of_region"
    mine = opd_overview(setup.focal1, period_id=setup.period_id, organisation_id=setup.opd1)
    assert mine.scores["entity"].eq(str(setup.opd1)).all()
    assert world.total(mine.scores, setup.opd1) == pytest.approx(37.5)
    assert mine.rank == 1 and mine.ranked == 2
    assert mine.counts["total"] == 3
    with pytest.raises(LenteraError) as other:
        opd_overview(setup.focal1, period_id=setup.period_id, organisation_id=setup.opd2)
    assert other.value.key == "perm.other_opd"
    # A kota inspector sees the kota's own period.
    kota = period_overview(setup.inspector_kab, period_id=setup.kab_period_id)
    assert kota.pemda_total["score"] == pytest.approx(12)  # unassigned A3 counts 0 (was 15)
