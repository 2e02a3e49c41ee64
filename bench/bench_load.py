"""Many users at once against 1 and 2 app replicas (issue 16, "Load"): websocket clients, no browser.

    .venv/bin/python bench/bench_load.py                      # 100 users, 1 then 2 replicas
    .venv/bin/python bench/bench_load.py --users 30 --reruns 3

Each simulated user is ``tests/streamlit_client.StreamlitBrowser`` (the websocket protocol Streamlit's frontend
speaks): it signs in through the claim route as a browser does, then replays its journey: the Sekda (every
third user) reruns the overview and switches the digital lens on and off, a focal point (the others, spread over
the demo's four) reruns their checklist. Users start together (a thread each) and share the demo's accounts (each
sign-in is its own session). The replicas are ``streamlit run app.py`` processes on the same seeded demo (SQLite
in one data folder: the bench measures the app processes, not the database); with 2 replicas users are spread
over them alternately, as the proxy's sticky hash would.

Printed per configuration: page latency p50/p95 (one rerun, from the message sent to the end of the run; sign-in
apart), errors, wall time, and each replica's resident memory after the run. The reference is the same
configuration's single-user latency, measured first in the same run (``× alone``). Chromium sessions are not
part of this script (``bench_pages.py`` measures one browser).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import Popen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

LEADER = "sekda"
FOCAL_POINTS = ("fp.diskominfosan", "fp.bpkad", "fp.dpmptsp", "fp.dinkes")


@dataclass
class Tally:
    pages: list[float] = field(default_factory=list)
    sign_ins: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _user(url: str, username: str, password: str, reruns: int, tally: Tally, start: threading.Event) -> None:
    from streamlit_client import StreamlitBrowser

    start.wait()
    browser = None
    try:
        began = time.perf_counter()
        browser = StreamlitBrowser(url)
        page = browser.sign_in(username, password)
        signed_in = time.perf_counter() - began
        if not page.has_widget("logout"):
            raise RuntimeError(f"{username} not signed in")
        times = []
        lens = page.widget_id("digital_lens") if page.has_widget("digital_lens") else None
        for number in range(reruns):
            widgets = [(lens, "bool_value", number % 2 == 0)] if lens else []
            began = time.perf_counter()
            browser.rerun(widgets)
            times.append(time.perf_counter() - began)
        with tally.lock:
            tally.sign_ins.append(signed_in)
            tally.pages.extend(times)
    except Exception as error:  # counted and shown, the run goes on
        with tally.lock:
            tally.errors.append(f"{username}: {type(error).__name__}: {error}"[:200])
    finally:
        if browser is not None:
            browser.close()


def _run(urls: list[str], users: int, reruns: int, passwords: dict[str, str]) -> tuple[Tally, float]:
    tally, start = Tally(), threading.Event()
    threads = []
    for number in range(users):
        username = LEADER if number % 3 == 0 else FOCAL_POINTS[number % len(FOCAL_POINTS)]
        args = (urls[number % len(urls)], username, passwords[username], reruns, tally, start)
        threads.append(threading.Thread(target=_user, args=args, daemon=True))
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    start.set()
    for thread in threads:
        thread.join(timeout=1800)
    return tally, time.perf_counter() - began


def _rss_mb(process: Popen[bytes]) -> float:
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def _replicas(data_dir: Path, count: int) -> Iterator[tuple[list[str], list[Popen[bytes]]]]:
    from ports import retry_on_port_clash
    from streamlit_server import _serve, _stop, app_env

    env = app_env(data_dir)
    with ExitStack() as stack:
        urls, processes = [], []
        for index in range(count):
            log = data_dir / f"replica-{count}-{index}.log"

            def serve(port: int, log: Path = log) -> tuple[str, Popen[bytes]]:
                return _serve(port, env, log)

            url, process = retry_on_port_clash(serve)
            stack.callback(_stop, process)
            urls.append(url)
            processes.append(process)
        yield urls, processes


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--reruns", type=int, default=4, help="page reruns per user after signing in")
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    from streamlit_server import app_env, init_demo, stored_demo_passwords

    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="lentera-bench-load-") as temp:
        data_dir = Path(temp) / "data"
        data_dir.mkdir()
        init_demo(app_env(data_dir))
        passwords = stored_demo_passwords(data_dir)
        rows = []
        for count in args.replicas:
            with _replicas(data_dir, count) as (urls, processes):
                alone, _ = _run(urls, 1, args.reruns, passwords)
                tally, wall = _run(urls, args.users, args.reruns, passwords)
                memory = [_rss_mb(process) for process in processes]
            alone_p50 = statistics.median(alone.pages) if alone.pages else float("nan")
            rows.append((count, alone_p50, tally, wall, memory))
    print(
        f"{args.users} users × {args.reruns} reruns; load average before {load[0]:.1f}, after {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'replicas':>8}{'alone p50':>11}{'p50':>8}{'p95':>8}{'× alone':>9}{'sign-in p50':>13}"
        f"{'errors':>8}{'wall s':>8}  memory per replica MB"
    )
    for count, alone_p50, tally, wall, memory in rows:
        p50, p95 = _quantile(tally.pages, 0.5), _quantile(tally.pages, 0.95)
        sign_in = _quantile(tally.sign_ins, 0.5)
        print(
            f"{count:>8}{alone_p50:>11.3f}{p50:>8.3f}{p95:>8.3f}{p50 / alone_p50:>9.1f}{sign_in:>13.3f}"
            f"{len(tally.errors):>8}{wall:>8.1f}  {', '.join(f'{m:.0f}' for m in memory)}"
        )
    for count, _alone, tally, _wall, _memory in rows:
        for error in sorted(set(tally.errors))[:5]:
            print(f"  {count} replica(s): {error}")


if __name__ == "__main__":
    main()
