"""Working offline in Excel: download the OPD's sheet, fill it in, upload it back, all or nothing.

Real workbooks written and read by openpyxl; real databases. What the focal point notices: Bahasa Indonesia
headers, locked id columns, drop-down values; errors that name the row; nothing saved unless everything fits.
"""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from factories import World, attach_evidence, build_world, submission_id, table_rows
from sqlmodel import col, select

from i18n import LenteraError
from models.database import session_scope
from models.tables import AuditEvent, Submission
from services import submissions, verification
from services.offline import OfflineImportRefused, import_offline_sheet, offline_sheet

HEADERS = [
    "submission_id", "versi", "kode", "butir", "area", "jenis aturan", "nilai yang sah", "nama level",
    "nilai maksimum", "status", "nilai mandiri", "catatan", "alasan pemeriksa", "jumlah bukti",
]  # fmt: skip
VALUE, NOTE = HEADERS.index("nilai mandiri") + 1, HEADERS.index("catatan") + 1


@pytest.fixture
def world(db_url: str) -> World:
    return build_world()


def sheet_rows(content: bytes) -> dict[str, int]:
    """Item code → row number in the ``Isian`` sheet."""
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Isian"]
    return {str(row[2].value): row[0].row for row in sheet.iter_rows(min_row=2)}


def edit(content: bytes, changes: dict[tuple[int, int], Any]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["Isian"]
    for (row, column), value in changes.items():
        sheet.cell(row, column).value = value
        if isinstance(value, str) and value.startswith("="):
            sheet.cell(row, column).data_type = "f"  # as if typed into Excel: a real formula cell
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def state(world: World, code: str) -> Submission:
    sid = submission_id(world, organisation_id=world.opd_a, code=code)
    with session_scope() as session:
        found = session.get(Submission, sid)
        assert found is not None
        return found


def test_sheet_has_bahasa_headers_locked_ids_and_dropdowns(world: World) -> None:
    content = offline_sheet(world.focal_a, period_id=world.period_id, organisation_id=world.opd_a)
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["Isian"]
    assert [c.value for c in sheet[1]] == HEADERS
    rows = sheet_rows(content)
    assert "1" in rows and "36" not in rows  # BKD's item is not on Diskominfosan's sheet
    row = rows["1"]
    assert sheet.protection.sheet
    assert sheet.cell(row, 1).protection.locked and sheet.cell(row, 2).protection.locked
    assert not sheet.cell(row, VALUE).protection.locked and not sheet.cell(row, NOTE).protection.locked
    assert "3 = Terdefinisi" in sheet.cell(row, HEADERS.index("nama level") + 1).value
    assert sheet.cell(row, HEADERS.index("status") + 1).value == "belum diisi"
    value_cell = sheet.cell(row, VALUE).coordinate
    lists = [dv for dv in sheet.data_validations.dataValidation if value_cell in dv.sqref]
    assert lists and lists[0].type == "list" and lists[0].formula1 == '"1,2,3,4,5"'
    assert book["_lentera"].sheet_state == "hidden"


def test_inspector_reason_and_current_values_travel_in_the_sheet(world: World) -> None:
    sid = submission_id(world, organisation_id=world.opd_a, code="2")
    submissions.save_draft(world.focal_a, submission_id=sid, self_value=4, note="=cek ulang")
    attach_evidence(world.focal_a, submission_id=sid)
    submissions.submit(world.focal_a, submission_id=sid)
    verification.return_item(world.inspector, submission_id=sid, reason="SK belum ditandatangani")
    content = offline_sheet(world.focal_a, period_id=world.period_id, organisation_id=world.opd_a)
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Isian"]
    row = sheet_rows(content)["2"]
    assert sheet.cell(row, VALUE).value == 4
    assert sheet.cell(row, NOTE).value == "=cek ulang" and sheet.cell(row, NOTE).data_type == "s"
    assert sheet.cell(row, HEADERS.index("alasan pemeriksa") + 1).value == "SK belum ditandatangani"


def test_preview_then_apply_saves_every_change_as_drafts(world: World) -> None:
    content = offline_sheet(world.focal_a, period_id=world.period_id, organisation_id=world.opd_a)
    rows = sheet_rows(content)
    filled = edit(
        content,
        {
            (rows["1"], VALUE): 3,
            (rows["2"], VALUE): "4",  # typed as text
            (rows["2"], NOTE): '=HYPERLINK("http://contoh.go.id")',  # a formula-looking note
            (rows["4"], NOTE): "SK dalam proses",
        },
    )
    before = table_rows()
    preview = import_offline_sheet(
        world.focal_a, period_id=world.period_id, organisation_id=world.opd_a, content=filled, apply=False
    )
    assert table_rows() == before
    assert not preview.problems and not preview.applied
    assert sorted(preview.changes["code"]) == ["1", "2", "4"]

    done = import_offline_sheet(
        world.focal_a, period_id=world.period_id, organisation_id=world.opd_a, content=filled, apply=True
    )
    assert done.applied
    assert (state(world, "1").self_value, state(world, "1").status) == (3.0, "draft")
    assert state(world, "2").self_value == 4.0
    assert state(world, "2").note == '=HYPERLINK("http://contoh.go.id")'  # kept as text, never evaluated
    assert state(world, "4").note == "SK dalam proses" and state(world, "4").self_value is None
    with session_scope() as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "submission.save").order_by(col(AuditEvent.id))
        ).all()
    assert len(events) == 3 and all((e.after or {}).get("source") == "offline" for e in events)

    # uploading the same sheet again: the versions moved on, but nothing changes, so nothing is refused
    again = import_offline_sheet(
        world.focal_a, period_id=world.period_id, organisation_id=world.opd_a, content=filled, apply=False
    )
    assert again.changes.empty and not again.problems


def test_every_problem_is_reported_by_row(world: World) -> None:
    content = offline_sheet(world.focal_a, period_id=world.period_id, organisation_id=world.opd_a)
    rows = sheet_rows(content)
    submitted = submission_id(world, organisation_id=world.opd_a, code="5")
    other = submission_id(world, organisation_id=world.opd_b, code="36")
    bad = edit(
        content,
        {
            (rows["1"], VALUE): 7,  # levels 1..5
            (rows["2"], VALUE): "tiga",
            (rows["3"], 1): other,  # BKD's item
            (rows["3"], VALUE): 2,
            (rows["4"], 1): 999_999,
            (rows["5"], VALUE): 1,
        },
    )
    submissions.save_draft(world.focal_a, submission_id=submitted, self_value=2, note=None)
    attach_evidence(world.focal_a, submission_id=submitted)
    submissions.submit(world.focal_a, submission_id=submitted)
    preview = import_offline_sheet(
        world.focal_a, period_id=world.period_id, organisation_id=world.opd_a, content=bad, apply=False
    )
    by_row = {p.row: p.message for p in preview.problems}
    assert "7" in by_row[rows["1"]] and "1, 2, 3, 4, 5" in by_row[rows["1"]]
    assert "tiga" in by_row[rows["2"]]
    assert "OPD" in by_row[rows["3"]]
    assert "999999" in by_row[rows["4"]]
    assert "diajukan" in by_row[rows["5"]]  # submitted meanwhile: not editable
    assert len(preview.problems) == 5
    assert list(preview.problems_frame.columns) == ["row", "submission_id", "code", "message"]


def test_a_stale_tenth_row_leaves_nothing_applied(world: World) -> None:
    content = offline_sheet(world.focal_a, period_id=world.period_id, organisation_id=world.opd_a)
    rows = sheet_rows(content)
    codes = [str(c) for c in range(1, 11)]
    filled = edit(content, {(rows[code], VALUE): 2 for code in codes})
    # someone saves item 10 online after the sheet was downloaded
    submissions.save_draft(
        world.focal_a,
        submission_id=submission_id(world, organisation_id=world.opd_a, code="10"),
        self_value=5,
        note=None,
    )
    before = table_rows()
    with pytest.raises(OfflineImportRefused) as caught:
        import_offline_sheet(
            world.focal_a, period_id=world.period_id, organisation_id=world.opd_a, content=filled, apply=True
        )
    assert table_rows() == before  # rows 1..9 were fine, yet none was saved
    (problem,) = caught.value.preview.problems
    assert problem.row == rows["10"] and problem.code == "10"
    assert "versi" in problem.message
    assert caught.value.key == "offline.has_errors"


def test_wrong_sheet_and_wrong_people_are_refused(world: World) -> None:
    content = offline_sheet(world.focal_a, period_id=world.period_id, organisation_id=world.opd_a)
    cases = [
        (world.focal_b, world.opd_b, content, "offline.wrong_sheet"),  # Diskominfosan's sheet for BKD
        (world.focal_b, world.opd_a, content, "perm.other_opd"),
        (world.inspector, world.opd_a, content, "perm.denied"),
        (world.focal_a, world.opd_a, b"not a workbook", "offline.bad_file"),
    ]
    before = table_rows()
    for actor, organisation_id, data, key in cases:
        with pytest.raises(LenteraError) as caught:
            import_offline_sheet(
                actor, period_id=world.period_id, organisation_id=organisation_id, content=data, apply=True
            )
        assert caught.value.key == key
    assert table_rows() == before
    with pytest.raises(LenteraError) as caught:
        offline_sheet(world.focal_b, period_id=world.period_id, organisation_id=world.opd_a)
    assert caught.value.key == "perm.other_opd"
