"""The KPK results template offered where KPK's results are imported (overview → "Tahapan nilai" → "Catat hasil
verifikasi KPK"), under AppTest on the demo: the admin and the inspector get the download, the Sekda does not."""

from __future__ import annotations

import pytest
from app_driver import actor_of, errors, open_tab, open_url

from i18n import t

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie
PAGE = "ikhtisar"


@pytest.mark.parametrize(("username", "offered"), [("admin", True), ("inspektur", True), ("sekda", False)])
def test_the_template_is_offered_beside_the_import(
    demo: dict[str, str], username: str, offered: bool
) -> None:
    """The download button of the template sits in the KPK recording panel, for those who may import."""
    at = open_tab(open_url(actor_of(username), PAGE), t("ui.tab.stages", "id"))
    assert not at.exception, errors(at)
    period_id = int(str(at.selectbox(key="period_select").value))
    labels = {str(d.label) for d in at.download_button}
    assert (t("ui.stages.template", "id") in labels) is offered, labels
    if offered:
        expanders = [e for e in at.expander if e.label == t("ui.stages.record_title", "id")]
        assert expanders and any(
            str(getattr(child, "label", "")) == t("ui.stages.template", "id")
            for child in expanders[0].children.values()
        ), f"the template sits beside the import of period {period_id}"
