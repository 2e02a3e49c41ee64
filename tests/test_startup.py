"""What a fresh process loads and how it leaves: each command pays only for the libraries its work uses, and
nothing for tearing the interpreter down (issue 16, CLI start-up).

Measured in ``bench/bench_cli.py``; these tests keep the cuts from coming back unnoticed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlmodel import col, select

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


def run_at_exit(argv: list[str], printed: str) -> subprocess.CompletedProcess[str]:
    """``cli.run(argv)`` (the executable) in a fresh interpreter whose ``atexit`` function prints ``printed``
    (Python expressions, ``sys`` imported): what the command left behind, seen after it ran."""
    script = (
        f"import atexit, sys, cli\natexit.register(lambda: print({printed}, flush=True))\ncli.run({argv!r})\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def test_xlsx_export_loads_no_pdf_or_workbook_library() -> None:
    """An xlsx or CSV export loads neither fpdf nor matplotlib, nor openpyxl (the report has its own writer;
    openpyxl reads uploaded workbooks and is loaded only for that), nor PyYAML (stored catalogs are JSON)."""
    watched = ["fpdf", "matplotlib", "openpyxl", "yaml"]
    loaded = loaded_after("import services.exports, reports", watched)
    assert loaded == dict.fromkeys(watched, False)


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


def score_rows(path: Path, entities: int) -> Path:
    """An assessment CSV of ``entities`` OPDs with every SPBE leaf at 3."""
    from indicators import load_catalog

    codes = [leaf.code for leaf in load_catalog("spbe-2021").leaves()]
    lines = ["entity,code,value", *(f"OPD {n},{code},3" for n in range(entities) for code in codes)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_command_output_is_whole_when_the_interpreter_is_not_torn_down(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``lentera`` leaves without the interpreter's teardown, yet prints every byte ``main`` prints in-process."""
    import cli

    csv = score_rows(tmp_path / "rows.csv", entities=150)
    assert cli.main(["score", "--catalog", "spbe-2021", str(csv)]) == 0
    in_process = capsys.readouterr().out
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as a cron job runs it
    done = subprocess.run(
        [sys.executable, "-m", "cli", "score", "--catalog", "spbe-2021", str(csv)],
        cwd=ROOT, env=buffered, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert len(in_process) > 100_000 and in_process.rstrip().endswith("}")  # JSON written in small pieces
    assert done.stdout == in_process


def test_exit_functions_run_and_the_exit_code_is_kept(tmp_path: Path) -> None:
    """A failing command still exits 2 with its reason, after the ``atexit`` functions (logging, temporary
    folders) have run."""
    done = run_at_exit(["score", "--catalog", "tidak-ada", str(tmp_path / "rows.csv")], "'atexit ran'")
    assert done.returncode == 2
    assert "tidak-ada" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == "atexit ran\n"


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """``lentera score ... | head`` ends with code 1 and nothing on stderr, not a BrokenPipeError traceback."""
    csv = score_rows(tmp_path / "rows.csv", entities=300)
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "score", "--catalog", "spbe-2021", str(csv)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100).startswith(b"{")
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1
    assert stderr == ""


def _sheets(workbook: Path) -> dict[str, str]:
    """A workbook's parts as text, with the minute it was made (the "Keterangan" sheet) left out."""
    with zipfile.ZipFile(workbook) as archive:
        return {
            name: re.sub(r"\d{1,2} \w+ \d{4} \d{2}[.:]\d{2}", "<made>", archive.read(name).decode())
            for name in archive.namelist()
        }


def test_command_line_runs_without_pyarrow_and_writes_the_same_workbook(
    demo: dict[str, str], tmp_path: Path
) -> None:
    """``lentera export`` never loads pyarrow (pandas keeps text columns Python-backed) and writes, part for
    part, the workbook an export in a process with pyarrow writes."""
    import cli
    from models import Period, session_scope

    with session_scope() as session:
        period = session.exec(select(Period).where(col(Period.name).like("%MCP) 2025 Provinsi%"))).one()
    args = ["export", "--period", str(period.id), "--format", "xlsx", "--out"]
    with_arrow, without = tmp_path / "with-arrow.xlsx", tmp_path / "without.xlsx"
    assert sys.modules.get("pyarrow") is not None  # pandas imported it here, as in the app
    assert cli.main([*args, str(with_arrow)]) == 0
    done = run_at_exit([*args, str(without)], "'pyarrow loaded:', sys.modules.get('pyarrow') is not None")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.endswith("pyarrow loaded: False\n")
    first, second = _sheets(with_arrow), _sheets(without)
    assert len(first) > 8 and first == second
