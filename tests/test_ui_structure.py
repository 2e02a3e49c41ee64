"""The UI never reaches the database itself: every read and write goes through ``services/``, which check the
user's permissions. A page that opened a session of its own would show data no permission check ever saw.

Every ``ui/**/*.py`` file is parsed with ``ast`` and its imports are checked, top-level and inside functions
alike: no ``sqlalchemy`` or ``sqlmodel`` (``select``, ``Session``, ``col``), no ``models.database`` (sessions,
engines), and none of those helpers through the ``models`` package. ``models.tables`` enums such as ``Role``
and ``models.migrate.upgrade_database`` (the schema upgrade at start-up, not a query) stay allowed.
"""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parent.parent / "ui"
FORBIDDEN_MODULES = ("sqlalchemy", "sqlmodel", "models.database")
DATABASE_HELPERS = {"session_scope", "engine_for", "get_engine", "Session", "select", "col"}


def _forbidden_module(name: str) -> bool:
    return any(name == module or name.startswith(module + ".") for module in FORBIDDEN_MODULES)


def database_imports(source: str, filename: str = "<source>") -> list[str]:
    """``line: import`` for every import in ``source`` that reaches the database without a service."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {a.name}" for a in node.names if _forbidden_module(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [a.name for a in node.names]
            if _forbidden_module(node.module):
                found.append(f"{node.lineno}: from {node.module} import {', '.join(names)}")
            elif node.module in ("models", "models.tables"):
                helpers = [name for name in names if name in DATABASE_HELPERS or name == "*"]
                if helpers:
                    found.append(f"{node.lineno}: from {node.module} import {', '.join(helpers)}")
    return sorted(found, key=lambda line: int(line.split(":")[0]))


def test_ui_modules_never_import_database_sessions_engines_or_query_builders() -> None:
    """No ui/ module imports sqlalchemy, sqlmodel, models.database or the models package's session helpers."""
    files = sorted(UI.rglob("*.py"))
    assert len(files) > 20  # ui/ and ui/panels/ were both found
    offenders = {
        str(path.relative_to(UI.parent)): found
        for path in files
        if (found := database_imports(path.read_text(encoding="utf-8"), str(path)))
    }
    assert offenders == {}


def test_the_import_check_catches_each_way_of_reaching_the_database() -> None:
    """Direct, nested, aliased and package-level imports of the database helpers are all reported."""
    source = """
import sqlalchemy as sa
from sqlmodel import select
from models import Role, session_scope
from models.tables import Role as R

def page():
    from models.database import engine_for
    import sqlmodel.sql.expression
    return engine_for
"""
    assert database_imports(source) == [
        "2: import sqlalchemy",
        "3: from sqlmodel import select",
        "4: from models import session_scope",
        "8: from models.database import engine_for",
        "9: import sqlmodel.sql.expression",
    ]
