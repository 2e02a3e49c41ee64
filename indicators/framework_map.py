"""Which indicators of one framework continue in another: SPBE 2021 → Pemdi 2026, item by item.

A framework map is data (``indicators/crosswalks/<from key>_<to key>.csv``: from_code, to_code, strength, reason),
one row per pair of leaves that ask for the same kind of evidence, with the reason in words and a strength
(``strong``: the indicator continues; ``weak``: its evidence supports the other one). ``framework_changes`` reads
it against both catalogs as "what changed": every pair, every new indicator without a predecessor and every old
one that continues nowhere. The evidence carry-forward (``services.carry_forward``) follows the same pairs.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indicators.schema import Catalog

CROSSWALK_DIR = Path(__file__).resolve().parent / "crosswalks"
STRENGTHS = ("strong", "weak")
CHANGE_KINDS = ("continues", "new", "dropped")
"""``continues``: an old indicator maps onto a new one; ``new``: no old one maps onto it; ``dropped``: an old
indicator maps onto nothing."""


@dataclass(frozen=True)
class FrameworkPair:
    from_code: str
    to_code: str
    strength: str
    reason: str


def framework_maps() -> list[tuple[str, str]]:
    """(from key, to key) of every shipped framework map."""
    out: list[tuple[str, str]] = []
    for path in sorted(CROSSWALK_DIR.glob("*_*.csv")):
        from_key, _, to_key = path.stem.partition("_")
        out.append((from_key, to_key))
    return out


@lru_cache(maxsize=8)
def load_framework_map(from_key: str, to_key: str) -> tuple[FrameworkPair, ...]:
    """The pairs from ``from_key`` to ``to_key`` (base keys: ``spbe-2021``); none when no map is shipped."""
    path = CROSSWALK_DIR / f"{from_key}_{to_key}.csv"
    if not path.is_file():
        return ()
    with path.open(encoding="utf-8", newline="") as handle:
        pairs = tuple(
            FrameworkPair(
                from_code=row["from_code"].strip(),
                to_code=row["to_code"].strip(),
                strength=row["strength"].strip(),
                reason=row["reason"].strip(),
            )
            for row in csv.DictReader(handle)
        )
    bad = [p for p in pairs if p.strength not in STRENGTHS or not p.reason]
    if bad:
        raise ValueError(
            f"{path.name}: pair {bad[0].from_code}→{bad[0].to_code} needs a strength and a reason"
        )
    return pairs


def map_problems(old: Catalog, new: Catalog, pairs: tuple[FrameworkPair, ...]) -> list[str]:
    """Codes of the map that are no leaf of their catalog, and pairs listed twice (empty when all is well)."""
    old_leaves = {leaf.code for leaf in old.leaves()}
    new_leaves = {leaf.code for leaf in new.leaves()}
    problems = [f"{p.from_code} is no leaf of {old.key}" for p in pairs if p.from_code not in old_leaves]
    problems += [f"{p.to_code} is no leaf of {new.key}" for p in pairs if p.to_code not in new_leaves]
    seen: set[tuple[str, str]] = set()
    for pair in pairs:
        if (pair.from_code, pair.to_code) in seen:
            problems.append(f"{pair.from_code}→{pair.to_code} is listed twice")
        seen.add((pair.from_code, pair.to_code))
    return problems


def framework_changes(old: Catalog, new: Catalog, pairs: tuple[FrameworkPair, ...]) -> list[dict[str, str]]:
    """One row per pair (``continues``), per new leaf nothing maps onto (``new``) and per old leaf that maps
    onto nothing (``dropped``), in the new catalog's order, then the old one's."""
    old_names = {leaf.code: leaf.name for leaf in old.leaves()}
    rows: list[dict[str, str]] = []
    for leaf in new.leaves():
        mine = [p for p in pairs if p.to_code == leaf.code and p.from_code in old_names]
        if not mine:
            rows.append(_row("new", "", "", leaf.code, leaf.name, "", ""))
        for pair in sorted(mine, key=lambda p: (STRENGTHS.index(p.strength), _order(p.from_code))):
            rows.append(
                _row(
                    "continues",
                    pair.from_code,
                    old_names[pair.from_code],
                    leaf.code,
                    leaf.name,
                    pair.strength,
                    pair.reason,
                )
            )
    mapped = {p.from_code for p in pairs}
    rows += [_row("dropped", c, n, "", "", "", "") for c, n in old_names.items() if c not in mapped]
    return rows


def _order(code: str) -> tuple[int, str]:
    return (int(code), "") if code.isdigit() else (0, code)


def _row(
    change: str, from_code: str, from_name: str, to_code: str, to_name: str, strength: str, reason: str
) -> dict[str, str]:
    return {
        "change": change,
        "from_code": from_code,
        "from_name": from_name,
        "to_code": to_code,
        "to_name": to_name,
        "strength": strength,
        "reason": reason,
    }
