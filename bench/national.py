"""Generate a national-scale Lentera database: 546 pemda, ~20,000 OPDs, ~1.36 million MCP 2024 submissions.

    .venv/bin/python bench/national.py                      # SQLite, cached under bench/out/
    .venv/bin/python bench/national.py --postgres           # a throwaway PostgreSQL server (tests/conftest.py)
    .venv/bin/python bench/national.py --database-url postgresql+psycopg://...   # an existing, empty database

The shape is KPK's: 38 provinces (real Kemendagri codes) and 508 kabupaten/kota under them, each pemda with its
own ``mcp-2024`` period and 36 or 37 OPDs, every OPD assigned every leaf (68) with a submission in a plausible
mix of statuses (empty, draft, submitted, returned, verified) and values on the leaf's allowed steps. A leader
per province and a national admin are created to act with.

Rows are written in bulk, never through the ORM one by one: ``executemany`` on one SQLite transaction with the
journal off during the load, ``COPY ... FROM STDIN`` on PostgreSQL. Values are drawn with numpy from a fixed
seed, so the same arguments give the same database.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

OUT = ROOT / "bench" / "out"
CATALOG_KEY = "mcp-2024"
SEED = 2024
KABKOTA_TOTAL = 508

# Kemendagri province code, name, kabupaten/kota count (real counts, trimmed to 508 in total below).
PROVINCES: list[tuple[str, str, int]] = [
    ("11", "Aceh", 23), ("12", "Sumatera Utara", 33), ("13", "Sumatera Barat", 19), ("14", "Riau", 12),
    ("15", "Jambi", 11), ("16", "Sumatera Selatan", 17), ("17", "Bengkulu", 10), ("18", "Lampung", 15),
    ("19", "Kepulauan Bangka Belitung", 7), ("21", "Kepulauan Riau", 7), ("31", "DKI Jakarta", 0),
    ("32", "Jawa Barat", 27), ("33", "Jawa Tengah", 35), ("34", "DI Yogyakarta", 5), ("35", "Jawa Timur", 38),
    ("36", "Banten", 8), ("51", "Bali", 9), ("52", "Nusa Tenggara Barat", 10),
    ("53", "Nusa Tenggara Timur", 22), ("61", "Kalimantan Barat", 14), ("62", "Kalimantan Tengah", 14),
    ("63", "Kalimantan Selatan", 13), ("64", "Kalimantan Timur", 10), ("65", "Kalimantan Utara", 5),
    ("71", "Sulawesi Utara", 15), ("72", "Sulawesi Tengah", 13), ("73", "Sulawesi Selatan", 24),
    ("74", "Sulawesi Tenggara", 17), ("75", "Gorontalo", 6), ("76", "Sulawesi Barat", 6), ("81", "Maluku", 11),
    ("82", "Maluku Utara", 10), ("91", "Papua", 9), ("92", "Papua Barat", 7), ("93", "Papua Selatan", 4),
    ("94", "Papua Tengah", 8), ("95", "Papua Pegunungan", 8), ("96", "Papua Barat Daya", 6),
]  # fmt: skip

# The OPDs a pemda typically has (abbreviation, name, kind); each pemda keeps 36 or 37 of them.
OPDS: list[tuple[str, str, str]] = [
    ("Setda", "Sekretariat Daerah", "setda"), ("Setwan", "Sekretariat DPRD", "setwan"),
    ("Inspektorat", "Inspektorat", "inspektorat"), ("Bappeda", "Badan Perencanaan Pembangunan Daerah", "badan"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "badan"), ("Bapenda", "Badan Pendapatan Daerah", "badan"),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan SDM", "badan"), ("Disdik", "Dinas Pendidikan", "dinas"),
    ("Dinkes", "Dinas Kesehatan", "dinas"), ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas"),
    ("Dinsos", "Dinas Sosial", "dinas"), ("Disnaker", "Dinas Tenaga Kerja", "dinas"),
    ("DPMPTSP", "Dinas Penanaman Modal dan PTSP", "dinas"), ("Diskominfo", "Dinas Komunikasi dan Informatika", "dinas"),
    ("Dishub", "Dinas Perhubungan", "dinas"), ("DLH", "Dinas Lingkungan Hidup", "dinas"),
    ("Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "dinas"),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa", "dinas"),
    ("DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "dinas"), ("Dispar", "Dinas Pariwisata", "dinas"),
    ("Disperindag", "Dinas Perindustrian dan Perdagangan", "dinas"), ("Diskop", "Dinas Koperasi dan UKM", "dinas"),
    ("Dispora", "Dinas Pemuda dan Olahraga", "dinas"), ("Disbud", "Dinas Kebudayaan", "dinas"),
    ("Distan", "Dinas Pertanian", "dinas"), ("DKP", "Dinas Kelautan dan Perikanan", "dinas"),
    ("Disperkim", "Dinas Perumahan dan Kawasan Permukiman", "dinas"), ("SatpolPP", "Satuan Polisi Pamong Praja", "satuan"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", "badan"), ("Kesbangpol", "Badan Kesatuan Bangsa dan Politik", "badan"),
    ("Dispusip", "Dinas Perpustakaan dan Kearsipan", "dinas"), ("DPPKB", "Dinas Pengendalian Penduduk dan KB", "dinas"),
    ("Dispangan", "Dinas Ketahanan Pangan", "dinas"), ("Dispertanahan", "Dinas Pertanahan", "dinas"),
    ("RSUD", "Rumah Sakit Umum Daerah", "rsud"), ("Damkar", "Dinas Pemadam Kebakaran", "dinas"),
    ("Kesra", "Bagian Kesejahteraan Rakyat", "bagian"),
]  # fmt: skip

STATUSES = np.array(["empty", "draft", "submitted", "returned", "verified"], dtype=object)
STATUS_SHARES = np.array([0.10, 0.15, 0.20, 0.05, 0.50])


@dataclass(frozen=True)
class National:
    """What was generated: where, how many rows, how long it took."""

    url: str
    regions: int
    organisations: int
    submissions: int
    seconds: float


def kabkota_counts() -> list[int]:
    """The real counts trimmed (largest first) to KPK's 508 kabupaten/kota."""
    counts = [count for _, _, count in PROVINCES]
    while sum(counts) > KABKOTA_TOTAL:
        counts[counts.index(max(counts))] -= 1
    return counts


def _regions() -> pd.DataFrame:
    """546 pemda: id, kemendagri_code, bps_code, name, kind, parent_id (provinces first)."""
    rows: list[dict[str, Any]] = []
    for number, (code, name, _) in enumerate(PROVINCES, start=1):
        rows.append({"id": number, "kemendagri_code": code, "bps_code": code, "name": f"Provinsi {name}",
                     "kind": "provinsi", "parent_id": None})  # fmt: skip
    next_id = len(PROVINCES) + 1
    for parent, ((code, name, _), count) in enumerate(zip(PROVINCES, kabkota_counts(), strict=True), start=1):
        cities = count // 5
        for index in range(count):
            is_city = index >= count - cities
            local = 71 + index - (count - cities) if is_city else index + 1
            kind = "kota" if is_city else "kabupaten"
            label = f"{'Kota' if is_city else 'Kabupaten'} {name} {local:02d}"
            rows.append({"id": next_id, "kemendagri_code": f"{code}.{local:02d}", "bps_code": f"{code}{local:02d}",
                         "name": label, "kind": kind, "parent_id": parent})  # fmt: skip
            next_id += 1
    return pd.DataFrame(rows).astype({"parent_id": "Int64"})


def _organisations(regions: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """36 or 37 OPDs per pemda (about 20,000)."""
    frames = []
    next_id = 1
    for region_id, region_name in zip(regions["id"], regions["name"], strict=True):
        keep = len(OPDS) - int(rng.random() < 0.4)
        chosen = OPDS[:keep]
        frames.append(
            pd.DataFrame(
                {
                    "id": range(next_id, next_id + keep),
                    "region_id": region_id,
                    "name": [f"{name} {region_name}" for _, name, _ in chosen],
                    "abbreviation": [abbreviation for abbreviation, _, _ in chosen],
                    "kind": [kind for _, _, kind in chosen],
                    "verified": True,
                }
            )
        )
        next_id += keep
    return pd.concat(frames, ignore_index=True)


def _leaf_choices(catalog: Any) -> tuple[list[str], list[np.ndarray]]:
    codes, choices = [], []
    for leaf in catalog.leaves():
        allowed = leaf.rule.allowed() if leaf.rule is not None else None
        codes.append(leaf.code)
        choices.append(np.array(allowed or [0.0, leaf.maximum / 2, leaf.maximum], dtype=float))
    return codes, choices


def _submissions(
    organisations: pd.DataFrame, period_of_region: dict[int, int], catalog: Any, rng: np.random.Generator
) -> pd.DataFrame:
    """Every OPD × every leaf, with a status, a self value (claims run a step high) and a verified value."""
    codes, choices = _leaf_choices(catalog)
    n_opd, n_leaf = len(organisations), len(codes)
    n = n_opd * n_leaf
    organisation_id = np.repeat(organisations["id"].to_numpy(), n_leaf)
    region_id = np.repeat(organisations["region_id"].to_numpy(), n_leaf)
    period_id = pd.Series(region_id).map(period_of_region).to_numpy()
    leaf = np.tile(np.arange(n_leaf), n_opd)
    # Diligence per pemda shifts the status mix, so pemda scores spread out and rankings mean something.
    diligence = rng.beta(4, 3, size=int(region_id.max()) + 1)[region_id]
    shares = np.tile(STATUS_SHARES, (n, 1))
    shares[:, 0] *= 1.6 - diligence
    shares[:, 4] *= 0.5 + diligence
    shares /= shares.sum(axis=1, keepdims=True)
    status_index = (rng.random(n)[:, None] > np.cumsum(shares, axis=1)).sum(axis=1)
    status = STATUSES[np.minimum(status_index, len(STATUSES) - 1)]
    self_value = np.full(n, np.nan)
    verified_value = np.full(n, np.nan)
    for index, allowed in enumerate(choices):
        rows = leaf == index
        count = int(rows.sum())
        picked = np.minimum((rng.beta(3, 2, count) * len(allowed)).astype(int), len(allowed) - 1)
        verified_pick = np.maximum(picked - rng.integers(0, 2, count), 0)
        self_value[rows] = allowed[picked]
        verified_value[rows] = allowed[verified_pick]
    self_value[status == "empty"] = np.nan
    verified_value[status != "verified"] = np.nan
    version = pd.Series(status).map({"empty": 1, "draft": 2, "submitted": 3, "returned": 4, "verified": 4})
    return pd.DataFrame(
        {
            "period_id": period_id,
            "organisation_id": organisation_id,
            "code": np.array(codes, dtype=object)[leaf],
            "self_value": self_value,
            "verified_value": verified_value,
            "status": status,
            "version": version.to_numpy(),
        }
    )


def build_frames(seed: int = SEED) -> dict[str, pd.DataFrame]:
    """Every table's rows as frames (ids assigned here, so both databases get identical data)."""
    from indicators import load_catalog
    from services.catalogs import canonical_document, content_hash

    rng = np.random.default_rng(seed)
    catalog = load_catalog(CATALOG_KEY)
    document = canonical_document(catalog)
    now = datetime(2024, 9, 1, tzinfo=UTC)
    regions = _regions()
    organisations = _organisations(regions, rng)
    catalogs = pd.DataFrame(
        [{"id": 1, "key": catalog.key, "name": catalog.name, "framework": catalog.framework, "year": catalog.year,
          "version": catalog.version, "document": document, "content_hash": content_hash(document),
          "status": "active", "imported_at": now}]
    )  # fmt: skip
    periods = pd.DataFrame(
        {
            "id": regions["id"].to_numpy(),
            "catalog_id": 1,
            "region_id": regions["id"].to_numpy(),
            "name": [f"MCP 2024 {name}" for name in regions["name"]],
            "opens_at": now - timedelta(days=60),
            "submission_deadline": now + timedelta(days=3650),
            "verification_deadline": now + timedelta(days=3680),
            "state": "open",
            "time_zone": "Asia/Jayapura",
        }
    )
    period_of_region = dict(zip(regions["id"], periods["id"], strict=True))
    submissions = _submissions(organisations, period_of_region, catalog, rng)
    submissions.insert(0, "id", np.arange(1, len(submissions) + 1))
    moment = pd.Timestamp(now - timedelta(days=10))
    submissions["updated_at"] = moment
    submissions["submitted_at"] = pd.Series(moment, index=submissions.index).where(
        submissions["status"].isin(["submitted", "returned", "verified"])
    )
    assignments = submissions[["id", "period_id", "organisation_id", "code"]]
    provinces = regions.loc[regions["kind"] == "provinsi"]
    users = pd.DataFrame(
        [{"username": "admin.nasional", "full_name": "Admin Nasional", "role": "admin", "region_id": None}]
        + [{"username": f"sekda.{code}", "full_name": f"Sekda {name}", "role": "leader", "region_id": rid}
           for rid, code, name in zip(provinces["id"], provinces["kemendagri_code"], provinces["name"], strict=True)]
    )  # fmt: skip
    users.insert(0, "id", np.arange(1, len(users) + 1))
    users["region_id"] = users["region_id"].astype("Int64")
    users["password_hash"] = "not-a-real-hash"
    users["active"] = True
    users["failed_logins"] = 0
    users["language"] = "id"
    users["created_at"] = now
    return {
        "region": regions,
        "organisation": organisations,
        "user": users,
        "catalog": catalogs,
        "period": periods,
        "assignment": assignments,
        "submission": submissions,
    }


# -- writing ----------------------------------------------------------------------------------------------


SMALL_TABLES = ("region", "organisation", "user", "catalog", "period")
BIG_TABLES = ("assignment", "submission")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")  # type: ignore[return-value]


def _write_small(url: str, frames: dict[str, pd.DataFrame]) -> None:
    """The small tables through SQLAlchemy (JSON, booleans and dates typed per dialect), in one transaction."""
    from sqlalchemy import create_engine, insert
    from sqlmodel import SQLModel

    import models.tables  # noqa: F401 - registers the tables on the metadata

    engine = create_engine(url)
    with engine.begin() as connection:
        for table in SMALL_TABLES:
            connection.execute(insert(SQLModel.metadata.tables[table]), _records(frames[table]))
    engine.dispose()


def _sqlite_columns(frame: pd.DataFrame) -> Iterator[tuple[Any, ...]]:
    """Rows of Python values sqlite3 binds directly (NaN binds as NULL; times in SQLAlchemy's format)."""
    columns = []
    for name in frame.columns:
        column = frame[name]
        if column.dtype.kind == "M":
            text = column.dt.strftime("%Y-%m-%d %H:%M:%S.%f")
            columns.append(text.astype(object).where(column.notna(), None).tolist())
        else:
            columns.append(column.tolist())
    return zip(*columns, strict=True)


def write_sqlite(path: Path, frames: dict[str, pd.DataFrame]) -> None:
    """Migrate ``path``, load the small tables, then the big ones with executemany in one transaction."""
    from models.migrate import upgrade_database

    url = f"sqlite:///{path.as_posix()}"
    upgrade_database(url)
    _write_small(url, frames)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-400000")  # 400 MB page cache while the indexes grow
        connection.execute("BEGIN IMMEDIATE")
        for table in BIG_TABLES:
            frame = frames[table]
            columns = ", ".join(f'"{c}"' for c in frame.columns)
            marks = ", ".join("?" for _ in frame.columns)
            connection.executemany(
                f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', _sqlite_columns(frame)
            )
        connection.execute("COMMIT")
        connection.execute("ANALYZE")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def write_postgres(url: str, frames: dict[str, pd.DataFrame]) -> None:
    """Migrate the database at ``url``, load the small tables, COPY the big ones; sequences follow our ids."""
    import psycopg
    from sqlalchemy.engine import make_url

    from models.migrate import upgrade_database

    upgrade_database(url)
    _write_small(url, frames)
    parts = make_url(url)
    with psycopg.connect(
        host=parts.host, port=parts.port, user=parts.username, password=parts.password, dbname=parts.database
    ) as connection:
        for table in BIG_TABLES:
            frame = frames[table]
            buffer = io.StringIO()
            frame.to_csv(
                buffer, sep="\t", header=False, index=False, na_rep="\\N", date_format="%Y-%m-%d %H:%M:%S%z"
            )
            columns = ", ".join(f'"{c}"' for c in frame.columns)
            with connection.cursor() as cursor, cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                text = buffer.getvalue()
                for start in range(0, len(text), 1 << 24):
                    copy.write(text[start : start + (1 << 24)])
        for table in (*SMALL_TABLES, *BIG_TABLES):
            connection.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT max(id) FROM \"{table}\"))"
            )
        connection.commit()
        connection.autocommit = True
        connection.execute("ANALYZE")


# -- a throwaway PostgreSQL server --------------------------------------------------------------------------


@contextmanager
def postgres_server() -> Iterator[Any]:
    """A PostgreSQL server started the way the tests start theirs (``tests/conftest.py``), removed after."""
    import conftest

    bin_dir = conftest._postgres_bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL binaries (initdb, pg_ctl) not found")
    account = conftest._unprivileged_account()
    root = Path(tempfile.mkdtemp(prefix="lentera-bench-pg-"))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    sockets.mkdir()
    if account is not None:
        for path in (root, sockets):
            os.chown(path, account.pw_uid, account.pw_gid)
    port = conftest._free_port()
    server = conftest.PostgresServer("127.0.0.1", port, conftest.PG_SUPERUSER, root, 0.0)
    user = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []} if account else {}
    try:
        conftest._run(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", conftest.PG_SUPERUSER, "--auth=trust", "-E", "UTF8",
             "--locale=C", "--no-sync", "--no-instructions"],
            account, log,
        )  # fmt: skip
        options = (
            f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
            " -c full_page_writes=off -c shared_buffers=512MB -c work_mem=64MB -c maintenance_work_mem=512MB"
            " -c max_wal_size=4GB"
        )
        conftest._run(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"],
            account,
            log,
        )
        conftest._wait_until_accepting(server)
        yield server
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                capture_output=True, check=False, **user,
            )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


# -- entry points -------------------------------------------------------------------------------------------


def sqlite_path(seed: int = SEED) -> Path:
    return OUT / f"national-{CATALOG_KEY}-seed{seed}.db"


def generate_sqlite(*, seed: int = SEED, force: bool = False) -> National:
    """The cached national SQLite database, generated when missing (or ``force``); a cached file is first
    migrated to the current schema (new indexes and columns), which takes a few seconds once."""
    from models.migrate import upgrade_database

    path = sqlite_path(seed)
    url = f"sqlite:///{path.as_posix()}"
    started = time.perf_counter()
    if path.exists() and not force:
        upgrade_database(url)
        return _summary(url, 0.0)
    OUT.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.db")
    for leftover in OUT.glob(partial.name + "*"):
        leftover.unlink()
    write_sqlite(partial, build_frames(seed))
    os.replace(partial, path)
    return _summary(url, time.perf_counter() - started)


def generate_postgres(url: str, *, seed: int = SEED) -> National:
    started = time.perf_counter()
    write_postgres(url, build_frames(seed))
    return _summary(url, time.perf_counter() - started)


def _summary(url: str, seconds: float) -> National:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        count = {
            table: int(connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())
            for table in ("region", "organisation", "submission")
        }
    engine.dispose()
    return National(url, count["region"], count["organisation"], count["submission"], seconds)


def database_size(url: str) -> int:
    """Bytes on disk: the SQLite file, or PostgreSQL's ``pg_database_size``."""
    if url.startswith("sqlite"):
        return Path(url.removeprefix("sqlite:///")).stat().st_size
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        size = int(connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
    engine.dispose()
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--force", action="store_true", help="regenerate the cached SQLite file")
    parser.add_argument("--postgres", action="store_true", help="also load a throwaway PostgreSQL server")
    parser.add_argument("--database-url", help="load this (empty) PostgreSQL database instead")
    args = parser.parse_args()
    if args.database_url:
        result = generate_postgres(args.database_url, seed=args.seed)
        print(f"{result} · {database_size(result.url) / 1e6:.0f} MB")
        return
    result = generate_sqlite(seed=args.seed, force=args.force)
    print(f"{result} · {database_size(result.url) / 1e6:.0f} MB")
    if args.postgres:
        with postgres_server() as server:
            server.create_database("lentera_national")
            result = generate_postgres(server.url("lentera_national"), seed=args.seed)
            print(f"{result} · {database_size(result.url) / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
