"""What a fresh process loads: each command pays only for the libraries its work uses (issue 16, CLI start-up).

Measured in ``bench/bench_cli.py``; these tests keep the cuts from coming back unnoticed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def loaded_after(statement: str, watched: list[str]) -> dict[str, bool]:
    """Which of ``watched`` are in ``sys.modules`` after ``statement`` runs in a fresh interpreter."""
    script = f"import json, sys\n{statement}\nprint(json.dumps({{m: m in sys.modules for m in {watched!r}}}))"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, bool] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_xlsx_export_loads_no_pdf_library() -> None:
    """An xlsx or CSV export never loads fpdf or matplotlib."""
    loaded = loaded_after("import services.exports, reports", ["fpdf", "matplotlib", "openpyxl"])
    assert loaded == {"fpdf": False, "matplotlib": False, "openpyxl": True}


def test_pdf_builder_finds_its_fonts_without_matplotlib() -> None:
    """The PDF embeds DejaVu Sans from matplotlib's data folder without importing matplotlib (0.15 s)."""
    statement = (
        "import reports.pdf\n"
        "from reports.pdf_layout import FONT_DIR\n"
        "assert (FONT_DIR / 'DejaVuSans.ttf').is_file() and (FONT_DIR / 'DejaVuSans-Bold.ttf').is_file()"
    )
    assert loaded_after(statement, ["fpdf", "matplotlib"]) == {"fpdf": True, "matplotlib": False}


def test_scoring_library_loads_no_database_or_streamlit() -> None:
    """``lentera score`` (indicators + scoring) loads neither SQLAlchemy nor Streamlit nor openpyxl."""
    loaded = loaded_after("import cli.score, scoring, indicators", ["sqlalchemy", "streamlit", "openpyxl"])
    assert loaded == {"sqlalchemy": False, "streamlit": False, "openpyxl": False}
