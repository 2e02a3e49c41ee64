"""Benchmark: national-scale scoring with ``scoring.score`` against the same aggregation as SQL in DuckDB.

KPK scores 546 pemda; with about 40 OPDs each that is ~21,800 entities and, on every leaf of MCP 2024 (65
sub-indicators), ~1.4 million assessment rows. This script builds such a frame, scores it with
``scoring.score``, runs the same weighted aggregation for every level of the tree as SQL in DuckDB on the same
frame in the same process, checks that both agree on every node score, and prints both times and their ratio.

    .venv/bin/python bench/bench_scoring.py              # full national run
    .venv/bin/python bench/bench_scoring.py --pemda 20   # quick run

``scoring.score`` does more than the SQL (it validates every row, and computes self and projected scores,
zones, shares and gains), so the ratio is conservative.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scoring
from indicators import ROOT_CODE, Catalog, available_catalogs, load_catalog


def default_catalog() -> str:
    return "mcp-2024" if "mcp-2024" in available_catalogs() else "spbe-2021"


def build_frame(catalog: Catalog, pemda: int, opds: int, seed: int, applies: float = 1.0) -> pd.DataFrame:
    """Every OPD of every pemda assessed on every leaf (or a random ``applies`` fraction of them); 10% not yet
    verified; self values claim a bit more."""
    rng = np.random.default_rng(seed)
    leaves = catalog.leaves()
    entities = np.array([f"P{p:03d}-OPD{o:02d}" for p in range(pemda) for o in range(opds)], dtype=object)
    n = len(entities) * len(leaves)
    value = np.empty(n)
    claimed = np.empty(n)
    for i, leaf in enumerate(leaves):
        assert leaf.rule is not None
        rows = slice(i, n, len(leaves))
        allowed = leaf.rule.scoring_steps()
        count = len(entities)
        if allowed:
            choices = np.array(allowed)
            picked = rng.integers(0, len(choices), count)
            value[rows] = choices[picked]
            claimed[rows] = choices[np.minimum(picked + rng.integers(0, 2, count), len(choices) - 1)]
        else:
            value[rows] = np.round(rng.random(count) * leaf.rule.maximum)
            claimed[rows] = np.minimum(value[rows] + np.round(rng.random(count) * 10), leaf.rule.maximum)
    value[rng.random(n) < 0.10] = np.nan
    frame = pd.DataFrame(
        {
            "entity": pd.array(np.repeat(entities, len(leaves)), dtype="str"),
            "code": pd.array(
                np.tile(np.array([leaf.code for leaf in leaves], dtype=object), len(entities)), dtype="str"
            ),
            "value": value,
            "self_value": claimed,
        }
    )
    if applies < 1.0:  # leaves that do not apply to an OPD are simply absent; weights renormalise
        frame = frame.loc[rng.random(n) < applies].reset_index(drop=True)
    return frame


def nodes_frame(catalog: Catalog) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "code": node.code,
                "parent_code": node.parent_code or ROOT_CODE,
                "weight": node.weight,
                "depth": node.depth,
                "leaf_max": node.rule.maximum if node.rule is not None else None,
            }
            for node in catalog.walk()
        ]
    )


def aggregation_sql(catalog: Catalog) -> str:
    """Weighted mean of the children that apply, one CTE per depth, leaves up to the root."""
    deepest = catalog.max_depth
    parts = [
        f"""leaf AS (
            SELECT a.entity, n.code, n.depth,
                   COALESCE(a.value, 0) / n.leaf_max * {catalog.scale.max} AS score
            FROM assessments a JOIN nodes n ON n.code = a.code)"""
    ]
    for depth in range(deepest, -1, -1):
        own = f"SELECT entity, code, score FROM leaf WHERE depth = {depth}"
        if depth == deepest:
            parts.append(f"s{depth} AS ({own})")
            continue
        rolled = f"""SELECT c.entity, n.parent_code AS code, SUM(n.weight * c.score) / SUM(n.weight) AS score
            FROM s{depth + 1} c JOIN nodes n ON n.code = c.code
            GROUP BY c.entity, n.parent_code"""
        parts.append(f"s{depth} AS ({rolled if depth == 0 else own + ' UNION ALL ' + rolled})")
    union = " UNION ALL ".join(f"SELECT * FROM s{depth}" for depth in range(deepest + 1))
    return "WITH " + ",\n".join(parts) + "\n" + union


def timed_interleaved(
    runs: dict[str, Callable[[], Any]], repeat: int
) -> tuple[dict[str, list[float]], dict[str, Any]]:
    """Time each run ``repeat`` times, taking turns so that a busy machine slows every contender alike."""
    results = {name: run() for name, run in runs.items()}  # warm-up: catalog arrays cached, scans primed
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            results[name] = run()
            times[name].append(time.perf_counter() - start)
    return times, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", default=default_catalog())
    parser.add_argument("--pemda", type=int, default=546)
    parser.add_argument("--opds", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--applies", type=float, default=1.0, help="fraction of leaves that apply per OPD")
    parser.add_argument("--duckdb-threads", type=int, default=None, help="default: DuckDB's own (all cores)")
    args = parser.parse_args(argv)

    catalog = load_catalog(args.catalog)
    frame = build_frame(catalog, args.pemda, args.opds, args.seed, args.applies)
    print(
        f"catalog {catalog.key}: {len(catalog.leaves())} leaves, depth {catalog.max_depth}; "
        f"{args.pemda} pemda x {args.opds} OPDs = {args.pemda * args.opds:,} entities, {len(frame):,} rows"
    )

    con = duckdb.connect()
    if args.duckdb_threads:
        con.execute(f"SET threads = {int(args.duckdb_threads)}")
    con.register("assessments", frame)
    con.register("nodes", nodes_frame(catalog))
    sql = aggregation_sql(catalog)
    times, results = timed_interleaved(
        {
            "scoring.score": lambda: scoring.score(catalog, frame),
            "DuckDB -> pandas": lambda: con.sql(sql).df(),
            "DuckDB -> Arrow": lambda: con.sql(sql).to_arrow_table(),
        },
        args.repeat,
    )
    threads = con.execute("SELECT current_setting('threads')").fetchone()
    ours, theirs = results["scoring.score"], results["DuckDB -> pandas"]

    merged = (
        ours[["entity", "code", "score"]]
        .astype({"code": str})
        .merge(
            theirs.astype({"code": str}),
            on=["entity", "code"],
            how="outer",
            suffixes=("", "_sql"),
            indicator=True,
        )
    )
    unmatched = int((merged["_merge"] != "both").sum())
    diff = float(np.nanmax(np.abs(merged["score"] - merged["score_sql"])))
    print(f"result rows: scoring {len(ours):,}, DuckDB {len(theirs):,}, unmatched {unmatched}")
    print(f"max abs diff of node scores: {diff:.3e}")
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(f"{name:17s}: median {medians[name] * 1000:8.1f} ms   best {min(values) * 1000:8.1f} ms")
    print(f"DuckDB threads: {threads[0] if threads else '?'}; scoring.score is single-threaded NumPy")
    ours_median = medians["scoring.score"]
    print(
        f"ratio scoring/DuckDB (median, like for like: frame in, pandas frame out): "
        f"{ours_median / medians['DuckDB -> pandas']:.2f}  (goal <= 1.0, aim <= 0.5)"
    )
    print(
        f"ratio scoring/DuckDB (median, DuckDB stopping at Arrow): {ours_median / medians['DuckDB -> Arrow']:.2f}"
    )
    ok = unmatched == 0 and diff < 1e-9
    print("results agree" if ok else "RESULTS DIFFER")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
