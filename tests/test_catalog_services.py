"""Catalog use cases on a real database: import as draft, refuse bad or clashing catalogs, diff, activate."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TypedDict

import pytest
from factories import make_region, make_user, wit
from sqlmodel import col, func, select

from i18n import LenteraError
from indicators import available_catalogs, loader, parse_catalog
from indicators.loader import CATALOG_DIR
from models import session_scope
from models.tables import AuditEvent, Catalog, CatalogStatus, Region, Role
from services import catalogs, periods
from services.actor import Actor
from services.catalogs import CatalogInvalidError


class _Schedule(TypedDict):
    """A period's three moments, as ``periods.create_period`` takes them."""

    opens_at: datetime
    submission_deadline: datetime
    verification_deadline: datetime


V1 = """\
key: uji-2026
name: Katalog uji
framework: MCP
year: 2026
scale: {min: 0, max: 100}
zones:
- {name: merah, min: 0, max: 50}
- {name: hijau, min: 50, max: 100}
nodes:
- code: A
  name: Perencanaan
  children:
  - code: A1
    name: RKPD ditetapkan tepat waktu
    rule: {kind: percent, steps: [0, 50, 100]}
  - code: A2
    name: E-planning terintegrasi
    rule: {kind: binary}
"""

# The next version: A1 renamed and reweighted, A2 removed, A3 added.
V2 = (
    V1.replace("key: uji-2026", "key: uji-2026-v2")
    .replace("name: RKPD ditetapkan tepat waktu", "name: RKPD ditetapkan sebelum 30 Juni\n    weight: 2")
    .replace(
        "  - code: A2\n    name: E-planning terintegrasi\n    rule: {kind: binary}\n",
        "  - code: A3\n    name: Pokir DPRD melalui SIPD\n    rule: {kind: binary}\n",
    )
)

# Line 16 gives a negative weight, line 20 reuses code A1.
BROKEN = """\
key: rusak-2026
name: Katalog rusak
framework: MCP
year: 2026
scale: {min: 0, max: 100}
zones:
- {name: merah, min: 0, max: 50}
- {name: hijau, min: 50, max: 100}
nodes:
- code: A
  name: Perencanaan
  children:
  - code: A1
    name: Satu
    rule: {kind: binary}
    weight: -1
  - code: A2
    name: Dua
    rule: {kind: binary}
  - code: A1
    name: Tiga
    rule: {kind: binary}
"""


@pytest.fixture
def admin(db_url: str) -> Actor:
    """An admin of every region: catalogs are shared by all regions (the province is made for periods)."""
    make_region(code="82", name="Provinsi Maluku Utara")
    return make_user(username="admin", role=Role.admin, region_id=None)


def _province_id() -> int:
    with session_scope() as session:
        region_id = session.exec(select(Region.id).where(Region.kemendagri_code == "82")).one()
    assert region_id is not None
    return region_id


def _count(model: type) -> int:
    with session_scope() as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def test_valid_import_is_stored_as_a_draft_with_its_hash(admin: Actor) -> None:
    info = catalogs.import_catalog(admin, text=V1, source="uji.yaml")
    assert info.status == CatalogStatus.draft
    assert info.created and info.leaves == 2 and info.key == "uji-2026"
    assert len(info.content_hash) == 64
    listed = catalogs.list_catalogs(admin)
    assert list(listed["key"]) == ["uji-2026"]
    assert listed.loc[0, "status"] == "draft"
    # The stored document reads back as the same catalog.
    assert catalogs.get_catalog(admin, catalog_id=info.id) == parse_catalog(V1)
    with session_scope() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "catalog.import")).all()
    assert [e.actor_username for e in events] == ["admin"]


def test_importing_the_same_text_again_changes_nothing(admin: Actor) -> None:
    first = catalogs.import_catalog(admin, text=V1)
    # Formatting differences do not change the content hash.
    again = catalogs.import_catalog(admin, text=V1.replace("{kind: binary}", "\n      kind: binary"))
    assert again.id == first.id and not again.created
    assert again.content_hash == first.content_hash
    assert _count(Catalog) == 1


def test_invalid_catalog_lists_problems_with_lines_and_writes_nothing(admin: Actor) -> None:
    with pytest.raises(CatalogInvalidError) as caught:
        catalogs.import_catalog(admin, text=BROKEN, source="rusak.yaml")
    error = caught.value
    assert error.key == "catalog.invalid"
    lines = {problem.line for problem in error.problems}
    assert {16, 20} <= lines
    assert all(problem.source == "rusak.yaml" for problem in error.problems)
    assert "rusak.yaml:" in error.message("en")
    assert _count(Catalog) == 0
    assert _count(AuditEvent) == 0


def test_same_key_with_other_content_is_refused(admin: Actor) -> None:
    catalogs.import_catalog(admin, text=V1)
    changed = V1.replace("name: Katalog uji", "name: Katalog uji (revisi)")
    with pytest.raises(LenteraError) as caught:
        catalogs.import_catalog(admin, text=changed)
    assert caught.value.key == "catalog.key_exists"
    assert "uji-2026-v2" in caught.value.message("id")
    with session_scope() as session:
        assert session.exec(select(Catalog.name)).all() == ["Katalog uji"]


def test_only_admins_import(admin: Actor) -> None:
    leader = make_user(username="sekda", role=Role.leader, region_id=admin.region_id)
    with pytest.raises(LenteraError) as caught:
        catalogs.import_catalog(leader, text=V1)
    assert caught.value.key == "perm.denied"
    assert _count(Catalog) == 0


def test_diff_against_the_active_version_of_the_framework(admin: Actor) -> None:
    v1 = catalogs.import_catalog(admin, text=V1)
    v2 = catalogs.import_catalog(admin, text=V2)
    # Nothing active yet: everything in v2 is new.
    first = catalogs.catalog_diff(admin, catalog_id=v2.id)
    assert set(first["change"]) == {"added"} and len(first) == 3
    catalogs.activate_catalog(admin, catalog_id=v1.id)
    diff = catalogs.catalog_diff(admin, catalog_id=v2.id)
    assert list(diff.columns) == ["code", "change", "old", "new", "detail"]
    changes = {(row.code, row.change) for row in diff.itertuples()}
    assert changes == {("A3", "added"), ("A2", "removed"), ("A1", "renamed"), ("A1", "reweighted")}
    renamed = diff.loc[diff["change"] == "renamed"].iloc[0]
    assert (renamed["old"], renamed["new"]) == (
        "RKPD ditetapkan tepat waktu",
        "RKPD ditetapkan sebelum 30 Juni",
    )
    assert catalogs.catalog_diff(admin, catalog_id=v2.id, against_key="uji-2026").equals(diff)


def test_diff_shows_a_new_evidence_requirement_and_another_responsible_opd(admin: Actor) -> None:
    """The admin's preview before activating lists evidence and responsibility changes of a leaf."""
    v1 = catalogs.import_catalog(admin, text=V1)
    catalogs.activate_catalog(admin, catalog_id=v1.id)
    leaf = "    name: E-planning terintegrasi\n    rule: {kind: binary}\n"
    v3_text = V1.replace("key: uji-2026", "key: uji-2026-v3").replace(
        leaf,
        leaf + "    evidence:\n    - {description: Tangkapan layar SIPD, kinds: [png]}\n"
        "    responsible: {opds: [Bappeda]}\n",
    )
    v3 = catalogs.import_catalog(admin, text=v3_text)
    diff = catalogs.catalog_diff(admin, catalog_id=v3.id)
    assert [tuple(row) for row in diff.itertuples(index=False)] == [
        (
            "A2",
            "evidence_changed",
            None,
            "Tangkapan layar SIPD (kinds: png)",
            "bukti baru: Tangkapan layar SIPD",
        ),
        ("A2", "responsibility_changed", None, "opds: Bappeda", "OPD: – → Bappeda"),
    ]


def test_activation_makes_a_catalog_usable_and_versions_coexist(admin: Actor) -> None:
    v1 = catalogs.import_catalog(admin, text=V1)
    v2 = catalogs.import_catalog(admin, text=V2)
    schedule = _Schedule(
        opens_at=wit(2026, 1, 5, 8),
        submission_deadline=wit(2099, 5, 31, 23, 59),
        verification_deadline=wit(2099, 7, 31, 23, 59),
    )
    with pytest.raises(LenteraError):  # a draft cannot be used for a period
        periods.create_period(admin, catalog_key="uji-2026", region_id=_province_id(), name="Uji", **schedule)
    catalogs.activate_catalog(admin, catalog_id=v1.id)
    catalogs.activate_catalog(admin, catalog_id=v2.id)
    statuses = dict(zip(*[catalogs.list_catalogs(admin)[c] for c in ("key", "status")], strict=True))
    assert statuses == {"uji-2026": "active", "uji-2026-v2": "active"}
    period = periods.create_period(
        admin, catalog_key="uji-2026", region_id=_province_id(), name="Uji", **schedule
    )
    assert catalogs.catalog_for_period(period.id) == parse_catalog(V1)
    # Cached on the content hash: the same object comes back.
    assert catalogs.catalog_for_period(period.id) is catalogs.catalog_for_period(period.id)
    retired = catalogs.retire_catalog(admin, catalog_id=v1.id)
    assert retired.status == "retired"
    with pytest.raises(LenteraError) as caught:
        catalogs.activate_catalog(admin, catalog_id=v1.id)
    assert caught.value.key == "catalog.retired"


def _status_events(catalog_id: int) -> list[tuple[str, str | None, str | None]]:
    with session_scope() as session:
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity == "catalog", AuditEvent.entity_id == str(catalog_id))
            .where(AuditEvent.action != "catalog.import")
            .order_by(col(AuditEvent.id))
        ).all()
        return [(e.action, (e.before or {}).get("status"), (e.after or {}).get("status")) for e in events]


def test_each_status_change_is_audited_once_and_repeats_change_nothing(admin: Actor) -> None:
    """Activate and retire each write one event with before/after; a repeat or a refusal writes none."""
    first = catalogs.import_catalog(admin, text=V1)
    second = catalogs.import_catalog(admin, text=V2)
    assert catalogs.activate_catalog(admin, catalog_id=first.id).status == "active"
    assert catalogs.activate_catalog(admin, catalog_id=first.id).status == "active"
    assert catalogs.retire_catalog(admin, catalog_id=first.id).status == "retired"
    assert catalogs.retire_catalog(admin, catalog_id=first.id).status == "retired"
    with pytest.raises(LenteraError) as caught:
        catalogs.activate_catalog(admin, catalog_id=first.id)
    assert caught.value.key == "catalog.retired" and "uji-2026" in caught.value.message("id")
    assert _status_events(first.id) == [
        ("catalog.activate", "draft", "active"),
        ("catalog.retire", "active", "retired"),
    ]
    # A draft that is never used can be retired straight away.
    assert catalogs.retire_catalog(admin, catalog_id=second.id).status == "retired"
    assert _status_events(second.id) == [("catalog.retire", "draft", "retired")]


def test_only_admins_change_a_catalogs_status(admin: Actor) -> None:
    """A leader cannot activate or retire; an unknown catalog is reported as not found."""
    leader = make_user(username="sekda", role=Role.leader, region_id=admin.region_id)
    draft = catalogs.import_catalog(admin, text=V1)
    for change in (catalogs.activate_catalog, catalogs.retire_catalog):
        with pytest.raises(LenteraError) as caught:
            change(leader, catalog_id=draft.id)
        assert caught.value.key == "perm.denied"
        with pytest.raises(LenteraError) as caught:
            change(admin, catalog_id=draft.id + 1000)
        assert caught.value.key == "catalog.not_found"
    assert catalogs.catalog_info(admin, catalog_id=draft.id).status == "draft"
    assert _status_events(draft.id) == []


def test_a_region_scoped_admin_cannot_retire_a_shared_catalog(admin: Actor) -> None:
    """Every region's new periods choose from the same catalogs: a province admin must not retire one."""
    draft = catalogs.import_catalog(admin, text=V1)
    scoped = make_user(username="admin.prov", role=Role.admin, region_id=_province_id())
    catalogs.activate_catalog(scoped, catalog_id=draft.id)
    with pytest.raises(LenteraError) as caught:
        catalogs.retire_catalog(scoped, catalog_id=draft.id)
    assert caught.value.key == "perm.every_region_only"
    assert catalogs.catalog_info(admin, catalog_id=draft.id).status == "active"


def test_shipped_catalogs_load_once_as_active(admin: Actor) -> None:
    assert catalogs.ensure_shipped_catalogs() == available_catalogs()
    assert catalogs.ensure_shipped_catalogs() == []
    listed = catalogs.list_catalogs(admin)
    assert sorted(listed["key"]) == available_catalogs()
    assert set(listed["status"]) == {"active"}
    spbe = catalogs.catalog_by_key("spbe-2021")
    assert spbe is not None and len(spbe.leaves()) == 47


def test_a_changed_shipped_catalog_lands_beside_the_stored_one_as_a_draft_version(
    admin: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shipped file whose content changed after its key was stored is stored once as a draft ``-v2`` (then
    ``-v3``); the stored version keeps its content, and unchanged or reverted files add nothing."""
    shipped = tmp_path / "spbe-2021.yaml"
    original = (CATALOG_DIR / "spbe-2021.yaml").read_text(encoding="utf-8")
    shipped.write_text(original, encoding="utf-8")
    monkeypatch.setattr(loader, "CATALOG_DIR", tmp_path)
    assert catalogs.ensure_shipped_catalogs() == ["spbe-2021"]
    first_hash = _stored_hash("spbe-2021")

    shipped.write_text(original.replace("name: Domain Tata Kelola SPBE", "name: Domain Tata Kelola"), "utf-8")
    assert catalogs.ensure_shipped_catalogs() == ["spbe-2021-v2"]
    assert catalogs.ensure_shipped_catalogs() == []
    listed = catalogs.list_catalogs(admin).set_index("key")
    assert listed.loc["spbe-2021", "status"] == "active" and listed.loc["spbe-2021-v2", "status"] == "draft"
    assert _stored_hash("spbe-2021") == first_hash
    v2 = catalogs.catalog_by_key("spbe-2021-v2")
    assert v2 is not None and v2.version == "2" and v2.node("D2").name == "Domain Tata Kelola"

    shipped.write_text(original, encoding="utf-8")  # back to what is stored: nothing new
    assert catalogs.ensure_shipped_catalogs() == []
    shipped.write_text(original.replace("name: Domain Tata Kelola SPBE", "name: Tata Kelola SPBE"), "utf-8")
    assert catalogs.ensure_shipped_catalogs() == ["spbe-2021-v3"]


def _stored_hash(key: str) -> str:
    with session_scope() as session:
        return session.exec(select(Catalog.content_hash).where(Catalog.key == key)).one()
