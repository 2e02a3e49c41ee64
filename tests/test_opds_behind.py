""" "Yang perlu ditindaklanjuti" (issue 13 §4): the OPDs furthest behind, their missing and returned items, days
left to their own deadline in WIT and their focal point, with the "as of" time; on ``score_world`` (SQLite and
PostgreSQL) and, for the ordering, without a database."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest
import score_world as world
from factories import wit

from i18n import LenteraError
from scoring.overview import furthest_behind
from services import periods
from services.behind import opds_behind


@pytest.fixture
def setup(db_url: str) -> world.Setup:
    return world.build()


def test_the_opd_furthest_behind_is_named_with_its_focal_point(setup: world.Setup) -> None:
    """OPD2 has A1 in draft, A3 untouched (2 missing) and B1 returned; OPD1 has nothing open and is not listed.
    OPD2's extension to 10 June 2099 gives it 12 days from 29 May (WIT), not the period's 2."""
    now = datetime(2099, 5, 29, 3, 0, tzinfo=UTC)  # 12.00 WIT
    periods.extend_deadline(
        setup.admin, period_id=setup.period_id, organisation_id=setup.opd2, until=wit(2099, 6, 10, 23, 59),
        reason="Kepala dinas baru dilantik",
    )  # fmt: skip
    behind = opds_behind(setup.leader, period_id=setup.period_id, now=now)
    rows = behind.rows.to_dict("records")
    assert [(r["abbreviation"], r["missing"], r["returned"], r["open"]) for r in rows] == [("OPD2", 2, 1, 3)]
    assert rows[0]["focal_points"] == "Op.Dua"
    assert rows[0]["days_left"] == 12
    assert behind.as_of is not None and behind.time_zone == "Asia/Jayapura"


def test_under_the_lens_only_digital_items_count(setup: world.Setup) -> None:
    """Digital leaves are A1 and B1: OPD2 has one missing (A1 draft) and one returned (B1)."""
    behind = opds_behind(setup.leader, period_id=setup.period_id, tag="digital")
    assert behind.rows[["missing", "returned"]].values.tolist() == [[1, 1]]


def test_a_focal_point_is_refused(setup: world.Setup) -> None:
    with pytest.raises(LenteraError):
        opds_behind(setup.focal1, period_id=setup.period_id)


def test_furthest_behind_orders_by_open_items_then_returned() -> None:
    """Open = missing (empty or draft) + returned; ties go to the OPD with more returned items."""
    progress = pd.DataFrame(
        {
            "entity": ["a", "b", "c", "d"],
            "verified": [5, 0, 1, 9],
            "submitted": [0, 1, 0, 0],
            "returned": [0, 2, 1, 0],
            "draft": [1, 0, 2, 0],
            "missing": [3, 2, 1, 0],
            "total": [9, 5, 5, 9],
        }
    )
    shown = furthest_behind(progress)
    # a: 3+1 missing, 0 returned; b: 2 missing, 2 returned; c: 1+2 missing, 1 returned: all 4 open; d: none.
    assert shown["entity"].tolist() == ["b", "c", "a"]
    assert shown["open"].tolist() == [4, 4, 4]


def test_the_deadlines_of_many_opds_in_one_read(setup: world.Setup) -> None:
    """``effective_deadlines`` (one query for the list ``opds_behind`` shows; ``effective_deadline`` asks it for
    one OPD) gives OPD2 its latest extension and OPD1 the period's deadline, each OPD once."""
    from models import session_scope
    from models.tables import Period, as_utc
    from services.deadlines import effective_deadline, effective_deadlines

    for until in (wit(2099, 6, 10, 23, 59), wit(2099, 6, 5, 23, 59)):  # the later one counts, not the last
        periods.extend_deadline(
            setup.admin, period_id=setup.period_id, organisation_id=setup.opd2, until=until, reason="Banjir"
        )
    with session_scope() as session:
        period = session.get(Period, setup.period_id)
        assert period is not None
        many = effective_deadlines(session, period, [setup.opd2, setup.opd1, setup.opd2])
        assert many == {setup.opd1: as_utc(period.submission_deadline), setup.opd2: wit(2099, 6, 10, 23, 59)}
        assert effective_deadline(session, period, setup.opd2) == wit(2099, 6, 10, 23, 59)
        assert effective_deadlines(session, period, []) == {}
