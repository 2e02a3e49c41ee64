"""The small world the score tests share: a catalog whose numbers are computable by hand, two pemda, three OPDs,
filled through the real workflow services (on SQLite or PostgreSQL, whichever ``db_url`` the test runs on).

    A (weight 60): A1 (1, digital, OPD1+OPD2), A2 (3, OPD1), A3 (1, OPD2)      percent 0/50/100
    B (weight 40): B1 (1, digital, every dinas)                                 levels 1..5

Province period: OPD1 A1 verified 100, A2 claimed 100 verified 50 (an over-claim), B1 claimed 4 submitted;
OPD2 A1 draft 50, A3 untouched, B1 claimed 5 and returned. Kabupaten period: K1 A1 verified 100.
A helper module, not a test module: the overview, national and query tests each build the world with ``build``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
from factories import PDF_BYTES, make_organisation, make_region, make_user, wit
from sqlmodel import select
from uji_catalog import CATALOG

from indicators import ROOT_CODE
from models import session_scope
from models.tables import Role, Submission
from services import catalogs, evidence, periods, submissions, verification
from services.actor import Actor
from services.cache import clear_caches


@dataclass
class Setup:
    province: int
    kabupaten: int
    opd1: int
    opd2: int
    k1: int
    admin: Actor
    leader: Actor
    inspector: Actor
    inspector_kab: Actor
    focal1: Actor
    focal2: Actor
    focal_k1: Actor
    previous_id: int
    period_id: int
    kab_period_id: int


def sid(period_id: int, organisation_id: int, code: str) -> int:
    with session_scope() as session:
        found = session.exec(
            select(Submission.id).where(
                Submission.period_id == period_id,
                Submission.organisation_id == organisation_id,
                Submission.code == code,
            )
        ).one()
        assert found is not None
        return found


def claim(focal: Actor, submission_id: int, value: float, *, submit: bool = True) -> None:
    submissions.save_draft(focal, submission_id=submission_id, self_value=value, note="bukti terlampir")
    if submit:
        evidence.upload_evidence(
            focal, submission_id=submission_id, filename="SK Gubernur.pdf", stream=io.BytesIO(PDF_BYTES)
        )
        submissions.submit(focal, submission_id=submission_id)


def new_period(admin: Actor, region_id: int, name: str, previous_id: int | None = None) -> int:
    return periods.create_period(
        admin,
        catalog_key="uji-2026",
        region_id=region_id,
        name=name,
        opens_at=wit(2026, 1, 5, 8),
        submission_deadline=wit(2099, 5, 31, 23, 59),
        verification_deadline=wit(2099, 7, 31, 23, 59),
        previous_period_id=previous_id,
    ).id


def build() -> Setup:
    """The world above, in the current database (score caches emptied first)."""
    clear_caches()
    province = make_region(code="82", name="Provinsi Maluku Utara")
    kabupaten = make_region(code="82.71", name="Kota Ternate", kind="kota", parent_id=province)
    opd1 = make_organisation(region_id=province, abbreviation="OPD1", name="Dinas Satu")
    opd2 = make_organisation(region_id=province, abbreviation="OPD2", name="Dinas Dua")
    k1 = make_organisation(region_id=kabupaten, abbreviation="OPD1", name="Dinas Satu Kota Ternate")
    admin = make_user(username="admin", role=Role.admin, region_id=province)
    inspector = make_user(username="inspektur", role=Role.inspector, region_id=province)
    s = Setup(
        province=province,
        kabupaten=kabupaten,
        opd1=opd1,
        opd2=opd2,
        k1=k1,
        admin=admin,
        leader=make_user(username="sekda", role=Role.leader, region_id=province),
        inspector=inspector,
        inspector_kab=make_user(username="apip.ternate", role=Role.inspector, region_id=kabupaten),
        focal1=make_user(username="op.satu", role=Role.focal_point, organisation_id=opd1, region_id=province),
        focal2=make_user(username="op.dua", role=Role.focal_point, organisation_id=opd2, region_id=province),
        focal_k1=make_user(
            username="op.ternate", role=Role.focal_point, organisation_id=k1, region_id=kabupaten
        ),
        previous_id=0,
        period_id=0,
        kab_period_id=0,
    )
    info = catalogs.import_catalog(admin, text=CATALOG, source="uji.yaml")
    catalogs.activate_catalog(admin, catalog_id=info.id)

    # Last year: OPD2 was ahead (A1 verified 100), OPD1 had nothing verified.
    s.previous_id = new_period(admin, province, "Uji 2025")
    earlier = sid(s.previous_id, opd2, "A1")
    claim(s.focal2, earlier, 100)
    verification.approve(inspector, submission_id=earlier, verified_value=100)

    s.period_id = new_period(admin, province, "Uji 2026", previous_id=s.previous_id)
    p = s.period_id
    claim(s.focal1, sid(p, opd1, "A1"), 100)
    verification.approve(inspector, submission_id=sid(p, opd1, "A1"), verified_value=100)
    claim(s.focal1, sid(p, opd1, "A2"), 100)
    verification.approve(inspector, submission_id=sid(p, opd1, "A2"), verified_value=50)
    claim(s.focal1, sid(p, opd1, "B1"), 4)
    claim(s.focal2, sid(p, opd2, "A1"), 50, submit=False)
    claim(s.focal2, sid(p, opd2, "B1"), 5)
    verification.return_item(inspector, submission_id=sid(p, opd2, "B1"), reason="SK sudah kedaluwarsa")

    s.kab_period_id = new_period(admin, kabupaten, "Uji 2026 Ternate")
    claim(s.focal_k1, sid(s.kab_period_id, k1, "A1"), 100)
    verification.approve(inspector, submission_id=sid(s.kab_period_id, k1, "A1"), verified_value=100)
    return s


def total(result: pd.DataFrame, entity: object, column: str = "score") -> float:
    row = result.loc[(result["entity"] == str(entity)) & (result["code"].astype(str) == ROOT_CODE), column]
    assert len(row) == 1, f"no TOTAL row for {entity}"
    return float(row.iloc[0])


def node(result: pd.DataFrame, entity: object, code: str) -> float:
    return float(
        result.loc[(result["entity"] == str(entity)) & (result["code"].astype(str) == code), "score"].iloc[0]
    )
