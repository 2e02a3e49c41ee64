"""The load benchmark's bookkeeping (``bench/load_users.py``): who the simulated users are, how their times and
failures are counted. No server: the benchmark itself is run by hand (``bench/bench_load.py``)."""

from __future__ import annotations

import ipaddress
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from load_users import FOCAL_POINTS, LEADER, NotSignedIn, Tally, crowd, figures, quantile


def test_quantiles_are_nearest_rank() -> None:
    """p95 of 1..20 is 19, the median of five values is the third, and no values give no figure."""
    assert quantile(range(1, 21), 0.95) == 19
    assert quantile([5.0, 1.0, 4.0, 2.0, 3.0], 0.5) == 3.0
    assert quantile([7.0], 0.95) == 7.0
    assert math.isnan(quantile([], 0.5))
    assert figures([3.0, 1.0, 2.0]).count == 3


def test_the_crowd_is_a_third_sekda_from_distinct_loopback_addresses() -> None:
    """Every third user is the Sekda, the rest spread over the four focal points, each from its own address."""
    users = crowd(100)
    assert sum(user.username == LEADER for user in users) == 34
    assert {user.username for user in users if user.journey == "focal"} == set(FOCAL_POINTS)
    addresses = {user.address for user in [*users, *crowd(2, first=999)]}
    assert len(addresses) == 102
    assert all(ipaddress.ip_address(address).is_loopback for address in addresses)


def test_failures_are_counted_by_kind_with_one_example_each() -> None:
    """Two users back on the login form and one timeout make two kinds, counted 2 and 1."""
    tally = Tally()
    tally.failed("page", "sekda", NotSignedIn("Masuk"))
    tally.failed("page", "fp.bpkad", NotSignedIn("Masuk"))
    tally.failed("sign-in", "fp.dinkes", TimeoutError())
    assert tally.errors == {"page: ended on the login form": 2, "sign-in: no answer within 180 s": 1}
    assert tally.examples["page: ended on the login form"].startswith("sekda: NotSignedIn")
