"""Every word a report prints, registered with ``i18n`` (Bahasa Indonesia first, English second).

Reports are official documents read in Indonesian; English exists for the same reason as in the app (a reviewer
from outside the province). Builders call ``t(key, lang)`` with the report's language, never the UI's current
one, so a report downloaded from an English session by mistake can still be produced in Indonesian.
"""

from __future__ import annotations

import i18n

MESSAGES: dict[str, dict[str, str]] = {
    # sheets
    "report.sheet.summary": {"id": "Ringkasan", "en": "Summary"},
    "report.sheet.matrix": {"id": "Matriks Area", "en": "Area Matrix"},
    "report.sheet.items": {"id": "Rincian Item", "en": "Item Detail"},
    "report.sheet.evidence": {"id": "Register Bukti", "en": "Evidence Register"},
    "report.sheet.reviews": {"id": "Log Reviu", "en": "Review Log"},
    "report.sheet.stages": {"id": "Tahapan Nilai", "en": "Three Stages"},
    "report.sheet.item_stages": {"id": "Tahapan per Butir", "en": "Stages by Item"},
    "report.sheet.about": {"id": "Keterangan", "en": "About"},
    # column headers
    "report.col.group": {"id": "Kelompok", "en": "Group"},
    "report.col.entity": {"id": "ID Entitas", "en": "Entity ID"},
    "report.col.entity_code": {"id": "Kode Wilayah/OPD", "en": "Region/OPD code"},
    "report.col.name": {"id": "Nama", "en": "Name"},
    "report.col.parent_code": {"id": "Kode Induk", "en": "Parent Code"},
    "report.col.depth": {"id": "Tingkat", "en": "Depth"},
    "report.col.is_leaf": {"id": "Butir Penilaian", "en": "Scored Item"},
    "report.col.share": {"id": "Porsi", "en": "Share"},
    "report.col.period": {"id": "Periode", "en": "Period"},
    "report.col.source": {"id": "Sumber", "en": "Source"},
    "report.col.kind": {"id": "Jenis", "en": "Kind"},
    "report.col.region": {"id": "Wilayah", "en": "Region"},
    "report.col.score": {"id": "Skor Hasil Reviu {reviewer}", "en": "Internal Review Score ({reviewer})"},
    "report.col.self_score": {"id": "Skor Mandiri", "en": "Self Score"},
    "report.col.projected": {"id": "Skor Proyeksi", "en": "Projected Score"},
    "report.col.max": {"id": "Skor Maksimum", "en": "Maximum"},
    "report.col.gap": {"id": "Klaim Berlebih (Mandiri − Reviu)", "en": "Over-claim (Self − Review)"},
    "report.col.zone": {"id": "Zona", "en": "Zone"},
    "report.col.stage_self": {"id": "Skor Mandiri", "en": "Self Score"},
    "report.col.stage_external": {"id": "Skor Verifikasi KPK", "en": "KPK Verification Score"},
    "report.col.zone_indicative": {"id": "Zona (indikatif)", "en": "Zone (indicative)"},
    "report.zone_indicative": {"id": "{zone} (indikatif)", "en": "{zone} (indicative)"},
    "report.col.kpk_value": {"id": "Nilai Verifikasi KPK", "en": "KPK Verification Value"},
    "report.col.kpk_note": {"id": "Catatan KPK", "en": "KPK's Note"},
    "report.kpk_missing": {"id": "belum ada", "en": "none yet"},
    "report.col.surprise": {"id": "Kejutan (Reviu − KPK)", "en": "Surprise (Review − KPK)"},
    "report.col.rank": {"id": "Peringkat", "en": "Rank"},
    "report.col.previous_rank": {"id": "Peringkat Sebelumnya", "en": "Previous Rank"},
    "report.col.rank_change": {"id": "Perubahan Peringkat", "en": "Rank Change"},
    "report.col.total": {"id": "Total", "en": "Total"},
    "report.col.entity_name": {"id": "Nama Entitas", "en": "Entity Name"},
    "report.col.code": {"id": "Kode", "en": "Code"},
    "report.col.indicator": {"id": "Indikator", "en": "Indicator"},
    "report.col.area": {"id": "Area", "en": "Area"},
    "report.col.self_value": {"id": "Nilai Mandiri", "en": "Self Value"},
    "report.col.external_value": {"id": "Nilai Indeks Eksternal", "en": "External Index Value"},
    "report.col.verified_external_value": {
        "id": "Nilai Indeks Eksternal Hasil Reviu",
        "en": "Reviewed External Index Value",
    },
    "report.col.verified_value": {"id": "Nilai Hasil Reviu", "en": "Internal Review Value"},
    "report.col.value_gap": {"id": "Selisih Nilai", "en": "Value Gap"},
    "report.col.status": {"id": "Status", "en": "Status"},
    "report.col.note": {"id": "Catatan", "en": "Note"},
    "report.col.reason": {"id": "Alasan", "en": "Reason"},
    "report.col.submitted_at": {"id": "Diajukan (WIT)", "en": "Submitted (WIT)"},
    "report.col.verified_at": {"id": "Direviu (WIT)", "en": "Reviewed (WIT)"},
    "report.col.reviewer": {"id": "Pereviu", "en": "Reviewer"},
    "report.col.file_name": {"id": "Nama Berkas", "en": "File Name"},
    "report.col.sha256": {"id": "SHA-256", "en": "SHA-256"},
    "report.col.size": {"id": "Ukuran (bita)", "en": "Size (bytes)"},
    "report.col.media_type": {"id": "Jenis Berkas", "en": "Media Type"},
    "report.col.uploaded_by": {"id": "Pengunggah", "en": "Uploaded By"},
    "report.col.uploaded_at": {"id": "Diunggah (WIT)", "en": "Uploaded (WIT)"},
    "report.col.document_date": {"id": "Tanggal Dokumen", "en": "Document Date"},
    "report.col.item_codes": {"id": "Item yang Didukung", "en": "Items Supported"},
    "report.col.decision": {"id": "Keputusan", "en": "Decision"},
    "report.col.decided_at": {"id": "Waktu Keputusan (WIT)", "en": "Decided (WIT)"},
    "report.col.gain": {"id": "Potensi Tambahan Skor", "en": "Potential Gain"},
    "report.col.no": {"id": "No.", "en": "No."},
    "report.col.date": {"id": "Tanggal", "en": "Date"},
    "report.col.decided_items": {"id": "Butir diputus", "en": "Items decided"},
    "report.col.last_decision": {"id": "Keputusan terakhir", "en": "Last decision"},
    "report.col.key": {"id": "Keterangan", "en": "Field"},
    "report.col.value": {"id": "Isi", "en": "Value"},
    # groups, statuses, decisions
    "report.group.pemda": {"id": "Pemerintah Daerah", "en": "Local Government"},
    "report.group.opd": {"id": "Perangkat Daerah", "en": "Agency (OPD)"},
    # about sheet / cover
    "report.about.title": {"id": "Judul", "en": "Title"},
    "report.about.period": {"id": "Periode", "en": "Period"},
    "report.about.catalog": {"id": "Katalog", "en": "Catalog"},
    "report.about.scale": {"id": "Skala", "en": "Scale"},
    "report.about.generated": {"id": "Dibuat", "en": "Generated"},
    "report.about.zones": {"id": "Zona", "en": "Zones"},
    "report.about.provenance": {"id": "Sumber dan status data", "en": "Source and data status"},
    "report.about.marks": {"id": "Tanda provenans", "en": "Provenance marks"},
    "report.about.trend_sources": {
        "id": "Sumber nilai yang diumumkan",
        "en": "Sources of the published scores",
    },
    "report.trend.lentera_final": {"id": "Lentera (final)", "en": "Lentera (final)"},
    "report.trend.lentera_in_progress": {"id": "Lentera (sementara)", "en": "Lentera (provisional)"},
    "report.trend.published_final": {"id": "{publisher} final", "en": "{publisher} final"},
    "report.trend.published_provisional": {"id": "{publisher} sementara", "en": "{publisher} provisional"},
    "report.about.timezone": {
        "id": "Semua waktu dalam WIT (UTC+9).",
        "en": "All times are WIT (UTC+9).",
    },
    # pdf
    "report.pdf.cover_sub": {
        "id": "Laporan Kesiapan dan Reviu Internal",
        "en": "Readiness and Internal Review Report",
    },
    "report.pdf.generated": {"id": "Dibuat {when}", "en": "Generated {when}"},
    "report.pdf.page": {"id": "Halaman {page}", "en": "Page {page}"},
    "report.pdf.summary": {"id": "Ringkasan", "en": "Summary"},
    "report.pdf.headline": {
        "id": "Skor hasil reviu {reviewer} {score} dari {max} (zona {zone}); mandiri {self_score}; "
        "proyeksi {projected}.",
        "en": "Internal review score ({reviewer}) {score} of {max} (zone {zone}); self {self_score}; "
        "projected {projected}.",
    },
    "report.pdf.counts": {
        "id": "{verified} dari {total} item direviu, {submitted} menunggu reviu, {returned} dikembalikan.",
        "en": "{verified} of {total} items reviewed, {submitted} awaiting review, {returned} returned.",
    },
    "report.pdf.pemda_table": {"id": "Pemerintah kabupaten/kota", "en": "Regencies and cities"},
    "report.pdf.opd_table": {"id": "Peringkat perangkat daerah", "en": "Agency ranking"},
    "report.pdf.charts": {"id": "Grafik", "en": "Charts"},
    "report.pdf.chart_ranking": {
        "id": "Peringkat skor hasil reviu internal",
        "en": "Internal review score ranking",
    },
    "report.pdf.chart_heatmap": {"id": "Skor per area", "en": "Score by area"},
    "report.pdf.chart_trend": {"id": "Tren skor", "en": "Score trend"},
    "report.pdf.chart_top": {"id": "{shown} teratas dari {total}", "en": "top {shown} of {total}"},
    "report.pdf.unit_areas": {"id": "Skor per area", "en": "Scores by area"},
    "report.pdf.unit_gaps": {"id": "Item dengan potensi terbesar", "en": "Items with the largest potential"},
    "report.pdf.unit_external": {"id": "Butir dari indeks eksternal", "en": "Items from an external index"},
    "report.pdf.unit_external_intro": {
        "id": "Nilai indeks yang diketik OPD dan nilai yang diperiksa {reviewer}, di samping level hasil "
        "konversinya menurut tabel katalog; tanpa nilai indeks, level 1.",
        "en": "The index value the OPD typed and the one {reviewer} checked, beside the levels the catalog's "
        "table converts them to; no index value counts level 1.",
    },
    "report.pdf.gap_list": {"id": "Daftar Kesenjangan", "en": "Gap List"},
    "report.pdf.gap_intro": {
        "id": "Item yang paling menambah skor {subject} bila dilengkapi, diurutkan dari potensi terbesar.",
        "en": "Items that would add most to the score of {subject} if completed, largest first.",
    },
    "report.pdf.decisions": {"id": "Keputusan Reviu per OPD", "en": "Reviu decisions per OPD"},
    "report.pdf.decisions_intro": {
        "id": "Keputusan terakhir atas setiap butir, per OPD yang sudah direviu. Berita Acara Reviu per OPD "
        "adalah dokumen tersendiri yang bernomor dan ditandatangani: halaman Laporan, bagian Berita Acara Reviu "
        "per OPD (PDF atau Word).",
        "en": "The last decision on each item, per OPD reviewed so far. The Berita Acara Reviu per OPD is a "
        "separate numbered document to be signed: Reports page, section Berita Acara Reviu per OPD (PDF or "
        "Word).",
    },
    "report.pdf.ba_none": {"id": "Belum ada keputusan reviu.", "en": "No review decisions yet."},
    "report.pdf.returned_items": {
        "id": "Butir yang dikembalikan untuk diperbaiki, dengan alasannya",
        "en": "Items returned for correction, with the reasons",
    },
    "report.rank_note": {
        "id": "▲/▼ perubahan peringkat dibanding periode sebelumnya; peringkat sama berbagi nomor (1, 2, 2, 4).",
        "en": "▲/▼ rank change against the previous period; equal scores share a rank (1, 2, 2, 4).",
    },
    "report.rank_note_final": {
        "id": "▲/▼ membandingkan peringkat sementara periode ini dengan peringkat akhir {previous} (periode yang "
        "sudah ditutup), bukan dengan tahap yang sama tahun lalu; peringkat sama berbagi nomor (1, 2, 2, 4).",
        "en": "▲/▼ compares this period's provisional rank with the final rank of {previous} (a closed period), "
        "not with the same stage last year; equal scores share a rank (1, 2, 2, 4).",
    },
    "report.rank_note_none": {
        "id": "Belum ada periode sebelumnya untuk dibandingkan; peringkat sama berbagi nomor (1, 2, 2, 4).",
        "en": "No previous period to compare with; equal scores share a rank (1, 2, 2, 4).",
    },
    "report.pdf.item_stages": {
        "id": "Tahapan nilai: mandiri, reviu, KPK",
        "en": "The three stages: self, review, KPK",
    },
    "report.pdf.stages_intro": {
        "id": "Skor {subject} pada tiga tahap per area: mandiri, hasil reviu {reviewer} dan verifikasi KPK, dengan "
        "klaim berlebih (mandiri − reviu) dan kejutan (reviu − KPK). Skor KPK suatu area tampil bila KPK sudah "
        'menerbitkan hasil untuk semua butirnya ("–" sebelum itu).',
        "en": "The scores of {subject} by area at the three stages: self, internal review ({reviewer}) and KPK's "
        "verification, with the over-claim (self − review) and the surprise (review − KPK). An area's KPK score "
        'shows once KPK has published a result for every item in it ("–" before that).',
    },
    "report.pdf.item_stages_intro": {
        "id": "Nilai {subject} per butir pada tiga tahap: nilai mandiri dan nilai hasil reviu {reviewer} (dari "
        'OPD penanggung jawab menurut aturan butir) dan nilai verifikasi KPK dengan catatannya; "belum ada" '
        "bila KPK belum menerbitkan hasil untuk butir itu.",
        "en": "The values of {subject} per item at the three stages: the self value and the internal review value "
        "({reviewer}) (from the responsible OPDs by the item's rule) and KPK's verification value with its note; "
        '"none yet" where KPK has not published a result for the item.',
    },
    "report.pdf.rank_line": {
        "id": "Peringkat {rank} dari {of} (sebelumnya {previous})",
        "en": "Rank {rank} of {of} (previously {previous})",
    },
    # progress
    "report.progress.sheet": {"id": "Menulis lembar {name}", "en": "Writing sheet {name}"},
    "report.progress.saving": {"id": "Menyimpan berkas", "en": "Saving file"},
    "report.progress.charts": {"id": "Menggambar grafik", "en": "Drawing charts"},
    "report.progress.unit": {"id": "Halaman {name}", "en": "Page {name}"},
    "report.progress.section": {"id": "Bagian {name}", "en": "Section {name}"},
    "report.progress.file": {"id": "Menyalin {name}", "en": "Copying {name}"},
    "report.progress.done": {"id": "Selesai", "en": "Done"},
    # errors
    "report.error.hash_mismatch": {
        "id": "Isi berkas bukti {name} tidak cocok dengan sidik SHA-256 {sha256}; berkas mungkin rusak. "
        "Ekspor dibatalkan.",
        "en": "Evidence file {name} does not match its SHA-256 {sha256}; the file may be damaged. "
        "Export cancelled.",
    },
}

i18n.register(MESSAGES)


def t(key: str, lang: str, **params: object) -> str:
    return i18n.t(key, lang, **params)
