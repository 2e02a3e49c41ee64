"""The one error scoring raises for bad input, listing every offending row at once.

An inspector fixing an upload wants the whole list in one go, not one complaint per attempt; so validation
collects every problem (each with its row, entity, code and reason) before raising, and nothing is clipped or
dropped silently.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import i18n
from i18n import LenteraError, t

SHOWN_PROBLEMS = 50

i18n.register(
    {
        "scoring.invalid_input": {
            "id": "Data penilaian ditolak: {count} masalah.\n{details}",
            "en": "Assessment data rejected: {count} problem(s).\n{details}",
        },
        "scoring.more_problems": {
            "id": "... dan {count} masalah lain",
            "en": "... and {count} more problem(s)",
        },
        "scoring.row": {"id": "baris {row}", "en": "row {row}"},
        "scoring.problem.missing_column": {
            "id": "kolom wajib '{column}' tidak ada (kolom yang ada: {present})",
            "en": "required column '{column}' is missing (columns present: {present})",
        },
        "scoring.problem.missing_entity": {"id": "entitas kosong", "en": "the entity is empty"},
        "scoring.problem.unknown_code": {
            "id": "kode tidak ada di katalog {catalog}",
            "en": "code is not in catalog {catalog}",
        },
        "scoring.problem.not_a_leaf": {
            "id": "kode ini punya turunan; nilai hanya diisi pada indikator paling bawah",
            "en": "this code has children; values go on the lowest-level items only",
        },
        "scoring.problem.duplicate": {
            "id": "entitas dan kode ini sudah ada di baris {first}",
            "en": "this entity and code already appear on row {first}",
        },
        "scoring.problem.not_a_number": {
            "id": "{column} bukan angka: {value}",
            "en": "{column} is not a number: {value}",
        },
        "scoring.problem.negative": {
            "id": "{column} negatif: {value}",
            "en": "{column} is negative: {value}",
        },
        "scoring.problem.above_maximum": {
            "id": "{column} {value} melebihi nilai maksimum {maximum}",
            "en": "{column} {value} is above the maximum {maximum}",
        },
        "scoring.problem.not_allowed": {
            "id": "{column} {value} tidak diizinkan; nilai yang boleh: {allowed}",
            "en": "{column} {value} is not allowed; allowed values: {allowed}",
        },
        "scoring.problem.unknown_status": {
            "id": "status tidak dikenal: {value} (boleh: {allowed})",
            "en": "unknown status: {value} (allowed: {allowed})",
        },
    }
)


def _plain(value: Any) -> Any:
    """A cell value as plain Python, NaN as None, for messages and JSON."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class ScoringProblem:
    """One reason one input row was rejected. ``row`` counts data rows from 1 (None for a missing column)."""

    row: int | None
    entity: Any
    code: Any
    problem: str  # missing_column | missing_entity | unknown_code | not_a_leaf | duplicate | not_a_number |
    #                negative | above_maximum | not_allowed | unknown_status
    column: str | None = None
    value: Any = None
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        value = _number(self.value) if self.value is not None else ""
        reason = t(f"scoring.problem.{self.problem}", lang, column=self.column, value=value, **self.params)
        where = [t("scoring.row", lang, row=self.row)] if self.row is not None else []
        where += [str(_plain(part)) for part in (self.entity, self.code) if _plain(part) is not None]
        return f"{' · '.join(where)}: {reason}" if where else reason

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "entity": _plain(self.entity),
            "code": _plain(self.code),
            "problem": self.problem,
            "column": self.column,
            "value": _plain(self.value),
        }


def _details(rows: list[ScoringProblem], lang: str | None) -> str:
    lines = [problem.text(lang) for problem in rows[:SHOWN_PROBLEMS]]
    if len(rows) > SHOWN_PROBLEMS:
        lines.append(t("scoring.more_problems", lang, count=len(rows) - SHOWN_PROBLEMS))
    return "\n".join(lines)


class ScoringInputError(LenteraError, ValueError):
    """Assessment rows that cannot be scored; ``rows`` holds every problem found, ordered by row."""

    def __init__(self, rows: list[ScoringProblem]):
        self.rows = rows
        super().__init__("scoring.invalid_input", count=len(rows), details=_details(rows, "en"))

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, count=len(self.rows), details=_details(self.rows, lang))

    def renumbered(self, offset: int) -> ScoringInputError:
        """The same problems with row numbers moved by ``offset`` (1 turns data rows into CSV line numbers)."""

        def move(problem: ScoringProblem) -> ScoringProblem:
            params = dict(problem.params)
            if "first" in params:
                params["first"] += offset
            row = None if problem.row is None else problem.row + offset
            return replace(problem, row=row, params=params)

        return ScoringInputError([move(problem) for problem in self.rows])
