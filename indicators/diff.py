"""Compare two catalog versions node by node, matched on their stable codes.

An administrator activating a new year's catalog must see what changes for the OPDs before it does: which items
are new, which are gone, which were renamed, reweighted, moved or given another scoring rule, which ask for
other evidence, which are answered for by other OPDs, which apply to other kinds of pemda (``applies_to``) and
which make the pemda's value from its OPDs' values by another rule (``aggregation``). The last two compare the
inherited values, so moving ``applies_to`` from a leaf up to its parent is no change.

Evidence requirements and responsibilities are compared as sets (the order of requirements, kinds or OPDs in
the file is no change) and shown as text in the catalog's own terms (``kinds``, ``max_age_days``,
``opd_kinds``, ``opds``: the Excel columns an administrator edits).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from indicators.diff_words import detail
from indicators.schema import Catalog, Node

CHANGE_KINDS = (
    "added",
    "removed",
    "renamed",
    "reweighted",
    "moved",
    "rule_changed",
    "evidence_changed",
    "responsibility_changed",
    "applies_to_changed",
    "aggregation_changed",
)


@dataclass(frozen=True)
class NodeChange:
    code: str
    change: str  # one of CHANGE_KINDS
    old: str | None = None
    new: str | None = None
    detail: str = ""  # what changed, in words (``indicators.diff_words``): "poin D1: 50 → 60"


@dataclass
class CatalogDiff:
    added: list[NodeChange] = field(default_factory=list)
    removed: list[NodeChange] = field(default_factory=list)
    renamed: list[NodeChange] = field(default_factory=list)
    reweighted: list[NodeChange] = field(default_factory=list)
    moved: list[NodeChange] = field(default_factory=list)
    rule_changed: list[NodeChange] = field(default_factory=list)
    evidence_changed: list[NodeChange] = field(default_factory=list)
    responsibility_changed: list[NodeChange] = field(default_factory=list)
    applies_to_changed: list[NodeChange] = field(default_factory=list)
    aggregation_changed: list[NodeChange] = field(default_factory=list)

    @property
    def changes(self) -> list[NodeChange]:
        """Every change, grouped by kind in the order of ``CHANGE_KINDS``."""
        return [c for kind in CHANGE_KINDS for c in getattr(self, kind)]

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def rows(self) -> list[dict[str, str | None]]:
        return [
            {"code": c.code, "change": c.change, "old": c.old, "new": c.new, "detail": c.detail}
            for c in self.changes
        ]


def _rule_text(node: Node) -> str | None:
    return None if node.rule is None else node.rule.model_dump_json()


def _evidence_text(node: Node) -> str | None:
    """``SK Tim (kinds: docx, pdf; max_age_days: 365) | Foto (kinds: jpeg)``, sorted; None when none asked."""
    parts = []
    for requirement in node.evidence:
        terms = f"kinds: {', '.join(sorted(requirement.kinds))}"
        if requirement.max_age_days is not None:
            terms += f"; max_age_days: {requirement.max_age_days}"
        parts.append(f"{requirement.description} ({terms})")
    return " | ".join(sorted(parts)) or None


def _responsibility_text(node: Node) -> str | None:
    """``opd_kinds: badan, dinas; opds: BKD``, sorted; None when nobody is named."""
    responsible = node.responsible
    if responsible is None:
        return None
    parts = [
        f"{name}: {', '.join(sorted(set(values)))}"
        for name, values in (("opd_kinds", responsible.opd_kinds), ("opds", responsible.opds))
        if values
    ]
    if responsible.lead:
        parts.append(f"lead: {responsible.lead}")
    return "; ".join(parts) or None


def _applies_to_text(node: Node) -> str | None:
    """``kabupaten, kota``: the kinds of pemda the node applies to (inherited)."""
    return ", ".join(node.kinds)


def _aggregation_text(node: Node) -> str | None:
    """The leaf's rule for the pemda's value (inherited); None on a branch."""
    return node.rule_for_pemda if node.is_leaf else None


_TEXT_CHANGES: tuple[tuple[str, Callable[[Node], str | None]], ...] = (
    ("rule_changed", _rule_text),
    ("evidence_changed", _evidence_text),
    ("responsibility_changed", _responsibility_text),
    ("applies_to_changed", _applies_to_text),
    ("aggregation_changed", _aggregation_text),
)


def diff_catalogs(old: Catalog, new: Catalog) -> CatalogDiff:
    """Added, removed, renamed, reweighted, moved, re-ruled, re-evidenced, reassigned, re-scoped and
    re-aggregated nodes, by code."""
    before = {node.code: node for node in old.walk()}
    after = {node.code: node for node in new.walk()}
    diff = CatalogDiff()
    for code, node in after.items():
        if code not in before:
            diff.added.append(NodeChange(code, "added", None, node.name, detail("added", None, node)))
    for code, node in before.items():
        if code not in after:
            diff.removed.append(NodeChange(code, "removed", node.name, None, detail("removed", node, None)))
    for code in before.keys() & after.keys():
        was, now = before[code], after[code]
        if was.name != now.name:
            diff.renamed.append(NodeChange(code, "renamed", was.name, now.name, detail("renamed", was, now)))
        if not math.isclose(was.weight, now.weight):
            diff.reweighted.append(
                NodeChange(
                    code, "reweighted", f"{was.weight:g}", f"{now.weight:g}", detail("reweighted", was, now)
                )
            )
        if was.parent_code != now.parent_code:
            diff.moved.append(
                NodeChange(code, "moved", was.parent_code, now.parent_code, detail("moved", was, now))
            )
        for kind, text in _TEXT_CHANGES:
            if text(was) != text(now):
                getattr(diff, kind).append(
                    NodeChange(code, kind, text(was), text(now), detail(kind, was, now))
                )
    order = {code: i for i, code in enumerate([*after, *before])}
    for kind in CHANGE_KINDS:
        getattr(diff, kind).sort(key=lambda c: order.get(c.code, 0))
    return diff
