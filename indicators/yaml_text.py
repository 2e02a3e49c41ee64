"""Catalog YAML read into plain data (with the line of every key and item) and written back, with PyYAML.

Apart from ``indicators.loader`` so that only a process that reads or writes YAML imports PyYAML, whose reader
compiles a large pattern on import: the app's pages and the exports read catalogs stored as JSON.
Anchors and aliases are refused on reading and never written (see ``indicators.loader``).
"""

from __future__ import annotations

from typing import Any

import yaml

from i18n import t
from indicators.loader import CatalogError, CatalogProblem, Path_, nearest_code

# libyaml when present: it reads the 3,000-line MCP 2025 catalog about eight times faster than pure Python.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse_anchors(text: str) -> None:
    """Stop at the first anchor or alias, before anything is composed or expanded."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            message = t("catalog.file.alias")
        elif getattr(event, "anchor", None) is not None:
            message = t("catalog.file.anchor")
        else:
            continue
        line = event.start_mark.line + 1 if event.start_mark else None
        raise CatalogError([CatalogProblem("", line, None, message)])


_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


def _to_data(node: yaml.Node, path: Path_, lines: dict[Path_, int], loader: Any) -> Any:
    """Turn a composed YAML node into plain data, recording the line of every path."""
    # A key's own line wins over the line where its (block) value starts: "rule:" rather than "kind:".
    lines.setdefault(path, node.start_mark.line + 1)
    if node.tag not in _PLAIN_TAGS:
        # PyYAML's safe reader would refuse !!python/... on a scalar but not on a list or mapping walked here.
        message = t("catalog.file.tag", tag=node.tag.removeprefix("tag:yaml.org,2002:"))
        raise CatalogError([CatalogProblem("", node.start_mark.line + 1, None, message)])
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                line = key_node.start_mark.line + 1
                raise CatalogError([CatalogProblem("", line, None, t("catalog.file.key_text"))])
            if key in result:
                line = key_node.start_mark.line + 1
                raise CatalogError([CatalogProblem("", line, None, t("catalog.file.key_twice", name=key))])
            lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _to_data(value_node, (*path, key), lines, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(item, (*path, i), lines, loader) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, source: str) -> tuple[Any, dict[Path_, int]]:
    """Plain data from YAML text, and the line of every key and item in it."""
    lines: dict[Path_, int] = {}

    def problem(line: int | None, message: str) -> CatalogError:
        return CatalogError([CatalogProblem(source, line, nearest_code(text, line), message)])

    try:
        _refuse_anchors(text)
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            data = None if root is None else _to_data(root, (), lines, loader)
        finally:
            loader.dispose()
    except CatalogError as exc:
        raise problem(exc.problems[0].line, exc.problems[0].message) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = str(exc.problem or exc)
        # libyaml's own limit, worded like the pure-Python recursion guard
        message = (
            t("catalog.file.too_deep")
            if "nesting depth" in detail
            else t("catalog.file.not_yaml", detail=detail)
        )
        raise problem(mark.line + 1 if mark else None, message) from None
    except yaml.YAMLError as exc:
        raise problem(None, t("catalog.file.not_yaml", detail=exc)) from None
    except RecursionError:
        raise problem(None, t("catalog.file.too_deep")) from None
    if data is None:
        raise problem(None, t("catalog.file.empty"))
    return data, lines


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    # Short lists of plain values (tags, kinds, steps, OPDs) read best on one line: "kinds: [pdf, docx]".
    flow = all(isinstance(item, str | int | float) for item in data) and len(str(data)) <= 80
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_NoAliasDumper.add_representer(list, _represent_list)


def dump(data: Any) -> str:
    """YAML text without anchors or aliases, which the loader refuses."""
    return yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=110)
