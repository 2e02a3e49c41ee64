"""Working offline in Excel: a focal point downloads the OPD's checklist, fills it in, uploads it back.

Connectivity in North Maluku is unreliable, and many focal points prefer filling a spreadsheet with colleagues.
The sheet carries everything needed to answer (item, rule, allowed values, level names, current value, status,
the inspector's reason) plus a locked ``submission_id``/``versi`` pair. On upload every changed row is checked
like the item page would check it: the value against the rule, the item belongs to this OPD and period, the
status still allows saving, and nobody changed the item since the sheet was downloaded (the version). Problems are
reported by row; notes that look like formulas stay text. Applying writes every change in ONE transaction (all or
nothing) with one audit event per item, through the same status change as the item page (``transitions.transition``).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session, col, select

from i18n import LenteraError, format_number, register, status_label, t
from models.database import session_scope
from models.tables import Organisation, Period, PeriodState, Submission
from services import deadlines, leaf_index, transitions, workflow
from services.actor import Actor
from services.cache import LruCache
from services.permissions import require, require_organisation
from services.submission_views import checklist
from storage.files import sha256_bytes
from storage.workbook import Bounds, WorkbookError, read_workbook

register(
    {
        "offline.sheet_title": {"id": "Isian", "en": "Isian"},
        "offline.bad_file": {
            "id": "Berkas bukan lembar kerja Excel (.xlsx) yang dapat dibaca.",
            "en": "The file is not a readable Excel (.xlsx) workbook.",
        },
        "offline.wrong_sheet": {
            "id": "Lembar kerja ini untuk periode/OPD lain. Unduh lembar kerja dari halaman ini.",
            "en": "This workbook belongs to another period/OPD. Download the workbook from this page.",
        },
        "offline.missing_columns": {
            "id": "Kolom tidak ditemukan: {columns}. Jangan mengubah baris judul.",
            "en": "Columns missing: {columns}. Do not change the header row.",
        },
        "offline.unknown_id": {
            "id": "submission_id {value} tidak dikenal.",
            "en": "Unknown submission_id {value}.",
        },
        "offline.other_opd": {
            "id": "Butir {code} milik OPD atau periode lain.",
            "en": "Item {code} belongs to another OPD or period.",
        },
        "offline.duplicate": {
            "id": "Butir {code} muncul lebih dari sekali (juga di baris {row}).",
            "en": "Item {code} appears more than once (also on row {row}).",
        },
        "offline.not_editable": {
            "id": "Butir {code} berstatus {status}; nilainya tidak dapat diubah.",
            "en": "Item {code} is {status}; its value cannot be changed.",
        },
        "offline.stale": {
            "id": "Butir {code} telah diubah sejak lembar ini diunduh (versi {sheet} → {current}). "
            "Unduh ulang lembar kerja.",
            "en": "Item {code} was changed after this sheet was downloaded (version {sheet} → {current}). "
            "Download the sheet again.",
        },
        "offline.validation_error": {
            "id": "Nilai ini tidak sah untuk butir ini; lihat kolom 'nilai yang sah'.",
            "en": "This value is not valid for the item; see the 'nilai yang sah' column.",
        },
        "offline.not_a_number": {
            "id": "Nilai '{value}' pada butir {code} bukan angka.",
            "en": "Value '{value}' of item {code} is not a number.",
        },
        "offline.has_errors": {
            "id": "Unggahan ditolak: {count} masalah. Tidak ada perubahan yang disimpan.",
            "en": "Upload refused: {count} problem(s). Nothing was saved.",
        },
    }
)

META_SHEET = "_lentera"
COLUMNS = {
    "submission_id": "submission_id",
    "version": "versi",
    "code": "kode",
    "name": "butir",
    "area": "area",
    "rule": "jenis aturan",
    "allowed": "nilai yang sah",
    "levels": "nama level",
    "maximum": "nilai maksimum",
    "status": "status",
    "value": "nilai mandiri",
    "note": "catatan",
    "reason": "alasan pemeriksa",
    "evidence": "jumlah bukti",
}
_HEADERS = list(COLUMNS.values())
_EDITABLE = ("value", "note")
_LIST_LIMIT = 250  # Excel's inline list validation holds at most 255 characters
SHEET_TITLE = "Isian"
MAX_ROWS = 5000  # a whole province's checklist for one OPD is a few hundred rows
MAX_COLUMNS = 40  # the 14 columns, room for a few of the focal point's own
MAX_UNCOMPRESSED_BYTES = 30 * 1024 * 1024
SHEET_BOUNDS = {
    SHEET_TITLE: Bounds(rows=MAX_ROWS, columns=MAX_COLUMNS),
    META_SHEET: Bounds(rows=20, columns=4),
}
PREVIEW_COLUMNS = ["row", "submission_id", "code", "name", "old_value", "new_value", "old_note", "new_note"]
PROBLEM_COLUMNS = ["row", "submission_id", "code", "message"]
Parsed = tuple[dict[str, object], tuple[tuple[int, dict[str, object]], ...]]
_parsed: LruCache[str, Parsed | LenteraError] = LruCache("offline_workbooks", size=16, kind="content")


@dataclass(frozen=True)
class OfflineProblem:
    row: int | None
    submission_id: int | None
    code: str | None
    message: str


@dataclass
class OfflinePreview:
    """The upload checked: ``changes`` (rows that change something) and ``problems``; ``applied`` after saving."""

    changes: pd.DataFrame
    problems: list[OfflineProblem] = field(default_factory=list)
    unchanged: int = 0
    applied: bool = False

    @property
    def problems_frame(self) -> pd.DataFrame:
        return pd.DataFrame([p.__dict__ for p in self.problems], columns=PROBLEM_COLUMNS)


class OfflineImportRefused(LenteraError):
    """``apply=True`` with problems: nothing was written; ``preview`` lists them by row."""

    def __init__(self, preview: OfflinePreview):
        self.preview = preview
        super().__init__("offline.has_errors", count=len(preview.problems))


# -- export -------------------------------------------------------------------------------------------------


def _number_text(value: float) -> str:
    return format_number(value, 2 if value % 1 else 0, "en").replace(",", "")


def offline_sheet(actor: Actor, *, period_id: int, organisation_id: int) -> bytes:
    """The OPD's checklist as an .xlsx to fill in offline (Bahasa Indonesia headers, locked id columns)."""
    require(actor, "offline_sheet")
    frame = checklist(actor, period_id=period_id, organisation_id=organisation_id)
    with session_scope() as session:
        period = deadlines.load_period(session, actor, period_id)
        organisation = session.get(Organisation, organisation_id)
        title = f"{period.name} – {organisation.abbreviation if organisation else organisation_id}"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    sheet.append(_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    value_column = _HEADERS.index(COLUMNS["value"]) + 1
    note_column = _HEADERS.index(COLUMNS["note"]) + 1
    records: list[dict[str, Any]] = frame.to_dict("records")  # type: ignore[assignment]
    for row in records:
        allowed: list[float] | None = row["allowed_values"]
        levels: dict[float, str] = row["level_names"] or {}
        maximum = float(row["maximum"])
        values: list[object] = [
            int(row["submission_id"]),
            int(row["version"]),
            row["code"],
            row["name"],
            f"{row['area_code']} {row['area_name']}",
            row["rule_kind"],
            ", ".join(_number_text(a) for a in allowed) if allowed else f"0 – {_number_text(maximum)}",
            "; ".join(f"{_number_text(k)} = {v}" for k, v in levels.items()),
            maximum,
            row["status_label"],
            None if pd.isna(row["self_value"]) else float(row["self_value"]),
            row["note"],
            row["return_reason"],
            int(row["evidence_count"]),
        ]
        sheet.append(values)
        number = sheet.max_row
        for cell in sheet[number]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a name or note starting with "=" stays text, never a formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(number, value_column).protection = Protection(locked=False)
        sheet.cell(number, note_column).protection = Protection(locked=False)
        sheet.cell(number, value_column).fill = PatternFill("solid", fgColor="FFF2CC")
        sheet.cell(number, note_column).fill = PatternFill("solid", fgColor="FFF2CC")
        _validate(sheet, number, value_column, allowed, maximum)
    sheet.protection.sheet = True  # ids, versions and rules are locked; value and note cells are not
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.freeze_panes = "C2"
    for letter, width in zip(
        "ABCDEFGHIJKLMN", [13, 7, 14, 60, 24, 11, 22, 40, 9, 14, 13, 40, 40, 9], strict=True
    ):
        sheet.column_dimensions[letter].width = width
    meta = book.create_sheet(META_SHEET)
    meta.append(["period_id", period_id])
    meta.append(["organisation_id", organisation_id])
    meta.append(["judul", title])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _validate(sheet: Worksheet, row: int, column: int, allowed: list[float] | None, maximum: float) -> None:
    cell = sheet.cell(row, column).coordinate
    choices = ",".join(_number_text(a) for a in allowed) if allowed else ""
    if allowed and len(choices) <= _LIST_LIMIT:
        validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    else:
        validation = DataValidation(
            type="decimal", operator="between", formula1="0", formula2=_number_text(maximum), allow_blank=True
        )
    validation.error = t("offline.validation_error")
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    validation.add(cell)


# -- import -------------------------------------------------------------------------------------------------


def _read(content: bytes) -> Parsed:
    """The sheet's meta values and non-empty rows, parsed once per distinct upload (a rerun of the page sends
    the same bytes again); a refusal is remembered as well."""
    parsed = _parsed.get_or_compute(sha256_bytes(content), lambda: _parse(content))
    if isinstance(parsed, LenteraError):
        raise LenteraError(parsed.key, **parsed.params)  # a fresh error each time: no traceback piles up
    return parsed


def _parse(content: bytes) -> Parsed | LenteraError:
    try:
        sheets = read_workbook(content, sheets=SHEET_BOUNDS, max_bytes=MAX_UNCOMPRESSED_BYTES)
    except WorkbookError as error:
        return LenteraError("offline.bad_file") if error.reason == "not_a_workbook" else error
    if SHEET_TITLE not in sheets or META_SHEET not in sheets:
        return LenteraError("offline.wrong_sheet")
    meta = {str(values[0]): values[1] for _, values in sheets[META_SHEET].rows if values[0] is not None}
    isian = sheets[SHEET_TITLE]
    missing = [h for h in _HEADERS if h not in isian.header]
    if missing:
        return LenteraError("offline.missing_columns", columns=", ".join(missing))
    index = {key: isian.header.index(name) for key, name in COLUMNS.items()}
    rows = tuple((number, {key: values[i] for key, i in index.items()}) for number, values in isian.body)
    return meta, rows


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _as_value(value: object) -> float | str | None:
    """The cell as a number, None when empty, or the original text when it is not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    try:
        number = float(text.replace(",", ".")) if text.count(",") <= 1 and "." not in text else float(text)
    except ValueError:
        return text
    return number if math.isfinite(number) else text


def _as_note(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    text = value if isinstance(value, str) else str(value)
    return text.strip() or None


def _check(
    session: Session, actor: Actor, period: Period, organisation_id: int, content: bytes
) -> tuple[OfflinePreview, list[tuple[Submission, float | None, str | None]]]:
    meta, rows = _read(content)
    if _as_int(meta.get("period_id")) != period.id or _as_int(meta.get("organisation_id")) != organisation_id:
        raise LenteraError("offline.wrong_sheet")
    catalog = leaf_index.catalog_of_period(session, period)
    ids = [i for _, r in rows if (i := _as_int(r["submission_id"])) is not None]
    found = {s.id: s for s in session.exec(select(Submission).where(col(Submission.id).in_(ids))).all()}
    problems: list[OfflineProblem] = []
    changes: list[dict[str, object]] = []
    writes: list[tuple[Submission, float | None, str | None]] = []
    seen: dict[int, int] = {}
    unchanged = 0
    for number, row in rows:
        raw_id = row["submission_id"]
        submission_id = _as_int(raw_id)
        code = None if row["code"] is None else str(row["code"])

        def problem(
            key: str, _n: int = number, _i: int | None = submission_id, _c: str | None = code, **p: object
        ) -> None:
            problems.append(OfflineProblem(_n, _i, _c, LenteraError(key, **p).message()))

        submission = found.get(submission_id) if submission_id is not None else None
        if submission is None:
            problem("offline.unknown_id", value=raw_id)
            continue
        code = submission.code
        if submission.organisation_id != organisation_id or submission.period_id != period.id:
            problem("offline.other_opd", _c=code, code=code)
            continue
        if submission_id in seen:
            problem("offline.duplicate", _c=code, code=code, row=seen[submission_id])
            continue
        seen[submission.id or 0] = number
        value = _as_value(row["value"])
        note = _as_note(row["note"])
        if value == submission.self_value and note == (submission.note or None):
            unchanged += 1
            continue
        if isinstance(value, str):
            problem("offline.not_a_number", _c=code, value=value, code=code)
            continue
        if transitions.TRANSITIONS.get((submission.status, "save")) is None:
            problem("offline.not_editable", _c=code, code=code, status=status_label(submission.status))
            continue
        sheet_version = _as_int(row["version"])
        if sheet_version != submission.version:
            problem("offline.stale", _c=code, code=code, sheet=row["version"], current=submission.version)
            continue
        info = catalog.leaves.get(code)
        if info is None:
            problem("workflow.not_a_leaf", _c=code, code=code)
            continue
        try:
            checked = None if value is None else workflow.check_value(info.node, value)
            note = workflow.clean_text(note, limit=workflow.NOTE_LIMIT, key="workflow.note_too_long")
        except LenteraError as exc:
            problems.append(OfflineProblem(number, submission_id, code, exc.message()))
            continue
        changes.append(
            {
                "row": number,
                "submission_id": submission.id,
                "code": code,
                "name": info.node.name,
                "old_value": submission.self_value,
                "new_value": checked,
                "old_note": submission.note,
                "new_note": note,
            }
        )
        writes.append((submission, checked, note))
    frame = pd.DataFrame(changes, columns=PREVIEW_COLUMNS).astype({"old_value": float, "new_value": float})
    return OfflinePreview(changes=frame, problems=problems, unchanged=unchanged), writes


def import_offline_sheet(
    actor: Actor, *, period_id: int, organisation_id: int, content: bytes, apply: bool
) -> OfflinePreview:
    """Check an uploaded offline sheet; with ``apply=True`` and no problems, save every change at once.

    ``apply=True`` with problems raises ``OfflineImportRefused`` (carrying the preview) and saves nothing.
    """
    require(actor, "import_offline_sheet")
    with session_scope() as session:
        period = deadlines.load_period(session, actor, period_id)
        require_organisation(session, actor, organisation_id)
        preview, writes = _check(session, actor, period, organisation_id, content)
        if not apply:
            return preview
        if preview.problems:
            raise OfflineImportRefused(preview)
        # Checked once for the upload too, so one that changes nothing is refused alike in a closed period.
        deadlines.require_period_state(period, PeriodState.open)
        deadlines.require_started(period)
        for submission, value, note in writes:
            # The conditional UPDATE refuses a row changed since it was read; the whole upload then rolls back.
            # The sheet carries levels only: a typed external index value stays while its level is kept.
            external = submission.external_value if value == submission.self_value else None
            change = transitions.Change(
                values={"self_value": value, "note": note, "external_value": external},
                audit={"source": "offline"},
            )
            transitions.transition(session, actor, "save", submission=submission, change=change)
        preview.applied = True
        return preview
