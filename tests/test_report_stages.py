"""What a Sekda reads in the exported reports (issue 13): KPK's value and note per item beside the self and reviu
values ("belum ada" where KPK has published none) in the PDF, the workbook and the CSV tables; OPD zones marked
"(indikatif)" where the zones are predicates of a pemda's index (SPBE); and what the rank change compares with.

The builders are checked on the province sample (SPBE 2021, no database); the assembly from a period on the
factories' world, on SQLite and PostgreSQL, through the export service a user's download goes through.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile

import pandas as pd
import pytest
from factories import build_world
from openpyxl import load_workbook
from pypdf import PdfReader
from sample_report import province_sample

from reports import ReportData, build_csv_zip, build_pdf, build_xlsx
from reports.views import entity_codes
from services import exports, external_results, periods
from services.overview import period_overview, rank_note

RANK_NOTE = "▲/▼ membandingkan peringkat sementara periode ini dengan peringkat akhir SPBE 2024."


@pytest.fixture(scope="module")
def sample() -> ReportData:
    """The province sample with KPK's result for its first two items (the second without a note)."""
    data = province_sample("spbe-2021")
    leaves = data.scores.loc[
        data.scores["is_leaf"].astype(bool) & (data.scores["entity"] == data.subject), "code"
    ].astype(str)
    first, second = leaves.iloc[0], leaves.iloc[1]
    external = pd.DataFrame(
        {
            "entity": [data.subject] * 2,
            "code": [first, second],
            "value": [2.5, 4.0],
            "note": ["Peta SPBE", ""],
        }
    )
    stages = pd.DataFrame(
        [{"group": "pemda", "entity": data.subject, "code": "TOTAL", "self_score": 3.5, "review_score": 3.0,
          "external_score": 2.25, "over_claim": 0.5, "surprise": 0.75}]
    )  # fmt: skip
    return dataclasses.replace(
        data, external=external, stages=stages, rank_note=RANK_NOTE, opd_zone_indicative=True
    )


def _pdf_text(data: ReportData) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(build_pdf(data))).pages)


def _csv(raw: bytes, name: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(raw)) as bundle:
        text = bundle.read(name)
    assert text.startswith(b"\xef\xbb\xbf")  # the one CSV convention: BOM, ";", decimal comma
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))


def _sheet(book: bytes, name: str) -> list[dict[str, object]]:
    rows = list(load_workbook(io.BytesIO(book), read_only=True)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def test_the_pdf_lists_each_item_with_self_reviu_and_kpk(sample: ReportData) -> None:
    """The province's three-stages page: the total's self, reviu, KPK and both gaps, then per item KPK's 2,50
    with its note on the first item and "belum ada" on the items KPK has not published."""
    text = " ".join(_pdf_text(sample).split())
    assert "Tahapan nilai: mandiri, reviu, KPK" in text
    section = text[text.index("Tahapan nilai: mandiri, reviu, KPK") :]
    assert "Total 3,50 3,00 2,25 0,50 0,75" in section
    assert "Nilai Verifikasi KPK" in section and "Catatan KPK" in section
    assert "5,00 3,00 2,50 Peta SPBE" in section  # item 1: self, reviu, KPK, KPK's note
    assert section.count("belum ada") >= 10


def test_the_csv_and_workbook_carry_kpks_value_per_item(sample: ReportData) -> None:
    """item_stages.csv: KPK's value in decimal comma or "belum ada", beside the self and reviu values; the
    workbook's "Tahapan per Butir" the same, KPK's value a real number."""
    rows = _csv(build_csv_zip(sample), "item_stages.csv")
    kpk, note, self_h = "Nilai Verifikasi KPK", "Catatan KPK", "Nilai Mandiri"
    mine = [r for r in rows if r["ID Entitas"] == sample.subject]
    assert [r[kpk] for r in mine[:3]] == ["2,5", "4,0", "belum ada"]
    assert mine[0][note] == "Peta SPBE" and "Nilai Hasil Reviu" in mine[0] and self_h in mine[0]
    assert len({r["ID Entitas"] for r in rows}) > 1  # the kabupaten/kota's items too, KPK "belum ada" there
    sheet = _sheet(build_xlsx(sample), "Tahapan per Butir")
    code = entity_codes(sample)[str(sample.subject)]
    first = [r for r in sheet if r["Kode Wilayah/OPD"] == code][:3]
    assert [r[kpk] for r in first] == [2.5, 4.0, "belum ada"]


def test_opd_zones_are_marked_indicative_in_the_pdf_workbook_and_csv(sample: ReportData) -> None:
    """SPBE's predicates are an instansi's: the OPD ranking's zone column reads "Zona (indikatif)" in the PDF,
    an OPD's zone cell "Baik (indikatif)" in the workbook, a pemda's zone stays plain."""
    assert "Zona (indikatif)" in _pdf_text(sample)
    summary = _sheet(build_xlsx(sample), "Ringkasan")
    opd = [r for r in summary if r["Kelompok"] == "Perangkat Daerah" and r["Zona"]]
    pemda = [r for r in summary if r["Kelompok"] == "Pemerintah Daerah" and r["Zona"]]
    assert opd and all(str(r["Zona"]).endswith(" (indikatif)") for r in opd)
    assert pemda and not any("indikatif" in str(r["Zona"]) for r in pemda)
    rows = _csv(build_csv_zip(sample), "summary.csv")
    assert any(r["Zona"].endswith(" (indikatif)") for r in rows)
    plain = dataclasses.replace(sample, opd_zone_indicative=False)
    assert "indikatif" not in _pdf_text(plain)


def test_the_rank_note_is_printed_in_the_pdf_and_the_workbook(sample: ReportData) -> None:
    """The caption under the leader's ranking, "compares with last year's final", is in both files too."""
    assert RANK_NOTE in " ".join(_pdf_text(sample).split())
    about = list(load_workbook(io.BytesIO(build_xlsx(sample)))["Keterangan"].iter_rows(values_only=True))
    assert ("Perubahan Peringkat", RANK_NOTE) in about


def test_a_periods_report_assembles_kpks_results_the_zone_mark_and_the_rank_note(db_url: str) -> None:
    """From the database: KPK's result recorded for item 1 of the province shows in the CSV and the PDF with
    its note, the other items "belum ada"; SPBE's OPD zones are indicative; the rank note is the page's."""
    world = build_world()
    periods.set_state(world.admin, period_id=world.period_id, state="external")
    external_results.record_external_result(
        world.inspector, period_id=world.period_id, code="1", value=3, note="Arsitektur ada"
    )
    _, raw = exports.export_bytes(world.leader, period_id=world.period_id, fmt="csv")
    rows = [r for r in _csv(raw, "item_stages.csv") if r["ID Entitas"] == "82"]
    by_code = {r["Kode"]: r for r in rows}
    assert (by_code["1"]["Nilai Verifikasi KPK"], by_code["1"]["Catatan KPK"]) == ("3,0", "Arsitektur ada")
    assert by_code["2"]["Nilai Verifikasi KPK"] == "belum ada"
    _, pdf = exports.export_bytes(world.leader, period_id=world.period_id, fmt="pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Arsitektur ada" in text and "belum ada" in text and "Zona (indikatif)" in text
    note = rank_note(period_overview(world.leader, period_id=world.period_id), "id")
    assert note.split(";")[0] in " ".join(text.split())
