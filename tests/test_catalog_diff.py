"""Catalog versions: the diff between two catalogs names each kind of change (with both texts where it matters),
and a catalog dumped to YAML reads back the same."""

from __future__ import annotations

import pytest
from small_catalog import SMALL

from indicators import (
    Catalog,
    diff_catalogs,
    dump_catalog,
    load_catalog,
    parse_catalog,
)

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
    # In words, as the admin page shows them: never a rule's JSON.
    assert [c.detail for c in diff.changes] == [
        "Item baru",
        "Item dua",
        "nama: Item satu → Item satu (baru)",
        "bobot: 2 → 3",
        "induk: A → B",
        "jenis aturan: persentase → ya/tidak",
    ]


def test_a_rule_change_says_which_points_levels_or_values_changed() -> None:
    """ "poin D1: 50 → 60", a level renamed, the allowed values: only what changed, in Indonesian."""
    documents = (
        "    rule:\n      kind: documents\n      documents:\n"
        "      - {code: D1, name: SK Tim, points: POINTS}\n      - {code: D2, name: Laporan, points: REST}\n"
    )
    leaf = "  - code: A.1\n    name: Item satu\n    rule: {kind: percent, steps: [0, 50, 100]}\n"

    def catalog(rule: str) -> Catalog:
        return parse_catalog(
            SMALL.replace(leaf, "  - code: A.1\n    name: Item satu\n" + rule), source="x.yaml"
        )

    old = catalog(documents.replace("POINTS", "50").replace("REST", "50"))
    new = catalog(documents.replace("POINTS", "60").replace("REST", "40"))
    [change] = diff_catalogs(old, new).rule_changed
    assert change.detail == "poin D1: 50 → 60; poin D2: 50 → 40"
    levels = "    rule: {kind: levels, levels: {1: Rintisan, 2: Terkelola, 3: NAME}}\n"
    [change] = diff_catalogs(
        catalog(levels.replace("NAME", "Terdefinisi")), catalog(levels.replace("NAME", "Terpadu"))
    ).rule_changed
    assert change.detail == "tingkat 3: Terdefinisi → Terpadu"
    [change] = diff_catalogs(
        catalog("    rule: {kind: percent, steps: [0, 50, 100]}\n"), catalog("    rule: {kind: percent}\n")
    ).rule_changed
    assert change.detail == "pilihan nilai: 0; 50; 100 → bebas 0–100"


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
        "detail": "umur maksimum SK Tim SPBE (hari): 365 → 180",
    } in diff.rows()
    assert responsibility.detail == "OPD: BKD → BPKAD"


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
