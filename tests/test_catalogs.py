"""Catalogs: the shipped SPBE and MCP catalogs, line-precise rejections, version diffs and round trips."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
import time
from pathlib import Path

import pytest
import yaml

from indicators import (
    ROOT_CODE,
    CatalogError,
    available_catalogs,
    diff_catalogs,
    dump_catalog,
    load_catalog,
    loader,
    parse_catalog,
)
from indicators.loader import MAX_NODE_DEPTH

REPO = Path(__file__).resolve().parent.parent
BAD = Path(__file__).parent / "data" / "catalogs"
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

SMALL = """\
key: small
name: Katalog kecil
framework: MCP
year: 2024
scale: {min: 0, max: 100}
zones:
- {name: merah, min: 0, max: 50}
- {name: hijau, min: 50, max: 100}
nodes:
- code: A
  name: Area A
  children:
  - code: A.1
    name: Item satu
    rule: {kind: percent, steps: [0, 50, 100]}
  - code: A.2
    name: Item dua
    rule: {kind: percent, steps: [0, 50, 100]}
  - code: A.3
    name: Item tiga
    weight: 2
    rule: {kind: binary}
- code: B
  name: Area B
  children:
  - code: B.1
    name: Item B satu
    rule: {kind: percent}
"""


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
    with pytest.raises(CatalogError, match=r"no such catalog.*mcp-2024"):
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
    assert spbe.node("1").rule.levels == {  # type: ignore[union-attr]
        1: "Rintisan",
        2: "Terkelola",
        3: "Terdefinisi",
        4: "Terpadu dan Terukur",
        5: "Optimum",
    }
    assert spbe.node("32").rule.levels[3] == "Transaksi"  # type: ignore[union-attr]
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
    every_opd = [leaf for leaf in load_catalog(key).leaves() if "dinas" in leaf.responsible.opd_kinds]  # type: ignore[union-attr]
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
        assert sum(d.points for d in leaf.rule.documents) == 100  # type: ignore[union-attr]
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


# -- rejections ---------------------------------------------------------------------------------------------


def _expected(path: Path) -> set[tuple[int, str | None]]:
    """The (line, code) pairs that a fixture marks with ``# expect: CODE`` (or a bare ``# expect``)."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    marks = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if match := re.search(r"# expect(?::\s*(\S+))?\s*$", line):
            marks.add((number, match.group(1)))
    return marks


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("duplicate-code.yaml", "duplicate code (first used on line 13)"),
        ("non-positive-weight.yaml", "weight must be positive"),
        ("document-points.yaml", "document points add up to 90"),
        ("overlapping-zones.yaml", "overlap"),
        ("zone-gap.yaml", "a gap"),
        ("unknown-rule-kind.yaml", "'stars'"),
        ("unknown-key.yaml", "bobot: Extra inputs are not permitted"),
        ("leaf-without-rule.yaml", "a leaf needs a scoring rule"),
        ("billion-laughs.yaml", "anchors"),
        ("wrong-type.yaml", "weight: Input should be a valid number"),
        ("not-utf8.yaml", "not UTF-8"),
        ("top-level-list.yaml", "must be a mapping"),
        ("several-problems.yaml", "a leaf needs a scoring rule"),
    ],
)
def test_a_bad_catalog_is_rejected_at_its_file_line_and_code(fixture: str, message: str) -> None:
    path = BAD / fixture
    started = time.perf_counter()
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert time.perf_counter() - started < 10, "a hostile file must be refused, not expanded"
    problems = caught.value.problems
    assert {(p.line, p.code) for p in problems} == _expected(path)
    assert all(p.source == fixture for p in problems)
    assert message in str(caught.value)
    for problem in problems:
        where = f"{fixture}:{problem.line}" + (f" [{problem.code}]" if problem.code else "")
        assert where in str(caught.value)


@pytest.mark.parametrize("fixture", ["billion-laughs.yaml", "several-problems.yaml", "not-utf8.yaml"])
def test_the_pure_python_yaml_reader_reports_the_same_problems(
    fixture: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where libyaml is missing the loader falls back to PyYAML's own reader, with the same lines and codes."""
    with pytest.raises(CatalogError) as fast:
        load_catalog(BAD / fixture)
    monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    with pytest.raises(CatalogError) as slow:
        load_catalog(BAD / fixture)
    assert slow.value.problems == fast.value.problems


def test_the_pure_python_yaml_reader_reads_the_same_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = load_catalog("mcp-2024")
    monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    assert load_catalog("mcp-2024") == fast


def test_several_problems_in_one_file_are_all_reported_in_file_order() -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog(BAD / "several-problems.yaml")
    text = str(caught.value).splitlines()
    assert len(text) == 5
    assert [p.line for p in caught.value.problems] == sorted(p.line or 0 for p in caught.value.problems)
    for fragment in [
        "overlap",
        "leaf needs a scoring rule",
        "weight must be positive",
        "'stars'",
        "duplicate",
    ]:
        assert any(fragment in line for line in text), fragment


def test_an_empty_file_is_rejected_by_name() -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog(BAD / "empty.yaml")
    assert str(caught.value) == "empty.yaml: the file is empty"
    with pytest.raises(CatalogError, match="the file is empty"):
        parse_catalog("# only a comment\n", source="comment.yaml")


def test_uploaded_bytes_with_a_byte_order_mark_load() -> None:
    catalog = parse_catalog(b"\xef\xbb\xbf" + SMALL.encode(), source="upload.yaml")
    assert catalog.key == "small"


def test_non_utf8_upload_names_the_line_and_the_nearest_node() -> None:
    raw = SMALL.replace("Item dua", "Item d\u00e9ux").encode("cp1252")
    with pytest.raises(CatalogError) as caught:
        parse_catalog(raw, source="excel-export.yaml")
    [problem] = caught.value.problems
    assert (problem.source, problem.line, problem.code) == ("excel-export.yaml", 17, "A.2")


def test_a_boolean_weight_is_not_read_as_one() -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(SMALL.replace("weight: 2", "weight: yes"), source="bool.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.code) == (21, "A.3")
    assert "not true/false" in problem.message


def test_zones_must_cover_the_whole_scale() -> None:
    text = SMALL.replace("max: 100}\nnodes", "max: 90}\nnodes")
    with pytest.raises(CatalogError, match=r"zones must cover the scale 0\.\.100, they cover 0\.\.90"):
        parse_catalog(text, source="short.yaml")


def test_deeply_nested_yaml_and_nodes_are_refused_without_crashing() -> None:
    with pytest.raises(CatalogError, match="nested too deeply"):
        parse_catalog("[" * 5000 + "]" * 5000, source="deep.yaml")
    inner = f"{{code: X{MAX_NODE_DEPTH + 1}, name: x, rule: {{kind: binary}}}}"
    for depth in range(MAX_NODE_DEPTH, 0, -1):
        inner = f"{{code: X{depth}, name: x, children: [{inner}]}}"
    text = SMALL[: SMALL.index("nodes:")] + f"nodes:\n- {inner}\n"
    with pytest.raises(CatalogError, match=f"nested more than {MAX_NODE_DEPTH} levels"):
        parse_catalog(text, source="deep-nodes.yaml")


def test_a_file_over_five_megabytes_is_refused_before_parsing() -> None:
    with pytest.raises(CatalogError, match="larger than 5 MB"):
        parse_catalog("#" * (5 * 1024 * 1024 + 1), source="huge.yaml")


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (
            ("key: small", "key: !!python/object/apply:os.system [echo]"),
            1,
            "YAML tag 'python/object/apply:os.system' is not allowed",
        ),
        (("key: small", "? [a, b]\n: small"), 1, "a key must be plain text"),
        (("nodes:", "deadlines: [{name: Batas, month: 4, day: 31}]\nnodes:"), 9, "month 4 has no day 31"),
    ],
)
def test_hostile_or_impossible_values_are_refused(change: tuple[str, str], line: int, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(SMALL.replace(*change, 1), source="odd.yaml")
    [problem] = caught.value.problems
    assert problem.line == line and message in problem.message


def test_two_zones_with_one_name_are_refused() -> None:
    text = SMALL.replace("{name: hijau, min: 50", "{name: merah, min: 50")
    with pytest.raises(CatalogError, match="zone names must be unique"):
        parse_catalog(text, source="zones.yaml")


def test_a_duplicate_yaml_key_is_reported_at_its_line() -> None:
    text = SMALL.replace("    name: Item dua\n", "    name: Item dua\n    name: Item dua lagi\n")
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, source="twice.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.code) == (18, "A.2") and "'name' appears twice" in problem.message


# -- diff ---------------------------------------------------------------------------------------------------


def test_diff_reports_each_kind_of_change() -> None:
    old = parse_catalog(SMALL, source="old.yaml")
    new_text = (
        SMALL.replace("name: Item satu", "name: Item satu (baru)")  # renamed
        .replace("weight: 2", "weight: 3")  # reweighted
        .replace("    rule: {kind: percent}\n", "    rule: {kind: binary}\n")  # rule changed (B.1)
        .replace(
            "  - code: A.2\n    name: Item dua\n    rule: {kind: percent, steps: [0, 50, 100]}\n", ""
        )  # removed
        + "  - code: B.2\n    name: Item baru\n    rule: {kind: percent}\n"  # added
    )
    # A.3 moves from area A to area B.
    block = "  - code: A.3\n    name: Item tiga\n    weight: 3\n    rule: {kind: binary}\n"
    new_text = new_text.replace(block, "") + block
    new = parse_catalog(new_text, source="new.yaml")
    diff = diff_catalogs(old, new)
    assert [(c.code, c.new) for c in diff.added] == [("B.2", "Item baru")]
    assert [(c.code, c.old) for c in diff.removed] == [("A.2", "Item dua")]
    assert [(c.code, c.old, c.new) for c in diff.renamed] == [("A.1", "Item satu", "Item satu (baru)")]
    assert [(c.code, c.old, c.new) for c in diff.reweighted] == [("A.3", "2", "3")]
    assert [(c.code, c.old, c.new) for c in diff.moved] == [("A.3", "A", "B")]
    assert [c.code for c in diff.rule_changed] == ["B.1"]
    assert '"percent"' in (diff.rule_changed[0].old or "") and '"binary"' in (diff.rule_changed[0].new or "")
    assert len(diff.rows()) == 6 and not diff.is_empty


def _with_a1(extra: str) -> str:
    """SMALL with ``extra`` (YAML lines, indented for a leaf) added to leaf A.1."""
    leaf = "  - code: A.1\n    name: Item satu\n    rule: {kind: percent, steps: [0, 50, 100]}\n"
    assert leaf in SMALL
    return SMALL.replace(leaf, leaf + extra)


EVIDENCE_A1 = """\
    evidence:
    - {description: SK Tim SPBE, kinds: [pdf, docx], max_age_days: 365}
    - {description: Foto kegiatan, kinds: [jpeg]}
    responsible: {opd_kinds: [dinas, badan], opds: [BKD]}
"""


def test_diff_reports_changed_evidence_and_responsibility_with_both_texts() -> None:
    """Another document asked for, and another OPD answering, show as their own kinds with old and new."""
    old = parse_catalog(_with_a1(EVIDENCE_A1), source="old.yaml")
    new_text = _with_a1(
        EVIDENCE_A1.replace("max_age_days: 365", "max_age_days: 180").replace("opds: [BKD]", "opds: [BPKAD]")
    )
    new = parse_catalog(new_text, source="new.yaml")
    diff = diff_catalogs(old, new)
    assert [(c.code, c.change) for c in diff.changes] == [
        ("A.1", "evidence_changed"),
        ("A.1", "responsibility_changed"),
    ]
    [evidence] = diff.evidence_changed
    assert evidence.old == ("Foto kegiatan (kinds: jpeg) | SK Tim SPBE (kinds: docx, pdf; max_age_days: 365)")
    assert evidence.new == ("Foto kegiatan (kinds: jpeg) | SK Tim SPBE (kinds: docx, pdf; max_age_days: 180)")
    [responsibility] = diff.responsibility_changed
    assert (responsibility.old, responsibility.new) == (
        "opd_kinds: badan, dinas; opds: BKD",
        "opd_kinds: badan, dinas; opds: BPKAD",
    )
    assert {
        "code": "A.1",
        "change": "evidence_changed",
        "old": evidence.old,
        "new": evidence.new,
    } in diff.rows()


def test_diff_sees_evidence_and_responsibility_added_or_dropped_but_not_reordered() -> None:
    """From nothing to something is a change (old is None); the same lists in another order are not."""
    bare = parse_catalog(SMALL, source="bare.yaml")
    full = parse_catalog(_with_a1(EVIDENCE_A1), source="full.yaml")
    added = diff_catalogs(bare, full)
    assert [(c.change, c.old) for c in added.changes] == [
        ("evidence_changed", None),
        ("responsibility_changed", None),
    ]
    dropped = diff_catalogs(full, bare)
    assert [(c.change, c.new) for c in dropped.changes] == [
        ("evidence_changed", None),
        ("responsibility_changed", None),
    ]
    reordered = """\
    evidence:
    - {description: Foto kegiatan, kinds: [jpeg]}
    - {description: SK Tim SPBE, kinds: [docx, pdf], max_age_days: 365}
    responsible: {opd_kinds: [badan, dinas], opds: [BKD]}
"""
    assert diff_catalogs(full, parse_catalog(_with_a1(reordered), source="same.yaml")).is_empty


def test_every_change_kind_has_an_indonesian_and_english_label() -> None:
    """The admin catalog page and the Excel preview label each change kind in both languages."""
    import i18n
    import ui.messages  # noqa: F401  (registers the labels)
    from indicators.diff import CHANGE_KINDS

    assert {"evidence_changed", "responsibility_changed"} <= set(CHANGE_KINDS)
    for kind in CHANGE_KINDS:
        indonesian, english = i18n.t(f"ui.change.{kind}", "id"), i18n.t(f"ui.change.{kind}", "en")
        assert f"ui.change.{kind}" not in (indonesian, english) and indonesian != english
    assert i18n.t("ui.change.evidence_changed", "id") == "Bukti dukung berubah"
    assert i18n.t("ui.change.responsibility_changed", "en") == "Responsible OPDs changed"


def test_mcp_2024_to_2025_shows_the_evidence_and_opds_of_a_former_indicator() -> None:
    """BMD.1 became a leaf in 2025: its new evidence and responsible OPDs appear in the diff."""
    diff = diff_catalogs(load_catalog("mcp-2024"), load_catalog("mcp-2025"))
    evidence = {c.code: c for c in diff.evidence_changed}
    responsibility = {c.code: c for c in diff.responsibility_changed}
    assert evidence["BMD.1"].old is None and "Laporan BMD" in (evidence["BMD.1"].new or "")
    assert responsibility["BMD.1"].old is None and "opds: BPKAD" in (responsibility["BMD.1"].new or "")


def test_diff_of_a_catalog_with_itself_is_empty() -> None:
    mcp = load_catalog("mcp-2025")
    assert diff_catalogs(mcp, load_catalog("mcp-2025")).is_empty


def test_diff_from_mcp_2024_to_mcp_2025() -> None:
    diff = diff_catalogs(load_catalog("mcp-2024"), load_catalog("mcp-2025"))
    added = {c.code for c in diff.added}
    removed = {c.code for c in diff.removed}
    moved = {c.code: (c.old, c.new) for c in diff.moved}
    assert {"PRC.S1", "PRC.S1.T", "BMD.S2.A"} <= added
    assert {"PRC.1", "PBJ.2", "BMD.1.1"} <= removed  # 2024 indicators give way to sasaran and aspects
    assert "BMD.1" not in added and "BMD.1" not in removed
    assert moved["BMD.1"] == ("BMD", "BMD.S1.A")
    assert moved["PBJ.1.1"] == ("PBJ.1", "PBJ.S1.T")
    rule_changed = {c.code for c in diff.rule_changed}
    assert {"BMD.1", "PBJ.1.1"} <= rule_changed  # indicator -> leaf; percent -> documents
    assert diff.renamed == [] and diff.reweighted == []


# -- round trip ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["spbe-2021", "mcp-2024", "mcp-2025"])
def test_dump_catalog_round_trips(key: str) -> None:
    catalog = load_catalog(key)
    text = dump_catalog(catalog)
    again = parse_catalog(text, source=f"{key}-dump.yaml")
    assert again == catalog
    assert [(n.code, n.parent_code, n.depth, n.provenance) for n in again.walk()] == [
        (n.code, n.parent_code, n.depth, n.provenance) for n in catalog.walk()
    ]
    assert "&" not in text.split("nodes:")[0] and text.count("provenance:") == 1
    assert dump_catalog(again) == text


def test_node_provenance_overrides_the_catalog_and_survives_a_dump() -> None:
    text = SMALL.replace("- code: B\n", "- code: B\n  provenance: official\n")
    catalog = parse_catalog(text, source="mixed.yaml")
    assert catalog.node("A.1").provenance == "provisional"
    assert catalog.node("B.1").provenance == "official"
    assert parse_catalog(dump_catalog(catalog)) == catalog
