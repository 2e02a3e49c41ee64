"""Catalogs: the shipped SPBE and MCP catalogs load, carry the official weights, areas, tags and OPDs, and match
their generator. Rejections are in ``test_catalog_rejections``, diffs and round trips in ``test_catalog_diff``."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from indicators import (
    ROOT_CODE,
    CatalogError,
    available_catalogs,
    load_catalog,
)
from indicators.rules import LevelsRule

REPO = Path(__file__).resolve().parent.parent
OPD_CSV = REPO / "seed_data" / "malut-opd.csv"
MCP_AREAS = [
    "Perencanaan",
    "Penganggaran",
    "Pengadaan Barang/Jasa",
    "Pelayanan Publik",
    "Pengawasan APIP",
    "Manajemen ASN",
    "Pengelolaan BMD",
    "Optimalisasi Pajak Daerah",
]


# -- shipped catalogs ---------------------------------------------------------------------------------------


def test_every_shipped_catalog_loads_under_its_own_key() -> None:
    keys = available_catalogs()
    assert {"spbe-2021", "mcp-2024", "mcp-2025"} <= set(keys)
    for key in keys:
        catalog = load_catalog(key)
        assert catalog.key == key
        assert catalog.leaves(), key
        assert all(node.code != ROOT_CODE for node in catalog.walk())


def test_load_catalog_accepts_a_path_and_rejects_an_unknown_key() -> None:
    path = Path(__file__).resolve().parent.parent / "indicators" / "catalogs" / "mcp-2024.yaml"
    assert load_catalog(path) == load_catalog("mcp-2024")
    with pytest.raises(CatalogError, match=r"katalog tidak ada.*mcp-2024"):
        load_catalog("mcp-1999")


def test_spbe_has_47_indicators_with_official_weights_and_level_names() -> None:
    spbe = load_catalog("spbe-2021")
    leaves = spbe.leaves()
    assert [leaf.code for leaf in leaves] == [str(n) for n in range(1, 48)]
    assert [(d.code, d.weight) for d in spbe.top_level] == [
        ("D1", 13),
        ("D2", 25),
        ("D3", 16.5),
        ("D4", 45.5),
    ]
    aspects = [node.code for node in spbe.walk() if node.depth == 2]
    assert aspects == [f"A{n}" for n in range(1, 9)]
    assert sum(leaf.weight for leaf in leaves) == pytest.approx(100)
    first, transaksi = spbe.node("1").rule, spbe.node("32").rule
    assert isinstance(first, LevelsRule) and isinstance(transaksi, LevelsRule)
    assert first.levels == {
        1: "Rintisan",
        2: "Terkelola",
        3: "Terdefinisi",
        4: "Terpadu dan Terukur",
        5: "Optimum",
    }
    assert transaksi.levels[3] == "Transaksi"
    assert spbe.node("47").parent_code == "A8" and spbe.node("A8").parent_code == "D4"
    assert spbe.scale.max == 5 and spbe.provenance == "official"


def test_spbe_leaf_score_on_the_catalog_scale() -> None:
    spbe = load_catalog("spbe-2021")
    rule = spbe.node("12").rule
    assert rule is not None and rule.allowed_values() == [1, 2, 3, 4, 5]
    assert 4 / rule.maximum * spbe.scale.max == 4


def test_mcp_2024_has_eight_areas_of_indicators_and_sub_indicators() -> None:
    mcp = load_catalog("mcp-2024")
    assert [area.name for area in mcp.top_level] == MCP_AREAS
    assert mcp.max_depth == 3 and mcp.framework == "MCP" and mcp.year == 2024
    indicators = [node for node in mcp.walk() if node.depth == 2]
    leaves = mcp.leaves()
    assert 24 <= len(indicators) <= 28 and 60 <= len(leaves) <= 75
    assert all(leaf.depth == 3 for leaf in leaves)
    for leaf in leaves:
        assert leaf.rule is not None and leaf.rule.kind == "percent"
        assert leaf.rule.allowed_values() == [0, 50, 100]
        assert leaf.weight == 1 and leaf.provenance == "provisional"
        assert leaf.evidence and all(e.description for e in leaf.evidence)
    assert mcp.node("PBJ.1.1").parent_code == "PBJ.1"


def test_mcp_digital_tags_mark_the_e_government_items() -> None:
    mcp = load_catalog("mcp-2024")
    digital = {leaf.code for leaf in mcp.leaves() if "digital" in leaf.tags}
    assert len(digital) >= 20
    names = " ".join(mcp.node(code).name for code in digital)
    for system in ["SIPD", "SiRUP", "SPSE", "OSS-RBA", "SP4N-LAPOR!", "SIASN", "e-BMD", "e-BPHTB", "QRIS"]:
        assert system in names, system
    # A plain DPRD vote on the APBD is not a digital service.
    assert "digital" not in mcp.node("ANG.1.1").tags
    assert "digital" in mcp.node("PAJAK.2.1").tags  # tapping box


DIGITAL_WORDS = re.compile(
    r"SIPD|SiRUP|SPSE|LPSE|katalog elektronik|toko daring|OSS-RBA|SiCantik|MPP Digital|SP4N-LAPOR|SIPPN|"
    r"SIASN|SIMPEG|e-kinerja|e-TPP|e-LHKPN|SIHARKA|e-BMD|e-Samsat|e-PBB|e-BPHTB|QRIS|tapping box|e-audit|"
    r"whistleblowing|GOL KPK|daring|elektronik"
)


@pytest.mark.parametrize("key", ["mcp-2024", "mcp-2025"])
def test_every_leaf_about_an_e_government_system_is_tagged_digital(key: str) -> None:
    untagged = [
        leaf.code
        for leaf in load_catalog(key).leaves()
        if DIGITAL_WORDS.search(leaf.name) and "digital" not in leaf.tags
    ]
    assert untagged == []


def _known_opds() -> tuple[set[str], set[str]]:
    with OPD_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {row["abbreviation"] for row in rows}, {row["kind"] for row in rows}


@pytest.mark.parametrize("key", ["mcp-2024", "mcp-2025"])
def test_mcp_leaves_name_existing_opds_and_opd_kinds(key: str) -> None:
    abbreviations, kinds = _known_opds()
    for leaf in load_catalog(key).leaves():
        assert leaf.responsible is not None and (leaf.responsible.opds or leaf.responsible.opd_kinds), (
            leaf.code
        )
        assert set(leaf.responsible.opds) <= abbreviations, leaf.code
        assert set(leaf.responsible.opd_kinds) <= kinds, leaf.code
    every_opd = [
        leaf
        for leaf in load_catalog(key).leaves()
        if leaf.responsible and "dinas" in leaf.responsible.opd_kinds
    ]
    assert every_opd, "items every OPD answers (Renja, RKA, BMD) carry opd_kinds"


def test_mcp_2025_has_sasaran_aspects_and_document_indicators() -> None:
    mcp = load_catalog("mcp-2025")
    assert [area.name for area in mcp.top_level] == MCP_AREAS
    assert mcp.max_depth == 4
    sasaran = [node for node in mcp.walk() if node.depth == 2]
    aspects = [node for node in mcp.walk() if node.depth == 3]
    assert len(sasaran) == 16 and all(len(s.children) == 3 for s in sasaran)
    assert {a.name for a in aspects} == {"Transparansi", "Regulasi dan Kebijakan", "Akuntabilitas"}
    assert all(aspect.children for aspect in aspects)
    leaves = mcp.leaves()
    assert len(leaves) >= 100 and all(leaf.depth == 4 for leaf in leaves)
    for leaf in leaves:
        assert leaf.rule is not None and leaf.rule.kind == "documents"
        assert sum(d.points for d in leaf.rule.documents) == 100
        assert leaf.rule.maximum == 100
    assert sum("digital" in leaf.tags for leaf in leaves) >= 30


def test_mcp_2025_bmd_database_example() -> None:
    mcp = load_catalog("mcp-2025")
    [database] = [leaf for leaf in mcp.leaves() if leaf.name == "Database BMD"]
    assert database.rule is not None and database.rule.kind == "documents"
    documents = [(d.name, d.points) for d in database.rule.documents]
    assert documents == [
        ("Screenshot menu laporan BMD sesuai Permendagri 47/2021", 50),
        ("Laporan BMD format IV L.4.4", 50),
    ]
    assert "digital" in database.tags
    assert mcp.node(database.parent_code or "").name == "Akuntabilitas"


def test_a_code_used_in_both_mcp_years_names_the_same_item() -> None:
    mcp_2024, mcp_2025 = load_catalog("mcp-2024"), load_catalog("mcp-2025")
    old = {node.code: node.name for node in mcp_2024.walk()}
    shared = [node for node in mcp_2025.walk() if node.code in old]
    assert len(shared) >= 50
    assert all(node.name == old[node.code] for node in shared)


@pytest.mark.parametrize(
    ("key", "score", "zone"),
    [
        ("spbe-2021", 0.0, "Kurang"),
        ("spbe-2021", 1.79, "Kurang"),
        ("spbe-2021", 1.80, "Cukup"),
        ("spbe-2021", 3.5, "Sangat Baik"),
        ("spbe-2021", 5.0, "Memuaskan"),
        ("mcp-2024", 24.99, "merah"),
        ("mcp-2024", 25, "kuning"),
        ("mcp-2024", 77.99, "biru"),
        ("mcp-2024", 78, "hijau"),
        ("mcp-2024", 100, "hijau"),
        ("mcp-2025", 77.99, "biru"),
        ("mcp-2025", 78, "hijau"),
    ],
)
def test_zone_edges(key: str, score: float, zone: str) -> None:
    assert load_catalog(key).zone_for(score) == zone


def test_zone_for_a_missing_score_is_none() -> None:
    mcp = load_catalog("mcp-2024")
    assert mcp.zone_for(None) is None and mcp.zone_for(float("nan")) is None


def test_mcp_deadline_template() -> None:
    for key in ("mcp-2024", "mcp-2025"):
        deadlines = {d.kind: (d.month, d.day) for d in load_catalog(key).deadlines}
        assert deadlines == {"submission": (11, 30), "verification": (12, 10), "publication": (12, 17)}


@pytest.mark.parametrize("year", [2024, 2025])
def test_shipped_mcp_yaml_matches_its_generator(year: int, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location(
        "build_mcp_catalogs", REPO / "scripts" / "build_mcp_catalogs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    shipped = (REPO / "indicators" / "catalogs" / f"mcp-{year}.yaml").read_text(encoding="utf-8")
    assert module.render(year) == shipped, "run scripts/build_mcp_catalogs.py after editing it"


def test_mcp_yaml_says_its_zones_are_provisional() -> None:
    text = (Path(__file__).resolve().parent.parent / "indicators" / "catalogs" / "mcp-2024.yaml").read_text()
    zone_comment = text[: text.index("\nzones:")].rsplit("\n", 3)
    assert "PROVISIONAL" in "".join(zone_comment)
    assert "provenance: provisional" in text
