"""KPK's recommendations on SQLite and PostgreSQL: typed in or imported from the documented spreadsheet, every bad
row reported with its row and column and nothing saved, a second import of the same file refused, and a
recommendation spawning actions."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest
from factories import World, build_world, table_rows, wit
from openpyxl import Workbook

from i18n import LenteraError
from services import action_views, actions, recommendations
from services.actions import ActionDraft, Owner
from services.recommendations import HEADER, RecommendationFileError, problems_frame

GOOD = [
    ("R-01", "D1", "Tetapkan kebijakan internal arsitektur SPBE", "1, 2", "31/03/2027"),
    ("R-02", "Domain Layanan SPBE", "Integrasikan layanan publik ke portal nasional", "32", None),
]


@pytest.fixture
def world(db_url: str) -> World:
    return build_world()


def workbook(
    rows: Sequence[tuple[object, ...]], *, header: tuple[str, ...] = HEADER, sheet: str = "Rekomendasi"
) -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_good_file_is_imported_whole_and_a_second_import_is_a_duplicate(world: World) -> None:
    content = workbook(GOOD)
    assert (
        recommendations.import_recommendations(world.inspector, period_id=world.period_id, content=content)
        == 2
    )
    listed = recommendations.list_recommendations(world.leader, period_id=world.period_id)
    assert list(listed["number"]) == ["R-01", "R-02"]
    assert list(listed["area"]) == ["Domain Kebijakan Internal SPBE", "Domain Layanan SPBE"]
    assert list(listed["codes"]) == ["1, 2", "32"]
    assert listed.iloc[0]["due_at"] == wit(2027, 3, 31, 23, 59) and listed.iloc[0]["source_row"] == 2
    before = table_rows()
    with pytest.raises(LenteraError) as caught:
        recommendations.import_recommendations(world.admin, period_id=world.period_id, content=content)
    assert caught.value.key == "recommendations.duplicate_file"
    assert table_rows() == before


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (("R-9", "D1", "", "1", None), "Rekomendasi", "kosong"),
        (("R-9", "Pajak Daerah", "Teks", "1", None), "Area", "'Pajak Daerah'"),
        (("R-9", "D1", "Teks", "1, 99.9", None), "Butir", "'99.9'"),
        (("R-9", "D1", "Teks", "1", "akhir tahun"), "Batas waktu", "'akhir tahun'"),
        (("R-9", "D1", "x" * 5001, "1", None), "Rekomendasi", "5000"),
    ],
    ids=["no-text", "unknown-area", "unknown-item", "bad-date", "too-long"],
)
def test_each_kind_of_bad_row_refuses_the_file_naming_row_and_column(
    world: World, row: tuple[object, ...], column: str, words: str
) -> None:
    before = table_rows()
    with pytest.raises(RecommendationFileError) as caught:
        recommendations.import_recommendations(
            world.inspector, period_id=world.period_id, content=workbook([*GOOD, row])
        )
    problems = problems_frame(caught.value, "id")
    assert list(problems["row"]) == [4] and list(problems["column"]) == [column]
    assert words in problems.iloc[0]["message"]
    assert caught.value.message("id").startswith(
        "Berkas ditolak, tidak ada yang disimpan: 1 masalah. Baris 4, kolom"
    )
    assert table_rows() == before


def test_a_wrong_layout_is_refused_before_any_row(world: World) -> None:
    for content, key in (
        (workbook(GOOD, sheet="Lembar1"), "recommendations.no_sheet"),
        (
            workbook(GOOD, header=("No", "Rekomendasi", "Area", "Butir", "Batas waktu")),
            "recommendations.bad_header",
        ),
        (workbook([]), "recommendations.empty"),
        (b"not a workbook", "workbook.not_a_workbook"),
    ):
        with pytest.raises(LenteraError) as caught:
            recommendations.import_recommendations(
                world.inspector, period_id=world.period_id, content=content
            )
        assert caught.value.key == key


def test_only_inspectors_and_admins_record_and_a_recommendation_spawns_actions(world: World) -> None:
    for actor in (world.leader, world.focal_a):
        with pytest.raises(LenteraError) as refused:
            recommendations.create_recommendation(actor, period_id=world.period_id, area="D1", text="x")
        assert refused.value.key == "perm.denied"
    with pytest.raises(LenteraError) as kab:
        recommendations.create_recommendation(
            world.inspector_kab, period_id=world.period_id, area="D1", text="x"
        )
    assert kab.value.key == "perm.out_of_region"
    made = recommendations.create_recommendation(
        world.inspector, period_id=world.period_id, area="d2", text="Bentuk tim koordinasi SPBE", codes=["5"],
        due_at=wit(2027, 6, 30, 23, 59),
    )  # fmt: skip
    [action] = actions.create_actions(
        world.inspector, organisation_id=world.opd_a, period_id=world.period_id,
        drafts=[ActionDraft(title="SK tim koordinasi", codes=("5",), recommendation_id=made)],
        owner=Owner(name="Rina", nip="198502022010012002", phone="081311112222"), due_at=wit(2027, 5, 31, 16),
    )  # fmt: skip
    assert action_views.list_actions(world.focal_a).iloc[0]["recommendation_id"] == made
    assert action is not None
