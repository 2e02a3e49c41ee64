"""Time the exports from a database: the Maluku Utara demo's provincial MCP 2025 report in every format.

    .venv/bin/python bench/bench_exports.py [--repeat 2] [--data-dir DIR]

Seeds the demo (``seed_data.demo.seed_demo``) into a fresh SQLite data folder (a temp folder unless
``--data-dir`` names an existing demo), then times ``services.report_data.report_data`` (the database part, cold
and warm dashboard cache) and ``services.exports.export`` per format (data + builder + atomic write), and prints
sizes: entities, items, evidence files, reviews, output bytes and PDF pages. The best of ``--repeat`` runs counts.

Last, the workbook's own writer against the reference it replaced: every cell of the exported workbook written
again by ``reports.xlsx_writer`` and by openpyxl's write-only mode (numbers with the ``0.00`` style, as the
report writes them), microseconds a cell and their ratio.
"""

from __future__ import annotations

import argparse
import atexit
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    folder = args.data_dir
    if folder is None:  # a demo of its own, removed at the end (``--data-dir`` is kept)
        folder = Path(tempfile.mkdtemp(prefix="lentera-bench-exports-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["LENTERA_DATA_DIR"] = str(folder)
    os.environ.pop("DATABASE_URL", None)

    from pypdf import PdfReader

    from models.migrate import upgrade_database
    from seed_data.demo import seed_demo
    from services import exports, report_data
    from services.cache import clear_caches

    upgrade_database()
    started = time.perf_counter()
    summary = seed_demo()
    print(
        f"demo in {folder}: {'seeded' if summary.created else 'present'} in {time.perf_counter() - started:.1f} s"
    )
    period_id = summary.periods.get(summary.current) or 2
    actor = exports.OPERATOR

    clear_caches()
    start = time.perf_counter()
    data = report_data.report_data(actor, period_id=period_id, scope="province")
    cold = time.perf_counter() - start
    start = time.perf_counter()
    report_data.report_data(actor, period_id=period_id, scope="province")
    warm = time.perf_counter() - start
    print(f"report_data: cold {cold:.2f} s, warm {warm:.2f} s; {len(data.entities)} entities, "
          f"{len(data.items)} items, {len(data.evidence)} evidence rows, {len(data.reviews)} reviews")  # fmt: skip

    out = Path(tempfile.mkdtemp(prefix="lentera-bench-out-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    workbook = Path()
    for fmt in exports.FORMATS:
        best, best_cpu, path = float("inf"), float("inf"), None
        for run in range(args.repeat):
            # A folder per run: an export never overwrites a file (``exports.exists``), so a second run into the
            # same folder was refused and the script crashed with its default ``--repeat 2``.
            folder_of_run = out / f"{fmt}-{run}"
            folder_of_run.mkdir()
            start, start_cpu = time.perf_counter(), time.process_time()
            path = exports.export(actor, period_id=period_id, scope="province", fmt=fmt, out=folder_of_run)
            best = min(best, time.perf_counter() - start)
            best_cpu = min(best_cpu, time.process_time() - start_cpu)
        assert path is not None
        extra = f", {len(PdfReader(path).pages)} pages" if fmt == "pdf" else ""
        print(f"export {fmt:>4}: {best:6.2f} s wall, {best_cpu:6.2f} s CPU, "
              f"{path.stat().st_size / 1024:8.0f} KB{extra}  ({path.name})")  # fmt: skip
        if fmt == "xlsx":
            workbook = path
    _writer_against_openpyxl(workbook, args.repeat)


def _writer_against_openpyxl(path: Path, repeat: int) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    from reports.xlsx_writer import Cell, Style, Workbook

    book = openpyxl.load_workbook(path, read_only=True)
    sheets = {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    cells = sum(1 for rows in sheets.values() for row in rows for value in row if value is not None)

    def ours() -> None:
        wb = Workbook(io.BytesIO())
        number = wb.style(Style("0.00"))
        for title, rows in sheets.items():
            ws = wb.add_sheet(title, widths=[12] * max(map(len, rows), default=1), landscape=False)
            for row in rows:
                ws.append([Cell(v, number) if isinstance(v, float) else v for v in row])
        wb.close()

    def reference() -> None:
        wb = openpyxl.Workbook(write_only=True)
        for title, rows in sheets.items():
            ws = wb.create_sheet(title)
            template = WriteOnlyCell(ws)
            template.number_format = "0.00"
            for row in rows:
                out: list[Any] = []
                for v in row:
                    if isinstance(v, float):
                        cell = WriteOnlyCell(ws, value=v)
                        cell._style = template._style
                        out.append(cell)
                    else:
                        out.append(v)
                ws.append(out)
        wb.save(io.BytesIO())

    times: dict[str, list[float]] = {"xlsx_writer": [], "openpyxl": []}
    for _ in range(max(repeat, 3)):  # in turns, so a busy moment hits both
        for name, write in (("xlsx_writer", ours), ("openpyxl", reference)):
            start = time.process_time()
            write()
            times[name].append(time.process_time() - start)
    per_cell = {name: statistics.median(t) / cells * 1e6 for name, t in times.items()}
    print(
        f"xlsx writer: {cells:,} cells, reports.xlsx_writer {per_cell['xlsx_writer']:.1f} µs a cell, openpyxl "
        f"write-only {per_cell['openpyxl']:.1f} µs ({per_cell['openpyxl'] / per_cell['xlsx_writer']:.1f}x)"
    )


if __name__ == "__main__":
    main()
