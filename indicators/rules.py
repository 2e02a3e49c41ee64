"""The scoring rules a leaf can carry, each answering the same questions about a value recorded for it.

Every rule class answers ``allowed_values()`` (the discrete values a person may record, or None for any value in
0..``maximum``), ``check(value)`` (that value as a float, or ``ValueRefused`` saying why not),
``documents_for(value)`` (which required documents a recorded value stands for) and ``level_names()`` (level →
name for a maturity level). Services translate a refusal, the UI builds its control from these answers; neither
switches on the rule's kind to find out what a leaf accepts.

``scoring_steps()`` is a different, narrower question: the fixed steps the scoring engine checks a value column
against. A documents leaf has none there, because the pemda aggregation scores means of its values (which are
no document sum); its values are checked against the sums where they are entered.

Adding a rule kind: a class here with a ``kind`` literal and these methods, added to ``Rule``; then its control
and label in ``ui/rule_values.py``.
"""

from __future__ import annotations

import itertools
import math
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from indicators.messages import RuleError

RefusalReason = Literal["not_number", "not_allowed", "not_a_document_sum", "out_of_range"]

DOCUMENT_SUMS_LIMIT = 4096
"""Past this many reachable sums a documents leaf lists none and accepts any value in 0..total."""
DOCUMENTS_FOR_LIMIT = 14
"""Up to this many documents the documents behind a value are found by trying every combination."""


class ValueRefused(ValueError):
    """A value a leaf's rule does not accept; ``reason`` names why (services turn it into a translated message)."""

    def __init__(
        self, reason: RefusalReason, *, value: float | None, allowed: list[float] | None, maximum: float
    ) -> None:
        super().__init__(f"{reason}: {value}")
        self.reason = reason
        self.value = value
        self.allowed = allowed
        self.maximum = maximum


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    off_list_reason: ClassVar[RefusalReason] = "not_allowed"

    @property
    def maximum(self) -> float:
        raise NotImplementedError

    def allowed_values(self) -> list[float] | None:
        """The discrete values a leaf accepts, ascending; None for any value in 0..maximum."""
        return self.scoring_steps()

    def scoring_steps(self) -> list[float] | None:
        """The fixed steps the scoring engine checks a value column against; None for a range check only."""
        return None

    def check(self, value: object) -> float:
        """``value`` as a float if this rule accepts it (snapped onto its allowed value); ``ValueRefused`` if not."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueRefused("not_number", value=None, allowed=None, maximum=self.maximum)
        number = float(value)
        if not math.isfinite(number):
            raise ValueRefused("not_number", value=None, allowed=None, maximum=self.maximum)
        allowed = self.allowed_values()
        if allowed is not None:
            if not any(math.isclose(number, a, abs_tol=1e-6) for a in allowed):
                raise ValueRefused(self.off_list_reason, value=number, allowed=allowed, maximum=self.maximum)
            return min(allowed, key=lambda a: abs(a - number))
        if number < 0 or number > self.maximum + 1e-9:
            raise ValueRefused("out_of_range", value=number, allowed=None, maximum=self.maximum)
        return number

    def documents_for(self, value: float | None) -> frozenset[str]:
        """The codes of the required documents a recorded value stands for; none for a rule without documents."""
        return frozenset()

    def level_names(self) -> dict[float, str] | None:
        """Level → name ("3" → "Terdefinisi") for a maturity-level rule; None otherwise."""
        return None


class LevelsRule(_Rule):
    """A maturity level 1..N (SPBE: 1 Rintisan .. 5 Optimum), or a score 0..N (PEKPPP: 0..5); each has a name."""

    kind: Literal["levels"]
    levels: dict[int, str]

    @field_validator("levels")
    @classmethod
    def _levels_are_one_to_n(cls, levels: dict[int, str]) -> dict[int, str]:
        first = min(levels, default=1)
        if (
            first not in (0, 1)
            or sorted(levels) != list(range(first, first + len(levels)))
            or len(levels) < 2
        ):
            raise RuleError("levels")
        return levels

    @property
    def maximum(self) -> float:
        return float(max(self.levels))

    def scoring_steps(self) -> list[float]:
        return [float(level) for level in sorted(self.levels)]

    def level_names(self) -> dict[float, str]:
        return {float(level): name for level, name in sorted(self.levels.items())}


class PercentRule(_Rule):
    """A percentage 0..100, optionally restricted to steps (MCP sub-indicators: 0, 50, 100)."""

    kind: Literal["percent"]
    steps: list[float] | None = None

    @field_validator("steps")
    @classmethod
    def _steps_in_range(cls, steps: list[float] | None) -> list[float] | None:
        if steps is not None:
            if not steps or any(s < 0 or s > 100 for s in steps) or sorted(set(steps)) != steps:
                raise RuleError("steps_order")
            if steps[-1] != 100:
                raise RuleError("steps_end")
        return steps

    @property
    def maximum(self) -> float:
        return 100.0

    def scoring_steps(self) -> list[float] | None:
        return self.steps


class RequiredDocument(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    name: str
    points: Annotated[float, Field(gt=0)]


class DocumentsRule(_Rule):
    """Required documents, each worth points; the value is the sum of the accepted documents' points."""

    kind: Literal["documents"]
    documents: list[RequiredDocument]
    total: Annotated[float, Field(gt=0)] = 100.0

    off_list_reason: ClassVar[RefusalReason] = "not_a_document_sum"

    @model_validator(mode="after")
    def _points_add_up(self) -> DocumentsRule:
        if not self.documents:
            raise RuleError("no_documents")
        points = sum(d.points for d in self.documents)
        if not math.isclose(points, self.total, abs_tol=1e-9):
            raise RuleError("document_points", points=f"{points:g}", total=f"{self.total:g}")
        codes = [d.code for d in self.documents]
        if len(set(codes)) != len(codes):
            raise RuleError("document_codes")
        return self

    @property
    def maximum(self) -> float:
        return self.total

    def allowed_values(self) -> list[float] | None:
        """Every total a subset of the documents reaches; None when there are too many to list."""
        sums = {0.0}
        for document in self.documents:
            sums |= {round(s + document.points, 6) for s in sums}
            if len(sums) > DOCUMENT_SUMS_LIMIT:
                return None
        return sorted(sums)

    def documents_for(self, value: float | None) -> frozenset[str]:
        """The largest set of documents whose points add up to ``value`` (to tick them again when a form
        reopens); none for no value, zero, a value no subset reaches, or too many documents to try."""
        if value is None or value <= 0 or len(self.documents) > DOCUMENTS_FOR_LIMIT:
            return frozenset()
        for size in range(len(self.documents), 0, -1):
            for combo in itertools.combinations(self.documents, size):
                if math.isclose(sum(d.points for d in combo), value, abs_tol=1e-6):
                    return frozenset(d.code for d in combo)
        return frozenset()


class BinaryRule(_Rule):
    """Yes (1) or no (0)."""

    kind: Literal["binary"]

    @property
    def maximum(self) -> float:
        return 1.0

    def scoring_steps(self) -> list[float]:
        return [0.0, 1.0]


class ExternalIndexRule(_Rule):
    """A maturity level 1..N converted from an external index (Indeks Satu Data Indonesia, SJIG, EPSS, IKASANDI).

    The person enters the external index's value (and uploads its result as evidence); the catalog's conversion
    table turns it into the level that is recorded and scored: ``thresholds[level]`` is the lowest external value
    that reaches ``level`` (levels 2..N). No external value counts level 1 (Pemdi assessor deck: "asumsi nilai
    dari indikator yang menggunakan indeks lain = 1")."""

    kind: Literal["external_index"]
    index: Annotated[str, Field(min_length=1)]
    levels: dict[int, str]
    thresholds: dict[int, float]
    external_min: float = 0.0
    external_max: float = 5.0

    @field_validator("levels")
    @classmethod
    def _levels_are_one_to_n(cls, levels: dict[int, str]) -> dict[int, str]:
        if sorted(levels) != list(range(1, len(levels) + 1)) or len(levels) < 2:
            raise RuleError("levels_from_one")
        return levels

    @model_validator(mode="after")
    def _table_is_monotonic(self) -> ExternalIndexRule:
        if not self.external_min < self.external_max:
            raise RuleError("external_range")
        if sorted(self.thresholds) != list(range(2, len(self.levels) + 1)):
            raise RuleError("thresholds_levels")
        values = [self.thresholds[level] for level in sorted(self.thresholds)]
        if any(not self.external_min < v <= self.external_max for v in values):
            raise RuleError("thresholds_range", low=f"{self.external_min:g}", high=f"{self.external_max:g}")
        if any(low >= high for low, high in itertools.pairwise(values)):
            raise RuleError("thresholds_rise")
        return self

    @property
    def maximum(self) -> float:
        return float(max(self.levels))

    def scoring_steps(self) -> list[float]:
        return [float(level) for level in sorted(self.levels)]

    def level_names(self) -> dict[float, str]:
        return {float(level): name for level, name in sorted(self.levels.items())}

    def level_for(self, external: float | None) -> float:
        """The level an external index value converts to; level 1 when there is no external value."""
        if external is None or not math.isfinite(external):
            return 1.0
        if external < self.external_min - 1e-9 or external > self.external_max + 1e-9:
            raise ValueRefused("out_of_range", value=external, allowed=None, maximum=self.external_max)
        reached = [level for level, low in self.thresholds.items() if external >= low - 1e-9]
        return float(max(reached, default=1))


Rule = Annotated[
    LevelsRule | PercentRule | DocumentsRule | BinaryRule | ExternalIndexRule, Field(discriminator="kind")
]
