"""Reports as an inspector receives them: every file is opened with a real reader (openpyxl, pypdf, zipfile,
pandas) and checked against the scoring engine's numbers and the promises the reports make."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from fpdf import FPDF
from openpyxl import load_workbook
from pypdf import PdfReader
from sample_report import (
    DIACRITIC_NAME,
    FORMULA_NOTE,
    evidence_content,
    national_sample,
    province_sample,
)

import i18n
from indicators import ROOT_CODE, available_catalogs
from reports import ReportData, build_csv, build_evidence_zip, build_pdf, build_xlsx, views, zip_rows
from reports.pdf_layout import PdfDocument
from reports.safety import safe_component, unique_name
from storage import EvidenceStore

SHEETS = ["Ringkasan", "Matriks Area", "Rincian Item", "Register Bukti", "Log Reviu", "Keterangan"]


@pytest.fixture(scope="module")
def data() -> ReportData:
    return province_sample("spbe-2021")


@pytest.fixture(scope="module")
def workbook(data: ReportData):
    return load_workbook(io.BytesIO(build_xlsx(data)))


@pytest.fixture(scope="module")
def pdf_pages(data: ReportData) -> list[str]:
    reader = PdfReader(io.BytesIO(build_pdf(data)))
    return [page.extract_text() for page in reader.pages]


def _rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


CODE = "Kode Wilayah/OPD"


def _entity_of(data: ReportData) -> dict[str, str]:
    """The workbook's code column (Kemendagri code, OPD abbreviation) back to the report's entity."""
    codes = views.entity_codes(data)
    assert len(set(codes.values())) == len(codes)  # a code names one entity
    return {code: entity for entity, code in codes.items()}


def _totals(data: ReportData) -> pd.DataFrame:
    scores = data.scores
    return scores[scores["code"] == ROOT_CODE].set_index("entity")


# -- xlsx ------------------------------------------------------------------------------------------------------


def test_workbook_sheets_have_indonesian_headers_and_frozen_header_rows(workbook) -> None:
    assert workbook.sheetnames == SHEETS
    expected_first = {
        "Ringkasan": [
            "Kelompok",
            "Kode Wilayah/OPD",
            "Nama",
            "Jenis",
            "Wilayah",
            "Skor Hasil Reviu Inspektorat",
        ],
        "Rincian Item": ["Kode Wilayah/OPD", "Nama Entitas", "Area", "Kode", "Indikator", "Nilai Mandiri"],
        "Register Bukti": ["Nama Berkas", "SHA-256", "Ukuran (bita)", "Jenis Berkas", "Pengunggah"],
        "Log Reviu": ["Waktu Keputusan (WIT)", "Kode Wilayah/OPD", "Nama Entitas", "Kode", "Indikator"],
    }
    for name, headers in expected_first.items():
        sheet = workbook[name]
        assert [c.value for c in sheet[1]][: len(headers)] == headers
    for sheet in workbook:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.column_dimensions["A"].width > 8


def test_every_sheet_prints_fit_to_width_with_its_header_row_on_every_page(workbook) -> None:
    """Printed, each sheet is one page wide, repeats row 1 on every page, and the wide ones are landscape."""
    for sheet in workbook:
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title
    assert workbook["Rincian Item"].page_setup.orientation == "landscape"
    assert workbook["Log Reviu"].page_setup.orientation == "landscape"


def test_summary_totals_and_ranks_equal_the_scoring_engine(workbook, data: ReportData) -> None:
    rows = _rows(workbook["Ringkasan"])
    totals = _totals(data)
    ranks = data.ranking.set_index("entity")
    entity_of = _entity_of(data)
    assert {entity_of[r[CODE]] for r in rows} == set(data.entities["entity"])
    assert rows[0][CODE] == "82"  # the province comes first
    checked = 0
    for row in rows:
        entity = entity_of[row[CODE]]
        if entity not in totals.index:
            assert row["Skor Hasil Reviu Inspektorat"] is None  # an OPD without assigned items has no score
            continue
        expected = totals.loc[entity]
        assert row["Skor Hasil Reviu Inspektorat"] == pytest.approx(expected["score"], abs=1e-12)
        assert row["Skor Mandiri"] == pytest.approx(expected["self_score"], abs=1e-12)
        assert row["Skor Proyeksi"] == pytest.approx(expected["projected"], abs=1e-12)
        assert row["Zona"] == str(expected["zone"])
        assert row["Peringkat"] == int(ranks["rank"].to_dict()[entity])
        checked += 1
    assert checked == len(totals)


def test_summary_score_cells_are_numbers_with_two_decimals_and_zone_fill(workbook, data: ReportData) -> None:
    sheet = workbook["Ringkasan"]
    cell = sheet["F2"]  # the province's verified score
    assert isinstance(cell.value, float)
    assert cell.number_format == "0.00"
    zone = str(_totals(data).loc["82", "zone"])
    color = data.zone_color(zone)
    assert color is not None and cell.fill.fgColor.rgb.endswith(color.lstrip("#").upper())


def test_area_matrix_equals_engine_area_scores(workbook, data: ReportData) -> None:
    sheet = workbook["Matriks Area"]
    header = [c.value for c in sheet[1]]
    areas = data.areas()["code"].tolist()
    assert header[3] == "Total"
    assert [h.split(" ")[0] for h in header[4:]] == areas
    scores = data.scores.set_index(["entity", "code"])["score"]
    checked = 0
    entity_of = _entity_of(data)
    for row in sheet.iter_rows(min_row=2):
        entity = entity_of[row[0].value]
        for cell, code in zip(row[3:], [ROOT_CODE, *areas], strict=True):
            if (entity, code) in scores.index:
                assert cell.value == pytest.approx(scores[(entity, code)], abs=1e-12)
                checked += 1
            else:
                assert cell.value is None
    assert checked == len(data.scores[data.scores["code"].isin([ROOT_CODE, *areas])])


def test_formula_looking_user_text_stays_text(workbook) -> None:
    notes = {}
    for row in workbook["Rincian Item"].iter_rows(min_row=2):
        notes[row[9].value] = row[9]
    cell = notes[FORMULA_NOTE]
    assert cell.data_type == "s" and cell.value.startswith("=")
    assert notes["+62 921 312 0000 (narahubung)"].data_type == "s"
    assert notes["- dokumen asli menyusul"].data_type == "s"
    names = {row[0].value: row[0] for row in workbook["Register Bukti"].iter_rows(min_row=2)}
    assert names["@SUM(A1).pdf"].data_type == "s"
    for sheet in workbook:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row), sheet.title


def test_item_detail_has_real_wit_dates_and_values(workbook, data: ReportData) -> None:
    rows = _rows(workbook["Rincian Item"])
    assert len(rows) == len(data.items)
    items = data.items.set_index(["entity", "code"])
    row = next(r for r in rows if r["Diajukan (WIT)"] is not None and r["Nilai Hasil Reviu"] is not None)
    source = items.loc[(_entity_of(data)[row[CODE]], row["Kode"])]
    assert isinstance(row["Diajukan (WIT)"], datetime)
    expected = i18n.to_wit(source["submitted_at"].to_pydatetime()).replace(tzinfo=None, microsecond=0)
    assert row["Diajukan (WIT)"].replace(microsecond=0) == expected
    assert row["Nilai Hasil Reviu"] == source["verified_value"]
    assert row["Nilai Mandiri"] == source["self_value"]
    statuses = {r["Status"] for r in rows}
    assert {"Direviu", "Dikembalikan", "Diajukan"} <= statuses


def test_evidence_register_and_verification_log_are_complete(workbook, data: ReportData) -> None:
    register = _rows(workbook["Register Bukti"])
    assert sorted(r["SHA-256"] for r in register) == sorted(data.evidence["sha256"])
    assert all(isinstance(r["Tanggal Dokumen"], datetime) for r in register)
    assert all(isinstance(r["Ukuran (bita)"], int) for r in register)
    log = _rows(workbook["Log Reviu"])
    assert len(log) == len(data.reviews)
    assert {r["Keputusan"] for r in log} == {"Disetujui", "Dikembalikan"}
    assert DIACRITIC_NAME in {r["Pereviu"] for r in log}


@pytest.mark.parametrize("catalog_key", available_catalogs())
def test_every_shipped_catalog_exports_with_matching_totals(catalog_key: str) -> None:
    data = province_sample(catalog_key, seed=3)
    book = load_workbook(io.BytesIO(build_xlsx(data)), read_only=True)
    totals = _totals(data)
    entity_of = _entity_of(data)
    for row in _rows(book["Ringkasan"]):
        if entity_of[row[CODE]] in totals.index:
            assert row["Skor Hasil Reviu Inspektorat"] == pytest.approx(
                totals.loc[entity_of[row[CODE]], "score"], abs=1e-12
            )


def test_incomplete_report_data_is_refused_with_the_missing_columns(data: ReportData) -> None:
    broken = dataclasses.replace(data, items=data.items.drop(columns=["reviewer", "status"]))
    with pytest.raises(ValueError, match="items: missing status, reviewer"):
        build_xlsx(broken)


def test_builders_report_progress_up_to_done() -> None:
    data = national_sample(pemda=6)
    for build in (build_xlsx, build_pdf):
        seen: list[tuple[float, str]] = []

        def record(fraction: float, message: str, seen: list[tuple[float, str]] = seen) -> None:
            seen.append((fraction, message))

        build(data, progress=record)
        fractions = [f for f, _ in seen]
        assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(seen) >= 5
        assert seen[-1][1] == "Selesai"


# -- pdf -------------------------------------------------------------------------------------------------------


def _last_decisions(data: ReportData) -> pd.DataFrame:
    reviews = data.reviews.assign(entity=data.reviews["entity"].astype(str))
    return reviews.sort_values("decided_at", kind="stable").groupby(["entity", "code"]).tail(1)


def test_pdf_has_cover_summary_unit_pages_gap_list_and_the_reviu_decisions_but_no_second_berita_acara(
    pdf_pages: list[str], data: ReportData
) -> None:
    """The report lists every OPD with a reviu decision (and only those) and points to the numbered Berita Acara
    Reviu document; it prints no unnumbered berita acara of its own, no signature lines."""
    text = "\n".join(pdf_pages)
    assert "Laporan Kesiapan SPBE 2025 — Provinsi Maluku Utara" in " ".join(pdf_pages[0].split())
    assert pdf_pages[1].startswith("Ringkasan")
    assert "Daftar Kesenjangan" in text and "Grafik" in text
    assert "Berita Acara Reviu Internal" not in text and "NIP" not in text
    decisions = next(p for p in pdf_pages if p.startswith("Keputusan Reviu per OPD"))
    flat = " ".join(decisions.split())
    assert "Berita Acara Reviu per OPD adalah dokumen tersendiri yang bernomor" in flat
    decided = set(data.reviews["entity"].astype(str))
    last = _last_decisions(data)
    for entity, name in zip(data.units()["entity"].astype(str), data.units()["name"], strict=True):
        own = last[last["entity"] == entity]
        row = (
            f"{name} {len(own)} {(own['decision'] == 'approve').sum()} {(own['decision'] == 'return').sum()}"
        )
        assert (row in flat) == (entity in decided), name


def test_pdf_cuts_no_code_name_or_reason_and_prints_no_raw_id() -> None:
    """Item codes, OPD names and the reasons of returned items are printed whole (no "…"); no entity id ("opd:35"),
    no catalog key."""
    data = province_sample("mcp-2025")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(build_pdf(data))).pages)
    assert "…" not in text
    flat = " ".join(text.split())
    for entity in data.entities["entity"].astype(str):
        if ":" in entity:
            assert f" {entity} " not in f" {flat} ", entity
    assert "None" not in text and data.catalog_key not in text
    last = _last_decisions(data)
    units = set(data.units()["entity"].astype(str))  # the OPDs (a kab/kota's own items are in its report)
    returned = last[(last["decision"] == "return") & last["entity"].isin(units)]
    assert len(returned)
    for code, reason in zip(returned["code"], returned["reason"].astype(str), strict=True):
        assert str(code) in flat and " ".join(reason.split()) in flat, reason


def test_pdf_unit_pages_print_engine_scores_in_indonesian_format(
    pdf_pages: list[str], data: ReportData
) -> None:
    totals = _totals(data)
    for entity, name in zip(data.units()["entity"], data.units()["name"], strict=True):
        if entity not in totals.index:
            continue
        page = next(p for p in pdf_pages if p.startswith(name + "\n"))
        score = i18n.format_number(totals["score"][entity], 2, "id")
        assert f"Skor hasil reviu Inspektorat {score} dari 5" in page, name
    headline = i18n.format_number(totals["score"]["82"], 2, "id")
    assert "," in headline and f"Skor hasil reviu Inspektorat {headline}" in pdf_pages[1]


def test_pdf_text_fast_path_writes_what_fpdf_text_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report's own text writer (glyph encodings kept per document) gives every page the same content stream
    as fpdf's ``text``, so the speed-up changes nothing a reader sees."""
    data = province_sample("mcp-2025")
    fast = PdfReader(io.BytesIO(build_pdf(data))).pages
    monkeypatch.setattr(PdfDocument, "_text", lambda pdf, x, y, text: FPDF.text(pdf, x, y, text))
    plain = PdfReader(io.BytesIO(build_pdf(data))).pages
    assert len(fast) == len(plain) > 50
    streams = [[page.get_contents() for page in pages] for pages in (fast, plain)]
    assert [c and c.get_data() for c in streams[0]] == [c and c.get_data() for c in streams[1]]


def test_pdf_prints_unicode_symbols_and_english() -> None:
    special = dataclasses.replace(
        national_sample(pemda=4), title="Zona hijau ≥ 78 – Désirée Ößé", language="en"
    )
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(build_pdf(special))).pages]
    assert "Zona hijau ≥ 78 – Désirée Ößé" in pages[0]
    assert any(p.startswith("Reviu decisions per OPD") for p in pages)
    assert "items reviewed" in pages[1] and "Internal review score (Inspektorat)" in "\n".join(pages)


def test_national_report_without_a_subject_gives_every_pemda_its_pages() -> None:
    data = national_sample(pemda=24)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(build_pdf(data))).pages]
    decisions = " ".join(" ".join(p for p in pages if "Keputusan Reviu per OPD" in p).split())
    assert all(name in decisions for name in data.units()["name"])  # every pemda decided, every pemda listed
    book = load_workbook(io.BytesIO(build_xlsx(data)), read_only=True)
    assert len(_rows(book["Ringkasan"])) == 24


# -- csv -------------------------------------------------------------------------------------------------------


def test_csv_for_indonesian_excel_has_bom_semicolons_decimal_comma_and_neutral_formulas(
    data: ReportData,
) -> None:
    frame = data.items.head(12)
    raw = build_csv(frame)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(frame.columns)
    assert "'" + FORMULA_NOTE.replace('"', '""') in text
    assert "'+62 921 312 0000" in text and "'- dokumen asli" in text
    back = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig", dtype={"code": str})
    assert back["self_value"].tolist() == pytest.approx(
        frame["self_value"].astype(float).tolist(), nan_ok=True
    )
    stamp = frame["submitted_at"].dropna().iloc[0]
    assert i18n.to_wit(stamp.to_pydatetime()).strftime("%Y-%m-%d %H:%M") in text


def test_csv_for_machines_is_plain_comma_point_iso(data: ReportData) -> None:
    frame = data.items.head(12)
    raw = build_csv(frame, excel_id=False)
    assert not raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), dtype={"code": str})
    assert back["verified_value"].tolist() == pytest.approx(
        frame["verified_value"].astype(float).tolist(), nan_ok=True
    )
    assert "+09:00" in raw.decode()
    assert back.loc[0, "note"] == "'" + FORMULA_NOTE


# -- evidence zip ----------------------------------------------------------------------------------------------


@pytest.fixture()
def evidence_dir(tmp_path: Path, data: ReportData) -> Path:
    folder = tmp_path / "store"
    folder.mkdir()
    for row in data.evidence.to_dict("records"):
        (folder / row["sha256"]).write_bytes(evidence_content(row))
    return folder


def test_evidence_zip_layout_manifest_and_hashes(
    tmp_path: Path, evidence_dir: Path, data: ReportData
) -> None:
    rows = zip_rows(data, accepted_only=False)  # the archive bundle: every file
    out = tmp_path / "bukti.zip"
    build_evidence_zip(rows, lambda sha: (evidence_dir / sha).open("rb"), out)
    with zipfile.ZipFile(out) as bundle:
        names = bundle.namelist()
        manifest = pd.read_csv(
            io.BytesIO(bundle.read("manifest.csv")), sep=";", encoding="utf-8-sig", dtype=str
        )
        assert len(manifest) == len(rows) and len(names) == len(rows) + 1
        for record in manifest.to_dict("records"):
            content = bundle.read(record["path"])
            assert hashlib.sha256(content).hexdigest() == record["sha256"]
            assert len(content) == int(record["size"])
        assert all(n == "manifest.csv" or n.count("/") == 3 for n in names)
        assert len(set(names)) == len(names)
        for name in names:
            parts = name.split("/")
            assert ".." not in parts and all(p and p.strip() == p for p in parts)
            assert not any(ord(ch) < 32 for ch in name)
            assert all(len(p) <= 100 for p in parts)
        assert any(n.endswith(" (2).pdf") for n in names)  # two files with one display name in one folder
        # a file supporting two indicators is in both folders
        shared = data.evidence[data.evidence["item_codes"].str.contains(",")].iloc[0]
        assert (manifest["sha256"] == shared["sha256"]).sum() == 2
        hostile = manifest[manifest["display_name"] == "../../rahasia/berkas.pdf"]["path"].iloc[0]
        assert hostile.endswith("/_._rahasia_berkas.pdf")


def test_evidence_zip_refuses_a_file_whose_bytes_do_not_match(
    tmp_path: Path, evidence_dir: Path, data: ReportData
) -> None:
    rows = zip_rows(data)
    victim = rows.iloc[5]["sha256"]
    (evidence_dir / victim).write_bytes(b"tampered")
    out = tmp_path / "bukti.zip"
    with pytest.raises(i18n.LenteraError) as caught:
        build_evidence_zip(rows, lambda sha: (evidence_dir / sha).open("rb"), out)
    assert caught.value.key == "report.error.hash_mismatch" and victim in caught.value.message("id")
    assert not out.exists() and not (tmp_path / "bukti.zip.part").exists()


def test_safe_names() -> None:
    assert safe_component("../../etc/passwd") == "_._etc_passwd"
    assert safe_component("..") == "_"
    assert safe_component("CON.pdf") == "_CON.pdf"
    assert safe_component("a\x00b\x1fc\u202e.pdf") == "a b c.pdf"
    long = safe_component("é" * 300 + ".pdf")
    assert long.endswith(".pdf") and len(long) <= 100 and len(long.encode()) <= 200
    taken: set[str] = set()
    assert [unique_name("SK.pdf", taken) for _ in range(3)] == ["SK.pdf", "SK (2).pdf", "SK (3).pdf"]
    assert unique_name("sk.PDF", taken) == "sk (4).PDF"


def test_evidence_zip_streams_from_the_real_evidence_store(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "evidence", max_bytes=5 * 1024 * 1024)
    rows = []
    for i, size in enumerate((10, 3 * 1024 * 1024)):  # one file larger than the 1 MiB copy chunk
        body = b"%PDF-1.4\n" + bytes([i]) * size + b"\n%%EOF\n"
        stored = store.save(io.BytesIO(body), f"SK {i}.pdf")
        rows.append({"area": "PBJ Pengadaan", "indicator": "PBJ.1 Rencana", "opd": "Biro PBJ",
                     "display_name": "SK Tim – Pokja.pdf", "sha256": stored.sha256, "item_codes": "PBJ.1"})  # fmt: skip
    out = tmp_path / "bukti.zip"
    manifest = build_evidence_zip(rows, store.open, out)
    assert manifest["path"].tolist() == [
        "PBJ Pengadaan/PBJ.1 Rencana/Biro PBJ/SK Tim – Pokja.pdf",
        "PBJ Pengadaan/PBJ.1 Rencana/Biro PBJ/SK Tim – Pokja (2).pdf",
    ]
    with zipfile.ZipFile(out) as bundle:
        for record in manifest.to_dict("records"):
            assert hashlib.sha256(bundle.read(record["path"])).hexdigest() == record["sha256"]
