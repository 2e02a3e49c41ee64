"""Maluku Utara reference data: the province and its 10 kabupaten/kota, the provincial OPDs, published scores
(MCP figures KPK published, as reported; KemenPANRB's official SPBE results 2023 and 2024, each with its source).

The CSVs next to this module are the domain team's sources. Seeding is idempotent (a row is matched on its
natural key and only inserted when missing), so ``lentera seed`` can run on every deployment. Rows the sources
could not confirm (``verified=false`` OPDs) are loaded with that flag and their note, for an administrator to
confirm or retire.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import session_scope
from models.tables import Organisation, PublishedScore, Region

DATA_DIR = Path(__file__).parent
PROVINCE_CODE = "82"
UNCONFIRMED_UNTIL = date(2020, 1, 1)
"""``active_until`` of a reference OPD the sources could not confirm: inactive before any period Lentera holds."""


@dataclass(frozen=True)
class ReferenceSummary:
    regions: int
    organisations: int
    published_scores: int

    @property
    def total(self) -> int:
        return self.regions + self.organisations + self.published_scores


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _int(text: str) -> int | None:
    return int(text) if text.strip() else None


def seed_regions(session: Session) -> int:
    """The province first (kabupaten/kota point at it). Both code schemes are stored as given."""
    existing = {row.kemendagri_code: row for row in session.exec(select(Region)).all()}
    created = 0
    rows = sorted(_rows("malut-regions.csv"), key=lambda r: r["kind"] != "provinsi")
    province: Region | None = existing.get(PROVINCE_CODE)
    for record in rows:
        if record["kemendagri_code"] in existing:
            continue
        region = Region(
            kemendagri_code=record["kemendagri_code"],
            bps_code=record["bps_code"] or None,
            name=record["name"],
            kind=record["kind"],
            parent_id=None if record["kind"] == "provinsi" else (province.id if province else None),
            capital=record["capital"] or None,
            population=_int(record["population"]),
        )
        session.add(region)
        session.flush()
        existing[region.kemendagri_code] = region
        if record["kind"] == "provinsi":
            province = region
        created += 1
    return created


def seed_provincial_opds(session: Session) -> int:
    """The provincial OPDs of the reference list; one the sources could not confirm is stored inactive (it gets no
    items) with its note, for an administrator to confirm or leave out."""
    province = session.exec(select(Region).where(Region.kemendagri_code == PROVINCE_CODE)).one()
    known = set(session.exec(select(Organisation.abbreviation).where(Organisation.region_id == province.id)))
    created = 0
    for record in _rows("malut-opd.csv"):
        if record["abbreviation"] in known:
            continue
        verified = record["verified"].strip().lower() == "true"
        session.add(
            Organisation(
                region_id=province.id,  # type: ignore[arg-type]
                name=record["name"],
                abbreviation=record["abbreviation"],
                kind=record["kind"],
                verified=verified,
                active_until=None if verified else UNCONFIRMED_UNTIL,
                note=record["note"] or None,
            )
        )
        known.add(record["abbreviation"])
        created += 1
    return created


MCP_SOURCE = "Pemberitaan media yang mengutip pejabat (dilaporkan)"
SPBE_DOMAINS = {
    "d1_kebijakan": "Domain Kebijakan Internal SPBE",
    "d2_tata_kelola": "Domain Tata Kelola SPBE",
    "d3_manajemen": "Domain Manajemen SPBE",
    "d4_layanan": "Domain Layanan SPBE",
}


def _published_records() -> list[dict[str, object]]:
    """Both published-score CSVs as PublishedScore fields: the MCP figures (reported, KPK's) and the official
    SPBE results (KemenPANRB's index per pemda, and its four domain indices as area-level scores)."""
    records: list[dict[str, object]] = []
    for record in _rows("mcp-published-scores.csv"):
        area = record["area"] or None
        records.append(
            {
                "kemendagri_code": record["kemendagri_code"], "entity": record["entity"],
                "framework": record["framework"], "year": int(record["year"]),
                "published_on": date.fromisoformat(record["date"]) if record["date"] else None,
                "score": float(record["score"]), "status": record["status"], "area": area,
                "level": "area" if area else "pemda", "note": record["note"] or None,
                "publisher": "KPK", "source": MCP_SOURCE,
            }
        )  # fmt: skip
    for record in _rows("spbe-published-scores.csv"):
        common = {
            "kemendagri_code": record["kemendagri_code"], "entity": record["entity"], "framework": "SPBE",
            "year": int(record["year"]), "published_on": None, "status": record["status"],
            "publisher": "KemenPANRB", "source": record["source"],
        }  # fmt: skip
        records.append(
            {**common, "score": float(record["index"]), "area": None, "level": "pemda",
             "note": f"Predikat {record['predicate']}"}
        )  # fmt: skip
        for column, domain in SPBE_DOMAINS.items():
            records.append(
                {**common, "score": float(record[column]), "area": domain, "level": "area", "note": None}
            )
    return records


def seed_published_scores(session: Session) -> int:
    regions = {row.kemendagri_code: row.id for row in session.exec(select(Region)).all()}
    existing: set[tuple[object, ...]] = {
        (row.kemendagri_code, row.framework, row.year, row.published_on, row.area)
        for row in session.exec(select(PublishedScore)).all()
    }
    created = 0
    for record in _published_records():
        key = (
            record["kemendagri_code"],
            record["framework"],
            record["year"],
            record["published_on"],
            record["area"],
        )
        if key in existing:
            continue
        session.add(PublishedScore(region_id=regions.get(str(record["kemendagri_code"])), **record))  # type: ignore[arg-type]
        existing.add(key)
        created += 1
    return created


def seed_reference(engine: Engine | None = None) -> ReferenceSummary:
    """Load regions, provincial OPDs and published scores; only missing rows are added."""
    with session_scope(engine) as session:
        regions = seed_regions(session)
        organisations = seed_provincial_opds(session)
        session.flush()
        scores = seed_published_scores(session)
    return ReferenceSummary(regions, organisations, scores)
