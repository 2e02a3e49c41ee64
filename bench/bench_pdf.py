"""CPU seconds of building the province PDF (the Maluku Utara sample, ``tests/sample_report.py``), best of
``--repeat`` runs after one warm-up; run it from two checkouts in turn to compare (bench/README.md, issue 15).

    .venv/bin/python bench/bench_pdf.py [--catalog mcp-2025] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the report samples are test data

from sample_report import province_sample  # noqa: E402

from reports import build_pdf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", default="mcp-2025")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = province_sample(args.catalog)
    pages = build_pdf(data).count(b"/Type /Page\n") or build_pdf(data).count(b"/Type /Page")
    best = float("inf")
    for _ in range(args.repeat):
        start = time.process_time()
        build_pdf(data)
        best = min(best, time.process_time() - start)
    print(f"province PDF ({args.catalog}, ~{pages} pages): best CPU {best:.2f} s of {args.repeat}")


if __name__ == "__main__":
    main()
