"""A small world with a little of everything to back up, and an empty place to restore it into (shared by the
backup tests)."""

from __future__ import annotations

import hashlib
import io
import uuid
from pathlib import Path

import pytest
from conftest import SmallWorld
from pg_server import PostgresServer

from config import get_settings
from models import Assignment, Catalog, Organisation, Period, Role, Submission, session_scope
from models.database import engine_for
from services import evidence, signin, users
from services.evidence_storage import evidence_store
from storage.files import sha256_bytes
from storage.store import EvidenceStore

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CSV = b"kode;nilai\n1.1;80\n"
PASSWORD = "Sandi-Kuat-2026"


def fill(world: SmallWorld) -> None:
    """A little of everything: users, a merged OPD (self reference), a period, evidence files."""
    focal = users.create_user(
        world.admin, username="op.kominfo", full_name="Operator", password=PASSWORD, role=Role.focal_point,
        organisation_id=world.opd_id,
    )  # fmt: skip
    with session_scope() as session:
        merged = session.get(Organisation, world.other_opd_id)
        assert merged is not None
        merged.merged_into_id = world.opd_id
        catalog = Catalog(key="spbe-x", name="SPBE", framework="spbe", year=2026, document={"a": [1, "é"]},
                          content_hash="0" * 64)  # fmt: skip
        session.add(catalog)
        session.flush()
        assert catalog.id is not None
        period = Period(catalog_id=catalog.id, region_id=world.province_id, name="SPBE 2026")
        session.add(period)
        session.flush()
        assert period.id is not None
        item = Submission(period_id=period.id, organisation_id=world.opd_id, code="1.1", self_value=3.5,
                          note="Catatan — ünïcode", status="draft")  # fmt: skip
        session.add(item)
        session.add(Assignment(period_id=period.id, organisation_id=world.opd_id, code="1.1"))
        session.flush()
        item_id = item.id
    actor = signin.get_actor(focal.id)
    assert item_id is not None
    for name, data in (("SK.pdf", PDF), ("rekap.csv", CSV)):
        evidence.upload_evidence(actor, submission_id=item_id, filename=name, stream=io.BytesIO(data))


def evidence_hashes(data_dir: Path) -> dict[str, str]:
    """Key → sha256 of the bytes of everything the settings' evidence store holds (a folder: every file)."""
    store = evidence_store(data_dir=data_dir)
    if not isinstance(store, EvidenceStore):
        return {store.key_for(sha): sha256_bytes(store.open(sha).read()) for sha in store.iter_objects()}
    root = store.root
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def empty_target(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, kind: str
) -> str:
    """Point the settings at a new, empty data folder and database (not migrated)."""
    data_dir = tmp_path / f"restored-{uuid.uuid4().hex[:6]}"
    if kind == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        name = f"lentera_restore_{uuid.uuid4().hex[:10]}"
        url = server.create_database(name)
        request.addfinalizer(lambda: server.drop_database(name))
    else:
        url = f"sqlite:///{(data_dir / 'lentera.db').as_posix()}"
    monkeypatch.setenv("LENTERA_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    engine_for.cache_clear()
    return url


RENEWED_TOKENS = ("change_token", "documents_token")  # a restore gives each period new ones


def rows_without_tokens(rows: dict[str, list[dict[str, object]]]) -> dict[str, list[dict[str, object]]]:
    """The snapshot without the periods' change and documents tokens, which a restore renews."""
    periods = [{k: v for k, v in row.items() if k not in RENEWED_TOKENS} for row in rows["period"]]
    return {**rows, "period": periods}


def make_kind(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"
