"""One CSV convention for every download: Excel in Indonesian (``reports.build_csv``), reached by the pages through
``services.exports.table_csv``; no module writes CSV its own way."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pandas as pd

from services.exports import table_csv

ROOT = Path(__file__).resolve().parent.parent
THE_WRITER = ROOT / "reports" / "csv_export.py"


def test_no_module_but_the_one_writer_calls_to_csv() -> None:
    """Every CSV a user downloads goes through ``reports.build_csv``: no page or service calls ``to_csv`` itself."""
    calls = []
    for folder in ("ui", "services", "reports", "app.py"):  # cli/ prints machine CSV to stdout, no download
        paths = [ROOT / folder] if folder.endswith(".py") else (ROOT / folder).rglob("*.py")
        for path in paths:
            if path == THE_WRITER:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and node.attr == "to_csv":
                    calls.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert calls == []


def test_a_page_table_downloads_as_csv_for_excel_in_indonesian() -> None:
    """BOM, semicolons, a decimal comma and the headers as given: what Excel set to Indonesian opens as columns."""
    raw = table_csv(pd.DataFrame({"Nama": ["Kota Ternate"], "Skor": [81.23456]}), decimals=2)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines() == ["Nama;Skor", "Kota Ternate;81,23"]
    back = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig")
    assert back["Skor"].tolist() == [81.23]
