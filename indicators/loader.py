"""Load catalogs from YAML with errors that point at the file, the line and the node code.

Administrators import catalogs that they typed or converted from a regulation's annex, so a rejection must say
exactly where to look. YAML anchors and aliases are refused outright: a catalog never needs them, and refusing
them closes the "billion laughs" expansion attack.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from indicators.schema import ROOT_CODE, Catalog

CATALOG_DIR = Path(__file__).parent / "catalogs"
MAX_CATALOG_BYTES = 5 * 1024 * 1024

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
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.constructor.ConstructorError(
                None, None, "YAML aliases (*name) are not allowed in a catalog", event.start_mark
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "YAML anchors (&name) are not allowed in a catalog", event.start_mark
            )
        return super().compose_node(parent, index)


def _to_data(node: yaml.Node, path: Path_, lines: dict[Path_, int], loader: _NoAliasLoader) -> Any:
    """Turn a composed YAML node into plain data, recording the line of every path."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in result:
                raise CatalogError(
                    [CatalogProblem("", key_node.start_mark.line + 1, None, f"key {key!r} appears twice")]
                )
            lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _to_data(value_node, (*path, key), lines, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(item, (*path, i), lines, loader) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, source: str) -> tuple[Any, dict[Path_, int]]:
    lines: dict[Path_, int] = {}
    try:
        loader = _NoAliasLoader(text)
        try:
            root = loader.get_single_node()
            data = None if root is None else _to_data(root, (), lines, loader)
        finally:
            loader.dispose()
    except CatalogError as exc:
        raise CatalogError(
            [CatalogProblem(source, p.line, p.code, p.message) for p in exc.problems]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise CatalogError([CatalogProblem(source, line, None, str(exc.problem or exc))]) from None
    except yaml.YAMLError as exc:
        raise CatalogError([CatalogProblem(source, None, None, f"not valid YAML: {exc}")]) from None
    if data is None:
        raise CatalogError([CatalogProblem(source, None, None, "the file is empty")])
    return data, lines


def _code_at(data: Any, loc: Path_) -> str | None:
    """The code of the deepest node on the path of a validation error."""
    code = None
    current = data
    for part in loc:
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(current, dict) and "code" in current and isinstance(current["code"], str | int):
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
        if i > 0 and loc[i - 1] == "rule" and part in {"levels", "percent", "documents", "binary"}:
            continue
        cleaned.append(part)
    return tuple(cleaned)


def _duplicate_codes(data: Any, lines: dict[Path_, int], source: str) -> list[CatalogProblem]:
    problems: list[CatalogProblem] = []
    first_seen: dict[str, int | None] = {}

    def visit(nodes: Any, path: Path_) -> None:
        if not isinstance(nodes, list):
            return
        for i, node in enumerate(nodes):
            if not isinstance(node, dict) or "code" not in node:
                continue
            code = str(node["code"])
            line = lines.get((*path, i, "code"))
            if code == ROOT_CODE:
                pass  # reported by the schema
            elif code in first_seen:
                problems.append(
                    CatalogProblem(
                        source, line, code, f"duplicate code (first used on line {first_seen[code]})"
                    )
                )
            else:
                first_seen[code] = line
            visit(node.get("children"), (*path, i, "children"))

    if isinstance(data, dict):
        visit(data.get("nodes"), ("nodes",))
    return problems


def parse_catalog(text: str, source: str = "<catalog>") -> Catalog:
    """Validate catalog YAML text; raise CatalogError listing every problem with its line and node code."""
    if len(text.encode("utf-8", errors="replace")) > MAX_CATALOG_BYTES:
        raise CatalogError([CatalogProblem(source, None, None, "the file is larger than 5 MB")])
    data, lines = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise CatalogError(
            [CatalogProblem(source, 1, None, "a catalog must be a mapping with key, name, nodes")]
        )
    problems = _duplicate_codes(data, lines, source)
    try:
        catalog = Catalog.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = _clean_loc(error["loc"])
            where = ".".join(str(p) for p in loc)
            message = error["msg"].removeprefix("Value error, ")
            problem = CatalogProblem(source, _line_at(lines, loc), _code_at(data, loc), f"{where}: {message}")
            if "duplicate code" in message and problems:
                continue  # already reported with its line
            problems.append(problem)
        raise CatalogError(problems) from None
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
    if not path.exists():
        known = ", ".join(available_catalogs())
        raise CatalogError(
            [CatalogProblem(str(key_or_path), None, None, f"no such catalog (shipped: {known})")]
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CatalogError([CatalogProblem(path.name, None, None, "the file is not UTF-8 text")]) from None
    return parse_catalog(text, source=path.name)


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(data: Any) -> str:
    """YAML text without anchors or aliases, which the loader refuses."""
    return yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=110)


def dump_catalog(catalog: Catalog) -> str:
    """Catalog as YAML text that parse_catalog reads back to an equal catalog."""
    return dump_yaml(catalog.model_dump(mode="json", exclude_none=True))
