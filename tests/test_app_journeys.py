"""The Streamlit app, driven through ``AppTest`` on a copy of the seeded Maluku Utara demo database.

Each test signs in as one of the demo users and checks what that person sees on screen: the leader's numbers
(compared with what the dashboard service returns), the focal point's menu, saving and submitting an item, the
inspector approving one, the administrator creating a user, evidence, catalogs and reports. Signing in and out,
session expiry and the first administrator are in ``test_app_sessions.py``; the fixtures in ``app_driver.py``.
"""

# ruff: noqa: F811  (the tests take the fixtures ``demo`` and ``demo_template`` imported from app_driver)
from __future__ import annotations

import re
from pathlib import Path

import pytest
from app_driver import PDF, PNG, actor_of, demo, demo_template, go_to, sign_in, texts  # noqa: F401  (fixtures)
from streamlit.testing.v1 import AppTest

from i18n import format_number, t
from indicators import ROOT_CODE
from ui.widgets import plain

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie


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
    assert metrics["Skor terverifikasi"] == format_number(total["score"], 2, "id")
    assert metrics["Skor klaim mandiri"] == format_number(total["self_score"], 2, "id")
    assert metrics["Skor proyeksi"] == format_number(total["projected"], 2, "id")
    assert metrics["Terverifikasi"] == format_number(overview.counts["verified"], 0, "id")
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
    digital = period_overview(leader, period_id=period_id, tag="digital")
    after = {m.label: m.value for m in at.metric}
    assert after["Terverifikasi"] == format_number(digital.counts["verified"], 0, "id")
    assert after["Skor terverifikasi"] == format_number(digital.pemda_total.get("score"), 2, "id")
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


# -- focal point -----------------------------------------------------------------------------------------------


def _own_items(username: str):  # type: ignore[no-untyped-def]
    from services import periods, submissions
    from ui.widgets import default_period

    actor = actor_of(username)
    period_id = default_period(periods.list_periods(actor), actor)
    assert actor.organisation_id is not None
    return actor, submissions.checklist(actor, period_id=period_id, organisation_id=actor.organisation_id)


def test_focal_point_uploads_sets_a_value_and_submits_an_item(demo: dict[str, str]) -> None:
    from services import catalogs, submissions

    username = "fp.diskominfosan"
    actor, items = _own_items(username)
    editable = items[items["status"].isin(["empty", "draft", "returned"])]
    assert not editable.empty
    row = editable.iloc[0]
    code, submission_id = str(row["code"]), int(row["submission_id"])
    detail = submissions.item_detail(actor, submission_id=submission_id)
    node = catalogs.catalog_for_period(detail.period_id).node(code)

    at = sign_in(username, demo[username])
    at.button(key=f"open_{code}").click().run()
    assert any(code in s for s in texts(at.subheader))
    at.file_uploader(key=f"upload_{code}").upload("Bukti.pdf", PDF, "application/pdf")
    at.run()
    version = submissions.item_detail(actor, submission_id=submission_id).version
    expected = _set_rule_value(at, node, f"value_{code}_{version}", detail.self_value)
    at.button(key=f"submit_{code}").click().run()
    assert not at.exception
    assert texts(at.success) == [t("ui.checklist.submitted", "id", code=code)]
    after = submissions.item_detail(actor, submission_id=submission_id)
    assert after.status == "submitted"
    assert after.self_value == pytest.approx(expected)
    assert "Bukti.pdf" in {e.display_name for e in after.evidence}


def test_submitting_without_evidence_is_refused_with_the_services_message(demo: dict[str, str]) -> None:
    username = "fp.dinkes"
    actor, items = _own_items(username)
    bare = items[items["status"].isin(["empty", "draft"]) & (items["evidence_count"] == 0)]
    assert not bare.empty
    row = bare.iloc[0]
    code = str(row["code"])

    from services import catalogs, submissions

    detail = submissions.item_detail(actor, submission_id=int(row["submission_id"]))
    node = catalogs.catalog_for_period(detail.period_id).node(code)
    at = sign_in(username, demo[username])
    at.button(key=f"open_{code}").click().run()
    _set_rule_value(at, node, f"value_{code}_{detail.version}", detail.self_value)
    at.button(key=f"submit_{code}").click().run()
    assert texts(at.error) == [t("workflow.evidence_required", "id")]
    assert submissions.item_detail(actor, submission_id=detail.submission_id).status == "draft"


def test_focal_point_saves_a_new_self_value_with_the_rule_control(demo: dict[str, str]) -> None:
    username = "fp.diskominfosan"
    actor, items = _own_items(username)
    editable = items[items["status"].isin(["empty", "draft"])]
    assert not editable.empty
    row = editable.iloc[0]
    code, submission_id, version = str(row["code"]), int(row["submission_id"]), int(row["version"])

    from services import catalogs, submissions

    node = catalogs.catalog_for_period(
        int(submissions.item_detail(actor, submission_id=submission_id).period_id)
    ).node(code)
    at = sign_in(username, demo[username])
    at.button(key=f"open_{code}").click().run()
    expected = _set_rule_value(at, node, f"value_{code}_{version}", row["self_value"])
    at.text_area(key=f"note_{code}_{version}").input("Bukti menyusul dari bidang aptika.")
    at.button(key=f"save_{code}").click().run()
    assert not at.exception
    assert texts(at.success) == [t("ui.checklist.saved", "id", code=code)]
    detail = submissions.item_detail(actor, submission_id=submission_id)
    assert detail.status == "draft"
    assert detail.self_value == pytest.approx(expected)
    assert detail.note == "Bukti menyusul dari bidang aptika."


def _set_rule_value(at: AppTest, node, key: str, current) -> float:  # type: ignore[no-untyped-def]
    """Pick a value different from ``current`` in the control the node's rule uses; returns it."""
    rule = node.rule
    if rule.kind == "levels":
        level = next(lv for lv in sorted(rule.levels) if lv != current)
        at.radio(key=key).set_value(level)
        return float(level)
    if rule.kind == "binary":
        value = 0.0 if current == 1.0 else 1.0
        at.segmented_control(key=key).set_value(value)
        return value
    if rule.kind == "percent" and rule.steps:
        value = next(float(s) for s in reversed(rule.steps) if s != current)
        at.segmented_control(key=key).set_value(value)
        return value
    if rule.kind == "percent":
        value = 40.0 if current != 40.0 else 60.0
        at.number_input(key=key).set_value(value)
        return value
    # documents: tick exactly the first document
    for index, document in enumerate(rule.documents):
        at.checkbox(key=f"{key}_{document.code}").set_value(index == 0)
    return float(rule.documents[0].points)


# -- inspector -------------------------------------------------------------------------------------------------


def test_inspector_approves_the_first_item_in_the_queue(demo: dict[str, str]) -> None:
    at = sign_in("inspektur", demo["inspektur"])
    assert texts(at.header) == ["Antrean Verifikasi"]
    submission_id = at.selectbox(key="queue_pick").value
    assert submission_id is not None

    from services import submissions

    inspector = actor_of("inspektur")
    before = submissions.item_detail(inspector, submission_id=submission_id)
    assert before.status == "submitted"
    at.button(key=f"approve_{submission_id}").click().run()
    assert not at.exception
    assert len(at.success) == 1 and before.code in at.success[0].value
    after = submissions.item_detail(inspector, submission_id=submission_id)
    assert after.status == "verified"
    assert after.verified_value == pytest.approx(before.self_value)


def test_inspector_returning_without_a_reason_is_refused_with_a_message(demo: dict[str, str]) -> None:
    at = sign_in("inspektur", demo["inspektur"])
    submission_id = at.selectbox(key="queue_pick").value
    at.button(key=f"return_{submission_id}").click().run()
    assert texts(at.error) == [t("workflow.reason_required", "id")]
    at.text_area(key=f"return_reason_{submission_id}").input("SK belum ditandatangani.")
    at.button(key=f"return_{submission_id}").click().run()
    assert len(at.success) == 1

    from services import submissions

    detail = submissions.item_detail(actor_of("inspektur"), submission_id=submission_id)
    assert detail.status == "returned"
    assert detail.reviews[-1].reason == "SK belum ditandatangani."


# -- admin -----------------------------------------------------------------------------------------------------


def test_admin_creates_a_leader_account(demo: dict[str, str]) -> None:
    from models.tables import Role

    at = sign_in("admin", demo["admin"])
    go_to(at, "pengguna").run()
    assert texts(at.header) == ["Pengguna"]
    at.text_input(key="new_user_username").input("asisten1")
    at.text_input(key="new_user_full_name").input("Asisten Pemerintahan")
    at.text_input(key="new_user_password").input("Sofifi-2026-asisten")
    at.selectbox(key="new_user_role").set_value(Role.leader)
    at.button(key="new_user_submit").click().run()
    assert not at.exception
    assert texts(at.success) == [t("ui.users.created", "id", username="asisten1")]

    from services import users

    listed = users.list_users(actor_of("admin"))
    created = listed[listed["username"] == "asisten1"].iloc[0]
    assert created["role"] == "leader" and bool(created["active"])


# -- evidence --------------------------------------------------------------------------------------------------


def test_focal_point_uploads_evidence_and_a_disguised_file_is_refused_with_a_message(
    demo: dict[str, str],
) -> None:
    username = "fp.diskominfosan"
    actor, items = _own_items(username)
    row = items[items["status"].isin(["empty", "draft"])].iloc[0]
    code, submission_id, count = str(row["code"]), int(row["submission_id"]), int(row["evidence_count"])

    at = sign_in(username, demo[username])
    at.button(key=f"open_{code}").click().run()
    at.file_uploader(key=f"upload_{code}").upload("SK Tim SPBE 2026.pdf", PDF, "application/pdf")
    at.run()
    assert not at.exception
    assert texts(at.success) == [t("ui.evidence.uploaded", "id", count=1)]

    from services import evidence

    files = evidence.list_evidence(actor, submission_id=submission_id)
    assert len(files) == count + 1
    assert "SK Tim SPBE 2026.pdf" in {f.display_name for f in files}
    # The page lists the new file with a download button; a rerun does not upload it a second time.
    assert any(plain("SK Tim SPBE 2026.pdf") in m for m in texts(at.markdown))  # shown literally
    at.run()
    assert len(evidence.list_evidence(actor, submission_id=submission_id)) == count + 1

    at.file_uploader(key=f"upload_{code}").set_value(("foto.pdf", PNG, "application/pdf"))
    at.run()
    assert len(at.error) == 1 and at.error[0].value.startswith("foto.pdf: ")
    assert len(evidence.list_evidence(actor, submission_id=submission_id)) == count + 1


# -- catalogs --------------------------------------------------------------------------------------------------

BROKEN_CATALOG = """\
key: rusak-2026
name: Katalog rusak
framework: MCP
year: 2026
scale: {min: 0, max: 100}
zones:
  - {name: merah, min: 0, max: 50}
  - {name: hijau, min: 50, max: 100}
nodes:
  - code: A
    name: Area A
    children:
      - code: A.1
        name: Butir tanpa aturan
      - code: A.2
        name: Butir berbobot negatif
        weight: -1
        rule: {kind: binary}
"""


def test_admin_sees_catalog_errors_with_line_numbers_then_imports_diffs_and_activates(
    demo: dict[str, str],
) -> None:
    at = sign_in("admin", demo["admin"])
    go_to(at, "katalog").run()
    assert texts(at.header) == ["Katalog Indikator"]

    at.file_uploader(key="catalog_upload").upload("rusak.yaml", BROKEN_CATALOG.encode(), "application/x-yaml")
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    problems = at.dataframe[-1].value
    assert len(problems) >= 2
    assert set(problems["Baris"].dropna().astype(int)) & {14, 15, 17}

    shipped = (
        Path(__file__).resolve().parent.parent / "indicators" / "catalogs" / "spbe-2021.yaml"
    ).read_text()
    renamed = shipped.replace("key: spbe-2021", "key: spbe-2021-v2", 1).replace(
        "name: Domain Kebijakan Internal SPBE", "name: Domain Kebijakan SPBE", 1
    )
    at.file_uploader(key="catalog_upload").set_value(("spbe-v2.yaml", renamed.encode(), "application/x-yaml"))
    at.run()
    assert not at.error
    at.button(key="catalog_import").click().run()
    assert t("ui.catalog.imported", "id", catalog="spbe-2021-v2") in texts(at.success)
    # The draft is shown with its differences against the active SPBE catalog before anyone activates it.
    diff = at.dataframe[-1].value
    assert list(diff[t("ui.col.code", "id")]) == ["D1"]
    assert list(diff[t("ui.col.change", "id")]) == [t("ui.change.renamed", "id")]

    from services import catalogs

    listed = catalogs.list_catalogs(actor_of("admin"))
    draft_id = int(listed[listed["key"] == "spbe-2021-v2"].iloc[0]["id"])
    assert listed[listed["key"] == "spbe-2021-v2"].iloc[0]["status"] == "draft"
    at.button(key=f"catalog_activate_{draft_id}").click().run()
    assert t("ui.catalog.activated", "id", catalog="spbe-2021-v2") in texts(at.success)
    listed = catalogs.list_catalogs(actor_of("admin"))
    assert listed[listed["key"] == "spbe-2021-v2"].iloc[0]["status"] == "active"


def test_leader_drills_into_one_opd_down_to_an_item_and_its_evidence(demo: dict[str, str]) -> None:
    from services import submissions
    from services.overview import opd_overview

    at = sign_in("sekda", demo["sekda"])
    go_to(at, "rincian-opd").run()
    assert texts(at.header) == ["Rincian OPD"]
    leader = actor_of("sekda")
    fp = actor_of("fp.bpkad")
    assert fp.organisation_id is not None
    at.selectbox(key="drill_opd").set_value(fp.organisation_id).run()
    period_id = at.selectbox(key="period_select").value
    summary = opd_overview(leader, period_id=period_id, organisation_id=fp.organisation_id)
    total = summary.scores[summary.scores["code"].astype(str) == ROOT_CODE].iloc[0]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Skor terverifikasi"] == format_number(total["score"], 2, "id")
    assert metrics["Peringkat"] == f"{summary.rank} / {summary.ranked}"

    items = submissions.checklist(leader, period_id=period_id, organisation_id=fp.organisation_id)
    with_files = items[items["evidence_count"] > 0].iloc[0]
    at.selectbox(key="drill_item").set_value(int(with_files["submission_id"])).run()
    assert not at.exception
    detail = submissions.item_detail(leader, submission_id=int(with_files["submission_id"]))
    shown = texts(at.markdown)
    for item in detail.evidence:
        assert f"**{plain(item.display_name)}**" in shown  # shown literally
    assert len(at.get("download_button")) >= len(detail.evidence)


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
    download = at.get("download_button")
    assert any(built["name"] in str(d.proto.label) for d in download)


def test_checklist_and_gap_list_flag_outdated_evidence(demo: dict[str, str]) -> None:
    """Items whose evidence is older than the catalog allows carry a warning on the checklist and the gap list."""
    from services import freshness
    from ui.widgets import default_period

    flagged = None
    for username in ("fp.diskominfosan", "fp.bpkad", "fp.dpmptsp", "fp.dinkes"):
        actor, _ = _own_items(username)
        from services import periods

        period_id = default_period(periods.list_periods(actor), actor)
        stale = freshness.stale_items(actor, period_id=period_id, organisation_id=actor.organisation_id)
        if not stale.empty:
            flagged = username, str(stale.iloc[0]["code"])
            break
    assert flagged is not None, "the demo should hold at least one item with outdated evidence"
    username, code = flagged
    at = sign_in(username, demo[username])
    flag = t("ui.stale.flag", "id")
    assert any(f"**{code}**" in text and flag in text for text in texts(at.markdown))

    leader = sign_in("sekda", demo["sekda"])
    gap_tables = [frame.value for frame in leader.dataframe if t("ui.col.gain", "id") in frame.value.columns]
    assert len(gap_tables) == 1
    assert t("ui.col.stale", "id") in gap_tables[0].columns
