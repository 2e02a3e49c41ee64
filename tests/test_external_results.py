"""KPK's results per item (the third stage), on SQLite and PostgreSQL: recorded by hand or imported from a file in
the documented layout, only once the period is in external verification or closed; a file with any bad row
saves nothing and says which sheet, row and column is wrong.

The world (tests/factories.py) is SPBE 2021 (levels 1–5) for the province (Kemendagri 82) and a second period
of the same catalog for Kabupaten Halmahera Barat (82.01), so one file can carry both pemda.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import pytest
from factories import World, build_world, wit
from openpyxl import Workbook, load_workbook
from small_catalog import SMALL
from sqlmodel import select
from workflow_steps import refused

import i18n
from indicators import Node
from models.database import session_scope
from models.tables import AuditEvent
from services import catalogs, exports, external_results, external_template, periods
from services.external_results import ExternalImportRefused
from services.external_sheet import RowProblem
from services.overview import period_overview

HEADER = ["pemda", "kode item", "nilai KPK", "catatan"]
GOOD_ROWS: list[list[object]] = [
    ["82", "1", 3, "SK arsitektur ada, peta rencana belum"],
    ["Kabupaten Halmahera Barat", "2", "2,0", None],
    ["provinsi maluku utara", 5, 4, ""],
]


def xlsx(rows: list[list[object]], *, header: list[str] = HEADER, sheet: str = "Hasil KPK") -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _kabupaten_period(world: World) -> int:
    info = periods.create_period(
        world.admin,
        catalog_key="spbe-2021",
        region_id=world.kabupaten_id,
        name="SPBE 2026 Halbar",
        opens_at=wit(2026, 1, 5),
        submission_deadline=wit(2099, 5, 31),
        verification_deadline=wit(2099, 7, 31),
    )
    return info.id


@dataclass(frozen=True)
class Scene:
    world: World
    kab_period_id: int


@pytest.fixture
def scene(db_url: str) -> Scene:
    """Both periods in external verification (KPK's results may be recorded)."""
    world = build_world()
    kab = _kabupaten_period(world)
    for period_id in (world.period_id, kab):
        periods.set_state(world.admin, period_id=period_id, state="external")
    return Scene(world, kab)


def test_a_good_file_is_previewed_then_saved_whole_and_audited(scene: Scene) -> None:
    world = scene.world
    content = xlsx(GOOD_ROWS)
    preview = external_results.preview_external_import(
        world.admin, period_id=world.period_id, filename="hasil-kpk.xlsx", content=content
    )
    assert preview.problems == [] and preview.ok
    assert preview.rows[["row", "code", "value"]].values.tolist() == [
        [2, "1", 3.0],
        [3, "2", 2.0],
        [4, "5", 4.0],
    ]
    assert external_results.external_results(
        world.leader, period_id=world.period_id
    ).empty  # nothing saved yet

    saved = external_results.import_external_results(
        world.inspector, period_id=world.period_id, filename="hasil-kpk.xlsx", content=content
    )
    assert saved.saved
    province = external_results.external_results(world.leader, period_id=world.period_id)
    assert province[["code", "value", "note", "source"]].values.tolist() == [
        ["1", 3.0, "SK arsitektur ada, peta rencana belum", "import"],
        ["5", 4.0, "", "import"],
    ]
    kab = external_results.external_results(world.admin, period_id=scene.kab_period_id)
    assert kab[["code", "value"]].values.tolist() == [["2", 2.0]]
    with session_scope() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "external_result.import")).all()
    assert sorted(str(e.entity_id) for e in events) == sorted(
        [str(world.period_id), str(scene.kab_period_id)]
    )
    mine = next(e for e in events if e.entity_id == str(world.period_id))
    assert mine.after == {
        "file": "hasil-kpk.xlsx", "rows": 2, "1": 3.0, "1 catatan": "SK arsitektur ada, peta rencana belum", "5": 4.0,
    }  # fmt: skip

    again = external_results.preview_external_import(
        world.admin, period_id=world.period_id, filename="hasil-kpk.xlsx", content=xlsx([["82", "1", 2, ""]])
    )
    assert again.rows["previous_value"].tolist() == [3.0]  # the preview says what a re-import replaces


def test_a_csv_with_semicolons_and_decimal_commas(scene: Scene) -> None:
    world = scene.world
    content = "pemda;kode item;nilai KPK;catatan\r\n82;3;4,0;wawancara\r\n".encode("utf-8-sig")
    external_results.import_external_results(
        world.admin, period_id=world.period_id, filename="hasil.csv", content=content
    )
    rows = external_results.external_results(world.admin, period_id=world.period_id)
    assert rows[["code", "value", "note"]].values.tolist() == [["3", 4.0, "wawancara"]]


BAD_ROWS: dict[str, tuple[list[object], str, str]] = {
    "unknown pemda": (["Kabupaten Entah Berantah", "2", 3, ""], "external.unknown_pemda", "pemda"),
    "unknown item code": (["82", "99", 3, ""], "external.unknown_item", "kode item"),
    "level above the scale": (["82", "2", 6, ""], "external.value_not_allowed", "nilai KPK"),
    "level between levels": (["82", "2", "2,5", ""], "external.value_not_allowed", "nilai KPK"),
    "level below the floor": (["82", "2", 0, ""], "external.value_not_allowed", "nilai KPK"),
    "value not a number": (["82", "2", "tinggi", ""], "external.value_not_number", "nilai KPK"),
    "duplicate row": (["82", "1", 2, ""], "external.duplicate_row", "kode item"),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_one_bad_row_saves_nothing_and_names_its_cell(scene: Scene, case: str) -> None:
    world = scene.world
    row, key, column = BAD_ROWS[case]
    content = xlsx([["82", "1", 3, ""], row])  # a good row first: all or nothing
    [problem] = refused_import(world, content)
    assert (problem.sheet, problem.row, problem.column, problem.key) == ("Hasil KPK", 3, column, key)
    assert problem.message("id").startswith(f"Lembar 'Hasil KPK' baris 3 kolom {column}: ")
    assert problem.message("en").startswith(f"Sheet 'Hasil KPK' row 3 column {column}: ")


def refused_import(world: World, content: bytes, filename: str = "hasil-kpk.xlsx") -> list[RowProblem]:
    """Import ``content``, expect the refusal and no row changed anywhere; the problems it names."""
    error = refused(
        "external.import_refused",
        lambda: external_results.import_external_results(
            world.admin, period_id=world.period_id, filename=filename, content=content
        ),
    )
    assert isinstance(error, ExternalImportRefused)
    return error.problems


def test_a_period_not_yet_verified_by_kpk_refuses_the_file(scene: Scene) -> None:
    world = scene.world
    periods.set_state(world.admin, period_id=scene.kab_period_id, state="locked")
    content = xlsx([["82", "1", 3, ""], ["82.01", "1", 3, ""], ["82.01", "2", 3, ""]])
    [problem] = refused_import(world, content)  # once per period, at its first row
    assert (problem.row, problem.key) == (3, "external.wrong_state")
    assert "dikunci" in problem.message("id")


def test_a_missing_column_is_named(scene: Scene) -> None:
    world = scene.world
    content = xlsx([["82", "1", 3]], header=["pemda", "kode item", "keterangan"])
    [problem] = refused_import(world, content)
    assert (problem.row, problem.key, problem.column) == (1, "external.missing_columns", "nilai KPK")


def test_a_kabupaten_inspector_cannot_write_the_provinces_results(scene: Scene) -> None:
    world = scene.world
    error = refused(
        "external.import_refused",
        lambda: external_results.import_external_results(
            world.inspector_kab,
            period_id=scene.kab_period_id,
            filename="hasil-kpk.xlsx",
            content=xlsx([["82", "1", 3, ""]]),
        ),
    )
    assert isinstance(error, ExternalImportRefused)
    assert error.problems[0].key == "external.unknown_pemda"  # outside their region


def test_one_item_by_hand_and_who_may(scene: Scene) -> None:
    world = scene.world
    external_results.record_external_result(
        world.inspector, period_id=world.period_id, code="7", value=2, note="hasil wawancara"
    )
    external_results.record_external_result(world.admin, period_id=world.period_id, code="7", value=3)
    rows = external_results.external_results(world.leader, period_id=world.period_id)
    assert rows[["code", "value", "note", "source"]].values.tolist() == [["7", 3.0, "", "manual"]]
    with session_scope() as session:
        last = session.exec(select(AuditEvent).where(AuditEvent.action == "external_result.set")).all()[-1]
    assert (last.before, last.after) == ({"7": 2.0, "7 catatan": "hasil wawancara"}, {"7": 3.0})
    refused("perm.denied", lambda: external_results.record_external_result(
        world.leader, period_id=world.period_id, code="7", value=1))  # fmt: skip
    refused("perm.denied", lambda: external_results.record_external_result(
        world.focal_a, period_id=world.period_id, code="7", value=1))  # fmt: skip
    refused("external.value_not_allowed", lambda: external_results.record_external_result(
        world.admin, period_id=world.period_id, code="7", value=5.5))  # fmt: skip
    refused("external.value_not_allowed", lambda: external_results.record_external_result(
        world.admin, period_id=world.period_id, code="7", value=2.5))  # fmt: skip
    refused("external.not_a_leaf", lambda: external_results.record_external_result(
        world.admin, period_id=world.period_id, code="D1", value=1))  # fmt: skip
    periods.set_state(world.admin, period_id=world.period_id, state="open")
    refused("external.state_refused", lambda: external_results.record_external_result(
        world.admin, period_id=world.period_id, code="7", value=1))  # fmt: skip
    periods.set_state(world.admin, period_id=world.period_id, state="closed")
    external_results.record_external_result(world.admin, period_id=world.period_id, code="7", value=1)


def test_the_overview_shows_kpks_stage_beside_the_reviu(scene: Scene) -> None:
    world = scene.world
    external_results.import_external_results(
        world.admin, period_id=world.period_id, filename="hasil-kpk.xlsx", content=xlsx(GOOD_ROWS)
    )
    overview = period_overview(world.leader, period_id=world.period_id)
    stages = overview.region_stages.set_index(["entity", "code"])
    province = str(world.province_id)

    def cell(code: str, column: str) -> float:
        value = stages.at[(province, code), column]
        assert isinstance(value, int | float), value
        return float(value)

    assert cell("1", "external_score") == pytest.approx(3.0)
    assert cell("1", "surprise") == pytest.approx(cell("1", "review_score") - 3.0)
    assert math.isnan(cell("TOTAL", "external_score"))  # most items have no result
    assert set(overview.opd_stages["entity"]) == {str(world.opd_a), str(world.opd_b)}


def test_the_workbook_shows_the_three_stages_and_gaps(scene: Scene) -> None:
    """A domain with KPK's result on every item gets a KPK score; the gaps are the differences of the columns."""
    world = scene.world
    catalog = catalogs.catalog_for_period(world.period_id)
    domain = catalog.top_level[0]
    codes = [leaf.code for leaf in catalog.leaves() if catalog.node(leaf.code) in _below(domain)]
    content = xlsx([["82", code, 1, ""] for code in codes])
    external_results.import_external_results(
        world.admin, period_id=world.period_id, filename="hasil-kpk.xlsx", content=content
    )
    _, workbook = exports.export_bytes(world.admin, period_id=world.period_id, fmt="xlsx")
    book = load_workbook(io.BytesIO(workbook))
    rows = list(book[i18n.t("report.sheet.stages", "id")].iter_rows(values_only=True))
    header = rows[0]
    records = [dict(zip(header, row, strict=False)) for row in rows[1:]]
    reviewer = "Tim Asesor Internal"
    self_h, review_h = (
        i18n.t("report.col.stage_self", "id"),
        i18n.t("report.col.score", "id", reviewer=reviewer),
    )
    kpk_h, over_h = i18n.t("report.col.stage_external", "id"), i18n.t("report.col.gap", "id")
    surprise_h = i18n.t("report.col.surprise", "id")
    area = next(r for r in records if r[i18n.t("report.col.entity_code", "id")] == "82" and
                str(r[i18n.t("report.col.area", "id")]).startswith(f"{domain.code} "))  # fmt: skip
    assert area[kpk_h] == pytest.approx(1.0)
    assert _num(area[surprise_h]) == pytest.approx(_num(area[review_h]) - 1.0)
    assert _num(area[over_h]) == pytest.approx(_num(area[self_h]) - _num(area[review_h]))
    opd_rows = [r for r in records if r[i18n.t("report.col.group", "id")] == i18n.t("report.group.opd", "id")]
    assert opd_rows and all(r[kpk_h] is None for r in opd_rows)  # KPK verifies the pemda's items


def _below(node: Node) -> list[Node]:
    return [node, *(n for child in node.children for n in _below(child))]


def _num(value: object) -> float:
    assert isinstance(value, int | float), value
    return float(value)


@pytest.fixture
def steps_period(scene: Scene) -> int:
    """A period of the small catalog (A.1, A.2 scored 0/50/100; A.3 yes/no; B.1 any 0–100), in KPK's verification."""
    world = scene.world
    stored = catalogs.import_catalog(world.admin, text=SMALL, source="small.yaml")
    catalogs.activate_catalog(world.admin, catalog_id=stored.id)
    info = periods.create_period(
        world.admin,
        catalog_key="small",
        region_id=world.province_id,
        name="MCP kecil",
        opens_at=wit(2026, 1, 5),
        submission_deadline=wit(2099, 5, 31),
        verification_deadline=wit(2099, 7, 31),
    )
    periods.set_state(world.admin, period_id=info.id, state="external")
    return info.id


def test_each_value_is_checked_against_the_items_rule_in_the_catalog(scene: Scene, steps_period: int) -> None:
    """70 on a 0/50/100 item, 0,5 on a yes/no item and 120 on a 0–100 item are each refused at their own row with
    the values the item allows; nothing of the file is saved, not even its good rows."""
    world = scene.world
    content = xlsx(
        [["82", "A.1", 50, ""], ["82", "A.2", 70, "sebagian"], ["82", "A.3", "0,5", ""],
         ["82", "B.1", 120, ""], ["82", "B.1", "62,5", ""]]
    )  # fmt: skip
    problems = {
        p.row: p
        for p in external_results.preview_external_import(
            world.admin, period_id=steps_period, filename="hasil-kpk.xlsx", content=content
        ).problems
    }
    assert sorted(problems) == [3, 4, 5]
    assert problems[3].message("id") == (
        "Lembar 'Hasil KPK' baris 3 kolom nilai KPK: nilai KPK 70 tidak diperbolehkan untuk butir A.2; "
        "pilihan yang sah: 0, 50, 100."
    )
    assert problems[4].message("en") == (
        "Sheet 'Hasil KPK' row 4 column nilai KPK: the KPK value 0,50 is not allowed for item A.3; "
        "valid choices: 0, 1."
    )
    assert problems[5].key == "external.value_out_of_range" and "(0–100)" in problems[5].message("id")
    error = refused(
        "external.import_refused",
        lambda: external_results.import_external_results(
            world.admin, period_id=steps_period, filename="hasil-kpk.xlsx", content=content
        ),
    )
    assert isinstance(error, ExternalImportRefused) and len(error.problems) == 3
    assert external_results.external_results(world.admin, period_id=steps_period).empty

    refused("external.value_not_allowed", lambda: external_results.record_external_result(
        world.admin, period_id=steps_period, code="A.3", value=0.5))  # fmt: skip
    fixed = xlsx(
        [["82", "A.1", 50, ""], ["82", "A.2", 100, ""], ["82", "A.3", 1, ""], ["82", "B.1", "62,5", ""]]
    )
    external_results.import_external_results(
        world.admin, period_id=steps_period, filename="hasil-kpk.xlsx", content=fixed
    )
    saved = external_results.external_results(world.admin, period_id=steps_period)
    assert saved[["code", "value"]].values.tolist() == [
        ["A.1", 50.0],
        ["A.2", 100.0],
        ["A.3", 1.0],
        ["B.1", 62.5],
    ]


def test_the_template_lists_the_periods_items_and_comes_back_filled(scene: Scene, steps_period: int) -> None:
    """The downloaded template has the period's items with their names and valid values, Indonesian headers and
    empty value and note columns; filled in (one row left empty) and uploaded back, it saves what was filled."""
    world = scene.world
    name, content = external_template.external_template(world.inspector, period_id=steps_period)
    assert name == "templat-hasil-kpk-mcp-kecil.xlsx"
    sheet = load_workbook(io.BytesIO(content))["Hasil KPK"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["pemda", "kode item", "nama butir", "OPD", "nilai yang sah", "nilai KPK", "catatan"]
    assert rows[1:] == [
        ["82", "A.1", "Item satu", "belum ditugaskan", "0, 50, 100", None, None],
        ["82", "A.2", "Item dua", "belum ditugaskan", "0, 50, 100", None, None],
        ["82", "A.3", "Item tiga", "belum ditugaskan", "0, 1", None, None],
        ["82", "B.1", "Item B satu", "belum ditugaskan", "0 sampai 100", None, None],
    ]
    [problem] = external_results.preview_external_import(
        world.admin, period_id=steps_period, filename=name, content=content
    ).problems  # as downloaded: nothing to save
    assert problem.key == "external.empty"

    book = load_workbook(io.BytesIO(content))
    filled = book["Hasil KPK"]
    for row, value, note in [(2, 50, "SK tanpa lampiran"), (3, 100, None), (4, 1, None)]:
        filled.cell(row=row, column=6, value=value)
        filled.cell(row=row, column=7, value=note)
    buffer = io.BytesIO()
    book.save(buffer)
    external_results.import_external_results(
        world.inspector, period_id=steps_period, filename=name, content=buffer.getvalue()
    )
    saved = external_results.external_results(world.leader, period_id=steps_period)
    assert saved[["code", "value", "note"]].values.tolist() == [
        ["A.1", 50.0, "SK tanpa lampiran"],
        ["A.2", 100.0, ""],
        ["A.3", 1.0, ""],
    ]  # B.1, left empty, is not recorded

    _, spbe = external_template.external_template(world.admin, period_id=world.period_id)
    first = list(
        load_workbook(io.BytesIO(spbe))["Hasil KPK"].iter_rows(min_row=2, max_row=2, values_only=True)
    )
    assert first[0][1] == "1" and first[0][4] == "1, 2, 3, 4, 5" and first[0][3] != "belum ditugaskan"
    refused("perm.denied", lambda: external_template.external_template(world.leader, period_id=steps_period))
