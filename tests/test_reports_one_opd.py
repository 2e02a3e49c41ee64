"""The reports page builds a report for one OPD the user picks (issue 15: the CLI had ``opd:ID``, the page did
not): the file is about that OPD only, the list holds only the period's OPDs the user may read."""

from __future__ import annotations

import io
import zipfile

import pytest
from app_driver import errors, open_url
from demo_scope import Demo
from streamlit.testing.v1 import AppTest

from services import exports, organisations
from ui.session import PERIOD_KEY

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie


def _opd(demo: Demo, name_part: str) -> tuple[int, str]:
    """Id and name of the province's OPD whose name holds ``name_part``."""
    frame = organisations.list_organisations(demo.actors["inspektur"])
    row = frame.loc[frame["name"].str.contains(name_part, case=False, regex=False)].iloc[0]
    return int(row["id"]), str(row["name"])


def _csv_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())


def _reports_page(demo: Demo, username: str) -> tuple[AppTest, int]:
    at = open_url(demo.actors[username], "laporan")
    assert not at.exception, errors(at)
    return at, int(at.session_state[PERIOD_KEY])


def test_an_inspector_builds_the_csv_tables_of_one_opd_picked_on_the_reports_page(
    role_demo_copy: Demo,
) -> None:
    """The inspector picks 'Satu OPD', chooses BPKAD, and the CSV tables name BPKAD and not another OPD."""
    at, period_id = _reports_page(role_demo_copy, "inspektur")
    at.selectbox(key="report_scope").set_value("opd").run()
    bpkad_id, bpkad_name = _opd(role_demo_copy, "Keuangan dan Aset")
    assert bpkad_name in at.selectbox(key="report_opd").options  # AppTest lists the labels
    at.selectbox(key="report_opd").set_value(bpkad_id).run()
    at.button(key="report_build_csv").click().run()
    assert not at.exception, errors(at)
    assert not at.error, [e.value for e in at.error]
    built = at.session_state["report_built"]
    assert (built["period_id"], built["scope"]) == (period_id, f"opd:{bpkad_id}")
    text = _csv_text(built["data"])
    assert bpkad_name in text
    assert _opd(role_demo_copy, "Komunikasi")[1] not in text


def test_a_report_built_for_another_scope_is_not_offered_after_the_scope_changes(
    role_demo_copy: Demo,
) -> None:
    """A file built for the province is no longer offered once the user switches to one OPD."""
    at, _ = _reports_page(role_demo_copy, "inspektur")
    at.button(key="report_build_csv").click().run()
    assert at.download_button(key="report_download")
    at.selectbox(key="report_scope").set_value("opd").run()
    assert not [b for b in at.get("download_button") if b.key == "report_download"]


def test_the_one_opd_list_holds_only_the_periods_opds_the_user_may_read(role_demo_copy: Demo) -> None:
    """Halmahera Selatan's inspector is offered none of the province period's OPDs; a focal point only their own."""
    _, period_id = _reports_page(role_demo_copy, "inspektur")
    provincial = dict(exports.report_opds(role_demo_copy.actors["inspektur"], period_id=period_id))
    assert len(provincial) > 5
    assert exports.report_opds(role_demo_copy.actors["apip.halsel"], period_id=period_id) == []
    focal = role_demo_copy.actors["fp.bpkad"]
    assert [opd_id for opd_id, _ in exports.report_opds(focal, period_id=period_id)] == [
        focal.organisation_id
    ]
