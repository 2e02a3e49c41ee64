"""Reports from the database: every format opened and read back, numbers checked against the dashboard.

The world (``tests/factories.build_world``, SPBE 2021): last year's period and this year's, filled through the
real workflow services. Diskominfosan (A) has two approved items (one with a note that looks like a formula),
one returned with a reason, one file supporting two items and one detached file; BKD (B) has one approved item.
Kabupaten Halmahera Barat has its own period, so the provincial report ranks it beside the province.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from conftest import DemoTemplate
from factories import PDF_BYTES, World, build_world, folder_store, make_user, submission_id, wit
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from pypdf import PdfReader
from sqlmodel import col, select

import cli
import i18n
import reports
from i18n import LenteraError, status_label
from indicators import ROOT_CODE
from models import session_scope
from models.tables import AuditEvent, Organisation, Region, Role, Submission
from services import assignments, evidence, exports, periods, report_data, submissions, verification
from services.actor import Actor
from services.cache import clear_caches
from services.overview import period_overview

FORMULA_NOTE = '=HYPERLINK("http://contoh.invalid/x","klik")'
RETURN_REASON = "SK belum ditandatangani pejabat berwenang"


@dataclass
class Setup:
    world: World
    previous_id: int
    period_id: int
    kab_period_id: int
    a_codes: list[str]
    b_codes: list[str]
    shared_sha: str  # the file supporting two of A's items
    detached_sha: str  # the file detached from A's item


def _period(world: World, region_id: int, name: str, previous_id: int | None = None) -> int:
    return int(
        periods.create_period(
            world.admin,
            catalog_key="spbe-2021",
            region_id=region_id,
            name=name,
            opens_at=wit(2026, 1, 5, 8),
            submission_deadline=wit(2099, 5, 31, 23, 59),
            verification_deadline=wit(2099, 7, 31, 23, 59),
            previous_period_id=previous_id,
        ).id
    )


def _codes(period_id: int, organisation_id: int) -> list[str]:
    with session_scope() as session:
        rows = session.exec(
            select(Submission.code)
            .where(Submission.period_id == period_id, Submission.organisation_id == organisation_id)
            .order_by(col(Submission.id))
        ).all()
    return list(rows)


def _upload(actor: Actor, sid: int, name: str, tag: str) -> evidence.EvidenceInfo:
    content = PDF_BYTES.replace(b"%%EOF", f"% {tag}\n%%EOF".encode())
    return evidence.upload_evidence(actor, submission_id=sid, filename=name, stream=io.BytesIO(content))


def _answer(world: World, actor: Actor, period_id: int, organisation_id: int, code: str, value: float,
            note: str | None = None) -> int:  # fmt: skip
    with session_scope() as session:
        sid = session.exec(
            select(Submission.id).where(
                Submission.period_id == period_id,
                Submission.organisation_id == organisation_id,
                Submission.code == code,
            )
        ).one()
    assert sid is not None
    submissions.save_draft(actor, submission_id=sid, self_value=value, note=note)
    if not evidence.list_evidence(actor, submission_id=sid):
        _upload(actor, sid, f"SK {code}.pdf", f"{period_id}-{organisation_id}-{code}")
    submissions.submit(actor, submission_id=sid)
    return sid


@pytest.fixture
def setup(db_url: str) -> Setup:
    clear_caches()
    world = build_world(with_period=False)
    previous_id = _period(world, world.province_id, "SPBE 2025")
    period_id = _period(world, world.province_id, "SPBE 2026", previous_id=previous_id)
    world.period_id = period_id
    kab_period_id = _period(world, world.kabupaten_id, "SPBE 2026 Halmahera Barat")
    a, b = _codes(period_id, world.opd_a), _codes(period_id, world.opd_b)
    focal_a, focal_b, inspector = world.focal_a, world.focal_b, world.inspector

    # Last year B was ahead of A.
    sid = _answer(world, focal_b, previous_id, world.opd_b, b[0], 4)
    verification.approve(inspector, submission_id=sid, verified_value=4)

    # A's first file also supports its second item; a third file is detached again.
    first = submission_id(world, organisation_id=world.opd_a, code=a[0])
    shared = _upload(focal_a, first, "SK Arsitektur SPBE.pdf", "shared")
    second = submission_id(world, organisation_id=world.opd_a, code=a[1])
    evidence.link_evidence(focal_a, evidence_id=shared.id, submission_id=second)
    sid = _answer(world, focal_a, period_id, world.opd_a, a[0], 5, note=FORMULA_NOTE)
    verification.approve(inspector, submission_id=sid, verified_value=4)
    sid = _answer(world, focal_a, period_id, world.opd_a, a[1], 3)
    verification.approve(inspector, submission_id=sid, verified_value=3)
    third = submission_id(world, organisation_id=world.opd_a, code=a[2])
    detached = _upload(focal_a, third, "salah unggah.pdf", "detached")
    evidence.detach_evidence(focal_a, link_id=detached.link_id or 0)
    sid = _answer(world, focal_a, period_id, world.opd_a, a[2], 5)
    verification.return_item(inspector, submission_id=sid, reason=RETURN_REASON)
    sid = _answer(world, focal_b, period_id, world.opd_b, b[0], 2)
    verification.approve(inspector, submission_id=sid, verified_value=2)

    # The kabupaten's OPD answers one item in the kabupaten's own period.
    assignments.set_assignment(world.admin, period_id=kab_period_id, organisation_id=world.opd_kab, code=a[0],
                           assigned=True)  # fmt: skip
    focal_kab = make_user(username="op.halbar", role=Role.focal_point, organisation_id=world.opd_kab,
                          region_id=world.kabupaten_id)  # fmt: skip
    sid = _answer(world, focal_kab, kab_period_id, world.opd_kab, a[0], 5)
    verification.approve(world.inspector_kab, submission_id=sid, verified_value=5)
    return Setup(world, previous_id, period_id, kab_period_id, a, b, shared.sha256, detached.sha256)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the exports (the test's data folder also lives under ``tmp_path``)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


# --------------------------------------------------------------------------- helpers


def _dashboard_totals(actor: Actor, period_id: int) -> dict[str, float]:
    """TOTAL per entity as the dashboard shows it, keyed by the report's entity ids."""
    overview = period_overview(actor, period_id=period_id)
    totals: dict[str, float] = {}
    opds = overview.opd_scores.loc[overview.opd_scores["code"].astype(str) == ROOT_CODE]
    for entity, score in zip(opds["entity"], opds["score"], strict=True):
        totals[f"opd:{entity}"] = float(score)
    codes = dict(zip(overview.regions["entity"], overview.regions["kemendagri_code"], strict=True))
    regions = overview.region_scores.loc[overview.region_scores["code"].astype(str) == ROOT_CODE]
    for entity, score in zip(regions["entity"], regions["score"], strict=True):
        totals[codes[str(entity)]] = float(score)
    return totals


def _sheet(path: Path, key: str) -> list[dict[str, object]]:
    """A workbook table as dicts keyed by the header row, with the report's entity id (``ENTITY``) read back
    from the code column the reader sees (Kemendagri code, the abbreviation of an OPD of province 82)."""
    workbook = load_workbook(path)
    sheet = workbook[i18n.t(key, "id")]
    rows = list(sheet.iter_rows(values_only=True))
    records = [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]
    if CODE in rows[0]:
        with session_scope() as session:
            pairs = session.exec(
                select(Organisation.abbreviation, Organisation.id)
                .join(Region, col(Region.id) == Organisation.region_id)
                .where(Region.kemendagri_code == "82")  # the province's OPDs: these tests export province 82
            ).all()
        opds = {abbreviation: f"opd:{opd}" for abbreviation, opd in pairs}
        for record in records:
            assert not str(record[CODE]).startswith("opd:")
            record[ENTITY] = opds.get(str(record[CODE]), str(record[CODE]))
    return records


def _cells(path: Path, key: str) -> list[list[Cell | MergedCell]]:
    return [list(row) for row in load_workbook(path)[i18n.t(key, "id")].iter_rows()]


def _csv(bundle: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(bundle.read(name).decode("utf-8-sig")), delimiter=";"))


def _num(value: object) -> float:
    """A workbook cell's number (openpyxl reads numbers as int or float)."""
    assert isinstance(value, int | float), value
    return value


def _number(text: str) -> float:
    return float(text.replace(",", "."))


ENTITY = i18n.t("report.col.entity", "id")  # the CSV tables' id column (machine-readable)
CODE = i18n.t("report.col.entity_code", "id")  # what the workbook shows instead
SCORE = i18n.t("report.col.score", "id", reviewer="Tim Asesor Internal")  # an SPBE period


# --------------------------------------------------------------------------- tests


def test_workbook_totals_equal_the_dashboard(setup: Setup, out: Path) -> None:
    leader = setup.world.leader
    path = exports.export(leader, period_id=setup.period_id, scope="province", fmt="xlsx", out=out)
    assert path.parent == out and path.suffix == ".xlsx"
    summary = {str(r[ENTITY]): r for r in _sheet(path, "report.sheet.summary")}
    expected = _dashboard_totals(leader, setup.period_id)
    # The province, the kabupaten (from its own period) and both OPDs, each with the dashboard's number.
    assert set(summary) == set(expected) == {
        "82", "82.01", f"opd:{setup.world.opd_a}", f"opd:{setup.world.opd_b}"
    }  # fmt: skip
    for entity, total in expected.items():
        assert summary[entity][SCORE] == pytest.approx(total), entity
    a, b = f"opd:{setup.world.opd_a}", f"opd:{setup.world.opd_b}"
    assert _num(summary[a][SCORE]) > 0 and _num(summary[b][SCORE]) > 0
    # Last period only B had a verified item: B was first, A second; this period's ranks follow the scores.
    rank = i18n.t("report.col.rank", "id")
    previous = i18n.t("report.col.previous_rank", "id")
    assert (summary[a][previous], summary[b][previous]) == (2, 1)
    leader_first = a if _num(summary[a][SCORE]) > _num(summary[b][SCORE]) else b
    assert summary[leader_first][rank] == 1
    change = i18n.t("report.col.rank_change", "id")
    assert summary[a][change] == _num(summary[a][previous]) - _num(summary[a][rank])

    # Items: self vs verified, the return reason and the reviewer; the formula-looking note stays text.
    items = _sheet(path, "report.sheet.items")
    code = i18n.t("report.col.code", "id")
    by_code = {(r[ENTITY], r[code]): r for r in items}
    first = by_code[(a, setup.a_codes[0])]
    assert (
        first[i18n.t("report.col.self_value", "id")],
        first[i18n.t("report.col.verified_value", "id")],
    ) == (5, 4)
    returned = by_code[(a, setup.a_codes[2])]
    assert returned[i18n.t("report.col.reason", "id")] == RETURN_REASON
    assert returned[i18n.t("report.col.verified_value", "id")] is None
    assert returned[i18n.t("report.col.reviewer", "id")] == setup.world.inspector.full_name
    note_cells = [c for row in _cells(path, "report.sheet.items") for c in row if c.value == FORMULA_NOTE]
    assert len(note_cells) == 1 and note_cells[0].data_type == "s"
    # Every assigned item of the period's OPDs is listed, answered or not.
    with session_scope() as session:
        assigned = session.exec(select(Submission).where(Submission.period_id == setup.period_id)).all()
    assert len(items) == len(assigned)

    # Evidence register: the shared file names both items; the detached file is absent.
    register = _sheet(path, "report.sheet.evidence")
    sha = i18n.t("report.col.sha256", "id")
    shared = [r for r in register if r[sha] == setup.shared_sha]
    assert len(shared) == 1
    assert shared[0][i18n.t("report.col.item_codes", "id")] == f"{setup.a_codes[0]},{setup.a_codes[1]}"
    assert shared[0][i18n.t("report.col.uploaded_by", "id")] == setup.world.focal_a.full_name
    assert setup.detached_sha not in {r[sha] for r in register}
    # The verification log has the four decisions of this period.
    assert len(_sheet(path, "report.sheet.reviews")) == 4
    # Who exported what.
    with session_scope() as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "export.xlsx")).one()
    assert event.actor_username == leader.username and event.entity_id == str(setup.period_id)
    assert event.after is not None and event.after["file"] == path.name


def test_pdf_prints_each_opds_dashboard_total(setup: Setup, out: Path) -> None:
    inspector = setup.world.inspector
    out = out / "laporan.pdf"
    path = exports.export(inspector, period_id=setup.period_id, scope="82", fmt="pdf", out=out)
    assert path == out
    pages = [page.extract_text() for page in PdfReader(out).pages]
    expected = _dashboard_totals(inspector, setup.period_id)
    names = {f"opd:{setup.world.opd_a}": "Dinas Komunikasi", f"opd:{setup.world.opd_b}": "Badan Kepegawaian"}
    for entity, name in names.items():
        own = [p for p in pages if p.startswith(name) and "Peringkat" in p]  # the unit page: named, no raw id
        assert own, f"no page for {entity}"
        assert i18n.format_number(expected[entity], 2, "id") in own[0]
    text = " ".join(" ".join(pages).split())
    assert "SK belum ditandatangani" in text  # the Berita Acara carries the return reason


def test_csv_is_one_table_per_file_with_the_same_numbers(setup: Setup, out: Path) -> None:
    admin = setup.world.admin
    path = exports.export(admin, period_id=setup.period_id, scope="province", fmt="csv", out=out)
    assert path.name.endswith("-csv.zip")
    with zipfile.ZipFile(path) as bundle:
        assert sorted(bundle.namelist()) == sorted(f"{t}.csv" for t in reports.CSV_TABLES)
        rows = _csv(bundle, "summary.csv")
        score = next(h for h in rows[0] if h.startswith("Skor Hasil Reviu"))
        summary = {r["ID Entitas"]: _number(r[score]) for r in rows}
        items = _csv(bundle, "items.csv")
    # Headers are the workbook's words, never a frame's column name; statuses are words too.
    headers = [*rows[0], *items[0]]
    assert [h for h in headers if "_" in h or h == h.lower()] == []
    assert {r["Kelompok"] for r in rows} <= {"Pemerintah Daerah", "Perangkat Daerah"}
    assert "verified" not in {r["Status"] for r in items}
    for entity, total in _dashboard_totals(admin, setup.period_id).items():
        assert summary[entity] == pytest.approx(total)
    notes = [r["Catatan"] for r in items if r["Catatan"]]
    assert f"'{FORMULA_NOTE}" in notes  # neutralised for Excel, not a formula


def test_evidence_zip_matches_its_manifest_and_skips_detached_files(setup: Setup, out: Path) -> None:
    path = exports.export(setup.world.inspector, period_id=setup.period_id, scope="province", fmt="zip-all",
                          out=out)  # fmt: skip
    assert "semua-bukti-arsip" in path.name  # the archive bundle says it holds everything
    with zipfile.ZipFile(path) as bundle:
        manifest = _csv(bundle, "manifest.csv")
        for row in manifest:
            assert hashlib.sha256(bundle.read(row["path"])).hexdigest() == row["sha256"]
        members = set(bundle.namelist()) - {"manifest.csv"}
    assert members == {row["path"] for row in manifest}
    hashes = [row["sha256"] for row in manifest]
    assert setup.detached_sha not in hashes
    assert hashes.count(setup.shared_sha) == 2  # one copy in each item's folder
    # One file per (attached file, item): the shared file twice, A's third item's file and B's file.
    assert len(manifest) == 4
    assert not list(out.glob("*.part"))


def test_a_focal_point_exports_only_their_own_opd(setup: Setup, out: Path) -> None:
    focal, world = setup.world.focal_a, setup.world
    a = f"opd:{world.opd_a}"
    data = report_data.report_data(focal, period_id=setup.period_id, scope="own")
    assert data.entities["entity"].tolist() == [a]
    assert set(data.items["entity"]) == {a} and set(data.evidence["entity"]) == {a}
    assert set(data.reviews["entity"]) == {a}
    # The same TOTAL and rank as the leader's provincial report.
    province = report_data.report_data(world.leader, period_id=setup.period_id, scope="province")
    mine = data.scores.loc[data.scores["code"] == ROOT_CODE, "score"].iloc[0]
    theirs = province.scores.loc[(province.scores["entity"] == a) & (province.scores["code"] == ROOT_CODE)]
    assert mine == pytest.approx(float(theirs["score"].iloc[0]))
    ranks = province.ranking.set_index("entity").loc[[a], ["rank", "previous_rank"]].iloc[0].tolist()
    assert data.ranking[["rank", "previous_rank"]].iloc[0].tolist() == ranks

    path = exports.export(focal, period_id=setup.period_id, scope=f"opd:{world.opd_a}", fmt="zip", out=out)
    with zipfile.ZipFile(path) as bundle:
        manifest = _csv(bundle, "manifest.csv")
    b_file = {r["sha256"] for r in report_data.report_data(world.leader, period_id=setup.period_id,
                                                        scope=world.opd_b).evidence.to_dict("records")}  # fmt: skip
    assert manifest and not b_file & {r["sha256"] for r in manifest}

    workbook = exports.export(focal, period_id=setup.period_id, scope="own", fmt="xlsx", out=out)
    assert {str(r[ENTITY]) for r in _sheet(workbook, "report.sheet.summary")} == {a}
    assert {str(r[ENTITY]) for r in _sheet(workbook, "report.sheet.items")} == {a}
    pdf = exports.export(focal, period_id=setup.period_id, scope="own", fmt="pdf", out=out)
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Dinas Komunikasi" in text and "Badan Kepegawaian" not in text
    for extra in (workbook, pdf):
        extra.unlink()

    for scope, key in (("province", "perm.other_opd"), ("82", "perm.other_opd"),
                       (f"opd:{world.opd_b}", "perm.other_opd"), (world.opd_b, "perm.other_opd")):  # fmt: skip
        with pytest.raises(LenteraError) as error:
            exports.export(focal, period_id=setup.period_id, scope=scope, fmt="xlsx", out=out)
        assert error.value.key == key
    assert sorted(p.name for p in out.iterdir()) == [path.name]


def test_region_scope_and_bad_requests(setup: Setup, out: Path) -> None:
    world = setup.world
    kab = report_data.report_data(world.leader, period_id=setup.period_id, scope="82.01")
    assert kab.subject == "82.01" and kab.period == "SPBE 2026 Halmahera Barat"
    # The kabupaten's TOTAL in its own report is the one the provincial report shows.
    province = report_data.report_data(world.leader, period_id=setup.period_id, scope="province")

    def total(data: object, entity: str) -> float:
        scores = data.scores  # type: ignore[attr-defined]
        return float(
            scores.loc[(scores["entity"] == entity) & (scores["code"] == ROOT_CODE), "score"].iloc[0]
        )

    assert total(kab, "82.01") == pytest.approx(total(province, "82.01"))
    # The kabupaten's inspector may not export the province.
    with pytest.raises(LenteraError) as error:
        report_data.report_data(world.inspector_kab, period_id=setup.period_id, scope="province")
    assert error.value.key == "perm.out_of_region"
    for scope, key in (("83.01", "exports.bad_scope"), ("opd:x", "exports.bad_scope"),
                       (world.opd_kab, "exports.opd_not_in_period")):  # fmt: skip
        with pytest.raises(LenteraError) as error:
            report_data.report_data(world.admin, period_id=setup.period_id, scope=scope)
        assert error.value.key == key
    with pytest.raises(LenteraError) as error:
        exports.export(world.admin, period_id=setup.period_id, scope="province", fmt="docx", out=out)
    assert error.value.key == "exports.bad_format"
    with pytest.raises(LenteraError) as error:
        exports.export(world.admin, period_id=setup.period_id, fmt="xlsx", out=out / "no" / "x.xlsx")
    assert error.value.key == "exports.bad_out"


def test_a_tampered_evidence_file_stops_the_zip_and_leaves_nothing(setup: Setup, out: Path) -> None:
    stored = folder_store().path(setup.shared_sha)
    stored.write_bytes(stored.read_bytes() + b"tampered")
    target = out / "bukti.zip"
    with pytest.raises(LenteraError) as error:
        exports.export(setup.world.admin, period_id=setup.period_id, fmt="zip", out=target)
    assert error.value.key == "report.error.hash_mismatch"
    assert list(out.iterdir()) == []


def test_cli_export_writes_the_file_or_exits_2(
    setup: Setup, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = out / "provinsi.xlsx"
    code = cli.main(["export", "--period", str(setup.period_id), "--scope", "province", "--format", "xlsx",
                     "--out", str(target)])  # fmt: skip
    assert code == 0 and target.is_file()
    assert str(target) in capsys.readouterr().out
    summary = {str(r[ENTITY]): r[SCORE] for r in _sheet(target, "report.sheet.summary")}
    for entity, total in _dashboard_totals(setup.world.admin, setup.period_id).items():
        assert summary[entity] == pytest.approx(total)
    with session_scope() as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "export.xlsx")).one()
    assert event.actor_id is None and event.after is not None and event.after["via"] == "cli"

    code = cli.main(["export", "--period", "9999", "--format", "pdf", "--out", str(out)])
    assert code == 2
    assert i18n.t("exports.no_period", "id", period_id=9999) in capsys.readouterr().err
    code = cli.main(["export", "--period", str(setup.period_id), "--scope", "99.99", "--format", "csv",
                     "--out", str(out), "--language", "en"])  # fmt: skip
    assert code == 2 and "Unknown report scope '99.99'" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["provinsi.xlsx"]

    before = target.read_bytes()
    code = cli.main(["export", "--period", str(setup.period_id), "--format", "xlsx", "--out", str(target)])
    assert code == 2 and "tidak akan ditimpa" in capsys.readouterr().err
    assert target.read_bytes() == before  # an earlier report is never silently replaced


@pytest.mark.usefixtures("demo")
def test_demo_province_workbook_equals_the_dashboard(demo_template: DemoTemplate, out: Path) -> None:
    """The Maluku Utara demo: every OPD and pemda TOTAL in the workbook is the dashboard's."""
    clear_caches()
    period_id = demo_template.summary.periods[demo_template.summary.current]
    path = exports.export(exports.OPERATOR, period_id=period_id, scope="province", fmt="xlsx", out=out)
    rows = pd.DataFrame(_sheet(path, "report.sheet.summary"))
    expected = _dashboard_totals(exports.OPERATOR, period_id)
    assert len(expected) > 40
    mcp_score = i18n.t("report.col.score", "id", reviewer="Inspektorat")  # an MCP period
    got = dict(zip(rows[ENTITY].astype(str), rows[mcp_score], strict=True))
    assert set(got) == set(expected)
    for entity, total in expected.items():
        assert got[entity] == pytest.approx(total), entity


def test_kpk_bundle_holds_only_evidence_accepted_in_reviu(setup: Setup, out: Path) -> None:
    path = exports.export(
        setup.world.inspector, period_id=setup.period_id, scope="province", fmt="zip", out=out
    )
    assert "bukti-diterima-reviu" in path.name
    with zipfile.ZipFile(path) as bundle:
        manifest = _csv(bundle, "manifest.csv")
        for row in manifest:
            assert hashlib.sha256(bundle.read(row["path"])).hexdigest() == row["sha256"]
        assert set(bundle.namelist()) - {"manifest.csv"} == {row["path"] for row in manifest}
    returned = setup.a_codes[2]
    assert manifest and all(row["indicator"].split()[0] != returned for row in manifest)
    assert {row["status"] for row in manifest} == {status_label("verified", "id")}
    assert all(row["reviewer"] for row in manifest)
