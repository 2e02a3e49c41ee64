"""The demo's Halmahera Selatan scored by KPK's rule (issue 13 §2): before, it showed 30,64 where the rule gives
17,16, and its tax area 100 from one answered item, because items assigned to no OPD dropped out.

The expected figures are computed here a second, plain way, straight from the stored rows (every applicable leaf;
an unassigned leaf 0; each leaf's rule over its OPDs' verified values; weighted means up the tree), so the test
holds whatever the demo generator answers. ``tests/test_pemda_rules.py`` pins the rules on hand-made numbers.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from indicators import Node
from models import session_scope
from models.tables import Assignment, Period, Region, Submission, User
from services.actor import Actor
from services.catalogs import catalog_for_period
from services.overview import period_overview

KABUPATEN = "Kabupaten Halmahera Selatan"
OpdValues = dict[str, list[tuple[float | None, bool]]]


def _leaf(node: Node, answers: list[tuple[float | None, bool]]) -> float:
    present = [value for value, _ in answers if value is not None]
    if not present:  # assigned to no OPD, or nobody has a verified value
        return 0.0
    rule = node.rule_for_pemda
    mean = sum(present) / len(answers)
    if rule == "any":
        value = max(present)
    elif rule == "all":
        value = min(present) if len(present) == len(answers) else 0.0
    elif rule == "lead":
        leads = [v or 0.0 for v, lead in answers if lead]
        value = sum(leads) / len(leads) if leads else mean
    else:
        value = mean
    return value / node.maximum * 100


def _by_hand(node: Node, kind: str, answers: OpdValues) -> float | None:
    if node.is_leaf:
        return _leaf(node, answers.get(node.code, [])) if node.applies(kind) else None
    scored = [(child.weight, _by_hand(child, kind, answers)) for child in node.children]
    applicable = [(weight, score) for weight, score in scored if score is not None]
    if not applicable:
        return None
    return sum(w * s for w, s in applicable) / sum(w for w, _ in applicable)


def _halsel_periods() -> list[tuple[int, int]]:
    with session_scope() as session:
        region = session.exec(select(Region).where(Region.name == KABUPATEN)).one()
        periods = session.exec(select(Period).where(Period.region_id == region.id)).all()
        return [(p.id or 0, region.id or 0) for p in periods]


def _answers(period_id: int) -> OpdValues:
    answers: OpdValues = {}
    with session_scope() as session:
        rows = session.exec(
            select(Assignment, Submission)
            .join(
                Submission,
                (Submission.period_id == Assignment.period_id)  # type: ignore[arg-type]
                & (Submission.organisation_id == Assignment.organisation_id)
                & (Submission.code == Assignment.code),
                isouter=True,
            )
            .where(Assignment.period_id == period_id)
        ).all()
    for assignment, submission in rows:
        verified = submission is not None and submission.status == "verified"
        value = submission.verified_value if verified and submission is not None else None
        answers.setdefault(assignment.code, []).append((value, assignment.lead))
    return answers


def test_halmahera_selatan_scores_by_kpks_rule(demo: dict[str, str]) -> None:
    with session_scope() as session:
        admin = Actor.from_user(session.exec(select(User).where(User.username == "admin")).one())
    periods = _halsel_periods()
    assert periods
    for period_id, region_id in periods:
        catalog = catalog_for_period(period_id)
        answers = _answers(period_id)
        overview = period_overview(admin, period_id=period_id)
        scores = overview.region_scores
        mine = scores.loc[scores["entity"] == str(region_id)]
        unassigned = set(mine.loc[mine["unassigned"].astype(bool), "code"].astype(str))
        applicable = {leaf.code for leaf in catalog.leaves_for("kabupaten")}
        assert unassigned == applicable - set(answers)  # every applicable leaf nobody answers for is listed
        assert not {leaf.code for leaf in catalog.leaves() if not leaf.applies("kabupaten")} & set(answers)
        for area in catalog.top_level:
            expected = _by_hand(area, "kabupaten", answers)
            shown = mine.loc[mine["code"].astype(str) == area.code, "score"]
            assert float(shown.iloc[0]) == pytest.approx(expected), area.code
        total = sum(a.weight * (_by_hand(a, "kabupaten", answers) or 0) for a in catalog.top_level)
        assert overview.pemda_total["score"] == pytest.approx(
            total / sum(a.weight for a in catalog.top_level)
        )
        gaps = overview.gap_list
        assert set(gaps.loc[gaps["unassigned"], "code"].astype(str)) == unassigned
