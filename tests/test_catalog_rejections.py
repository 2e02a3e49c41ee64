"""Catalog rejections: a bad catalog is refused at its file, line and code, all problems at once and in order,
the same by the C and the pure-Python YAML reader; hostile sizes, nesting and values are refused without crashing."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml
from small_catalog import SMALL

from i18n import set_language
from indicators import (
    CatalogError,
    load_catalog,
    parse_catalog,
    yaml_text,
)
from indicators.loader import MAX_NODE_DEPTH

BAD = Path(__file__).parent / "data" / "catalogs"


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
        ("duplicate-code.yaml", "kode ganda (pertama dipakai di baris 13)"),
        ("non-positive-weight.yaml", "bobot harus lebih dari 0"),
        ("document-points.yaml", "poin dokumen berjumlah 90"),
        ("overlapping-zones.yaml", "bertumpang tindih"),
        ("zone-gap.yaml", "menyisakan celah"),
        ("unknown-rule-kind.yaml", "'stars'"),
        ("unknown-key.yaml", "bobot: isian tidak dikenal"),
        ("leaf-without-rule.yaml", "butir paling bawah perlu aturan nilai"),
        ("billion-laughs.yaml", "anchor YAML"),
        ("wrong-type.yaml", "weight: harus berupa angka"),
        ("not-utf8.yaml", "bukan teks UTF-8"),
        ("top-level-list.yaml", "harus berupa pemetaan"),
        ("several-problems.yaml", "butir paling bawah perlu aturan nilai"),
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
    monkeypatch.setattr(yaml_text, "_Loader", yaml.SafeLoader)
    with pytest.raises(CatalogError) as slow:
        load_catalog(BAD / fixture)
    assert slow.value.problems == fast.value.problems


def test_the_pure_python_yaml_reader_reads_the_same_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = load_catalog("mcp-2024")
    monkeypatch.setattr(yaml_text, "_Loader", yaml.SafeLoader)
    assert load_catalog("mcp-2024") == fast


def test_several_problems_in_one_file_are_all_reported_in_file_order() -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog(BAD / "several-problems.yaml")
    text = str(caught.value).splitlines()
    assert len(text) == 5
    assert [p.line for p in caught.value.problems] == sorted(p.line or 0 for p in caught.value.problems)
    for fragment in [
        "bertumpang tindih",
        "perlu aturan nilai",
        "bobot harus lebih dari 0",
        "'stars'",
        "kode ganda",
    ]:
        assert any(fragment in line for line in text), fragment


def test_an_empty_file_is_rejected_by_name() -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog(BAD / "empty.yaml")
    assert str(caught.value) == "empty.yaml: berkas kosong"
    with pytest.raises(CatalogError, match="berkas kosong"):
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
    assert "bukan true/false" in problem.message


def test_zones_must_cover_the_whole_scale() -> None:
    text = SMALL.replace("max: 100}\nnodes", "max: 90}\nnodes")
    with pytest.raises(CatalogError, match=r"zona harus mencakup skala 0\.\.100, kini mencakup 0\.\.90"):
        parse_catalog(text, source="short.yaml")


def test_deeply_nested_yaml_and_nodes_are_refused_without_crashing() -> None:
    with pytest.raises(CatalogError, match="bersarang terlalu dalam"):
        parse_catalog("[" * 5000 + "]" * 5000, source="deep.yaml")
    inner = f"{{code: X{MAX_NODE_DEPTH + 1}, name: x, rule: {{kind: binary}}}}"
    for depth in range(MAX_NODE_DEPTH, 0, -1):
        inner = f"{{code: X{depth}, name: x, children: [{inner}]}}"
    text = SMALL[: SMALL.index("nodes:")] + f"nodes:\n- {inner}\n"
    with pytest.raises(CatalogError, match=f"bersarang lebih dari {MAX_NODE_DEPTH} tingkat"):
        parse_catalog(text, source="deep-nodes.yaml")


def test_a_file_over_five_megabytes_is_refused_before_parsing() -> None:
    with pytest.raises(CatalogError, match="lebih besar dari 5 MB"):
        parse_catalog("#" * (5 * 1024 * 1024 + 1), source="huge.yaml")


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (
            ("key: small", "key: !!python/object/apply:os.system [echo]"),
            1,
            "tag YAML 'python/object/apply:os.system' tidak diizinkan",
        ),
        (("key: small", "? [a, b]\n: small"), 1, "kunci harus berupa teks biasa"),
        (
            ("nodes:", "deadlines: [{name: Batas, month: 4, day: 31}]\nnodes:"),
            9,
            "bulan 4 tidak punya tanggal 31",
        ),
    ],
)
def test_hostile_or_impossible_values_are_refused(change: tuple[str, str], line: int, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(SMALL.replace(*change, 1), source="odd.yaml")
    [problem] = caught.value.problems
    assert problem.line == line and message in problem.message


def test_two_zones_with_one_name_are_refused() -> None:
    text = SMALL.replace("{name: hijau, min: 50", "{name: merah, min: 50")
    with pytest.raises(CatalogError, match="nama zona harus unik"):
        parse_catalog(text, source="zones.yaml")


@pytest.mark.parametrize(
    "colour", ["red", "#abc", "#12345g", "#+f+f+f", "2e7d32", '#2e7d32" onmouseover="alert(1)', "#2e7d32;x:y"]
)
def test_a_zone_colour_that_is_not_rrggbb_is_refused(colour: str) -> None:
    """Zone colours are written into the pages' HTML and SVG: anything but ``#rrggbb`` is refused by name."""
    text = SMALL.replace(
        "{name: hijau, min: 50, max: 100}", f"{{name: hijau, min: 50, max: 100, color: '{colour}'}}"
    )
    with pytest.raises(CatalogError, match=r"zona 'hijau': warna .* harus kode heksadesimal #rrggbb"):
        parse_catalog(text, source="warna.yaml")
    parse_catalog(text.replace(colour, "#2E7D32"), source="warna.yaml")  # upper or lower case hex is fine


def test_a_duplicate_yaml_key_is_reported_at_its_line() -> None:
    text = SMALL.replace("    name: Item dua\n", "    name: Item dua\n    name: Item dua lagi\n")
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, source="twice.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.code) == (18, "A.2") and "kunci 'name' muncul dua kali" in problem.message


def test_the_schema_rules_speak_the_users_language() -> None:
    """A rejected catalog reads Indonesian by default and English for an English-speaking administrator."""
    text = SMALL.replace("weight: 2", "weight: -1")
    with pytest.raises(CatalogError) as indonesian:
        parse_catalog(text, source="bobot.yaml")
    set_language("en")
    try:
        with pytest.raises(CatalogError) as english:
            parse_catalog(text, source="bobot.yaml")
    finally:
        set_language("id")
    assert (
        str(indonesian.value)
        == "bobot.yaml:21 [A.3]: nodes.0.children.2.weight: bobot harus lebih dari 0 (tertulis -1.0)"
    )
    assert (
        str(english.value)
        == "bobot.yaml:21 [A.3]: nodes.0.children.2.weight: weight must be positive, got -1.0"
    )
