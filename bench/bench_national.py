"""Time the leader's data at national scale, each figure also as a ratio to the Maluku Utara demo.

    .venv/bin/python bench/bench_national.py                  # demo + national SQLite + national PostgreSQL
    .venv/bin/python bench/bench_national.py --skip-postgres
    .venv/bin/python bench/bench_national.py --ranking-only   # overview + national rankings, skip the rest
    .venv/bin/python bench/bench_national.py --database-url postgresql+psycopg://...  # a database loaded
                                                              # with ``bench/national.py --database-url``

Measured on each database (the demo, seeded fresh into a temporary folder; the national SQLite file cached by
``bench/national.py``; a national PostgreSQL loaded by COPY into a throwaway server):
- scoring: ``services.score_queries.scoring_input`` for every period of a province (the province and its
  kabupaten/kota) and of the nation, concatenated, plus ``scoring.score`` on the result;
- scoring, one query: the same rows read with the dashboard's query over all periods at once (the proposed
  multi-period entry point; see bench/README.md);
- overview: ``services.overview.period_overview`` of the provincial period as its leader, cold (empty score
  cache) and cached;
- national ranking: the 546 pemda ranked on their total: ``services.national.national_ranking`` (pemda ×
  leaf means grouped in SQL), cold with nothing stored (the first ranking ever), cold reading the stored means
  (``services.stored_means``: what every new process does), cached, and after one save in one pemda (a submission of the provincial
  period rewritten with its own values, so the file's data stay the same but that period gets a new change
  token); the same ranking through one provincial ``period_overview`` per
  province (each scores its kabupaten/kota) and ``scoring.rank`` on the union; and from one multi-period row
  query (``_input_frame`` + ``_score_regions``), all checked to agree;
- export: ``services.exports.export`` of the province as xlsx;
- periods: ``services.periods.list_periods`` as the admin (every page's period picker), median.
Times are single cold runs unless marked; the ratio column divides by the demo's figure for the same measure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import national  # noqa: E402
import pandas as pd  # noqa: E402

PROVINCE_TARGET_S = 2.0
NATIONAL_TARGET_S = 3.0
_FOLDERS: list[Path] = []  # temporary data folders, removed at the end


def _folder(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    _FOLDERS.append(folder)
    return folder


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def _use(url: str, data_dir: Path) -> None:
    """Point settings, engine cache and score cache at ``url``."""
    from config import get_settings
    from models.database import engine_for
    from services.cache import clear_caches

    os.environ["DATABASE_URL"] = url
    os.environ["LENTERA_DATA_DIR"] = str(data_dir)
    get_settings.cache_clear()
    for engine_url in (url,):
        engine_for(engine_url).dispose()
    engine_for.cache_clear()
    clear_caches()


def _actor(username: str) -> Any:
    from sqlmodel import select

    from models import session_scope
    from models.tables import User
    from services.actor import Actor

    with session_scope() as session:
        return Actor.from_user(session.exec(select(User).where(User.username == username)).one())


def _periods(province_code: str, catalog_key: str) -> tuple[int, list[int], list[int]]:
    """(the provincial period, its kab/kota periods, every period) of ``catalog_key`` (newest per region)."""
    from sqlmodel import col, select

    from models import session_scope
    from models.tables import Catalog, Period, Region

    with session_scope() as session:
        rows = session.exec(
            select(Period.id, Period.region_id, Region.kemendagri_code, Region.parent_id)
            .join(Region, col(Region.id) == col(Period.region_id))
            .join(Catalog, col(Catalog.id) == col(Period.catalog_id))
            .where(Catalog.key == catalog_key)
            .order_by(col(Period.id))
        ).all()
    newest = {region_id: (int(pid or 0), code, parent) for pid, region_id, code, parent in rows}
    province = next((pid, rid) for rid, (pid, code, _) in newest.items() if code == province_code)
    children = [pid for pid, _, parent in newest.values() if parent == province[1]]
    return province[0], sorted(children), sorted(pid for pid, _, _ in newest.values())


def _score_periods(admin: Any, period_ids: list[int]) -> pd.DataFrame:
    import scoring
    from services import catalogs
    from services.score_queries import scoring_input

    frames = [scoring_input(admin, period_id=pid) for pid in period_ids]
    frame = pd.concat(frames, ignore_index=True)
    return scoring.score(catalogs.catalog_for_period(period_ids[0]), frame)


def _one_query_frame(period_ids: list[int]) -> pd.DataFrame:
    from models import session_scope
    from services.score_queries import input_frame

    with session_scope() as session:
        return input_frame(session, period_ids)


def _score_one_query(period_ids: list[int]) -> pd.DataFrame:
    import scoring
    from scoring.aggregate import INPUT_COLUMNS
    from services import catalogs

    frame = _one_query_frame(period_ids)
    return scoring.score(catalogs.catalog_for_period(period_ids[0]), frame[INPUT_COLUMNS])


def _ranking_via_overviews(admin: Any, province_periods: list[int]) -> pd.DataFrame:
    import scoring
    from indicators import ROOT_CODE
    from services.overview import period_overview

    tops = []
    for pid in province_periods:
        scores = period_overview(admin, period_id=pid).region_scores
        tops.append(scores.loc[scores["code"].astype(str) == ROOT_CODE])
    return scoring.rank(pd.concat(tops, ignore_index=True))


def _ranking_one_query(period_ids: list[int]) -> pd.DataFrame:
    from sqlmodel import select

    import scoring
    from models import session_scope
    from models.tables import Catalog, Period
    from services.period_scores import pemda_scores
    from services.score_queries import input_frame

    with session_scope() as session:
        period = session.get(Period, period_ids[0])
        assert period is not None
        row = session.exec(select(Catalog).where(Catalog.id == period.catalog_id)).one()
        frame = input_frame(session, period_ids)
        # With the pemda's kinds, as the app scores them: a leaf assigned to no OPD counts 0.
        scores = pemda_scores(session, row, frame, period_ids)
    return scoring.rank(scores)


def _cache_key(period_ids: list[int]) -> Any:
    from models import session_scope
    from services.score_queries import change_tokens

    with session_scope() as session:
        return change_tokens(session, period_ids)


def _save_in_one_pemda(period_id: int) -> None:
    """What a focal point's save does to the caches: one submission of the period rewritten (same values)
    through ``transitions.write_submission``, which gives the period a new change token at commit."""
    from sqlmodel import col, select

    from models import session_scope
    from models.tables import Submission
    from services import transitions

    with session_scope() as session:
        submission = session.exec(
            select(Submission).where(Submission.period_id == period_id).order_by(col(Submission.id)).limit(1)
        ).one()
        transitions.write_submission(session, submission, self_value=submission.self_value)


def _same_ranking(left: pd.DataFrame, right: pd.DataFrame) -> bool:
    merged = left.merge(right, on="entity", suffixes=("_l", "_r"))
    close = (merged["score_l"] - merged["score_r"]).abs().max() < 1e-9
    return (
        len(merged) == len(left) == len(right)
        and bool(close)
        and bool((merged["rank_l"] == merged["rank_r"]).all())
    )


def _export(leader: Any, period_id: int, out: Path) -> Any:
    try:
        from services import exports
    except ImportError:
        return None
    return exports.export(leader, period_id=period_id, scope="province", fmt="xlsx", out=out)


def measure(label: str, url: str, *, province: str, catalog_key: str, admin: str, leader: str,
            repeat: int, ranking_only: bool = False) -> dict[str, Any]:  # fmt: skip
    """Every measure on one database; returns {measure: seconds} plus a few sizes."""
    from services import national as national_service
    from services import overview, periods
    from services.cache import clear_caches

    data_dir = _folder(f"lentera-bench-{label}-")
    _use(url, data_dir)
    admin_actor, leader_actor = _actor(admin), _actor(leader)
    province_period, children, every = _periods(province, catalog_key)
    provincial = [province_period, *children]
    province_periods = sorted({p for pid in every if (p := _province_period(pid)) is not None})
    results: dict[str, Any] = {"periods": len(every), "province periods": len(provincial)}

    if not ranking_only:
        seconds, scored = _timed(lambda: _score_periods(admin_actor, provincial))
        results["scoring: province"] = seconds
        results["rows: province"] = int(scored["is_leaf"].sum())
        seconds, scored = _timed(lambda: _score_periods(admin_actor, every))
        results["scoring: nation (per-period calls)"] = seconds
        results["rows: nation"] = int(scored["is_leaf"].sum())
        results["scoring: nation (one query)"] = _timed(lambda: _score_one_query(every))[0]
        results["  of which the query"] = _timed(lambda: _one_query_frame(every))[0]

    results["periods: list_periods as admin"] = statistics.median(
        _timed(lambda: periods.list_periods(admin_actor))[0] for _ in range(repeat)
    )
    clear_caches()
    results["overview: province, cold"] = _timed(
        lambda: overview.period_overview(leader_actor, period_id=province_period)
    )[0]
    results["overview: province, cached"] = statistics.median(
        _timed(lambda: overview.period_overview(leader_actor, period_id=province_period))[0]
        for _ in range(repeat)
    )
    clear_caches()
    seconds, ranking = _timed(lambda: _ranking_via_overviews(admin_actor, province_periods))
    results["ranking: nation via overviews, cold"] = seconds
    results["rows: ranked pemda"] = len(ranking)
    results["ranking: nation via overviews, cached"] = _timed(
        lambda: _ranking_via_overviews(admin_actor, province_periods)
    )[0]
    _forget_stored_means()
    clear_caches()
    seconds, national_ranking = _timed(
        lambda: national_service.national_ranking(admin_actor, catalog_key=catalog_key)
    )
    results["ranking: national_ranking, cold, nothing stored"] = seconds
    cold_stored = []
    for _ in range(repeat):
        clear_caches()  # a new process: nothing in memory, the means in the database
        cold_stored.append(
            _timed(lambda: national_service.national_ranking(admin_actor, catalog_key=catalog_key))[0]
        )
    results["ranking: national_ranking, cold (stored means)"] = statistics.median(cold_stored)
    results["ranking: national_ranking, cached"] = statistics.median(
        _timed(lambda: national_service.national_ranking(admin_actor, catalog_key=catalog_key))[0]
        for _ in range(repeat)
    )
    results["  of which the cache key"] = _timed(lambda: _cache_key(every))[0]
    _save_in_one_pemda(province_period)
    results["ranking: national_ranking, after one save"] = _timed(
        lambda: national_service.national_ranking(admin_actor, catalog_key=catalog_key)
    )[0]
    same = _same_ranking(ranking, national_ranking)
    if not ranking_only:
        seconds, one_query = _timed(lambda: _ranking_one_query(every))
        results["ranking: nation (one query)"] = seconds
        same = same and _same_ranking(ranking, one_query)
    results["same ranking every way"] = same
    if not ranking_only:
        clear_caches()
        seconds, path = _timed(lambda: _export(leader_actor, province_period, data_dir))
        results["export: province xlsx"] = seconds if path is not None else None
    results["size MB"] = national.database_size(url) / 1e6
    return results


def _forget_stored_means() -> None:
    """Empty ``period_leaf_means``: the next cold ranking groups every item, as the first one ever does."""
    from sqlalchemy import delete

    from models import session_scope
    from models.tables import PeriodLeafMeans

    with session_scope() as session:
        session.execute(delete(PeriodLeafMeans))


def _province_period(period_id: int) -> int | None:
    from models import session_scope
    from models.tables import Period, Region

    with session_scope() as session:
        period = session.get(Period, period_id)
        region = session.get(Region, period.region_id) if period else None
        return period_id if region is not None and region.parent_id is None else None


def _demo(folder: Path) -> tuple[str, str]:
    """Seed the Maluku Utara demo (no evidence files) into ``folder``; returns (url, current MCP catalog)."""
    from sqlmodel import select

    from models import session_scope
    from models.migrate import upgrade_database
    from models.tables import Catalog, Period
    from seed_data.demo import seed_demo

    url = f"sqlite:///{(folder / 'lentera.db').as_posix()}"
    _use(url, folder)
    upgrade_database(url)
    summary = seed_demo(evidence=False)
    with session_scope() as session:
        period = session.get(Period, summary.periods[summary.current])
        assert period is not None
        key = session.exec(select(Catalog.key).where(Catalog.id == period.catalog_id)).one()
    return url, key


def _print(columns: dict[str, dict[str, Any]]) -> None:
    names = list(columns)
    demo = columns[names[0]]
    measures = [m for m in demo if isinstance(demo[m], float) or demo[m] is None]
    header = (
        f"{'measure':<40}"
        + "".join(f"{n:>14}" for n in names)
        + "".join(f"{'× ' + n:>14}" for n in names[1:])
    )
    print(header)
    for measure in [*measures, *(m for m in demo if m not in measures)]:
        cells = []
        for name in names:
            value = columns[name].get(measure)
            cells.append(
                "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
            )
        ratios = []
        for name in names[1:]:
            value, base = columns[name].get(measure), demo.get(measure)
            ok = isinstance(value, float) and isinstance(base, float) and base > 0
            ratios.append(f"{value / base:.1f}" if ok else "")  # type: ignore[operator]
        print(f"{measure:<40}" + "".join(f"{c:>14}" for c in cells) + "".join(f"{r:>14}" for r in ratios))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--database-url", help="an already loaded national PostgreSQL database")
    parser.add_argument("--province", default="82", help="Kemendagri code of the province measured")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ranking-only", action="store_true", help="only the overview and the rankings")
    args = parser.parse_args()

    columns: dict[str, dict[str, Any]] = {}
    folder = _folder("lentera-bench-demo-")
    seconds, (demo_url, demo_key) = _timed(lambda: _demo(folder))
    print(f"demo seeded in {seconds:.1f} s (current MCP catalog {demo_key})")
    columns["demo"] = measure("demo", demo_url, province="82", catalog_key=demo_key, admin="admin",
                              leader="sekda", repeat=args.repeat, ranking_only=args.ranking_only)  # fmt: skip

    national_args = {"province": args.province, "catalog_key": national.CATALOG_KEY, "admin": "admin.nasional",
                     "leader": f"sekda.{args.province}", "repeat": args.repeat,
                     "ranking_only": args.ranking_only}  # fmt: skip
    if not args.skip_sqlite:
        generated = national.generate_sqlite()
        print(f"national SQLite: {generated} · {national.database_size(generated.url) / 1e6:.0f} MB")
        columns["sqlite"] = measure("sqlite", generated.url, **national_args)

    if args.database_url:
        columns["postgres"] = measure("postgres", args.database_url, **national_args)
    elif not args.skip_postgres:
        with national.postgres_server() as server:
            url = server.create_database("lentera_national")
            loaded = national.generate_postgres(url)
            print(f"national PostgreSQL: {loaded} · {national.database_size(url) / 1e6:.0f} MB")
            columns["postgres"] = measure("postgres", url, **national_args)
            from models.database import engine_for

            engine_for(url).dispose()
    _print(columns)
    print(f"targets: province overview < {PROVINCE_TARGET_S} s, national ranking < {NATIONAL_TARGET_S} s")
    for folder in _FOLDERS:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
