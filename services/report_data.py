"""What a report shows: a ``ReportData`` for a period and scope, assembled from the dashboard's own numbers.

Every score comes from ``services.overview`` (``period_overview`` / ``opd_overview``), the same cached
computation the leader's dashboard shows, so a number in a report is the number on screen. This module only
renames entities and adds the registers the dashboard does not need (``services.report_registers``).

Scope (``scope`` argument, also ``lentera export --scope``):

- ``"province"``: the period's region with, for a provincial period, its kabupaten/kota (their pemda score
  comes from their own period of the same catalog, as on the dashboard) and the period's OPDs.
- ``"own"``: the requesting user's own scope: a focal point's OPD, anybody else's ``"province"``.
- a Kemendagri region code (``"82"``, ``"82.71"``): the period's region (same as ``"province"``), or one of its
  kabupaten/kota, which exports that kabupaten/kota's own period of the same catalog.
- an OPD: ``"opd:DISKOMINFO"`` (its abbreviation, as the workbook shows it), ``"opd:12"`` or the int ``12`` (a
  bare ``"12"`` would be ambiguous with a region code such as ``"82"``); only that OPD's scores, items, evidence
  and reviews.

Entity ids in the report data: a pemda is its Kemendagri code, an OPD is ``opd:<id>`` (the frames join on it);
readers never see the OPD's id: the workbook shows a code column (Kemendagri code or OPD abbreviation,
``reports.views.entity_codes``), which ``--scope opd:ABBREVIATION`` takes on the command line. Item values follow the dashboard's rule: ``verified_value``
is shown only while the item is verified (a reopened item is unverified again).

Permission: leaders, inspectors and admins whose region covers the period; a focal point only their own OPD
(anything wider is ``perm.other_opd``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlmodel import Session, col, func, select

import i18n
from i18n import LenteraError, register
from indicators import ROOT_CODE
from indicators.provenance import mark_labels, programme_name, provenance_marks, source_note
from models import session_scope
from models.tables import Assignment, Organisation, Period, Region, Role, as_utc
from reports import ReportData, nodes_frame, zones_list
from reports.data import (
    ENTITY_COLUMNS,
    EXTERNAL_COLUMNS,
    RANKING_COLUMNS,
    SCORE_COLUMNS,
    STAGE_COLUMNS,
    TREND_COLUMNS,
)
from reports.method import how_computed
from services import catalogs, install
from services.actor import Actor
from services.overview import opd_overview, period_overview, rank_note
from services.periods import reviewer_label
from services.permissions import require, require_organisation, require_region
from services.report_registers import registers
from services.score_queries import child_period_ids
from services.stage_scores import item_results
from services.trend import trend as trend_of
from services.trend import trend_source
from vocabulary import DEMO_MARK

SCOPES = ("province", "own")  # what the reports page offers; any region code or opd:<id> works too
OPD_PREFIX = "opd:"

register(
    {
        "exports.bad_scope": {
            "id": "Cakupan laporan '{scope}' tidak dikenal: gunakan province, own, kode wilayah Kemendagri "
            "(mis. 82.71) atau opd:ID.",
            "en": "Unknown report scope '{scope}': use province, own, a Kemendagri region code (e.g. 82.71) "
            "or opd:ID.",
        },
        "exports.no_period": {
            "id": "Periode penilaian {period_id} tidak ditemukan.",
            "en": "Assessment period {period_id} does not exist.",
        },
        "exports.region_not_in_period": {
            "id": "Wilayah {code} tidak termasuk dalam periode {period}, dan tidak punya periode sendiri "
            "dengan katalog yang sama.",
            "en": "Region {code} is not part of period {period} and has no period of its own with the same "
            "catalog.",
        },
        "exports.opd_not_in_period": {
            "id": "OPD {opd} tidak mendapat butir penilaian pada periode {period}.",
            "en": "OPD {opd} has no assessment items in period {period}.",
        },
        "exports.title": {
            "id": "Laporan Kesiapan {period} — {name}",
            "en": "Readiness Report {period} — {name}",
        },
        "ui.reports.scope.province": {
            "id": "Provinsi/pemda periode ini (dengan kabupaten/kota)",
            "en": "This period's government (with its kabupaten/kota)",
        },
        "ui.reports.scope.own": {
            "id": "Cakupan saya (OPD saya untuk operator OPD)",
            "en": "My scope (my OPD for a focal point)",
        },
    }
)


@dataclass(frozen=True)
class _Scope:
    period: Period
    region: Region  # the period's region
    organisation_id: int | None  # set for an OPD scope


def _parse_opd(session: Session, period: Period, scope: object) -> int | None:
    """The OPD id an OPD scope names: ``opd:12``, the int ``12``, or ``opd:DISKOMINFO`` (the abbreviation, any
    case, among the period's region's OPDs: what the workbook's "Kode Wilayah/OPD" column shows)."""
    if isinstance(scope, int) and not isinstance(scope, bool):
        return scope
    text = str(scope).strip()
    if not text.lower().startswith(OPD_PREFIX):
        return None
    name = text[len(OPD_PREFIX) :].strip()
    if name.isdigit():
        return int(name)
    found = session.exec(
        select(Organisation.id).where(
            Organisation.region_id == period.region_id,
            func.lower(Organisation.abbreviation) == name.lower(),
        )
    ).first()
    if not name or found is None:
        raise LenteraError("exports.bad_scope", scope=text)
    return found


def _resolve(session: Session, actor: Actor, period_id: int, scope: object) -> _Scope:
    """The period and the OPD a scope names; raises for anything the actor may not export."""
    period = session.get(Period, period_id)
    if period is None or period.id is None:
        raise LenteraError("exports.no_period", period_id=period_id)
    region = session.get(Region, period.region_id)
    assert region is not None
    if scope == "own":
        if actor.role == Role.focal_point:
            if actor.organisation_id is None:
                raise LenteraError("perm.denied")
            scope = actor.organisation_id
        else:
            scope = "province"
    organisation_id = _parse_opd(session, period, scope)
    if organisation_id is not None:
        organisation = require_organisation(session, actor, organisation_id)
        assigned = session.exec(
            select(Assignment.id).where(
                Assignment.period_id == period.id, Assignment.organisation_id == organisation_id
            )
        ).first()
        if assigned is None:
            raise LenteraError("exports.opd_not_in_period", opd=organisation.name, period=period.name)
        return _Scope(period, region, organisation_id)
    if actor.role == Role.focal_point:
        raise LenteraError("perm.other_opd")
    require(actor, "export_province")
    text = str(scope).strip()
    if text == "province" or text == region.kemendagri_code:
        require_region(session, actor, period.region_id)
        return _Scope(period, region, None)
    target = session.exec(select(Region).where(Region.kemendagri_code == text)).first()
    if target is None:
        raise LenteraError("exports.bad_scope", scope=text)
    require_region(session, actor, target.id or 0)
    # A kabupaten/kota of a provincial period: its own period, chosen exactly as the dashboard chooses it.
    children = child_period_ids(session, period)
    for child_id in children:
        child = session.get(Period, child_id)
        if child is not None and child.region_id == target.id:
            return _Scope(child, target, None)
    raise LenteraError("exports.region_not_in_period", code=text, period=period.name)


# -- assembling ------------------------------------------------------------------------------------------------


def _opd_entity(organisation_id: object) -> str:
    return f"{OPD_PREFIX}{int(str(organisation_id))}"


def _scores(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """A dashboard scoring result with the report's entity ids (rows of unknown entities dropped)."""
    out = frame.loc[frame["entity"].astype(str).isin(names)].copy()
    out["entity"] = out["entity"].astype(str).map(names)
    return out.reset_index(drop=True)


def _ranking(frame: pd.DataFrame, names: dict[str, str], group: str) -> pd.DataFrame:
    out = _scores(frame, names)
    return out.assign(group=group)


def _trend_frame(actor: Actor, region: Region, period: Period, framework: str) -> pd.DataFrame:
    """Our periods' TOTALs up to this period and the published scores of the same framework."""
    trend = trend_of(actor, region_id=region.id or 0)
    if trend.empty:
        return pd.DataFrame(columns=TREND_COLUMNS)
    trend = trend.loc[trend["area"].isna() & (trend["framework"].str.upper() == framework.upper())]
    deadline = as_utc(period.submission_deadline)
    if deadline is not None:
        last = deadline.astimezone(i18n.WIT).date()
        ours = trend["source"] == "lentera"
        trend = trend.loc[~ours | trend["date"].isna() | (trend["date"] <= last)]
    publisher = "KemenPANRB" if framework.upper() == "SPBE" else "KPK"
    language = actor.language if actor.language in i18n.LANGUAGES else "id"
    series = [
        ("lentera" if s == "lentera" else "published") + ("_final" if stage == "final" else "")
        for s, stage in zip(trend["source"], trend["stage"], strict=True)
    ]
    keys = {
        "lentera_final": "lentera_final", "lentera": "lentera_in_progress",
        "published_final": "published_final", "published": "published_provisional",
    }  # fmt: skip
    return pd.DataFrame(
        {
            "entity": region.kemendagri_code,
            "label": trend["year"].astype(int).astype(str).to_numpy(),  # the assessment year
            "score": trend["score"].astype(float).to_numpy(),
            "source": [i18n.t(f"report.trend.{keys[s]}", language, publisher=publisher) for s in series],
            "name": trend["name"].to_numpy(),
            "stage": trend["stage"].to_numpy(),
        }
    )


def _trend_sources(actor: Actor, region: Region, framework: str, language: str) -> list[str]:
    """The sources of the published points of the pemda's trend, in the report's language."""
    trend = trend_of(actor, region_id=region.id or 0, ours=False)
    if trend.empty:
        return []
    published = trend.loc[
        (trend["source"] == "published") & (trend["framework"].str.upper() == framework.upper())
    ]
    return sorted({trend_source(row, language) for row in published.to_dict("records")})


def report_data(
    actor: Actor, *, period_id: int, scope: str | int = "province", trend: bool = True
) -> ReportData:
    """Everything a report of ``period_id`` over ``scope`` shows (see the module docstring for ``scope``).

    ``trend=False``: a pemda's report leaves its trend empty instead of scoring the pemda's other periods, for
    a format that does not show it (``services.exports.SHOWS_TREND``); the published scores' sources are kept.
    (An OPD's trend, its previous period beside this one, comes with its ranking at no cost.)"""
    with session_scope(write=False) as session:
        resolved = _resolve(session, actor, period_id, scope)
    if resolved.organisation_id is not None:
        return _opd_report(actor, resolved)
    return _region_report(actor, resolved, trend=trend)


def _language(actor: Actor) -> str:
    return actor.language if actor.language in i18n.LANGUAGES else "id"


def _base(actor: Actor, period: Period, region: Region, subject_name: str, **frames: Any) -> ReportData:
    assert period.id is not None
    catalog = catalogs.catalog_for_period(period.id)
    language = actor.language if actor.language in i18n.LANGUAGES else "id"
    demo = install.is_demo()
    title = i18n.t("exports.title", language, period=period.name, name=subject_name)
    return ReportData(
        title=f"{DEMO_MARK} · {title}" if demo else title,
        demo=demo,
        period=period.name,
        catalog_key=catalog.key,
        catalog_name=programme_name(catalog.name),
        scale_max=catalog.scale.max,
        generated_at=datetime.now(UTC),
        zones=zones_list(catalog),
        nodes=nodes_frame(catalog),
        language=language,
        provenance_note=source_note(catalog, language),
        reviewer_label=reviewer_label(catalog.framework, period.reviewer_label),
        method=how_computed(catalog, language),
        marks=mark_labels(provenance_marks(catalog), language),
        opd_zone_indicative=catalog.zone_indicative(opd=True),
        **frames,
    )


def _region_report(actor: Actor, scope: _Scope, *, trend: bool) -> ReportData:
    period, region = scope.period, scope.region
    assert period.id is not None
    overview = period_overview(actor, period_id=period.id)
    regions = overview.regions
    with session_scope(write=False) as session:
        region_rows = session.exec(
            select(Region).where(col(Region.id).in_(regions["id"].astype(int).tolist()))
        )
        by_id = {r.id: r for r in region_rows.all()}
    region_code = {str(i): r.kemendagri_code for i, r in by_id.items()}
    parent_code = {
        r.kemendagri_code: (by_id[r.parent_id].kemendagri_code if r.parent_id in by_id else None)
        for r in by_id.values()
    }
    entity_rows: list[dict[str, Any]] = [
        {"entity": r.kemendagri_code, "name": r.name, "kind": r.kind, "region": r.kemendagri_code,
         "parent": parent_code[r.kemendagri_code]}
        for r in sorted(by_id.values(), key=lambda r: r.kemendagri_code)
    ]  # fmt: skip
    opds = overview.entities
    opd_code = {str(e): _opd_entity(e) for e in opds["entity"]}
    entity_rows += [
        {"entity": opd_code[str(row.entity)], "name": row.name, "kind": "opd", "region": region.kemendagri_code,
         "parent": region.kemendagri_code, "abbreviation": row.abbreviation}
        for row in opds.itertuples()
    ]  # fmt: skip
    entities = pd.DataFrame(entity_rows, columns=[*ENTITY_COLUMNS, "abbreviation"])
    scores = pd.concat(
        [_scores(overview.region_scores, region_code), _scores(overview.opd_scores, opd_code)],
        ignore_index=True,
    )
    ranking = pd.concat(
        [
            _ranking(overview.region_ranking, region_code, "pemda"),
            _ranking(overview.opd_ranking, opd_code, "opd"),
        ],
        ignore_index=True,
    )
    organisation_ids = [int(e) for e in opds["entity"]]
    entity_of = {int(e): name for e, name in opd_code.items()}
    with session_scope(write=False) as session:
        items, evidence, reviews = registers(session, actor, period.id, organisation_ids, entity_of)
        external = _external(session, regions)
    if trend:
        trend_frame = _trend_frame(actor, region, period, overview.framework)
    else:  # the format does not show it: the pemda's other periods are not scored
        trend_frame = pd.DataFrame(columns=TREND_COLUMNS)
    return _base(
        actor, period, region, region.name,
        entities=entities, scores=scores[_score_columns(scores)], ranking=ranking, items=items,
        evidence=evidence, reviews=reviews, trend=trend_frame,
        trend_sources=_trend_sources(actor, region, overview.framework, _language(actor)),
        subject=region.kemendagri_code,
        stages=pd.concat([_stages(overview.region_stages, region_code, "pemda"),
                          _stages(overview.opd_stages, opd_code, "opd")], ignore_index=True),
        external=external, rank_note=rank_note(overview, _language(actor)),
    )  # fmt: skip


def _external(session: Session, regions: pd.DataFrame) -> pd.DataFrame:
    """KPK's results of the pemda in the report (each from the period it is scored from), as ``EXTERNAL_COLUMNS``
    with the report's entity ids (Kemendagri codes)."""
    code_of = dict(
        zip(regions["period_id"].astype(int), regions["kemendagri_code"].astype(str), strict=False)
    )
    results = item_results(session, sorted(code_of))
    return pd.DataFrame(
        {
            "entity": results["period_id"].astype(int).map(code_of).to_numpy(),
            "code": results["code"].astype(str).to_numpy(),
            "value": results["value"].astype(float).to_numpy(),
            "note": results["note"].astype(str).to_numpy(),
        },
        columns=EXTERNAL_COLUMNS,
    )


def _stages(frame: pd.DataFrame, codes: dict[str, str], group: str) -> pd.DataFrame:
    """The stages of the totals and areas (depth ≤ 1), entities as the report names them."""
    if frame.empty:
        return pd.DataFrame(columns=STAGE_COLUMNS)
    kept = frame.loc[frame["depth"] <= 1]
    return kept.assign(group=group, entity=kept["entity"].astype(str).map(codes))[STAGE_COLUMNS]


def _score_columns(scores: pd.DataFrame) -> list[str]:
    return [
        c for c in scores.columns if c in SCORE_COLUMNS or c in ("weight", "value", "self_value", "status")
    ]


def _opd_report(actor: Actor, scope: _Scope) -> ReportData:
    period, region = scope.period, scope.region
    assert period.id is not None and scope.organisation_id is not None
    organisation_id = scope.organisation_id
    entity = _opd_entity(organisation_id)
    names = {str(organisation_id): entity}
    mine = opd_overview(actor, period_id=period.id, organisation_id=organisation_id)
    before = None
    trend_rows = []
    with session_scope(write=False) as session:
        organisation = session.get(Organisation, organisation_id)
        assert organisation is not None
        previous = session.get(Period, period.previous_period_id) if period.previous_period_id else None
    if previous is not None and previous.id is not None:
        before = opd_overview(actor, period_id=previous.id, organisation_id=organisation_id)
        if before.scores.empty:
            before = None
    for shown, overview in ((previous, before), (period, mine)):
        if shown is None or overview is None or overview.scores.empty:
            continue
        deadline = as_utc(shown.submission_deadline)
        total = overview.scores.loc[overview.scores["code"].astype(str) == ROOT_CODE, "score"]
        trend_rows.append(
            {"entity": entity, "score": float(total.iloc[0]), "source": "lentera", "name": shown.name,
             "label": deadline.astimezone(i18n.WIT).date().isoformat() if deadline else shown.name}
        )  # fmt: skip
    totals = mine.scores.loc[mine.scores["code"].astype(str) == ROOT_CODE]
    previous_rank = before.rank if before is not None else None
    ranking = pd.DataFrame(
        {
            "entity": [entity],
            "score": totals["score"].astype(float).to_numpy()[:1],
            "zone": totals["zone"].astype(object).to_numpy()[:1],
            "rank": pd.array([mine.rank], dtype="Int64"),
            "previous_rank": pd.array([previous_rank], dtype="Int64"),
            "group": ["opd"],
        }
    )
    ranking["rank_change"] = ranking["previous_rank"] - ranking["rank"]
    entities = pd.DataFrame(
        [{"entity": entity, "name": organisation.name, "kind": "opd", "region": region.kemendagri_code,
          "parent": region.kemendagri_code, "abbreviation": organisation.abbreviation}]
    )  # fmt: skip
    with session_scope(write=False) as session:
        items, evidence, reviews = registers(
            session, actor, period.id, [organisation_id], {organisation_id: entity}
        )
    scores = _scores(mine.scores, names)
    return _base(
        actor, period, region, organisation.name,
        entities=entities, scores=scores[_score_columns(scores)], ranking=ranking[[*RANKING_COLUMNS, "zone", "group"]],
        items=items, evidence=evidence, reviews=reviews,
        trend=pd.DataFrame(trend_rows, columns=[*TREND_COLUMNS, "name"]), subject=entity,
    )  # fmt: skip


def resolve_scope(
    session: Session, actor: Actor, period_id: int, scope: object
) -> tuple[Period, Region, int | None]:
    """(period, its region, the OPD id or None) a report scope names (``province``, a Kemendagri code, ``opd:ID``,
    ``own``); refuses what the actor may not export, as every report does."""
    found = _resolve(session, actor, period_id, scope)
    return found.period, found.region, found.organisation_id
