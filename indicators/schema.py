"""The catalog schema: one framework version (MCP 2024, MCP 2025, SPBE 2021, ...) as validated data.

A catalog is a tree of nodes of any depth. Every node carries a weight relative to its siblings; a node's
score is the weighted mean of its children's. Leaves carry a scoring rule that maps a recorded value onto the
catalog's scale (``value / rule.maximum * scale.max``), the evidence they need, who is responsible for them,
and tags (``digital`` marks digital public services and e-government systems).

Some items exist at one level of government only (PBB-P2 is a kabupaten/kota tax, PKB a provincial one): any node
may say which kinds of pemda it applies to (``applies_to``), inherited by its children; a period skips what does
not apply to its pemda. And a pemda's value of a leaf comes from its responsible OPDs' values by the leaf's
``aggregation`` rule (``AGGREGATIONS``), inherited down the tree from the catalog's default.

Everything that differs between years or frameworks (scale, zones, weights, level names, provenance) lives
here as data, never in code.
"""

from __future__ import annotations

import calendar
import itertools
import math
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from indicators import colors
from indicators.messages import RuleError
from indicators.rules import Rule
from vocabulary import RegionKind

ROOT_CODE = "TOTAL"
"""Code of the synthetic root node that holds an entity's overall score in every scoring result."""

Provenance = Literal["official", "provisional"]
Aggregation = Literal["lead", "any", "all", "mean"]
AGGREGATIONS: tuple[Aggregation, ...] = ("lead", "any", "all", "mean")
"""How a pemda's leaf value comes from its responsible OPDs' values: the lead OPD's, the best (one pemda-level
document suffices: a Perda, a Perkada), the lowest (every OPD must comply: Renja, RKA, RUP, BMD inventory), or
the mean (coverage). ``scoring.aggregate`` applies them."""
ALL_REGION_KINDS: tuple[RegionKind, ...] = tuple(RegionKind)
EvidenceKind = Literal["pdf", "png", "jpeg", "xlsx", "docx", "odt", "csv"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EvidenceRequirement(_Strict):
    description: str
    kinds: list[EvidenceKind] = Field(default_factory=lambda: list[EvidenceKind](["pdf"]), min_length=1)
    max_age_days: Annotated[int, Field(gt=0)] | None = None


def normal_name(text: str) -> str:
    """An OPD name, abbreviation or kind compared without case or extra spaces."""
    return " ".join(text.split()).casefold()


class Responsibility(_Strict):
    """Who answers for a leaf: OPD kinds (``dinas``, ``badan``, ``biro``...) and/or OPD abbreviations.

    ``lead`` names the lead OPD (abbreviation, name or kind) whose value the ``lead`` rule takes; without it the
    first of ``opds``, else the first of ``opd_kinds``."""

    opd_kinds: list[str] = Field(default_factory=list)
    opds: list[str] = Field(default_factory=list)
    lead: str | None = None

    @property
    def lead_name(self) -> str | None:
        """The lead OPD's designation, normalised (``normal_name``); None when nobody is named."""
        lead = self.lead or next(iter([*self.opds, *self.opd_kinds]), None)
        return normal_name(lead) if lead else None

    def names_lead(self, *, abbreviation: str, name: str, kind: str) -> bool:
        """Whether an OPD with these abbreviation, name and kind is the lead OPD."""
        lead = self.lead_name
        return lead is not None and lead in {normal_name(abbreviation), normal_name(name), normal_name(kind)}


class Zone(_Strict):
    """A named band [min, max) on the catalog's scale; the top band includes its max."""

    name: str
    min: float
    max: float
    color: str = "#888888"
    provenance: Provenance | None = (
        None  # None: as the catalog (edges found in no official text are provisional)
    )

    @model_validator(mode="after")
    def _ordered(self) -> Zone:
        if not self.min < self.max:
            raise RuleError("zone_order", zone=self.name)
        if colors.rgb(self.color) is None:  # drawn into HTML and SVG: only #rrggbb is ever written there
            raise RuleError("zone_color", zone=self.name, color=self.color)
        return self


class Scale(_Strict):
    min: float = 0.0
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if not self.min < self.max:
            raise RuleError("scale_order")
        return self


class Deadline(_Strict):
    """A deadline template: name and month/day (local time in the period's time zone). ``opens`` is the day the
    cycle opens (uploads start); a new period's dates are pre-filled from the first of each kind."""

    name: str
    month: Annotated[int, Field(ge=1, le=12)]
    day: Annotated[int, Field(ge=1, le=31)]
    kind: Literal["opens", "submission", "verification", "publication", "other"] = "other"

    @model_validator(mode="after")
    def _real_day(self) -> Deadline:
        # A leap year, so 29 February is allowed; 31 April is not.
        if self.day > calendar.monthrange(2024, self.month)[1]:
            raise RuleError("no_such_day", deadline=self.name, month=self.month, day=self.day)
        return self


class Node(_Strict):
    code: str
    name: str
    name_en: str | None = None
    weight: float = 1.0
    description: str | None = None
    provenance: Provenance | None = None
    applies_to: list[RegionKind] | None = None  # None: as the parent (the root: every kind of pemda)
    aggregation: Aggregation | None = None  # None: as the parent (the root: the catalog's default)
    children: list[Node] = Field(default_factory=list)
    # leaf-only fields
    rule: Rule | None = None
    evidence: list[EvidenceRequirement] = Field(default_factory=list)
    responsible: Responsibility | None = None
    tags: list[str] = Field(default_factory=list)

    # Filled in by Catalog after validation; not part of the YAML.
    parent_code: str | None = Field(default=None, exclude=True)
    depth: int = Field(default=0, exclude=True)
    kinds: tuple[RegionKind, ...] = Field(default=ALL_REGION_KINDS, exclude=True)  # applies_to, inherited
    rule_for_pemda: Aggregation = Field(default="mean", exclude=True)  # aggregation, inherited

    @field_validator("code", mode="before")
    @classmethod
    def _code_is_clean(cls, code: object) -> str:
        if isinstance(code, bool) or not isinstance(code, str | int):
            raise RuleError("code_type")
        code = str(code)
        if not code.strip() or code != code.strip():
            raise RuleError("code_blank")
        if code == ROOT_CODE:
            raise RuleError("code_reserved", code=ROOT_CODE)
        return code

    @field_validator("applies_to")
    @classmethod
    def _some_kind(cls, kinds: list[RegionKind] | None) -> list[RegionKind] | None:
        if kinds is not None and not kinds:
            raise RuleError("applies_to_empty")
        return kinds

    @field_validator("weight", mode="before")
    @classmethod
    def _weight_is_a_number(cls, weight: object) -> object:
        # YAML reads "yes"/"true" as a boolean, which pydantic would quietly turn into 1.0.
        if isinstance(weight, bool):
            raise RuleError("weight_bool")
        return weight

    @field_validator("weight")
    @classmethod
    def _positive_weight(cls, weight: float) -> float:
        if not weight > 0 or not math.isfinite(weight):
            raise RuleError("weight_positive", weight=weight)
        return weight

    @model_validator(mode="after")
    def _leaf_or_branch(self) -> Node:
        if self.children and self.rule is not None:
            raise RuleError("branch_with_rule", code=self.code)
        if not self.children and self.rule is None:
            raise RuleError("leaf_without_rule", code=self.code)
        return self

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def applies(self, kind: str) -> bool:
        """Whether the node applies to a pemda of this kind (provinsi, kabupaten, kota)."""
        return kind in self.kinds

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
    aggregation: Aggregation = "mean"  # the default of ``Node.aggregation``
    # "pemda": the zones are predicates defined for a government's (an instansi's) index, as SPBE's Memuaskan …
    # Kurang; an OPD's score shows its zone marked indicative. "any": they read the same for OPDs and pemda.
    zones_for: Literal["any", "pemda"] = "any"
    # Who is assessed: the OPDs each leaf names as responsible ("opd"), or every OPD an administrator marked as a
    # service unit and no other ("service_unit": PEKPPP evaluates unit penyelenggara pelayanan, not every OPD).
    assessed: Literal["opd", "service_unit"] = "opd"
    deadlines: list[Deadline] = Field(default_factory=list)
    nodes: list[Node]

    @model_validator(mode="after")
    def _validate_tree(self) -> Catalog:
        if not self.nodes:
            raise RuleError("no_nodes")
        seen: set[str] = set()
        for node in self._walk_raw():
            if node.code in seen:
                raise RuleError("duplicate_code", code=node.code)
            seen.add(node.code)
        self._check_zones()
        self._link(self.nodes, None, 1, self.provenance)
        self._inherit(self.nodes, ALL_REGION_KINDS, self.aggregation)
        return self

    def _walk_raw(self) -> Iterator[Node]:
        stack = list(reversed(self.nodes))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def _check_zones(self) -> None:
        if not self.zones:
            raise RuleError("no_zones")
        zones = sorted(self.zones, key=lambda z: z.min)
        if not math.isclose(zones[0].min, self.scale.min) or not math.isclose(zones[-1].max, self.scale.max):
            raise RuleError(
                "zones_cover",
                low=f"{self.scale.min:g}",
                high=f"{self.scale.max:g}",
                start=f"{zones[0].min:g}",
                end=f"{zones[-1].max:g}",
            )
        names = [zone.name for zone in zones]
        if len(set(names)) != len(names):
            raise RuleError("zone_names")
        for low, high in itertools.pairwise(zones):
            if high.min < low.max and not math.isclose(high.min, low.max):
                raise RuleError("zones_overlap", low=low.name, high=high.name)
            if high.min > low.max and not math.isclose(high.min, low.max):
                raise RuleError("zones_gap", low=low.name, high=high.name)

    def _link(self, nodes: list[Node], parent: str | None, depth: int, provenance: Provenance) -> None:
        # Nodes are frozen for callers; the tree links are filled in once, here.
        for node in nodes:
            object.__setattr__(node, "parent_code", parent)
            object.__setattr__(node, "depth", depth)
            if node.provenance is None:
                object.__setattr__(node, "provenance", provenance)
            self._link(node.children, node.code, depth + 1, node.provenance or provenance)

    def _inherit(self, nodes: list[Node], kinds: tuple[RegionKind, ...], rule: Aggregation) -> None:
        for node in nodes:
            own = kinds
            if node.applies_to is not None:
                wider = set(node.applies_to) - set(kinds)
                if wider:
                    raise RuleError("applies_wider", code=node.code, kinds=", ".join(sorted(wider)))
                own = tuple(kind for kind in ALL_REGION_KINDS if kind in node.applies_to)
            object.__setattr__(node, "kinds", own)
            object.__setattr__(node, "rule_for_pemda", node.aggregation or rule)
            self._inherit(node.children, own, node.aggregation or rule)

    # -- reading ---------------------------------------------------------------------------------------------

    def walk(self) -> Iterator[Node]:
        """Every node, parents before children, in catalog order."""
        return self._walk_raw()

    def leaves(self) -> list[Node]:
        return [node for node in self.walk() if node.is_leaf]

    def leaves_for(self, kind: str) -> list[Node]:
        """The leaves that apply to a pemda of this kind (``Node.applies_to``, inherited)."""
        return [node for node in self.leaves() if node.applies(kind)]

    def node(self, code: str) -> Node:
        for node in self.walk():
            if node.code == code:
                return node
        raise KeyError(code)

    def zone_indicative(self, *, opd: bool) -> bool:
        """Whether a zone shown on this row is only indicative: an OPD's, when the zones are predicates defined
        for a pemda's index (``zones_for: pemda``). Screens and reports mark such a zone "(indikatif)"."""
        return opd and self.zones_for == "pemda"

    def zone_for(self, value: float | None) -> str | None:
        """The zone name a score falls in; None for a missing score."""
        if value is None or not math.isfinite(value):
            return None
        for zone in sorted(self.zones, key=lambda z: z.min):
            if value < zone.max and not math.isclose(value, zone.max):
                return zone.name
        return max(self.zones, key=lambda z: z.max).name

    def deadline_dates(self, year: int) -> dict[str, date]:
        """The deadlines template in ``year``: kind (submission, verification, publication) → the first such
        deadline's day (a new period's dates are pre-filled from it)."""
        dates: dict[str, date] = {}
        for deadline in self.deadlines:
            day = min(deadline.day, calendar.monthrange(year, deadline.month)[1])
            dates.setdefault(deadline.kind, date(year, deadline.month, day))
        return dates

    def cycle_year(self, today: date) -> int:
        """The year of the cycle under way on ``today``: this year's, until its last deadline has passed."""
        dates = self.deadline_dates(today.year)
        last = max(dates.values(), default=date(today.year, 12, 31))
        return today.year if today <= last else today.year + 1

    @property
    def max_depth(self) -> int:
        return max(node.depth for node in self.walk())

    @property
    def top_level(self) -> list[Node]:
        return list(self.nodes)
