"""Start-up of the ``lentera`` command line against ``python -c pass`` measured in the same run.

    .venv/bin/python bench/bench_cli.py [--repeat 5]

Each command runs as a fresh process (``python -m cli ...`` from the checkout, as the tests run it), ``--repeat``
times in turns with the reference, and the median wall time is printed with its ratio to the bare interpreter
and the time above it. The export runs on the Maluku Utara demo seeded into a temporary folder (not timed); each
command also says whether matplotlib was imported (it never should be: the PDF reads only its fonts' folder).

Python reads modules from a bytecode cache, as on a server where the app has run once (or was installed from a
wheel): the cache lives in the temporary folder (``PYTHONPYCACHEPREFIX``) and every command runs once, untimed,
to fill it. A shell with ``PYTHONDONTWRITEBYTECODE`` set (this sandbox sets it) compiles every project module on
every start, 0.03–0.1 s more; ``--no-bytecode-cache`` measures that.

Goals (issue 16): ``lentera --help`` and ``lentera score`` under 0.5 s of start-up; the province xlsx export
≤ 1 s on the demo.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """(wall seconds, stderr) of one process; fails loudly when the command fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return seconds, done.stderr


def _demo(env: dict[str, str]) -> int:
    """Seed the demo into ``env``'s data folder; returns its provincial MCP 2025 period id."""
    _run([sys.executable, "-m", "cli", "init", "--demo-if-empty"], env)
    database = Path(env["LENTERA_DATA_DIR"]) / "lentera.db"
    with sqlite3.connect(database) as connection:
        # The demo's periods are named after the catalog and the region: "MCSP (MCP) 2025 Provinsi (DATA DEMO)".
        row = connection.execute(
            "SELECT id FROM period WHERE name LIKE '%MCP%2025 Provinsi%' ORDER BY id"
        ).fetchone()
    if row is None:
        raise SystemExit(f"no provincial MCP 2025 period in the demo at {database}")
    return int(row[0])


def _score_csv(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from indicators import load_catalog

    leaves = load_catalog("spbe-2021").leaves()
    path = folder / "assessments.csv"
    lines = ["entity,code,value"] + [f"OPD{i},{leaf.code},1" for i in range(3) for leaf in leaves]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--no-bytecode-cache", action="store_true", help="compile every module on every start"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="lentera-bench-cli-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # the demo, its outputs, the bytecode
    env = {**os.environ, "LENTERA_DATA_DIR": str(folder / "data"), "LENTERA_DEMO": "true"}
    env.pop("DATABASE_URL", None)
    if args.no_bytecode_cache:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    period = _demo(env)
    csv = _score_csv(folder)
    python = [sys.executable]
    commands: dict[str, list[str]] = {
        "python -c pass (reference)": [*python, "-c", "pass"],
        "lentera --help": [*python, "-m", "cli", "--help"],
        "lentera score (spbe-2021, 141 rows)": [
            *python,
            "-m",
            "cli",
            "score",
            "--catalog",
            "spbe-2021",
            str(csv),
        ],
    }
    exports = {
        fmt: [*python, "-m", "cli", "export", "--period", str(period), "--format", fmt, "--out"]
        for fmt in ("xlsx", "pdf")
    }
    times: dict[str, list[float]] = {
        name: [] for name in [*commands, *(f"lentera export {f}" for f in exports)]
    }
    matplotlib: dict[str, bool] = {}
    for run in range(-1, args.repeat):  # run -1 fills the bytecode cache, untimed
        for name, command in commands.items():
            seconds = _run(command, env)[0]
            if run >= 0:
                times[name].append(seconds)
        for fmt, command in exports.items():
            out = folder / f"out-{fmt}-{run}"
            out.mkdir()
            seconds = _run([*command, str(out)], env)[0]
            if run >= 0:
                times[f"lentera export {fmt}"].append(seconds)
    for name, command in {
        **commands,
        **{f"lentera export {f}": [*c, str(folder)] for f, c in exports.items()},
    }.items():
        if "export" in name:
            out = folder / f"importtime-{name[-4:].strip()}"
            out.mkdir()
            command = [*command[:-1], str(out)]
        stderr = _run([command[0], "-X", "importtime", *command[1:]], env)[1]
        matplotlib[name] = "matplotlib" in stderr
    reference = statistics.median(times["python -c pass (reference)"])
    print(f"{'command':<40}{'median s':>10}{'× python':>10}{'above python s':>16}  matplotlib")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:<40}{median:>10.3f}{median / reference:>10.1f}{median - reference:>16.3f}"
            f"  {'loaded' if matplotlib[name] else '-'}"
        )
    cache = "none (compiled on every start)" if args.no_bytecode_cache else "cached"
    print(f"load average: {os.getloadavg()[0]:.1f}; {args.repeat} runs each, in turns; bytecode {cache}")


if __name__ == "__main__":
    main()
