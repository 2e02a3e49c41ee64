"""The leader's dashboard, on SQLite and PostgreSQL, filled through the real workflow services.

A small catalog keeps every expected number computable by hand:

    A (weight 60): A1 (1, digital, OPD1+OPD2), A2 (3, OPD1), A3 (1, OPD2)      percent 0/50/100
    B (weight 40): B1 (1, digital, every dinas)                                 levels 1..5

Province period: OPD1 A1 verified 100, A2 claimed 100 verified 50 (an over-claim), B1 claimed 4 submitted;
OPD2 A1 draft 50, A3 untouched, B1 claimed 5 and returned. Kabupaten period: K1 A1 verified 100.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import openpyxl
import pandas as pd
import pytest
from factories import PDF_BYTES, make_organisation, make_region, make_user, wit
from sqlalchemy import event
from sqlmodel import select

import scoring
from i18n import LenteraError
from indicators import ROOT_CODE
from models import session_scope
from models.database import get_engine
from models.tables import PublishedScore, Role, Submission
from services import carry_forward, catalogs, dashboard, evidence, periods, submissions, verification
from services.actor import Actor

CATALOG = """
key: uji-2026
name: Katalog uji dasbor
framework: MCP
year: 2026
scale: {min: 0, max: 100}
zones:
- {name: merah, min: 0, max: 50}
- {name: hijau, min: 50, max: 100}
nodes:
- code: A
  name: Area A
  weight: 60
  children:
  - code: A1
    name: Aplikasi perencanaan
    weight: 1
    rule: {kind: percent, steps: [0, 50, 100]}
    responsible: {opds: [OPD1, OPD2]}
    tags: [digital]
  - code: A2
    name: Dokumen perencanaan
    weight: 3
    rule: {kind: percent, steps: [0, 50, 100]}
    responsible: {opds: [OPD1]}
  - code: A3
    name: Rapat koordinasi
    weight: 1
    rule: {kind: percent, steps: [0, 50, 100]}
    responsible: {opds: [OPD2]}
- code: B
  name: Area B
  weight: 40
  children:
  - code: B1
    name: Layanan daring
    rule:
      kind: levels
      levels: {1: Informasi, 2: Interaksi, 3: Transaksi, 4: Kolaborasi, 5: Optimum}
    responsible: {opd_kinds: [dinas]}
    tags: [digital]
"""


@dataclass
class Setup:
    province: int
    kabupaten: int
    opd1: int
    opd2: int
    k1: int
    admin: Actor
    leader: Actor
    inspector: Actor
    inspector_kab: Actor
    focal1: Actor
    focal2: Actor
    focal_k1: Actor
    previous_id: int
    period_id: int
    kab_period_id: int


def _sid(period_id: int, organisation_id: int, code: str) -> int:
    with session_scope() as session:
        found = session.exec(
            select(Submission.id).where(
                Submission.period_id == period_id,
                Submission.organisation_id == organisation_id,
                Submission.code == code,
            )
        ).one()
        assert found is not None
        return found


def _claim(focal: Actor, submission_id: int, value: float, *, submit: bool = True) -> None:
    submissions.save_draft(focal, submission_id=submission_id, self_value=value, note="bukti terlampir")
    if submit:
        evidence.upload_evidence(
            focal, submission_id=submission_id, filename="SK Gubernur.pdf", stream=io.BytesIO(PDF_BYTES)
        )
        submissions.submit(focal, submission_id=submission_id)


def _period(admin: Actor, region_id: int, name: str, previous_id: int | None = None) -> int:
    return periods.create_period(
        admin,
        catalog_key="uji-2026",
        region_id=region_id,
        name=name,
        opens_at=wit(2026, 1, 5, 8),
        submission_deadline=wit(2099, 5, 31, 23, 59),
        verification_deadline=wit(2099, 7, 31, 23, 59),
        previous_period_id=previous_id,
    ).id


@pytest.fixture
def setup(db_url: str) -> Setup:
    dashboard.clear_cache()
    province = make_region(code="82", name="Provinsi Maluku Utara")
    kabupaten = make_region(code="82.71", name="Kota Ternate", kind="kota", parent_id=province)
    opd1 = make_organisation(region_id=province, abbreviation="OPD1", name="Dinas Satu")
    opd2 = make_organisation(region_id=province, abbreviation="OPD2", name="Dinas Dua")
    k1 = make_organisation(region_id=kabupaten, abbreviation="OPD1", name="Dinas Satu Kota Ternate")
    admin = make_user(username="admin", role=Role.admin, region_id=province)
    inspector = make_user(username="inspektur", role=Role.inspector, region_id=province)
    s = Setup(
        province=province,
        kabupaten=kabupaten,
        opd1=opd1,
        opd2=opd2,
        k1=k1,
        admin=admin,
        leader=make_user(username="sekda", role=Role.leader, region_id=province),
        inspector=inspector,
        inspector_kab=make_user(username="apip.ternate", role=Role.inspector, region_id=kabupaten),
        focal1=make_user(username="op.satu", role=Role.focal_point, organisation_id=opd1, region_id=province),
        focal2=make_user(username="op.dua", role=Role.focal_point, organisation_id=opd2, region_id=province),
        focal_k1=make_user(
            username="op.ternate", role=Role.focal_point, organisation_id=k1, region_id=kabupaten
        ),
        previous_id=0,
        period_id=0,
        kab_period_id=0,
    )
    info = catalogs.import_catalog(admin, text=CATALOG, source="uji.yaml")
    catalogs.activate_catalog(admin, catalog_id=info.id)

    # Last year: OPD2 was ahead (A1 verified 100), OPD1 had nothing verified.
    s.previous_id = _period(admin, province, "Uji 2025")
    sid = _sid(s.previous_id, opd2, "A1")
    _claim(s.focal2, sid, 100)
    verification.approve(inspector, submission_id=sid, verified_value=100)

    s.period_id = _period(admin, province, "Uji 2026", previous_id=s.previous_id)
    p = s.period_id
    _claim(s.focal1, _sid(p, opd1, "A1"), 100)
    verification.approve(inspector, submission_id=_sid(p, opd1, "A1"), verified_value=100)
    _claim(s.focal1, _sid(p, opd1, "A2"), 100)
    verification.approve(inspector, submission_id=_sid(p, opd1, "A2"), verified_value=50)
    _claim(s.focal1, _sid(p, opd1, "B1"), 4)
    _claim(s.focal2, _sid(p, opd2, "A1"), 50, submit=False)
    _claim(s.focal2, _sid(p, opd2, "B1"), 5)
    verification.return_item(inspector, submission_id=_sid(p, opd2, "B1"), reason="SK sudah kedaluwarsa")

    s.kab_period_id = _period(admin, kabupaten, "Uji 2026 Ternate")
    _claim(s.focal_k1, _sid(s.kab_period_id, k1, "A1"), 100)
    verification.approve(inspector, submission_id=_sid(s.kab_period_id, k1, "A1"), verified_value=100)
    return s


def _total(result: pd.DataFrame, entity: object, column: str = "score") -> float:
    row = result.loc[(result["entity"] == str(entity)) & (result["code"].astype(str) == ROOT_CODE), column]
    assert len(row) == 1, f"no TOTAL row for {entity}"
    return float(row.iloc[0])


def _node(result: pd.DataFrame, entity: object, code: str) -> float:
    return float(
        result.loc[(result["entity"] == str(entity)) & (result["code"].astype(str) == code), "score"].iloc[0]
    )


def test_scoring_input_is_one_query_with_the_assigned_items(setup: Setup) -> None:
    statements: list[str] = []

    def remember(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if re.search(r"\bsubmission\b(?!_)", statement.lower()):  # the table, not submission_deadline
            statements.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", remember)
    try:
        frame = dashboard.scoring_input(setup.leader, period_id=setup.period_id)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert len(statements) == 1
    assert list(frame.columns) == ["entity", "code", "value", "self_value", "status"]
    rows = {
        (r.entity, r.code): (
            None if pd.isna(r.value) else r.value,
            None if pd.isna(r.self_value) else r.self_value,
            r.status,
        )
        for r in frame.itertuples()
    }
    o1, o2 = str(setup.opd1), str(setup.opd2)
    assert rows == {
        (o1, "A1"): (100.0, 100.0, "verified"),
        (o1, "A2"): (50.0, 100.0, "verified"),
        (o1, "B1"): (None, 4.0, "submitted"),
        (o2, "A1"): (None, 50.0, "draft"),
        (o2, "A3"): (None, None, "empty"),
        (o2, "B1"): (None, 5.0, "returned"),
    }
    # Filtered in the database: the kota's OPDs are not in the province's period, the province's are.
    assert dashboard.scoring_input(setup.leader, period_id=setup.period_id, region_id=setup.kabupaten).empty
    assert len(dashboard.scoring_input(setup.admin, period_id=setup.period_id, region_id=setup.province)) == 6


def test_overview_numbers_equal_scoring_run_by_hand(setup: Setup) -> None:
    overview = dashboard.period_overview(setup.leader, period_id=setup.period_id)
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
            assert _total(overview.opd_scores, entity, column) == pytest.approx(
                _total(expected, entity, column)
            )
    # And by hand: OPD1 A = (1×100 + 3×50)/4 = 62.5, B = 0 (B1 only submitted) → 0.6 × 62.5 = 37.5.
    assert _total(overview.opd_scores, o1) == pytest.approx(37.5)
    assert _total(overview.opd_scores, o1, "projected") == pytest.approx(0.6 * 62.5 + 0.4 * 80)
    assert _total(overview.opd_scores, o2) == 0
    assert overview.heatmap.loc[o1, "A"] == pytest.approx(62.5)
    assert overview.heatmap.loc[o1, "B"] == 0
    assert list(overview.areas["code"]) == ["A", "B"]
    assert set(overview.entities["abbreviation"]) == {"OPD1", "OPD2"}


def test_pemda_leaf_value_is_the_mean_of_its_opds(setup: Setup) -> None:
    overview = dashboard.period_overview(setup.admin, period_id=setup.period_id)
    region = overview.region_scores
    province = setup.province
    # A1: OPD1 100, OPD2 nothing verified → 50; A2: 50 (OPD1 only); A3: 0; B1: 0.
    assert _node(region, province, "A1") == pytest.approx(50)
    assert _node(region, province, "A") == pytest.approx((50 + 3 * 50 + 0) / 5)
    assert _total(region, province) == pytest.approx(0.6 * 40)
    # Self: A1 (100+50)/2, A2 100, A3 none, B1 (80+100)/2 — a returned claim is still a claim.
    assert _total(region, province, "self_score") == pytest.approx(0.6 * (75 + 300) / 5 + 0.4 * 90)
    # Projected: submitted B1 (80) counts, the returned one (OPD2) and the draft do not.
    assert _total(region, province, "projected") == pytest.approx(0.6 * 40 + 0.4 * 40)
    assert overview.pemda_total["score"] == pytest.approx(24)
    assert overview.pemda_total["zone"] == "merah"
    # The kota (its own period of the same catalog) is ranked beside the province: A1 100 → A 25 → 15.
    assert _total(region, setup.kabupaten) == pytest.approx(0.6 * 25)
    ranking = overview.region_ranking.set_index("entity")
    assert ranking.loc[str(province), "rank"] == 1
    assert ranking.loc[str(setup.kabupaten), "rank"] == 2
    # The gap list is the pemda's, with the OPDs still short of the maximum on each item.
    gaps = overview.gap_list.set_index(overview.gap_list["code"].astype(str))
    assert gaps.loc["B1", "organisations"] == "OPD1, OPD2"
    assert gaps.loc["B1", "name"] == "Layanan daring"
    assert gaps["gain"].is_monotonic_decreasing


def test_digital_lens_scores_only_digital_items(setup: Setup) -> None:
    full = dashboard.period_overview(setup.leader, period_id=setup.period_id)
    digital = dashboard.period_overview(setup.leader, period_id=setup.period_id, tag="digital")
    o1 = setup.opd1
    # Digital items of OPD1: A1 (100) and B1 (not verified) → A = 100, B = 0 → 60.
    assert _total(digital.opd_scores, o1) == pytest.approx(60)
    assert _total(full.opd_scores, o1) == pytest.approx(37.5)
    assert set(digital.opd_scores["code"].astype(str)) == {ROOT_CODE, "A", "A1", "B", "B1"}
    # Pemda digital: A1 mean 50 → A 50; B1 0 → 30.
    assert digital.pemda_total["score"] == pytest.approx(30)


def test_counts_ranking_change_and_deadline_in_wit(setup: Setup) -> None:
    # 2099-05-28 16:00 UTC is already 29 May 01:00 in WIT: two days left to 31 May 23:59 WIT, not three.
    overview = dashboard.period_overview(
        setup.leader, period_id=setup.period_id, now=datetime(2099, 5, 28, 16, 0, tzinfo=UTC)
    )
    assert overview.counts == {
        "verified": 2, "submitted": 1, "returned": 1, "draft": 1, "missing": 1, "total": 6,
    }  # fmt: skip
    assert overview.days_to_deadline == 2
    earlier = dashboard.period_overview(
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


def test_reruns_are_served_from_the_cache_until_the_data_changes(setup: Setup) -> None:
    reads: list[str] = []

    def remember(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "assignment.organisation_id as entity" in statement.lower():  # the scoring-input query
            reads.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", remember)
    try:
        before = dashboard.period_overview(setup.leader, period_id=setup.period_id)
        assert len(reads) == 2  # this period (with the kota's) and the previous one
        before.opd_scores["score"] = -1.0  # a page scribbling on its copy does not reach the cache
        dashboard.period_overview(setup.leader, period_id=setup.period_id)
        assert len(reads) == 2
        sid = _sid(setup.period_id, setup.opd1, "B1")
        verification.approve(setup.inspector, submission_id=sid, verified_value=4)
        after = dashboard.period_overview(setup.leader, period_id=setup.period_id)
        assert len(reads) == 3
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert _total(after.opd_scores, setup.opd1) == pytest.approx(0.6 * 62.5 + 0.4 * 80)
    assert _total(after.opd_scores, setup.opd2) == 0
    assert after.counts["verified"] == 3


def test_who_may_read_what(setup: Setup) -> None:
    with pytest.raises(LenteraError) as denied:
        dashboard.period_overview(setup.focal1, period_id=setup.period_id)
    assert denied.value.key == "dashboard.focal_point_own_opd"
    with pytest.raises(LenteraError):
        dashboard.scoring_input(setup.focal1, period_id=setup.period_id)
    with pytest.raises(LenteraError) as outside:
        dashboard.period_overview(setup.inspector_kab, period_id=setup.period_id)
    assert outside.value.key == "perm.out_of_region"
    mine = dashboard.opd_overview(setup.focal1, period_id=setup.period_id, organisation_id=setup.opd1)
    assert mine.scores["entity"].eq(str(setup.opd1)).all()
    assert _total(mine.scores, setup.opd1) == pytest.approx(37.5)
    assert mine.rank == 1 and mine.ranked == 2
    assert mine.counts["total"] == 3
    with pytest.raises(LenteraError) as other:
        dashboard.opd_overview(setup.focal1, period_id=setup.period_id, organisation_id=setup.opd2)
    assert other.value.key == "perm.other_opd"
    # A kota inspector sees the kota's own period.
    kota = dashboard.period_overview(setup.inspector_kab, period_id=setup.kab_period_id)
    assert kota.pemda_total["score"] == pytest.approx(15)


def test_trend_has_our_totals_and_published_scores(setup: Setup) -> None:
    with session_scope() as session:
        session.add(
            PublishedScore(
                region_id=setup.province, kemendagri_code="82", entity="Provinsi Maluku Utara",
                framework="MCP", year=2025, score=90, status="final",
            )
        )  # fmt: skip
    trend = dashboard.trend(setup.leader, region_id=setup.province)
    ours = trend.loc[trend["source"] == "lentera"].set_index("period_id")
    assert ours.loc[setup.period_id, "score"] == pytest.approx(24)
    # Last year only OPD2's A1 was verified: pemda A1 = 50 → A = 50/5 = 10 → 6.
    assert ours.loc[setup.previous_id, "score"] == pytest.approx(6)
    published = trend.loc[trend["source"] == "published"]
    assert list(published["score"]) == [90]
    assert set(trend["max"]) == {100.0}


def _second_province(admin: Actor) -> tuple[int, int, int]:
    """Maluku (81) with Kabupaten Maluku Tengah (81.01), their own periods; returns (province, kab, period)."""
    province = make_region(code="81", name="Provinsi Maluku")
    kabupaten = make_region(
        code="81.01", name="Kabupaten Maluku Tengah", kind="kabupaten", parent_id=province
    )
    m1 = make_organisation(region_id=province, abbreviation="OPD1", name="Dinas Satu Maluku")
    m2 = make_organisation(region_id=province, abbreviation="OPD2", name="Dinas Dua Maluku")
    make_organisation(region_id=kabupaten, abbreviation="OPD1", name="Dinas Satu Maluku Tengah")
    focal_m1 = make_user(username="op.m1", role=Role.focal_point, organisation_id=m1, region_id=province)
    focal_m2 = make_user(username="op.m2", role=Role.focal_point, organisation_id=m2, region_id=province)
    inspector = make_user(username="apip.maluku", role=Role.inspector, region_id=province)
    period = _period(admin, province, "Uji 2026 Maluku")
    for focal, organisation, code, value in (
        (focal_m1, m1, "A1", 100), (focal_m1, m1, "A2", 100), (focal_m2, m2, "A1", 50), (focal_m1, m1, "B1", 5),
    ):  # fmt: skip
        _claim(focal, _sid(period, organisation, code), value)
        verification.approve(inspector, submission_id=_sid(period, organisation, code), verified_value=value)
    _claim(focal_m2, _sid(period, m2, "B1"), 3)  # submitted, not verified
    _period(admin, kabupaten, "Uji 2026 Maluku Tengah")  # nothing filled in: scores 0
    return province, kabupaten, period


@dataclass
class Nation:
    setup: Setup
    admin: Actor  # national: no region
    maluku: int
    maluku_tengah: int
    maluku_period: int


@pytest.fixture
def nation(setup: Setup) -> Nation:
    admin = make_user(username="admin.nasional", role=Role.admin)
    return Nation(setup, admin, *_second_province(admin))


def _national_totals(actor: Actor, **kwargs: object) -> dict[str, float]:
    ranking = dashboard.national_ranking(actor, catalog_key="uji-2026", **kwargs)  # type: ignore[arg-type]
    return dict(zip(ranking["entity"], ranking["score"].astype(float), strict=True))


def _overview_totals(actor: Actor, period_ids: list[int], tag: str | None = None) -> dict[str, float]:
    totals: dict[str, float] = {}
    for period_id in period_ids:
        scores = dashboard.period_overview(actor, period_id=period_id, tag=tag).region_scores
        top = scores.loc[scores["code"].astype(str) == ROOT_CODE]
        totals.update(zip(top["entity"], top["score"].astype(float), strict=True))
    return totals


def test_national_ranking_scores_every_pemda_like_its_overview(nation: Nation) -> None:
    s, admin, maluku, maluku_tengah = nation.setup, nation.admin, nation.maluku, nation.maluku_tengah
    maluku_period = nation.maluku_period
    ranking = dashboard.national_ranking(admin, catalog_key="uji-2026")
    assert list(ranking.columns) == dashboard.RANKING_COLUMNS
    names = ranking.set_index("entity")
    assert set(names.index) == {str(r) for r in (s.province, s.kabupaten, maluku, maluku_tengah)}
    assert names.loc[str(s.kabupaten), "province"] == "Provinsi Maluku Utara"
    assert names.loc[str(maluku_tengah), "kind"] == "kabupaten"
    assert names.loc[str(maluku), "kemendagri_code"] == "81"
    # The same numbers the provincial overviews give (the latest period per pemda: "Uji 2026", not 2025).
    provincial = [s.period_id, maluku_period]
    national = _national_totals(admin)
    overview = _overview_totals(admin, provincial)
    assert national.keys() == overview.keys()
    for entity, score in overview.items():
        assert national[entity] == pytest.approx(score)
    # By hand: Maluku A1 (100+50)/2 = 75, A2 100, A3 0 → A = 375/5 = 75; B1 (100+0)/2 = 50 → 45 + 20 = 65.
    assert national[str(maluku)] == pytest.approx(65)
    assert national[str(s.province)] == pytest.approx(24)
    assert national[str(s.kabupaten)] == pytest.approx(15)
    assert national[str(maluku_tengah)] == 0
    assert list(ranking["entity"]) == [str(maluku), str(s.province), str(s.kabupaten), str(maluku_tengah)]
    assert list(ranking["rank"]) == [1, 2, 3, 4]
    # The digital lens agrees too.
    digital = _national_totals(admin, tag="digital")
    for entity, score in _overview_totals(admin, provincial, tag="digital").items():
        assert digital[entity] == pytest.approx(score)
    assert digital[str(s.province)] == pytest.approx(30)
    # A review changes the ranking at once (the cache follows the data).
    verification.approve(s.inspector, submission_id=_sid(s.period_id, s.opd1, "B1"), verified_value=4)
    after = _national_totals(admin)
    assert after[str(s.province)] == pytest.approx(_overview_totals(admin, [s.period_id])[str(s.province)])
    assert after[str(s.province)] > national[str(s.province)]


def test_national_ranking_shows_only_the_pemda_in_scope(nation: Nation) -> None:
    s, maluku, maluku_tengah = nation.setup, nation.maluku, nation.maluku_tengah
    leader = make_user(username="sekda.maluku", role=Role.leader, region_id=maluku)
    mine = dashboard.national_ranking(leader, catalog_key="uji-2026")
    assert set(mine["entity"]) == {str(maluku), str(maluku_tengah)}
    assert list(mine["rank"]) == [1, 2]
    kota = dashboard.national_ranking(s.inspector_kab, catalog_key="uji-2026")
    assert list(kota["entity"]) == [str(s.kabupaten)]
    assert float(kota["score"].iloc[0]) == pytest.approx(15)
    with pytest.raises(LenteraError) as refused:
        dashboard.national_ranking(s.focal1, catalog_key="uji-2026")
    assert refused.value.key == "dashboard.focal_point_own_opd"
    with pytest.raises(LenteraError) as unknown:
        dashboard.national_ranking(s.admin, catalog_key="tidak-ada")
    assert unknown.value.key == "perm.not_found"


def _means_reads(action: object) -> tuple[int, pd.DataFrame]:
    """(how many times the national means query ran, the ranking) for one national_ranking call."""
    reads: list[str] = []

    def remember(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "count(submission.self_value)" in statement.lower():  # the pemda × leaf means query
            reads.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", remember)
    try:
        ranking = action()  # type: ignore[operator]
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return len(reads), ranking


def _offline_value(focal: Actor, period_id: int, organisation_id: int, code: str, value: float) -> None:
    from services.offline import import_offline_sheet, offline_sheet

    book = openpyxl.load_workbook(
        io.BytesIO(offline_sheet(focal, period_id=period_id, organisation_id=organisation_id))
    )
    sheet = book["Isian"]
    headers = [str(cell.value) for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if str(r[headers.index("kode")].value) == code)
    row[headers.index("nilai mandiri")].value = value
    buffer = io.BytesIO()
    book.save(buffer)
    done = import_offline_sheet(
        focal, period_id=period_id, organisation_id=organisation_id, content=buffer.getvalue(), apply=True
    )
    assert done.applied


def test_every_kind_of_write_reaches_the_next_national_ranking(setup: Setup) -> None:
    """Save, submit, approve, return, reopen, offline import, assignment and carry forward each show at once."""
    s, p = setup, setup.period_id

    def ranking() -> pd.DataFrame:
        return dashboard.national_ranking(s.admin, catalog_key="uji-2026")

    def province(frame: pd.DataFrame, column: str = "score") -> float:
        return float(frame.loc[frame["entity"] == str(s.province), column].iloc[0])

    def after(write: object) -> pd.DataFrame:
        reads, _ = _means_reads(ranking)
        assert reads == 0  # warm: served from the cache until something is written
        write()  # type: ignore[operator]
        reads, seen = _means_reads(ranking)
        assert reads == 1  # the written period is read again ...
        dashboard.clear_cache()
        pd.testing.assert_frame_equal(seen, ranking())  # ... and the ranking is what a cold call computes
        return seen

    before = ranking()
    a3 = _sid(p, s.opd2, "A3")
    saved = after(lambda: submissions.save_draft(s.focal2, submission_id=a3, self_value=100, note="bukti"))
    assert province(saved, "self_score") > province(before, "self_score")
    evidence.upload_evidence(s.focal2, submission_id=a3, filename="SK.pdf", stream=io.BytesIO(PDF_BYTES))
    submitted = after(lambda: submissions.submit(s.focal2, submission_id=a3))
    approved = after(lambda: verification.approve(s.inspector, submission_id=a3, verified_value=100))
    assert province(approved) > province(submitted)
    after(
        lambda: verification.return_item(s.inspector, submission_id=_sid(p, s.opd1, "B1"), reason="SK lama")
    )
    a1 = _sid(p, s.opd1, "A1")
    reopened = after(lambda: verification.reopen(s.inspector, submission_id=a1, reason="Periksa ulang"))
    assert province(reopened) < province(approved)
    imported = after(lambda: _offline_value(s.focal1, p, s.opd1, "B1", 5))
    assert province(imported, "self_score") > province(reopened, "self_score")
    assigned = after(
        lambda: periods.set_assignment(s.admin, period_id=p, organisation_id=s.opd2, code="A2", assigned=True)
    )
    assert province(assigned) < province(imported)  # A2's mean now counts OPD2's missing answer as 0
    unassigned = after(
        lambda: periods.set_assignment(
            s.admin, period_id=p, organisation_id=s.opd2, code="A2", assigned=False
        )
    )
    assert province(unassigned) == pytest.approx(province(imported))
    # Carried forward into a new period, the pemda's values count again (as the OPDs' drafts).
    fresh = _period(s.admin, s.province, "Uji 2027", previous_id=p)
    empty = ranking()
    assert province(empty, "self_score") == 0
    # A preview of the carry-forward is rolled back ...
    carry_forward.carry_forward_report(s.admin, from_period_id=p, to_period_id=fresh)
    reads, _ = _means_reads(ranking)
    assert reads == 0  # the preview wrote nothing, so the ranking stays cached
    carried = after(
        lambda: carry_forward.carry_forward(s.admin, from_period_id=p, to_period_id=fresh, copy_values=True)
    )
    assert province(carried, "self_score") > 0


def test_a_rolled_back_write_keeps_the_cached_national_ranking(setup: Setup) -> None:
    """A write undone before its transaction ends leaves nothing to recompute."""
    from services import workflow

    def ranking() -> pd.DataFrame:
        return dashboard.national_ranking(setup.admin, catalog_key="uji-2026")

    before = ranking()
    with session_scope() as session:
        submission = session.get(Submission, _sid(setup.period_id, setup.opd2, "A3"))
        assert submission is not None
        workflow.write_submission(session, submission, self_value=100.0, status="draft")
        session.rollback()
    reads, after = _means_reads(ranking)
    assert reads == 0
    pd.testing.assert_frame_equal(after, before)


def test_a_bulk_insert_through_the_session_reaches_the_next_national_ranking(setup: Setup) -> None:
    """Assignments inserted in bulk (``session.execute(insert(...), rows)``) are seen by the next ranking."""
    from sqlalchemy import insert

    from models.tables import Assignment

    def ranking() -> pd.DataFrame:
        return dashboard.national_ranking(setup.admin, catalog_key="uji-2026")

    before = ranking()
    with session_scope() as session:
        session.execute(
            insert(Assignment),
            [{"period_id": setup.period_id, "organisation_id": setup.opd2, "code": "A2"}],
        )
        session.commit()
    reads, seen = _means_reads(ranking)
    assert reads == 1
    dashboard.clear_cache()
    pd.testing.assert_frame_equal(seen, ranking())
    assert not seen["score"].equals(before["score"])  # A2 now counts OPD2's missing answer as 0
