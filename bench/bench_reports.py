"""Time the full report exports: the Maluku Utara province sample against a national-scale sample (546 pemda).

    .venv/bin/python bench/bench_reports.py [--catalog spbe-2021] [--pemda 546] [--repeat 1]

Prints, per sample, the size of the input (entities, items, evidence, reviews), the wall-clock and CPU seconds and
the output size of the workbook and the PDF, and the national/province ratios. The best of ``--repeat`` runs counts.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the report samples are test data (tests/sample_report.py)

from sample_report import national_sample, province_sample  # noqa: E402

from reports import ReportData, build_pdf, build_xlsx  # noqa: E402


def _best(build: Callable[[ReportData], bytes], data: ReportData, repeat: int) -> tuple[float, float, bytes]:
    """Best wall-clock and CPU seconds of ``repeat`` runs (CPU time is steadier on a shared machine)."""
    best, best_cpu, output = float("inf"), float("inf"), b""
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        output = build(data)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    return best, best_cpu, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", default="spbe-2021")
    parser.add_argument("--pemda", type=int, default=546)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    results: dict[str, dict[str, float]] = {}
    for label, make in (
        ("province", lambda: province_sample(args.catalog)),
        ("national", lambda: national_sample(args.catalog, pemda=args.pemda)),
    ):
        start = time.perf_counter()
        data = make()
        prepared = time.perf_counter() - start
        xlsx_s, xlsx_cpu, xlsx = _best(build_xlsx, data, args.repeat)
        pdf_s, pdf_cpu, pdf = _best(build_pdf, data, args.repeat)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        results[label] = {"xlsx": xlsx_s, "pdf": pdf_s, "xlsx_cpu": xlsx_cpu, "pdf_cpu": pdf_cpu}
        print(
            f"{label:9s} entities={len(data.entities):5d} items={len(data.items):6d} "
            f"evidence={len(data.evidence):6d} reviews={len(data.reviews):6d} (sample+scoring {prepared:.1f} s)"
        )
        print(f"          xlsx {xlsx_s:7.2f} s wall {xlsx_cpu:7.2f} s cpu  {len(xlsx) / 1e6:6.2f} MB")
        print(
            f"          pdf  {pdf_s:7.2f} s wall {pdf_cpu:7.2f} s cpu  {len(pdf) / 1e6:6.2f} MB  {pages} pages"
        )
    for kind in ("xlsx", "pdf"):
        wall = results["national"][kind] / results["province"][kind]
        cpu = results["national"][kind + "_cpu"] / results["province"][kind + "_cpu"]
        print(f"ratio national/province {kind}: {wall:.1f}x wall, {cpu:.1f}x cpu")


if __name__ == "__main__":
    main()
