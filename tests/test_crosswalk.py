"""One file, many items: a document uploaded for MCP also counts for the related SPBE indicators.

The crosswalk (indicators/crosswalk.csv) relates MCP PRC.3.3 (the item) to SPBE 43, item to item (no MCP area
is paired as a whole any more); Diskominfosan answers SPBE 12, 13 and 43, and MCP PRC.3.3.
"""

from __future__ import annotations

import pytest
from factories import World, attach_evidence, build_world, make_catalog, submission_id, table_rows, wit
from sqlmodel import col, select

from i18n import LenteraError
from indicators import load_catalog
from indicators.crosswalk import Related, load_pairs, related_items
from models.database import session_scope
from models.tables import AuditEvent, Evidence, Submission
from services import evidence, periods, submissions
from services.crosswalk import also_supports, link_evidence_to, link_suggestions


@pytest.fixture
def world(db_url: str) -> World:
    world = build_world()
    make_catalog("mcp-2025")
    info = periods.create_period(
        world.admin,
        catalog_key="mcp-2025",
        region_id=world.province_id,
        name="MCP 2026",
        opens_at=wit(2026, 1, 5, 8),
        submission_deadline=wit(2099, 5, 31, 23, 59),
        verification_deadline=wit(2099, 7, 31, 23, 59),
    )
    world.mcp_period_id = int(info.id)  # type: ignore[attr-defined]
    return world


def mcp_submission(world: World, code: str, organisation_id: int | None = None) -> int:
    with session_scope() as session:
        found = session.exec(
            select(Submission.id).where(
                Submission.period_id == world.mcp_period_id,  # type: ignore[attr-defined]
                Submission.organisation_id == (organisation_id or world.opd_a),
                Submission.code == code,
            )
        ).one()
    assert found is not None
    return found


MCP_AREAS = {"PRC", "ANG", "PBJ", "YANLIK", "APIP", "ASN", "BMD", "PAJAK"}


def test_crosswalk_file_covers_every_mcp_area_of_both_catalogs() -> None:
    """Both MCP catalogs pair item to item only (every code a leaf of its catalog, no area-level row), with items
    of every area to SPBE, PEKPPP and Pemdi; edited versions keep their pairs."""
    pairs = load_pairs()
    for key in ("mcp-2024", "mcp-2025"):
        leaves = {leaf.code for leaf in load_catalog(key).leaves()}
        paired = [p for p in pairs if key in (p.catalog_a, p.catalog_b)]
        assert paired and all(p.catalog_a == key and p.code_a in leaves for p in paired), key
        assert {p.code_a.split(".")[0] for p in paired} == MCP_AREAS, key
        assert {p.catalog_b for p in paired} == {"spbe-2021", "pekppp-2022", "pemdi-2026"}, key
        assert all(not p.reason.startswith("Tingkat area") for p in paired), key
    mcp = load_catalog("mcp-2025")
    assert {r.code for r in related_items(mcp, "PRC.3.3")} == {"43"}  # not every planning system of SPBE
    assert {r.code for r in related_items(mcp.model_copy(update={"key": "mcp-2025-v2"}), "PBJ.2.1")} == {"35"}
    spbe = load_catalog("spbe-2021")
    assert Related(
        "mcp-2025", "PBJ.2.1", "strong", next(p.reason for p in pairs if p.code_a == "PBJ.2.1")
    ) in related_items(spbe, "35")


def test_mcp_item_suggests_the_related_spbe_items_of_the_same_opd(world: World) -> None:
    suggestions = link_suggestions(world.focal_a, submission_id=mcp_submission(world, "PRC.3.3"))
    assert set(suggestions["code"]) == {"43"}  # not 12 or 13: the OPD answers them, but no pair names them
    assert set(suggestions.loc[suggestions["code"] == "43", "strength"]) == {"weak"}
    assert set(suggestions["period_id"]) == {world.period_id}
    assert suggestions["editable"].all()

    reverse = link_suggestions(
        world.focal_a, submission_id=submission_id(world, organisation_id=world.opd_a, code="43")
    )
    assert set(reverse["code"]) == {"PRC.3.3", "ANG.3.1"}  # SPBE 43's MCP items, each under its own area
    assert set(reverse["area_code"]) == {"PRC", "ANG"}

    with pytest.raises(LenteraError) as caught:
        link_suggestions(world.focal_b, submission_id=mcp_submission(world, "PRC.3.3"))
    assert caught.value.key == "perm.other_opd"


def test_one_file_counts_in_mcp_and_spbe_and_detaching_one_leaves_the_other(world: World) -> None:
    mcp_item = mcp_submission(world, "PRC.3.3")
    evidence_id = attach_evidence(world.focal_a, submission_id=mcp_item, filename="rkpd-2026.pdf")
    targets = link_suggestions(world.focal_a, submission_id=mcp_item)["submission_id"].tolist()
    linked = link_evidence_to(world.focal_a, evidence_id=evidence_id, submission_ids=targets)
    assert {e.submission_id for e in linked} == set(targets)
    with session_scope() as session:
        assert len(session.exec(select(Evidence)).all()) == 1  # one file, one row, two links

    after = link_suggestions(world.focal_a, submission_id=mcp_item)
    assert all(ids == [evidence_id] for ids in after["linked_evidence_ids"])
    # linking again adds nothing
    link_evidence_to(world.focal_a, evidence_id=evidence_id, submission_ids=targets)
    assert all(len(evidence.list_evidence(world.focal_a, submission_id=s)) == 1 for s in targets)

    (mcp_link,) = evidence.list_evidence(world.focal_a, submission_id=mcp_item)
    evidence.detach_evidence(world.focal_a, link_id=mcp_link.link_id or 0)
    assert evidence.list_evidence(world.focal_a, submission_id=mcp_item) == []
    for spbe_item in targets:
        assert [e.id for e in evidence.list_evidence(world.focal_a, submission_id=spbe_item)] == [evidence_id]

    # the SPBE item can now be submitted on the strength of the shared file
    submissions.save_draft(world.focal_a, submission_id=targets[0], self_value=3, note=None)
    submissions.submit(world.focal_a, submission_id=targets[0])


def test_linking_is_all_or_nothing_under_the_evidence_rules(world: World) -> None:
    mcp_item = mcp_submission(world, "PRC.3.3")
    evidence_id = attach_evidence(world.focal_a, submission_id=mcp_item, filename="rkpd-2026.pdf")
    spbe12 = submission_id(world, organisation_id=world.opd_a, code="12")
    spbe13 = submission_id(world, organisation_id=world.opd_a, code="13")
    submissions.save_draft(world.focal_a, submission_id=spbe13, self_value=2, note=None)
    attach_evidence(world.focal_a, submission_id=spbe13, filename="lain.pdf", content=b"%PDF-1.4\n%%EOF\n")
    submissions.submit(world.focal_a, submission_id=spbe13)

    before = table_rows()
    with pytest.raises(LenteraError) as caught:
        link_evidence_to(world.focal_a, evidence_id=evidence_id, submission_ids=[spbe12, spbe13])
    assert caught.value.key == "evidence.not_editable"
    assert table_rows() == before  # 12 was not linked either

    bkd_item = submission_id(world, organisation_id=world.opd_b, code="36")
    for actor, ids, key in (
        (world.focal_b, [bkd_item], "perm.other_opd"),  # another OPD's file
        (world.inspector, [spbe12], "perm.denied"),
        (world.focal_a, [], "crosswalk.nothing_selected"),
    ):
        with pytest.raises(LenteraError) as caught:
            link_evidence_to(actor, evidence_id=evidence_id, submission_ids=ids)
        assert caught.value.key == key
    assert table_rows() == before


def test_each_new_crosswalk_link_writes_one_event_naming_it(world: World) -> None:
    """Linking one file to the related MCP items (SPBE 43's two) records item, link and file; linking again
    records nothing."""
    spbe_item = submission_id(world, organisation_id=world.opd_a, code="43")
    evidence_id = attach_evidence(world.focal_a, submission_id=spbe_item, filename="sipd-2026.pdf")
    targets = link_suggestions(world.focal_a, submission_id=spbe_item)["submission_id"].tolist()
    linked = link_evidence_to(world.focal_a, evidence_id=evidence_id, submission_ids=targets)
    link_evidence_to(world.focal_a, evidence_id=evidence_id, submission_ids=targets)
    with session_scope() as session:
        stored = session.get(Evidence, evidence_id)
        assert stored is not None
        sha256 = stored.sha256
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "evidence.linked").order_by(col(AuditEvent.id))
        ).all()
        recorded = [(e.actor_username, e.entity_id, e.after) for e in events]
    assert len(targets) >= 2
    assert recorded == [
        (
            "op.kominfo",
            str(evidence_id),
            {"submission_id": e.submission_id, "link_id": e.link_id, "sha256": sha256},
        )
        for e in sorted(linked, key=lambda e: e.link_id or 0)
    ]


def test_an_mcp_2024_item_suggests_its_own_item_pairs_not_its_areas(world: World) -> None:
    """In an MCP 2024 period a PRC.3.3 file suggests SPBE 43 only (no longer 12 and 13 through the Perencanaan
    area); ASN.1.2 says it also supports SPBE 36 and Pemdi IK-16 (strong) before SPBE 18 and IK-18 (weak), and
    offers Diskominfosan's own SPBE 18 to link."""
    make_catalog("mcp-2024")
    info = periods.create_period(
        world.admin,
        catalog_key="mcp-2024",
        region_id=world.province_id,
        name="MCP 2024",
        opens_at=wit(2026, 1, 5, 8),
        submission_deadline=wit(2099, 5, 31, 23, 59),
        verification_deadline=wit(2099, 7, 31, 23, 59),
    )

    def item_2024(code: str) -> int:
        with session_scope() as session:
            found = session.exec(
                select(Submission.id).where(
                    Submission.period_id == int(info.id),
                    Submission.organisation_id == world.opd_a,
                    Submission.code == code,
                )
            ).one()
        assert found is not None
        return found

    planning = link_suggestions(world.focal_a, submission_id=item_2024("PRC.3.3"))
    assert planning["code"].tolist() == ["43"]
    assert planning["strength"].tolist() == ["weak"] and "data terbuka" in planning["reason"].iloc[0]

    supports = also_supports(world.focal_a, submission_id=item_2024("ASN.1.2"))
    assert list(zip(supports["code"], supports["strength"], strict=True)) == [
        ("36", "strong"),
        ("IK-16", "strong"),
        ("18", "weak"),
        ("IK-18", "weak"),
    ]
    assert supports["is_leaf"].all()
    # 36 is BKD's item in the SPBE period, not Diskominfosan's; no Pemdi period is open
    linkable = supports.dropna(subset=["submission_id"])
    assert linkable["code"].tolist() == ["18"]
    assert int(linkable["submission_id"].iloc[0]) == submission_id(
        world, organisation_id=world.opd_a, code="18"
    )
