"""CPU seconds of building the province PDF (the Maluku Utara sample, ``tests/sample_report.py``), best of
``--repeat`` runs after one warm-up, for this checkout and for a reference commit measured in the same run
(``git archive`` of it into a temporary folder, timed in a child process with the same interpreter), so the
ratio is taken under the same load (bench/README.md, issue 15).

    .venv/bin/python bench/bench_pdf.py [--catalog mcp-2025] [--repeat 3] [--reference 48b0852]

The default reference is the last commit whose area heatmap and ranking bars were matplotlib images.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = "48b0852"

MEASURE = """
import sys, time
sys.path.insert(0, ".")
sys.path.insert(0, "tests")  # the report samples are test data
from sample_report import province_sample
from reports import build_pdf
data = province_sample({catalog!r})
pages = build_pdf(data).count(b"/Type /Page\\n")
times = []
for _ in range({repeat}):
    start = time.process_time()
    build_pdf(data)
    times.append(time.process_time() - start)
print(pages, min(times))
"""


def measure(folder: Path, catalog: str, repeat: int) -> tuple[int, float]:
    """(pages, best CPU seconds) of building the PDF with the code in ``folder``."""
    code = MEASURE.format(catalog=catalog, repeat=repeat)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, check=True, capture_output=True, text=True
    ).stdout.split()
    return int(out[-2]), float(out[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", default="mcp-2025")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reference", default=REFERENCE, help="commit to compare with ('' to skip)")
    args = parser.parse_args()
    pages, best = measure(ROOT, args.catalog, args.repeat)
    print(
        f"province PDF ({args.catalog}, {pages} pages): this checkout best CPU {best:.2f} s of {args.repeat}"
    )
    if not args.reference:
        return
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.reference], check=True, capture_output=True
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        ref_pages, ref_best = measure(Path(folder), args.catalog, args.repeat)
    print(f"reference {args.reference} ({ref_pages} pages): best CPU {ref_best:.2f} s of {args.repeat}")
    print(f"speed-up: {ref_best / best:.2f}x")


if __name__ == "__main__":
    main()
