"""Reports carry what the screen carries (issue 13 §3): the provenance badge ("katalog sementara", "zona
sementara") on every PDF page and on the xlsx "Keterangan" sheet, the published scores' sources in Indonesian
under the PDF trend and in the xlsx, and a trend by assessment year whose period in progress is "sementara"."""

from __future__ import annotations

import io

import pytest
from app_driver import actor_of
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import select

import i18n
from models import session_scope
from models.tables import Period, Region
from reports import build_pdf, build_xlsx
from services.report_data import report_data

pytestmark = pytest.mark.usefixtures("demo")


def _current_period() -> int:
    with session_scope() as session:
        province = session.exec(select(Region).where(Region.kemendagri_code == "82")).one()
        periods = session.exec(
            select(Period).where(Period.region_id == province.id, Period.state == "open")
        ).all()
        period = next((p for p in periods if p.name.startswith("MCSP")), None)
        assert period is not None and period.id is not None
        return period.id


def test_the_pdf_and_xlsx_carry_the_marks_and_the_sources() -> None:
    """The Sekda's province report of the open MCSP (MCP) period on the demo (a provisional catalog)."""
    data = report_data(actor_of("sekda"), period_id=_current_period(), scope="province")
    assert data.marks == ["katalog sementara", "zona sementara"]
    assert "Sumber: KPK, 17 Desember 2025, final, tingkat pemda" in " ".join(data.trend_sources)
    # The trend by assessment year: this year's open period is "Lentera (sementara)", never final.
    open_rows = data.trend.loc[data.trend["stage"] == "in_progress"]
    assert set(open_rows["source"]) == {"Lentera (sementara)"}
    assert set(data.trend.loc[data.trend["source"] == "KPK final", "label"]) >= {"2025"}
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(build_pdf(data))).pages]
    assert all("katalog sementara · zona sementara" in page for page in pages)
    text = "\n".join(pages)
    assert "Sumber nilai yang diumumkan" in text and "Sumber: KPK, 17 Desember 2025" in text
    assert "Provisional" not in text  # the source note is in Indonesian
    book = load_workbook(io.BytesIO(build_xlsx(data)), read_only=True)
    about = [tuple(row) for row in book[book.sheetnames[-1]].iter_rows(values_only=True)]
    assert ("Tanda provenans", "katalog sementara, zona sementara") in about
    assert any(key == "Sumber nilai yang diumumkan" and "KPK" in str(value) for key, value, *_ in about)


def test_the_pdf_trend_is_drawn_as_text_with_indonesian_numbers() -> None:
    """The trend is drawn by the PDF itself (no picture): its legend names the sementara series, the axis reads
    "25,0", the points carry their values with two decimals and a comma (final readings and the open period
    always; a provisional reading whose number would overlap another's is left out), all searchable."""
    data = report_data(actor_of("sekda"), period_id=_current_period(), scope="province")
    reader = PdfReader(io.BytesIO(build_pdf(data)))
    page = next(p for p in reader.pages if "Tren skor" in (p.extract_text() or ""))
    text = page.extract_text()
    assert not page.images  # a matplotlib picture has neither searchable text nor the report's fonts
    assert "Lentera (sementara)" in text and "KPK final" in text
    assert "25,0" in text and "100,0" in text
    trend = data.trend.loc[data.trend["entity"].astype(str) == data.subject]
    shown = trend.loc[(trend["stage"] == "final") | (trend["source"] == "Lentera (sementara)"), "score"]
    assert len(shown) and all(i18n.format_number(float(v), 2, "id") in text for v in shown)
