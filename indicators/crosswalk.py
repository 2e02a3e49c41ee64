"""One piece of evidence, every framework: which items of MCP, SPBE, Pemdi and PEKPPP ask for the same evidence.

The crosswalk is data (``indicators/crosswalk.csv``: catalog_a, code_a, catalog_b, code_b, strength, reason), one
row per pair, read both ways. The shipped pairs are item to item (MCP 2024 items it shares with 2025 carry the
same pairs and reasons); the area-level notes of the domain (MCP area → SPBE indicator) are not pairs, since they
suggested every SPBE system of an area for any file of it. A code may still be a branch standing for every leaf
below it (an edited catalog's own rows).
``strong``: the same document is evidence for both items; ``weak``: it supports the other item in part (a policy
behind a system, one sector of several). Catalog keys are base keys (``mcp-2025``; an edited ``mcp-2025-v2``
keeps its pairs). ``pair_problems`` checks every code against its catalog (tests run it on the shipped ones).
The framework maps from one framework to its successor (``indicators.framework_map``: SPBE 2021 → Pemdi 2026) are
pairs of the same kind and join them in ``all_pairs``, so a file also suggests its successor's items.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indicators.framework_map import framework_maps, load_framework_map
from indicators.schema import Catalog

CROSSWALK_PATH = Path(__file__).resolve().parent / "crosswalk.csv"
STRENGTHS = ("strong", "weak")
COLUMNS = ["catalog_a", "code_a", "catalog_b", "code_b", "strength", "reason"]
_VERSION_SUFFIX = re.compile(r"-v\d+$")


@dataclass(frozen=True)
class EvidencePair:
    catalog_a: str
    code_a: str
    catalog_b: str
    code_b: str
    strength: str
    reason: str


@dataclass(frozen=True)
class Related:
    """An item of another catalog that the same evidence supports, seen from one item."""

    catalog_key: str
    code: str  # a leaf or a branch (every leaf below it)
    strength: str
    reason: str


def base_key(key: str) -> str:
    """``mcp-2025-v2`` → ``mcp-2025``: an edited catalog version keeps its crosswalk."""
    return _VERSION_SUFFIX.sub("", key)


@lru_cache(maxsize=4)
def load_pairs(path: Path = CROSSWALK_PATH) -> tuple[EvidencePair, ...]:
    """Every pair of the crosswalk file; ValueError naming the line when a row lacks a strength or a reason."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise ValueError(f"{path.name}: columns must be {', '.join(COLUMNS)}")
        pairs: list[EvidencePair] = []
        for line, row in enumerate(reader, start=2):
            pair = EvidencePair(*(str(row[column] or "").strip() for column in COLUMNS))
            if pair.strength not in STRENGTHS or not pair.reason:
                raise ValueError(f"{path.name} line {line}: a pair needs strength strong/weak and a reason")
            pairs.append(pair)
    return tuple(pairs)


@lru_cache(maxsize=1)
def all_pairs() -> tuple[EvidencePair, ...]:
    """The crosswalk file's pairs and every shipped framework map's (SPBE 2021 → Pemdi 2026), as one list."""
    mapped = tuple(
        EvidencePair(old, pair.from_code, new, pair.to_code, pair.strength, pair.reason)
        for old, new in framework_maps()
        for pair in load_framework_map(old, new)
    )
    return load_pairs() + mapped


def pair_problems(pairs: tuple[EvidencePair, ...], catalogs: Mapping[str, Catalog]) -> list[str]:
    """Codes that are no node of their catalog, unknown catalogs, pairs within one catalog and pairs listed
    twice (either way round); empty when all is well."""
    codes = {key: {node.code for node in catalog.walk()} for key, catalog in catalogs.items()}
    problems: list[str] = []
    seen: set[frozenset[tuple[str, str]]] = set()
    for pair in pairs:
        for key, code in ((pair.catalog_a, pair.code_a), (pair.catalog_b, pair.code_b)):
            if key not in codes:
                problems.append(f"{key} is no catalog")
            elif code not in codes[key]:
                problems.append(f"{code} is no item of {key}")
        if pair.catalog_a == pair.catalog_b:
            problems.append(f"{pair.catalog_a} {pair.code_a}–{pair.code_b} pairs a catalog with itself")
        both = frozenset({(pair.catalog_a, pair.code_a), (pair.catalog_b, pair.code_b)})
        if both in seen:
            problems.append(
                f"{pair.catalog_a} {pair.code_a} – {pair.catalog_b} {pair.code_b} is listed twice"
            )
        seen.add(both)
    return problems


def related_items(
    catalog: Catalog, code: str, pairs: tuple[EvidencePair, ...] | None = None
) -> list[Related]:
    """The other catalogs' items the evidence of leaf ``code`` supports: pairs naming the leaf or one of its
    ancestors (an area), the strongest pair per item first, strong before weak, in file order."""
    key = base_key(catalog.key)
    chain: set[str] = set()
    node: str | None = code
    while node is not None:
        chain.add(node)
        node = catalog.node(node).parent_code
    found: dict[tuple[str, str], Related] = {}
    for pair in all_pairs() if pairs is None else pairs:
        for mine, mine_code, other, other_code in (
            (pair.catalog_a, pair.code_a, pair.catalog_b, pair.code_b),
            (pair.catalog_b, pair.code_b, pair.catalog_a, pair.code_a),
        ):
            if mine != key or mine_code not in chain:
                continue
            known = found.get((other, other_code))
            if known is None or (known.strength == "weak" and pair.strength == "strong"):
                found[(other, other_code)] = Related(other, other_code, pair.strength, pair.reason)
    return sorted(found.values(), key=lambda r: STRENGTHS.index(r.strength))


def leaves_under(catalog: Catalog, code: str) -> list[str]:
    """The leaf codes a crosswalk code stands for: itself for a leaf, every leaf below a branch; none if unknown."""
    try:
        start = catalog.node(code)
    except KeyError:
        return []
    if start.is_leaf:
        return [start.code]
    below: list[str] = []
    stack = list(reversed(start.children))
    while stack:
        node = stack.pop()
        if node.is_leaf:
            below.append(node.code)
        stack.extend(reversed(node.children))
    return below
