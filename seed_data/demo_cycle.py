"""The demo's calendar and its believable closed cycles.

The demo follows the real calendar: the MCSP cycle under way today (``Catalog.cycle_year``) is open, last year's
is closed, both on the catalog's deadlines template, and every period is named as demo data. So that the trend
beside KPK's published figures is believable, a closed demo cycle of a pemda whose final score KPK published lands
within a point of that final (``calibrate``): leaves are raised to their maximum or lowered to their floor, by
their share of the total, until the pemda's reviewed total is close enough.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from indicators import Catalog, Node
from models.tables import (
    Assignment,
    AuditEvent,
    Decision,
    Period,
    PublishedScore,
    Review,
    Submission,
    SubmissionStatus,
    User,
    as_utc,
)
from services.period_scores import catalog_row, pemda_scores
from services.score_queries import input_frame
from vocabulary import DEMO_MARK

TOLERANCE = 0.5  # the closed cycle's total lands this close to the published final (well within a point)
OPEN_DAYS = 24  # the open cycle's upload deadline at least this far ahead, so the demo can be worked
CALIBRATION_ROUNDS = 6


@dataclass(frozen=True)
class CycleDates:
    year: int
    opens: date
    due: date
    verification: date


def demo_name(framework: str, year: int, short: str) -> str:
    """A demo period's name: "MCSP (MCP) 2026 Provinsi (DATA DEMO)"; KPK calls MCP "MCSP" since 2025."""
    shown = "MCSP (MCP)" if framework == "MCP" and year >= 2025 else framework
    return f"{shown} {year} {short} ({DEMO_MARK})"


def open_cycle(catalog: Catalog, today: date) -> CycleDates:
    """The cycle under way: the template's deadlines this cycle year, the upload deadline kept ahead of today."""
    year = catalog.cycle_year(today)
    dates = catalog.deadline_dates(year)
    due = dates.get("submission", today + timedelta(days=OPEN_DAYS))
    due = max(due, today + timedelta(days=OPEN_DAYS))
    verification = max(dates.get("verification", due), due + timedelta(days=10))
    return CycleDates(year, today - timedelta(days=60), due, verification)


def closed_cycle(catalog: Catalog, year: int) -> CycleDates:
    """A past cycle on the template's deadlines of ``year``."""
    dates = catalog.deadline_dates(year)
    due = dates.get("submission", date(year, 11, 30))
    verification = dates.get("verification", due + timedelta(days=14))
    return CycleDates(year, due - timedelta(days=75), due, verification)


def published_final(session: Session, *, region_id: int, framework: str, year: int) -> float | None:
    """The pemda's final overall score published for ``year`` (KPK's), None when none is stored."""
    row = session.exec(
        select(PublishedScore.score).where(
            PublishedScore.region_id == region_id,
            PublishedScore.framework == framework,
            PublishedScore.year == year,
            PublishedScore.status == "final",
            col(PublishedScore.area).is_(None),
        )
    ).first()
    return float(row) if row is not None else None


def pemda_total(session: Session, period: Period) -> tuple[float, dict[str, tuple[float, float]]]:
    """The pemda's reviewed total of ``period`` and per leaf (score, share), scored as the overview scores it."""
    assert period.id is not None
    session.flush()
    row = catalog_row(session, period)
    scores = pemda_scores(session, row, input_frame(session, [period.id]), [period.id])
    own = scores.loc[scores["entity"] == str(period.region_id)]
    total = float(own.loc[own["code"] == "TOTAL", "score"].fillna(0).sum())
    leaves = own.loc[own["is_leaf"].astype(bool)]
    shares = {
        str(code): (float(score) if score == score else 0.0, float(share))
        for code, score, share in zip(leaves["code"], leaves["score"], leaves["share"], strict=True)
    }
    return total, shares


def calibrate(
    session: Session,
    rng: random.Random,
    *,
    period: Period,
    catalog: Catalog,
    target: float,
    reviewer: User,
) -> float:
    """Move the closed period's reviewed values until the pemda's total is within ``TOLERANCE`` of ``target``;
    returns the total reached. A lowered leaf keeps its reviews at the floor value; a raised leaf's items are
    all reviewed at the maximum (an item never handed in gets the submission and review it would have had)."""
    total, leaves = pemda_total(session, period)
    scale_max = catalog.scale.max
    for _ in range(CALIBRATION_ROUNDS):
        gap = target - total
        if abs(gap) <= TOLERANCE:
            break
        codes = list(leaves)
        rng.shuffle(codes)
        moved: dict[str, bool] = {}  # code -> raised
        for code in codes:
            score, share = leaves[code]
            step = (scale_max - score) * share if gap > 0 else -score * share
            if step == 0 or abs(step) > abs(gap) + TOLERANCE:
                continue
            moved[code] = gap > 0
            gap -= step
            if abs(gap) <= TOLERANCE:
                break
        if not moved:
            break
        _set_values(session, period, catalog, moved, reviewer)
        total, leaves = pemda_total(session, period)
    return total


def _set_values(
    session: Session, period: Period, catalog: Catalog, moved: dict[str, bool], reviewer: User
) -> None:
    assigned = set(
        session.exec(
            select(Assignment.organisation_id, Assignment.code).where(Assignment.period_id == period.id)
        ).all()
    )
    rows = session.exec(
        select(Submission).where(Submission.period_id == period.id, col(Submission.code).in_(list(moved)))
    ).all()
    for row in rows:
        raised = moved[row.code]
        if (row.organisation_id, row.code) not in assigned:
            continue
        if row.status != SubmissionStatus.verified and not raised:
            continue
        node = catalog.node(row.code)
        value = node.maximum if raised else _floor(node)
        if row.status != SubmissionStatus.verified:
            _review_now(session, period, row, value, reviewer)
        row.verified_value = value
        row.self_value = max(row.self_value or 0.0, value)
        session.add(row)
        review = session.exec(
            select(Review).where(Review.submission_id == row.id).order_by(col(Review.id).desc())
        ).first()
        if review is not None:
            review.verified_value = value
            session.add(review)


def _review_now(session: Session, period: Period, row: Submission, value: float, reviewer: User) -> None:
    """An item not reviewed yet: submitted ten days before the deadline, approved five days later."""
    due = as_utc(period.submission_deadline)
    assert due is not None
    submitted, decided = due - timedelta(days=10), due - timedelta(days=5)
    row.status, row.version, row.updated_at = SubmissionStatus.verified, 3, decided
    row.submitted_at = row.submitted_at or submitted
    row.submitted_by_id = row.submitted_by_id or reviewer.id
    session.add(
        Review(
            submission_id=row.id or 0,
            reviewer_id=reviewer.id or 0,
            decision=Decision.approve,
            verified_value=value,
            evidence_hashes=[],
            decided_at=decided,
        )
    )
    for action, at in (("submission.submit", submitted), ("review.approve", decided)):
        session.add(
            AuditEvent(
                at=at, actor_id=reviewer.id, actor_username=reviewer.username, action=action,
                entity="submission", entity_id=str(row.id), after={"status": row.status, "self_value": value},
            )
        )  # fmt: skip


def _floor(node: Node) -> float:
    assert node.rule is not None
    steps = node.rule.scoring_steps()
    return float(min(steps)) if steps else 0.0
