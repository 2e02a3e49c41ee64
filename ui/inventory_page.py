"""The "Inventaris Layanan Digital" page. A focal point keeps their OPD's register (``ui.inventory_forms``); the
Sekda (and inspectors, admins) see the pemda's numbers first — cards, a per-OPD table, a chart, the numbers beside
the Pemdi 2026 aspects they feed — then any OPD's register. ``inventory_evidence_box`` shows on an item the
inventory entries linked to it as evidence."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from i18n import register, t
from services import inventory_links, organisations
from services.actor import Actor
from services.inventory_summary import InventorySummary, inventory_summary
from services.permissions import allowed
from ui import session, svg
from ui.display import number, plain, table
from ui.inventory_forms import register_view
from ui.widgets import guarded, page_header, run_action, show_flash
from vocabulary import Role

register(
    {
        "ui.page.inventory": {"id": "Inventaris Layanan Digital", "en": "Digital services inventory"},
        "ui.inventory.caption": {
            "id": "Daftar layanan publik dan aplikasi tiap OPD: seberapa digital, terhubung ke portal, menerima "
            "pengaduan SP4N-LAPOR!, dan siapa bertukar data dengan siapa.",
            "en": "Each OPD's register of public services and applications: how digital, reachable from the "
            "portal, taking SP4N-LAPOR! complaints, and who exchanges data with whom.",
        },
        "ui.inventory.pemda": {"id": "Ringkasan pemda", "en": "Pemda summary"},
        "ui.inventory.per_opd_register": {"id": "Inventaris per OPD", "en": "Register per OPD"},
        "ui.inventory.opd": {"id": "OPD", "en": "OPD"},
        "ui.inventory.card.online": {"id": "Layanan daring", "en": "Services online"},
        "ui.inventory.card.on_portal": {"id": "Terhubung ke portal pemda", "en": "Reachable from the portal"},
        "ui.inventory.card.with_lapor": {"id": "Dengan SP4N-LAPOR!", "en": "With SP4N-LAPOR!"},
        "ui.inventory.card.without_exchange": {
            "id": "Aplikasi tanpa pertukaran data",
            "en": "Applications without data exchange",
        },
        "ui.inventory.card.audit_stale": {
            "id": "Audit keamanan > 2 tahun atau belum ada",
            "en": "Security audits > 2 years old or none",
        },
        "ui.inventory.of": {"id": "{count} dari {total}", "en": "{count} of {total}"},
        "ui.inventory.col.services_total": {"id": "Layanan", "en": "Services"},
        "ui.inventory.col.online": {"id": "Daring", "en": "Online"},
        "ui.inventory.col.on_portal": {"id": "Di portal", "en": "On the portal"},
        "ui.inventory.col.with_lapor": {"id": "SP4N-LAPOR!", "en": "SP4N-LAPOR!"},
        "ui.inventory.col.skm_mean": {"id": "Rata-rata SKM", "en": "Mean SKM"},
        "ui.inventory.col.applications_total": {"id": "Aplikasi", "en": "Applications"},
        "ui.inventory.col.without_exchange": {"id": "Tanpa pertukaran data", "en": "No data exchange"},
        "ui.inventory.col.audit_stale": {"id": "Audit > 2 tahun / belum", "en": "Audit > 2 years / none"},
        "ui.inventory.chart": {"id": "Layanan per OPD", "en": "Services per OPD"},
        "ui.inventory.pemdi": {
            "id": "Angka inventaris untuk aspek Indeks Pemerintah Digital 2026",
            "en": "The inventory's numbers for the Digital Government Index 2026 aspects",
        },
        "ui.inventory.pemdi_caption": {
            "id": "Aspek dan indikator katalog Pemdi 2026 (PermenPANRB 8/2026 menurut struktur yang dilaporkan; "
            "katalog sementara) yang diberi makan angka inventaris.",
            "en": "The Pemdi 2026 catalog's aspects and indicators (PermenPANRB 8/2026 as reported; a provisional "
            "catalog) that the inventory's numbers feed.",
        },
        "ui.inventory.col.aspect": {"id": "Aspek Pemdi", "en": "Pemdi aspect"},
        "ui.inventory.col.indicator": {"id": "Indikator", "en": "Indicator"},
        "ui.inventory.col.measure": {"id": "Angka inventaris", "en": "Inventory number"},
        "ui.inventory.col.count": {"id": "Jumlah", "en": "Count"},
        "ui.inventory.no_opd": {"id": "Tidak ada OPD untuk ditampilkan.", "en": "No OPD to show."},
        "ui.inventory.detached": {
            "id": "Entri inventaris dilepas dari butir ini.",
            "en": "Inventory entry taken off this item.",
        },
        "ui.inventory.on_item": {
            "id": "Dari inventaris layanan digital",
            "en": "From the digital services inventory",
        },
    }
)

CARDS = (("online", "services"), ("on_portal", "online"), ("with_lapor", "services"),
         ("without_exchange", "applications"), ("audit_stale", "applications"))  # fmt: skip
"""(count, out of) per card."""


@guarded
def inventory_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.inventory", t("ui.inventory.caption"))
    show_flash()
    if actor.role == Role.focal_point:
        if actor.organisation_id is not None:
            register_view(actor, actor.organisation_id)
        return
    if allowed(actor.role, "inventory_summary"):
        summary_tab, register_tab = st.tabs([t("ui.inventory.pemda"), t("ui.inventory.per_opd_register")])
        with summary_tab:
            _summary(inventory_summary(actor))
        with register_tab:
            _opd_register(actor)


def _summary(view: InventorySummary) -> None:
    columns = st.columns(len(CARDS))
    for column, (count, out_of) in zip(columns, CARDS, strict=True):
        with column.container(key=f"inventory_card_{count}"):
            st.metric(t(f"ui.inventory.card.{count}"),
                      t("ui.inventory.of", count=number(view.totals[count], 0), total=number(view.totals[out_of], 0)),
                      border=True)  # fmt: skip
    table(view.per_opd, {"opd": "ui.inventory.opd", "services": "ui.inventory.col.services_total",
                         "online": "ui.inventory.col.online", "on_portal": "ui.inventory.col.on_portal",
                         "with_lapor": "ui.inventory.col.with_lapor", "skm_mean": "ui.inventory.col.skm_mean",
                         "applications": "ui.inventory.col.applications_total",
                         "without_exchange": "ui.inventory.col.without_exchange",
                         "audit_stale": "ui.inventory.col.audit_stale"},
          decimals={"skm_mean": 1}, key="inventory_per_opd")  # fmt: skip
    _chart(view.per_opd)
    st.subheader(t("ui.inventory.pemdi"))
    st.caption(t("ui.inventory.pemdi_caption"))
    pemdi = view.pemdi.assign(share=[t("ui.inventory.of", count=number(c, 0), total=number(n, 0))
                                     for c, n in zip(view.pemdi["count"], view.pemdi["total"], strict=True)])  # fmt: skip
    table(pemdi, {"aspect": "ui.inventory.col.aspect", "code": "ui.inventory.col.code",
                  "indicator": "ui.inventory.col.indicator",
                  "measure": "ui.inventory.col.measure", "share": "ui.inventory.col.count"},
          formats={"measure": lambda m: t(f"inventory.measure.{m}")}, key="inventory_pemdi")  # fmt: skip


def _chart(per_opd: pd.DataFrame) -> None:
    shown = per_opd.loc[per_opd["services"] > 0]
    if shown.empty:
        return
    series = []
    for column, colour in (("services", "#9aa5b1"), ("online", "#1f77b4"), ("on_portal", "#2ca02c"),
                           ("with_lapor", "#ff7f0e")):  # fmt: skip
        key = "ui.inventory.col.services_total" if column == "services" else f"ui.inventory.col.{column}"
        series.append((t(key), colour, shown[column].astype(float).tolist()))
    markup = svg.grouped_bars(
        [str(opd) for opd in shown["opd"]], series, high=svg.nice_ceiling(float(shown["services"].max())),
        title=t("ui.inventory.chart"), value_title=t("ui.inventory.col.services_total"),
    )  # fmt: skip
    st.markdown(f"**{t('ui.inventory.chart')}**")
    svg.show(markup, key="inventory_chart")


def _opd_register(actor: Actor) -> None:
    opds = organisations.list_organisations(actor, region_id=actor.region_id)
    if opds.empty:
        st.info(t("ui.inventory.no_opd"))
        return
    names = {int(r["id"]): str(r["abbreviation"] or r["name"]) for r in opds.to_dict("records")}
    chosen = st.selectbox(
        t("ui.inventory.opd"), list(names), format_func=names.__getitem__, key="inventory_opd"
    )
    register_view(actor, int(chosen))


def inventory_evidence_box(actor: Actor, submission_id: int, *, editable: bool = False) -> None:
    """On an item: the inventory entries linked to it as evidence (name and address), if any; ``editable`` (the
    focal point's item still open to change) offers to take each off."""
    linked = inventory_links.item_inventory_evidence(actor, submission_id=submission_id)
    if linked.empty:
        return
    st.markdown(f"**{t('ui.inventory.on_item')}**")
    for record in linked.to_dict("records"):
        url = f" · {plain(record['url'])}" if record["url"] else ""
        st.markdown(f"- :material/link: {plain(record['name'])}{url}")
        link_id = int(record["link_id"])
        if editable and st.button(
            t("ui.evidence.detach"), key=f"inventory_detach_{link_id}", icon=":material/link_off:"
        ):
            run_action(partial(inventory_links.detach_inventory_evidence, actor, link_id=link_id),
                       t("ui.inventory.detached"))  # fmt: skip
