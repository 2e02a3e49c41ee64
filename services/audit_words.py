"""The audit log in words: every event code a service writes (``services.audit.record``), the kinds of object
and the fields an event's before/after names, in Bahasa Indonesia and English.

An administrator reads "Reviu: disetujui" and "Status: direviu", never ``review.approve`` or ``status=verified``.
``tests/test_audit_words.py`` checks every event code written anywhere in the code has its name here.
"""

from __future__ import annotations

from i18n import MESSAGES, register, t

EVENTS: dict[str, tuple[str, str]] = {
    "submission.save": ("Isian: disimpan sebagai draf", "Item: saved as draft"),
    "submission.submit": ("Isian: diajukan untuk reviu", "Item: submitted for review"),
    "submission.carry_forward": ("Isian: nilai periode lalu dibawa", "Item: last period's value carried"),
    "review.approve": ("Reviu: disetujui", "Review: approved"),
    "review.return": ("Reviu: dikembalikan ke OPD", "Review: returned to the OPD"),
    "review.reopen": ("Reviu: dibuka kembali", "Review: reopened"),
    "evidence.uploaded": ("Bukti dukung: diunggah", "Evidence: uploaded"),
    "evidence.linked": ("Bukti dukung: ditautkan ke butir", "Evidence: linked to the item"),
    "evidence.detached": ("Bukti dukung: dilepas dari butir", "Evidence: detached from the item"),
    "evidence.dated": ("Bukti dukung: tanggal dokumen diisi", "Evidence: document date given"),
    "evidence.tagged": (
        "Bukti dukung: ditandai sebagai dokumen yang diwajibkan",
        "Evidence: tagged as a required document",
    ),
    "evidence.file_missing": ("Bukti dukung: berkas hilang", "Evidence: file missing"),
    "action.created": ("Rencana aksi: dibuat", "Action plan: created"),
    "action.edited": ("Rencana aksi: diubah", "Action plan: edited"),
    "action.status": ("Rencana aksi: status diganti", "Action plan: status changed"),
    "action.noted": ("Rencana aksi: catatan ditambahkan", "Action plan: note added"),
    "action.evidence_uploaded": ("Rencana aksi: bukti diunggah", "Action plan: evidence uploaded"),
    "action.evidence_detached": ("Rencana aksi: bukti dilepas", "Action plan: evidence detached"),
    "inventory.service_created": (
        "Inventaris: layanan digital ditambahkan",
        "Inventory: digital service added",
    ),
    "inventory.service_updated": ("Inventaris: layanan digital diubah", "Inventory: digital service edited"),
    "inventory.service_retired": (
        "Inventaris: layanan digital dihentikan",
        "Inventory: digital service retired",
    ),
    "inventory.application_created": ("Inventaris: aplikasi ditambahkan", "Inventory: application added"),
    "inventory.application_updated": ("Inventaris: aplikasi diubah", "Inventory: application edited"),
    "inventory.application_retired": ("Inventaris: aplikasi dihentikan", "Inventory: application retired"),
    "inventory.evidence_linked": ("Inventaris: dipakai sebagai bukti", "Inventory: linked as evidence"),
    "inventory.evidence_detached": ("Inventaris: dilepas dari bukti", "Inventory: detached from evidence"),
    "inventory.links_checked": ("Inventaris: tautan diperiksa", "Inventory: links checked"),
    "recommendation.created": ("Rekomendasi: dibuat", "Recommendation: created"),
    "assignment.set": ("Penugasan butir: disimpan", "Item assignment: saved"),
    "assignment.lead": ("Penugasan butir: OPD pengampu diubah", "Item assignment: lead OPD changed"),
    "catalog.import": ("Katalog: diimpor", "Catalog: imported"),
    "catalog.activate": ("Katalog: diaktifkan", "Catalog: activated"),
    "catalog.retire": ("Katalog: dipensiunkan", "Catalog: retired"),
    "period.create": ("Periode: dibuat", "Period: created"),
    "period.extend_deadline": ("Periode: tenggat OPD diperpanjang", "Period: OPD deadline extended"),
    "period.set_state": ("Periode: tahap diganti", "Period: stage changed"),
    "period.carry_forward": ("Periode: nilai periode lalu dibawa", "Period: last period's values carried"),
    "external_result.import": ("Hasil resmi: diimpor", "Official results: imported"),
    "external_result.set": ("Hasil resmi: diisi", "Official results: entered"),
    "organisation.create": ("OPD: ditambahkan", "OPD: added"),
    "organisation.retire": ("OPD: dinonaktifkan", "OPD: retired"),
    "organisation.merge": ("OPD: digabung", "OPD: merged"),
    "organisation.service_unit": ("OPD: unit layanan diatur", "OPD: service unit set"),
    "region.create": ("Wilayah: ditambahkan", "Region: added"),
    "documents.setting": ("Penomoran dokumen: diatur", "Document numbering: set"),
    "documents.number_issued": ("Penomoran dokumen: nomor diterbitkan", "Document numbering: number issued"),
    "export.xlsx": ("Laporan: Excel dibuat", "Report: Excel built"),
    "export.pdf": ("Laporan: PDF dibuat", "Report: PDF built"),
    "export.csv": ("Laporan: CSV dibuat", "Report: CSV built"),
    "export.zip": ("Laporan: ZIP bukti diterima dibuat", "Report: ZIP of accepted evidence built"),
    "export.zip-all": ("Laporan: ZIP semua bukti dibuat", "Report: ZIP of all evidence built"),
    "store.file_deleted": ("Penyimpanan: berkas yatim dihapus", "Storage: orphan file deleted"),
    "store.file_kept_recent": ("Penyimpanan: berkas baru disimpan", "Storage: recent file kept"),
    "store.file_quarantined": ("Penyimpanan: berkas dikarantina", "Storage: file quarantined"),
    "store.file_marked": ("Penyimpanan: berkas ditandai", "Storage: file marked"),
    "user.created": ("Pengguna: dibuat", "User: created"),
    "user.updated": ("Pengguna: diubah", "User: edited"),
    "user.activated": ("Pengguna: diaktifkan", "User: activated"),
    "user.deactivated": ("Pengguna: dinonaktifkan", "User: deactivated"),
    "user.login": ("Pengguna: masuk", "User: signed in"),
    "user.login_sso": ("Pengguna: masuk lewat SSO", "User: signed in through SSO"),
    "user.login_failed": ("Pengguna: gagal masuk", "User: sign-in failed"),
    "user.locked": ("Pengguna: terkunci", "User: locked"),
    "user.unlocked": ("Pengguna: kunci dibuka", "User: unlocked"),
    "user.password_changed": ("Pengguna: kata sandi diganti", "User: password changed"),
    "user.password_reset": ("Pengguna: kata sandi disetel ulang", "User: password reset"),
    "demo.seed": ("Data demo: dibuat", "Demo data: created"),
}
GROUPS: dict[str, tuple[str, str]] = {
    "submission.": ("Isian butir", "Items"),
    "review.": ("Reviu", "Review"),
    "evidence.": ("Bukti dukung", "Evidence"),
    "action.": ("Rencana aksi", "Action plans"),
    "recommendation.": ("Rekomendasi", "Recommendations"),
    "inventory.": ("Inventaris digital", "Digital inventory"),
    "assignment.": ("Penugasan butir", "Item assignments"),
    "catalog.": ("Katalog", "Catalogs"),
    "period.": ("Periode", "Periods"),
    "external_result.": ("Hasil resmi", "Official results"),
    "organisation.": ("OPD", "OPDs"),
    "region.": ("Wilayah", "Regions"),
    "documents.": ("Penomoran dokumen", "Document numbering"),
    "export.": ("Laporan", "Reports"),
    "store.": ("Penyimpanan", "Storage"),
    "user.": ("Pengguna", "Users"),
    "demo.": ("Data demo", "Demo data"),
}
"""The audit page's filter: a family of events by the prefix of their codes."""
ENTITIES: dict[str, tuple[str, str]] = {
    "submission": ("Isian butir", "Item"),
    "evidence": ("Bukti dukung", "Evidence"),
    "evidence_file": ("Berkas bukti", "Evidence file"),
    "action": ("Rencana aksi", "Action plan"),
    "recommendation": ("Rekomendasi", "Recommendation"),
    "digital_service": ("Layanan digital", "Digital service"),
    "digital_application": ("Aplikasi", "Application"),
    "catalog": ("Katalog", "Catalog"),
    "period": ("Periode", "Period"),
    "organisation": ("OPD", "OPD"),
    "region": ("Wilayah", "Region"),
    "issued_number": ("Nomor dokumen", "Document number"),
    "user": ("Pengguna", "User"),
    "demo": ("Data demo", "Demo data"),
}
FIELDS: dict[str, tuple[str, str]] = {
    "status": ("Status", "Status"),
    "self_value": ("Nilai mandiri", "Self-assessed value"),
    "external_value": ("Nilai indeks eksternal", "External index value"),
    "verified_value": ("Nilai hasil reviu", "Reviewed value"),
    "verified_external_value": ("Nilai indeks eksternal hasil reviu", "Reviewed external index value"),
    "reason": ("Alasan", "Reason"),
    "note": ("Catatan", "Note"),
    "name": ("Nama", "Name"),
    "full_name": ("Nama lengkap", "Full name"),
    "username": ("Nama pengguna", "Username"),
    "role": ("Peran", "Role"),
    "email": ("Surel", "E-mail"),
    "nip": ("NIP", "NIP (civil servant number)"),
    "position": ("Jabatan", "Position"),
    "active": ("Aktif", "Active"),
    "region_id": ("Wilayah (ID)", "Region (ID)"),
    "organisation_id": ("OPD (ID)", "OPD (ID)"),
    "abbreviation": ("Singkatan", "Abbreviation"),
    "kind": ("Jenis", "Kind"),
    "active_until": ("Aktif sampai", "Active until"),
    "merged_into_id": ("Digabung ke (ID)", "Merged into (ID)"),
    "catalog_key": ("Katalog", "Catalog"),
    "opens_at": ("Dibuka", "Opens"),
    "submission_deadline": ("Tenggat pengajuan", "Submission deadline"),
    "verification_deadline": ("Tenggat reviu", "Review deadline"),
    "assignments": ("Penugasan", "Assignments"),
    "unassigned": ("Butir tanpa OPD", "Items without an OPD"),
    "reviewer_label": ("Nama peninjau", "Reviewer's name"),
    "periods": ("Periode", "Periods"),
    "evidence_files": ("Berkas bukti", "Evidence files"),
    "scope": ("Cakupan", "Scope"),
    "subject": ("Subjek", "Subject"),
    "file": ("Berkas", "File"),
    "bytes": ("Ukuran (bita)", "Size (bytes)"),
    "entities": ("Jumlah entitas", "Entities"),
    "files": ("Jumlah berkas", "Files"),
    "state": ("Tahap", "Stage"),
    "deadline": ("Tenggat", "Deadline"),
    "until": ("Sampai", "Until"),
    "area": ("Area", "Area"),
    "assigned": ("Ditugaskan", "Assigned"),
    "code": ("Kode", "Code"),
    "key": ("Kunci", "Key"),
    "source": ("Sumber", "Source"),
    "text": ("Teks", "Text"),
    "via": ("Lewat", "Via"),
    "client": ("Perangkat", "Client"),
    "kemendagri_code": ("Kode Kemendagri", "Kemendagri code"),
    "bps_code": ("Kode BPS", "BPS code"),
    "content_hash": ("Sidik berkas (SHA-256)", "File fingerprint (SHA-256)"),
    "detached_at": ("Dilepas pada", "Detached at"),
    "found_by": ("Ditemukan oleh", "Found by"),
    "failed_logins": ("Gagal masuk", "Failed sign-ins"),
    "locked_until": ("Terkunci sampai", "Locked until"),
    "merged_into": ("Digabung ke", "Merged into"),
    "link_id": ("Tautan (ID)", "Link (ID)"),
    "evidence_id": ("Bukti (ID)", "Evidence (ID)"),
    "submission_id": ("Isian (ID)", "Item (ID)"),
    "period_id": ("Periode (ID)", "Period (ID)"),
    "sha256": ("Sidik berkas (SHA-256)", "File fingerprint (SHA-256)"),
    "size": ("Ukuran (bita)", "Size (bytes)"),
    "media_type": ("Jenis berkas", "File type"),
    "display_name": ("Nama berkas", "File name"),
    "document_date": ("Tanggal dokumen", "Document date"),
    "active_content": ("Konten aktif", "Active content"),
    "carried_from": ("Dibawa dari isian (ID)", "Carried from item (ID)"),
}


def _register(prefix: str, words: dict[str, tuple[str, str]]) -> None:
    register({f"{prefix}.{code}": {"id": texts[0], "en": texts[1]} for code, texts in words.items()})


_register("audit.event", EVENTS)
_register("audit.group", GROUPS)
_register("audit.entity", ENTITIES)
_register("audit.field", FIELDS)
register(
    {
        "audit.event.other": {"id": "Kejadian lain", "en": "Other event"},
        "audit.entity.other": {"id": "Objek lain", "en": "Other object"},
    }
)


def _words(family: str, code: object) -> str | None:
    key = f"audit.{family}.{code}"
    return t(key) if key in MESSAGES else None


def event_name(code: object) -> str:
    """``review.approve`` → "Reviu: disetujui"; a code without a name → "Kejadian lain"."""
    return _words("event", code) or t("audit.event.other")


def entity_name(entity: object) -> str:
    """``submission`` → "Isian butir"; an unnamed kind of object → "Objek lain"."""
    return _words("entity", entity) or t("audit.entity.other")


def field_name(field: str) -> str:
    """``self_value`` → "Nilai mandiri"; a field without a name reads as words (``foo_bar`` → "Foo bar")."""
    return _words("field", field) or field.replace("_", " ").capitalize()


def group_name(prefix: str) -> str:
    return _words("group", prefix) or prefix.rstrip(".")
