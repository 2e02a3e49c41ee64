"""The "Inventaris Layanan Digital" page under AppTest on the demo: a focal point sees their OPD's register, adds
a service through the form (a bad address is refused with the reason, nothing saved); the Sekda sees the pemda's
cards, the per-OPD table, the chart and the Pemdi aspects the numbers feed, and the counts follow the change."""

from __future__ import annotations

import pytest
from app_driver import actor_of, errors, open_url, shown_texts, svg_drawings, svg_tooltips
from streamlit.testing.v1 import AppTest

from i18n import t
from services import inventory
from services.inventory_summary import inventory_summary

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie
PAGE = "inventaris-layanan"
FORM = "inventory_new_service_0"


def _save_new_service(at: AppTest, *, name: str, url: str) -> AppTest:
    at.text_input(key=f"{FORM}_name").input(name)
    at.selectbox(key=f"{FORM}_channel").set_value("online")
    at.text_input(key=f"{FORM}_url").input(url)
    at.checkbox(key=f"{FORM}_on_pemda_portal").check()
    return at.button(key=f"{FORM}_save").click().run()


def _card(at: AppTest, name: str) -> str:
    [metric] = [m for m in at.metric if m.label == name]
    return str(metric.value)


def test_a_focal_point_adds_a_service_and_the_sekda_sees_the_counts(demo: dict[str, str]) -> None:
    """The service form saves an https address, refuses an http one; the Sekda's cards count the new service."""
    focal = actor_of("fp.dpmptsp")
    assert focal.organisation_id is not None
    before = inventory_summary(actor_of("sekda")).totals
    at = open_url(focal, PAGE)
    assert not at.exception, errors(at)
    assert "Perizinan Berusaha Berbasis Risiko (OSS RBA)" in " ".join(shown_texts(at))

    at = _save_new_service(at, name="Izin Reklame", url="http://reklame.malut-demo.invalid")
    assert any("bukan alamat https yang sah" in e.value for e in at.error), [e.value for e in at.error]
    at = _save_new_service(at, name="Izin Reklame", url="https://reklame.malut-demo.invalid")
    assert not at.exception, errors(at)
    names = set(inventory.inventory(focal, organisation_id=focal.organisation_id).services["name"])
    assert "Izin Reklame" in names

    sekda = open_url(actor_of("sekda"), PAGE)
    assert not sekda.exception, errors(sekda)
    assert _card(sekda, "Layanan daring") == f"{before['online'] + 1} dari {before['services'] + 1}"
    assert (
        _card(sekda, "Terhubung ke portal pemda") == f"{before['on_portal'] + 1} dari {before['online'] + 1}"
    )
    shown = " ".join(shown_texts(sekda))
    assert "Keterpaduan Layanan Digital Pemerintah" in shown and "DPMPTSP" in shown
    [chart] = svg_drawings(sekda)  # per OPD: its services, online, on the portal, with LAPOR!
    total = t("ui.inventory.col.services_total", "id")
    bars = svg_tooltips(chart)
    counted = [
        float(bar.rsplit(": ", 1)[1].replace(".", "").replace(",", "."))
        for bar in bars
        if f" · {total}: " in bar
    ]
    assert sum(counted) == before["services"] + 1
