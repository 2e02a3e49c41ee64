"""The panels' own texts, registered once."""

from __future__ import annotations

from i18n import register

register(
    {
        "panel.due.title": {"id": "Yang perlu ditindaklanjuti", "en": "What is due"},
        "panel.due.overview_title": {
            "id": "Kemajuan terhadap waktu, antrean reviu dan tenggat",
            "en": "Progress against time, review queue and deadlines",
        },
        "panel.due.nothing": {"id": "Tidak ada yang mendesak saat ini.", "en": "Nothing urgent right now."},
        "panel.due.due_week": {"id": "Butir yang harus diajukan", "en": "Items to submit"},
        "panel.due.returned": {"id": "Butir yang dikembalikan", "en": "Returned items"},
        "panel.due.queue": {"id": "Antrean reviu", "en": "Review queue"},
        "panel.due.buckets": {"id": "Lama menunggu", "en": "Waiting time"},
        "panel.due.missing": {
            "id": "OPD dengan butir belum diajukan terbanyak",
            "en": "OPDs with most missing items",
        },
        "panel.due.progress": {"id": "Kemajuan", "en": "Progress"},
        "panel.due.time_used": {"id": "Waktu terpakai", "en": "Time used"},
        "panel.catalog_excel.title": {"id": "Katalog ↔ Excel", "en": "Catalog ↔ Excel"},
        "panel.catalog_excel.download": {"id": "Unduh templat Excel", "en": "Download the Excel template"},
        "panel.catalog_excel.upload": {
            "id": "Unggah templat yang sudah diubah",
            "en": "Upload the edited template",
        },
        "panel.catalog_excel.new_key": {"id": "Kunci baru (opsional)", "en": "New key (optional)"},
        "panel.catalog_excel.store": {
            "id": "Simpan sebagai draf {catalog}",
            "en": "Store as draft {catalog}",
        },
        "panel.catalog_excel.stored": {
            "id": "Disimpan sebagai draf {catalog}.",
            "en": "Stored as draft {catalog}.",
        },
        "panel.catalog_excel.unchanged": {
            "id": "Tidak ada perubahan dibanding katalog asal.",
            "en": "No changes against the original catalog.",
        },
        "panel.carry.title": {
            "id": "Bawa dari periode sebelumnya",
            "en": "Carry forward from the previous period",
        },
        "panel.carry.from": {"id": "Periode asal", "en": "Source period"},
        "panel.carry.copy_values": {
            "id": "Salin juga nilai mandiri sebagai draf",
            "en": "Also copy self values as drafts",
        },
        "panel.carry.run": {"id": "Bawa bukti dukung", "en": "Carry evidence forward"},
        "panel.carry.done": {
            "id": "{links} tautan bukti dibuat, {values} nilai disalin.",
            "en": "{links} evidence link(s) created, {values} value(s) copied.",
        },
        "panel.carry.skipped": {"id": "Nilai yang tidak disalin", "en": "Values not copied"},
        "panel.crosswalk.title": {"id": "Gunakan berkas ini juga untuk", "en": "Also use this file for"},
        "panel.crosswalk.also": {"id": "Berkas ini juga mendukung:", "en": "This file also supports:"},
        "panel.crosswalk.also_item": {
            "id": "**{framework} {code}** {name} — {strength}: {reason}",
            "en": "**{framework} {code}** {name} — {strength}: {reason}",
        },
        "panel.crosswalk.also_open": {"id": "ada di periode {period}", "en": "in period {period}"},
        "panel.crosswalk.also_more": {"id": "dan {count} butir lain", "en": "and {count} more item(s)"},
        "panel.crosswalk.none": {
            "id": "Tidak ada butir terkait di kerangka lain yang sedang dibuka.",
            "en": "No related items in other open frameworks.",
        },
        "panel.crosswalk.link": {"id": "Tautkan ke butir terpilih", "en": "Link to the selected items"},
        "panel.crosswalk.linked": {
            "id": "Berkas ditautkan ke {count} butir.",
            "en": "File linked to {count} item(s).",
        },
        "panel.offline.title": {"id": "Kerja luring dengan Excel", "en": "Work offline in Excel"},
        "panel.offline.download": {"id": "Unduh lembar isian", "en": "Download the sheet"},
        "panel.offline.upload": {"id": "Unggah lembar isian", "en": "Upload the sheet"},
        "panel.offline.apply": {"id": "Simpan {count} perubahan", "en": "Save {count} change(s)"},
        "panel.offline.applied": {"id": "{count} perubahan disimpan.", "en": "{count} change(s) saved."},
        "panel.offline.nothing": {"id": "Tidak ada perubahan.", "en": "No changes."},
        "panel.stale.title": {"id": "Bukti dukung kedaluwarsa", "en": "Outdated evidence"},
        "panel.stale.none": {"id": "Semua bukti dukung masih berlaku.", "en": "All evidence is current."},
    }
)
