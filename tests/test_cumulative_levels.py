"""Cumulative levels (issue 17 §1, Pemdi 2026: "an indicator's level is the highest whose evidence is all
accepted"): the rule and its catalog checks, the shipped catalog's evidence per level, its YAML and Excel round
trip and diff, the focal point's submit refused without tagged evidence for every level up to the claim, the
reviewer's approved level computed from the ticks, document progress and carry-forward, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from factories import PDF_BYTES, World, attach_evidence, build_world, submission_id
from pemdi_world import open_pemdi_period, pemdi_item, tagged_file
from pydantic import ValidationError
from small_catalog import SMALL
from sqlmodel import col, select
from workflow_steps import refused

from indicators import CatalogError, diff_catalogs, dump_catalog, load_catalog, parse_catalog
from indicators.excel import catalog_to_xlsx
from indicators.rules import ExternalIndexRule, LevelsRule
from models.database import session_scope
from models.tables import EvidenceLink, Submission
from services import (
    document_progress,
    evidence_tags,
    submission_views,
    submissions,
    verification,
)
from services.carry_forward import carry_forward
from services.catalog_excel import catalog_from_xlsx

LEVELS = {1: "Rintisan", 2: "Terkelola", 3: "Terdefinisi", 4: "Terpadu dan Terukur", 5: "Optimum"}
CODE = "IK-01"  # Tingkat Kematangan Tata Kelola Pemdi, levels 1..5, cumulative


def _rule(**changes: object) -> LevelsRule:
    data: dict[str, object] = {
        "kind": "levels",
        "levels": {1: "a", 2: "b", 3: "c"},
        "cumulative": True,
        "documents": [{"code": f"L{n}", "name": f"Bukti {n}", "level": n} for n in (1, 2, 3)],
    }
    return LevelsRule.model_validate({**data, **changes})


# -- the rule ---------------------------------------------------------------------------------------------


def test_levels_one_and_two_ticked_and_three_not_give_level_two_whatever_the_claim() -> None:
    """The worked example: L1, L2 (and L4) ticked, L3 not → level 2; nothing ticked → the floor, level 1."""
    rule = load_catalog("pemdi-2026").node(CODE).rule
    assert isinstance(rule, LevelsRule) and rule.cumulative
    assert rule.value_for_documents({"L1", "L2"}) == 2.0
    assert rule.value_for_documents({"L1", "L2", "L4", "L5"}) == 2.0
    assert rule.value_for_documents(set()) == 1.0
    assert rule.value_for_documents({"L1", "L2", "L3", "L4", "L5"}) == 5.0
    assert rule.documents_for(3) == {"L1", "L2", "L3"}
    assert rule.first_level_missing(4, {"L1", "L3", "L4"}) == 2
    assert rule.first_level_missing(2, {"L1", "L2"}) is None
    assert rule.first_level_missing(None, set()) is None
    plain = LevelsRule(kind="levels", levels=LEVELS)
    assert plain.first_level_missing(5, set()) is None and plain.value_for_documents({"L1"}) is None


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"documents": [{"code": "L1", "name": "x", "level": 1}, {"code": "L2", "name": "y", "level": 2}]},
         "belum ada bukti untuk tingkat 3"),
        ({"documents": [{"code": "L", "name": "x", "level": n} for n in (1, 2, 3)]},
         "kode dokumen dalam satu butir harus unik"),
        ({"documents": [{"code": f"L{n}", "name": "x", "level": n} for n in (1, 2, 3, 7)]},
         "bukti L7 menyebut tingkat 7; tingkat yang memerlukan bukti: 1, 2, 3"),
        ({"cumulative": False}, "bukti per tingkat hanya untuk aturan 'levels' dengan cumulative: true"),
    ],
)  # fmt: skip
def test_a_cumulative_rule_covers_every_level_with_unique_codes(
    changes: dict[str, object], words: str
) -> None:
    """A level without evidence, a code twice, evidence of a level the rule lacks, or evidence without
    ``cumulative``: each refused in the catalog's words."""
    with pytest.raises(ValidationError, match=words):
        _rule(**changes)


def test_a_broken_cumulative_rule_in_a_catalog_file_is_refused_on_its_line() -> None:
    """The loader reports a missing level's evidence at the leaf, in Indonesian (and English on request)."""
    leaf = "  - code: A.1\n    name: Item satu\n    rule: {kind: percent, steps: [0, 50, 100]}\n"
    broken = SMALL.replace(
        leaf,
        "  - code: A.1\n    name: Item satu\n    rule:\n      kind: levels\n      levels: {1: a, 2: b}\n"
        "      cumulative: true\n      documents:\n      - {code: L1, name: Bukti 1, level: 1}\n",
    )
    with pytest.raises(CatalogError) as caught:
        parse_catalog(broken, source="kecil.yaml")
    [problem] = caught.value.problems
    assert problem.code == "A.1" and "belum ada bukti untuk tingkat 2" in problem.message
    from i18n import t

    assert "level(s) 2 have none" in t("catalog.rule.level_documents_cover", "en", levels="2")


def test_a_rule_that_is_not_cumulative_is_written_as_before() -> None:
    """SPBE's levels carry no ``cumulative`` or ``documents`` key: their stored documents (and hashes) stay."""
    rule = load_catalog("spbe-2021").leaves()[0].rule
    assert isinstance(rule, LevelsRule) and not rule.cumulative
    assert set(rule.model_dump()) == {"kind", "levels"}
    assert "cumulative" not in dump_catalog(load_catalog("spbe-2021"))


def test_the_shipped_pemdi_catalog_asks_evidence_for_each_level() -> None:
    """Every Pemdi indicator scored by levels lists L1..L5 'Bukti level N – <level name>'; index ones none."""
    pemdi = load_catalog("pemdi-2026")
    for leaf in pemdi.leaves():
        rule = leaf.rule
        if isinstance(rule, ExternalIndexRule):
            assert rule.listed_documents() == ()
            continue
        assert isinstance(rule, LevelsRule) and rule.cumulative, leaf.code
        assert [(d.code, d.name, d.level) for d in rule.listed_documents()] == [
            (f"L{n}", f"Bukti level {n} – {name}", n) for n, name in LEVELS.items()
        ]


# -- the catalog round trip and diff ------------------------------------------------------------------------


def _workbook_edit(content: bytes, edit: object) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(content))
    edit(book)  # type: ignore[operator]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_evidence_per_level_round_trips_through_yaml_and_excel_and_shows_in_the_diff() -> None:
    """The Dokumen sheet lists each level's evidence with its Level; renaming one there is a rule change in
    words; a Dokumen row for a leaf whose Kumulatif cell is emptied is refused on its row."""
    pemdi = load_catalog("pemdi-2026")
    assert parse_catalog(dump_catalog(pemdi), source="x.yaml") == pemdi
    content = catalog_to_xlsx(pemdi)
    assert catalog_from_xlsx(content) == pemdi
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Dokumen"]
    header = [str(c.value) for c in sheet[1]]
    assert header == ["Kode butir", "Kode", "Nama", "Poin", "Level"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [CODE, "L2", "Bukti level 2 – Terkelola", None, 2] in rows
    line = 2 + rows.index([CODE, "L2", "Bukti level 2 – Terkelola", None, 2])

    def rename(book: openpyxl.Workbook) -> None:
        book["Dokumen"][f"C{line}"] = "Bukti level 2 – SOP ditetapkan"

    [change] = diff_catalogs(pemdi, catalog_from_xlsx(_workbook_edit(content, rename))).rule_changed
    assert (change.code, change.detail) == (
        CODE,
        "nama dokumen L2: Bukti level 2 – Terkelola → Bukti level 2 – SOP ditetapkan",
    )

    def not_cumulative(book: openpyxl.Workbook) -> None:
        node = book["Struktur"]
        column = [str(c.value) for c in node[1]].index("Kumulatif") + 1
        for row in node.iter_rows(min_row=2):
            if row[0].value == CODE:
                node.cell(row[0].row, column).value = None

    with pytest.raises(CatalogError) as caught:
        catalog_from_xlsx(_workbook_edit(content, not_cumulative), source="pemdi.xlsx")
    found = {(p.source, p.line, p.code, p.message) for p in caught.value.problems}
    assert (
        "pemdi.xlsx:Dokumen",
        line,
        CODE,
        "butir ini tidak memakai aturan nilai 'documents' atau 'levels' yang kumulatif",
    ) in found


def test_making_levels_cumulative_reads_as_a_rule_change_in_words() -> None:
    """Turning a leaf's levels cumulative names the change and each level's new evidence."""
    leaf = "  - code: A.1\n    name: Item satu\n    rule: {kind: percent, steps: [0, 50, 100]}\n"
    plain = "  - code: A.1\n    name: Item satu\n    rule: {kind: levels, levels: {1: a, 2: b}}\n"
    cumulative = (
        "  - code: A.1\n    name: Item satu\n    rule:\n      kind: levels\n      levels: {1: a, 2: b}\n"
        "      cumulative: true\n      documents:\n      - {code: L1, name: Bukti 1, level: 1}\n"
        "      - {code: L2, name: Bukti 2, level: 2}\n"
    )
    old = parse_catalog(SMALL.replace(leaf, plain), source="x.yaml")
    new = parse_catalog(SMALL.replace(leaf, cumulative), source="x.yaml")
    [change] = diff_catalogs(old, new).rule_changed
    assert (
        change.detail == "tingkat kumulatif: tidak → ya; bukti L1: – → 1: Bukti 1; bukti L2: – → 2: Bukti 2"
    )


# -- the workflow -------------------------------------------------------------------------------------------


def _pemdi_world() -> tuple[World, int]:
    """A world with an open Pemdi 2026 period; returns it and OPD A's IK-01 submission."""
    world = build_world()
    return world, pemdi_item(world, CODE)


def test_submitting_a_level_needs_a_tagged_file_for_every_level_up_to_it(db_url: str) -> None:
    """A draft may claim level 3 without evidence; submitting it with only L1 tagged (and an untagged file) is
    refused naming level 2, changing nothing; with L2 and L3 tagged it goes to the Tim Asesor Internal."""
    world, item = _pemdi_world()
    submissions.save_draft(world.focal_a, submission_id=item, self_value=3, note=None)
    tagged_file(world, item, 1)
    attach_evidence(world.focal_a, submission_id=item, filename="lain.pdf", content=PDF_BYTES + b"%x\n")
    error = refused(
        "workflow.level_evidence_missing", lambda: submissions.submit(world.focal_a, submission_id=item)
    )
    assert "bukti level 2 belum ada" in error.message(
        "id"
    ) and "L2 Bukti level 2 – Terkelola" in error.message("id")
    assert "the evidence of level 2 is missing" in error.message("en")
    refused(
        "workflow.level_evidence_missing",
        lambda: submissions.save_and_submit(world.focal_a, submission_id=item, self_value=4, note="naik"),
    )  # the save of level 4 is rolled back with the refused submit
    tagged_file(world, item, 2)
    refused("workflow.level_evidence_missing", lambda: submissions.submit(world.focal_a, submission_id=item))
    tagged_file(world, item, 3)
    submissions.submit(world.focal_a, submission_id=item)
    detail = submission_views.item_detail(world.focal_a, submission_id=item)
    assert (detail.status, detail.self_value) == ("submitted", 3.0)


def test_the_reviewer_approves_the_level_the_ticks_give(db_url: str) -> None:
    """Claim 4 with L1..L4 tagged; ticks L1, L2 (not L3): approving 4 is refused, approving 2 is recorded with its
    ticks; document progress counts five documents required, four uploaded, two accepted."""
    world, item = _pemdi_world()
    submissions.save_draft(world.focal_a, submission_id=item, self_value=4, note=None)
    for level in (1, 2, 3, 4):
        tagged_file(world, item, level)
    submissions.submit(world.focal_a, submission_id=item)
    error = refused(
        "review.level_not_ticked",
        lambda: verification.approve(
            world.inspector, submission_id=item, verified_value=4, accepted_documents=["L1", "L2", "L4"]
        ),
    )
    assert "sampai level 2 (Terkelola); level 4 tidak dapat disetujui" in error.message("id")
    verification.approve(
        world.inspector, submission_id=item, verified_value=2, accepted_documents=["L2", "L1"]
    )
    detail = submission_views.item_detail(world.focal_a, submission_id=item)
    assert (detail.status, detail.verified_value, detail.accepted_documents) == (
        "verified",
        2.0,
        ["L1", "L2"],
    )
    progress = document_progress.document_progress(world.leader, period_id=world.period_id)
    row = progress[progress["organisation_id"] == world.opd_a].iloc[0].to_dict()
    assigned = int(row["items"])
    pemdi = load_catalog("pemdi-2026")
    with session_scope() as session:
        codes = session.exec(
            select(Submission.code).where(
                Submission.period_id == world.period_id, Submission.organisation_id == world.opd_a
            )
        ).all()
    per_item = {c: len(pemdi.node(c).rule.listed_documents()) or 1 for c in codes}  # type: ignore[union-attr]
    assert len(per_item) == assigned and per_item[CODE] == 5
    assert int(row["documents_required"]) == sum(per_item.values())
    assert (int(row["documents_uploaded"]), int(row["documents_accepted"])) == (4, 2)


def test_a_return_keeps_the_levels_already_accepted_and_ticks_must_be_listed(db_url: str) -> None:
    """Returning with L1 ticked shows the OPD L1 accepted; a tick of L9 is refused; approving without ticks
    records every level up to the value."""
    world, item = _pemdi_world()
    submissions.save_draft(world.focal_a, submission_id=item, self_value=2, note=None)
    for level in (1, 2):
        tagged_file(world, item, level)
    submissions.submit(world.focal_a, submission_id=item)
    refused(
        "review.unknown_document",
        lambda: verification.approve(
            world.inspector, submission_id=item, verified_value=2, accepted_documents=["L9"]
        ),
    )
    verification.return_item(
        world.inspector, submission_id=item, reason="SOP level 2 belum ditetapkan", accepted_documents=["L1"]
    )
    assert submission_views.item_detail(world.focal_a, submission_id=item).accepted_documents == ["L1"]
    submissions.save_and_submit(world.focal_a, submission_id=item, self_value=2, note="SOP sudah ditetapkan")
    verification.approve(world.inspector, submission_id=item, verified_value=2)
    assert submission_views.item_detail(world.focal_a, submission_id=item).accepted_documents == ["L1", "L2"]


def test_a_file_is_tagged_only_with_evidence_the_item_lists(db_url: str) -> None:
    """L9 is no level of IK-01; an external-index item (IK-05) lists no evidence to tag."""
    world, item = _pemdi_world()
    link = tagged_file(world, item, 1)
    refused(
        "evidence.not_a_document",
        lambda: evidence_tags.tag_document(world.focal_a, link_id=link, document_code="L9"),
    )
    index_item = submission_id(world, organisation_id=world.opd_a, code="IK-05")
    attach_evidence(world.focal_a, submission_id=index_item, filename="isdi.pdf", content=PDF_BYTES + b"%i\n")
    with session_scope() as session:
        index_link = session.exec(
            select(EvidenceLink.id).where(EvidenceLink.submission_id == index_item)
        ).one()
    assert index_link is not None
    refused(
        "evidence.not_a_document",
        lambda: evidence_tags.tag_document(world.focal_a, link_id=index_link, document_code="L1"),
    )


def test_carry_forward_keeps_the_level_a_file_proves(db_url: str) -> None:
    """A file tagged L2 in last cycle's period arrives on the same indicator of the next one still tagged L2."""
    world, item = _pemdi_world()
    tagged_file(world, item, 2)
    attach_evidence(world.focal_a, submission_id=item, filename="lain.pdf", content=PDF_BYTES + b"%u\n")
    source = world.period_id
    target = open_pemdi_period(world, year=2027, previous_period_id=source)
    carry_forward(world.admin, from_period_id=source, to_period_id=target, copy_values=False)
    with session_scope() as session:
        tags = session.exec(
            select(EvidenceLink.document_code)
            .join(Submission, col(Submission.id) == col(EvidenceLink.submission_id))
            .where(Submission.period_id == target, Submission.code == CODE)
            .order_by(col(EvidenceLink.id))
        ).all()
    assert list(tags) == ["L2", None]
