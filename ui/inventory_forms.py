"""One OPD's register on the "Inventaris Layanan Digital" page: its services and applications as tables, the forms
to add, change and retire an entry, the Excel round trip, and an entry linked as evidence to one of the OPD's
items. Who may change what is the services' decision (``edit_inventory``, ``link_inventory_evidence``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from i18n import LenteraError, format_date, register, t
from services import inventory as inv
from services import inventory_excel, inventory_links
from services.actor import Actor
from services.install import exported_name
from services.permissions import allowed
from ui.display import plain, table
from ui.widgets import period_selector, run_action

register(
    {
        "ui.inventory.services": {"id": "Layanan", "en": "Services"},
        "ui.inventory.applications": {"id": "Aplikasi", "en": "Applications"},
        "ui.inventory.no_services": {"id": "Belum ada layanan tercatat.", "en": "No services recorded yet."},
        "ui.inventory.no_applications": {
            "id": "Belum ada aplikasi tercatat.",
            "en": "No applications recorded yet.",
        },
        "ui.inventory.col.name": {"id": "Nama", "en": "Name"},
        "ui.inventory.col.kind": {"id": "Jenis", "en": "Kind"},
        "ui.inventory.col.channel": {"id": "Kanal", "en": "Channel"},
        "ui.inventory.col.url": {"id": "Alamat (URL)", "en": "Address (URL)"},
        "ui.inventory.col.on_pemda_portal": {"id": "Di portal pemda", "en": "On the pemda portal"},
        "ui.inventory.col.on_ina_digital": {"id": "Di INA Digital", "en": "On INA Digital"},
        "ui.inventory.col.sso": {"id": "Akun bersama (SSO)", "en": "Shared sign-in (SSO)"},
        "ui.inventory.col.digital_payment": {"id": "Pembayaran digital", "en": "Digital payment"},
        "ui.inventory.col.sp4n_lapor": {"id": "Pengaduan SP4N-LAPOR!", "en": "Complaints via SP4N-LAPOR!"},
        "ui.inventory.col.skm_survey": {"id": "Survei SKM", "en": "SKM survey"},
        "ui.inventory.col.skm_result": {"id": "Hasil SKM terakhir", "en": "Last SKM result"},
        "ui.inventory.col.checked_on": {"id": "Tanggal diperiksa", "en": "Last checked"},
        "ui.inventory.col.url_ok": {"id": "URL menjawab", "en": "URL answers"},
        "ui.inventory.col.hosting": {"id": "Hosting", "en": "Hosting"},
        "ui.inventory.col.services": {"id": "Layanan yang didukung", "en": "Services supported"},
        "ui.inventory.col.exchanges_with": {"id": "Bertukar data dengan", "en": "Exchanges data with"},
        "ui.inventory.col.security_audit_on": {"id": "Audit keamanan", "en": "Security audit"},
        "ui.inventory.new_service": {"id": "Tambah layanan", "en": "Add a service"},
        "ui.inventory.new_application": {"id": "Tambah aplikasi", "en": "Add an application"},
        "ui.inventory.edit": {"id": "Ubah atau hapus dari daftar", "en": "Change or take off the register"},
        "ui.inventory.pick_service": {"id": "Layanan", "en": "Service"},
        "ui.inventory.pick_application": {"id": "Aplikasi", "en": "Application"},
        "ui.inventory.save": {"id": "Simpan", "en": "Save"},
        "ui.inventory.saved": {"id": "Inventaris tersimpan.", "en": "Inventory saved."},
        "ui.inventory.retire": {"id": "Hapus dari daftar", "en": "Take off the register"},
        "ui.inventory.retired": {"id": "Entri dihapus dari daftar.", "en": "Entry taken off the register."},
        "ui.inventory.exchanges_help": {
            "id": "Nama aplikasi lain, pisahkan dengan titik koma (;).",
            "en": "Names of other applications, separated by semicolons (;).",
        },
        "ui.inventory.no_date": {"id": "Belum pernah / tidak tahu", "en": "Never / unknown"},
        "ui.inventory.excel": {"id": "Isi lewat Excel", "en": "Fill in with Excel"},
        "ui.inventory.excel_help": {
            "id": "Unduh daftar saat ini (atau templat kosong), isi di Excel, lalu unggah. Baris dengan nama yang "
            "sudah ada mengubah entrinya, nama baru menambah entri; bila ada satu masalah, tidak ada yang disimpan.",
            "en": "Download the register (or an empty template), fill it in Excel, then upload it. A row with a "
            "name on the register changes that entry, a new name adds one; any problem and nothing is saved.",
        },
        "ui.inventory.download": {"id": "Unduh daftar (xlsx)", "en": "Download the register (xlsx)"},
        "ui.inventory.template": {"id": "Unduh templat kosong", "en": "Download an empty template"},
        "ui.inventory.upload": {"id": "Unggah berkas Excel", "en": "Upload the Excel file"},
        "ui.inventory.upload_submit": {"id": "Terapkan berkas", "en": "Apply the file"},
        "ui.inventory.imported": {
            "id": "Berkas diterapkan: {added} layanan baru, {changed} diubah; {apps_added} aplikasi baru, "
            "{apps_changed} diubah.",
            "en": "File applied: {added} new services, {changed} changed; {apps_added} new applications, "
            "{apps_changed} changed.",
        },
        "ui.inventory.problem_sheet": {"id": "Lembar", "en": "Sheet"},
        "ui.inventory.problem_row": {"id": "Baris", "en": "Row"},
        "ui.inventory.problem_column": {"id": "Kolom", "en": "Column"},
        "ui.inventory.problem_message": {"id": "Masalah", "en": "Problem"},
        "ui.inventory.as_evidence": {
            "id": "Jadikan bukti butir penilaian",
            "en": "Use as evidence for an item",
        },
        "ui.inventory.entry": {"id": "Entri inventaris", "en": "Inventory entry"},
        "ui.inventory.item": {"id": "Butir", "en": "Item"},
        "ui.inventory.suggested": {"id": "disarankan", "en": "suggested"},
        "ui.inventory.link": {"id": "Tautkan sebagai bukti", "en": "Link as evidence"},
        "ui.inventory.linked": {"id": "Entri ditautkan sebagai bukti.", "en": "Entry linked as evidence."},
        "ui.inventory.links": {"id": "Sudah menjadi bukti untuk", "en": "Already evidence for"},
        "ui.inventory.col.period": {"id": "Periode", "en": "Period"},
        "ui.inventory.col.code": {"id": "Kode butir", "en": "Item code"},
    }
)

SERVICE_TABLE = {"name": "ui.inventory.col.name", "kind": "ui.inventory.col.kind",
                 "channel": "ui.inventory.col.channel", "url": "ui.inventory.col.url",
                 **{flag: f"ui.inventory.col.{flag}" for flag in inv.FLAGS},
                 "skm_result": "ui.inventory.col.skm_result", "checked_on": "ui.inventory.col.checked_on",
                 "url_ok": "ui.inventory.col.url_ok"}  # fmt: skip
APPLICATION_TABLE = {"name": "ui.inventory.col.name", "kind": "ui.inventory.col.kind",
                     "hosting": "ui.inventory.col.hosting", "services": "ui.inventory.col.services",
                     "exchanges_with": "ui.inventory.col.exchanges_with",
                     "security_audit_on": "ui.inventory.col.security_audit_on"}  # fmt: skip


def _yes_no(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return "✓" if bool(value) else "–"


def _day(value: Any) -> str:
    return format_date(value) if isinstance(value, date) else "–"


GENERATION_KEY = "inventory_form_generation"


def _generation() -> int:
    """Part of the new-entry forms' keys: after a save they start empty, after a refusal they keep what was typed."""
    return int(st.session_state.get(GENERATION_KEY, 0))


def _fresh_form(save: Callable[[], object]) -> Callable[[], object]:
    def saved() -> object:
        result = save()
        st.session_state[GENERATION_KEY] = _generation() + 1
        return result

    return saved


def register_view(actor: Actor, organisation_id: int) -> None:
    """The OPD's services and applications, and what the actor may do with them."""
    register_now = inv.inventory(actor, organisation_id=organisation_id)
    editable = allowed(actor.role, "edit_inventory")
    st.subheader(t("ui.inventory.services"))
    if register_now.services.empty:
        st.info(t("ui.inventory.no_services"))
    else:
        table(register_now.services, SERVICE_TABLE, key="inventory_services",
              formats={"name": plain, "kind": lambda k: t(f"inventory.kind.{k}"),
                       "channel": lambda c: t(f"inventory.channel.{c}"), "url": lambda u: u or "",
                       **{flag: _yes_no for flag in (*inv.FLAGS, "url_ok")}, "checked_on": _day},
              decimals={"skm_result": 1})  # fmt: skip
    if editable:
        _service_forms(actor, organisation_id, register_now.services)
    st.subheader(t("ui.inventory.applications"))
    if register_now.applications.empty:
        st.info(t("ui.inventory.no_applications"))
    else:
        table(register_now.applications, APPLICATION_TABLE, key="inventory_applications",
              formats={"name": plain, "kind": lambda k: t(f"inventory.app_kind.{k}"),
                       "hosting": lambda h: t(f"inventory.hosting.{h}"), "services": "; ".join,
                       "exchanges_with": "; ".join, "security_audit_on": _day})  # fmt: skip
    if editable:
        _application_forms(
            actor, organisation_id, register_now.applications, list(register_now.services["name"])
        )
    _excel(actor, organisation_id, editable)
    if allowed(actor.role, "link_inventory_evidence"):
        _evidence(actor, organisation_id, register_now)


# --------------------------------------------------------------------------- services


def _service_forms(actor: Actor, organisation_id: int, services: pd.DataFrame) -> None:
    with st.expander(t("ui.inventory.new_service"), icon=":material/add:", key="inventory_x_new_service"):
        _service_form(actor, organisation_id, None, key=f"inventory_new_service_{_generation()}")
    if services.empty:
        return
    with st.expander(t("ui.inventory.edit") + " · " + t("ui.inventory.services"), icon=":material/edit:",
                     key="inventory_x_edit_services"):  # fmt: skip
        rows = {int(r["id"]): r for r in services.to_dict("records")}
        chosen = st.selectbox(t("ui.inventory.pick_service"), list(rows), format_func=lambda i: rows[i]["name"],
                              key="inventory_pick_service")  # fmt: skip
        _service_form(actor, organisation_id, rows[int(chosen)], key=f"inventory_service_{chosen}")
        if st.button(
            t("ui.inventory.retire"), key=f"inventory_retire_service_{chosen}", icon=":material/delete:"
        ):
            run_action(lambda: inv.retire_entry(actor, organisation_id=organisation_id, service_id=int(chosen)),
                       t("ui.inventory.retired"))  # fmt: skip


def _service_form(actor: Actor, organisation_id: int, row: dict[Any, Any] | None, *, key: str) -> None:
    current = row or {}
    with st.form(key):
        name = st.text_input(t("ui.inventory.col.name"), value=current.get("name", ""), key=f"{key}_name")
        kind = st.selectbox(t("ui.inventory.col.kind"), inv.SERVICE_KINDS, key=f"{key}_kind",
                            index=inv.SERVICE_KINDS.index(current.get("kind", "layanan_publik")),
                            format_func=lambda k: t(f"inventory.kind.{k}"))  # fmt: skip
        channel = st.selectbox(t("ui.inventory.col.channel"), inv.CHANNELS, key=f"{key}_channel",
                               index=inv.CHANNELS.index(current.get("channel", "offline")),
                               format_func=lambda c: t(f"inventory.channel.{c}"))  # fmt: skip
        url = st.text_input(t("ui.inventory.col.url"), value=current.get("url") or "", key=f"{key}_url",
                            placeholder="https://")  # fmt: skip
        columns = st.columns(3)
        flags = {flag: columns[i % 3].checkbox(t(f"ui.inventory.col.{flag}"), value=bool(current.get(flag, False)),
                                               key=f"{key}_{flag}") for i, flag in enumerate(inv.FLAGS)}  # fmt: skip
        result = current.get("skm_result")
        skm = st.number_input(t("ui.inventory.col.skm_result"), min_value=0.0, max_value=100.0, step=0.1,
                              value=None if result is None or pd.isna(result) else float(result), key=f"{key}_skm")  # fmt: skip
        checked = st.date_input(t("ui.inventory.col.checked_on"), value=current.get("checked_on"),
                                key=f"{key}_checked", format="DD/MM/YYYY")  # fmt: skip
        if st.form_submit_button(t("ui.inventory.save"), icon=":material/save:", key=f"{key}_save"):
            entry = inv.ServiceEntry(name=name, kind=kind, channel=channel, url=url, skm_result=skm,
                                     checked_on=checked if isinstance(checked, date) else None, **flags)  # fmt: skip
            service_id = None if row is None else int(row["id"])
            version = None if row is None else int(row["version"])
            run_action(_fresh_form(lambda: inv.save_service(actor, organisation_id=organisation_id, entry=entry,
                                                            service_id=service_id, expected_version=version)),
                       t("ui.inventory.saved"))  # fmt: skip


# --------------------------------------------------------------------------- applications


def _application_forms(
    actor: Actor, organisation_id: int, applications: pd.DataFrame, services: list[str]
) -> None:
    with st.expander(
        t("ui.inventory.new_application"), icon=":material/add:", key="inventory_x_new_application"
    ):
        _application_form(
            actor, organisation_id, None, services, key=f"inventory_new_application_{_generation()}"
        )
    if applications.empty:
        return
    with st.expander(t("ui.inventory.edit") + " · " + t("ui.inventory.applications"), icon=":material/edit:",
                     key="inventory_x_edit_applications"):  # fmt: skip
        rows = {int(r["id"]): r for r in applications.to_dict("records")}
        chosen = st.selectbox(t("ui.inventory.pick_application"), list(rows),
                              format_func=lambda i: rows[i]["name"], key="inventory_pick_application")  # fmt: skip
        _application_form(
            actor, organisation_id, rows[int(chosen)], services, key=f"inventory_application_{chosen}"
        )
        if st.button(
            t("ui.inventory.retire"), key=f"inventory_retire_application_{chosen}", icon=":material/delete:"
        ):
            run_action(lambda: inv.retire_entry(actor, organisation_id=organisation_id, application_id=int(chosen)),
                       t("ui.inventory.retired"))  # fmt: skip


def _application_form(actor: Actor, organisation_id: int, row: dict[Any, Any] | None, services: list[str],
                      *, key: str) -> None:  # fmt: skip
    current = row or {}
    with st.form(key):
        name = st.text_input(t("ui.inventory.col.name"), value=current.get("name", ""), key=f"{key}_name")
        kind = st.selectbox(t("ui.inventory.col.kind"), inv.APPLICATION_KINDS, key=f"{key}_kind",
                            index=inv.APPLICATION_KINDS.index(current.get("kind", "khusus")),
                            format_func=lambda k: t(f"inventory.app_kind.{k}"))  # fmt: skip
        hosting = st.selectbox(t("ui.inventory.col.hosting"), inv.HOSTINGS, key=f"{key}_hosting",
                               index=inv.HOSTINGS.index(current.get("hosting", "pemda")),
                               format_func=lambda h: t(f"inventory.hosting.{h}"))  # fmt: skip
        supported = st.multiselect(t("ui.inventory.col.services"), services, key=f"{key}_services",
                                   default=[s for s in current.get("services", []) if s in services])  # fmt: skip
        exchanges = st.text_input(t("ui.inventory.col.exchanges_with"), key=f"{key}_exchanges",
                                  value="; ".join(current.get("exchanges_with", [])),
                                  help=t("ui.inventory.exchanges_help"))  # fmt: skip
        audited = st.date_input(t("ui.inventory.col.security_audit_on"), value=current.get("security_audit_on"),
                                key=f"{key}_audit", format="DD/MM/YYYY")  # fmt: skip
        if st.form_submit_button(t("ui.inventory.save"), icon=":material/save:", key=f"{key}_save"):
            entry = inv.ApplicationEntry(name=name, kind=kind, hosting=hosting, services=tuple(supported),
                                         exchanges_with=tuple(p.strip() for p in exchanges.split(";") if p.strip()),
                                         security_audit_on=audited if isinstance(audited, date) else None)  # fmt: skip
            application_id = None if row is None else int(row["id"])
            version = None if row is None else int(row["version"])
            run_action(_fresh_form(lambda: inv.save_application(actor, organisation_id=organisation_id,
                                                                entry=entry, application_id=application_id,
                                                                expected_version=version)),
                       t("ui.inventory.saved"))  # fmt: skip


# --------------------------------------------------------------------------- Excel and evidence


def _excel(actor: Actor, organisation_id: int, editable: bool) -> None:
    with st.expander(t("ui.inventory.excel"), icon=":material/table_view:", key="inventory_x_excel"):
        st.caption(t("ui.inventory.excel_help"))
        left, right = st.columns(2)
        left.download_button(t("ui.inventory.download"), key="inventory_download", icon=":material/download:",
                             data=lambda: inventory_excel.inventory_workbook(actor, organisation_id=organisation_id),
                             file_name=exported_name("inventaris-layanan-digital.xlsx"), on_click="ignore")  # fmt: skip
        right.download_button(t("ui.inventory.template"), key="inventory_template", icon=":material/draft:",
                              data=lambda: inventory_excel.inventory_workbook(actor, organisation_id=organisation_id,
                                                                              template=True),
                              file_name="templat-inventaris-layanan-digital.xlsx", on_click="ignore")  # fmt: skip
        if not editable:
            return
        upload = st.file_uploader(t("ui.inventory.upload"), type=["xlsx"], key="inventory_upload")
        if upload is not None and st.button(t("ui.inventory.upload_submit"), key="inventory_upload_submit"):
            _apply(actor, organisation_id, upload.getvalue())


def _apply(actor: Actor, organisation_id: int, content: bytes) -> None:
    try:
        done = inventory_excel.import_inventory(actor, organisation_id=organisation_id, content=content)
    except inventory_excel.InventoryFileError as refused:
        st.error(refused.message())
        problems = inventory_excel.problems_frame(refused)
        table(problems, {"sheet": "ui.inventory.problem_sheet", "row": "ui.inventory.problem_row",
                         "column": "ui.inventory.problem_column", "message": "ui.inventory.problem_message"},
              key="inventory_problems")  # fmt: skip
        return
    except LenteraError as refused:
        st.error(refused.message())
        return
    st.success(t("ui.inventory.imported", added=done.services_added, changed=done.services_changed,
                 apps_added=done.applications_added, apps_changed=done.applications_changed))  # fmt: skip


def _evidence(actor: Actor, organisation_id: int, register_now: inv.Inventory) -> None:
    entries = {("s", int(r["id"])): r["name"] for r in register_now.services.to_dict("records")}
    entries |= {("a", int(r["id"])): r["name"] for r in register_now.applications.to_dict("records")}
    with st.expander(t("ui.inventory.as_evidence"), icon=":material/link:", key="inventory_x_evidence"):
        links = inventory_links.entry_links(actor, organisation_id=organisation_id)
        if not links.empty:
            links["entry"] = [entries.get(("s", int(s)) if pd.notna(s) else ("a", int(a)), "–")
                              for s, a in zip(links["service_id"], links["application_id"], strict=True)]  # fmt: skip
            st.caption(t("ui.inventory.links"))
            table(links, {"entry": "ui.inventory.entry", "period": "ui.inventory.col.period",
                          "code": "ui.inventory.col.code"}, key="inventory_links",
                  formats={"entry": plain, "period": plain})  # fmt: skip
        if not entries:
            return
        chosen = st.selectbox(t("ui.inventory.entry"), list(entries), format_func=entries.__getitem__,
                              key="inventory_evidence_entry")  # fmt: skip
        period_id = period_selector(actor)
        if period_id is None:
            return
        kind, entry_id = chosen
        items = inventory_links.linkable_items(
            actor, period_id=period_id, organisation_id=organisation_id,
            service_id=entry_id if kind == "s" else None, application_id=entry_id if kind == "a" else None,
        )  # fmt: skip
        if items.empty:
            return
        reasons = {int(r["submission_id"]): r["reason"] for r in items.to_dict("records") if r["suggested"]}
        labels = {int(r["submission_id"]): f"{r['code']} · {r['name']}"
                  + (f" ({t('ui.inventory.suggested')})" if r["suggested"] else "")
                  for r in items.to_dict("records")}  # fmt: skip
        item = st.selectbox(t("ui.inventory.item"), list(labels), format_func=labels.__getitem__,
                            key="inventory_evidence_item")  # fmt: skip
        if item in reasons:
            st.caption(plain(str(reasons[item])))
        if st.button(t("ui.inventory.link"), key="inventory_link", icon=":material/add_link:"):
            run_action(lambda: inventory_links.link_inventory_evidence(
                actor, submission_id=int(item), service_id=entry_id if kind == "s" else None,
                application_id=entry_id if kind == "a" else None), t("ui.inventory.linked"))  # fmt: skip
