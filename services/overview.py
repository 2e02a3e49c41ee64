"""What the leader's dashboard and an OPD's overview show: scores, rankings, progress, deadline and gaps of a period.

The scores come from ``services.period_scores`` (cached per data version), the shapes (counts, progress,
heatmap, gap list, totals, ranks) from ``scoring.overview``; this module checks who may read what, reads the
names beside the numbers and the deadline, and assembles the two result types.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pandas as pd

import reports.text  # noqa: F401  (registers the rank note's words)
import scoring
from i18n import t
from indicators import Catalog
from models import session_scope
from models.tables import Period, as_utc
from scoring import overview as shapes
from scoring.overview import COUNT_KEYS
from services.actor import Actor
from services.deadlines import effective_deadline
from services.period_scores import Scored, catalog_row, scored_period
from services.periods import reviewer_label
from services.permissions import regions_in_scope, require, require_organisation
from services.score_queries import entities_frame, period_in_scope, refuse_focal_point, regions_frame
from services.stage_scores import stage_scores
from vocabulary import PeriodState

__all__ = [
    "COUNT_KEYS", "OpdOverview", "Overview", "days_until", "lens_rows", "opd_overview", "overview_is_current",
    "own_progress", "own_rows", "period_overview", "rank_note",
]  # fmt: skip


T = TypeVar("T")


def _no_memo(name: Hashable, compute: Callable[[], T]) -> T:
    """An overview built without scores to memoise on computes every time."""
    return compute()


@dataclass(frozen=True)
class Overview:
    """One period seen from the top. Entities are strings: OPD ids in ``opd_*``, region ids in ``region_*``."""

    period_id: int
    period_name: str
    catalog_key: str
    framework: str
    region_id: int
    tag: str | None
    scale_max: float
    opd_scores: pd.DataFrame  # scoring.score result per OPD × node (RESULT_COLUMNS + status)
    region_scores: (
        pd.DataFrame
    )  # the same per pemda (the period's region, plus kab/kota of a provincial view)
    opd_ranking: pd.DataFrame  # scoring.rank: entity, score, zone, rank, previous_rank, rank_change
    region_ranking: pd.DataFrame
    submission_deadline: datetime | None
    days_to_deadline: int | None  # calendar days in the period's time zone (WIT); negative once passed
    entities: pd.DataFrame  # OPDs: score_queries.ENTITY_COLUMNS
    regions: pd.DataFrame  # pemda: score_queries.REGION_COLUMNS
    areas: pd.DataFrame  # code, name of the top-level areas, catalog order
    reviewer_label: str = "Inspektorat"  # who does the period's internal reviu (services.periods)
    region_stages: pd.DataFrame = field(default_factory=pd.DataFrame)  # scoring.stages per pemda × node
    opd_stages: pd.DataFrame = field(default_factory=pd.DataFrame)  # the same per OPD × node (no KPK stage)
    period_state: str = "open"
    previous_period_name: str | None = None  # the period the rank change compares with
    previous_period_state: str | None = None
    # The data version of its scores and of the previous period's (``overview_is_current``).
    version: Hashable = None
    # The same without the lens: equal before and after a lens switch unless someone wrote in between.
    data_version: Hashable = None
    memo: Callable[[Hashable, Callable[[], Any]], Any] = field(default=_no_memo, compare=False, repr=False)
    """``memo(name, compute)``: ``compute()`` once per version of the scores this overview shows (``Scored.derived``
    of the period, under its lens and previous period), for what a page draws from them (a figure, a table).
    The key ``name`` must hold whatever else the result depends on: the language, names read beside the scores."""
    parts: Mapping[str, Callable[[], Any]] = field(default_factory=dict, compare=False, repr=False)
    """How the parts below are computed: on first read (a report reads none of them; the page reads all), each
    from ``Scored.derived``, then kept on this overview like a field (a page's change to its copy stays its own)."""

    @property
    def counts(self) -> dict[str, int]:
        """verified, submitted, returned, draft, missing, total (the period's own items)."""
        return self._part("counts")

    @property
    def opd_progress(self) -> pd.DataFrame:
        """entity + COUNT_KEYS per OPD."""
        return self._part("opd_progress")

    @property
    def heatmap(self) -> pd.DataFrame:
        """Index OPD entity, one column per top-level area code (verified score)."""
        return self._part("heatmap")

    @property
    def gap_list(self) -> pd.DataFrame:
        """The pemda's gap list (scoring.gap_list) + name, organisations."""
        return self._part("gap_list")

    @property
    def pemda_total(self) -> dict[str, Any]:
        """score, self_score, projected, gap, zone."""
        return self._part("pemda_total")

    def _part(self, name: str) -> Any:
        # functools.cached_property, less its Python 3.11 lock: one per property, shared by every instance, so
        # two sessions' pages would wait for each other. Two threads reading at once may both compute (equal).
        kept = self.__dict__.setdefault("_parts_read", {})
        if name not in kept:
            kept[name] = self.parts[name]()
        return kept[name]


@dataclass(frozen=True)
class OpdOverview:
    period_id: int
    organisation_id: int
    name: str
    scale_max: float
    scores: pd.DataFrame  # this OPD's rows of the scoring result
    counts: dict[str, int]
    submission_deadline: datetime | None  # including an extension granted to this OPD
    days_to_deadline: int | None
    gap_list: pd.DataFrame
    rank: int | None
    ranked: int  # OPDs ranked in the period


def days_until(deadline: datetime | None, *, time_zone: str, now: datetime) -> int | None:
    """Calendar days from today to the deadline's day, both in the period's time zone (WIT)."""
    moment = as_utc(deadline)
    if moment is None:
        return None
    zone = ZoneInfo(time_zone)
    today = (as_utc(now) or now).astimezone(zone).date()
    return (moment.astimezone(zone).date() - today).days


def period_overview(
    actor: Actor, *, period_id: int, tag: str | None = None, now: datetime | None = None
) -> Overview:
    """Scores, rankings (with change against the previous period), progress, deadline and gaps of a period.

    Leaders, inspectors and admins whose region covers the period; focal points use ``opd_overview``.
    ``tag`` ("digital") scores only the leaves carrying it.
    """
    refuse_focal_point(actor)
    require(actor, "period_overview")
    with session_scope() as session:
        period = period_in_scope(session, actor, period_id)
        assert period.id is not None
        scored = scored_period(session, period, tag)
        previous = session.get(Period, period.previous_period_id) if period.previous_period_id else None
        before = scored_period(session, previous, tag) if previous is not None else None
        scope = regions_in_scope(session, actor)
        own = own_rows(scored, period.id, tag)
        entities = entities_frame(session, sorted({int(e) for e in own["entity"].unique()}))
        regions = regions_frame(session, scored.frame)
        framework = catalog_row(session, period).framework
        reviewer = reviewer_label(framework, period.reviewer_label)
        stages = stage_scores(session, period, scored, tag)
    catalog = scored.catalog
    scope_key = None if scope is None else frozenset(scope)
    region_scores = scored.derived(
        ("region scores", scope_key), lambda: _in_scope(scored.region_scores, scope)
    )
    abbreviations = dict(zip(entities["entity"], entities["abbreviation"], strict=False))
    previous_version = before.version if before is not None else None
    region_id = period.region_id
    return Overview(
        period_id=period.id,
        period_name=period.name,
        catalog_key=catalog.key,
        framework=framework,
        region_id=period.region_id,
        tag=tag,
        scale_max=catalog.scale.max,
        opd_scores=scored.opd_scores.copy(deep=False),  # the cached frames stay untouched by callers
        region_scores=region_scores,
        opd_ranking=scored.derived(
            ("opd ranking", previous_version),
            lambda: shapes.ranking(scored.opd_scores, before.opd_scores if before else None),
        ),
        region_ranking=scored.derived(
            ("region ranking", scope_key, previous_version),
            lambda: shapes.ranking(region_scores, before.region_scores if before else None),
        ),
        submission_deadline=as_utc(period.submission_deadline),
        days_to_deadline=days_until(
            period.submission_deadline, time_zone=period.time_zone, now=now or datetime.now(ZoneInfo("UTC"))
        ),
        entities=entities,
        regions=regions.loc[regions["id"].isin(scope)] if scope is not None else regions,
        areas=shapes.areas(catalog),
        reviewer_label=reviewer,
        region_stages=(
            stages.regions.loc[stages.regions["entity"].astype(int).isin(scope)].reset_index(drop=True)
            if scope is not None and not stages.regions.empty
            else stages.regions
        ),
        opd_stages=stages.opds,
        period_state=period.state,
        previous_period_name=previous.name if previous is not None else None,
        previous_period_state=previous.state if previous is not None else None,
        version=(scored.version, previous_version),
        data_version=(scored.data_version, before.data_version if before is not None else None),
        memo=partial(_memo, scored, previous_version),
        parts={
            "counts": lambda: scored.derived("counts", lambda: shapes.counts(own)),
            "opd_progress": lambda: own_progress(scored, period_id, tag),
            "heatmap": lambda: scored.derived("heatmap", lambda: shapes.heatmap(catalog, scored.opd_scores)),
            # an OPD renamed gets its new abbreviation
            "gap_list": lambda: scored.derived(
                ("gap list", tuple(sorted(abbreviations.items()))),
                lambda: shapes.gap_list_with_owners(
                    catalog,
                    scored.region_scores,
                    region=str(region_id),
                    opd_rows=own,
                    abbreviations=abbreviations,
                ),
            ),
            "pemda_total": lambda: scored.derived(
                "total", lambda: shapes.total(scored.region_scores, str(region_id))
            ),
        },
    )


def overview_is_current(actor: Actor, overview: Overview) -> bool:
    """Whether ``period_overview`` would now return the scores ``overview`` shows: no write has changed the data
    of its period, of the kab/kota periods below it or of the previous period since it was built. A part of a
    page that reruns on its own (the overview's tabs) asks this before drawing from an overview the page's
    last full run built, and redraws the whole page when the answer is no: the headline and the tab agree."""
    refuse_focal_point(actor)
    require(actor, "period_overview")
    with session_scope() as session:
        period = period_in_scope(session, actor, overview.period_id)
        previous = session.get(Period, period.previous_period_id) if period.previous_period_id else None
        # Cached on the version it reads: unchanged data costs a few indexed lookups, and changed data is
        # scored here once for the page's rerun that follows.
        version = scored_period(session, period, overview.tag).version
        before = scored_period(session, previous, overview.tag).version if previous is not None else None
    return (version, before) == overview.version


def _memo(scored: Scored, previous_version: Hashable, name: Hashable, compute: Callable[[], T]) -> T:
    return scored.derived(("page", previous_version, name), compute)


def own_rows(scored: Scored, period_id: int, tag: str | None) -> pd.DataFrame:
    """The input rows of the period's own OPDs that the lens ``tag`` counts (not those of its kab/kota periods),
    once per data version (``Scored.derived``); ``scored`` is the period's under the same lens."""
    return scored.derived(
        ("own rows", period_id),
        lambda: lens_rows(scored.frame.loc[scored.frame["period_id"] == period_id], scored.catalog, tag),
    )


def own_progress(scored: Scored, period_id: int, tag: str | None) -> pd.DataFrame:
    """``scoring.overview.progress`` of ``own_rows``, once per data version."""
    return scored.derived(("progress", period_id), lambda: shapes.progress(own_rows(scored, period_id, tag)))


def _in_scope(region_scores: pd.DataFrame, scope: set[int] | None) -> pd.DataFrame:
    """The pemda rows a user with ``scope`` (``permissions.regions_in_scope``; None: everywhere) may see."""
    if scope is None:
        return region_scores.reset_index(drop=True)
    return region_scores.loc[region_scores["entity"].astype(int).isin(scope)].reset_index(drop=True)


def rank_note(overview: Overview, lang: str | None = None) -> str:
    """What the rank-change column compares with: like with like, or last year's final (said so); the same
    sentence under the leader's ranking and in the reports (``reports.text``)."""
    if overview.previous_period_name is None:
        return t("report.rank_note_none", lang)
    closed = PeriodState.closed.value
    if overview.period_state != closed and overview.previous_period_state == closed:
        return t("report.rank_note_final", lang, previous=overview.previous_period_name)
    return t("report.rank_note", lang)


def lens_rows(frame: pd.DataFrame, catalog: Catalog, tag: str | None) -> pd.DataFrame:
    """The input rows the lens counts: all rows, or those of leaves carrying ``tag`` (so the item counts and
    progress under the digital-services lens count the same items as its scores)."""
    if tag is None:
        return frame
    codes = {node.code for node in catalog.leaves() if tag in node.tags}
    return frame.loc[frame["code"].astype(str).isin(codes)]


def opd_overview(
    actor: Actor, *, period_id: int, organisation_id: int, tag: str | None = None, now: datetime | None = None
) -> OpdOverview:
    """One OPD's scores, progress, deadline (with its extension), gaps and rank; focal points: their own OPD."""
    require(actor, "opd_overview")
    with session_scope() as session:
        organisation = require_organisation(session, actor, organisation_id)
        period = period_in_scope(session, actor, period_id)  # the period must lie in the actor's region too
        scored = scored_period(session, period, tag)
        deadline = effective_deadline(session, period, organisation_id)
    entity = str(organisation_id)
    own = lens_rows(
        scored.frame.loc[(scored.frame["period_id"] == period_id) & (scored.frame["entity"] == entity)],
        scored.catalog,
        tag,
    )
    scores = scored.opd_scores.loc[scored.opd_scores["entity"] == entity].reset_index(drop=True)
    rank, ranked = shapes.opd_rank(scored.opd_scores, entity)
    return OpdOverview(
        period_id=period_id,
        organisation_id=organisation_id,
        name=organisation.name,
        scale_max=scored.catalog.scale.max,
        scores=scores,
        counts=shapes.counts(own),
        submission_deadline=deadline,
        days_to_deadline=days_until(
            deadline, time_zone=period.time_zone, now=now or datetime.now(ZoneInfo("UTC"))
        ),
        gap_list=scoring.gap_list(scores) if not scores.empty else scores,
        rank=rank,
        ranked=ranked,
    )
