"""The CSV and Excel files a user builds on the reports page name no OPD or region outside their scope; a
provincial user's report names every kabupaten/kota, which shows the check looks where the names would be.
Building a report writes an audit event, so each case works on a private copy (``role_demo_copy``)."""

from __future__ import annotations

import pytest
from app_driver import errors, open_url
from demo_scope import (
    PERSONAS,
    PROVINCIAL,
    REGIONS_WITH_PERIODS,
    Demo,
    Persona,
    actor_region_name,
    hidden_names,
)

from ui.navigation import spec_at

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie


def _file_text(data: bytes) -> str:
    """A built report as text: a CSV as it is, an Excel workbook or a ZIP of CSVs through its members."""
    import io
    import zipfile

    if not data.startswith(b"PK"):
        return data.decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8-sig", errors="replace")
            for name in archive.namelist()
            if name.endswith((".csv", ".xml"))
        )


READERS_HAVING_REPORTS = [
    pytest.param(persona, scope, fmt, id=f"{persona.key}-{scope}-{fmt}")
    for persona in PERSONAS
    if persona.role in spec_at("laporan").roles
    for scope in ("province", "own")
    for fmt in ("csv", "xlsx")
]


@pytest.mark.parametrize(("persona", "scope", "fmt"), READERS_HAVING_REPORTS)
def test_a_report_built_on_the_reports_page_names_nothing_outside_scope(
    role_demo_copy: Demo, persona: Persona, scope: str, fmt: str
) -> None:
    """The CSV and Excel files a user builds on the reports page name no OPD or region outside their scope."""
    actor = role_demo_copy.actors[persona.username]
    at = open_url(actor, "laporan")
    at.selectbox(key="report_scope").set_value(scope).run()
    at.button(key=f"report_build_{fmt}").click().run()
    assert not at.exception, errors(at)
    assert not at.error, [e.value for e in at.error]
    text = _file_text(at.session_state["report_built"]["data"])
    assert actor_region_name(role_demo_copy, actor) in text  # the report is about the user's own pemda
    assert [name for name in hidden_names(role_demo_copy, actor) if name in text] == []
    if persona.key in PROVINCIAL and scope == "province":
        # The provincial report compares the kabupaten/kota: the names the check looks for do appear in files.
        assert all(region in text for region in REGIONS_WITH_PERIODS)
