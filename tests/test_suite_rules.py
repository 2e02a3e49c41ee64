"""Rules for the test suite itself: no test module imports another (shared code lives in conftest.py or a helper
module), and private Streamlit internals are touched only in ``streamlit_internals.py``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import streamlit
from streamlit_internals import WRITTEN_FOR_STREAMLIT

TESTS = Path(__file__).resolve().parent
INTERNALS = TESTS / "streamlit_internals.py"
WIRE_CLIENT = (
    TESTS / "streamlit_client.py"
)  # speaks Streamlit's websocket protocol (streamlit.proto) on purpose
PRIVATE = re.compile(r"\b(streamlit\.(util|runtime)|_page_hash|_registered_pages|_tree)\b|\.proto\b")


def _python_files() -> list[Path]:
    return sorted(path for path in TESTS.rglob("*.py") if "__pycache__" not in path.parts)


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_test_module_imports_another() -> None:
    found = {
        path.relative_to(TESTS).as_posix(): sorted(
            name for name in _imported_modules(path) if name.split(".")[-1].startswith("test_")
        )
        for path in _python_files()
    }
    assert {path: names for path, names in found.items() if names} == {}


def test_private_streamlit_internals_only_in_their_helper() -> None:
    used = {
        path.relative_to(TESTS).as_posix(): sorted(
            {match.group(0) for match in PRIVATE.finditer(path.read_text())}
        )
        for path in _python_files()
        if path not in (INTERNALS, WIRE_CLIENT, Path(__file__).resolve())
    }
    assert {path: names for path, names in used.items() if names} == {}


def test_the_internals_helper_names_the_streamlit_version_installed() -> None:
    """After a Streamlit upgrade, check the helper's internals still hold, then update its version."""
    assert streamlit.__version__ == WRITTEN_FOR_STREAMLIT
