"""Many users at once against 1 and 2 app replicas behind the shipped nginx, on PostgreSQL (issue 16, "Load").

    .venv/bin/python bench/bench_load.py                          # 100 users, 1 then 2 replicas
    .venv/bin/python bench/bench_load.py --users 40 --reruns 3 --chromium-sessions 1

The installation (``load_cluster.py``): the Maluku Utara demo restored into a throwaway PostgreSQL server with
the evidence in the database, N ``streamlit run`` replicas on a fresh copy of it, ``deploy/nginx/lentera.conf``
in front over HTTPS (sticky sessions on the sign-in cookie, its sign-in and upload rate limits, ``X-Real-IP``
trusted by the app for its sign-in throttling). Everything goes through nginx.

The users (``load_users.py``): websocket clients, each from its own loopback address. They sign in first, a
few at a time (``--sign-ins-at-once``: people arrive over minutes; the password check is deliberately
expensive), then all rerun their page together: the Sekda (every third user) switches the overview's digital
lens, the focal points their checklist's "only what is left". Beside them, ``--chromium-sessions`` headless
Chromium sessions of the Sekda (``load_chromium.py``) open the overview again and again while the users run.

The reference is measured in the same run, on the same configuration, just before the load: one Sekda and one
focal point alone (sign-in, then ``--alone-reruns`` reruns each), and each Chromium session opening the overview
twice alone. Printed per configuration: page latency p50/p95 per journey against alone (the ratio), the
Chromium overview likewise, sign-in p50/p95, errors by kind, the two phases' wall time and pages per second,
each replica's resident memory (after the run, and its peak) and its open connections (how nginx spread the
users); then how 2 replicas compare with 1. Run on a quiet machine and note ``uptime`` beside the figures.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from load_chromium import Chromium  # noqa: E402
from load_cluster import Cluster, Memory, connections, demo_in_postgres, memory, running_cluster  # noqa: E402
from load_users import (  # noqa: E402
    LEADER,
    TOGGLES,
    Figures,
    Tally,
    close_all,
    crowd,
    figures,
    replay,
    sign_in,
    sign_in_all,
    start_replays,
)

ALONE_FIRST = 999  # the reference users' numbers (so addresses): a Sekda (999), then a focal point
JOURNEY_NAMES = {"leader": "Sekda overview", "focal": "focal checklist"}


@dataclass
class Configuration:
    replicas: int
    alone: Tally
    load: Tally
    chromium_alone: Tally
    chromium_load: Tally
    signed_in: int
    sign_in_seconds: float
    page_seconds: float
    memory: list[Memory]
    connections: list[int]
    load_average: tuple[float, float]  # 1-minute, before and after

    def pages_per_second(self) -> float:
        return len(self.load.all_pages()) / self.page_seconds if self.page_seconds else float("nan")

    def errors(self) -> int:
        return sum(self.load.errors.values()) + sum(self.chromium_load.errors.values())


def measure(cluster: Cluster, replicas: int, passwords: dict[str, str], args: argparse.Namespace,
            chromium: Chromium | None) -> Configuration:  # fmt: skip
    """The reference alone, then the sign-in phase, then the page phase with Chromium beside it."""
    load_before = os.getloadavg()[0]
    alone = Tally()
    for user in crowd(2, first=ALONE_FIRST):
        signed = sign_in(cluster.url, user, passwords[user.username], alone)
        if signed is not None:
            replay(signed, args.alone_reruns, alone)
            signed.browser.close()
    chromium_alone, chromium_load = Tally(), Tally()
    if chromium is not None:
        chromium.sign_in(cluster.url, passwords[LEADER], args.chromium_sessions, chromium_alone)
        for _ in range(2):
            chromium.overview(cluster.url, chromium_alone)

    load = Tally()
    began = time.perf_counter()
    signed_in = sign_in_all(cluster.url, crowd(args.users), passwords, args.sign_ins_at_once, load)
    sign_in_seconds = time.perf_counter() - began

    finished = threading.Event()
    threads = start_replays(signed_in, args.reruns, load, args.think)
    began = time.perf_counter()
    ended = [began]

    def wait_for_users() -> None:
        for thread in threads:
            thread.join()
        ended[0] = time.perf_counter()
        finished.set()

    threading.Thread(target=wait_for_users, daemon=True).start()
    while not finished.wait(0.2):
        if chromium is not None and chromium.pages:
            chromium.overview(cluster.url, chromium_load)
    replica_memory = [memory(process) for process in cluster.processes]
    replica_connections = [connections(port) for port in cluster.ports]
    close_all(signed_in)
    if chromium is not None:
        chromium.close_sessions()
    return Configuration(
        replicas, alone, load, chromium_alone, chromium_load, len(signed_in), sign_in_seconds,
        ended[0] - began, replica_memory, replica_connections, (load_before, os.getloadavg()[0]),
    )  # fmt: skip


def _s(value: float) -> str:
    return f"{value:.2f}"


def _x(value: float, reference: float) -> str:
    return f"{value / reference:.1f}" if reference and reference == reference else "–"


def _page_row(label: str, alone: Figures, load: Figures) -> str:
    return (
        f"{label:<22}{_s(alone.p50):>7}{_s(alone.p95):>7}{_s(load.p50):>8}{_s(load.p95):>8}"
        f"{_x(load.p50, alone.p50):>7}{_x(load.p95, alone.p95):>7}{load.count:>6}"
    )


def report(args: argparse.Namespace, runs: list[Configuration]) -> None:
    print(
        f"\n{args.users} simulated users (every third the Sekda) × {args.reruns} reruns "
        f"({'none' if not args.think else f'0–{2 * args.think:g} s'} between them), signing in "
        f"{args.sign_ins_at_once} at a time; {args.chromium_sessions} Chromium session(s) of the Sekda; "
        "PostgreSQL, nginx (HTTPS, sticky), seconds"
    )
    print(f"\n{'replicas · page':<22}{'alone':>7}{'':>7}{'load':>8}{'':>8}{'× alone':>14}{'n':>6}")
    print(f"{'':<22}{'p50':>7}{'p95':>7}{'p50':>8}{'p95':>8}{'p50':>7}{'p95':>7}")
    for run in runs:
        for journey in TOGGLES:
            label = f"{run.replicas} · {JOURNEY_NAMES[journey]}"
            print(_page_row(label, figures(run.alone.pages[journey]), figures(run.load.pages[journey])))
        chromium_alone = figures(run.chromium_alone.pages["leader"])
        print(_page_row(f"{run.replicas} · Chromium overview", chromium_alone, figures(run.chromium_load.pages["leader"])))  # fmt: skip

    print(f"\n{'replicas · sign-in':<22}{'alone':>7}{'p50':>8}{'p95':>8}{'n':>6}{'Chromium p50':>14}")
    for run in runs:
        sign_ins = figures(run.load.sign_ins)
        print(
            f"{run.replicas:<22}{_s(figures(run.alone.sign_ins).p50):>7}{_s(sign_ins.p50):>8}{_s(sign_ins.p95):>8}"
            f"{sign_ins.count:>6}{_s(figures(run.chromium_alone.sign_ins).p50):>14}"
        )

    print(
        f"\n{'replicas':<9}{'in':>5}{'errors':>8}{'sign-in s':>11}{'pages s':>9}{'pages/s':>9}"
        f"  {'RSS MB (peak) per replica':<30}{'connections':<14}load avg"
    )
    for run in runs:
        rss = ", ".join(f"{m.rss:.0f} ({m.peak:.0f})" for m in run.memory)
        conns = ", ".join(str(c) for c in run.connections)
        print(
            f"{run.replicas:<9}{run.signed_in:>5}{run.errors():>8}{run.sign_in_seconds:>11.1f}{run.page_seconds:>9.1f}"
            f"{run.pages_per_second():>9.2f}  {rss:<30}{conns:<14}{run.load_average[0]:.1f} → {run.load_average[1]:.1f}"
        )

    first = runs[0]
    for run in runs[1:]:
        one, many = figures(first.load.all_pages()), figures(run.load.all_pages())
        print(
            f"\n{run.replicas} replicas against {first.replicas}: page p50 × {_x(many.p50, one.p50)}, "
            f"p95 × {_x(many.p95, one.p95)}, page phase wall × {_x(run.page_seconds, first.page_seconds)}, "
            f"pages per second × {_x(run.pages_per_second(), first.pages_per_second())}, sign-in phase wall × "
            f"{_x(run.sign_in_seconds, first.sign_in_seconds)}"
        )
    for run in runs:
        for tally in (run.alone, run.load, run.chromium_alone, run.chromium_load):
            for kind, count in sorted(tally.errors.items()):
                print(f"  {run.replicas} replica(s): {count} × {kind} — e.g. {tally.examples[kind]}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--reruns", type=int, default=4, help="page reruns per user once all are signed in")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds a user reads between reruns (0: none, a stress test)",
    )
    parser.add_argument("--alone-reruns", type=int, default=6, help="reruns of each reference user")
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--sign-ins-at-once", type=int, default=2)
    parser.add_argument("--chromium-sessions", type=int, default=2, help="0: no browser")
    parser.add_argument("--chromium", default=os.environ.get("LENTERA_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()
    print(f"load average at start {os.getloadavg()[0]:.1f}", flush=True)
    runs = []
    with (
        tempfile.TemporaryDirectory(prefix="lentera-bench-load-") as temp,
        demo_in_postgres(Path(temp)) as (server, passwords),
    ):
        chromium = Chromium(args.chromium) if args.chromium_sessions > 0 else None
        try:
            for count in args.replicas:
                with running_cluster(Path(temp), server, count) as cluster:
                    runs.append(measure(cluster, count, passwords, args, chromium))
                print(f"{count} replica(s) done, load average {os.getloadavg()[0]:.1f}", flush=True)
        finally:
            if chromium is not None:
                chromium.close()
    report(args, runs)


if __name__ == "__main__":
    main()
