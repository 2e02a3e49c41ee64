"""Time the leader's overview page: the dashboard data and the full Streamlit render, via ``AppTest``.

    .venv/bin/python bench/bench_overview.py                 # Maluku Utara demo
    .venv/bin/python bench/bench_overview.py --extra-opds 400 # plus 400 generated OPDs in the provincial period

The script seeds the demo into a temporary data folder, optionally adds generated OPDs (each assigned every leaf
of the current provincial MCP period, with random statuses and values, written in bulk), signs in as the demo
leader and measures:
- ``period_overview`` alone (cold: first call of the process; warm: served from the score cache),
- the whole page run in ``AppTest`` (login run, then reruns), with and without the digital lens.
Times are the median of ``--repeat`` runs unless marked cold.
"""

from __future__ import annotations

import argparse
import atexit
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _median(action: Callable[[], object], repeat: int) -> float:
    return statistics.median(_timed(action) for _ in range(repeat))


def _add_opds(count: int, seed: int = 7) -> int:
    """Add ``count`` OPDs to the province with every leaf of the current MCP period; returns items added."""
    from sqlalchemy import insert
    from sqlmodel import col, select

    from models import session_scope
    from models.tables import Assignment, Organisation, Period, Region, Submission, utcnow
    from seed_data.reference import PROVINCE_CODE
    from services import catalogs

    rng = random.Random(seed)
    with session_scope() as session:
        province = session.exec(select(Region).where(Region.kemendagri_code == PROVINCE_CODE)).one()
        period = session.exec(
            select(Period)
            .where(Period.region_id == province.id, Period.state == "open")
            .order_by(col(Period.id))
        ).first()
        assert period is not None and period.id is not None
        leaves = catalogs.catalog_for_period(period.id).leaves()
        organisations = [
            {
                "region_id": province.id,
                "name": f"OPD Uji {i:04d}",
                "abbreviation": f"UJI{i:04d}",
                "kind": "dinas",
            }
            for i in range(count)
        ]
        session.execute(insert(Organisation), organisations)
        ids = session.exec(select(Organisation.id).where(col(Organisation.abbreviation).like("UJI%"))).all()
        now = utcnow()
        assignments, submissions = [], []
        for organisation_id in ids:
            for leaf in leaves:
                assignments.append(
                    {"period_id": period.id, "organisation_id": organisation_id, "code": leaf.code}
                )
                allowed = leaf.rule.scoring_steps() if leaf.rule is not None else None
                choices = allowed or [0.0, leaf.maximum / 2, leaf.maximum]
                status = rng.choice(["empty", "draft", "submitted", "verified", "returned"])
                claimed = None if status == "empty" else rng.choice(choices)
                submissions.append(
                    {
                        "period_id": period.id,
                        "organisation_id": organisation_id,
                        "code": leaf.code,
                        "status": status,
                        "self_value": claimed,
                        "verified_value": rng.choice(choices) if status == "verified" else None,
                        "updated_at": now,
                        "version": 1,
                    }
                )
        session.execute(insert(Assignment), assignments)
        session.execute(insert(Submission), submissions)
    return len(submissions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--extra-opds", type=int, default=0, help="generated OPDs added to the provincial period"
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--national",
        type=Path,
        default=None,
        help="a national-scale SQLite file from bench/national.py (copied); signs in as sekda.82",
    )
    args = parser.parse_args()

    temporary = Path(tempfile.mkdtemp(prefix="lentera-bench-overview-"))
    atexit.register(shutil.rmtree, temporary, ignore_errors=True)
    folder = temporary / "data"
    folder.mkdir(parents=True)
    os.environ["LENTERA_DATA_DIR"] = str(folder)
    os.environ.pop("DATABASE_URL", None)
    # Demo mode: the seeded accounts are not sent to change their password first.
    os.environ["LENTERA_DEMO"] = "true"

    from streamlit.testing.v1 import AppTest

    from models.migrate import upgrade_database
    from seed_data.demo import seed_demo
    from services import periods
    from services.cache import clear_caches
    from services.overview import period_overview
    from ui.session import ACTOR_KEY
    from ui.widgets import default_period

    if args.national:
        from services.users import operator_reset_password

        shutil.copyfile(args.national, folder / "lentera.db")
        upgrade_database()
        username, password = "sekda.82", "Bench-National-2026"
        operator_reset_password(username=username, new_password=password)
        print(
            f"national database {args.national} ({args.national.stat().st_size / 1e6:.0f} MB), as {username}"
        )
    else:
        upgrade_database()
        started = time.perf_counter()
        summary = seed_demo()
        print(
            f"demo seeded in {time.perf_counter() - started:.1f} s "
            f"({summary.items} items in the provincial MCP period)"
        )
        if args.extra_opds:
            added = _add_opds(args.extra_opds)
            print(f"added {args.extra_opds} generated OPDs ({added} items)")
        username = "sekda"
        password = {login.username: login.password for login in summary.logins}["sekda"]

    import ui.session

    ui.session.BROWSERLESS = True  # AppTest has no browser to hold the sign-in cookie (as tests/conftest.py)
    at = AppTest.from_file(APP, default_timeout=600)
    first = _timed(at.run)
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    at.button(key="login_submit").click()
    login = _timed(at.run)
    assert not at.exception, [e.value for e in at.exception]
    assert [h.value for h in at.header] == ["Ikhtisar Pemda"], [h.value for h in at.header]
    leader = at.session_state[ACTOR_KEY]
    period_id = default_period(periods.list_periods(leader), leader)
    overview = period_overview(leader, period_id=period_id)
    rows = overview.counts["total"]

    clear_caches()
    data_cold = _timed(lambda: period_overview(leader, period_id=period_id))
    data_warm = _median(lambda: period_overview(leader, period_id=period_id), args.repeat)
    clear_caches()
    page_cold = _timed(at.run)
    page_warm = _median(at.run, args.repeat)
    at.toggle(key="digital_lens").set_value(True)
    lens_cold = _timed(at.run)
    lens_warm = _median(at.run, args.repeat)

    print(f"period: {overview.period_name} · {len(overview.entities)} OPDs · {rows} items")
    print(f"{'measure':<44}{'seconds':>10}")
    for label, seconds in [
        ("first run (login form, migrations)", first),
        ("login run (sign-in + overview)", login),
        ("period_overview, cold cache", data_cold),
        (f"period_overview, cached (median of {args.repeat})", data_warm),
        ("overview page rerun, cold cache", page_cold),
        (f"overview page rerun, cached (median of {args.repeat})", page_warm),
        ("digital lens on, cold", lens_cold),
        (f"digital lens rerun, cached (median of {args.repeat})", lens_warm),
    ]:
        print(f"{label:<44}{seconds:>10.3f}")


if __name__ == "__main__":
    main()
