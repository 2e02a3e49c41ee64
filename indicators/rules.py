"""The scoring rules a leaf can carry, each answering the same questions about a value recorded for it.

Every rule class answers ``allowed_values()`` (the discrete values a person may record, or None for any value in
0..``maximum``), ``check(value)`` (that value as a float, or ``ValueRefused`` saying why not),
``listed_documents()`` (the documents a file can be tagged with and a reviewer ticks), ``documents_for(value)``
(which of them a recorded value stands for), ``value_for_documents(codes)`` (the value ticked documents give),
``first_level_missing(value, codes)`` (the first level of a cumulative claim without its evidence) and
``level_names()`` (level → name for a maturity level). Services translate a refusal, the UI builds its control
from these answers; neither switches on the rule's kind to find out what a leaf accepts.

Two rules list documents: ``DocumentsRule`` (each document worth points, the value their sum) and a cumulative
``LevelsRule`` (Pemdi 2026: evidence per level, and a level counts only when its evidence and that of every level
below it is there: "an indicator's level is the highest whose evidence is all accepted").

``scoring_steps()`` is a different, narrower question: the fixed steps the scoring engine checks a value column
against. A documents leaf has none there, because the pemda aggregation scores means of its values (which are
no document sum); its values are checked against the sums where they are entered.

Adding a rule kind: a class here with a ``kind`` literal and these methods, added to ``Rule``; then its control
and label in ``ui/rule_values.py``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Sequence
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

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

    def listed_documents(self) -> Sequence[ListedDocument]:
        """The documents the leaf lists: what a file is tagged with and what a reviewer ticks; none by default."""
        return ()

    def documents_for(self, value: float | None) -> frozenset[str]:
        """The codes of the required documents a recorded value stands for; none for a rule without documents."""
        return frozenset()

    def value_for_documents(self, codes: Collection[str]) -> float | None:
        """The value the ticked documents ``codes`` give; None for a rule without documents."""
        return None

    def first_level_missing(self, value: float | None, codes: Collection[str]) -> int | None:
        """The first level up to ``value`` whose evidence is not among ``codes``, for a cumulative rule; None when
        every level of the claim has it, or the rule is not cumulative."""
        return None

    def level_names(self) -> dict[float, str] | None:
        """Level → name ("3" → "Terdefinisi") for a maturity-level rule; None otherwise."""
        return None


class ListedDocument(BaseModel):
    """A document a leaf lists: its code ("D1", "L3") and name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Annotated[str, Field(min_length=1, max_length=20)]
    name: str


class LevelDocument(ListedDocument):
    """The evidence of one level of a cumulative levels rule ("L2 Bukti level 2 – Terkelola")."""

    level: int


class LevelsRule(_Rule):
    """A maturity level 1..N (SPBE: 1 Rintisan .. 5 Optimum), or a score 0..N (PEKPPP: 0..5); each has a name.

    ``cumulative``: each level from 1 up lists its evidence (``documents``), and a level counts only with the
    evidence of every level up to it. A focal point submits a level only with a tagged file for each document of
    levels 1..that level; the reviewer ticks the documents accepted, and the approved level is the highest whose
    documents, and those of every level below, are all ticked. Level 0 (a 0..N rule) needs no evidence."""

    kind: Literal["levels"]
    levels: dict[int, str]
    cumulative: bool = False
    documents: list[LevelDocument] = Field(default_factory=list)

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

    @model_validator(mode="after")
    def _documents_cover_the_levels(self) -> LevelsRule:
        if not self.cumulative:
            if self.documents:
                raise RuleError("level_documents_not_cumulative")
            return self
        codes = [d.code for d in self.documents]
        if len(set(codes)) != len(codes):
            raise RuleError("document_codes")
        evidenced = self.evidenced_levels()
        for document in self.documents:
            if document.level not in evidenced:
                raise RuleError(
                    "level_document_level",
                    code=document.code,
                    level=document.level,
                    levels=", ".join(str(level) for level in evidenced),
                )
        bare = [level for level in evidenced if not any(d.level == level for d in self.documents)]
        if bare:
            raise RuleError("level_documents_cover", levels=", ".join(str(level) for level in bare))
        return self

    @model_serializer(mode="wrap")
    def _without_cumulative_defaults(self, handler: SerializerFunctionWrapHandler) -> Any:
        # A rule that is not cumulative is written (and hashed: services.catalogs) as before these fields existed.
        data = handler(self)
        if isinstance(data, dict) and not self.cumulative:
            data.pop("cumulative", None)
            data.pop("documents", None)
        return data

    def evidenced_levels(self) -> list[int]:
        """The levels that need evidence when cumulative: every level from 1 up (level 0 needs none)."""
        return [level for level in sorted(self.levels) if level >= 1]

    def listed_documents(self) -> Sequence[LevelDocument]:
        """The evidence of each level, lowest level first (the file's order within a level)."""
        return sorted(self.documents, key=lambda d: d.level)

    def documents_for(self, value: float | None) -> frozenset[str]:
        """The evidence of every level up to ``value``: what a level recorded without ticks stands for."""
        if value is None or not self.cumulative:
            return frozenset()
        return frozenset(d.code for d in self.documents if d.level <= value + 1e-9)

    def value_for_documents(self, codes: Collection[str]) -> float | None:
        """The highest level whose documents, and those of every level below it, are all among ``codes``; the
        lowest level when not even level 1's are (the scale's floor: Pemdi counts an indicator 1 at least)."""
        if not self.cumulative:
            return None
        reached = min(self.levels)
        for level in self.evidenced_levels():
            if any(d.code not in codes for d in self.documents if d.level == level):
                break
            reached = level
        return float(reached)

    def first_level_missing(self, value: float | None, codes: Collection[str]) -> int | None:
        if value is None or not self.cumulative:
            return None
        for level in self.evidenced_levels():
            if level > value + 1e-9:
                return None
            if any(d.code not in codes for d in self.documents if d.level == level):
                return level
        return None


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


class RequiredDocument(ListedDocument):
    """A document of a documents rule, worth ``points``."""

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

    def listed_documents(self) -> Sequence[RequiredDocument]:
        return self.documents

    def value_for_documents(self, codes: Collection[str]) -> float:
        """The points of the ticked documents."""
        return sum(d.points for d in self.documents if d.code in codes)

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
