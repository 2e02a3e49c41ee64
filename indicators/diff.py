"""Compare two catalog versions node by node, matched on their stable codes.

An administrator activating a new year's catalog must see what changes for the OPDs before it does: which items
are new, which are gone, which were renamed, reweighted, moved or given another scoring rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from indicators.schema import Catalog, Node


@dataclass(frozen=True)
class NodeChange:
    code: str
    change: str  # added | removed | renamed | reweighted | moved | rule_changed
    old: str | None = None
    new: str | None = None


@dataclass
class CatalogDiff:
    added: list[NodeChange] = field(default_factory=list)
    removed: list[NodeChange] = field(default_factory=list)
    renamed: list[NodeChange] = field(default_factory=list)
    reweighted: list[NodeChange] = field(default_factory=list)
    moved: list[NodeChange] = field(default_factory=list)
    rule_changed: list[NodeChange] = field(default_factory=list)

    @property
    def changes(self) -> list[NodeChange]:
        return [*self.added, *self.removed, *self.renamed, *self.reweighted, *self.moved, *self.rule_changed]

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def rows(self) -> list[dict[str, str | None]]:
        return [{"code": c.code, "change": c.change, "old": c.old, "new": c.new} for c in self.changes]


def _rule_text(node: Node) -> str | None:
    return None if node.rule is None else node.rule.model_dump_json()


def diff_catalogs(old: Catalog, new: Catalog) -> CatalogDiff:
    """Added, removed, renamed, reweighted, moved and re-ruled nodes between two catalogs, by code."""
    before = {node.code: node for node in old.walk()}
    after = {node.code: node for node in new.walk()}
    diff = CatalogDiff()
    for code, node in after.items():
        if code not in before:
            diff.added.append(NodeChange(code, "added", None, node.name))
    for code, node in before.items():
        if code not in after:
            diff.removed.append(NodeChange(code, "removed", node.name, None))
    for code in before.keys() & after.keys():
        was, now = before[code], after[code]
        if was.name != now.name:
            diff.renamed.append(NodeChange(code, "renamed", was.name, now.name))
        if not math.isclose(was.weight, now.weight):
            diff.reweighted.append(NodeChange(code, "reweighted", f"{was.weight:g}", f"{now.weight:g}"))
        if was.parent_code != now.parent_code:
            diff.moved.append(NodeChange(code, "moved", was.parent_code, now.parent_code))
        if _rule_text(was) != _rule_text(now):
            diff.rule_changed.append(NodeChange(code, "rule_changed", _rule_text(was), _rule_text(now)))
    order = {code: i for i, code in enumerate([*after, *before])}
    for changes in (diff.renamed, diff.reweighted, diff.moved, diff.rule_changed):
        changes.sort(key=lambda c: order.get(c.code, 0))
    return diff
