"""The SQL behind the scores (``services.score_queries``), on SQLite and PostgreSQL: the scoring input in one
query, and the national fast path (leaf means averaged by the database) equal to ``scoring.aggregate``'s pandas
path on the same rows."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import score_world as world
from factories import make_organisation, make_user
from sqlalchemy import event

from models import session_scope
from models.database import get_engine
from models.tables import Period, Role
from scoring.aggregate import pemda_frame, region_means, rules_of, score_pemda_means, score_regions
from services import assignments, period_scores, verification
from services.score_queries import change_tokens, input_frame, period_means, region_kinds, scoring_input


@pytest.fixture
def setup(db_url: str) -> world.Setup:
    return world.build()


def test_scoring_input_is_one_query_with_the_assigned_items(setup: world.Setup) -> None:
    statements: list[str] = []

    def remember(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if re.search(r"\bsubmission\b(?!_)", statement.lower()):  # the table, not submission_deadline
            statements.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", remember)
    try:
        frame = scoring_input(setup.leader, period_id=setup.period_id)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert len(statements) == 1
    assert list(frame.columns) == ["entity", "code", "value", "self_value", "status"]
    rows = {
        (r["entity"], r["code"]): (
            None if pd.isna(r["value"]) else r["value"],
            None if pd.isna(r["self_value"]) else r["self_value"],
            r["status"],
        )
        for r in frame.to_dict("records")
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
    assert scoring_input(setup.leader, period_id=setup.period_id, region_id=setup.kabupaten).empty
    assert len(scoring_input(setup.admin, period_id=setup.period_id, region_id=setup.province)) == 6


LEAVES = ("A1", "A2", "A3", "B1")


def _pandas_means(period_id: int, rules: dict[str, str]) -> pd.DataFrame:
    with session_scope() as session:
        frame = input_frame(session, [period_id])
    return region_means(frame, rules).sort_values("code", ignore_index=True)


def _sql_means(period_id: int, rules: dict[str, str]) -> pd.DataFrame:
    with session_scope() as session:
        tokens = dict(change_tokens(session, [period_id]))
        means = period_means(session, tokens, rules)[period_id]
    return pd.DataFrame(
        {"code": means.codes, "value": means.value, "self_value": means.self_value}
    ).sort_values("code", ignore_index=True)


# The province's A1 by rule, by hand: OPD1 (the lead, named first) verified 100 claimed 100, OPD2 a draft 50,
# OPD3 verified 50 claimed 100.
A1_BY_RULE = {
    "mean": (50, 250 / 3),  # (100 + 0 + 50) / 3, (100 + 50 + 100) / 3
    "any": (100, 100),  # the best
    "all": (0, 50),  # OPD2 has no verified value: 0; the lowest claim is 50
    "lead": (100, 100),  # OPD1's
}


@pytest.mark.parametrize("rule", list(A1_BY_RULE))
def test_the_databases_leaf_values_equal_the_pandas_values(setup: world.Setup, rule: str) -> None:
    # One more OPD on A1 with a verified 50 and no self value at B1: means over three OPDs, a NaN kept NaN.
    opd3 = make_organisation(region_id=setup.province, abbreviation="OPD3", name="Dinas Tiga")
    focal3 = make_user(
        username="op.tiga", role=Role.focal_point, organisation_id=opd3, region_id=setup.province
    )
    assignments.set_assignment(
        setup.admin, period_id=setup.period_id, organisation_id=opd3, code="A1", assigned=True
    )
    a1 = world.sid(setup.period_id, opd3, "A1")
    world.claim(focal3, a1, 100)
    verification.approve(setup.inspector, submission_id=a1, verified_value=50)
    rules = dict.fromkeys(LEAVES, rule)
    for period_id in (setup.previous_id, setup.period_id, setup.kab_period_id):
        pandas, sql = _pandas_means(period_id, rules), _sql_means(period_id, rules)
        assert list(sql["code"]) == list(pandas["code"])
        for column in ("value", "self_value"):
            np.testing.assert_allclose(
                sql[column].to_numpy(float), pandas[column].to_numpy(float), equal_nan=True
            )
    means = _sql_means(setup.period_id, rules).set_index("code")
    value, claimed = A1_BY_RULE[rule]
    assert means.loc["A1", "value"] == pytest.approx(value)
    assert means.loc["A1", "self_value"] == pytest.approx(claimed)
    assert np.isnan(means["value"]["A3"])  # nobody has a verified A3: empty, not 0


def test_the_fast_path_scores_equal_the_pandas_path(setup: world.Setup) -> None:
    period_ids = [setup.period_id, setup.kab_period_id]
    with session_scope() as session:
        frame = input_frame(session, period_ids)
        tokens = dict(change_tokens(session, period_ids))
        kinds = region_kinds(session, period_ids)
        period = session.get(Period, setup.period_id)
        assert period is not None
        row = period_scores.catalog_row(session, period)
        relaxed = period_scores.relaxed(row)
        means = period_means(session, tokens, rules_of(relaxed))
    regions = {setup.period_id: setup.province, setup.kab_period_id: setup.kabupaten}
    # The kota's A3 is assigned to no OPD (it has no OPD2): both paths count it 0.
    fast_frame = pemda_frame(means, regions, catalog=relaxed, kinds=kinds)
    assert fast_frame.loc[fast_frame["unassigned"], "code"].tolist() == ["A3"]
    for tag in (None, "digital"):
        slow = score_regions(relaxed, frame, kinds={str(r): k for r, k in kinds.items()}, tag=tag)
        fast = score_pemda_means(relaxed, fast_frame, tag=tag)
        key = ["entity", "code"]
        slow = slow.assign(code=slow["code"].astype(str)).sort_values(key, ignore_index=True)
        fast = fast.assign(entity=fast["entity"].astype(str), code=fast["code"].astype(str))  # categorical
        fast = fast.sort_values(key, ignore_index=True)
        assert list(fast["entity"] + fast["code"]) == list(slow["entity"] + slow["code"])
        for column in ("score", "self_score"):
            np.testing.assert_allclose(fast[column].to_numpy(float), slow[column].to_numpy(float))
