"""Load catalogs from YAML with errors that point at the file, the line and the node code.

Administrators import catalogs that they typed or converted from a regulation's annex, so a rejection must say
exactly where to look, and must list every problem at once rather than one per attempt. YAML anchors and
aliases are refused outright: a catalog never needs them, and refusing them closes the "billion laughs"
expansion attack.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from i18n import t
from indicators.messages import rule_key, validation_words
from indicators.schema import ROOT_CODE, Catalog

CATALOG_DIR = Path(__file__).parent / "catalogs"
MAX_CATALOG_BYTES = 5 * 1024 * 1024
MAX_NODE_DEPTH = 12

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class CatalogProblem:
    source: str
    line: int | None
    code: str | None
    message: str

    def __str__(self) -> str:
        where = self.source + (f":{self.line}" if self.line else "")
        node = f" [{self.code}]" if self.code else ""
        return f"{where}{node}: {self.message}"


class CatalogError(ValueError):
    """A catalog was rejected; ``problems`` lists every reason found."""

    def __init__(self, problems: list[CatalogProblem]):
        # In file order, so an administrator can fix them top to bottom.
        self.problems = sorted(problems, key=lambda p: p.line or 0)
        super().__init__("\n".join(str(p) for p in self.problems))


_CODE_LINE = re.compile(r"^(\s*)(?:-\s+)?code:\s*['\"]?([^'\"#\s]+)")
_DOCUMENTS_LINE = re.compile(r"^(\s*)documents:")


def nearest_code(text: str, line: int | None) -> str | None:
    """The node code written closest above a line, for problems found before the YAML could be read.

    Codes of required documents (under a ``documents:`` key) are skipped: they are not node codes.
    """
    if not text or line is None:
        return None
    code = None
    documents_indent: int | None = None
    in_nodes = False
    for content in text.splitlines()[:line]:
        if content[:1].isalpha():
            in_nodes = content.startswith("nodes:")
            code, documents_indent = None, None
            continue
        indent = len(content) - len(content.lstrip())
        if documents_indent is not None and content.strip() and indent <= documents_indent:
            documents_indent = None
        if match := _DOCUMENTS_LINE.match(content):
            documents_indent = len(match.group(1))
        elif in_nodes and documents_indent is None and (match := _CODE_LINE.match(content)):
            code = match.group(2)
    return code


def _decode(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        text = raw.decode("utf-8", errors="replace")
        message = t("catalog.file.not_utf8", byte=f"{raw[exc.start]:02x}")
        raise CatalogError([CatalogProblem(source, line, nearest_code(text, line), message)]) from None


def _code_at(data: Any, loc: Path_) -> str | None:
    """The code of the deepest node on the path of a validation error."""
    code = None
    current = data
    for i, part in enumerate(loc):
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            break
        in_documents = "documents" in loc[:i]
        if (
            not in_documents
            and isinstance(current, dict)
            and isinstance(current.get("code"), str | int)
            and not isinstance(current.get("code"), bool)
        ):
            code = str(current["code"])
    return code


def _line_at(lines: dict[Path_, int], loc: Path_) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _clean_loc(loc: tuple[Any, ...]) -> Path_:
    # Discriminated unions add the tag ("levels", "percent", ...) to the location; it is not a YAML key.
    cleaned: list[str | int] = []
    for i, part in enumerate(loc):
        if (
            i > 0
            and loc[i - 1] == "rule"
            and part in {"levels", "percent", "documents", "binary", "external_index"}
        ):
            continue
        cleaned.append(part)
    return tuple(cleaned)


def _tree_problems(data: dict[Any, Any], lines: dict[Path_, int], source: str) -> list[CatalogProblem]:
    """Duplicate codes and over-deep nesting, each with the line where it happens."""
    problems: list[CatalogProblem] = []
    first_seen: dict[str, int | None] = {}

    def visit(nodes: Any, path: Path_, depth: int) -> None:
        if not isinstance(nodes, list):
            return
        for i, node in enumerate(nodes):
            if not isinstance(node, dict) or "code" not in node:
                continue
            code = str(node["code"])
            line = lines.get((*path, i, "code"))
            if depth > MAX_NODE_DEPTH:
                message = t("catalog.file.nested", depth=MAX_NODE_DEPTH)
                problems.append(CatalogProblem(source, line, code, message))
                return
            if code == ROOT_CODE:
                pass  # reported by the schema
            elif code in first_seen:
                message = t("catalog.file.duplicate_code", line=first_seen[code])
                problems.append(CatalogProblem(source, line, code, message))
            else:
                first_seen[code] = line
            visit(node.get("children"), (*path, i, "children"), depth + 1)

    visit(data.get("nodes"), ("nodes",), 1)
    return problems


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _zone_problems(data: dict[Any, Any], lines: dict[Path_, int], source: str) -> list[CatalogProblem]:
    """Overlapping zones and gaps between zones, each at the line of the later zone."""
    zones = data.get("zones")
    if not isinstance(zones, list):
        return []
    bands: list[tuple[float, float, str, int | None]] = []
    for i, zone in enumerate(zones):
        if not isinstance(zone, dict):
            return []
        low, high = _number(zone.get("min")), _number(zone.get("max"))
        if low is None or high is None or not low < high:
            return []  # the schema reports it on the field
        bands.append((low, high, str(zone.get("name")), lines.get(("zones", i))))
    bands.sort()
    problems = []
    scale = data.get("scale")
    if bands and isinstance(scale, dict) and _number(scale.get("max")) is not None:
        low = _number(scale.get("min", 0.0))
        high = _number(scale.get("max"))
        assert high is not None
        if low is not None and not (math.isclose(bands[0][0], low) and math.isclose(bands[-1][1], high)):
            cover = {"start": f"{bands[0][0]:g}", "end": f"{bands[-1][1]:g}"}
            message = t("catalog.rule.zones_cover", low=f"{low:g}", high=f"{high:g}", **cover)
            problems.append(CatalogProblem(source, lines.get(("zones",)), None, message))
    for (_, low_max, low_name, _), (high_min, _, high_name, line) in itertools.pairwise(bands):
        if math.isclose(high_min, low_max):
            continue
        kind = "zones_overlap" if high_min < low_max else "zones_gap"
        message = t(
            f"catalog.rule.{kind}", low=f"{low_name} ({low_max:g})", high=f"{high_name} ({high_min:g})"
        )
        problems.append(CatalogProblem(source, line, high_name, message))
    return problems


# Catalog-wide checks that the schema makes without line numbers and that the two functions above repeat with them.
_PRECHECKED = {"duplicate_code", "zones_overlap", "zones_gap", "zones_cover"}


def parse_catalog(text: str | bytes, source: str = "<catalog>") -> Catalog:
    """Validate catalog YAML (text, or bytes as uploaded); raise CatalogError listing every problem found."""
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", errors="replace"))
    if size > MAX_CATALOG_BYTES:
        raise CatalogError([CatalogProblem(source, None, None, t("catalog.file.too_large"))])
    text = _decode(text, source) if isinstance(text, bytes) else text.removeprefix("\ufeff")
    from indicators.yaml_text import parse_yaml  # PyYAML only where YAML is read or written

    data, lines = parse_yaml(text, source)
    if not isinstance(data, dict):
        message = t("catalog.file.not_mapping", kind=type(data).__name__)
        raise CatalogError([CatalogProblem(source, 1, None, message)])
    problems = _tree_problems(data, lines, source) + _zone_problems(data, lines, source)
    if any(p.message == t("catalog.file.nested", depth=MAX_NODE_DEPTH) for p in problems):
        raise CatalogError(problems)
    try:
        catalog = Catalog.model_validate(data)
    except ValidationError as exc:
        skipped = []
        for error in exc.errors():
            loc = _clean_loc(error["loc"])
            message = validation_words(error)
            where = ".".join(str(p) for p in loc)
            text = f"{where}: {message}" if where else message
            problem = CatalogProblem(source, _line_at(lines, loc), _code_at(data, loc), text)
            if not loc and rule_key(error) in _PRECHECKED:
                skipped.append(problem)  # reported above with a precise line
            else:
                problems.append(problem)
        raise CatalogError(problems or skipped) from None
    if problems:
        raise CatalogError(problems)
    return catalog


def available_catalogs() -> list[str]:
    """Keys of the catalogs shipped with Lentera."""
    return sorted(path.stem for path in CATALOG_DIR.glob("*.yaml"))


def load_catalog(key_or_path: str | Path) -> Catalog:
    """Load a shipped catalog by key (``spbe-2021``) or any catalog YAML file by path."""
    path = Path(key_or_path)
    if not path.suffix and (CATALOG_DIR / f"{key_or_path}.yaml").exists():
        path = CATALOG_DIR / f"{key_or_path}.yaml"
    if not path.is_file():
        message = t("catalog.file.no_such_catalog", shipped=", ".join(available_catalogs()))
        raise CatalogError([CatalogProblem(str(key_or_path), None, None, message)])
    return parse_catalog(path.read_bytes(), source=path.name)


def dump_yaml(data: Any) -> str:
    """YAML text without anchors or aliases, which the loader refuses."""
    from indicators.yaml_text import dump

    return dump(data)


def _drop_inherited_provenance(nodes: list[dict[str, Any]], inherited: str | None) -> None:
    # The schema copies provenance down the tree; writing it on every node would only repeat the parent.
    for node in nodes:
        own = node.get("provenance")
        if own == inherited:
            node.pop("provenance", None)
        _drop_inherited_provenance(node.get("children", []), own or inherited)


def dump_catalog(catalog: Catalog) -> str:
    """Catalog as YAML text that parse_catalog reads back to an equal catalog."""
    data = catalog.model_dump(mode="json", exclude_none=True)
    _drop_inherited_provenance(data["nodes"], data.get("provenance"))
    return dump_yaml(data)
