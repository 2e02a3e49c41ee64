"""The inventory's Excel round trip: an OPD downloads its register (or an empty template), fills it offline and
uploads it again.

The workbook has two sheets, ``Layanan`` and ``Aplikasi``, one entry per row, named by its first column; a row
whose name is on the register changes that entry, a new name adds one; an entry missing from the file stays as
it is (retire it on the page). The upload is read through the bounded reader (``storage.workbook``), every row
is checked before anything is written, and any problem refuses the whole file (``InventoryFileError``) with
every problem's sheet, row and column.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from i18n import LenteraError, Phrase, register, t
from models.database import session_scope
from models.tables import Organisation
from services import inventory as inv
from services.actor import Actor
from services.external_sheet import parse_value
from services.permissions import require
from storage.workbook import Bounds, read_workbook

SERVICE_SHEET = "Layanan"
APPLICATION_SHEET = "Aplikasi"
META_SHEET = "_lentera"
MAX_ROWS = 1_000
MAX_BYTES = 5 * 1024 * 1024
YES, NO = "ya", "tidak"

SERVICE_HEADERS: dict[str, str] = {
    "name": "Nama layanan", "kind": "Jenis", "channel": "Kanal", "url": "Alamat (URL)",
    "on_pemda_portal": "Di portal pemda", "on_ina_digital": "Di INA Digital", "sso": "Akun bersama (SSO)",
    "digital_payment": "Pembayaran digital", "sp4n_lapor": "Pengaduan SP4N-LAPOR!", "skm_survey": "Survei SKM",
    "skm_result": "Hasil SKM terakhir", "checked_on": "Tanggal diperiksa",
}  # fmt: skip
APPLICATION_HEADERS: dict[str, str] = {
    "name": "Nama aplikasi", "kind": "Jenis", "hosting": "Hosting",
    "services": "Layanan yang didukung (pisahkan dengan ;)",
    "exchanges_with": "Bertukar data dengan (pisahkan dengan ;)", "security_audit_on": "Tanggal audit keamanan",
}  # fmt: skip

register(
    {
        "inventory.file.problem": {
            "id": "Lembar {sheet}, baris {row}, kolom {column}: {message}",
            "en": "Sheet {sheet}, row {row}, column {column}: {message}",
        },
        "inventory.file.invalid": {
            "id": "Berkas ditolak, tidak ada yang tersimpan: {count} masalah. Yang pertama: {first}",
            "en": "The file was refused and nothing was saved: {count} problem(s). The first: {first}",
        },
        "inventory.file.no_sheets": {
            "id": "Lembar 'Layanan' dan 'Aplikasi' tidak ditemukan; gunakan templat dari halaman ini.",
            "en": "Sheets 'Layanan' and 'Aplikasi' were not found; use the template from this page.",
        },
        "inventory.file.header": {
            "id": "Judul kolom seharusnya '{expected}'; gunakan templat dari halaman ini.",
            "en": "The column heading should be '{expected}'; use the template from this page.",
        },
        "inventory.file.other_opd": {
            "id": "Berkas ini milik OPD lain; unduh berkas OPD ini.",
            "en": "This file belongs to another OPD; download this OPD's file.",
        },
        "inventory.file.twice": {
            "id": "'{name}' sudah ada di baris {first}.",
            "en": "'{name}' already appears in row {first}.",
        },
        "inventory.file.yes_no": {
            "id": "Isi 'ya' atau 'tidak', bukan '{value}'.",
            "en": "Enter 'ya' (yes) or 'tidak' (no), not '{value}'.",
        },
        "inventory.file.date": {
            "id": "'{value}' bukan tanggal (contoh: 31-12-2026).",
            "en": "'{value}' is not a date (for example 31-12-2026).",
        },
        "inventory.file.number": {
            "id": "'{value}' bukan angka.",
            "en": "'{value}' is not a number.",
        },
    }
)


@dataclass(frozen=True)
class RowProblem:
    """One refused cell: sheet, row number, column heading and the translated reason."""

    sheet: str
    row: int
    column: str
    error: LenteraError

    def message(self, lang: str | None = None) -> str:
        return t("inventory.file.problem", lang, sheet=self.sheet, row=self.row, column=self.column,
                 message=self.error.message(lang))  # fmt: skip


class InventoryFileError(LenteraError):
    """A refused upload: every problem found (``problems``); nothing was written."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = list(problems)
        super().__init__("inventory.file.invalid", count=len(self.problems),
                         first=Phrase(self.problems[0].message))  # fmt: skip


@dataclass(frozen=True)
class ImportSummary:
    """What an accepted upload changed."""

    services_added: int
    services_changed: int
    applications_added: int
    applications_changed: int


# --------------------------------------------------------------------------- download


def inventory_workbook(actor: Actor, *, organisation_id: int, template: bool = False) -> bytes:
    """The OPD's register as an .xlsx (``template``: the same sheets without rows) to fill in offline."""
    require(actor, "export_inventory", organisation=organisation_id)
    register_now = inv.inventory(actor, organisation_id=organisation_id)
    book = Workbook()
    services = book.active
    assert services is not None
    services.title = SERVICE_SHEET
    _sheet(services, SERVICE_HEADERS, [] if template else _service_rows(register_now.services))
    choices = {"kind": ("inventory.kind", inv.SERVICE_KINDS), "channel": ("inventory.channel", inv.CHANNELS),
               **{flag: ("", ()) for flag in inv.FLAGS}}  # fmt: skip
    _validations(services, SERVICE_HEADERS, choices)
    applications = book.create_sheet(APPLICATION_SHEET)
    _sheet(
        applications, APPLICATION_HEADERS, [] if template else _application_rows(register_now.applications)
    )
    _validations(applications, APPLICATION_HEADERS, {"kind": ("inventory.app_kind", inv.APPLICATION_KINDS),
                                                     "hosting": ("inventory.hosting", inv.HOSTINGS)})  # fmt: skip
    meta = book.create_sheet(META_SHEET)
    meta.append(["organisation_id", organisation_id])
    meta.append(["opd", register_now.opd])
    meta.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _label(family: str, code: object) -> str:
    return t(f"{family}.{code}", "id")


def _day(value: object) -> date | None:
    return value if isinstance(value, date) else None


def _service_rows(frame: pd.DataFrame) -> list[list[object]]:
    rows: list[list[object]] = []
    for record in frame.to_dict("records"):
        result = record["skm_result"]
        rows.append([record["name"], _label("inventory.kind", record["kind"]),
                     _label("inventory.channel", record["channel"]), record["url"] or None,
                     *(YES if record[flag] else NO for flag in inv.FLAGS),
                     None if result is None or pd.isna(result) else float(result), _day(record["checked_on"])])  # fmt: skip
    return rows


def _application_rows(frame: pd.DataFrame) -> list[list[object]]:
    return [
        [record["name"], _label("inventory.app_kind", record["kind"]), _label("inventory.hosting", record["hosting"]),
         "; ".join(record["services"]), "; ".join(record["exchanges_with"]), _day(record["security_audit_on"])]
        for record in frame.to_dict("records")
    ]  # fmt: skip


def _sheet(sheet: Any, headers: dict[str, str], rows: list[list[object]]) -> None:
    sheet.append(list(headers.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a name starting with "=" stays text, never a formula
            elif isinstance(cell.value, date):
                cell.number_format = "DD-MM-YYYY"
    for index in range(len(headers)):
        sheet.column_dimensions[chr(ord("A") + index)].width = 40 if index == 0 else 20
    sheet.freeze_panes = "B2"


def _validations(
    sheet: Any, headers: dict[str, str], choices: dict[str, tuple[str, tuple[str, ...]]]
) -> None:
    fields = list(headers)
    for name, (family, codes) in choices.items():
        options = [_label(family, code) for code in codes] if codes else [YES, NO]
        validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        sheet.add_data_validation(validation)
        letter = chr(ord("A") + fields.index(name))
        validation.add(f"{letter}2:{letter}{MAX_ROWS}")


# --------------------------------------------------------------------------- upload


def import_inventory(actor: Actor, *, organisation_id: int, content: bytes) -> ImportSummary:
    """Apply an uploaded workbook to the OPD's register: every row checked first, then all written or none."""
    require(actor, "import_inventory", organisation=organisation_id)
    sheets = read_workbook(content, sheets={SERVICE_SHEET: Bounds(MAX_ROWS, len(SERVICE_HEADERS) + 4),
                                            APPLICATION_SHEET: Bounds(MAX_ROWS, len(APPLICATION_HEADERS) + 4),
                                            META_SHEET: Bounds(10, 4)}, max_bytes=MAX_BYTES)  # fmt: skip
    if SERVICE_SHEET not in sheets and APPLICATION_SHEET not in sheets:
        raise LenteraError("inventory.file.no_sheets")
    meta = {str(row[0]): row[1] for _, row in sheets[META_SHEET].rows} if META_SHEET in sheets else {}
    if meta.get("organisation_id") not in (None, organisation_id, str(organisation_id)):
        raise LenteraError("inventory.file.other_opd")
    with session_scope() as session:
        require(actor, "import_inventory", organisation=organisation_id, session=session)
        organisation = session.get(Organisation, organisation_id)
        assert organisation is not None
        existing_services = {name.lower(): (row_id, name) for name, row_id in inv.active_services(session, organisation_id).items()}  # fmt: skip
        existing_apps = inv.application_frame(session, [organisation_id])
        problems: list[RowProblem] = []
        services = _read_rows(sheets.get(SERVICE_SHEET), SERVICE_HEADERS, _service_entry, problems)
        known = {name for _, name in existing_services.values()} | {entry.name for _, entry in services}
        applications = _read_rows(sheets.get(APPLICATION_SHEET), APPLICATION_HEADERS,
                                  lambda cells: _application_entry(cells, known), problems)  # fmt: skip
        if problems:
            raise InventoryFileError(problems)
        current = {int(r["id"]): r for r in inv.service_frame(session, [organisation_id]).to_dict("records")}
        added = changed = 0
        for _, service in services:
            row_id = existing_services.get(service.name.lower(), (None, ""))[0]
            if row_id is not None and _same_service(current[row_id], service):
                continue
            inv.write_service(session, actor, organisation, service, row_id)
            added, changed = (added + 1, changed) if row_id is None else (added, changed + 1)
        apps_by_name: dict[str, dict[Any, Any]] = {
            str(r["name"]).lower(): r for r in existing_apps.to_dict("records")
        }
        apps_added = apps_changed = 0
        for _, application in applications:
            found = apps_by_name.get(application.name.lower())
            if found is not None and _same_application(found, application):
                continue
            inv.write_application(
                session, actor, organisation, application, None if found is None else int(found["id"])
            )
            apps_added, apps_changed = (apps_added + 1, apps_changed) if found is None else (apps_added, apps_changed + 1)  # fmt: skip
        return ImportSummary(added, changed, apps_added, apps_changed)


def problems_frame(error: InventoryFileError, lang: str | None = None) -> pd.DataFrame:
    """The refused file's problems as rows the page shows (sheet, row, column, message)."""
    rows = [{"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.error.message(lang)}
            for p in error.problems]  # fmt: skip
    return pd.DataFrame(rows, columns=["sheet", "row", "column", "message"])


def _read_rows(sheet: Any, headers: dict[str, str], build: Callable[[dict[str, object]], Any],
               problems: list[RowProblem]) -> list[tuple[int, Any]]:  # fmt: skip
    if sheet is None:
        return []
    found = sheet.header
    for index, expected in enumerate(headers.values()):
        if index >= len(found) or found[index].lower() != expected.lower():
            problems.append(
                RowProblem(sheet.name, 1, expected, LenteraError("inventory.file.header", expected=expected))
            )
            return []
    entries: list[tuple[int, Any]] = []
    first_row: dict[str, int] = {}
    for number, values in sheet.body:
        cells = dict(zip(headers, values, strict=False))
        try:
            entry = build(cells)
        except inv.EntryError as error:
            problems.append(RowProblem(sheet.name, number, headers.get(error.field, error.field), error))
            continue
        key = entry.name.lower()
        if key in first_row:
            problems.append(RowProblem(sheet.name, number, headers["name"],
                                       LenteraError("inventory.file.twice", name=entry.name, first=first_row[key])))  # fmt: skip
            continue
        first_row[key] = number
        entries.append((number, entry))
    return entries


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _yes(value: object, field_name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in {"ya", "y", "yes", "1", "true", "benar", "ada"}:
        return True
    if text in {"", "tidak", "t", "no", "n", "0", "false", "tidak ada"}:
        return False
    raise inv.EntryError(field_name, "inventory.file.yes_no", value=text[:40])


def _date(value: object, field_name: str) -> date | None:
    if value is None or _text(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern, order in (
        (r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", (3, 2, 1)),
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", (1, 2, 3)),
    ):
        match = re.fullmatch(pattern, text)
        if match:
            try:
                return date(*(int(match.group(i)) for i in order))
            except ValueError:
                break
    raise inv.EntryError(field_name, "inventory.file.date", value=text[:40])  # fmt: skip


def _service_entry(cells: dict[str, object]) -> inv.ServiceEntry:
    raw = cells.get("skm_result")
    result = parse_value(raw)
    if result is None and _text(raw):
        raise inv.EntryError("skm_result", "inventory.file.number", value=_text(raw)[:40])
    flags = {flag: _yes(cells.get(flag), flag) for flag in inv.FLAGS}
    entry = inv.ServiceEntry(name=_text(cells.get("name")), kind=_text(cells.get("kind")),
                             channel=_text(cells.get("channel")), url=_text(cells.get("url")) or None,
                             skm_result=result, checked_on=_date(cells.get("checked_on"), "checked_on"), **flags)  # fmt: skip
    return inv.checked_service(entry)


def _split(value: object) -> tuple[str, ...]:
    return tuple(part.strip() for part in re.split(r"[;\n]", _text(value)) if part.strip())


def _application_entry(cells: dict[str, object], known: set[str]) -> inv.ApplicationEntry:
    entry = inv.ApplicationEntry(name=_text(cells.get("name")), kind=_text(cells.get("kind")),
                                 hosting=_text(cells.get("hosting")), services=_split(cells.get("services")),
                                 exchanges_with=_split(cells.get("exchanges_with")),
                                 security_audit_on=_date(cells.get("security_audit_on"), "security_audit_on"))  # fmt: skip
    return inv.checked_application(entry, known)


def _same_service(row: dict[Any, Any], entry: inv.ServiceEntry) -> bool:
    for name in inv.ServiceEntry.__dataclass_fields__:
        old, new = row[name], getattr(entry, name)
        if (old is None or (not isinstance(old, str) and pd.isna(old))) and new is None:
            continue
        if old != new:
            return False
    return True


def _same_application(row: dict[Any, Any], entry: inv.ApplicationEntry) -> bool:
    return (row["name"], row["kind"], row["hosting"], list(row["services"]), list(row["exchanges_with"]),
            _day(row["security_audit_on"])) == (entry.name, entry.kind, entry.hosting, list(entry.services),
                                               list(entry.exchanges_with), entry.security_audit_on)  # fmt: skip
