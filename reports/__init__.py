"""Report builders: xlsx workbook, PDF report, CSV and the evidence zip.

Builders take a ``ReportData`` (plain pandas frames, see ``reports.data``) and return bytes or write a file;
they never open the database or touch Streamlit. The services layer assembles the data and calls them.

The PDF builder (fpdf: about a quarter of a cold ``lentera export``) loads with the first PDF, not with this
package, so an xlsx or CSV export never pays for it; the PDF's fonts are read from matplotlib's data folder
without importing matplotlib.
"""

from reports.csv_bundle import CSV_TABLES, build_csv_zip
from reports.csv_export import build_csv
from reports.data import Progress, ReportData, nodes_frame, zones_list
from reports.evidence_zip import build_evidence_zip, zip_rows
from reports.xlsx import build_xlsx


def build_pdf(data: ReportData, progress: Progress | None = None) -> bytes:
    """The whole report as PDF bytes (``reports.pdf.build_pdf``, imported on the first call)."""
    from reports.pdf import build_pdf as build

    return build(data, progress)


__all__ = [
    "CSV_TABLES",
    "Progress",
    "ReportData",
    "build_csv",
    "build_csv_zip",
    "build_evidence_zip",
    "build_pdf",
    "build_xlsx",
    "nodes_frame",
    "zip_rows",
    "zones_list",
]
