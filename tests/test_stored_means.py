"""The national ranking's stored leaf means (``services.stored_means``), on SQLite and PostgreSQL: a cold
ranking reads them instead of grouping the items, regroups only the periods written since, and always equals the
full computation from the items (``scoring.aggregate.score_regions`` on every OPD row)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest
import score_world as world
from sqlalchemy import event, update
from sqlmodel import select

import scoring
from models import session_scope
from models.database import get_engine
from models.tables import Period, PeriodLeafMeans
from scoring.aggregate import LeafMeans, score_regions
from services import period_scores, stored_means, submissions, verification
from services.cache import clear_caches
from services.national import national_ranking
from services.score_queries import input_frame, latest_periods, region_kinds


@pytest.fixture
def setup(db_url: str) -> world.Setup:
    return world.build()


def _cold_ranking(setup: world.Setup) -> tuple[int, pd.DataFrame]:
    """(how many grouped means queries ran, the ranking) for a call with this process's caches empty."""
    clear_caches()
    grouped: list[str] = []

    def remember(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "count(submission.self_value)" in statement.lower():
            grouped.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", remember)
    try:
        ranking = national_ranking(setup.admin, catalog_key="uji-2026")
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return len(grouped), ranking


def _full_computation(setup: world.Setup) -> pd.DataFrame:
    """The ranking from every OPD row of the latest periods, scored in pandas: no means, stored or grouped."""
    with session_scope() as session:
        period = session.get(Period, setup.period_id)
        assert period is not None
        latest = latest_periods(session, period.catalog_id, None)
        frame = input_frame(session, sorted(latest))
        kinds = {str(region): kind for region, kind in region_kinds(session, sorted(latest)).items()}
        relaxed = period_scores.relaxed(period_scores.catalog_row(session, period))
    return scoring.rank(score_regions(relaxed, frame, kinds=kinds))


def _assert_equal_rankings(fast: pd.DataFrame, full: pd.DataFrame) -> None:
    fast, full = fast.sort_values("entity", ignore_index=True), full.sort_values("entity", ignore_index=True)
    assert list(fast["entity"]) == list(full["entity"])
    np.testing.assert_allclose(fast["score"].to_numpy(float), full["score"].to_numpy(float))
    assert list(fast["rank"]) == list(full["rank"])


def _stored() -> dict[int, str]:
    with session_scope() as session:
        rows = session.exec(select(PeriodLeafMeans)).all()
        return {row.period_id: row.change_token for row in rows}


def test_a_cold_ranking_reads_the_stored_means_and_equals_the_full_computation(setup: world.Setup) -> None:
    grouped, first = _cold_ranking(setup)
    assert grouped == 1  # nothing stored yet: every period grouped in one query, then stored
    periods = sorted(_stored())
    assert len(periods) == len(first) >= 2  # one row per ranked pemda's period
    grouped, again = _cold_ranking(setup)
    assert grouped == 0  # a new process (empty caches) reads the stored rows
    pd.testing.assert_frame_equal(again, first)
    _assert_equal_rankings(again, _full_computation(setup))

    a3 = world.sid(setup.period_id, setup.opd2, "A3")
    submissions.save_draft(setup.focal2, submission_id=a3, self_value=100, note="bukti")
    before_tokens = _stored()
    grouped, saved = _cold_ranking(setup)
    assert grouped == 1  # only the written period is grouped again ...
    after_tokens = _stored()
    assert [p for p in periods if after_tokens[p] != before_tokens[p]] == [
        setup.period_id
    ]  # ... and restored
    _assert_equal_rankings(saved, _full_computation(setup))

    b1 = world.sid(setup.period_id, setup.opd1, "B1")
    verification.approve(setup.inspector, submission_id=b1, verified_value=5)
    grouped, approved = _cold_ranking(setup)
    assert grouped == 1
    _assert_equal_rankings(approved, _full_computation(setup))
    assert not approved["score"].equals(saved["score"])  # the write shows, not the stale stored row


def _rewrite_stored(change: Any) -> None:
    """Every stored row's document replaced by ``change(document)``, as a damaged or foreign row would be."""
    with session_scope() as session:
        for row in session.exec(select(PeriodLeafMeans)).all():
            row.means = change(row.means)
            session.add(row)


def _zeroed(document: dict[str, Any]) -> dict[str, Any]:
    """A stored row's document with every mean 0, in the stored form."""
    codes = stored_means.from_document(document).codes
    zero = np.zeros(len(codes))
    return stored_means.as_document(LeafMeans(codes, zero, zero))


def test_a_stored_row_of_another_token_is_never_read(setup: world.Setup) -> None:
    """Means stored under a token the period no longer has (a write elsewhere, a restore) are regrouped."""
    _, first = _cold_ranking(setup)
    _rewrite_stored(_zeroed)
    grouped, tampered = _cold_ranking(setup)
    assert grouped == 0  # same tokens: the (zeroed) stored rows are what a cold ranking reads
    assert (tampered["score"] == 0).all()
    assert not tampered["score"].equals(first["score"])
    with session_scope() as session:
        session.execute(update(Period).values(change_token="0" * 32))  # what a restore's new tokens do
    grouped, regrouped = _cold_ranking(setup)
    assert grouped == 1
    pd.testing.assert_frame_equal(regrouped, first)
    assert set(_stored().values()) == {"0" * 32}


def test_means_stored_by_another_version_of_the_computation_are_never_read(setup: world.Setup) -> None:
    """Rows stored before the means were computed as they are now (another ``MEANS_VERSION``, or none: rows of
    a release before the version was stored) are grouped again, though their tokens still match."""
    _, first = _cold_ranking(setup)
    for version in (None, stored_means.MEANS_VERSION - 1):
        # version None: no version key at all
        _rewrite_stored(
            lambda d, v=version: {k: x for k, x in {**_zeroed(d), "version": v}.items() if x is not None}
        )
        grouped, regrouped = _cold_ranking(setup)
        assert grouped == 1
        pd.testing.assert_frame_equal(regrouped, first)
        with session_scope() as session:
            assert {row.means["version"] for row in session.exec(select(PeriodLeafMeans)).all()} == {
                stored_means.MEANS_VERSION
            }


def test_the_stored_form_keeps_every_float_and_nan_through_json() -> None:
    """A stored row, through the JSON column's text, reads back bit for bit: thirds, long decimals, NaN."""
    means = LeafMeans(
        np.array(["A.1", "A.2", "B 3", "ÿ"], dtype=object),
        np.array([1 / 3, 16.216216216216218, float("nan"), 100.0]),
        np.array([float("nan"), 0.1 + 0.2, 5e-324, -0.0]),
    )
    back = stored_means.from_document(json.loads(json.dumps(stored_means.as_document(means))))
    assert list(back.codes) == list(means.codes)
    for ours, theirs in ((back.value, means.value), (back.self_value, means.self_value)):
        assert ours.tobytes() == theirs.tobytes()  # NaN, -0.0 and the last bit of every float included


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda d: {**d, "value": d["value"][:-3]}, id="cut-mid-base64"),
        pytest.param(lambda d: {**d, "value": d["value"][:-4]}, id="not-whole-floats"),
        pytest.param(lambda d: {**d, "value": [0.0] * len(d["codes"])}, id="numbers-under-this-version"),
        pytest.param(lambda d: {**d, "codes": d["codes"][:-1]}, id="one-code-short"),
        pytest.param(lambda d: {k: v for k, v in d.items() if k != "self_value"}, id="a-part-missing"),
        pytest.param(lambda d: "not a mapping", id="not-a-mapping"),
    ],
)
def test_a_damaged_stored_row_is_grouped_again_never_shown(setup: world.Setup, damage: Any) -> None:
    """A stored row that does not read back whole is left out: its period is grouped again, the ranking is the
    one before the damage (itself equal to the full computation, tested above), the page gets no error, and the
    row is stored anew."""
    _, first = _cold_ranking(setup)
    _rewrite_stored(damage)
    grouped, again = _cold_ranking(setup)
    assert grouped == 1
    pd.testing.assert_frame_equal(again, first)
    with session_scope() as session:
        for row in session.exec(select(PeriodLeafMeans)).all():
            stored_means.from_document(row.means)  # whole again
