"""The catalog schema: one framework version (MCP 2024, MCP 2025, SPBE 2021, ...) as validated data.

A catalog is a tree of nodes of any depth. Every node carries a weight relative to its siblings; a node's
score is the weighted mean of its children's. Leaves carry a scoring rule that maps a recorded value onto the
catalog's scale (``value / rule.maximum * scale.max``), the evidence they need, who is responsible for them,
and tags (``digital`` marks digital public services and e-government systems).

Everything that differs between years or frameworks (scale, zones, weights, level names, provenance) lives
here as data, never in code.
"""

from __future__ import annotations

import calendar
import itertools
import math
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from indicators.rules import Rule

ROOT_CODE = "TOTAL"
"""Code of the synthetic root node that holds an entity's overall score in every scoring result."""

Provenance = Literal["official", "provisional"]
EvidenceKind = Literal["pdf", "png", "jpeg", "xlsx", "docx", "odt", "csv"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EvidenceRequirement(_Strict):
    description: str
    kinds: list[EvidenceKind] = Field(default_factory=lambda: list[EvidenceKind](["pdf"]), min_length=1)
    max_age_days: Annotated[int, Field(gt=0)] | None = None


class Responsibility(_Strict):
    """Who answers for a leaf: OPD kinds (``dinas``, ``badan``, ``biro``...) and/or OPD abbreviations."""

    opd_kinds: list[str] = Field(default_factory=list)
    opds: list[str] = Field(default_factory=list)


class Zone(_Strict):
    """A named band [min, max) on the catalog's scale; the top band includes its max."""

    name: str
    min: float
    max: float
    color: str = "#888888"

    @model_validator(mode="after")
    def _ordered(self) -> Zone:
        if not self.min < self.max:
            raise ValueError(f"zone {self.name!r}: min must be below max")
        return self


class Scale(_Strict):
    min: float = 0.0
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if not self.min < self.max:
            raise ValueError("scale min must be below max")
        return self


class Deadline(_Strict):
    """A deadline template: name and month/day (local time in the period's time zone)."""

    name: str
    month: Annotated[int, Field(ge=1, le=12)]
    day: Annotated[int, Field(ge=1, le=31)]
    kind: Literal["submission", "verification", "publication", "other"] = "other"

    @model_validator(mode="after")
    def _real_day(self) -> Deadline:
        # A leap year, so 29 February is allowed; 31 April is not.
        if self.day > calendar.monthrange(2024, self.month)[1]:
            raise ValueError(f"deadline {self.name!r}: month {self.month} has no day {self.day}")
        return self


class Node(_Strict):
    code: str
    name: str
    name_en: str | None = None
    weight: float = 1.0
    description: str | None = None
    provenance: Provenance | None = None
    children: list[Node] = Field(default_factory=list)
    # leaf-only fields
    rule: Rule | None = None
    evidence: list[EvidenceRequirement] = Field(default_factory=list)
    responsible: Responsibility | None = None
    tags: list[str] = Field(default_factory=list)

    # Filled in by Catalog after validation; not part of the YAML.
    parent_code: str | None = Field(default=None, exclude=True)
    depth: int = Field(default=0, exclude=True)

    @field_validator("code", mode="before")
    @classmethod
    def _code_is_clean(cls, code: object) -> str:
        if isinstance(code, bool) or not isinstance(code, str | int):
            raise ValueError("code must be text or a whole number")
        code = str(code)
        if not code.strip() or code != code.strip():
            raise ValueError("code must be non-empty without surrounding spaces")
        if code == ROOT_CODE:
            raise ValueError(f"code {ROOT_CODE!r} is reserved for the overall score")
        return code

    @field_validator("weight", mode="before")
    @classmethod
    def _weight_is_a_number(cls, weight: object) -> object:
        # YAML reads "yes"/"true" as a boolean, which pydantic would quietly turn into 1.0.
        if isinstance(weight, bool):
            raise ValueError("weight must be a number, not true/false")
        return weight

    @field_validator("weight")
    @classmethod
    def _positive_weight(cls, weight: float) -> float:
        if not weight > 0 or not math.isfinite(weight):
            raise ValueError(f"weight must be positive, got {weight}")
        return weight

    @model_validator(mode="after")
    def _leaf_or_branch(self) -> Node:
        if self.children and self.rule is not None:
            raise ValueError(f"node {self.code}: a node with children cannot have a scoring rule")
        if not self.children and self.rule is None:
            raise ValueError(f"node {self.code}: a leaf needs a scoring rule")
        return self

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def maximum(self) -> float:
        """The highest value the leaf's rule allows."""
        assert self.rule is not None, "only leaves have a maximum"
        return self.rule.maximum


class Catalog(_Strict):
    key: str
    name: str
    name_en: str | None = None
    framework: str
    year: int
    version: str = "1"
    scale: Scale
    zones: list[Zone]
    provenance: Provenance = "provisional"
    source: str | None = None
    deadlines: list[Deadline] = Field(default_factory=list)
    nodes: list[Node]

    @model_validator(mode="after")
    def _validate_tree(self) -> Catalog:
        if not self.nodes:
            raise ValueError("a catalog needs at least one node")
        seen: set[str] = set()
        for node in self._walk_raw():
            if node.code in seen:
                raise ValueError(f"duplicate code {node.code!r}")
            seen.add(node.code)
        self._check_zones()
        self._link(self.nodes, None, 1, self.provenance)
        return self

    def _walk_raw(self) -> Iterator[Node]:
        stack = list(reversed(self.nodes))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def _check_zones(self) -> None:
        if not self.zones:
            raise ValueError("a catalog needs at least one zone")
        zones = sorted(self.zones, key=lambda z: z.min)
        if not math.isclose(zones[0].min, self.scale.min) or not math.isclose(zones[-1].max, self.scale.max):
            raise ValueError(
                f"zones must cover the scale {self.scale.min:g}..{self.scale.max:g}, "
                f"they cover {zones[0].min:g}..{zones[-1].max:g}"
            )
        names = [zone.name for zone in zones]
        if len(set(names)) != len(names):
            raise ValueError("zone names must be unique: a score's zone is reported by its name")
        for low, high in itertools.pairwise(zones):
            if high.min < low.max and not math.isclose(high.min, low.max):
                raise ValueError(f"zones {low.name!r} and {high.name!r} overlap")
            if high.min > low.max and not math.isclose(high.min, low.max):
                raise ValueError(f"zones {low.name!r} and {high.name!r} leave a gap")

    def _link(self, nodes: list[Node], parent: str | None, depth: int, provenance: Provenance) -> None:
        # Nodes are frozen for callers; the tree links are filled in once, here.
        for node in nodes:
            object.__setattr__(node, "parent_code", parent)
            object.__setattr__(node, "depth", depth)
            if node.provenance is None:
                object.__setattr__(node, "provenance", provenance)
            self._link(node.children, node.code, depth + 1, node.provenance or provenance)

    # -- reading ---------------------------------------------------------------------------------------------

    def walk(self) -> Iterator[Node]:
        """Every node, parents before children, in catalog order."""
        return self._walk_raw()

    def leaves(self) -> list[Node]:
        return [node for node in self.walk() if node.is_leaf]

    def node(self, code: str) -> Node:
        for node in self.walk():
            if node.code == code:
                return node
        raise KeyError(code)

    def zone_for(self, value: float | None) -> str | None:
        """The zone name a score falls in; None for a missing score."""
        if value is None or not math.isfinite(value):
            return None
        for zone in sorted(self.zones, key=lambda z: z.min):
            if value < zone.max and not math.isclose(value, zone.max):
                return zone.name
        return max(self.zones, key=lambda z: z.max).name

    @property
    def max_depth(self) -> int:
        return max(node.depth for node in self.walk())

    @property
    def top_level(self) -> list[Node]:
        return list(self.nodes)
