"""The national ranking (``services.national``), on SQLite and PostgreSQL: every pemda scored like its overview,
limited to the actor's scope, and following every kind of write at once (the caches keyed on change tokens)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import openpyxl
import pandas as pd
import pytest
import score_world as world
from factories import PDF_BYTES, make_organisation, make_region, make_user
from sqlalchemy import event

from i18n import LenteraError
from indicators import ROOT_CODE
from models import session_scope
from models.database import get_engine
from models.tables import Role, Submission
from services import assignments, carry_forward, evidence, submissions, verification
from services.actor import Actor
from services.cache import clear_caches
from services.national import RANKING_COLUMNS, national_ranking
from services.overview import period_overview


@pytest.fixture
def setup(db_url: str) -> world.Setup:
    return world.build()


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
    period = world.new_period(admin, province, "Uji 2026 Maluku")
    for focal, organisation, code, value in (
        (focal_m1, m1, "A1", 100), (focal_m1, m1, "A2", 100), (focal_m2, m2, "A1", 50), (focal_m1, m1, "B1", 5),
    ):  # fmt: skip
        world.claim(focal, world.sid(period, organisation, code), value)
        verification.approve(
            inspector, submission_id=world.sid(period, organisation, code), verified_value=value
        )
    world.claim(focal_m2, world.sid(period, m2, "B1"), 3)  # submitted, not verified
    world.new_period(admin, kabupaten, "Uji 2026 Maluku Tengah")  # nothing filled in: scores 0
    return province, kabupaten, period


@dataclass
class Nation:
    setup: world.Setup
    admin: Actor  # national: no region
    maluku: int
    maluku_tengah: int
    maluku_period: int


@pytest.fixture
def nation(setup: world.Setup) -> Nation:
    admin = make_user(username="admin.nasional", role=Role.admin)
    return Nation(setup, admin, *_second_province(admin))


def _national_totals(actor: Actor, **kwargs: object) -> dict[str, float]:
    ranking = national_ranking(actor, catalog_key="uji-2026", **kwargs)  # type: ignore[arg-type]
    return dict(zip(ranking["entity"], ranking["score"].astype(float), strict=True))


def _overview_totals(actor: Actor, period_ids: list[int], tag: str | None = None) -> dict[str, float]:
    totals: dict[str, float] = {}
    for period_id in period_ids:
        scores = period_overview(actor, period_id=period_id, tag=tag).region_scores
        top = scores.loc[scores["code"].astype(str) == ROOT_CODE]
        totals.update(zip(top["entity"], top["score"].astype(float), strict=True))
    return totals


def test_national_ranking_scores_every_pemda_like_its_overview(nation: Nation) -> None:
    s, admin, maluku, maluku_tengah = nation.setup, nation.admin, nation.maluku, nation.maluku_tengah
    maluku_period = nation.maluku_period
    ranking = national_ranking(admin, catalog_key="uji-2026")
    assert list(ranking.columns) == RANKING_COLUMNS
    # The pemda ids as text, like the region columns beside them (the scored frame's ids are categorical).
    assert ranking["entity"].dtype == ranking["kemendagri_code"].dtype == pd.Series(["x"]).dtype
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
    # The kota: A1 100, A2 0, A3 assigned to no OPD counts 0 → A = 20 → 12 (was 15 while A3 dropped out).
    assert national[str(s.kabupaten)] == pytest.approx(12)
    assert national[str(maluku_tengah)] == 0
    assert list(ranking["entity"]) == [str(maluku), str(s.province), str(s.kabupaten), str(maluku_tengah)]
    assert list(ranking["rank"]) == [1, 2, 3, 4]
    # The digital lens agrees too.
    digital = _national_totals(admin, tag="digital")
    for entity, score in _overview_totals(admin, provincial, tag="digital").items():
        assert digital[entity] == pytest.approx(score)
    assert digital[str(s.province)] == pytest.approx(30)
    # A review changes the ranking at once (the cache follows the data).
    verification.approve(s.inspector, submission_id=world.sid(s.period_id, s.opd1, "B1"), verified_value=4)
    after = _national_totals(admin)
    assert after[str(s.province)] == pytest.approx(_overview_totals(admin, [s.period_id])[str(s.province)])
    assert after[str(s.province)] > national[str(s.province)]


def test_national_ranking_shows_only_the_pemda_in_scope(nation: Nation) -> None:
    s, maluku, maluku_tengah = nation.setup, nation.maluku, nation.maluku_tengah
    leader = make_user(username="sekda.maluku", role=Role.leader, region_id=maluku)
    mine = national_ranking(leader, catalog_key="uji-2026")
    assert set(mine["entity"]) == {str(maluku), str(maluku_tengah)}
    assert list(mine["rank"]) == [1, 2]
    kota = national_ranking(s.inspector_kab, catalog_key="uji-2026")
    assert list(kota["entity"]) == [str(s.kabupaten)]
    assert float(kota["score"].iloc[0]) == pytest.approx(12)  # unassigned A3 counts 0 (was 15)
    with pytest.raises(LenteraError) as refused:
        national_ranking(s.focal1, catalog_key="uji-2026")
    assert refused.value.key == "dashboard.focal_point_own_opd"
    with pytest.raises(LenteraError) as unknown:
        national_ranking(s.admin, catalog_key="tidak-ada")
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


def test_every_kind_of_write_reaches_the_next_national_ranking(setup: world.Setup) -> None:
    """Save, submit, approve, return, reopen, offline import, assignment and carry forward each show at once."""
    s, p = setup, setup.period_id

    def ranking() -> pd.DataFrame:
        return national_ranking(s.admin, catalog_key="uji-2026")

    def province(frame: pd.DataFrame, column: str = "score") -> float:
        return float(frame.loc[frame["entity"] == str(s.province), column].iloc[0])

    def after(write: object) -> pd.DataFrame:
        reads, _ = _means_reads(ranking)
        assert reads == 0  # warm: served from the cache until something is written
        write()  # type: ignore[operator]
        reads, seen = _means_reads(ranking)
        assert reads == 1  # the written period is read again ...
        clear_caches()
        pd.testing.assert_frame_equal(seen, ranking())  # ... and the ranking is what a cold call computes
        return seen

    before = ranking()
    a3 = world.sid(p, s.opd2, "A3")
    saved = after(lambda: submissions.save_draft(s.focal2, submission_id=a3, self_value=100, note="bukti"))
    assert province(saved, "self_score") > province(before, "self_score")
    evidence.upload_evidence(s.focal2, submission_id=a3, filename="SK.pdf", stream=io.BytesIO(PDF_BYTES))
    submitted = after(lambda: submissions.submit(s.focal2, submission_id=a3))
    approved = after(lambda: verification.approve(s.inspector, submission_id=a3, verified_value=100))
    assert province(approved) > province(submitted)
    after(
        lambda: verification.return_item(
            s.inspector, submission_id=world.sid(p, s.opd1, "B1"), reason="SK lama"
        )
    )
    a1 = world.sid(p, s.opd1, "A1")
    reopened = after(lambda: verification.reopen(s.inspector, submission_id=a1, reason="Periksa ulang"))
    assert province(reopened) < province(approved)
    imported = after(lambda: _offline_value(s.focal1, p, s.opd1, "B1", 5))
    assert province(imported, "self_score") > province(reopened, "self_score")
    assigned = after(
        lambda: assignments.set_assignment(
            s.admin, period_id=p, organisation_id=s.opd2, code="A2", assigned=True
        )
    )
    assert province(assigned) < province(imported)  # A2's mean now counts OPD2's missing answer as 0
    unassigned = after(
        lambda: assignments.set_assignment(
            s.admin, period_id=p, organisation_id=s.opd2, code="A2", assigned=False
        )
    )
    assert province(unassigned) == pytest.approx(province(imported))
    # Carried forward into a new period, the pemda's values count again (as the OPDs' drafts).
    fresh = world.new_period(s.admin, s.province, "Uji 2027", previous_id=p)
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


def test_a_rolled_back_write_keeps_the_cached_national_ranking(setup: world.Setup) -> None:
    """A write undone before its transaction ends leaves nothing to recompute."""
    from services import transitions

    def ranking() -> pd.DataFrame:
        return national_ranking(setup.admin, catalog_key="uji-2026")

    before = ranking()
    with session_scope() as session:
        submission = session.get(Submission, world.sid(setup.period_id, setup.opd2, "A3"))
        assert submission is not None
        transitions.write_submission(session, submission, self_value=100.0, status="draft")
        session.rollback()
    reads, after = _means_reads(ranking)
    assert reads == 0
    pd.testing.assert_frame_equal(after, before)


def test_a_bulk_insert_through_the_session_reaches_the_next_national_ranking(setup: world.Setup) -> None:
    """Assignments inserted in bulk (``session.execute(insert(...), rows)``) are seen by the next ranking."""
    from sqlalchemy import insert

    from models.tables import Assignment

    def ranking() -> pd.DataFrame:
        return national_ranking(setup.admin, catalog_key="uji-2026")

    before = ranking()
    with session_scope() as session:
        session.execute(
            insert(Assignment),
            [{"period_id": setup.period_id, "organisation_id": setup.opd2, "code": "A2"}],
        )
        session.commit()
    reads, seen = _means_reads(ranking)
    assert reads == 1
    clear_caches()
    pd.testing.assert_frame_equal(seen, ranking())
    assert not seen["score"].equals(before["score"])  # A2 now counts OPD2's missing answer as 0
