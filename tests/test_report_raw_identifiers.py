"""No raw identifier in what a report's reader sees (issue 15): the PDF's text and every cell of every sheet of
the workbook hold no internal OPD id ("opd:35"), no catalog key ("mcp-2025"), no snake_case header and no
"None"/"nan"; OPDs are known by name and abbreviation, which ``--scope opd:ABBREVIATION`` takes too."""

from __future__ import annotations

import io
import re

import pytest
from app_driver import actor_of
from openpyxl import load_workbook
from pypdf import PdfReader
from sample_report import province_sample
from sqlmodel import select

from indicators import available_catalogs
from models import session_scope
from models.tables import Period, Region
from reports import ReportData, build_pdf, build_xlsx
from services import exports
from services.report_data import report_data

EMPTY = re.compile(r"^(None|nan|NaN|NaT|null)$")
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


def _mcsp_period() -> int:
    """The province's open MCSP (MCP) period of the demo."""
    with session_scope() as session:
        province = session.exec(select(Region).where(Region.kemendagri_code == "82")).one()
        periods = session.exec(select(Period).where(Period.region_id == province.id, Period.state == "open"))
        return next(p.id for p in periods if p.name.startswith("MCSP") and p.id is not None)


def _raw(data: ReportData) -> re.Pattern[str]:
    keys = {*available_catalogs(), data.catalog_key}
    opd_ids = data.entities.loc[data.entities["kind"] == "opd", "entity"].astype(str)
    words = [
        r"\bopd:\d+",
        *(re.escape(k) for k in keys),
        *(rf"(?<![\w-]){re.escape(i)}(?![\w-])" for i in opd_ids),
    ]
    return re.compile("|".join(words))


def _found(data: ReportData) -> list[str]:
    raw, found = _raw(data), []
    book = load_workbook(io.BytesIO(build_xlsx(data)), read_only=True)
    for sheet in book.worksheets:
        for number, row in enumerate(sheet.iter_rows(values_only=True)):
            for value in row:
                text = "" if value is None else str(value)
                if raw.search(text) or EMPTY.match(text) or (number == 0 and SNAKE.match(text)):
                    found.append(f"{sheet.title}: {text[:60]}")
    for page in PdfReader(io.BytesIO(build_pdf(data))).pages:
        text = page.extract_text() or ""
        found += [f"PDF: {m.group(0)}" for m in raw.finditer(text)]
        found += [f"PDF: {w}" for w in text.split() if EMPTY.match(w)]
    return sorted(set(found))


def test_the_sample_province_report_shows_no_raw_identifier() -> None:
    """The Maluku Utara sample (46 OPDs, every sheet): codes are Kemendagri codes and OPD abbreviations."""
    data = province_sample("mcp-2025")
    assert _found(data) == []
    book = load_workbook(io.BytesIO(build_xlsx(data)), read_only=True)
    rows = list(book["Ringkasan"].iter_rows(values_only=True))
    codes = {row[rows[0].index("Kode Wilayah/OPD")] for row in rows[1:]}
    assert "82" in codes and set(data.entities["abbreviation"].dropna()) <= codes


@pytest.mark.usefixtures("demo")
def test_the_demo_province_report_shows_no_raw_identifier_and_its_codes_work_as_scopes() -> None:
    """The Sekda's report on the demo; an abbreviation copied from the workbook exports that OPD alone."""
    sekda = actor_of("sekda")
    period_id = _mcsp_period()
    data = report_data(sekda, period_id=period_id, scope="province")
    assert _found(data) == []
    opd = data.entities[data.entities["kind"] == "opd"].iloc[0]
    one = report_data(sekda, period_id=period_id, scope=f"opd:{str(opd['abbreviation']).lower()}")
    assert list(one.units()["name"]) == [opd["name"]]
    assert exports.export_bytes(sekda, period_id=period_id, scope=f"opd:{opd['abbreviation']}", fmt="xlsx")[1]
