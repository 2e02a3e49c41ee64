"""Reports as files: write a period's ``ReportData`` as xlsx, PDF, CSV tables or the evidence ZIP, and audit it.

The data comes from ``services.report_data`` (scope, permission, numbers); the bytes from ``reports/``. This
module picks the builder, names the file, writes it complete or not at all, and records the export.

Formats: ``xlsx`` (workbook), ``pdf`` (report with Berita Acara), ``zip`` (evidence bundle with manifest, only
the files this user may open) and ``csv``: a zip of one CSV per table the report shows, named by table
(``reports.csv_bundle.CSV_TABLES``), in the Excel-Indonesia dialect of ``reports.build_csv``.

Every export writes an ``export.<fmt>`` audit event.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pandas as pd
from sqlmodel import col, select

import i18n
from i18n import LenteraError, register
from models import session_scope
from models.tables import Assignment, Organisation, Period, Role
from reports import (
    Progress,
    ReportData,
    build_csv,
    build_csv_zip,
    build_evidence_zip,
    build_pdf,
    build_xlsx,
    zip_rows,
)
from reports.data import no_progress
from services import install
from services.actor import Actor
from services.audit import record
from services.evidence_storage import evidence_store
from services.permissions import OPERATOR_ID, regions_in_scope
from services.report_data import report_data
from storage.files import atomic_write, disk_full_translated

FORMATS = ("xlsx", "pdf", "csv", "zip", "zip-all")
"""``zip``: the bundle for KPK (evidence of items accepted in reviu only); ``zip-all``: every file, for the archive."""
SHOWS_TREND = frozenset({"pdf", "csv"})
"""The formats that draw or list a pemda's trend; the others skip scoring its earlier periods."""

OPERATOR = Actor(id=OPERATOR_ID, username="operator", full_name="Operator (CLI)", role=Role.admin)
"""The actor of ``lentera export``: whoever runs the CLI on the server holds the data folder anyway. Any actor
with id 0 is the operator (user ids start at 1); its audit events carry no user id."""

register(
    {
        "exports.bad_format": {
            "id": "Format laporan '{fmt}' tidak dikenal: gunakan xlsx, pdf, csv atau zip.",
            "en": "Unknown report format '{fmt}': use xlsx, pdf, csv or zip.",
        },
        "exports.exists": {
            "id": "Berkas {path} sudah ada dan tidak akan ditimpa; pilih nama atau folder lain.",
            "en": "{path} already exists and will not be overwritten; choose another name or folder.",
        },
        "exports.bad_out": {
            "id": "Folder tujuan {path} tidak ada.",
            "en": "The output folder {path} does not exist.",
        },
        "exports.progress.data": {"id": "Mengumpulkan data…", "en": "Collecting the data…"},
        "exports.source.lentera": {"id": "lentera", "en": "lentera"},
    }
)


def table_csv(frame: pd.DataFrame, *, decimals: int | None = None) -> bytes:
    """A table a page offers for download, as CSV for Excel in Indonesian: the one convention every CSV download
    uses (``reports.build_csv``: UTF-8 with BOM, ``;`` separator, decimal comma, WIT moments). The frame's
    headers are already words; ``decimals`` rounds its fractions."""
    return build_csv(frame, decimals=decimals)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "laporan"


def file_name(data: ReportData, fmt: str) -> str:
    """``lentera-<period>-<subject>.<ext>`` (``DATA-DEMO-`` first on a demo installation); the CSV tables and
    the evidence bundle are ``.zip`` files."""
    suffix = {"xlsx": ".xlsx", "pdf": ".pdf", "csv": "-csv.zip", "zip": "-bukti-diterima-reviu.zip",
              "zip-all": "-semua-bukti-arsip.zip"}[fmt]  # fmt: skip
    name = f"lentera-{_slug(data.period)}-{_slug(data.subject or 'semua')}{suffix}"
    return install.exported_name(name, demo=data.demo)


def _target(out: str | os.PathLike[str], name: str) -> Path:
    path = Path(out)
    if path.is_dir():
        path = path / name
    elif not path.parent.is_dir():
        raise LenteraError("exports.bad_out", path=path.parent)
    if path.exists():  # an earlier report (a signed berita acara) is never silently replaced
        raise LenteraError("exports.exists", path=path)
    return path


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
    format/scope/period, a scope the actor may not see, an evidence file whose bytes no longer match, or a
    full disk (``storage.disk_full``).
    """
    if fmt not in FORMATS:
        raise LenteraError("exports.bad_format", fmt=fmt)
    _target(out, "check")  # a missing output folder fails before the work, not after it
    report = progress or no_progress
    report(0.0, i18n.t("exports.progress.data", actor.language))
    data = report_data(actor, period_id=period_id, scope=scope, trend=fmt in SHOWS_TREND)
    target = _target(out, file_name(data, fmt))

    def stage(fraction: float, message: str) -> None:
        report(0.1 + 0.9 * fraction, message)

    stage(0.0, i18n.t("exports.progress.data", actor.language))
    files = 0
    if fmt in ("zip", "zip-all"):
        store = evidence_store()
        opener: Callable[[str], IO[bytes]] = store.open
        with disk_full_translated():  # reports/ knows no storage: the bundle's full disk is translated here
            manifest = build_evidence_zip(
                zip_rows(data, accepted_only=fmt == "zip"), opener, target, progress=stage, lang=data.language
            )
        files = len(manifest)
    else:
        builders: dict[str, Callable[[ReportData], bytes]] = {
            "xlsx": lambda d: build_xlsx(d, progress=stage),
            "pdf": lambda d: build_pdf(d, progress=stage),
            "csv": build_csv_zip,
        }
        atomic_write(target, builders[fmt](data))
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


def export_file(
    actor: Actor,
    *,
    period_id: int,
    scope: str | int = "province",
    fmt: str,
    progress: Progress | None = None,
) -> Path:
    """The report in a private temporary folder of its own, for a download streamed from disk (the evidence
    bundle can be GBs: never held in memory). The caller removes it with ``discard_export``."""
    folder = Path(tempfile.mkdtemp(prefix="lentera-report-"))
    try:
        with disk_full_translated():
            return export(actor, period_id=period_id, scope=scope, fmt=fmt, out=folder, progress=progress)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def discard_export(path: Path) -> None:
    """Remove a file made by ``export_file`` and its private folder."""
    if path.parent.name.startswith("lentera-report-"):
        shutil.rmtree(path.parent, ignore_errors=True)


def export_bytes(
    actor: Actor,
    *,
    period_id: int,
    scope: str | int = "province",
    fmt: str,
    progress: Progress | None = None,
) -> tuple[str, bytes]:
    """The report as (file name, bytes), for a small file's download button (the evidence bundle uses
    ``export_file``): ``export`` into a private temp folder."""
    with disk_full_translated(), tempfile.TemporaryDirectory(prefix="lentera-report-") as folder:
        path = export(actor, period_id=period_id, scope=scope, fmt=fmt, out=Path(folder), progress=progress)
        return path.name, path.read_bytes()


def report_opds(actor: Actor, *, period_id: int) -> list[tuple[int, str]]:
    """The OPDs a one-OPD report of the period can be built for, by name: those with items in it that the actor
    may read (a focal point: their own)."""
    with session_scope(write=False) as session:
        period = session.get(Period, period_id)
        if period is None or period.id is None:
            raise LenteraError("exports.no_period", period_id=period_id)
        query = (
            select(Organisation.id, Organisation.name)
            .where(
                col(Organisation.id).in_(
                    select(Assignment.organisation_id).where(Assignment.period_id == period.id)
                )
            )
            .order_by(Organisation.name)
        )
        if actor.role == Role.focal_point:
            query = query.where(Organisation.id == actor.organisation_id)
        else:
            scope = regions_in_scope(session, actor)
            if scope is not None:
                query = query.where(col(Organisation.region_id).in_(scope))
        return [(int(opd_id), str(name)) for opd_id, name in session.exec(query).all() if opd_id is not None]
