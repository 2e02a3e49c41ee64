"""Small builders of test data: regions, OPDs, users, the SPBE 2021 catalog, a period, evidence.

They write through the services where a service exists for the step (periods, evidence, accounts on request)
and insert plain rows otherwise. Users default to direct rows with a dummy hash because argon2id takes ~0.4 s
per hash on the test machine; ``via_accounts=True`` goes through ``services.users`` instead.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select as sa_select
from sqlalchemy import text as sa_text
from sqlmodel import SQLModel, select

from i18n import WIT
from indicators import load_catalog
from models.database import session_scope
from models.tables import Catalog, CatalogStatus, Organisation, Region, Role, Submission, User, utcnow
from services.actor import Actor
from storage.db_store import DatabaseEvidenceStore
from storage.store import EvidenceStorage, EvidenceStore

PASSWORD = "rahasia-lentera-2026"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_region(*, code: str, name: str, kind: str = "provinsi", parent_id: int | None = None) -> int:
    with session_scope() as session:
        region = Region(kemendagri_code=code, name=name, kind=kind, parent_id=parent_id)
        session.add(region)
        session.flush()
        assert region.id is not None
        return region.id


def make_organisation(
    *, region_id: int, abbreviation: str, kind: str = "dinas", name: str | None = None
) -> int:
    with session_scope() as session:
        organisation = Organisation(
            region_id=region_id, name=name or f"Dinas {abbreviation}", abbreviation=abbreviation, kind=kind
        )
        session.add(organisation)
        session.flush()
        assert organisation.id is not None
        return organisation.id


def make_user(
    *,
    username: str,
    role: Role,
    region_id: int | None = None,
    organisation_id: int | None = None,
    via_accounts: bool = False,
) -> Actor:
    if via_accounts:
        from services import signin, users

        info = users.operator_create_user(
            username=username,
            full_name=username.title(),
            password=PASSWORD,
            role=role.value,
            region_id=region_id,
            organisation_id=organisation_id,
        )
        return signin.get_actor(info.id)
    with session_scope() as session:
        user = User(
            username=username,
            full_name=username.title(),
            password_hash="not-a-real-hash",
            role=role.value,
            region_id=region_id,
            organisation_id=organisation_id,
            created_at=utcnow(),
        )
        session.add(user)
        session.flush()
        return Actor.from_user(user)


def make_catalog(key: str = "spbe-2021", *, status: CatalogStatus = CatalogStatus.active) -> int:
    """Store a shipped catalog the way ``services.catalogs`` stores it (canonical JSON and its hash)."""
    from services.catalogs import canonical_document, content_hash

    catalog = load_catalog(key)
    document = canonical_document(catalog)
    with session_scope() as session:
        row = Catalog(
            key=catalog.key,
            name=catalog.name,
            framework=catalog.framework,
            year=catalog.year,
            version=catalog.version,
            document=document,
            content_hash=content_hash(document),
            status=status,
            imported_at=utcnow(),
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def wit(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIT)


@dataclass
class World:
    """A province with two OPDs (A answers the Diskominfosan items, B the BKD ones) and a kabupaten."""

    province_id: int
    kabupaten_id: int
    opd_a: int
    opd_b: int
    opd_kab: int
    admin: Actor
    leader: Actor
    inspector: Actor
    inspector_kab: Actor
    focal_a: Actor
    focal_b: Actor
    catalog_id: int
    period_id: int = 0

    def actor(self, role: str) -> Actor:
        return {
            "admin": self.admin,
            "leader": self.leader,
            "inspector": self.inspector,
            "inspector_kab": self.inspector_kab,
            "focal_a": self.focal_a,
            "focal_b": self.focal_b,
        }[role]


def build_world(*, via_accounts: bool = False, with_period: bool = True) -> World:
    province = make_region(code="82", name="Provinsi Maluku Utara")
    kabupaten = make_region(
        code="82.01", name="Kabupaten Halmahera Barat", kind="kabupaten", parent_id=province
    )
    opd_a = make_organisation(
        region_id=province, abbreviation="Diskominfosan", name="Dinas Komunikasi, Informatika dan Persandian"
    )
    opd_b = make_organisation(
        region_id=province, abbreviation="BKD", kind="badan", name="Badan Kepegawaian Daerah"
    )
    opd_kab = make_organisation(region_id=kabupaten, abbreviation="Diskominfo", name="Dinas Kominfo Halbar")
    users = {
        "admin": make_user(username="admin", role=Role.admin, region_id=province, via_accounts=via_accounts),
        "leader": make_user(
            username="sekda", role=Role.leader, region_id=province, via_accounts=via_accounts
        ),
        "inspector": make_user(
            username="inspektur", role=Role.inspector, region_id=province, via_accounts=via_accounts
        ),
        "inspector_kab": make_user(username="apip.halbar", role=Role.inspector, region_id=kabupaten),
        "focal_a": make_user(
            username="op.kominfo",
            role=Role.focal_point,
            organisation_id=opd_a,
            region_id=province,
            via_accounts=via_accounts,
        ),
        "focal_b": make_user(
            username="op.bkd", role=Role.focal_point, organisation_id=opd_b, region_id=province
        ),
    }
    world = World(
        province_id=province,
        kabupaten_id=kabupaten,
        opd_a=opd_a,
        opd_b=opd_b,
        opd_kab=opd_kab,
        catalog_id=make_catalog(),
        admin=users["admin"],
        leader=users["leader"],
        inspector=users["inspector"],
        inspector_kab=users["inspector_kab"],
        focal_a=users["focal_a"],
        focal_b=users["focal_b"],
    )
    if with_period:
        world.period_id = make_period(world).id
    return world


def make_period(
    world: World,
    *,
    name: str = "SPBE 2026",
    opens_at: datetime | None = None,
    submission_deadline: datetime | None = None,
    verification_deadline: datetime | None = None,
) -> Any:
    from services import periods

    return periods.create_period(
        world.admin,
        catalog_key="spbe-2021",
        region_id=world.province_id,
        name=name,
        opens_at=opens_at or wit(2026, 1, 5, 8),
        submission_deadline=submission_deadline or wit(2099, 5, 31, 23, 59),
        verification_deadline=verification_deadline or wit(2099, 7, 31, 23, 59),
    )


def submission_id(world: World, *, organisation_id: int, code: str) -> int:
    with session_scope() as session:
        found = session.exec(
            select(Submission.id).where(
                Submission.period_id == world.period_id,
                Submission.organisation_id == organisation_id,
                Submission.code == code,
            )
        ).one()
        assert found is not None
        return found


def attach_evidence(
    actor: Actor, *, submission_id: int, filename: str = "sk-arsitektur-spbe.pdf", content: bytes = PDF_BYTES
) -> int:
    """Upload a file through ``services.evidence.upload_evidence``; returns the evidence id."""
    from services.evidence import upload_evidence

    info = upload_evidence(actor, submission_id=submission_id, filename=filename, stream=io.BytesIO(content))
    return int(info.id)


def table_rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, for "a refused action changes nothing" comparisons."""
    with session_scope() as session:
        return {
            table.name: sorted(
                (tuple(row) for row in session.execute(sa_select(table)).all()), key=lambda r: repr(r)
            )
            for table in SQLModel.metadata.sorted_tables
        }


def folder_store() -> EvidenceStore:
    """The settings' evidence store when it is the folder one (tests that damage or list files by hand)."""
    from services.evidence_storage import evidence_store

    store = evidence_store()
    assert isinstance(store, EvidenceStore)
    return store


def damage(store: EvidenceStorage, sha256: str, data: bytes) -> None:
    """Replace an object's stored bytes behind the store's back (a disk fault, a hand in the data)."""
    if isinstance(store, EvidenceStore):
        store.path(sha256).write_bytes(data)
        return
    assert isinstance(store, DatabaseEvidenceStore)
    with store.engine.begin() as connection:
        connection.execute(
            sa_text("UPDATE evidence_chunk SET data = :data WHERE sha256 = :sha256 AND seq = 0"),
            {"data": data, "sha256": sha256},
        )


def age_object(store: EvidenceStorage, sha256: str, *, hours: float = 2) -> None:
    """Make an object look stored ``hours`` ago (past fsck's wait for an upload in progress)."""
    moment = datetime.now(UTC) - timedelta(hours=hours)
    if isinstance(store, EvidenceStore):
        os.utime(store.path(sha256), (moment.timestamp(), moment.timestamp()))
        return
    assert isinstance(store, DatabaseEvidenceStore)
    with store.engine.begin() as connection:
        connection.execute(
            sa_text("UPDATE evidence_object SET stored_at = :moment WHERE sha256 = :sha256"),
            {"moment": moment, "sha256": sha256},
        )
