"""KPK's recommendations (rekomendasi Korsup) to a pemda after a cycle, typed in or imported from a spreadsheet;
each can spawn rencana aksi (``services.actions.create_actions`` with ``ActionDraft.recommendation_id``).

Spreadsheet layout (``.xlsx``), sheet ``Rekomendasi``, row 1 the header, one recommendation per row below:

| column | header | content |
|---|---|---|
| A | No | KPK's number for it (optional) |
| B | Area | the MCP area: a top-level code or name of the period's catalog (``PBJ`` or ``Pengadaan Barang/Jasa``) |
| C | Rekomendasi | the recommendation's text (required) |
| D | Butir | item codes of the period's catalog it concerns, separated by commas (optional) |
| E | Batas waktu | due date: a date cell, ``31/12/2026`` or ``2026-12-31`` (optional; 23:59 WIT that day) |

The file is read by ``storage.workbook.read_workbook`` (bounded). Every row is checked first; any problem refuses
the whole file with the row, the column and what is wrong, and nothing is saved. The file's sha256 is stored on
each row, so importing the same file again for the pemda is refused as a duplicate.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd
from sqlmodel import Session, col, select

from i18n import WIT, LenteraError, Phrase, register
from models.action_tables import Recommendation
from models.database import session_scope
from models.tables import Period, as_utc
from services import deadlines, leaf_index
from services.actor import Actor
from services.audit import record
from services.deadlines import load_period
from services.permissions import require
from storage.workbook import Bounds, read_workbook

SHEET = "Rekomendasi"
HEADER = ("No", "Area", "Rekomendasi", "Butir", "Batas waktu")
MAX_ROWS = 2_000
MAX_BYTES = 20 * 1024 * 1024
TEXT_MAX = 5_000
COLUMNS = ["recommendation_id", "number", "area", "text", "codes", "due_at", "source_row", "created_at"]
PROBLEM_COLUMNS = ["row", "column", "message"]

register(
    {
        "recommendations.no_sheet": {
            "id": "Lembar '{sheet}' tidak ada dalam berkas.",
            "en": "The workbook has no sheet '{sheet}'.",
        },
        "recommendations.bad_header": {
            "id": "Baris 1 lembar '{sheet}' harus berisi kolom: {expected}.",
            "en": "Row 1 of sheet '{sheet}' must hold the columns: {expected}.",
        },
        "recommendations.empty": {"id": "Lembar '{sheet}' tidak berisi rekomendasi.", "en": "Sheet '{sheet}' holds no recommendation."},
        "recommendations.invalid": {
            "id": "Berkas ditolak, tidak ada yang disimpan: {count} masalah. {first}",
            "en": "The file was refused and nothing was saved: {count} problem(s). {first}",
        },
        "recommendations.problem": {"id": "Baris {row}, kolom '{column}': {message}", "en": "Row {row}, column '{column}': {message}"},
        "recommendations.text_missing": {"id": "teks rekomendasi kosong.", "en": "the recommendation's text is empty."},
        "recommendations.text_too_long": {
            "id": "teks lebih dari {limit} karakter.", "en": "the text is longer than {limit} characters.",
        },
        "recommendations.unknown_area": {
            "id": "area '{area}' tidak ada dalam katalog periode ini ({known}).",
            "en": "area '{area}' is not in this period's catalog ({known}).",
        },
        "recommendations.unknown_item": {
            "id": "kode '{code}' bukan butir katalog periode ini.",
            "en": "code '{code}' is not an item of this period's catalog.",
        },
        "recommendations.bad_date": {
            "id": "'{value}' bukan tanggal (tulis 31/12/2026 atau 2026-12-31).",
            "en": "'{value}' is not a date (write 31/12/2026 or 2026-12-31).",
        },
        "recommendations.duplicate_file": {
            "id": "Berkas yang sama sudah diimpor untuk pemda ini pada {when}; tidak diimpor lagi.",
            "en": "The same file was already imported for this pemda on {when}; it was not imported again.",
        },
    }
)  # fmt: skip


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    error: LenteraError

    def message(self, lang: str | None = None) -> str:
        return Phrase.of("recommendations.problem", row=self.row, column=self.column,
                         message=Phrase(self.error.message)).render(lang or "id")  # fmt: skip


class RecommendationFileError(LenteraError):
    """A refused file: every problem found, row by row (``problems``)."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = list(problems)
        first = self.problems[0]
        super().__init__("recommendations.invalid", count=len(self.problems), first=Phrase(first.message))


@dataclass(frozen=True)
class _Parsed:
    number: str | None
    area: str
    text: str
    codes: list[str]
    due_at: datetime | None
    row: int


def problems_frame(error: RecommendationFileError, lang: str | None = None) -> pd.DataFrame:
    """The refused file's problems as rows the UI shows."""
    rows = [{"row": p.row, "column": p.column, "message": p.error.message(lang)} for p in error.problems]
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS)


def _areas(session: Session, period: Period) -> dict[str, str]:
    """Lower-cased area code and name → the area's name, from the period's catalog."""
    areas: dict[str, str] = {}
    for info in leaf_index.catalog_of_period(session, period).leaves.values():
        areas[info.area_code.lower()] = info.area_name
        areas[info.area_name.lower()] = info.area_name
    return areas


def _due(value: object) -> datetime | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = str(value).strip()
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        try:
            day = date(int(match[3]), int(match[2]), int(match[1])) if match else date.fromisoformat(text)
        except ValueError:
            raise LenteraError("recommendations.bad_date", value=text) from None
    return datetime.combine(day, time(23, 59), tzinfo=WIT)


def _check_row(
    number: int, cells: Sequence[object], areas: dict[str, str], leaves: set[str]
) -> tuple[_Parsed | None, list[RowProblem]]:
    raw = [("" if c is None else c) for c in (*cells, *[None] * len(HEADER))][: len(HEADER)]
    problems: list[RowProblem] = []
    text = str(raw[2]).strip()
    if not text:
        problems.append(RowProblem(number, HEADER[2], LenteraError("recommendations.text_missing")))
    elif len(text) > TEXT_MAX:
        problems.append(
            RowProblem(number, HEADER[2], LenteraError("recommendations.text_too_long", limit=TEXT_MAX))
        )
    area = areas.get(str(raw[1]).strip().lower())
    if area is None:
        known = ", ".join(sorted({name for name in areas.values()}))
        problems.append(RowProblem(number, HEADER[1], LenteraError("recommendations.unknown_area",
                                                                  area=str(raw[1]).strip(), known=known)))  # fmt: skip
    codes = [c.strip() for c in re.split(r"[,;]", str(raw[3])) if c.strip()]
    problems += [RowProblem(number, HEADER[3], LenteraError("recommendations.unknown_item", code=c))
                 for c in codes if c not in leaves]  # fmt: skip
    due = None
    try:
        due = _due(cells[4] if len(cells) > 4 else None)
    except LenteraError as err:
        problems.append(RowProblem(number, HEADER[4], err))
    if problems or area is None:
        return None, problems
    label = str(raw[0]).strip() or None
    return _Parsed(number=label, area=area, text=text, codes=codes, due_at=due, row=number), []


def import_recommendations(actor: Actor, *, period_id: int, content: bytes) -> int:
    """Every row of the file, or nothing; returns how many were stored."""
    require(actor, "import_recommendations")
    sha256 = hashlib.sha256(content).hexdigest()
    sheets = read_workbook(content, sheets={SHEET: Bounds(rows=MAX_ROWS + 1, columns=len(HEADER) + 5)},
                           max_bytes=MAX_BYTES, formulas_as_text=False)  # fmt: skip
    if SHEET not in sheets:
        raise LenteraError("recommendations.no_sheet", sheet=SHEET)
    sheet = sheets[SHEET]
    if [h.lower() for h in sheet.header[: len(HEADER)]] != [h.lower() for h in HEADER]:
        raise LenteraError("recommendations.bad_header", sheet=SHEET, expected=", ".join(HEADER))
    if not sheet.body:
        raise LenteraError("recommendations.empty", sheet=SHEET)
    with session_scope() as session:
        period = load_period(session, actor, period_id)
        require(actor, "import_recommendations", region=period.region_id, session=session)
        earlier = session.exec(
            select(Recommendation.created_at).where(
                Recommendation.region_id == period.region_id, Recommendation.source_sha256 == sha256
            )
        ).first()
        if earlier is not None:
            raise LenteraError(
                "recommendations.duplicate_file", when=Phrase.moment(as_utc(earlier) or earlier)
            )
        areas = _areas(session, period)
        leaves = set(leaf_index.catalog_of_period(session, period).leaves)
        parsed: list[_Parsed] = []
        problems: list[RowProblem] = []
        for number, cells in sheet.body:
            row, found = _check_row(number, cells, areas, leaves)
            problems += found
            if row is not None:
                parsed.append(row)
        if problems:
            raise RecommendationFileError(problems)
        for row in parsed:
            _store(session, actor, period, row, sha256=sha256)
        return len(parsed)


def create_recommendation(
    actor: Actor,
    *,
    period_id: int,
    area: str,
    text: str,
    codes: Sequence[str] = (),
    due_at: datetime | None = None,
    number: str | None = None,
) -> int:
    """One recommendation typed in; checked like a spreadsheet row."""
    require(actor, "create_recommendation")
    with session_scope() as session:
        period = load_period(session, actor, period_id)
        require(actor, "create_recommendation", region=period.region_id, session=session)
        leaves = set(leaf_index.catalog_of_period(session, period).leaves)
        cells = (number or "", area, text, ", ".join(codes), due_at.date() if due_at else None)
        row, problems = _check_row(1, cells, _areas(session, period), leaves)
        if problems:
            raise problems[0].error
        assert row is not None
        if due_at is not None:
            row = _Parsed(row.number, row.area, row.text, row.codes, as_utc(due_at), row.row)
        return _store(session, actor, period, row, sha256=None)


def _store(session: Session, actor: Actor, period: Period, row: _Parsed, *, sha256: str | None) -> int:
    assert period.id is not None
    recommendation = Recommendation(
        region_id=period.region_id, period_id=period.id, number=row.number, area=row.area, text=row.text,
        codes=row.codes, due_at=as_utc(row.due_at), source_sha256=sha256,
        source_row=row.row if sha256 else None, created_at=deadlines.utcnow(), created_by_id=actor.id,
    )  # fmt: skip
    session.add(recommendation)
    session.flush()
    assert recommendation.id is not None
    record(session, actor=actor, action="recommendation.created", entity="recommendation",
           entity_id=recommendation.id, after={"period_id": period.id, "area": row.area, "text": row.text[:500],
                                               "codes": ", ".join(row.codes), "sha256": sha256})  # fmt: skip
    return recommendation.id


def list_recommendations(actor: Actor, *, period_id: int) -> pd.DataFrame:
    """The period's recommendations (``COLUMNS``), in the order they were recorded."""
    require(actor, "list_recommendations")
    with session_scope(write=False) as session:
        period = load_period(session, actor, period_id)
        require(actor, "list_recommendations", region=period.region_id, session=session)
        rows = session.exec(
            select(Recommendation)
            .where(Recommendation.period_id == period_id)
            .order_by(col(Recommendation.id))
        ).all()
        records = [
            {"recommendation_id": r.id, "number": r.number, "area": r.area, "text": r.text,
             "codes": ", ".join(r.codes), "due_at": as_utc(r.due_at), "source_row": r.source_row,
             "created_at": as_utc(r.created_at)}
            for r in rows
        ]  # fmt: skip
    return pd.DataFrame(records, columns=COLUMNS)
