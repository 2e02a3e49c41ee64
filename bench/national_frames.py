"""The rows of the national-scale database as pandas frames: 546 pemda, ~20,000 OPDs, ~1.36 million submissions.

``bench/national.py`` writes these frames to SQLite or PostgreSQL. Ids are assigned here, so both databases get
identical data; values are drawn with numpy from a fixed seed, so the same seed gives the same frames.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import numpy as np
import pandas as pd

CATALOG_KEY = "mcp-2024"
SEED = 2024
PLACEHOLDER_HASH = "not-a-real-hash"  # no password verifies against it
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
        allowed = leaf.rule.scoring_steps() if leaf.rule is not None else None
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
            # Every period has a token, as migration 0002 gives existing ones: caches never key on "no token".
            "change_token": [uuid4().hex for _ in range(len(regions))],
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
    users["password_hash"] = PLACEHOLDER_HASH  # replaced by national.ensure_passwords
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
