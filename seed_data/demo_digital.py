"""The demo's digital-government periods (issue 17): the province's Indeks Pemerintah Digital (Pemdi 2026) period,
open and partly filled, and a PEKPPP period for its service units (DPMPTSP, RSUD CB, Bapenda).

Both are created through ``services.periods`` (so the PEKPPP period assigns its items to the OPDs marked as
service units only) on the catalog's calendar, their upload deadline kept a few weeks after the MCSP one's (so the
MCSP period stays the one every page opens on); their answers are written by ``seed_data.demo_answers`` like
every demo period, with an rng of their own (the other periods stay the same draw). A Pemdi indicator converted
from an external index gets a believable index value that converts to the level the demo recorded. Named
"... (DATA DEMO)" like every demo period.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from sqlmodel import Session, col, select

from indicators import Catalog
from indicators.rules import ExternalIndexRule
from models.tables import Region, Submission
from seed_data.demo_answers import Fill
from seed_data.demo_cycle import CycleDates, demo_name, open_cycle
from services import catalogs
from services.actor import Actor
from vocabulary import SubmissionStatus

PEMDI_KEY = "pemdi-2026"
PEKPPP_KEY = "pekppp-2022"
SEED_OFFSET = 17
"""The digital periods draw from ``random.Random(seed + SEED_OFFSET)``."""
AFTER_MCP_DAYS = 14
"""Their upload deadline is at least this many days after the open MCSP period's."""

PEMDI_FILL = Fill(0.55, 0.45, 0.15, 0.4, True)
PEKPPP_FILL = Fill(0.5, 0.4, 0.1, 0.4, True)

Plan = tuple[str, Region, str, int, Fill, float]
"""name, region, catalog key, period id, fill, diligence: one row of ``seed_data.demo``'s plan."""
CreatePeriod = Callable[..., int]


def digital_periods(
    actor: Actor, *, province: Region, today: date, after: date, evidence: bool, create: CreatePeriod
) -> list[Plan]:
    """Create the province's Pemdi 2026 and PEKPPP periods (open, deadlines after ``after``) with ``create``
    (``seed_data.demo``'s period maker); returns their plan rows."""
    plan: list[Plan] = []
    for key, framework, fill, diligence in (
        (PEMDI_KEY, "Pemdi", PEMDI_FILL, 0.85),
        (PEKPPP_KEY, "PEKPPP", PEKPPP_FILL, 0.8),
    ):
        catalog = catalogs.catalog_by_key(key)
        if catalog is None:
            continue  # an installation without the shipped catalog: nothing to show
        dates = _dates(catalog, today, after)
        name = demo_name(framework, dates.year, "Provinsi")
        period_id = create(actor, key=key, region=province, name=name, dates=dates, previous_id=None)
        plan.append((name, province, key, period_id, replace(fill, evidence=evidence), diligence))
    return plan


def digital_rng(seed: int) -> random.Random:
    return random.Random(seed + SEED_OFFSET)


def add_external_values(session: Session, rng: random.Random, *, period_id: int, catalog: Catalog) -> int:
    """Give each answered external-index item an index value converting to its recorded level; returns how many.

    A level-1 answer is now and then left without a value (the "no value yet, counts 1" case). A reviewed item
    gets the reviewer's value too (``_reviewed_value``; no draw, so the rest of the demo stays the same)."""
    rules = {leaf.code: leaf.rule for leaf in catalog.leaves() if isinstance(leaf.rule, ExternalIndexRule)}
    if not rules:
        return 0
    rows = session.exec(
        select(Submission).where(
            Submission.period_id == period_id,
            col(Submission.code).in_(list(rules)),
            col(Submission.self_value).is_not(None),
        )
    ).all()
    typed = 0
    for row in rows:
        rule = rules[row.code]
        level = int(row.self_value or 1)
        if level > 1 or rng.random() >= 0.5:
            low = rule.thresholds.get(level, rule.external_min)
            high = rule.thresholds.get(level + 1, rule.external_max + 0.01)
            value = round(rng.uniform(low, high - 0.01), 2)
            if rule.level_for(value) != level:  # rounding across a threshold: take the threshold itself
                value = low
            row.external_value = value
            typed += 1
        if row.status == SubmissionStatus.verified and row.verified_value is not None:
            row.verified_external_value = _reviewed_value(rule, row.external_value, level, row.verified_value)
        session.add(row)
    return typed


def _reviewed_value(
    rule: ExternalIndexRule, typed: float | None, level: int, reviewed: float
) -> float | None:
    """The index value the demo's reviewer verified: the OPD's where the reviewed level is theirs (none where they
    typed none), else the middle of the range converting to the reviewed level."""
    if int(reviewed) == level:
        return typed
    low = rule.thresholds.get(int(reviewed), rule.external_min)
    high = rule.thresholds.get(int(reviewed) + 1, rule.external_max)
    return round((low + high) / 2, 2)


def _dates(catalog: Catalog, today: date, after: date) -> CycleDates:
    cycle = open_cycle(catalog, today)
    due = max(cycle.due, after + timedelta(days=AFTER_MCP_DAYS))
    return CycleDates(cycle.year, cycle.opens, due, max(cycle.verification, due + timedelta(days=21)))
