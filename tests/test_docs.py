"""The reference pages stay complete: a service or a setting nobody documented fails here, not in a newcomer's head.

As datasette's tests/test_docs.py does for its plugin hooks and settings: the code is the list, the page must
name every item of it.

- ``docs/services.md`` has a row per module of ``services/`` (a row may name several modules) and names, in that
  row, every public function of the module (top-level ``def`` without a leading underscore, read with ``ast``).
- The README's configuration table names the environment variable of every field of ``config.Settings``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from pydantic import AliasChoices

from config import Settings

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ROOT / "services"
MODULE = re.compile(r"`(services/\w+\.py)`")


def service_rows(markdown: str) -> dict[str, str]:
    """``services/x.py`` -> the text of the table row that names it."""
    rows: dict[str, str] = {}
    for line in markdown.splitlines():
        if line.startswith("|"):
            for module in MODULE.findall(line.split("|")[1]):
                rows[module] = line
    return rows


def public_functions(source: str) -> list[str]:
    """Top-level functions (plain or async) a caller may use: no leading underscore."""
    return [
        node.name
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_")
    ]


def undocumented(markdown: str, modules: dict[str, str]) -> dict[str, list[str]]:
    """Per module path (``services/x.py``) with its source: the public functions its row does not name.

    A module without a row lists every function, or ``<no row>`` when it has none.
    """
    rows = service_rows(markdown)
    missing: dict[str, list[str]] = {}
    for module, source in sorted(modules.items()):
        functions = public_functions(source)
        row = rows.get(module)
        if row is None:
            missing[module] = functions or ["<no row>"]
            continue
        absent = [name for name in functions if not re.search(rf"`[^`]*\b{re.escape(name)}\b", row)]
        if absent:
            missing[module] = absent
    return missing


def service_modules() -> dict[str, str]:
    return {
        f"services/{path.name}": path.read_text(encoding="utf-8")
        for path in sorted(SERVICES.glob("*.py"))
        if path.name != "__init__.py"
    }


def test_services_md_names_every_service_module_and_public_function() -> None:
    modules = service_modules()
    assert len(modules) > 20  # services/ was found
    markdown = (ROOT / "docs" / "services.md").read_text(encoding="utf-8")
    assert undocumented(markdown, modules) == {}


def test_services_md_names_no_module_that_is_gone() -> None:
    markdown = (ROOT / "docs" / "services.md").read_text(encoding="utf-8")
    assert sorted(set(service_rows(markdown)) - set(service_modules())) == []


def test_the_services_check_reports_a_missing_row_and_a_missing_function() -> None:
    markdown = "| module | functions |\n|---|---|\n| `services/a.py`, `services/b.py` | `run(actor, *, x)`; `stop` |\n"
    modules = {
        "services/a.py": "def run(): ...\ndef stop(): ...\ndef _private(): ...\n",
        "services/b.py": "async def start(): ...\nclass Thing: ...\n",
        "services/c.py": "X = 1\n",
        "services/d.py": "def running(): ...\n",  # ``run`` in a row must not count as ``running``
    }
    assert undocumented(markdown, modules) == {
        "services/b.py": ["start"],
        "services/c.py": ["<no row>"],
        "services/d.py": ["running"],
    }


def environment_variable(name: str) -> str:
    """The variable a ``Settings`` field is read from: its first alias, else ``LENTERA_<NAME>``."""
    alias = Settings.model_fields[name].validation_alias
    if isinstance(alias, AliasChoices):
        first = alias.choices[0]
        assert isinstance(first, str)
        return first
    if isinstance(alias, str):
        return alias
    return f"{Settings.model_config.get('env_prefix', '')}{name}".upper()


def configuration_table(readme: str) -> str:
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return "\n".join(line for line in section.splitlines() if line.startswith("|"))


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_readme_configuration_table_names_every_setting(field: str) -> None:
    table = configuration_table((ROOT / "README.md").read_text(encoding="utf-8"))
    assert f"`{environment_variable(field)}`" in table


def test_environment_variables_follow_the_prefix_and_the_alias() -> None:
    assert environment_variable("data_dir") == "LENTERA_DATA_DIR"
    assert environment_variable("database_url") == "DATABASE_URL"
