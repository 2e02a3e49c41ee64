"""The external index value the reviewer (Tim Asesor Internal) verifies for a Pemdi external-index indicator
(issue 17): the approved level follows from it through the catalog's table, as the focal point's level follows
from theirs; it is stored, audited, shown beside the reviewed level (item list, exports, the PDF) and kept through
a reopen and an offline upload. Service tests on SQLite and PostgreSQL; the review panel's control in ``AppTest``
on the demo."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from app_driver import actor_of, go_to, sign_in, texts
from factories import World, attach_evidence, build_world
from pemdi_world import item_of, open_pemdi_period, tagged_file
from pypdf import PdfReader
from workflow_steps import last_event, refused

from i18n import t
from indicators import load_catalog
from models.database import session_scope
from models.tables import Submission
from reports import build_csv_zip, build_pdf, build_xlsx
from services import report_data, submissions, verification
from services.offline import import_offline_sheet, offline_sheet
from services.submission_views import checklist, item_detail
from ui.focal import row_text

EPSS = "Indeks Pembangunan Statistik (EPSS)"


def _submitted(world: World, code: str, external: float | None, *, level: float | None = None) -> int:
    """OPD A's ``code`` in ``world.period_id``, answered with the index value ``external`` (or the cumulative
    ``level``, with its evidence tagged) and submitted."""
    item = item_of(world, code)
    if level is None:
        attach_evidence(world.focal_a, submission_id=item, filename=f"hasil-{code.lower()}.pdf")
    for proven in range(1, int(level or 0) + 1):
        tagged_file(world, item, proven)
    submissions.save_and_submit(
        world.focal_a, submission_id=item, self_value=level, note=None, external_value=external
    )
    return item


def test_the_reviewer_verifies_an_index_value_and_its_level_is_approved(db_url: str) -> None:
    """The OPD typed EPSS 3,6 (level 4); the reviewer verifies 2,9: level 3 is approved with 2,9 kept, audited,
    and the OPD's item list reads '4 … (EPSS 3,60)' claimed, '3 … (EPSS 2,90)' reviewed."""
    world = build_world()
    open_pemdi_period(world)
    item = _submitted(world, "IK-07", 3.6)
    verification.approve(
        world.inspector, submission_id=item, verified_external_value=2.9, note="hasil resmi BPS"
    )
    detail = item_detail(world.focal_a, submission_id=item)
    assert (detail.status, detail.self_value, detail.external_value) == ("verified", 4.0, 3.6)
    assert (detail.verified_value, detail.verified_external_value) == (3.0, 2.9)
    event = last_event(item)
    assert event.action == "review.approve" and event.before is not None and event.after is not None
    assert event.before["verified_external_value"] is None and event.after["verified_external_value"] == 2.9
    rows = checklist(world.focal_a, period_id=world.period_id, organisation_id=world.opd_a)
    row = rows[rows["code"] == "IK-07"].iloc[0]
    assert row["verified_external_value"] == 2.9
    line = row_text(row, load_catalog("pemdi-2026"))
    assert f"4 – Terpadu dan Terukur (nilai {EPSS} 3,60)" in line
    assert f"3 – Terdefinisi (nilai {EPSS} 2,90)" in line


def test_a_review_value_the_table_refuses_changes_nothing(db_url: str) -> None:
    """Out of range, a level the typed value does not convert to, a level above 1 without a value, an index value
    on an item not scored from an index: each refused with its message, the item still waiting, nothing written."""
    world = build_world()
    open_pemdi_period(world)
    item = _submitted(world, "IK-07", 3.6)
    direct = _submitted(world, "IK-01", None, level=3)
    refused(
        "workflow.external_out_of_range",
        lambda: verification.approve(world.inspector, submission_id=item, verified_external_value=7.5),
    )
    refused(
        "workflow.external_level_mismatch",
        lambda: verification.approve(
            world.inspector, submission_id=item, verified_value=4, verified_external_value=2.9
        ),
    )
    error = refused(
        "workflow.external_missing_level",
        lambda: verification.approve(world.inspector, submission_id=item, verified_value=3),
    )
    assert error.message("id") == (
        f"Tanpa nilai {EPSS} butir ini bernilai level 1, bukan level 3. Ketik nilai {EPSS} yang telah diperiksa."
    )
    refused(
        "workflow.external_not_index",
        lambda: verification.approve(
            world.inspector, submission_id=direct, verified_value=3, verified_external_value=2.9
        ),
    )
    refused(
        "workflow.reviewed_value_required",
        lambda: verification.approve(world.inspector, submission_id=direct),
    )
    assert item_detail(world.focal_a, submission_id=item).status == "submitted"


def test_no_verified_index_value_approves_level_1(db_url: str) -> None:
    """The reviewer finds no official EPSS result: approving without a value records level 1 and no index value
    ("missing external = 1"), whatever the OPD typed."""
    world = build_world()
    open_pemdi_period(world)
    item = _submitted(world, "IK-07", 3.6)
    verification.approve(world.inspector, submission_id=item)
    detail = item_detail(world.focal_a, submission_id=item)
    assert (detail.verified_value, detail.verified_external_value) == (1.0, None)


def test_the_reviewers_value_stays_through_a_reopen_and_an_offline_upload(db_url: str) -> None:
    """Reopened, the item keeps the reviewer's 2,9 (as it keeps the reviewed level); the OPD's offline upload of a
    new level changes its own value only; carry-forward copies the OPD's value into a new period, not the
    reviewer's; a new approval replaces 2,9."""
    world = build_world()
    open_pemdi_period(world)
    item = _submitted(world, "IK-07", 3.6)
    verification.approve(world.inspector, submission_id=item, verified_external_value=2.9)
    verification.reopen(world.inspector, submission_id=item, reason="Hasil EPSS terbaru sudah terbit")
    assert item_detail(world.focal_a, submission_id=item).verified_external_value == 2.9

    content = offline_sheet(world.focal_a, period_id=world.period_id, organisation_id=world.opd_a)
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["Isian"]
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if str(r[2].value) == "IK-07")
    sheet.cell(row, 11).value = 5
    buffer = io.BytesIO()
    book.save(buffer)
    import_offline_sheet(
        world.focal_a,
        period_id=world.period_id,
        organisation_id=world.opd_a,
        content=buffer.getvalue(),
        apply=True,
    )
    uploaded = item_detail(world.focal_a, submission_id=item)
    assert (uploaded.self_value, uploaded.external_value) == (5.0, None)  # a new level: the typed 3,6 is gone
    assert (uploaded.verified_value, uploaded.verified_external_value) == (3.0, 2.9)

    from services.carry_forward import carry_forward

    source = world.period_id
    target = open_pemdi_period(world, year=2027)
    carried = item_of(world, "IK-07")
    world.period_id = source
    carry_forward(world.admin, from_period_id=source, to_period_id=target, copy_values=True)
    with session_scope() as session:
        new = session.get(Submission, carried)
    assert new is not None
    assert (new.self_value, new.verified_value, new.verified_external_value) == (5.0, None, None)

    submissions.save_and_submit(
        world.focal_a, submission_id=item, self_value=None, note=None, external_value=4.4
    )
    verification.approve(world.inspector, submission_id=item, verified_external_value=4.3)
    again = item_detail(world.focal_a, submission_id=item)
    assert (again.verified_value, again.verified_external_value) == (5.0, 4.3)


# -- reports ---------------------------------------------------------------------------------------------------


def _reviewed_world() -> World:
    """OPD A's EPSS item typed 3,6 (level 4) and verified at 2,9 (level 3); IKASANDI's IK-10 typed 3,6 and
    waiting for the reviu."""
    world = build_world()
    open_pemdi_period(world)
    item = _submitted(world, "IK-07", 3.6)
    verification.approve(world.inspector, submission_id=item, verified_external_value=2.9)
    _submitted(world, "IK-10", 3.6)
    return world


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


@pytest.mark.parametrize("scope", ["province", "opd"])
def test_the_pdf_prints_both_index_values_beside_the_levels(db_url: str, scope: str) -> None:
    """The province's and the OPD's PDF: on Diskominfosan's page, 'Butir dari indeks eksternal' with EPSS's row
    '4 3,60 3 2,90' (self level, typed, reviewed level, verified) and IKASANDI's '4 3,60 – –'."""
    world = _reviewed_world()
    data = report_data.report_data(
        world.admin,
        period_id=world.period_id,
        scope="province" if scope == "province" else f"opd:{world.opd_a}",
    )
    text = _pdf_text(build_pdf(data))
    start = text.index("Butir dari indeks eksternal")
    section = text[start : text.index("Halaman", start)]  # to the page's footer
    assert "Nilai Indeks Eksternal Hasil Reviu" in section
    assert "IK-07 Tingkat Kematangan Pembangunan Statistik 4 3,60 3 2,90" in section
    assert "IK-10" in section and "4 3,60 – –" in section
    assert "IK-01 " not in section  # an item not scored from an index is not listed


def test_the_pdf_of_a_period_without_index_values_has_no_such_section(db_url: str) -> None:
    """A Pemdi period where no index value was typed or verified prints no 'Butir dari indeks eksternal'."""
    world = build_world()
    open_pemdi_period(world)
    _submitted(world, "IK-01", None, level=3)
    data = report_data.report_data(world.admin, period_id=world.period_id)
    assert "Butir dari indeks eksternal" not in _pdf_text(build_pdf(data))


def test_the_workbook_and_csv_print_the_reviewers_value_beside_the_reviewed_level(db_url: str) -> None:
    """Rincian Item: 'Nilai Indeks Eksternal Hasil Reviu' 2,9 right after 'Nilai Hasil Reviu' 3 on EPSS's row,
    empty on the row still waiting; the CSV the same."""
    world = _reviewed_world()
    data = report_data.report_data(world.admin, period_id=world.period_id)
    sheet = openpyxl.load_workbook(io.BytesIO(build_xlsx(data)), read_only=True)["Rincian Item"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    reviewed = header.index("Nilai Hasil Reviu")
    assert header[reviewed + 1] == "Nilai Indeks Eksternal Hasil Reviu"
    assert header[header.index("Nilai Mandiri") + 1] == "Nilai Indeks Eksternal"
    code = header.index("Kode")
    by_code = {row[code]: row for row in rows[1:]}
    assert (by_code["IK-07"][reviewed], by_code["IK-07"][reviewed + 1]) == (3, 2.9)
    assert by_code["IK-10"][reviewed + 1] is None
    with zipfile.ZipFile(io.BytesIO(build_csv_zip(data))) as bundle:
        name = next(n for n in bundle.namelist() if n.endswith("items.csv"))
        lines = bundle.read(name).decode("utf-8-sig").splitlines()
    columns = lines[0].split(";")
    assert columns[columns.index("Nilai Hasil Reviu") + 1] == "Nilai Indeks Eksternal Hasil Reviu"
    epss = next(line.split(";") for line in lines if ";IK-07;" in line)
    assert epss[columns.index("Nilai Indeks Eksternal Hasil Reviu")] == "2,9"


# -- the review panel (AppTest on the demo) --------------------------------------------------------------------


@pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie
def test_the_reviewer_types_the_verified_index_value_in_the_review_panel(demo: dict[str, str]) -> None:
    """In the demo's Pemdi period, the inspector opens the EPSS item waiting for review and types 2,90: the panel
    says it converts to level 3 (and asks no upload); approving stores level 3 with 2,90, and the confirmation
    names both."""
    from services import periods

    inspector = actor_of("inspektur")
    focal = actor_of("fp.diskominfosan")
    period_id = next(
        int(row["period_id"])
        for _, row in periods.list_periods(inspector).iterrows()
        if str(row["name"]).startswith("Pemdi")
    )
    assert focal.organisation_id is not None
    rows = checklist(focal, period_id=period_id, organisation_id=focal.organisation_id)
    item = int(rows.loc[rows["code"] == "IK-07", "submission_id"].iloc[0])
    detail = item_detail(focal, submission_id=item)
    if detail.status != "submitted":  # the demo's draw: put it in the queue at 3,60
        if detail.status == "verified":
            verification.reopen(inspector, submission_id=item, reason="Periksa ulang EPSS")
        attach_evidence(focal, submission_id=item, filename="hasil-epss-2026.pdf")
        submissions.save_and_submit(focal, submission_id=item, self_value=None, note=None, external_value=3.6)
    detail = item_detail(inspector, submission_id=item)

    at = sign_in("inspektur", demo["inspektur"])
    go_to(at, "verifikasi").run()
    at.selectbox(key="period_select").set_value(period_id).run()
    at.selectbox(key="queue_pick").set_value(item).run()
    assert not at.exception
    key = f"verify_value_{item}_{detail.version}"
    at.number_input(key=f"{key}_external").set_value(2.9).run()
    captions = texts(at.caption)
    assert (
        t("ui.external.converts_reviewed", "id", index=EPSS, value="2,90", level="3 – Terdefinisi")
        in captions
    )
    assert not any("Unggah hasil" in c for c in captions)  # the reviewer checks the evidence, uploads none
    at.button(key=f"approve_{item}").click().run()
    assert not at.exception
    after = item_detail(inspector, submission_id=item)
    assert (after.status, after.verified_value, after.verified_external_value) == ("verified", 3.0, 2.9)
    assert any(f"3 – Terdefinisi (nilai {EPSS} 2,90)" in s for s in texts(at.success))
