"""The third stage of an item's value: KPK's result (KemenPANRB's for SPBE), after KPK's own verification.

KPK verifies the pemda's item, not an OPD's, so a result is stored per period × catalog leaf
(``ExternalResult``). It may only be recorded once the period is in external verification or closed
(``PeriodState.external`` / ``closed``): before that, KPK has not verified anything and a number there would be a
guess. An admin or inspector records one item by hand (``record_external_result``) or imports a file of them
(``preview_external_import`` then ``import_external_results``): every row is checked first, with errors naming
sheet, row and column, and the file is saved whole or not at all. A value must be one the item's rule in the
catalog accepts (``Rule.check``): a leaf scored 0/50/100 refuses 70, a yes/no leaf 0.5, an SPBE level 0 or 2.5.
Every change leaves an audit event with the values before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlmodel import Session, col, select

from i18n import LenteraError, Phrase, format_number, register
from indicators import Catalog, Node
from indicators.rules import RefusalReason, ValueRefused
from models.database import session_scope
from models.tables import Catalog as CatalogRow
from models.tables import ExternalResult, Period, Region, User, as_utc, utcnow
from services import deadlines, leaf_index
from services.actor import Actor
from services.audit import record
from services.external_sheet import Line, RowProblem, parse_value, read_results
from services.permissions import regions_in_scope, require
from vocabulary import PeriodState

register(
    {
        "external.where": {
            "id": "Lembar '{sheet}' baris {row} kolom {column}",
            "en": "Sheet '{sheet}' row {row} column {column}",
        },
        "external.empty": {
            "id": "berkas tidak berisi nilai KPK satu pun.",
            "en": "the file holds no KPK value.",
        },
        "external.file_too_large": {
            "id": "berkas lebih dari {limit_mb} MB.",
            "en": "the file is over {limit_mb} MB.",
        },
        "external.sheet_missing": {
            "id": "tidak ada lembar '{sheet}'; gunakan templat hasil KPK.",
            "en": "there is no sheet '{sheet}'; use the KPK results template.",
        },
        "external.missing_columns": {
            "id": "kolom wajib tidak ditemukan di baris judul: {columns}.",
            "en": "required columns missing from the header row: {columns}.",
        },
        "external.unknown_pemda": {
            "id": "pemda '{pemda}' tidak dikenal atau di luar wilayah Anda (tulis kode Kemendagri atau nama).",
            "en": "unknown local government '{pemda}', or outside your region (use the Kemendagri code or name).",
        },
        "external.no_period": {
            "id": "{pemda} tidak punya periode dengan katalog {catalog}.",
            "en": "{pemda} has no period with catalog {catalog}.",
        },
        "external.wrong_state": {
            "id": "periode {period} berstatus {state}; hasil verifikasi KPK baru dapat dicatat saat periode "
            "berstatus verifikasi eksternal atau ditutup.",
            "en": "period {period} is {state}; KPK's verification results can only be recorded once the period "
            "is in external verification or closed.",
        },
        "external.unknown_item": {
            "id": "kode item '{code}' bukan butir katalog {catalog}.",
            "en": "item code '{code}' is not an item of catalog {catalog}.",
        },
        "external.value_missing": {"id": "nilai KPK kosong.", "en": "the KPK value is empty."},
        "external.value_not_number": {
            "id": "nilai KPK '{value}' bukan angka.",
            "en": "the KPK value '{value}' is not a number.",
        },
        "external.value_out_of_range": {
            "id": "nilai KPK {value} di luar rentang butir ini (0–{maximum}).",
            "en": "the KPK value {value} is outside this item's range (0–{maximum}).",
        },
        "external.value_not_allowed": {
            "id": "nilai KPK {value} tidak diperbolehkan untuk butir {code}; pilihan yang sah: {allowed}.",
            "en": "the KPK value {value} is not allowed for item {code}; valid choices: {allowed}.",
        },
        "external.value_not_a_document_sum": {
            "id": "nilai KPK {value} bukan jumlah poin dokumen butir {code}; jumlah yang mungkin: {allowed}.",
            "en": "the KPK value {value} is not a sum of item {code}'s document points; possible sums: {allowed}.",
        },
        "external.duplicate_row": {
            "id": "pemda dan kode item yang sama sudah ada di baris {first}.",
            "en": "the same local government and item code are already on row {first}.",
        },
        "external.note_too_long": {
            "id": "catatan lebih dari {limit} karakter.",
            "en": "the note is longer than {limit} characters.",
        },
        "external.import_refused": {
            "id": "Tidak ada yang disimpan: {count} masalah di berkas. Perbaiki lalu unggah lagi.",
            "en": "Nothing was saved: {count} problem(s) in the file. Fix them and upload again.",
        },
        "external.not_a_leaf": {
            "id": "Kode {code} bukan butir katalog periode ini.",
            "en": "Code {code} is not an item of this period's catalog.",
        },
        "external.state_refused": {
            "id": "Periode berstatus {state}; hasil verifikasi KPK baru dapat dicatat saat periode berstatus "
            "verifikasi eksternal atau ditutup.",
            "en": "The period is {state}; KPK's verification results can only be recorded once the period is in "
            "external verification or closed.",
        },
    }
)

CHOICES_SHOWN = 12  # an error lists at most this many of an item's allowed values
RECORDING_STATES = (PeriodState.external, PeriodState.closed)
NOTE_LIMIT = 2000
RESULT_COLUMNS = ["code", "value", "note", "source", "recorded_at", "recorded_by"]
PREVIEW_COLUMNS = ["sheet", "row", "region", "period_id", "code", "value", "note", "previous_value"]
PROBLEM_COLUMNS = ["sheet", "row", "column", "message"]


@dataclass(frozen=True)
class ExternalImport:
    """What a file would save (``rows``: ``PREVIEW_COLUMNS``) or why not (``problems``); saved once imported."""

    filename: str
    rows: pd.DataFrame
    problems: list[RowProblem]
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.rows.empty

    def problems_frame(self, lang: str | None = None) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message(lang)}
                for p in self.problems
            ],
            columns=PROBLEM_COLUMNS,
        )


class ExternalImportRefused(LenteraError):
    """A file with problems: nothing was saved; ``problems`` says where."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__("external.import_refused", count=len(problems))


# -- reading -----------------------------------------------------------------------------------------------


def external_results(actor: Actor, *, period_id: int) -> pd.DataFrame:
    """The period's recorded results: ``RESULT_COLUMNS``, by code."""
    require(actor, "external_results")
    with session_scope(write=False) as session:
        deadlines.load_period(session, actor, period_id)
        rows = session.exec(
            select(ExternalResult, User.full_name)
            .join(User, col(User.id) == col(ExternalResult.recorded_by_id), isouter=True)
            .where(ExternalResult.period_id == period_id)
            .order_by(col(ExternalResult.code))
        ).all()
    return pd.DataFrame(
        [
            {"code": r.code, "value": r.value, "note": r.note or "", "source": r.source,
             "recorded_at": as_utc(r.recorded_at), "recorded_by": name or ""}
            for r, name in rows
        ],
        columns=RESULT_COLUMNS,
    )  # fmt: skip


def results_by_period(session: Session, period_ids: list[int]) -> pd.DataFrame:
    """For scoring: ``period_id, code, value`` of the given periods (no permission check: callers have one)."""
    if not period_ids:
        return pd.DataFrame(columns=["period_id", "code", "value"])
    rows = session.exec(
        select(ExternalResult.period_id, ExternalResult.code, ExternalResult.value).where(
            col(ExternalResult.period_id).in_(period_ids)
        )
    ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=["period_id", "code", "value"])


# -- recording one ------------------------------------------------------------------------------------------


def record_external_result(
    actor: Actor, *, period_id: int, code: str, value: float, note: str | None = None
) -> None:
    """KPK's value and note for one item of the period (replacing an earlier one), audited."""
    require(actor, "record_external_result")
    with session_scope() as session:
        period = deadlines.load_period(session, actor, period_id)
        _require_recording_state(period)
        catalog = _catalog(session, period)
        leaves = catalog.leaves()
        node = next((leaf for leaf in leaves if leaf.code == code), None)
        if node is None:
            raise LenteraError("external.not_a_leaf", code=code)
        number = parse_value(value)
        if number is None:
            raise LenteraError("external.value_not_number", value=value)
        refusal = _refusal(node, number)
        if refusal is not None:
            key, params = refusal
            raise LenteraError(key, **params)
        number = _on_scale(node, number)
        cleaned = (note or "").strip()[:NOTE_LIMIT] or None
        _write(session, actor, period_id, {code: (number, cleaned)}, source="manual")


# -- importing a file ----------------------------------------------------------------------------------------


def preview_external_import(actor: Actor, *, period_id: int, filename: str, content: bytes) -> ExternalImport:
    """Every row of the file checked, nothing saved: the rows it would write, or the problems row by row."""
    require(actor, "import_external_results")
    with session_scope(write=False) as session:
        return _check(session, actor, period_id, filename, content)


def import_external_results(actor: Actor, *, period_id: int, filename: str, content: bytes) -> ExternalImport:
    """Save the file's results, all or nothing: ``ExternalImportRefused`` (nothing saved) on any problem."""
    require(actor, "import_external_results")
    with session_scope() as session:
        checked = _check(session, actor, period_id, filename, content)
        if checked.problems:
            raise ExternalImportRefused(checked.problems)
        by_period: dict[int, dict[str, tuple[float, str | None]]] = {}
        for row in checked.rows.to_dict("records"):
            by_period.setdefault(int(row["period_id"]), {})[str(row["code"])] = (
                float(row["value"]),
                str(row["note"]) or None,
            )
        for target, values in sorted(by_period.items()):
            _write(session, actor, target, values, source="import", filename=filename)
    return ExternalImport(filename, checked.rows, [], saved=True)


def _check(session: Session, actor: Actor, period_id: int, filename: str, content: bytes) -> ExternalImport:
    chosen = deadlines.load_period(session, actor, period_id)
    catalog = _catalog(session, chosen)
    read = read_results(filename, content)
    problems = list(read.problems)
    leaves = {leaf.code: leaf for leaf in catalog.leaves()}
    regions = _regions(session, actor)
    periods = _periods_of_catalog(session, chosen)
    existing = _existing(session, [p.id for p in periods.values() if p.id is not None])
    seen: dict[tuple[int, str], int] = {}
    state_reported: set[int] = set()
    rows: list[dict[str, Any]] = []
    for line in read.lines:
        region = regions.get(_key(line.pemda))
        if region is None:
            problems.append(_at(line, "pemda", "external.unknown_pemda", pemda=line.pemda))
            continue
        period = periods.get(region.id or 0)
        if period is None or period.id is None:
            problems.append(_at(line, "pemda", "external.no_period", pemda=region.name, catalog=catalog.key))
            continue
        if period.state not in RECORDING_STATES:
            if period.id not in state_reported:
                state_reported.add(period.id)
                problems.append(_at(line, "pemda", "external.wrong_state", period=period.name,
                                    state=Phrase.of(f"period_state.{period.state}")))  # fmt: skip
            continue
        node = leaves.get(line.code)
        if node is None:
            problems.append(
                _at(line, "kode item", "external.unknown_item", code=line.code, catalog=catalog.key)
            )
            continue
        value = parse_value(line.value)
        empty = line.value is None or str(line.value).strip() == ""
        if empty and not line.note:
            continue  # a template row not filled in (services.external_template)
        if value is None:
            key = "external.value_missing" if empty else "external.value_not_number"
            problems.append(_at(line, "nilai KPK", key, value=line.value))
            continue
        refusal = _refusal(node, value)
        if refusal is not None:
            problems.append(_at(line, "nilai KPK", refusal[0], **refusal[1]))
            continue
        value = _on_scale(node, value)
        if len(line.note) > NOTE_LIMIT:
            problems.append(_at(line, "catatan", "external.note_too_long", limit=NOTE_LIMIT))
            continue
        first = seen.setdefault((period.id, line.code), line.row)
        if first != line.row:
            problems.append(_at(line, "kode item", "external.duplicate_row", first=first))
            continue
        rows.append(
            {"sheet": line.sheet, "row": line.row, "region": region.name, "period_id": period.id,
             "code": line.code, "value": value, "note": line.note,
             "previous_value": existing.get((period.id, line.code))}
        )  # fmt: skip
    if not rows and not problems:
        problems.append(RowProblem(filename, 1, "", "external.empty"))
    return ExternalImport(filename, pd.DataFrame(rows, columns=PREVIEW_COLUMNS), problems)


REFUSAL_KEYS: dict[RefusalReason, str] = {
    "not_number": "external.value_not_number",
    "not_allowed": "external.value_not_allowed",
    "not_a_document_sum": "external.value_not_a_document_sum",
    "out_of_range": "external.value_out_of_range",
}


def _refusal(node: Node, value: float) -> tuple[str, dict[str, object]] | None:
    """Why the item's rule in the catalog refuses ``value`` (a translation key and its values), None if it
    accepts it: a leaf scored 0/50/100 refuses 70, a yes/no leaf 0.5, a level 1–5 leaf 0 or 6."""
    assert node.rule is not None
    try:
        node.rule.check(value)
    except ValueRefused as refused:
        shown = _shown(value)
        if refused.allowed is None:
            return REFUSAL_KEYS[refused.reason], {"value": shown, "maximum": _shown(refused.maximum)}
        choices = ", ".join(_shown(a) for a in refused.allowed[:CHOICES_SHOWN])
        if len(refused.allowed) > CHOICES_SHOWN:
            choices += ", …"
        return REFUSAL_KEYS[refused.reason], {"value": shown, "code": node.code, "allowed": choices}
    return None


def _on_scale(node: Node, value: float) -> float:
    """``value`` snapped onto the allowed value it matches (49.9999999 → 50)."""
    assert node.rule is not None
    return node.rule.check(value)


def _shown(number: float) -> str:
    return format_number(number, 2 if number % 1 else 0)


def _at(line: Line, column: str, key: str, **params: object) -> RowProblem:
    return RowProblem(line.sheet, line.row, column, key, params)


# -- helpers -------------------------------------------------------------------------------------------------


def _require_recording_state(period: Period) -> None:
    if period.state not in RECORDING_STATES:
        raise LenteraError("external.state_refused", state=Phrase.of(f"period_state.{period.state}"))


def _catalog(session: Session, period: Period) -> Catalog:
    row = session.get(CatalogRow, period.catalog_id)
    assert row is not None
    return leaf_index.parsed_catalog(row).doc


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _regions(session: Session, actor: Actor) -> dict[str, Region]:
    """The pemda in the actor's scope by Kemendagri code and by name (case and spacing ignored)."""
    scope = regions_in_scope(session, actor)
    query = select(Region)
    if scope is not None:
        query = query.where(col(Region.id).in_(scope))
    found: dict[str, Region] = {}
    for region in session.exec(query):
        found[_key(region.kemendagri_code)] = region
        found.setdefault(_key(region.name), region)
    return found


def _periods_of_catalog(session: Session, chosen: Period) -> dict[int, Period]:
    """Per pemda, its period with the chosen period's catalog: the chosen one for its own pemda, else the newest."""
    found: dict[int, Period] = {}
    query = select(Period).where(Period.catalog_id == chosen.catalog_id).order_by(col(Period.id).desc())
    for period in session.exec(query):
        found.setdefault(period.region_id, period)
    found[chosen.region_id] = chosen
    return found


def _existing(session: Session, period_ids: list[int]) -> dict[tuple[int, str], float]:
    frame = results_by_period(session, period_ids)
    return {(int(p), str(c)): float(v) for p, c, v in frame.itertuples(index=False)}


def _write(
    session: Session,
    actor: Actor,
    period_id: int,
    values: dict[str, tuple[float, str | None]],
    *,
    source: str,
    filename: str | None = None,
) -> None:
    """Insert or replace the period's results for ``values`` (code → value, note) and audit before and after."""
    current = {
        row.code: row
        for row in session.exec(
            select(ExternalResult).where(
                ExternalResult.period_id == period_id, col(ExternalResult.code).in_(list(values))
            )
        )
    }
    before: dict[str, Any] = {}
    after: dict[str, Any] = {"file": filename, "rows": len(values)} if filename is not None else {}
    now = utcnow()
    for code, (value, note) in values.items():
        row = current.get(code)
        if row is None:
            row = ExternalResult(period_id=period_id, code=code, value=value)
        else:
            before.update(_audited(code, row.value, row.note))
        after.update(_audited(code, value, note))
        row.value, row.note, row.source = value, note, source
        row.recorded_at, row.recorded_by_id = now, actor.id
        session.add(row)
    record(
        session,
        actor=actor,
        action="external_result.import" if source == "import" else "external_result.set",
        entity="period",
        entity_id=period_id,
        before=before or None,
        after=after,
    )


def _audited(code: str, value: float, note: str | None) -> dict[str, Any]:
    """An item's result as flat audit values: ``{code: value}``, plus ``{"<code> catatan": note}`` when noted."""
    return {code: value, **({f"{code} catatan": note} if note else {})}
