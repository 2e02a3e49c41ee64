"""The simulated users of ``bench_load.py`` and the figures drawn from what they timed.

A user is ``tests/streamlit_client.StreamlitBrowser`` (the websocket protocol Streamlit's frontend speaks) from
its own loopback address (127.1.x.y): offices connect from different addresses, and the shipped nginx limits
sign-ins per address (``/lentera/claim``, 10 a minute) and hashes browsers that are not signed in yet onto a replica
by address. Behind nginx the app throttles sign-in per ``X-Real-IP``, which nginx overwrites with that address.

Two phases, timed apart:

- **sign-in**: every user signs in by itself (the form, the claim route, the first page drawn), at most
  ``at_once`` at a time — people arrive over minutes, not in one instant, and each password check takes 64 MiB
  and most of a core (``services/credentials.py`` runs at most two at once);
- **pages**: once all are in, every user reruns its page ``reruns`` times, all at once, either as fast as the
  server answers (``think`` 0: a closed loop that measures how many pages a second the replicas serve) or
  reading for a while between reruns (uniformly 0 to 2 × ``think`` seconds, as people do): the Sekda (every third user) switches the overview's digital lens, a focal point (spread over the
  demo's four) switches its checklist's "only what is left". A page's time is one rerun, from the message
  sent until the run's end arrived.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests
from streamlit_client import StreamlitBrowser
from websockets.exceptions import ConnectionClosed

LEADER = "sekda"
FOCAL_POINTS = ("fp.diskominfosan", "fp.bpkad", "fp.dpmptsp", "fp.dinkes")
TOGGLES = {"leader": "digital_lens", "focal": "checklist_left"}  # what each journey switches, rerun by rerun
RUN_TIMEOUT_SECONDS = 180.0


class NotSignedIn(Exception):
    """The page came back without the sign-out button: the login form, or a notice that the sign-in ended."""


@dataclass(frozen=True)
class User:
    number: int
    username: str
    journey: str  # a key of TOGGLES

    @property
    def address(self) -> str:
        """Its own loopback address: 127.1.0.1, 127.1.0.2, … (all of 127/8 reaches this machine)."""
        return f"127.1.{self.number // 250}.{self.number % 250 + 1}"


def crowd(count: int, *, first: int = 0) -> list[User]:
    """``count`` users, numbered from ``first``: every third the Sekda, the others the focal points in turn."""
    users = []
    for number in range(first, first + count):
        if number % 3 == 0:
            users.append(User(number, LEADER, "leader"))
        else:
            users.append(User(number, FOCAL_POINTS[number % len(FOCAL_POINTS)], "focal"))
    return users


def error_kind(error: BaseException) -> str:
    """What went wrong, in words a reader of the table can group by."""
    if isinstance(error, NotSignedIn):
        return "ended on the login form"
    if isinstance(error, TimeoutError):
        opening = "handshake" in str(error)  # websockets' opening timeout (30 s), else a run's end never came
        return "websocket opening timed out" if opening else f"no answer within {RUN_TIMEOUT_SECONDS:.0f} s"
    if isinstance(error, ConnectionClosed):
        return "websocket closed"
    if isinstance(error, requests.exceptions.SSLError):
        return "TLS handshake"
    if isinstance(error, requests.HTTPError) and error.response is not None:
        return f"HTTP {error.response.status_code}"
    if isinstance(error, (requests.ConnectionError, ConnectionError)):
        return "connection refused or reset"
    return type(error).__name__


@dataclass
class Tally:
    """What the users of one phase timed, and what went wrong, by kind."""

    pages: dict[str, list[float]] = field(default_factory=lambda: {journey: [] for journey in TOGGLES})
    sign_ins: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def failed(self, stage: str, user: str, error: BaseException) -> None:
        kind = f"{stage}: {error_kind(error)}"
        with self.lock:
            self.errors[kind] += 1
            self.examples.setdefault(kind, f"{user}: {type(error).__name__}: {error}"[:300])

    def all_pages(self) -> list[float]:
        return [seconds for times in self.pages.values() for seconds in times]


@dataclass(frozen=True)
class Figures:
    p50: float
    p95: float
    count: int


def quantile(values: Iterable[float], q: float) -> float:
    """The ``q`` quantile by nearest rank (p95 of 20 values is the 19th); NaN when there are none."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = min(len(ordered), max(1, math.ceil(q * len(ordered))))
    return ordered[rank - 1]


def figures(values: list[float]) -> Figures:
    return Figures(quantile(values, 0.5), quantile(values, 0.95), len(values))


@dataclass
class SignedIn:
    user: User
    browser: StreamlitBrowser
    toggle: str | None  # the widget id of the journey's switch, when the page has it


def sign_in(url: str, user: User, password: str, tally: Tally) -> SignedIn | None:
    """Sign ``user`` in through the proxy; None (and an error counted) when that failed."""
    browser = None
    try:
        began = time.perf_counter()
        browser = StreamlitBrowser(
            url, source_address=user.address, verify_tls=False, run_timeout=RUN_TIMEOUT_SECONDS
        )
        page = browser.sign_in(user.username, password)
        seconds = time.perf_counter() - began
        if not page.has_widget("logout"):
            raise NotSignedIn(" | ".join(page.texts()[:3]))
        key = TOGGLES[user.journey]
        toggle = page.widget_id(key) if page.has_widget(key) else None
        with tally.lock:
            tally.sign_ins.append(seconds)
        return SignedIn(user, browser, toggle)
    except Exception as error:  # counted and shown, the run goes on
        tally.failed("sign-in", user.username, error)
        if browser is not None:
            browser.close()
        return None


def replay(
    signed: SignedIn, reruns: int, tally: Tally, start: threading.Event | None = None, think: float = 0.0
) -> None:
    """Rerun the user's page ``reruns`` times, switching its journey's toggle on and off."""
    if start is not None:
        start.wait()
    times = []
    pause = random.Random(signed.user.number)
    try:
        for number in range(reruns):
            if think > 0 and number > 0:
                time.sleep(pause.uniform(0, 2 * think))
            widgets = [(signed.toggle, "bool_value", number % 2 == 0)] if signed.toggle else []
            began = time.perf_counter()
            page = signed.browser.rerun(widgets)
            times.append(time.perf_counter() - began)
            if not page.has_widget("logout"):
                raise NotSignedIn(" | ".join(page.texts()[:3]))
    except Exception as error:
        tally.failed("page", signed.user.username, error)
    with tally.lock:
        tally.pages[signed.user.journey].extend(times)


def sign_in_all(
    url: str, users: list[User], passwords: dict[str, str], at_once: int, tally: Tally
) -> list[SignedIn]:
    """Every user signs in, ``at_once`` at a time; the ones that got in."""
    with ThreadPoolExecutor(max(1, at_once)) as pool:
        done = list(pool.map(lambda user: sign_in(url, user, passwords[user.username], tally), users))
    return [signed for signed in done if signed is not None]


def start_replays(
    signed: list[SignedIn], reruns: int, tally: Tally, think: float = 0.0
) -> list[threading.Thread]:
    """A thread per user, released together; join them to wait for the phase's end."""
    start = threading.Event()
    threads = [
        threading.Thread(target=replay, args=(user, reruns, tally, start, think), daemon=True)
        for user in signed
    ]
    for thread in threads:
        thread.start()
    start.set()
    return threads


def close_all(signed: list[SignedIn]) -> None:
    for user in signed:
        user.browser.close()
