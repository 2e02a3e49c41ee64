"""The Streamlit app, driven through ``AppTest`` on a copy of the seeded Maluku Utara demo database: signing in,
what a leader sees, which pages a typed URL opens, and the session ending.

Each test signs in as one of the demo users and checks what that person sees on screen: the login error, the
leader's numbers (compared with what the dashboard service returns), the menu a role gets, the session expiring
or being revoked, the first start, single sign-on, the drill-down and a report download. The focal point's,
inspector's and administrator's work is in ``test_focal_point_journeys`` and ``test_admin_journeys``.
The demo is seeded once per test session (``demo_template`` in conftest.py) and copied into every test's own
data folder (``demo``).
"""

from __future__ import annotations

import re

import pytest
from app_driver import actor_of, go_to, sign_in, texts

from i18n import format_number, t
from indicators import ROOT_CODE
from ui.display import plain

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie

# -- login ----------------------------------------------------------------------------------------------------------


def test_leader_sees_the_overview_with_the_numbers_of_the_dashboard_service(demo: dict[str, str]) -> None:
    at = sign_in("sekda", demo["sekda"])
    assert texts(at.header) == ["Ikhtisar Pemda"]

    from services import periods
    from services.overview import period_overview
    from ui.widgets import default_period

    leader = actor_of("sekda")
    period_id = default_period(periods.list_periods(leader), leader)
    assert at.selectbox(key="period_select").value == period_id
    overview = period_overview(leader, period_id=period_id)
    metrics = {m.label: m.value for m in at.metric}
    total = overview.pemda_total
    assert metrics["Skor hasil reviu Inspektorat"] == format_number(total["score"], 2, "id")
    assert metrics["Skor klaim mandiri"] == format_number(total["self_score"], 2, "id")
    assert metrics["Skor proyeksi"] == format_number(total["projected"], 2, "id")
    assert metrics["Direviu"] == format_number(overview.counts["verified"], 0, "id")
    assert metrics["Dikembalikan"] == format_number(overview.counts["returned"], 0, "id")
    assert metrics["Hari menuju tenggat"] == format_number(overview.days_to_deadline, 0, "id")
    # The verified score is far below the self-claimed one in the demo, and the page shows both.
    assert total["self_score"] > total["score"]
    # Every label on the page is translated: no raw message key such as "panel.due.title" shows.
    labels = (
        [e.label for e in at.expander]
        + [tab.label for tab in at.tabs]
        + texts(at.markdown)
        + texts(at.caption)
    )
    raw = [text for text in labels if re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", text.strip())]
    assert raw == []


def test_digital_lens_asks_the_service_for_digital_items_only(demo: dict[str, str]) -> None:
    at = sign_in("sekda", demo["sekda"])
    before = {m.label: m.value for m in at.metric}
    at.toggle(key="digital_lens").set_value(True).run()
    assert not at.exception
    assert t("ui.lens.active", "id") in texts(at.info)

    from services.overview import period_overview

    leader = actor_of("sekda")
    period_id = at.selectbox(key="period_select").value
    assert period_id is not None
    digital = period_overview(leader, period_id=period_id, tag="digital")
    after = {m.label: m.value for m in at.metric}
    assert after["Direviu"] == format_number(digital.counts["verified"], 0, "id")
    assert after["Skor hasil reviu Inspektorat"] == format_number(digital.pemda_total.get("score"), 2, "id")
    assert after != before


def test_focal_point_menu_has_no_leader_or_admin_page_and_a_typed_url_cannot_open_one(
    demo: dict[str, str],
) -> None:
    at = sign_in("fp.diskominfosan", demo["fp.diskominfosan"])
    assert texts(at.header) == ["Daftar Periksa OPD"]
    for url_path in ("ikhtisar", "rincian-opd", "verifikasi", "pengguna", "log-audit"):
        go_to(at, url_path).run()  # a typed URL of another role's page lands on the checklist
        assert texts(at.header) == ["Daftar Periksa OPD"], url_path
    go_to(at, "akun").run()
    assert texts(at.header) == ["Akun Saya"]


def test_leader_cannot_open_admin_or_inspector_pages(demo: dict[str, str]) -> None:
    at = sign_in("sekda", demo["sekda"])
    for url_path in ("pengguna", "verifikasi", "daftar-periksa"):
        go_to(at, url_path).run()  # lands on the leader's overview
        assert texts(at.header) == [t("ui.page.overview", "id")], url_path


# -- session --------------------------------------------------------------------------------------------------------


# -- first start ----------------------------------------------------------------------------------------------------


# -- leader ---------------------------------------------------------------------------------------------------------


def test_leader_drills_into_one_opd_down_to_an_item_and_its_evidence(demo: dict[str, str]) -> None:
    from services import submission_views
    from services.overview import opd_overview

    at = sign_in("sekda", demo["sekda"])
    go_to(at, "rincian-opd").run()
    assert texts(at.header) == ["Rincian OPD"]
    leader = actor_of("sekda")
    fp = actor_of("fp.bpkad")
    assert fp.organisation_id is not None
    at.selectbox(key="drill_opd").set_value(fp.organisation_id).run()
    period_id = at.selectbox(key="period_select").value
    assert period_id is not None
    summary = opd_overview(leader, period_id=period_id, organisation_id=fp.organisation_id)
    total = summary.scores[summary.scores["code"].astype(str) == ROOT_CODE].iloc[0]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Skor hasil reviu Inspektorat"] == format_number(total["score"], 2, "id")
    assert metrics["Peringkat"] == f"{summary.rank} / {summary.ranked}"

    items = submission_views.checklist(leader, period_id=period_id, organisation_id=fp.organisation_id)
    with_files = items[items["evidence_count"] > 0].iloc[0]
    at.selectbox(key="drill_item").set_value(int(with_files["submission_id"])).run()
    assert not at.exception
    detail = submission_views.item_detail(leader, submission_id=int(with_files["submission_id"]))
    shown = texts(at.markdown)
    for item in detail.evidence:
        assert f"**{plain(item.display_name)}**" in shown  # shown literally
    assert len(at.download_button) >= len(detail.evidence)


def test_leader_downloads_the_excel_report_built_by_the_exports_service(demo: dict[str, str]) -> None:
    at = sign_in("sekda", demo["sekda"])
    go_to(at, "laporan").run()
    assert texts(at.header) == ["Laporan"]
    assert {b.key for b in at.button} >= {
        "report_build_xlsx",
        "report_build_pdf",
        "report_build_csv",
        "report_build_zip",
    }
    at.button(key="report_build_xlsx").click().run()
    assert not at.exception and not at.error
    built = at.session_state["report_built"]
    assert built["name"].endswith(".xlsx") and built["data"][:2] == b"PK"
    assert any(built["name"] in str(d.label) for d in at.download_button)


def test_inspector_issues_the_berita_acara_of_one_opd_as_pdf_and_docx(demo: dict[str, str]) -> None:
    from services import verification

    at = sign_in("inspektur", demo["inspektur"])
    go_to(at, "laporan").run()
    period_id = at.selectbox(key="period_select").value
    decided = verification.queue(
        actor_of("inspektur"), period_id=int(period_id or 0), statuses=("verified", "returned")
    )
    assert not decided.empty
    at.selectbox(key="ba_opd").set_value(int(decided.iloc[0]["organisation_id"])).run()
    at.button(key="ba_issue").click().run()
    assert not at.exception and not at.error
    built = at.session_state["ba_built"]
    assert built["files"]["pdf"][1][:4] == b"%PDF" and built["files"]["docx"][1][:2] == b"PK"
    assert {b.key for b in at.download_button} >= {"ba_download_pdf", "ba_download_docx"}
    assert any(built["numbers"][0] in c.value for c in at.caption)


def test_leader_sees_documents_required_uploaded_and_accepted_beside_the_item_counts(
    demo: dict[str, str],
) -> None:
    """The overview shows the document counts of ``document_progress`` and a per-OPD table of them."""
    from services import periods
    from services.document_progress import document_progress
    from ui.widgets import default_period

    at = sign_in("sekda", demo["sekda"])
    leader = actor_of("sekda")
    period_id = default_period(periods.list_periods(leader), leader)
    progress = document_progress(leader, period_id=period_id)
    metrics = {m.label: m.value for m in at.metric}
    required = int(progress["documents_required"].sum())
    assert required > int(progress["documents_uploaded"].sum()) > 0
    assert metrics["Dokumen wajib"] == format_number(required, 0, "id")
    assert metrics["Dokumen diunggah"] == format_number(int(progress["documents_uploaded"].sum()), 0, "id")
    assert metrics["Dokumen diterima reviu"] == format_number(
        int(progress["documents_accepted"].sum()), 0, "id"
    )
    assert any("dokumen wajib belum diunggah" in c for c in texts(at.caption))
    assert "Kemajuan dokumen per OPD" in [e.label for e in at.expander]


def test_leader_builds_the_rekapitulasi_as_pdf_and_docx(demo: dict[str, str]) -> None:
    """The Sekda builds the pemda's rekap on the reports page and gets both files with a line on what they hold."""
    at = sign_in("sekda", demo["sekda"])
    go_to(at, "laporan").run()
    at.button(key="rekap_build").click().run()
    assert not at.exception and not at.error
    built = at.session_state["rekap_built"]
    assert built["files"]["pdf"][1][:4] == b"%PDF" and built["files"]["docx"][1][:2] == b"PK"
    assert {b.key for b in at.download_button} >= {"rekap_download_pdf", "rekap_download_docx"}
    assert any("ditandatangani Inspektur" in c for c in texts(at.caption))
    assert any(
        "hanya bukti butir yang diterima" in c for c in texts(at.caption)
    )  # the line under the ZIP button
