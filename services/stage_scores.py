"""The three stages of a period's scores for the screens and reports: self → reviu → KPK, with the gaps.

``scoring.stages`` does the arithmetic; this module reads KPK's recorded results (``ExternalResult``) of the
period and of the kab/kota periods scored with it, and hands both to it. Not cached: it is one indexed query
over at most a few thousand rows, and a recorded result shows at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session, col, select

from models.tables import ExternalResult, Period
from scoring.stages import external_scores, region_results, stages
from services.external_results import results_by_period
from services.period_scores import Scored, catalog_row, relaxed


@dataclass(frozen=True)
class StageScores:
    regions: (
        pd.DataFrame
    )  # scoring.stages.STAGE_COLUMNS per pemda × node (external where KPK's results are in)
    opds: pd.DataFrame  # the same per OPD × node: self and reviu only (KPK verifies the pemda's item)


def stage_scores(session: Session, period: Period, scored: Scored, tag: str | None = None) -> StageScores:
    """The stages of ``scored`` (``services.period_scores.scored_period`` of ``period`` under the lens ``tag``):
    KPK's stage on the same leaves as the other two."""
    period_ids = sorted({int(p) for p in scored.frame["period_id"].unique()} | {period.id or 0})
    regions = {
        int(p.id): p.region_id
        for p in session.exec(select(Period).where(col(Period.id).in_(period_ids)))
        if p.id
    }
    results = region_results(results_by_period(session, period_ids), regions)
    external = external_scores(relaxed(catalog_row(session, period)), scored.region_scores, results, tag=tag)
    opds = scored.derived("opd stages", lambda: stages(scored.opd_scores))  # no KPK stage: once per version
    return StageScores(regions=stages(scored.region_scores, external), opds=opds)


def item_results(session: Session, period_ids: list[int]) -> pd.DataFrame:
    """KPK's result per item of these periods with its note: ``period_id, code, value, note`` (the reports print
    them beside the self and reviu values). No permission check: the caller has one."""
    columns = ["period_id", "code", "value", "note"]
    if not period_ids:
        return pd.DataFrame(columns=columns)
    rows = session.exec(
        select(ExternalResult.period_id, ExternalResult.code, ExternalResult.value, ExternalResult.note)
        .where(col(ExternalResult.period_id).in_(period_ids))
        .order_by(col(ExternalResult.period_id), col(ExternalResult.code))
    ).all()
    return pd.DataFrame([(p, c, v, n or "") for p, c, v, n in rows], columns=columns)
