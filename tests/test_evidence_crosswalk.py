"""One piece of evidence, every framework (issue 17 §3): the item-level crosswalk between MCP 2025, SPBE 2021 and
PEKPPP is valid data (every code exists in its catalog, a reason and a strength per pair), and a file uploaded for
an item says which other items it also supports — in the service and on the focal point's item panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_driver import actor_of, sign_in, texts
from factories import World, attach_evidence, build_world, make_catalog, submission_id, wit
from sqlmodel import select

from i18n import t
from indicators import available_catalogs, load_catalog
from indicators.crosswalk import STRENGTHS, base_key, load_pairs, pair_problems, related_items
from models.database import session_scope
from models.tables import Submission
from services import organisations, periods
from services.crosswalk import also_supports

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


# -- the data ------------------------------------------------------------------------------------------------


def test_every_crosswalk_code_exists_in_its_shipped_catalog() -> None:
    """No unknown catalog or code, no pair listed twice or within one catalog, a reason and strength each."""
    pairs = load_pairs()
    catalogs = {key: load_catalog(key) for key in available_catalogs()}
    assert pair_problems(pairs, catalogs) == []
    assert all(p.strength in STRENGTHS and len(p.reason) > 20 for p in pairs)
    assert all(base_key(p.catalog_a) == p.catalog_a and base_key(p.catalog_b) == p.catalog_b for p in pairs)


def test_item_pairs_join_mcp_2025_spbe_pekppp_and_pemdi_with_strong_and_weak_marks() -> None:
    """Each pair of the four frameworks has leaf-to-leaf pairs marked strong and weak (SPBE → Pemdi in the
    framework map, which joins the crosswalk); no MCP area is paired as a whole."""
    keys = ("mcp-2025", "spbe-2021", "pekppp-2022", "pemdi-2026")
    mcp = load_catalog("mcp-2025")
    leaves = {key: {leaf.code for leaf in load_catalog(key).leaves()} for key in keys}
    item_pairs = [
        p
        for p in load_pairs()
        if p.code_a in leaves.get(p.catalog_a, ()) and p.code_b in leaves.get(p.catalog_b, ())
    ]
    for a, b in (("mcp-2025", "spbe-2021"), ("mcp-2025", "pekppp-2022"), ("spbe-2021", "pekppp-2022")):
        strengths = {p.strength for p in item_pairs if {p.catalog_a, p.catalog_b} == {a, b}}
        assert strengths == {"strong", "weak"}, (a, b)
    spbe_42 = {(r.catalog_key, r.code, r.strength) for r in related_items(load_catalog("spbe-2021"), "42")}
    assert {("pemdi-2026", "IK-19", "strong"), ("pekppp-2022", "26", "strong")} <= spbe_42
    area_codes = {n.code for n in mcp.top_level}
    assert [p for p in load_pairs() if p.catalog_a.startswith("mcp") and p.code_a in area_codes] == []


def test_a_changed_pair_file_is_refused_with_its_line(tmp_path: Path) -> None:
    """A row without a reason names its line; an unknown code is reported by ``pair_problems``."""
    path = tmp_path / "crosswalk.csv"
    path.write_text(
        "catalog_a,code_a,catalog_b,code_b,strength,reason\nmcp-2025,BMD.1,spbe-2021,38,strong,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="line 2"):
        load_pairs(path)
    path.write_text(
        "catalog_a,code_a,catalog_b,code_b,strength,reason\nmcp-2025,BMD.9,spbe-2021,38,strong,alasan\n",
        encoding="utf-8",
    )
    catalogs = {k: load_catalog(k) for k in ("mcp-2025", "spbe-2021")}
    assert pair_problems(load_pairs(path), catalogs) == ["BMD.9 is no item of mcp-2025"]


# -- the service ---------------------------------------------------------------------------------------------


@pytest.fixture
def world(db_url: str) -> World:
    """Diskominfosan (an SPBE period open) is also marked a service unit, with a PEKPPP period open."""
    world = build_world()
    organisations.set_service_unit(world.admin, organisation_id=world.opd_a, service_unit=True)
    make_catalog("pekppp-2022")
    info = periods.create_period(
        world.admin,
        catalog_key="pekppp-2022",
        region_id=world.province_id,
        name="PEKPPP 2026",
        opens_at=wit(2026, 1, 5, 8),
        submission_deadline=wit(2099, 5, 31, 23, 59),
        verification_deadline=wit(2099, 7, 31, 23, 59),
    )
    world.pekppp_period_id = int(info.id)  # type: ignore[attr-defined]
    return world


def test_a_pekppp_file_also_supports_spbe_and_mcp_items_strong_first(world: World) -> None:
    """PEKPPP 26 (complaint channels) → MCP 2025 YANLIK.3.1, SPBE 42, Pemdi IK-19 and MCP 2024 YANLIK.3.1 strong,
    the rest weak; SPBE 42 is open for the same OPD, so the line names its period; MCP has no open period, so its
    items come without one."""
    with session_scope() as session:
        item = session.exec(
            select(Submission.id).where(
                Submission.period_id == world.pekppp_period_id,  # type: ignore[attr-defined]
                Submission.organisation_id == world.opd_a,
                Submission.code == "26",
            )
        ).one()
    assert item is not None
    attach_evidence(world.focal_a, submission_id=item, filename="sk-sp4n-lapor.pdf")
    related = also_supports(world.focal_a, submission_id=item)
    pairs = list(zip(related["catalog_key"], related["code"], related["strength"], strict=True))
    assert pairs[:4] == [
        ("mcp-2025", "YANLIK.3.1", "strong"),
        ("spbe-2021", "42", "strong"),
        ("pemdi-2026", "IK-19", "strong"),
        ("mcp-2024", "YANLIK.3.1", "strong"),
    ]
    assert set(related["strength"].iloc[4:]) == {"weak"}
    assert all(related["reason"].str.len() > 20)
    spbe = related.set_index("code").loc["42"]
    assert spbe["period"] == "SPBE 2026"
    assert spbe["submission_id"] == submission_id(world, organisation_id=world.opd_a, code="42")
    assert related.loc[related["catalog_key"].str.startswith("mcp"), "period"].isna().all()
    with pytest.raises(Exception) as caught:  # another OPD's focal point may not read the item
        also_supports(world.focal_b, submission_id=item)
    assert getattr(caught.value, "key", None) == "perm.other_opd"


# -- the page ------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("browserless")
def test_the_focal_points_item_panel_says_what_an_uploaded_file_also_supports(demo: dict[str, str]) -> None:
    """After an upload the item panel lists "Berkas ini juga mendukung:" with the related items' codes."""
    from app_driver import upload_file

    from services import periods as period_service
    from services import submission_views
    from ui.widgets import default_period

    username = "fp.diskominfosan"
    actor = actor_of(username)
    period_id = default_period(period_service.list_periods(actor), actor)
    assert actor.organisation_id is not None and period_id is not None
    items = submission_views.checklist(actor, period_id=period_id, organisation_id=actor.organisation_id)
    row = items[items["status"].isin(["empty", "draft"]) & (items["evidence_count"] == 0)].iloc[0]
    code = str(row["code"])

    at = sign_in(username, demo[username])
    at.button(key=f"open_{code}").click().run()
    assert not any(t("panel.crosswalk.also", "id") in s for s in texts(at.info))  # no file yet
    upload_file(at, code, "Bukti.pdf", PDF)  # with the document date where the item asks for one
    assert not at.exception
    related = also_supports(actor, submission_id=int(row["submission_id"]))
    assert not related.empty
    (line,) = [s for s in texts(at.info) if t("panel.crosswalk.also", "id") in s]
    for framework, related_code in list(zip(related["framework"], related["code"], strict=True))[:3]:
        assert f"{framework} {related_code}" in line.replace("\\", "")
