"""The evidence bundle: every evidence file laid out as ``AREA/INDICATOR/OPD/name``, plus ``manifest.csv``.

Inspectors hand this zip to KPK's verifiers or archive it. Three promises:

- Files are streamed from storage into the zip in 1 MiB chunks, never held whole in memory, and the zip is
  written to ``<out>.part`` and renamed only when complete, so a failed export leaves no half zip behind.
- Every file's sha256 is recomputed while it is copied; a mismatch means the stored file is not the one the
  database vouches for, and the export stops with an error instead of shipping it.
- Paths come from ``safe_component`` (no ``..``, separators or control characters, length-capped) and are unique
  per folder (``name (2).pdf``); the original display name stays in the manifest.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import pandas as pd

import i18n
from reports import views
from reports.csv_export import build_csv
from reports.data import Progress, ReportData, no_progress
from reports.safety import safe_component, unique_name
from reports.text import t

CHUNK = 1024 * 1024
ALREADY_COMPRESSED = {"pdf", "png", "jpg", "jpeg", "xlsx", "docx", "odt", "zip"}
MANIFEST_NAME = "manifest.csv"
FOLDER_KEYS = ("area", "indicator", "opd")
FOLDER_CHARS = 60  # three folders + a 100-character name stay under Windows' 260-character path limit
ZIP_ROW_FIELDS = [
    "area", "indicator", "opd", "display_name", "sha256", "item_codes", "uploaded_at", "status", "reviewer",
]  # fmt: skip
MANIFEST_COLUMNS = [
    "path", "sha256", "size", "item_codes", "display_name", "area", "indicator", "opd", "status", "reviewer",
]  # fmt: skip


def zip_rows(data: ReportData, *, accepted_only: bool = True) -> pd.DataFrame:
    """Evidence × item links from a ``ReportData``: one row per file per item it supports (a file that
    supports two indicators appears in both folders), with the item's status and reviewer.

    The bundle for KPK (``accepted_only``) holds only evidence of items accepted in reviu; the archive bundle
    holds every file."""
    names = views.node_names(data)
    areas = views.node_areas(data)
    entity_names = dict(zip(data.entities["entity"].astype(str), data.entities["name"], strict=False))
    frame = data.evidence.copy()
    frame["code"] = frame["item_codes"].astype(str).str.split(",")
    frame = frame.explode("code")
    frame["code"] = frame["code"].str.strip()
    frame["area"] = frame["code"].map(areas).map(lambda a: f"{a} {names.get(a, '')}".strip() if a else "")
    frame["indicator"] = frame["code"].map(lambda c: f"{c} {names.get(c, '')}".strip())
    frame["opd"] = frame["entity"].astype(str).map(lambda e: entity_names.get(e, e))
    items = data.items.assign(entity=data.items["entity"].astype(str), code=data.items["code"].astype(str))
    keys = list(zip(items["entity"], items["code"], strict=True))
    status = dict(zip(keys, items["status"], strict=True))
    reviewer = dict(zip(keys, items["reviewer"], strict=True))
    pairs = list(zip(frame["entity"].astype(str), frame["code"], strict=True))
    frame["status_code"] = [status.get(pair) for pair in pairs]
    frame["status"] = [i18n.status_label(str(s), data.language) if s else "" for s in frame["status_code"]]
    frame["reviewer"] = [str(reviewer.get(pair) or "") for pair in pairs]
    if accepted_only:
        frame = frame[frame["status_code"] == "verified"]
    return frame[[*ZIP_ROW_FIELDS, "size"]].reset_index(drop=True)


def _date_time(value: Any) -> tuple[int, int, int, int, int, int]:
    if isinstance(value, datetime):  # pandas Timestamps are datetimes too
        moment = i18n.to_wit(pd.Timestamp(value).to_pydatetime())
        if moment.year >= 1980:
            return moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second
    return 1980, 1, 1, 0, 0, 0


def build_evidence_zip(
    rows: Iterable[Mapping[str, Any]] | pd.DataFrame,
    open_file: Callable[[str], IO[bytes]],
    out_path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    lang: str = "id",
) -> pd.DataFrame:
    """Write the bundle to ``out_path``; returns the manifest (path, sha256, size, item_codes, ...).

    ``rows`` have area, indicator, opd, display_name, sha256, item_codes (optional uploaded_at);
    ``open_file(sha256)`` returns a readable binary file. Raises ``LenteraError`` on a hash mismatch.
    """
    records: list[Mapping[str, Any]] = (
        [{str(k): v for k, v in r.items()} for r in rows.to_dict("records")]
        if isinstance(rows, pd.DataFrame)
        else list(rows)
    )
    report = progress or no_progress
    target = Path(out_path)
    partial = target.with_name(target.name + ".part")
    taken: dict[str, set[str]] = {}
    manifest: list[dict[str, Any]] = []
    try:
        with zipfile.ZipFile(partial, "w", allowZip64=True) as bundle:
            for number, row in enumerate(records):
                folder = "/".join(safe_component(row.get(key), limit=FOLDER_CHARS) for key in FOLDER_KEYS)
                sha256 = str(row["sha256"]).lower()
                name = safe_component(row.get("display_name"), fallback=sha256[:16])
                name = unique_name(name, taken.setdefault(folder, {MANIFEST_NAME}))
                path = f"{folder}/{name}"
                if number % 25 == 0:
                    report(number / max(len(records), 1), t("report.progress.file", lang, name=name))
                size = _copy(bundle, path, sha256, row, open_file)
                manifest.append(
                    {"path": path, "sha256": sha256, "size": size, "item_codes": row.get("item_codes", ""),
                     "display_name": row.get("display_name", ""), "area": row.get("area", ""),
                     "indicator": row.get("indicator", ""), "opd": row.get("opd", ""),
                     "status": row.get("status", ""), "reviewer": row.get("reviewer", "")}
                )  # fmt: skip
            manifest_frame = pd.DataFrame(manifest, columns=MANIFEST_COLUMNS)
            bundle.writestr(MANIFEST_NAME, build_csv(manifest_frame), compress_type=zipfile.ZIP_DEFLATED)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    report(1.0, t("report.progress.done", lang))
    return manifest_frame


def _copy(
    bundle: zipfile.ZipFile,
    path: str,
    sha256: str,
    row: Mapping[str, Any],
    open_file: Callable[[str], IO[bytes]],
) -> int:
    info = zipfile.ZipInfo(path, date_time=_date_time(row.get("uploaded_at")))
    extension = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    info.compress_type = zipfile.ZIP_STORED if extension in ALREADY_COMPRESSED else zipfile.ZIP_DEFLATED
    digest = hashlib.sha256()
    size = 0
    with open_file(sha256) as source, bundle.open(info, "w", force_zip64=True) as target:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            target.write(chunk)
            size += len(chunk)
    if digest.hexdigest() != sha256:
        raise i18n.LenteraError(
            "report.error.hash_mismatch", name=row.get("display_name", path), sha256=sha256
        )
    return size
