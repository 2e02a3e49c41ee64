"""Every text the UI shows, in Bahasa Indonesia (first, the default) and English.

Registered once at import; ``ui.shell`` imports this module before any page runs. Keys are grouped by screen.
"""

from __future__ import annotations

from i18n import register

_M: dict[str, tuple[str, str]] = {
    # app frame
    "ui.app.title": ("Lentera", "Lentera"),
    "ui.app.tagline": (
        "Kesiapan MCSP (MCP) KPK dan evaluasi SPBE: bukti dukung, reviu internal, skor dan laporan.",
        "KPK MCSP (MCP) and SPBE readiness: evidence, internal review, scores and reports.",
    ),
    "ui.logout": ("Keluar", "Sign out"),
    "ui.loading": ("Memuat data…", "Loading…"),
    "ui.save": ("Simpan", "Save"),
    "ui.open": ("Buka", "Open"),
    "ui.yes": ("Ya", "Yes"),
    "ui.no": ("Tidak", "No"),
    "ui.scale": ("Skala 0–{max}.", "Scale 0–{max}."),
    "ui.scope.everywhere": ("Semua wilayah", "All regions"),
    "ui.filter.all": ("Semua", "All"),
    # Streamlit's own words (ui.builtin_texts)
    "ui.builtin.choose": ("Pilih salah satu", "Choose an option"),
    "ui.builtin.choose_many": ("Pilih satu atau lebih", "Choose options"),
    "ui.builtin.upload_button": ("Unggah", "Upload"),
    "ui.builtin.drop_hint": (
        "Seret berkas ke sini atau klik tombol unggah",
        "Drag a file here or click upload",
    ),
    "ui.error.nothing_chosen": (
        "Belum ada pilihan: daftar pilihannya masih kosong.",
        "Nothing is chosen: the list of options is empty.",
    ),
    "ui.error.password_mismatch": (
        "Kedua kata sandi tidak sama.",
        "The two passwords do not match.",
    ),
    # sections and pages
    "ui.section.dashboard": ("Dasbor", "Dashboard"),
    "ui.section.work": ("Pekerjaan", "Work"),
    "ui.section.admin": ("Administrasi", "Administration"),
    "ui.section.account": ("Akun", "Account"),
    "ui.page.overview": ("Ikhtisar Pemda", "Local government overview"),
    "ui.page.opd_detail": ("Rincian OPD", "OPD details"),
    "ui.page.national": ("Peringkat Kesiapan Pemda", "Readiness ranking of local governments"),
    "ui.page.checklist": ("Daftar Periksa OPD", "OPD checklist"),
    "ui.page.verification": ("Antrean Reviu", "Review queue"),
    "ui.page.reports": ("Laporan", "Reports"),
    "ui.page.admin_users": ("Pengguna", "Users"),
    "ui.page.admin_opd": ("OPD", "OPDs"),
    "ui.page.admin_periods": ("Periode dan Tenggat", "Periods and deadlines"),
    "ui.page.admin_assignments": ("Penugasan Butir", "Item assignments"),
    "ui.page.admin_catalogs": ("Katalog Indikator", "Indicator catalogs"),
    "ui.page.admin_audit": ("Log Audit", "Audit log"),
    "ui.page.account": ("Akun Saya", "My account"),
    # roles, statuses, states: vocabulary.LABELS, read with i18n.label
    "ui.change.added": ("Ditambah", "Added"),
    "ui.change.removed": ("Dihapus", "Removed"),
    "ui.change.renamed": ("Ganti nama", "Renamed"),
    "ui.change.reweighted": ("Bobot berubah", "Reweighted"),
    "ui.change.moved": ("Dipindah", "Moved"),
    "ui.change.rule_changed": ("Aturan nilai berubah", "Scoring rule changed"),
    "ui.change.evidence_changed": ("Bukti dukung berubah", "Evidence requirements changed"),
    "ui.change.responsibility_changed": ("OPD penanggung jawab berubah", "Responsible OPDs changed"),
    "ui.change.applies_to_changed": (
        "Jenis pemda yang berlaku berubah",
        "Kinds of pemda it applies to changed",
    ),
    "ui.change.aggregation_changed": ("Aturan nilai pemda berubah", "Rule for the pemda's value changed"),
    # national ranking page
    "ui.national.caption": (
        "Kesiapan menurut Lentera (skor hasil reviu internal) setiap pemda dalam cakupan Anda yang menjalankan "
        "periode katalog yang dipilih, pada periode terbarunya. Ini bukan peringkat resmi KPK atau KemenPANRB.",
        "Lentera readiness (internal review scores) of every local government in your scope that runs a period "
        "of the chosen catalog, on its latest period. This is not KPK's or KemenPANRB's official ranking.",
    ),
    "ui.national.catalog": ("Katalog", "Catalog"),
    "ui.national.none": (
        "Belum ada periode penilaian dalam cakupan Anda.",
        "There is no assessment period in your scope yet.",
    ),
    "ui.national.empty": (
        "Belum ada pemda yang dapat diperingkat untuk katalog ini.",
        "No local government can be ranked for this catalog yet.",
    ),
    "ui.national.loading": ("Menghitung peringkat nasional…", "Computing the national ranking…"),
    "ui.national.chart_title": (
        "{shown} pemda teratas dari {total}",
        "Top {shown} of {total} local governments",
    ),
    "ui.national.own": ("{name} (pemda Anda)", "{name} (your local government)"),
    "ui.national.own_rank": (
        "Pemda Anda, {name}, berada di peringkat {rank} dari {total}.",
        "Your local government, {name}, ranks {rank} of {total}.",
    ),
    "ui.national.province": ("Provinsi", "Province"),
    "ui.national.shown": (
        "{shown} dari {total} pemda ditampilkan. Peringkat tetap peringkat dalam cakupan Anda.",
        "{shown} of {total} local governments shown. Ranks stay the ranks within your scope.",
    ),
    "ui.national.download": ("Unduh CSV", "Download CSV"),
    "ui.national.col.kemendagri_code": ("Kode Kemendagri", "Kemendagri code"),
    # session and login
    "ui.session.expired": (
        "Sesi berakhir karena tidak ada aktivitas. Silakan masuk kembali.",
        "Your session ended after a period of inactivity. Please sign in again.",
    ),
    "ui.session.revoked": (
        "Akun Anda tidak lagi aktif. Hubungi admin bila ini keliru.",
        "Your account is no longer active. Contact an administrator if this is a mistake.",
    ),
    "ui.session.logged_out": ("Anda telah keluar.", "You have signed out."),
    "ui.login.title": ("Masuk", "Sign in"),
    "ui.login.signing_in": ("Sedang masuk…", "Signing in…"),
    "ui.login.submit": ("Masuk", "Sign in"),
    "ui.login.missing": ("Isi nama pengguna dan kata sandi.", "Enter your username and password."),
    "ui.login.sso": ("Masuk dengan akun instansi (SSO)", "Sign in with your organisation account (SSO)"),
    "ui.login.demo_accounts": ("Akun demo", "Demo accounts"),
    "ui.login.demo_note": (
        "Data demo Provinsi Maluku Utara; bukan data resmi.",
        "Maluku Utara demo data; not official figures.",
    ),
    "ui.first_admin.title": ("Buat administrator pertama", "Create the first administrator"),
    "ui.first_admin.intro": (
        "Instalasi ini belum memiliki pengguna. Buat akun administrator untuk mulai menyiapkan OPD, "
        "periode dan pengguna lain.",
        "This installation has no users yet. Create an administrator account to start setting up OPDs, "
        "periods and other users.",
    ),
    "ui.first_admin.submit": ("Buat administrator", "Create administrator"),
    "ui.first_admin.token": ("Token penyiapan", "Setup token"),
    "ui.first_admin.token_help": (
        "Dicetak oleh `lentera init` di server; hanya berlaku sekali.",
        "Printed by `lentera init` on the server; valid once.",
    ),
    "ui.account.must_change": (
        "Akun ini dibuat dengan kata sandi yang diketahui orang lain. Ganti kata sandi sebelum melanjutkan.",
        "This account was created with a password others know. Change it before you continue.",
    ),
    "ui.evidence.active_content": (
        "Berkas ini memuat konten aktif ({kinds}). Periksa di penampil di peramban; jangan buka di aplikasi "
        "desktop sebelum yakin berkas ini aman.",
        "This file holds active content ({kinds}). Review it in the browser viewer; do not open it in a desktop "
        "application unless you trust it.",
    ),
    "ui.evidence.active.pdf_javascript": ("skrip JavaScript PDF", "PDF JavaScript"),
    "ui.evidence.active.pdf_open_action": ("aksi otomatis saat dibuka", "an action run on opening"),
    "ui.evidence.active.pdf_launch": ("perintah menjalankan program", "a command that starts a program"),
    "ui.evidence.active.docx_remote_part": (
        "templat atau bagian yang diambil dari server lain",
        "a template or part fetched from another server",
    ),
    "ui.demo.banner": (
        "Akun demo dengan kata sandi yang dipublikasikan masih aktif: {users}. Jangan simpan data resmi di sini.",
        "Demo accounts with published passwords are still active: {users}. Do not keep official data here.",
    ),
    # fields
    "ui.field.username": ("Nama pengguna", "Username"),
    "ui.field.password": ("Kata sandi", "Password"),
    "ui.field.password_repeat": ("Ulangi kata sandi", "Repeat the password"),
    "ui.field.old_password": ("Kata sandi lama", "Current password"),
    "ui.field.new_password": ("Kata sandi baru", "New password"),
    "ui.field.full_name": ("Nama lengkap", "Full name"),
    "ui.field.email": ("Surel (untuk SSO, opsional)", "E-mail (for SSO, optional)"),
    "ui.field.role": ("Peran", "Role"),
    "ui.field.nip": ("NIP (18 angka, opsional)", "NIP (civil servant number, 18 digits, optional)"),
    "ui.field.position": ("Jabatan", "Position (jabatan)"),
    "ui.users.signer_help": (
        "Dicetak di bawah tanda tangan pada berita acara reviu.",
        "Printed under the signature on a reviu berita acara.",
    ),
    "ui.field.region": ("Wilayah (pemda)", "Region (local government)"),
    "ui.field.organisation": ("OPD", "OPD"),
    "ui.field.note": ("Catatan", "Note"),
    "ui.field.reason": ("Alasan", "Reason"),
    "ui.field.effective": ("Berlaku mulai", "Effective from"),
    "ui.field.catalog": ("Katalog", "Catalog"),
    "ui.field.period_name": ("Nama periode", "Period name"),
    "ui.field.previous_period": (
        "Periode sebelumnya (untuk perubahan peringkat)",
        "Previous period (for rank change)",
    ),
    "ui.field.opens": ("Dibuka", "Opens"),
    "ui.field.submission_deadline": ("Batas pengajuan", "Submission deadline"),
    "ui.field.verification_deadline": ("Batas reviu internal", "Internal review deadline"),
    "ui.field.reviewer_label": ("Peninjau internal (reviu)", "Internal reviewer"),
    "ui.field.reviewer_label_placeholder": (
        "Kosongkan: Inspektorat (MCSP (MCP)) atau Tim Asesor Internal (SPBE)",
        "Leave empty: Inspektorat (MCSP (MCP)) or Tim Asesor Internal (SPBE)",
    ),
    "ui.field.until": ("Diperpanjang sampai", "Extended until"),
    "ui.field.state": ("Status periode", "Period state"),
    # period picker, lens, deadline
    "ui.period.label": ("Periode penilaian", "Assessment period"),
    "ui.period.none": ("Belum ada periode penilaian.", "There is no assessment period yet."),
    "ui.lens.digital": ("Lensa layanan digital", "Digital services lens"),
    "ui.lens.digital_help": (
        "Hitung skor, peringkat, peta panas, jumlah butir, kemajuan dan daftar kesenjangan hanya dari butir "
        "bertanda layanan digital.",
        "Count scores, rankings, the heatmap, item counts, progress and the gap list from items tagged as "
        "digital services only.",
    ),
    "ui.lens.active": (
        "Lensa layanan digital aktif: skor, tahapan nilai, peringkat, peta panas, jumlah butir, kemajuan, "
        'daftar kesenjangan, "Yang perlu ditindaklanjuti" dan kesiapan Lentera kabupaten/kota di halaman ini '
        "hanya menghitung butir layanan digital. Tidak tersaring: tren dan nilai resmi yang diumumkan "
        "KPK/KemenPANRB (selalu skor keseluruhan atau per area) serta panel tenggat.",
        "Digital services lens on: scores, stages, rankings, heatmap, item counts, progress, the gap list, "
        '"What needs follow-up" and the kabupaten/kota Lentera readiness on this page count digital-service '
        "items only. Not filtered: the trend and the scores published by KPK/KemenPANRB (always overall or "
        "area scores), and the deadlines panel.",
    ),
    "ui.deadline.none": ("Batas waktu belum ditetapkan.", "No deadline has been set."),
    "ui.deadline.left": (
        "Sisa waktu {days} hari {hours} jam — batas pengajuan {deadline}",
        "{days} days {hours} hours left — submission deadline {deadline}",
    ),
    "ui.deadline.passed": (
        "Batas pengajuan sudah lewat ({deadline}).",
        "The submission deadline has passed ({deadline}).",
    ),
    # metrics
    "ui.metric.verified_score": ("Skor hasil reviu {reviewer}", "Internal review score ({reviewer})"),
    "ui.metric.verified_score_help": (
        "Dihitung hanya dari nilai yang disetujui dalam reviu internal ({reviewer}); ini belum hasil verifikasi "
        "KPK/KemenPANRB.",
        "Counts only values approved in the internal review ({reviewer}); this is not yet KPK's or "
        "KemenPANRB's verification.",
    ),
    "ui.metric.self_score": ("Skor klaim mandiri", "Self-claimed score"),
    "ui.metric.self_score_help": (
        "Nilai yang diisi OPD sendiri, termasuk draf; biasanya lebih tinggi dari hasil reviu.",
        "The OPDs' own values, drafts included; usually above the internal review result.",
    ),
    "ui.metric.projected_score": ("Skor proyeksi", "Projected score"),
    "ui.metric.projected_score_help": (
        "Nilai hasil reviu ditambah butir yang sudah diajukan dihitung dengan nilai klaimnya.",
        "Internal review values plus submitted items counted at their claimed value.",
    ),
    "ui.metric.items": ("Butir", "Items"),
    "ui.metric.verified": ("Direviu", "Reviewed"),
    "ui.metric.submitted": ("Diajukan", "Submitted"),
    "ui.metric.returned": ("Dikembalikan", "Returned"),
    "ui.metric.missing": ("Belum diajukan", "Not submitted"),
    "ui.metric.missing_help": ("Butir kosong dan draf.", "Empty and draft items."),
    "ui.docs.required": ("Dokumen wajib", "Documents required"),
    "ui.docs.uploaded": ("Dokumen diunggah", "Documents uploaded"),
    "ui.docs.accepted": ("Dokumen diterima reviu", "Documents accepted in reviu"),
    "ui.docs.missing": ("Belum diunggah", "Not uploaded"),
    "ui.docs.items": ("Butir", "Items"),
    "ui.docs.items_accepted": ("Butir diterima", "Items accepted"),
    "ui.docs.per_opd": ("Kemajuan dokumen per OPD", "Document progress per OPD"),
    "ui.docs.line": (
        "{missing} dari {required} dokumen wajib belum diunggah ({share}).",
        "{missing} of {required} required documents not uploaded yet ({share}).",
    ),
    "ui.docs.help": (
        "Butir berbasis dokumen: setiap dokumen dalam daftarnya; butir dengan level kumulatif (Pemdi): bukti "
        "setiap level; butir lain: satu dokumen per syarat bukti. Berkas yang ditandai menjawab satu dokumen "
        "dihitung per dokumen; berkas yang belum ditandai dihitung sampai jumlah dokumen yang belum terjawab.",
        "Items scored by documents: each document on their list; items with cumulative levels (Pemdi): the "
        "evidence of each level; other items: one document per evidence requirement. A file tagged with the "
        "document it answers counts for that document; untagged files count up to the documents still "
        "unanswered.",
    ),
    "ui.metric.days_left": ("Hari menuju tenggat", "Days to deadline"),
    "ui.metric.deadline": ("Batas pengajuan: {deadline}", "Submission deadline: {deadline}"),
    "ui.metric.rank": ("Peringkat", "Rank"),
    # overview
    "ui.overview.progress": (
        "{done} dari {total} butir sudah diajukan atau direviu ({verified} direviu)",
        "{done} of {total} items submitted or reviewed ({verified} reviewed)",
    ),
    "ui.overview.no_scores": ("Belum ada skor untuk periode ini.", "No scores for this period yet."),
    "ui.overview.no_regions": (
        "Belum ada kabupaten/kota dengan periode yang sama untuk dibandingkan.",
        "No kabupaten/kota has the same period to compare with yet.",
    ),
    "ui.overview.click_to_drill": (
        "Klik baris OPD untuk membuka rinciannya.",
        "Click an OPD's row to open its details.",
    ),
    "ui.overview.heatmap_note": (
        "Skor hasil reviu internal per OPD dan area; warna mengikuti zona katalog. Arahkan kursor ke sel atau "
        "singkatan untuk nama lengkapnya.",
        "Internal review score per OPD and area; colours follow the catalog's zones. Hover over a cell or an "
        "abbreviation for its full name.",
    ),
    "ui.overview.heatmap_phone": (
        "Di layar sempit peta panas diganti daftar peringkat OPD; buka di layar lebar untuk skor per area.",
        "On a narrow screen the heatmap gives way to the OPD ranking; open it on a wide screen for area scores.",
    ),
    "ui.overview.no_gaps": (
        "Tidak ada kesenjangan: semua butir sudah maksimal.",
        "No gaps: every item is at its maximum.",
    ),
    "ui.overview.gap_note": (
        "{shown} dari {total} butir, diurutkan menurut tambahan poin bila diselesaikan.",
        "{shown} of {total} items, ordered by the points they would add when completed.",
    ),
    "ui.overview.no_trend": ("Belum ada data tren.", "No trend data yet."),
    "ui.tab.opd_ranking": ("Peringkat OPD", "OPD ranking"),
    "ui.tab.unit_ranking": ("Peringkat unit layanan", "Service-unit ranking"),
    "ui.tab.region_ranking": ("Provinsi dan kabupaten/kota", "Province and kabupaten/kota"),
    "ui.tab.heatmap": ("Peta panas", "Heatmap"),
    "ui.tab.gaps": ("Daftar kesenjangan", "Gap list"),
    "ui.tab.trend": ("Tren", "Trend"),
    # three stages (self → reviu → KPK)
    "ui.tab.stages": ("Tahapan nilai", "Three stages"),
    "ui.stages.note": (
        "Nilai mandiri OPD → skor hasil reviu {reviewer} (reviu internal sebelum unggah) → nilai verifikasi KPK "
        "(setelah verifikasi KPK). Klaim berlebih = mandiri − reviu; kejutan = reviu − KPK.",
        "The OPDs' self value → the internal review score ({reviewer}, before upload) → KPK's verification result "
        "(after KPK's verification). Over-claim = self − review; surprise = review − KPK.",
    ),
    "ui.stages.self": ("Mandiri", "Self"),
    "ui.stages.review": ("Reviu {reviewer}", "Internal review ({reviewer})"),
    "ui.stages.external": ("Nilai KPK", "KPK value"),
    "ui.stages.over_claim": ("Klaim berlebih (mandiri − reviu)", "Over-claim (self − review)"),
    "ui.stages.surprise": ("Kejutan (reviu − KPK)", "Surprise (review − KPK)"),
    "ui.stages.total": ("Total pemda", "Pemda total"),
    "ui.stages.pemda_title": ("Per area dan pemda", "By area and pemda"),
    "ui.stages.opd_title": (
        "Per OPD (KPK menilai butir pemda, bukan OPD)",
        "By OPD (KPK scores the pemda's items)",
    ),
    "ui.stages.region_title": ("Kabupaten/kota", "Kabupaten/kota"),
    "ui.stages.no_external": (
        "Hasil verifikasi KPK belum dicatat untuk semua butir; skor KPK sebuah area tampil setelah semua butirnya "
        "tercatat.",
        "KPK's verification results are not recorded for every item yet; an area's KPK score shows once all its "
        "items are recorded.",
    ),
    "ui.stages.record_title": ("Catat hasil verifikasi KPK", "Record KPK's verification results"),
    "ui.stages.not_yet": (
        "Periode berstatus {state}. Hasil verifikasi KPK dapat dicatat setelah admin mengubah status periode menjadi "
        "verifikasi eksternal (atau ditutup).",
        "The period is {state}. KPK's verification results can be recorded once an administrator sets the period "
        "to external verification (or closed).",
    ),
    "ui.stages.layout": (
        'Berkas .xlsx (lembar "Hasil KPK") atau .csv dengan kolom: pemda, kode item, nilai KPK, catatan. '
        "Pratinjau dulu; berkas yang punya satu masalah pun tidak disimpan sama sekali.",
        'An .xlsx (sheet "Hasil KPK") or .csv file with the columns: pemda, kode item, nilai KPK, catatan. '
        "Previewed first; a file with any problem saves nothing.",
    ),
    "ui.stages.template": ("Unduh templat hasil KPK (.xlsx)", "Download the KPK results template (.xlsx)"),
    "ui.stages.template_help": (
        "Butir periode ini dengan nama, OPD, dan nilai yang sah; isi kolom nilai KPK dan catatan, lalu unggah "
        "kembali. Baris tanpa nilai dan tanpa catatan dilewati.",
        "This period's items with their names, OPDs and valid values; fill in the nilai KPK and catatan columns, "
        "then upload it back. Rows without a value and without a note are skipped.",
    ),
    "ui.stages.upload": ("Impor hasil KPK", "Import KPK results"),
    "ui.stages.save": ("Simpan {count} hasil KPK", "Save {count} KPK results"),
    "ui.stages.saved": ("{count} hasil KPK tersimpan.", "{count} KPK results saved."),
    "ui.stages.one_title": ("Satu butir", "One item"),
    "ui.stages.one_submit": ("Simpan nilai KPK", "Save KPK value"),
    "ui.stages.one_saved": ("Nilai KPK butir {code} tersimpan.", "KPK value of item {code} saved."),
    "ui.col.column": ("Kolom", "Column"),
    "ui.col.note": ("Catatan", "Note"),
    "ui.trend.ours": ("Skor Lentera (hasil reviu internal)", "Lentera score (internal review)"),
    "ui.trend.published": ("Skor terbit KPK/KemenPANRB", "Published KPK/KemenPANRB score"),
    "ui.trend.lentera_final": ("Lentera, periode ditutup", "Lentera, closed periods"),
    "ui.trend.lentera_in_progress": (
        "Lentera, periode berjalan (sementara)",
        "Lentera, period in progress (provisional)",
    ),
    "ui.trend.published_final": ("{publisher}, nilai final", "{publisher}, final score"),
    "ui.trend.published_provisional": ("{publisher}, bacaan sementara", "{publisher}, provisional readings"),
    "ui.trend.year": ("Tahun penilaian", "Assessment year"),
    "ui.trend.point_ours": ("{name} · {stage}: {score}", "{name} · {stage}: {score}"),
    "ui.trend.point_published": ("{name} {year}: {score} · {source}", "{name} {year}: {score} · {source}"),
    "ui.trend.stage.final": ("final (periode ditutup)", "final (period closed)"),
    "ui.trend.stage.in_progress": ("sementara (periode berjalan)", "provisional (period in progress)"),
    "ui.trend.note": (
        'Sumbu mendatar adalah tahun penilaian. Periode yang masih berjalan digambar sebagai "sementara" '
        "(penanda kosong, garis putus-putus), bukan titik final; bacaan sementara dan nilai final yang "
        "diumumkan adalah seri yang berbeda.",
        "The horizontal axis is the assessment year. A period still in progress is drawn as provisional (a "
        "hollow marker, dashed line), never as a final point; provisional readings and published finals are "
        "different series.",
    ),
    "ui.trend.sources": ("Sumber nilai yang diumumkan:", "Sources of the published scores:"),
    # columns
    "ui.col.rank": ("Peringkat", "Rank"),
    "ui.col.change": ("Perubahan", "Change"),
    "ui.col.name": ("Nama", "Name"),
    "ui.col.score": ("Skor", "Score"),
    "ui.col.self_score": ("Skor klaim", "Claimed score"),
    "ui.col.zone": ("Zona", "Zone"),
    "ui.col.code": ("Kode", "Code"),
    "ui.col.item": ("Butir", "Item"),
    "ui.col.area": ("Area", "Area"),
    "ui.col.gain": ("Tambahan poin", "Points to gain"),
    "ui.col.stale": ("Bukti kedaluwarsa", "Outdated evidence"),
    "ui.stale.flag": ("⚠ bukti kedaluwarsa", "⚠ outdated evidence"),
    "ui.col.organisations": ("OPD penanggung jawab", "Responsible OPDs"),
    "ui.overview.unassigned": ("belum ditugaskan", "not yet assigned"),
    "ui.col.zone_indicative": ("Predikat (indikatif)", "Predicate (indicative)"),
    "ui.col.status": ("Status", "Status"),
    "ui.col.self_value": ("Nilai mandiri", "Self value"),
    "ui.col.verified_value": ("Nilai hasil reviu", "Internal review value"),
    "ui.col.evidence": ("Bukti", "Evidence"),
    "ui.col.region": ("Pemda", "Local government"),
    "ui.col.opd": ("OPD", "OPD"),
    "ui.col.abbreviation": ("Singkatan", "Abbreviation"),
    "ui.col.kind": ("Jenis", "Kind"),
    "ui.col.active": ("Aktif", "Active"),
    "ui.col.active_until": ("Aktif sampai", "Active until"),
    "ui.col.merged_into": ("Digabung ke", "Merged into"),
    "ui.col.submitted_at": ("Diajukan pada", "Submitted at"),
    "ui.col.age_days": ("Umur (hari)", "Age (days)"),
    "ui.col.line": ("Baris", "Line"),
    "ui.col.reason": ("Alasan", "Reason"),
    "ui.col.outcome": ("Hasil", "Outcome"),
    "ui.col.changes": ("Perubahan katalog", "Catalog changes"),
    "ui.col.evidence_linked": ("Bukti ditautkan", "Evidence linked"),
    "ui.col.value_skipped": ("Nilai tidak disalin", "Value not copied"),
    "ui.col.waiting": ("Lama menunggu", "Waiting"),
    "ui.col.count": ("Jumlah", "Count"),
    "ui.col.assigned": ("Butir ditugaskan", "Assigned items"),
    "ui.col.missing": ("Belum diajukan", "Not submitted"),
    "ui.col.problem": ("Masalah", "Problem"),
    "ui.col.at": ("Waktu", "Time"),
    "ui.col.user": ("Pengguna", "User"),
    "ui.col.action": ("Tindakan", "Action"),
    "ui.col.entity": ("Objek", "Object"),
    "ui.col.entity_id": ("ID objek", "Object ID"),
    "ui.col.before": ("Sebelum", "Before"),
    "ui.col.after": ("Sesudah", "After"),
    "ui.col.catalog_key": ("Kunci katalog", "Catalog key"),
    "ui.col.framework": ("Kerangka", "Framework"),
    "ui.col.year": ("Tahun", "Year"),
    "ui.col.version": ("Versi", "Version"),
    "ui.col.leaves": ("Jumlah butir", "Items"),
    "ui.col.imported_at": ("Diimpor pada", "Imported at"),
    "ui.col.old": ("Lama", "Old"),
    "ui.col.what_changed": ("Yang berubah", "What changed"),
    "ui.col.new": ("Baru", "New"),
    "ui.col.items_new": ("Butir baru", "New items"),
    "ui.col.items_removed": ("Butir dihapus", "Removed items"),
    "ui.col.items_changed": ("Butir berubah", "Changed items"),
    "ui.col.items_carried": ("Butir dibawa", "Items carried"),
    "ui.col.sheet": ("Lembar", "Sheet"),
    "ui.col.row": ("Baris", "Row"),
    "ui.col.old_value": ("Nilai lama", "Old value"),
    "ui.col.new_value": ("Nilai baru", "New value"),
    "ui.col.old_note": ("Catatan lama", "Old note"),
    "ui.col.new_note": ("Catatan baru", "New note"),
    # drill-down
    "ui.drill.no_opd": ("Tidak ada OPD di wilayah ini.", "There is no OPD in this region."),
    "ui.drill.areas": ("Skor per area", "Score per area"),
    "ui.drill.items": ("Butir dan bukti dukung", "Items and evidence"),
    "ui.drill.pick_item": ("Lihat bukti dukung butir", "Show an item's evidence"),
    "ui.drill.review": (
        "{decision} oleh {reviewer}, {when}: {reason}",
        "{decision} by {reviewer}, {when}: {reason}",
    ),
    # checklist
    "ui.checklist.no_opd": (
        "Akun Anda belum terhubung ke OPD. Hubungi admin.",
        "Your account is not linked to an OPD. Contact an administrator.",
    ),
    "ui.checklist.empty": ("Belum ada butir yang ditugaskan.", "No items are assigned yet."),
    "ui.checklist.pick": (
        "Pilih butir di sebelah kiri untuk mengunggah bukti dan mengisi nilai.",
        "Pick an item on the left to upload evidence and enter its value.",
    ),
    "ui.checklist.progress": (
        "{done} dari {total} butir sudah diajukan",
        "{done} of {total} items submitted",
    ),
    "ui.checklist.returned_title": (
        "{count} butir dikembalikan pemeriksa — selesaikan lebih dulu",
        "{count} items returned by the inspectors — fix these first",
    ),
    "ui.checklist.reason": ("Alasan: {reason}", "Reason: {reason}"),
    "ui.checklist.returned_by": (
        "Dikembalikan oleh {reviewer} pada {when}: {reason}",
        "Returned by {reviewer} on {when}: {reason}",
    ),
    "ui.checklist.requirements": ("Bukti dukung yang diminta", "Evidence required"),
    "ui.checklist.max_age": (" — paling lama {days} hari", " — at most {days} days old"),
    "ui.checklist.save": ("Simpan draf", "Save draft"),
    "ui.checklist.submit": ("Simpan dan ajukan", "Save and submit"),
    "ui.checklist.saved": ("Butir {code} tersimpan sebagai draf.", "Item {code} saved as a draft."),
    "ui.checklist.submitted": (
        "Butir {code} diajukan untuk reviu internal.",
        "Item {code} was submitted for internal review.",
    ),
    "ui.checklist.waiting": (
        "Status: {status}. Butir ini menunggu pemeriksaan Inspektorat.",
        "Status: {status}. This item is waiting for the inspectors.",
    ),
    # checklist: the list's filters, the item dialog, the reviewer's answer (issue 14)
    "ui.checklist.dialog_title": ("Isi butir", "Fill in the item"),
    "ui.checklist.close": ("Tutup", "Close"),
    "ui.checklist.search": ("Cari kode atau kata", "Search by code or words"),
    "ui.checklist.search_hint": ("mis. 1.2 atau peraturan", "e.g. 1.2 or regulation"),
    "ui.checklist.all_statuses": ("Semua status", "All statuses"),
    "ui.checklist.only_left": ("Hanya yang belum selesai", "Only what is left"),
    "ui.checklist.shown": ("Menampilkan {shown} dari {total} butir", "Showing {shown} of {total} items"),
    "ui.checklist.none_match": (
        "Tidak ada butir yang cocok dengan pencarian dan filter ini.",
        "No item matches this search and these filters.",
    ),
    "ui.checklist.claimed_reviewed": (
        "diklaim {claimed} → hasil reviu {reviewed}",
        "claimed {claimed} → reviewed {reviewed}",
    ),
    "ui.checklist.review_note": ("Catatan pemeriksa: {note}", "Reviewer's note: {note}"),
    "ui.checklist.reviewed_by": ("Direviu oleh {reviewer} pada {when}.", "Reviewed by {reviewer} on {when}."),
    # values
    "ui.value.label": ("Nilai", "Value"),
    "ui.value.self": ("Nilai mandiri", "Self value"),
    "ui.value.verified": ("Nilai hasil reviu", "Internal review value"),
    "ui.value.external": ("Nilai verifikasi KPK", "KPK's verification value"),
    "ui.value.external_note": ("Catatan KPK: {note}", "KPK's note: {note}"),
    "ui.value.points": ("{points} poin", "{points} points"),
    "ui.value.document": ("{name} ({points} poin)", "{name} ({points} points)"),
    "ui.value.points_total": ("Jumlah: {points} dari {total} poin", "Total: {points} of {total} points"),
    # evidence
    "ui.evidence.title": ("Bukti dukung", "Evidence"),
    "ui.evidence.none": ("Belum ada bukti dukung.", "No evidence yet."),
    "ui.evidence.upload": (
        "Unggah bukti (PDF, gambar, Excel, Word, ODT, CSV; maks. {max_mb} MB per berkas)",
        "Upload evidence (PDF, images, Excel, Word, ODT, CSV; max {max_mb} MB per file)",
    ),
    "ui.evidence.upload_help": (
        "Berkas langsung tersimpan dan terlampir pada butir ini.",
        "Files are stored and attached to this item right away.",
    ),
    "ui.evidence.uploaded": (
        "{count} berkas tersimpan dan terlampir.",
        "{count} file(s) stored and attached.",
    ),
    "ui.evidence.detach": ("Lepaskan", "Detach"),
    "ui.evidence.detached": (
        "'{name}' dilepas dari butir ini (berkasnya tetap tersimpan).",
        "'{name}' was detached from this item (the file itself is kept).",
    ),
    "ui.evidence.download": ("Unduh", "Download"),
    "ui.evidence.unreadable": (
        "Berkas bukti tidak dapat dibaca dari penyimpanan. Hubungi admin.",
        "The evidence file cannot be read from storage. Contact an administrator.",
    ),
    "ui.evidence.document_date": ("Tanggal dokumen", "Document date"),
    "ui.evidence.document_date_help": (
        "Butir ini menerima dokumen paling lama {days} hari; tanggal dokumen menentukan apakah masih berlaku.",
        "This item accepts documents at most {days} days old; the document date decides whether it still counts.",
    ),
    "ui.evidence.date_needed": (
        "Isi tanggal dokumen dulu; berkas baru disimpan setelah tanggalnya diisi.",
        "Give the document date first; the file is stored once the date is given.",
    ),
    "ui.evidence.dated_as": ("Tanggal dokumen: {date}", "Document date: {date}"),
    "ui.evidence.undated": (
        "Tanggal dokumen belum diisi — isi agar bukti tidak dianggap kedaluwarsa",
        "No document date yet — give it so the evidence is not counted as outdated",
    ),
    "ui.evidence.set_date": ("Simpan tanggal", "Save date"),
    "ui.evidence.answers": ("Dokumen yang dijawab berkas ini", "The required document this file answers"),
    "ui.evidence.answers_none": ("(belum ditandai)", "(not tagged)"),
    "ui.evidence.answers_help": (
        "Pilih dokumen dari daftar butir yang dijawab berkas ini, agar kemajuan dokumen menghitungnya tepat. "
        "Berkas yang belum ditandai dihitung sampai jumlah dokumen yang diminta. Pada butir dengan level "
        "kumulatif, pilih level yang dibuktikan berkas ini: sebuah level baru dapat diajukan bila setiap level "
        "sampai level itu punya berkas.",
        "Choose which of the item's listed documents this file answers, so document progress counts it exactly. "
        "Files not tagged count up to the number of documents the item asks for. On an item with cumulative "
        "levels, choose the level this file proves: a level can be submitted once every level up to it has a "
        "file.",
    ),
    "ui.evidence.answers_as": ("Menjawab dokumen: {document}", "Answers the document: {document}"),
    "ui.evidence.answers_saved": ("'{name}' ditandai: {document}.", "'{name}' tagged: {document}."),
    "ui.evidence.date_saved": ("Tanggal dokumen '{name}' disimpan.", "The date of '{name}' was saved."),
    "ui.evidence.refused": ("{name} tidak diterima: {reason}", "{name} was not accepted: {reason}"),
    "ui.evidence.stored_elsewhere": (
        "Berkas ini sudah diunggah untuk butir {codes} ({name}). Pakai berkas yang tersimpan untuk butir ini juga,"
        " tanpa mengunggahnya dua kali?",
        "This file was already uploaded for item {codes} ({name}). Use the stored file for this item too, instead"
        " of uploading it twice?",
    ),
    "ui.evidence.stored_here": (
        "Berkas ini sudah terlampir pada butir ini ({name}); tidak diunggah lagi.",
        "This file is already attached to this item ({name}); it was not uploaded again.",
    ),
    "ui.evidence.reuse": ("Pakai berkas yang tersimpan", "Use the stored file"),
    "ui.evidence.reuse_no": ("Tutup", "Dismiss"),
    "ui.evidence.reused": (
        "'{name}' yang tersimpan kini juga terlampir pada butir ini.",
        "The stored '{name}' is now attached to this item too.",
    ),
    "ui.evidence.preview_page": ("{name} — halaman {page}", "{name} — page {page}"),
    "ui.evidence.no_preview": (
        "Pratinjau tidak dapat dibuat untuk berkas ini; unduh untuk membukanya.",
        "No preview can be drawn for this file; download it to open it.",
    ),
    # verification
    "ui.queue.count": ("{count} butir dalam antrean", "{count} items in the queue"),
    "ui.queue.empty": ("Antrean kosong untuk filter ini.", "The queue is empty for these filters."),
    "ui.queue.pick": ("Periksa butir", "Review item"),
    "ui.queue.min_age": ("Umur ≥ (hari)", "Age ≥ (days)"),
    "ui.queue.submitted_at": ("Diajukan {when}", "Submitted {when}"),
    "ui.queue.history": ("Riwayat pemeriksaan ({count})", "Review history ({count})"),
    "ui.queue.approve": ("Setujui", "Approve"),
    "ui.queue.return": ("Kembalikan ke OPD", "Return to the OPD"),
    "ui.queue.return_reason": ("Alasan pengembalian", "Reason for returning"),
    "ui.queue.reopen": ("Buka kembali", "Reopen"),
    "ui.queue.reopen_reason": ("Alasan membuka kembali", "Reason for reopening"),
    "ui.queue.value_needed": ("Pilih nilai hasil reviu terlebih dahulu.", "Choose the review value first."),
    "ui.queue.approved": ("Butir {code} disetujui dengan nilai {value}.", "Item {code} approved at {value}."),
    "ui.queue.returned": ("Butir {code} dikembalikan ke OPD.", "Item {code} was returned to the OPD."),
    "ui.queue.reopened": ("Butir {code} dibuka kembali.", "Item {code} was reopened."),
    "ui.queue.next_opened": (
        "Butir berikutnya dalam antrean dibuka: {item}.",
        "The next item in the queue is open: {item}.",
    ),
    "ui.queue.all_done": (
        "Tidak ada butir lain dalam antrean untuk filter ini.",
        "No other item is left in the queue for these filters.",
    ),
    "ui.queue.no_action": (
        "Tidak ada tindakan untuk butir berstatus {status}.",
        "No action is possible on an item that is {status}.",
    ),
    # reports
    "ui.reports.scope": ("Cakupan laporan", "Report scope"),
    "ui.reports.scope.opd": ("Satu OPD (pilih di bawah)", "One OPD (choose below)"),
    "ui.reports.opd": ("OPD", "OPD"),
    "ui.reports.no_opd": (
        "Belum ada OPD yang mendapat butir penilaian pada periode ini.",
        "No OPD has assessment items in this period yet.",
    ),
    "ui.reports.building": ("Menyusun laporan…", "Building the report…"),
    "ui.reports.ready": ("Laporan siap.", "The report is ready."),
    "ui.reports.download": ("Unduh {name}", "Download {name}"),
    "ui.reports.build.xlsx": ("Excel", "Excel"),
    "ui.reports.build.pdf": ("PDF", "PDF"),
    "ui.reports.build.csv": ("CSV", "CSV"),
    "ui.reports.build.zip": ("ZIP bukti dukung", "Evidence ZIP"),
    "ui.reports.holds.xlsx": (
        "Rekap untuk diolah: ringkasan, tahapan nilai, matriks area, rincian item, register bukti, log reviu.",
        "A recap to work on: summary, score stages, area matrix, item detail, evidence register, reviu log.",
    ),
    "ui.reports.holds.pdf": (
        "Laporan untuk dibaca: ringkasan, grafik, halaman per OPD, daftar kesenjangan, keputusan reviu per OPD.",
        "A report to read: summary, charts, a page per OPD, gap list, reviu decisions per OPD.",
    ),
    "ui.reports.holds.csv": (
        "ZIP berisi satu berkas CSV per tabel laporan (pemisah titik koma, koma desimal), untuk aplikasi lain.",
        "A ZIP of one CSV file per report table (semicolons, decimal comma), for other software.",
    ),
    "ui.reports.holds.zip": (
        "Untuk unggahan ke KPK: hanya bukti butir yang diterima pada reviu, per area / butir / OPD, dengan manifes.",
        "For the KPK upload: only evidence of items accepted in reviu, by area / item / OPD, with a manifest.",
    ),
    # admin: users
    "ui.users.create": ("Tambah pengguna", "Add a user"),
    "ui.users.manage": ("Kelola pengguna", "Manage a user"),
    "ui.users.create_submit": ("Tambah pengguna", "Add user"),
    "ui.users.created": ("Pengguna {username} dibuat.", "User {username} was created."),
    "ui.users.no_opd": ("(tanpa OPD)", "(no OPD)"),
    "ui.users.opd_help": ("Wajib untuk operator OPD.", "Required for OPD focal points."),
    "ui.users.locked": ("Terkunci", "Locked"),
    "ui.users.last_login": ("Terakhir masuk", "Last sign-in"),
    "ui.users.pick": ("Pengguna", "User"),
    "ui.users.updated": ("Data pengguna disimpan.", "The user was saved."),
    "ui.users.edit_signs_out": (
        "Mengubah peran, wilayah atau OPD mengakhiri sesi pengguna itu di semua peramban.",
        "Changing the role, region or OPD signs that user out in every browser.",
    ),
    "ui.users.deactivate": ("Nonaktifkan", "Deactivate"),
    "ui.users.activate": ("Aktifkan", "Activate"),
    "ui.users.deactivated": ("Pengguna dinonaktifkan.", "The user was deactivated."),
    "ui.users.activated": ("Pengguna diaktifkan kembali.", "The user was activated again."),
    "ui.users.unlock": ("Buka kunci", "Unlock"),
    "ui.users.unlocked": ("Kunci akun dibuka.", "The account was unlocked."),
    "ui.users.reset_password": ("Atur ulang kata sandi", "Reset password"),
    "ui.users.password_reset": ("Kata sandi diatur ulang.", "The password was reset."),
    # admin: OPDs
    "ui.opd.include_retired": ("Tampilkan OPD yang sudah tidak aktif", "Show retired OPDs"),
    "ui.opd.count": ("{count} OPD", "{count} OPDs"),
    "ui.opd.create": ("Tambah OPD", "Add an OPD"),
    "ui.opd.create_submit": ("Tambah OPD", "Add OPD"),
    "ui.opd.created": ("OPD {name} ditambahkan.", "OPD {name} was added."),
    "ui.opd.merge": ("Gabung OPD", "Merge OPDs"),
    "ui.opd.merge_help": (
        "OPD asal berhenti aktif dan menunjuk ke OPD tujuan; riwayatnya tetap tersimpan.",
        "The source OPD is retired and points to the target; its history is kept.",
    ),
    "ui.opd.merge_source": ("OPD asal", "Source OPD"),
    "ui.opd.merge_target": ("OPD tujuan", "Target OPD"),
    "ui.opd.merge_submit": ("Gabungkan", "Merge"),
    "ui.opd.merged": ("OPD digabungkan.", "The OPDs were merged."),
    "ui.opd.retire": ("Nonaktifkan OPD", "Retire an OPD"),
    "ui.opd.retire_submit": ("Nonaktifkan", "Retire"),
    "ui.opd.retired": ("OPD dinonaktifkan.", "The OPD was retired."),
    # admin: periods
    "ui.periods.create": ("Periode baru", "New period"),
    "ui.periods.create_submit": ("Buat periode", "Create period"),
    "ui.periods.created": ("Periode {name} dibuat.", "Period {name} was created."),
    "ui.periods.deadline_note": (
        "Tenggat berlaku pukul 23.59 WIT pada tanggal yang dipilih.",
        "Deadlines fall at 23:59 WIT on the chosen day.",
    ),
    "ui.periods.extend": ("Perpanjang tenggat OPD", "Extend an OPD's deadline"),
    "ui.periods.extend_submit": ("Perpanjang", "Extend"),
    "ui.periods.extended": ("Tenggat OPD diperpanjang.", "The OPD's deadline was extended."),
    "ui.periods.state": ("Kunci / tutup periode", "Lock / close a period"),
    "ui.periods.carry_target": ("Periode tujuan", "Target period"),
    "ui.periods.no_previous": (
        "Periode ini tidak menyebut periode sebelumnya; tidak ada yang dapat dibawa.",
        "This period names no previous period; there is nothing to carry forward.",
    ),
    "ui.periods.carry_open": ("Bawa bukti dukung dari {name}", "Carry evidence forward from {name}"),
    "ui.periods.state_submit": ("Ubah status", "Change state"),
    "ui.periods.state_changed": ("Status periode diubah.", "The period's state was changed."),
    # admin: assignments
    "ui.assign.empty": (
        "Belum ada OPD atau butir untuk periode ini.",
        "No OPDs or items for this period yet.",
    ),
    "ui.assign.help": (
        "Centang butir yang menjadi tanggung jawab setiap OPD, lalu simpan.",
        "Tick the items each OPD answers for, then save.",
    ),
    "ui.assign.save": ("Simpan penugasan", "Save assignments"),
    "ui.assign.unassigned": (
        "{count} butir berlaku untuk pemda ini tetapi belum ditugaskan ke OPD mana pun: dihitung 0 dalam nilai "
        "pemda sampai ditugaskan.",
        "{count} items apply to this pemda but are assigned to no OPD: they count 0 in the pemda's score until "
        "assigned.",
    ),
    "ui.assign.saved": ("{count} perubahan penugasan tersimpan.", "{count} assignment changes saved."),
    "ui.method.example": ("Contoh satu butir", "One item as an example"),
    "ui.method.example_rule": (
        "Butir **{code} {name}**: aturan di katalog {kind}, nilai maksimum {maximum}; "
        "nilai pemda menurut aturan {rule}.",
        "Item **{code} {name}**: its catalog rule is {kind}, maximum {maximum}; "
        "the pemda's value by the rule {rule}.",
    ),
    "ui.method.example_opd": (
        "{opd}: nilai hasil reviu {value} → {value} ÷ {maximum} × {scale_max} = **{score}**",
        "{opd}: internal review value {value} → {value} ÷ {maximum} × {scale_max} = **{score}**",
    ),
    "ui.method.example_opd_empty": (
        "{opd}: belum ada nilai hasil reviu → dihitung {floor}",
        "{opd}: no internal review value yet → counts {floor}",
    ),
    "ui.method.example_pemda": (
        "Nilai pemda untuk butir ini ({rule}): **{score}**",
        "The pemda's value of this item ({rule}): **{score}**",
    ),
    "ui.method.example_unassigned": (
        "Butir ini belum ditugaskan ke OPD mana pun → nilai pemda {floor}.",
        "This item is assigned to no OPD → the pemda's value is {floor}.",
    ),
    "ui.method.rule.lead": ("lead — nilai OPD pengampu", "lead — the lead OPD's value"),
    "ui.method.rule.any": ("any — nilai terbaik di antara OPD", "any — the best value among the OPDs"),
    "ui.method.rule.all": (
        "all — nilai terendah, setiap OPD wajib memenuhi",
        "all — the lowest, every OPD must comply",
    ),
    "ui.method.rule.mean": ("mean — rata-rata nilai OPD", "mean — the mean of the OPDs' values"),
    "ui.method.kind.levels": ("tingkat", "levels"),
    "ui.method.kind.percent": ("persen", "percent"),
    "ui.method.kind.documents": ("poin dokumen", "document points"),
    "ui.method.kind.binary": ("ya/tidak", "yes/no"),
    "ui.method.kind.external_index": ("indeks eksternal", "external index"),
    "ui.assign.lead_title": ("OPD pengampu per butir", "Lead OPD per item"),
    "ui.assign.lead_help": (
        "Untuk butir dengan aturan OPD pengampu, nilai pemda adalah nilai OPD pengampu; tanpa OPD pengampu "
        "dipakai rata-rata OPD yang ditugaskan. Pilih salah satu OPD yang ditugaskan.",
        "For an item with the lead-OPD rule, the pemda's value is the lead OPD's; without a lead the assigned OPDs' "
        "mean is used. Choose one of the assigned OPDs.",
    ),
    "ui.assign.lead_none_items": (
        "Tidak ada butir dengan aturan OPD pengampu di periode ini.",
        "No item of this period follows the lead-OPD rule.",
    ),
    "ui.assign.lead_col": ("OPD pengampu", "Lead OPD"),
    "ui.assign.lead_item": ("Butir", "Item"),
    "ui.assign.lead_opd": ("OPD pengampu", "Lead OPD"),
    "ui.assign.lead_no_lead": ("(tanpa OPD pengampu: rata-rata)", "(no lead: the mean)"),
    "ui.assign.lead_save": ("Simpan OPD pengampu", "Save lead OPD"),
    "ui.assign.lead_saved": ("OPD pengampu butir {code} tersimpan.", "Lead OPD of item {code} saved."),
    "ui.assign.read_only": (
        "Penugasan butir diubah oleh admin; Anda dapat menetapkan OPD pengampu di bawah.",
        "Item assignments are changed by an administrator; you can name the lead OPD below.",
    ),
    # admin: catalogs
    "ui.catalog.import": ("Impor katalog", "Import a catalog"),
    "ui.catalog.import_help": (
        "Unggah berkas YAML katalog. Katalog diperiksa, disimpan sebagai draf, dibandingkan dengan versi "
        "aktif, lalu baru diaktifkan.",
        "Upload a catalog YAML file. It is validated, stored as a draft, compared with the active version, and "
        "only then activated.",
    ),
    "ui.catalog.upload": ("Berkas katalog (YAML)", "Catalog file (YAML)"),
    "ui.catalog.valid": (
        "Katalog {catalog} ({name}) valid: {leaves} butir penilaian.",
        "Catalog {catalog} ({name}) is valid: {leaves} assessed items.",
    ),
    "ui.catalog.import_submit": ("Simpan sebagai draf", "Store as draft"),
    "ui.catalog.imported": (
        "Katalog {catalog} tersimpan sebagai draf.",
        "Catalog {catalog} was stored as a draft.",
    ),
    "ui.catalog.unchanged": (
        "Katalog {catalog} dengan isi yang sama sudah tersimpan.",
        "Catalog {catalog} with the same content is already stored.",
    ),
    "ui.catalog.draft_title": ("Draf {catalog}: {name}", "Draft {catalog}: {name}"),
    "ui.catalog.no_changes": (
        "Tidak ada perubahan dibanding versi aktif.",
        "No changes against the active version.",
    ),
    "ui.catalog.excel_open": (
        "Unduh atau unggah katalog sebagai Excel",
        "Download or upload the catalog as Excel",
    ),
    "ui.catalog.activate": ("Aktifkan katalog", "Activate catalog"),
    "ui.catalog.activated": ("Katalog {catalog} aktif.", "Catalog {catalog} is active."),
    # admin: audit
    "ui.audit.action": ("Jenis kejadian", "Kind of event"),
    "ui.audit.actor": ("Pengguna", "User"),
    "ui.audit.limit": ("Jumlah baris", "Rows"),
    "ui.audit.count": ("{count} kejadian", "{count} events"),
    # account
    "ui.account.change_password": ("Ganti kata sandi", "Change password"),
    "ui.account.password_changed": ("Kata sandi diganti.", "Your password was changed."),
}

register({key: {"id": texts[0], "en": texts[1]} for key, texts in _M.items()})

KEYS = frozenset(_M)
