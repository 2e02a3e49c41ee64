"""Regions and OPDs: lists by scope, creation, retirement and mergers that keep history."""

from __future__ import annotations

import io
from datetime import date

import pytest
from factories import PDF_BYTES, make_organisation, make_region, make_user, wit
from sqlmodel import select

from i18n import LenteraError
from models import session_scope
from models.tables import AuditEvent, Organisation, Role, Submission
from services import catalogs, evidence, organisations, periods, submissions
from services.actor import Actor


@pytest.fixture
def world(db_url: str) -> dict[str, int]:
    province = make_region(code="82", name="Provinsi Maluku Utara")
    kota = make_region(code="82.71", name="Kota Ternate", kind="kota", parent_id=province)
    return {
        "province": province,
        "kota": kota,
        "kominfo": make_organisation(region_id=province, abbreviation="Diskominfosan"),
        "arsip": make_organisation(region_id=province, abbreviation="Dinas Arpus"),
        "ternate": make_organisation(region_id=kota, abbreviation="Bappeda", kind="badan"),
    }


def test_lists_follow_the_actors_scope(world: dict[str, int]) -> None:
    admin = make_user(username="admin", role=Role.admin, region_id=world["province"])
    kota_leader = make_user(username="walikota", role=Role.leader, region_id=world["kota"])
    focal = make_user(
        username="op.kominfo",
        role=Role.focal_point,
        organisation_id=world["kominfo"],
        region_id=world["province"],
    )
    assert len(organisations.list_regions(admin)) == 2
    assert list(organisations.list_regions(kota_leader)["name"]) == ["Kota Ternate"]
    assert set(organisations.list_organisations(admin)["id"]) == {
        world["kominfo"],
        world["arsip"],
        world["ternate"],
    }
    assert list(organisations.list_organisations(kota_leader)["id"]) == [world["ternate"]]
    assert list(organisations.list_organisations(focal)["id"]) == [world["kominfo"]]
    only_province = organisations.list_organisations(admin, region_id=world["province"])
    assert set(only_province["region"]) == {"Provinsi Maluku Utara"}


def test_create_refuses_a_taken_abbreviation_and_non_admins(world: dict[str, int]) -> None:
    admin = make_user(username="admin", role=Role.admin, region_id=world["province"])
    created = organisations.create_organisation(
        admin,
        region_id=world["province"],
        name="Badan Riset dan Inovasi Daerah",
        abbreviation="BRIDA",
        kind="Badan",
    )
    assert created.kind == "badan" and created.active_until is None
    with pytest.raises(LenteraError) as taken:
        organisations.create_organisation(
            admin, region_id=world["province"], name="Lain", abbreviation="BRIDA", kind="badan"
        )
    assert taken.value.key == "org.abbreviation_taken"
    # The same abbreviation in another pemda is fine.
    organisations.create_organisation(
        admin, region_id=world["kota"], name="BRIDA Ternate", abbreviation="BRIDA", kind="badan"
    )
    leader = make_user(username="sekda", role=Role.leader, region_id=world["province"])
    with pytest.raises(LenteraError):
        organisations.create_organisation(
            leader, region_id=world["province"], name="X", abbreviation="X", kind="dinas"
        )
    kota_admin = make_user(username="admin.ternate", role=Role.admin, region_id=world["kota"])
    with pytest.raises(LenteraError) as outside:
        organisations.create_organisation(
            kota_admin, region_id=world["province"], name="X", abbreviation="X", kind="dinas"
        )
    assert outside.value.key == "perm.out_of_region"


def test_merge_retires_the_source_and_keeps_its_history(world: dict[str, int]) -> None:
    admin = make_user(username="admin", role=Role.admin, region_id=world["province"])
    catalogs.ensure_shipped_catalogs()
    period = periods.create_period(
        admin,
        catalog_key="spbe-2021",
        region_id=world["province"],
        name="SPBE 2025",
        opens_at=wit(2025, 1, 6, 8),
        submission_deadline=wit(2099, 5, 31, 23, 59),
        verification_deadline=wit(2099, 7, 31, 23, 59),
    )
    # Dinas Arpus answers SPBE indicator 40 (e-arsip); give it a draft with evidence before the merger.
    focal = make_user(
        username="op.arsip",
        role=Role.focal_point,
        organisation_id=world["arsip"],
        region_id=world["province"],
    )
    with session_scope() as session:
        submission = session.exec(
            select(Submission).where(
                Submission.period_id == period.id, Submission.organisation_id == world["arsip"]
            )
        ).one()
    submissions.save_draft(focal, submission_id=submission.id or 0, self_value=3, note="SK arsip")
    evidence.upload_evidence(
        focal, submission_id=submission.id or 0, filename="SK arsip.pdf", stream=io.BytesIO(PDF_BYTES)
    )

    merged = organisations.merge_organisations(
        admin, source_id=world["arsip"], target_id=world["kominfo"], effective=date(2026, 1, 1)
    )
    assert merged.merged_into_id == world["kominfo"]
    assert merged.active_until == date(2026, 1, 1)
    with session_scope() as session:
        kept = session.get(Submission, submission.id)
        assert kept is not None and kept.organisation_id == world["arsip"] and kept.self_value == 3
        assert session.get(Organisation, world["arsip"]) is not None
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "organisation.merge")).one()
        assert event.before is not None and event.before["active_until"] is None
        assert event.after is not None and event.after["merged_into_id"] == world["kominfo"]
    assert len(evidence.list_evidence(admin, submission_id=submission.id or 0)) == 1

    listed = organisations.list_organisations(admin, include_retired=True).set_index("id")
    assert listed.loc[world["arsip"], "merged_into"] == "Dinas Diskominfosan"
    assert not listed.loc[world["arsip"], "active"]
    assert world["arsip"] not in set(organisations.list_organisations(admin)["id"])
    with pytest.raises(LenteraError) as again:
        organisations.merge_organisations(
            admin, source_id=world["arsip"], target_id=world["kominfo"], effective=date(2026, 2, 1)
        )
    assert again.value.key == "org.already_retired"


def test_merge_rules(world: dict[str, int]) -> None:
    admin: Actor = make_user(username="admin", role=Role.admin, region_id=world["province"])
    with pytest.raises(LenteraError) as same:
        organisations.merge_organisations(
            admin, source_id=world["kominfo"], target_id=world["kominfo"], effective=date(2026, 1, 1)
        )
    assert same.value.key == "org.merge_same"
    with pytest.raises(LenteraError) as regions:
        organisations.merge_organisations(
            admin, source_id=world["ternate"], target_id=world["kominfo"], effective=date(2026, 1, 1)
        )
    assert regions.value.key == "org.merge_other_region"
    retired = organisations.retire_organisation(
        admin, organisation_id=world["arsip"], effective=date(2026, 1, 1)
    )
    assert retired.active_until == date(2026, 1, 1) and retired.merged_into_id is None
