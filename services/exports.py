"""Reports from the database: assemble a ``ReportData`` for a period and scope, then write xlsx, PDF, CSV or ZIP.

Every score comes from ``services.overview`` (``period_overview`` / ``opd_overview``), the same cached
computation the leader's dashboard shows, so a number in a report is the number on screen. This module only
renames entities and adds the registers the dashboard does not need (items, evidence, reviews), read with a few
bulk queries per export rather than per item.

Scope (``scope`` argument, also ``lentera export --scope``):

- ``"province"``: the period's region with, for a provincial period, its kabupaten/kota (their pemda score
  comes from their own period of the same catalog, as on the dashboard) and the period's OPDs.
- ``"own"``: the requesting user's own scope: a focal point's OPD, anybody else's ``"province"``.
- a Kemendagri region code (``"82"``, ``"82.71"``): the period's region (same as ``"province"``), or one of its
  kabupaten/kota, which exports that kabupaten/kota's own period of the same catalog.
- an OPD: ``"opd:12"`` or the int ``12`` (a bare ``"12"`` would be ambiguous with a region code such as
  ``"82"``); only that OPD's scores, items, evidence and reviews.

Entity ids in the report: a pemda is its Kemendagri code, an OPD is ``opd:<id>`` (the scope syntax, so an id
copied from a workbook works on the command line).

Formats: ``xlsx`` (workbook), ``pdf`` (report with Berita Acara), ``zip`` (evidence bundle with manifest, only
the files this user may open) and ``csv``: a zip of one CSV per table the report shows, named by table
(``CSV_TABLES``), in the Excel-Indonesia dialect of ``reports.build_csv``. Item values follow the dashboard's
rule: ``verified_value`` is shown only while the item is verified (a reopened item is unverified again).

Permission: leaders, inspectors and admins whose region covers the period; a focal point only their own OPD
(anything wider is ``perm.other_opd``). Every export writes an ``export.<fmt>`` audit event.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import pandas as pd
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

import i18n
from i18n import LenteraError, register
from indicators import ROOT_CODE
from models import session_scope
from models.tables import (
    Assignment,
    Evidence,
    EvidenceLink,
    Organisation,
    Period,
    Region,
    Review,
    Role,
    Submission,
    User,
    as_utc,
)
from reports import (
    Progress,
    ReportData,
    build_csv,
    build_evidence_zip,
    build_pdf,
    build_xlsx,
    nodes_frame,
    zip_rows,
    zones_list,
)
from reports import views as report_views
from reports.data import (
    ENTITY_COLUMNS,
    EVIDENCE_COLUMNS,
    ITEM_COLUMNS,
    RANKING_COLUMNS,
    REVIEW_COLUMNS,
    SCORE_COLUMNS,
    TREND_COLUMNS,
)
from services import catalogs
from services.actor import Actor
from services.audit import record
from services.evidence import evidence_store
from services.overview import opd_overview, period_overview
from services.permissions import require_organisation, require_region, require_role
from services.score_queries import child_period_ids
from services.trend import trend as trend_of

SCOPES = ("province", "own")  # what the reports page offers; any region code or opd:<id> works too
FORMATS = ("xlsx", "pdf", "csv", "zip")
CSV_TABLES = ("summary", "area_matrix", "scores", "ranking", "items", "evidence", "reviews", "trend")
OPD_PREFIX = "opd:"

OPERATOR = Actor(id=0, username="operator", full_name="Operator (CLI)", role=Role.admin)
"""The actor of ``lentera export``: whoever runs the CLI on the server holds the data folder anyway. Any actor
with id 0 is the operator (user ids start at 1); its audit events carry no user id."""

register(
    {
        "exports.bad_scope": {
            "id": "Cakupan laporan '{scope}' tidak dikenal: gunakan province, own, kode wilayah Kemendagri "
            "(mis. 82.71) atau opd:ID.",
            "en": "Unknown report scope '{scope}': use province, own, a Kemendagri region code (e.g. 82.71) "
            "or opd:ID.",
        },
        "exports.bad_format": {
            "id": "Format laporan '{fmt}' tidak dikenal: gunakan xlsx, pdf, csv atau zip.",
            "en": "Unknown report format '{fmt}': use xlsx, pdf, csv or zip.",
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
        "exports.exists": {
            "id": "Berkas {path} sudah ada dan tidak akan ditimpa; pilih nama atau folder lain.",
            "en": "{path} already exists and will not be overwritten; choose another name or folder.",
        },
        "exports.bad_out": {
            "id": "Folder tujuan {path} tidak ada.",
            "en": "The output folder {path} does not exist.",
        },
        "exports.title": {
            "id": "Laporan Kesiapan {period} — {name}",
            "en": "Readiness Report {period} — {name}",
        },
        "exports.progress.data": {"id": "Mengumpulkan data…", "en": "Collecting the data…"},
        "exports.source.lentera": {"id": "lentera", "en": "lentera"},
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


def _noop(_fraction: float, _message: str) -> None:
    return None


# -- scope -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scope:
    period: Period
    region: Region  # the period's region
    organisation_id: int | None  # set for an OPD scope


def _parse_opd(scope: object) -> int | None:
    if isinstance(scope, int) and not isinstance(scope, bool):
        return scope
    text = str(scope).strip()
    if text.lower().startswith(OPD_PREFIX):
        number = text[len(OPD_PREFIX) :].strip()
        if number.isdigit():
            return int(number)
        raise LenteraError("exports.bad_scope", scope=text)
    return None


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
    organisation_id = _parse_opd(scope)
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
    require_role(actor, Role.admin, Role.leader, Role.inspector)
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


# -- reading the registers ---------------------------------------------------------------------------------------


def _items(session: Session, period_id: int, organisation_ids: list[int]) -> pd.DataFrame:
    """Assigned items (an assignment without a submission is ``empty``), as the scoring input sees them."""
    rows = session.execute(
        sa_select(
            col(Assignment.organisation_id),
            col(Assignment.code),
            col(Submission.id),
            col(Submission.self_value),
            col(Submission.verified_value),
            col(Submission.status),
            col(Submission.note),
            col(Submission.submitted_at),
        )
        .outerjoin(
            Submission,
            (col(Submission.period_id) == col(Assignment.period_id))
            & (col(Submission.organisation_id) == col(Assignment.organisation_id))
            & (col(Submission.code) == col(Assignment.code)),
        )
        .where(col(Assignment.period_id) == period_id, col(Assignment.organisation_id).in_(organisation_ids))
        .order_by(col(Assignment.organisation_id), col(Assignment.id))
    ).all()
    frame = pd.DataFrame(
        rows,
        columns=["organisation_id", "code", "submission_id", "self_value", "verified_value", "status", "note",
                 "submitted_at"],
    )  # fmt: skip
    frame["status"] = frame["status"].fillna("empty")
    for column in ("self_value", "verified_value"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    # The dashboard counts a verified value only while the item is verified; the report says the same.
    frame.loc[frame["status"] != "verified", "verified_value"] = float("nan")
    frame["note"] = frame["note"].fillna("")
    frame["submitted_at"] = frame["submitted_at"].map(as_utc)
    return frame


def _reviews(session: Session, period_id: int, organisation_ids: list[int]) -> pd.DataFrame:
    rows = session.execute(
        sa_select(
            col(Review.id),
            col(Review.submission_id),
            col(Submission.organisation_id),
            col(Submission.code),
            col(Review.decision),
            col(Review.verified_value),
            col(Review.reason),
            col(User.full_name),
            col(Review.decided_at),
        )
        .join(Submission, col(Submission.id) == col(Review.submission_id))
        .outerjoin(User, col(User.id) == col(Review.reviewer_id))
        .where(col(Submission.period_id) == period_id, col(Submission.organisation_id).in_(organisation_ids))
        .order_by(col(Review.id))
    ).all()
    frame = pd.DataFrame(
        rows,
        columns=["review_id", "submission_id", "organisation_id", "code", "decision", "verified_value",
                 "reason", "reviewer", "decided_at"],
    )  # fmt: skip
    frame["reason"] = frame["reason"].fillna("")
    frame["verified_value"] = pd.to_numeric(frame["verified_value"], errors="coerce").astype(float)
    frame["decided_at"] = frame["decided_at"].map(as_utc)
    return frame


def _evidence(session: Session, actor: Actor, period_id: int, organisation_ids: list[int]) -> pd.DataFrame:
    """Files attached (not detached) to the scope's items: one row per file × OPD, with the codes it supports."""
    query = (
        sa_select(
            col(Evidence.id),
            col(Evidence.sha256),
            col(Evidence.display_name),
            col(Evidence.size),
            col(Evidence.media_type),
            col(User.full_name),
            col(Evidence.uploaded_at),
            col(Evidence.document_date),
            col(Submission.organisation_id),
            col(Submission.code),
            col(Evidence.organisation_id),
        )
        .join(EvidenceLink, col(EvidenceLink.evidence_id) == col(Evidence.id))
        .join(Submission, col(Submission.id) == col(EvidenceLink.submission_id))
        .outerjoin(User, col(User.id) == col(Evidence.uploaded_by_id))
        .where(
            col(Submission.period_id) == period_id,
            col(Submission.organisation_id).in_(organisation_ids),
            col(EvidenceLink.detached_at).is_(None),
        )
        .order_by(col(Evidence.id), col(Submission.code))
    )
    rows = session.execute(query).all()
    frame = pd.DataFrame(
        rows,
        columns=["evidence_id", "sha256", "display_name", "size", "media_type", "uploaded_by", "uploaded_at",
                 "document_date", "organisation_id", "code", "owner_id"],
    )  # fmt: skip
    # What ``services.evidence.evidence_file`` lets this actor open: the file's OPD must be in scope too.
    visible = frame["owner_id"].isin(organisation_ids)
    if actor.role != Role.focal_point:
        visible |= frame["owner_id"].isna()
    frame = frame.loc[visible]
    if frame.empty:
        return pd.DataFrame(columns=[*EVIDENCE_COLUMNS, "evidence_id", "organisation_id"])
    grouped = frame.groupby(["evidence_id", "organisation_id"], sort=False, as_index=False).agg(
        sha256=("sha256", "first"),
        display_name=("display_name", "first"),
        size=("size", "first"),
        media_type=("media_type", "first"),
        uploaded_by=("uploaded_by", "first"),
        uploaded_at=("uploaded_at", "first"),
        document_date=("document_date", "first"),
        item_codes=("code", lambda codes: ",".join(dict.fromkeys(str(c) for c in codes))),
    )
    grouped["uploaded_at"] = grouped["uploaded_at"].map(as_utc)
    grouped["uploaded_by"] = grouped["uploaded_by"].fillna("")
    return grouped


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
    published = "KemenPANRB" if framework.upper() == "SPBE" else "KPK"
    return pd.DataFrame(
        {
            "entity": region.kemendagri_code,
            "label": [
                d.isoformat() if pd.notna(d) and d is not None else str(y)
                for d, y in zip(trend["date"], trend["year"], strict=True)
            ],
            "score": trend["score"].astype(float).to_numpy(),
            "source": ["lentera" if s == "lentera" else published for s in trend["source"]],
            "name": trend["name"].to_numpy(),
        }
    )


def _registers(
    session: Session, actor: Actor, period_id: int, organisation_ids: list[int], entity_of: dict[int, str]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(items, evidence, reviews) in the report's columns."""
    items = _items(session, period_id, organisation_ids)
    reviews = _reviews(session, period_id, organisation_ids)
    evidence = _evidence(session, actor, period_id, organisation_ids)
    latest = reviews.drop_duplicates("submission_id", keep="last").set_index("submission_id")
    items["reason"] = items["submission_id"].map(latest["reason"]).fillna("")
    items["reviewer"] = items["submission_id"].map(latest["reviewer"])
    items["verified_at"] = items["submission_id"].map(latest["decided_at"])
    items["entity"] = items["organisation_id"].map(entity_of)
    reviews["entity"] = reviews["organisation_id"].map(entity_of)
    evidence["entity"] = evidence["organisation_id"].map(entity_of)
    return (
        items[[*ITEM_COLUMNS, "submission_id"]].reset_index(drop=True),
        evidence[[*EVIDENCE_COLUMNS, "evidence_id"]].reset_index(drop=True),
        reviews[REVIEW_COLUMNS].reset_index(drop=True),
    )


def report_data(actor: Actor, *, period_id: int, scope: str | int = "province") -> ReportData:
    """Everything a report of ``period_id`` over ``scope`` shows (see the module docstring for ``scope``)."""
    with session_scope(write=False) as session:
        resolved = _resolve(session, actor, period_id, scope)
    if resolved.organisation_id is not None:
        return _opd_report(actor, resolved)
    return _region_report(actor, resolved)


def _base(actor: Actor, period: Period, region: Region, subject_name: str, **frames: Any) -> ReportData:
    assert period.id is not None
    catalog = catalogs.catalog_for_period(period.id)
    language = actor.language if actor.language in i18n.LANGUAGES else "id"
    return ReportData(
        title=i18n.t("exports.title", language, period=period.name, name=subject_name),
        period=period.name,
        catalog_key=catalog.key,
        catalog_name=catalog.name,
        scale_max=catalog.scale.max,
        generated_at=datetime.now(UTC),
        zones=zones_list(catalog),
        nodes=nodes_frame(catalog),
        language=language,
        place=region.capital or "",
        provenance_note=f"Katalog {catalog.key}: {catalog.provenance}. {catalog.source or ''}".strip(),
        **frames,
    )


def _region_report(actor: Actor, scope: _Scope) -> ReportData:
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
        items, evidence, reviews = _registers(session, actor, period.id, organisation_ids, entity_of)
    return _base(
        actor, period, region, region.name,
        entities=entities, scores=scores[_score_columns(scores)], ranking=ranking, items=items,
        evidence=evidence, reviews=reviews, trend=_trend_frame(actor, region, period, overview.framework),
        subject=region.kemendagri_code,
    )  # fmt: skip


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
        items, evidence, reviews = _registers(
            session, actor, period.id, [organisation_id], {organisation_id: entity}
        )
    scores = _scores(mine.scores, names)
    return _base(
        actor, period, region, organisation.name,
        entities=entities, scores=scores[_score_columns(scores)], ranking=ranking[[*RANKING_COLUMNS, "zone", "group"]],
        items=items, evidence=evidence, reviews=reviews,
        trend=pd.DataFrame(trend_rows, columns=[*TREND_COLUMNS, "name"]), subject=entity,
    )  # fmt: skip


# -- writing ---------------------------------------------------------------------------------------------------


def csv_tables(data: ReportData) -> dict[str, pd.DataFrame]:
    """The tables of the CSV export, keyed by file stem (``CSV_TABLES``), in the columns the workbook shows."""
    summary = report_views.summary(data)
    matrix, _zones = report_views.area_matrix(data)
    items = report_views.item_detail(data)
    reviews = report_views.reviews_detail(data)
    names = dict(zip(data.entities["entity"].astype(str), data.entities["name"], strict=False))
    evidence = data.evidence.assign(entity_name=data.evidence["entity"].astype(str).map(names))
    return {
        "summary": summary[["group", "entity", "name", "kind", "region_name", "score", "self_score", "projected",
                            "max", "gap", "zone", "rank", "previous_rank", "rank_change"]],
        "area_matrix": matrix.rename_axis(index="entity", columns=None).reset_index(),
        "scores": data.scores[[c for c in SCORE_COLUMNS if c in data.scores.columns]],
        "ranking": data.ranking[[c for c in (*RANKING_COLUMNS, "group") if c in data.ranking.columns]],
        "items": items[["entity", "entity_name", "area_code", "code", "indicator", *ITEM_COLUMNS[2:]]],
        "evidence": evidence[[*EVIDENCE_COLUMNS, "entity_name"]],
        "reviews": reviews[["decided_at", "entity", "entity_name", "code", "indicator", *REVIEW_COLUMNS[2:6]]],
        "trend": data.trend[[c for c in (*TREND_COLUMNS, "name") if c in data.trend.columns]],
    }  # fmt: skip


def build_csv_zip(data: ReportData) -> bytes:
    """One CSV per table (``<table>.csv``), zipped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, frame in csv_tables(data).items():
            bundle.writestr(f"{name}.csv", build_csv(frame))
    return buffer.getvalue()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "laporan"


def file_name(data: ReportData, fmt: str) -> str:
    """``lentera-<period>-<subject>.<ext>``; the CSV tables and the evidence bundle are ``.zip`` files."""
    suffix = {"xlsx": ".xlsx", "pdf": ".pdf", "csv": "-csv.zip", "zip": "-bukti.zip"}[fmt]
    return f"lentera-{_slug(data.period)}-{_slug(data.subject or 'semua')}{suffix}"


def _target(out: str | os.PathLike[str], name: str) -> Path:
    path = Path(out)
    if path.is_dir():
        path = path / name
    elif not path.parent.is_dir():
        raise LenteraError("exports.bad_out", path=path.parent)
    if path.exists():  # an earlier report (a signed berita acara) is never silently replaced
        raise LenteraError("exports.exists", path=path)
    return path


def _write_atomically(target: Path, content: bytes) -> None:
    descriptor, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def export(
    actor: Actor,
    *,
    period_id: int,
    scope: str | int = "province",
    fmt: str,
    out: str | os.PathLike[str],
    progress: Progress | None = None,
) -> Path:
    """Write the report to ``out`` (a file path, or a folder to put ``file_name(...)`` in); returns the path.

    The file appears complete or not at all (temp file + rename). Raises ``LenteraError`` for an unknown
    format/scope/period, a scope the actor may not see, or an evidence file whose bytes no longer match.
    """
    if fmt not in FORMATS:
        raise LenteraError("exports.bad_format", fmt=fmt)
    _target(out, "check")  # a missing output folder fails before the work, not after it
    report = progress or _noop
    report(0.0, i18n.t("exports.progress.data", actor.language))
    data = report_data(actor, period_id=period_id, scope=scope)
    target = _target(out, file_name(data, fmt))

    def stage(fraction: float, message: str) -> None:
        report(0.1 + 0.9 * fraction, message)

    stage(0.0, i18n.t("exports.progress.data", actor.language))
    files = 0
    if fmt == "zip":
        store = evidence_store()
        opener: Callable[[str], IO[bytes]] = store.open
        manifest = build_evidence_zip(zip_rows(data), opener, target, progress=stage, lang=data.language)
        files = len(manifest)
    else:
        builders: dict[str, Callable[[ReportData], bytes]] = {
            "xlsx": lambda d: build_xlsx(d, progress=stage),
            "pdf": lambda d: build_pdf(d, progress=stage),
            "csv": build_csv_zip,
        }
        _write_atomically(target, builders[fmt](data))
    operator = actor.id == OPERATOR.id  # no user row: the audit event names nobody, ``via`` says "cli"
    with session_scope() as session:
        record(
            session,
            actor=None if operator else actor,
            action=f"export.{fmt}",
            entity="period",
            entity_id=period_id,
            after={"scope": str(scope), "subject": data.subject, "file": target.name,
                   "bytes": target.stat().st_size, "entities": len(data.entities), "files": files,
                   "via": "cli" if operator else "app"},
        )  # fmt: skip
    report(1.0, i18n.t("report.progress.done", data.language))
    return target


def export_bytes(
    actor: Actor,
    *,
    period_id: int,
    scope: str | int = "province",
    fmt: str,
    progress: Progress | None = None,
) -> tuple[str, bytes]:
    """The report as (file name, bytes), for a download button: ``export`` into a private temp folder."""
    with tempfile.TemporaryDirectory(prefix="lentera-report-") as folder:
        path = export(actor, period_id=period_id, scope=scope, fmt=fmt, out=Path(folder), progress=progress)
        return path.name, path.read_bytes()
