"""A pemda's score over time (``services.trend``): our totals beside the published scores, each on its
catalog's scale."""

from __future__ import annotations

import pandas as pd
import pytest
import score_world as world
from sqlmodel import select

from models import session_scope
from models.tables import Period, PublishedScore
from services import catalogs
from services.exports import OPERATOR
from services.overview import period_overview
from services.trend import trend


@pytest.fixture
def setup(db_url: str) -> world.Setup:
    return world.build()


def test_trend_has_our_totals_and_published_scores(setup: world.Setup) -> None:
    with session_scope() as session:
        session.add(
            PublishedScore(
                region_id=setup.province, kemendagri_code="82", entity="Provinsi Maluku Utara",
                framework="MCP", year=2025, score=90, status="final",
            )
        )  # fmt: skip
    frame = trend(setup.leader, region_id=setup.province)
    ours = frame.loc[frame["source"] == "lentera"].set_index("period_id")
    assert ours.loc[setup.period_id, "score"] == pytest.approx(24)
    # Last year only OPD2's A1 was verified: pemda A1 = 50 → A = 50/5 = 10 → 6.
    assert ours.loc[setup.previous_id, "score"] == pytest.approx(6)
    published = frame.loc[frame["source"] == "published"]
    assert list(published["score"]) == [90]
    assert set(frame["max"]) == {100.0}


def test_a_published_score_is_on_the_scale_of_its_frameworks_catalog(setup: world.Setup) -> None:
    """SPBE indices are on 0..5 because the stored SPBE catalog says so, not because the code knows SPBE."""
    catalogs.ensure_shipped_catalogs()  # spbe-2021 (scale 0..5) beside the MCP test catalog (0..100)
    with session_scope() as session:
        for framework, year, score in (("SPBE", 2023, 3.1), ("spbe", 2019, 2.9), ("ZI", 2024, 80.0)):
            session.add(
                PublishedScore(
                    region_id=setup.province, kemendagri_code="82", entity="Provinsi Maluku Utara",
                    framework=framework, year=year, score=score, status="final",
                )
            )  # fmt: skip
    published = trend(setup.leader, region_id=setup.province).query("source == 'published'")
    scale = dict(zip(published["framework"], published["max"], strict=True))
    assert scale["SPBE"] == 5.0 and scale["spbe"] == 5.0
    assert scale["ZI"] is None or pd.isna(scale["ZI"])  # no catalog of that framework: no scale to show
    with session_scope() as session:
        assert catalogs.scale_max(session, framework="MCP", year=2030) == 100.0
    only = trend(setup.leader, region_id=setup.province, ours=False)  # the area view's read: no period scored

    def cells(frame: pd.DataFrame) -> list[list[object]]:  # a missing value is missing, whatever its dtype
        return frame.astype(object).where(frame.notna(), None).values.tolist()

    assert list(only.columns) == list(published.columns)
    assert cells(only) == cells(published)


def _row(source: str, year: int, score: float, stage: str, **more: object) -> dict[str, object]:
    return {"source": source, "year": year, "score": score, "stage": stage, "date": None, **more}


def test_a_period_in_progress_is_never_a_final_point() -> None:
    """By assessment year: the closed 2025 period is final, the open 2026 one is its own dashed series that starts
    at the 2025 point; KPK's provisional readings and its final are different series."""
    from services.trend import series_of

    frame = pd.DataFrame(
        [
            _row("lentera", 2026, 41.0, "in_progress"),
            _row("lentera", 2025, 89.6, "final"),
            _row("published", 2025, 70.0, "provisional"),
            _row("published", 2025, 88.3, "provisional"),
            _row("published", 2025, 90.0, "final"),
            _row("published", 2024, 54.26, "provisional"),
        ]
    )
    series = series_of(frame)
    assert series["lentera_final"]["score"].tolist() == [89.6]
    assert series["lentera_in_progress"][["year", "stage"]].values.tolist() == [
        [2025, "final"],
        [2026, "in_progress"],
    ]
    assert series["published_final"]["score"].tolist() == [90.0]
    assert series["published_provisional"]["score"].tolist() == [54.26, 70.0, 88.3]
    assert 2026 not in series["lentera_final"]["year"].tolist()


def test_the_trend_is_by_assessment_year_with_sources(setup: world.Setup) -> None:
    """Our periods sit on their upload deadline's year (2099 in this world), open ones as in progress; a
    published score carries its publisher, citation and status into the source text, in Indonesian."""
    from datetime import date

    from services.trend import trend_source

    with session_scope() as session:
        session.add(
            PublishedScore(
                region_id=setup.province, kemendagri_code="82", entity="Provinsi Maluku Utara",
                framework="MCP", year=2025, score=88.3, status="provisional", published_on=date(2025, 11, 28),
                publisher="KPK", source="Siaran pers KPK", level="pemda",
            )
        )  # fmt: skip
    frame = trend(setup.leader, region_id=setup.province)
    ours = frame.loc[frame["source"] == "lentera"]
    assert set(ours["year"]) == {2099} and set(ours["stage"]) == {"in_progress"}
    published = frame.loc[frame["source"] == "published"].iloc[0].to_dict()
    assert published["stage"] == "provisional"
    assert trend_source(published, "id") == (
        "Sumber: KPK, 28 November 2025, sementara, tingkat pemda — Siaran pers KPK"
    )


def test_every_trend_total_is_the_overview_total_of_its_period(demo: dict[str, str]) -> None:
    """Each Lentera point of every demo pemda's trend is exactly the total its period's overview shows, though
    the trend scores a province without its kab/kota."""
    with session_scope() as session:
        periods = {p.id: p.region_id for p in session.exec(select(Period)).all()}
    regions = sorted(set(periods.values()))
    assert len(periods) > 10 and len(regions) > 1
    compared = 0
    for region_id in regions:
        ours = trend(OPERATOR, region_id=region_id).query("source == 'lentera'")
        for period_id, score, zone in zip(ours["period_id"], ours["score"], ours["zone"], strict=True):
            shown = period_overview(OPERATOR, period_id=int(period_id)).pemda_total
            assert (score, zone) == (shown["score"], shown["zone"]), period_id
            compared += 1
    assert compared == len(periods)  # every demo period has a total
