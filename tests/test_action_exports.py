"""The action plan in xlsx on SQLite and PostgreSQL: per OPD and for the pemda, what the actor may see only,
Indonesian headers, due dates as WIT datetimes, typed text that looks like a formula kept as text."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from factories import World, build_world, wit
from openpyxl import load_workbook

from services import actions
from services.action_exports import export_action_plan
from services.actions import ActionDraft, Owner

OWNER = Owner(name="Hasan", nip="198001012005011001", phone="081234567890")


@pytest.fixture
def world(db_url: str) -> World:
    world = build_world()
    for organisation, title in ((world.opd_a, '=HYPERLINK("http://x")'), (world.opd_b, "Unggah SK BKD")):
        actions.create_actions(world.inspector, organisation_id=organisation, period_id=world.period_id,
                               drafts=[ActionDraft(title=title, codes=("1",))], owner=OWNER,
                               due_at=wit(2099, 6, 30, 23, 59))  # fmt: skip
    return world


def rows(content: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None and sheet.title == "Rencana aksi"
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_pemda_plan_and_one_opds_plan(world: World) -> None:
    pemda = rows(export_action_plan(world.leader, region_id=world.province_id))
    header, *body = pemda
    assert header[:4] == ("OPD", "Rencana aksi", "Butir", "Rekomendasi KPK (id)")
    assert sorted(str(r[0]) for r in body) == ["BKD", "Diskominfosan"]
    due = header.index("Batas waktu (WIT)")
    assert {r[due] for r in body} == {datetime(2099, 6, 30, 23, 59)}
    assert {r[header.index("Status")] for r in body} == {"Rencana"}
    [(opd, title, *_)] = rows(export_action_plan(world.admin, organisation_id=world.opd_b))[1:]
    assert (opd, title) == ("BKD", "Unggah SK BKD")


def test_a_focal_point_exports_only_their_opd_and_formulas_stay_text(world: World) -> None:
    content = export_action_plan(world.focal_a)
    [(opd, title, *_)] = rows(content)[1:]
    assert (opd, title) == ("Diskominfosan", '=HYPERLINK("http://x")')
    cell = load_workbook(io.BytesIO(content)).active["B2"]
    assert cell.data_type == "s" and cell.quotePrefix
