"""Build the provisional MCP catalogs indicators/catalogs/mcp-2024.yaml and mcp-2025.yaml.

The official KPK item wording and weights for 2024 and most of the 2025 indicator book were not found, so both
catalogs are provisional: they follow the published shape (2024: 8 areas, 26 indicators, ~65 sub-indicators;
2025: 8 areas, 16 sasaran, 3 aspects each, ~111 indicators) and the digital-service crosswalk in the domain notes.
Items are written once here and shared by both years, so an item that stays the same keeps its code, its name
and its evidence in both catalogs, and the 2024 -> 2025 diff shows it as moved rather than removed and added.

Who an item applies to and how a pemda's value comes from its OPDs are set here too: taxes and services that
exist at one level of government only carry ``applies_to`` (UU 1/2022 HKPD: PBB-P2, BPHTB and PBJT are
kabupaten/kota taxes, PKB provincial; MPP and adminduk are run by kabupaten/kota), and every leaf's
``aggregation`` follows ``_aggregation``: ``all`` when every OPD must comply, ``any`` when one pemda-level
document (a Perda, a Perkada, one publication) suffices, ``mean`` for coverage across service units, else the
catalog's default ``lead`` (the lead OPD's value).

Run after editing: ``.venv/bin/python scripts/build_mcp_catalogs.py``. The YAML files are what ship.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indicators.loader import dump_yaml, parse_catalog  # noqa: E402

ALL_OPD_KINDS = ["dinas", "badan", "biro", "inspektorat", "setwan", "setda", "satpol", "uptd"]
SERVICE_UNITS = ["DPMPTSP", "Dinkes", "Dikbud", "Disdukcapil", "RSUD CB", "Biro Organisasi"]
KABUPATEN_KOTA = ["kabupaten", "kota"]  # taxes and services a province only coordinates
PROVINSI = ["provinsi"]
DEFAULT_AGGREGATION = "lead"

# Evidence kinds per kind of document; regulations stay valid until revoked, everything else is yearly.
DOCUMENT_KINDS: dict[str, tuple[list[str], int | None]] = {
    "reg": (["pdf"], None),
    "doc": (["pdf", "docx"], 365),
    "shot": (["png", "jpeg", "pdf"], 365),
    "data": (["xlsx", "csv", "pdf"], 365),
}

ZONES = [
    {"name": "merah", "min": 0, "max": 25, "color": "#c0392b"},
    {"name": "kuning", "min": 25, "max": 50, "color": "#f1c40f"},
    {"name": "biru", "min": 50, "max": 78, "color": "#2e86c1"},
    {"name": "hijau", "min": 78, "max": 100, "color": "#27ae60"},
]
DEADLINES = [
    {"name": "Batas unggah dokumen MCP", "month": 11, "day": 30, "kind": "submission"},
    {"name": "Verifikasi dokumen dan lapangan", "month": 12, "day": 10, "kind": "verification"},
    {"name": "Publikasi skor MCP", "month": 12, "day": 17, "kind": "publication"},
]
ZONE_COMMENT = (
    "# Zones: only hijau from 78 is reported for 2024-2025; the merah/kuning/biru edges are PROVISIONAL\n"
    "# (the 2023 bands with biru stretched to 78). Replace them when KPK publishes the official bands.\n"
)


@dataclass(frozen=True)
class Item:
    """One assessed item: a 2024 sub-indicator and/or a 2025 indicator."""

    name: str
    documents: list[tuple[str, int, str]]  # (document, points in 2025, kind of document)
    opds: list[str] = field(default_factory=list)
    all_opd: bool = False
    digital: bool = False
    code: str | None = None  # set for a 2025-only item that must keep a fixed code
    applies_to: list[str] | None = None  # None: every kind of pemda
    aggregation: str | None = None  # None: ``_aggregation`` decides

    def leaf(self, code: str, rule: dict[str, Any]) -> dict[str, Any]:
        evidence = []
        for document, _, kind in self.documents:
            kinds, max_age = DOCUMENT_KINDS[kind]
            requirement: dict[str, Any] = {"description": document, "kinds": kinds}
            if max_age is not None:
                requirement["max_age_days"] = max_age
            evidence.append(requirement)
        responsible: dict[str, Any] = {}
        if self.all_opd:
            responsible["opd_kinds"] = ALL_OPD_KINDS
        if self.opds:
            responsible["opds"] = self.opds
        node: dict[str, Any] = {"code": code, "name": self.name, "weight": 1, "rule": rule}
        if self.applies_to is not None:
            node["applies_to"] = self.applies_to
        rule_for_pemda = _aggregation(self)
        if rule_for_pemda != DEFAULT_AGGREGATION:
            node["aggregation"] = rule_for_pemda
        node["evidence"] = evidence
        node["responsible"] = responsible
        if self.digital:
            node["tags"] = ["digital"]
        return node


def _aggregation(item: Item) -> str:
    """How the pemda's value comes from the OPDs' values (see the module docstring)."""
    if item.aggregation is not None:
        return item.aggregation
    if item.all_opd:
        return "all"
    if item.opds == SERVICE_UNITS:
        return "mean"
    if len(item.opds) > 1 and any(kind == "reg" for _, _, kind in item.documents):
        return "any"
    return DEFAULT_AGGREGATION


def _i(name: str, *documents: tuple[str, int, str], **kwargs: Any) -> Item:
    return Item(name, list(documents), **kwargs)


# Items that exist in 2024 (as sub-indicators); most carry on into 2025 under the same code.
ITEMS: dict[str, Item] = {
    # -- Perencanaan ------------------------------------------------------------------------------------------
    "PRC.1.1": _i(
        "RKPD ditetapkan tepat waktu dan diinput lengkap di SIPD",
        ("Tangkapan layar modul RKPD di SIPD dengan status final", 50, "shot"),
        ("Peraturan Kepala Daerah tentang RKPD dengan tanggal penetapan", 50, "reg"),
        opds=["Bappeda"],
        digital=True,
    ),
    "PRC.1.2": _i(
        "Renja seluruh OPD diinput di SIPD e-planning",
        ("Tangkapan layar rekap Renja OPD di SIPD", 60, "shot"),
        ("Renja OPD yang telah ditandatangani kepala OPD", 40, "doc"),
        opds=["Bappeda"],
        all_opd=True,
        digital=True,
    ),
    "PRC.1.3": _i(
        "Musrenbang RKPD dilaksanakan dan terdokumentasi",
        ("Berita acara Musrenbang RKPD", 50, "doc"),
        ("Daftar hadir dan dokumentasi Musrenbang", 50, "doc"),
        opds=["Bappeda"],
    ),
    "PRC.2.1": _i(
        "Pokok-pokok pikiran DPRD diinput melalui e-pokir SIPD sesuai jadwal",
        ("Tangkapan layar daftar pokir pada e-pokir SIPD", 50, "shot"),
        ("Berita acara penyerahan pokok-pokok pikiran DPRD", 50, "doc"),
        opds=["Setwan", "Bappeda"],
        digital=True,
    ),
    "PRC.2.2": _i(
        "Verifikasi pokok-pokok pikiran DPRD oleh Bappeda dan OPD",
        ("Berita acara verifikasi pokir", 50, "doc"),
        ("Rekap pokir yang diakomodasi dalam RKPD", 50, "data"),
        opds=["Bappeda"],
    ),
    "PRC.3.1": _i(
        "Kesesuaian program dan kegiatan RKPD dengan KUA-PPAS",
        ("Matriks kesesuaian program/kegiatan RKPD dan KUA-PPAS", 60, "data"),
        ("Nota kesepakatan KUA-PPAS", 40, "doc"),
        opds=["Bappeda", "BPKAD"],
    ),
    "PRC.3.2": _i(
        "Standar harga satuan (SSH, SBU, HSPK, ASB) ditetapkan dan diinput di SIPD",
        ("Peraturan Kepala Daerah tentang standar harga satuan", 50, "reg"),
        ("Tangkapan layar standar harga satuan pada SIPD", 50, "shot"),
        opds=["BPKAD", "Bappeda"],
        digital=True,
    ),
    "PRC.3.3": _i(
        "Dokumen perencanaan (RKPD dan Renja) dipublikasikan di situs web pemda",
        ("Tangkapan layar halaman publikasi RKPD di situs web pemda", 50, "shot"),
        ("Tangkapan layar publikasi Renja OPD beserta tautannya", 50, "shot"),
        opds=["Bappeda", "Diskominfosan"],
        digital=True,
        aggregation="any",
    ),
    # -- Penganggaran -----------------------------------------------------------------------------------------
    "ANG.1.1": _i(
        "Persetujuan bersama Raperda APBD paling lambat 30 November",
        ("Keputusan DPRD atau berita acara persetujuan bersama Raperda APBD", 100, "doc"),
        opds=["BPKAD", "Setwan"],
        aggregation="any",
    ),
    "ANG.1.2": _i(
        "Perda APBD dan Perkada Penjabaran APBD ditetapkan tepat waktu",
        ("Peraturan Daerah tentang APBD", 50, "reg"),
        ("Peraturan Kepala Daerah tentang Penjabaran APBD", 50, "reg"),
        opds=["BPKAD", "Biro Hukum"],
    ),
    "ANG.2.1": _i(
        "RKA dan DPA seluruh OPD disusun di SIPD",
        ("Tangkapan layar RKA OPD pada SIPD", 50, "shot"),
        ("DPA OPD yang dicetak dari SIPD", 50, "doc"),
        opds=["BPKAD"],
        all_opd=True,
        digital=True,
    ),
    "ANG.2.2": _i(
        "Penatausahaan keuangan (SPP, SPM, SP2D) dilaksanakan melalui SIPD",
        ("Tangkapan layar modul penatausahaan SIPD", 50, "shot"),
        ("Rekap SP2D yang diterbitkan melalui SIPD", 50, "data"),
        opds=["BPKAD"],
        all_opd=True,
        digital=True,
    ),
    "ANG.2.3": _i(
        "SP2D online dan transaksi non-tunai terintegrasi dengan bank (Cash Management System)",
        ("Tangkapan layar SP2D online atau CMS bank", 50, "shot"),
        ("Laporan transaksi non-tunai dari bank", 50, "data"),
        opds=["BPKAD"],
        digital=True,
    ),
    "ANG.3.1": _i(
        "APBD dan realisasinya dipublikasikan di situs web pemda",
        ("Tangkapan layar publikasi Perda APBD di situs web pemda", 50, "shot"),
        ("Tangkapan layar publikasi laporan realisasi anggaran", 50, "shot"),
        opds=["BPKAD", "Diskominfosan"],
        digital=True,
        aggregation="any",
    ),
    "ANG.3.2": _i(
        "Hibah dan bantuan sosial disalurkan sesuai NPHD dan dipublikasikan",
        ("Daftar penerima hibah dan bantuan sosial yang dipublikasikan", 50, "data"),
        ("NPHD yang telah ditandatangani", 50, "doc"),
        opds=["BPKAD", "Biro Kesra"],
    ),
    # -- Pengadaan Barang/Jasa --------------------------------------------------------------------------------
    "PBJ.1.1": _i(
        "RUP seluruh OPD diumumkan di SiRUP tepat waktu",
        ("Tangkapan layar rekap pengumuman RUP per OPD di SiRUP", 60, "shot"),
        ("Surat edaran atau jadwal pengumuman RUP", 40, "doc"),
        opds=["Biro PBJ"],
        all_opd=True,
        digital=True,
    ),
    "PBJ.1.2": _i(
        "Pagu RUP di SiRUP sesuai dengan belanja pengadaan dalam DPA",
        ("Rekap perbandingan pagu RUP dan belanja pengadaan DPA", 60, "data"),
        ("Tangkapan layar rekap pagu pada SiRUP", 40, "shot"),
        opds=["Biro PBJ", "BPKAD"],
        digital=True,
    ),
    "PBJ.2.1": _i(
        "Tender dan seleksi dilaksanakan melalui SPSE",
        ("Rekap paket tender dan seleksi dari SPSE", 50, "data"),
        ("Tangkapan layar daftar paket pada LPSE", 50, "shot"),
        opds=["Biro PBJ"],
        digital=True,
    ),
    "PBJ.2.2": _i(
        "Pengadaan melalui e-purchasing katalog elektronik (nasional, sektoral, lokal)",
        ("Rekap transaksi e-purchasing katalog elektronik", 60, "data"),
        ("Tangkapan layar etalase katalog elektronik lokal", 40, "shot"),
        opds=["Biro PBJ"],
        digital=True,
    ),
    "PBJ.2.3": _i(
        "Belanja melalui toko daring (Bela Pengadaan)",
        ("Rekap transaksi toko daring per OPD", 100, "data"),
        opds=["Biro PBJ"],
        all_opd=True,
        digital=True,
    ),
    "PBJ.2.4": _i(
        "Kontrak elektronik dan pencatatan pengadaan non-tender di SPSE",
        ("Tangkapan layar e-kontrak pada SPSE", 50, "shot"),
        ("Rekap pencatatan non-tender dan swakelola", 50, "data"),
        opds=["Biro PBJ"],
        digital=True,
    ),
    "PBJ.3.1": _i(
        "UKPBJ berbentuk struktural dengan tingkat kematangan yang dinilai",
        ("Peraturan Kepala Daerah tentang kelembagaan UKPBJ", 50, "reg"),
        ("Hasil penilaian tingkat kematangan UKPBJ", 50, "doc"),
        opds=["Biro PBJ", "Biro Organisasi"],
    ),
    "PBJ.3.2": _i(
        "Pengelola pengadaan berstatus fungsional dan bersertifikat kompetensi",
        ("SK pengangkatan Jabatan Fungsional Pengelola PBJ", 50, "doc"),
        ("Sertifikat kompetensi pengelola PBJ", 50, "doc"),
        opds=["Biro PBJ", "BKD"],
    ),
    "PBJ.4.1": _i(
        "Belanja produk dalam negeri dan usaha mikro, kecil dan koperasi memenuhi target",
        ("Laporan realisasi belanja PDN dan UMK-Koperasi", 60, "data"),
        ("Tangkapan layar dasbor pemantauan PDN", 40, "shot"),
        opds=["Biro PBJ"],
    ),
    "PBJ.4.2": _i(
        "Pengendalian kontrak dan pemantauan penyelesaian pekerjaan",
        ("Laporan pengendalian kontrak per triwulan", 100, "doc"),
        opds=["Biro PBJ", "Inspektorat"],
    ),
    # -- Pelayanan Publik -------------------------------------------------------------------------------------
    "YANLIK.1.1": _i(
        "Perizinan berusaha berbasis risiko dilayani melalui OSS-RBA",
        ("Rekap NIB dan izin terbit dari OSS-RBA", 50, "data"),
        ("Laporan pengawasan perizinan berusaha", 50, "doc"),
        opds=["DPMPTSP"],
        digital=True,
    ),
    "YANLIK.1.2": _i(
        "Perizinan non-berusaha dilayani melalui aplikasi terintegrasi (SiCantik Cloud)",
        ("Tangkapan layar layanan pada SiCantik Cloud", 50, "shot"),
        ("Rekap izin non-berusaha yang terbit", 50, "data"),
        opds=["DPMPTSP"],
        digital=True,
    ),
    "YANLIK.2.1": _i(
        "Standar pelayanan ditetapkan dan dipublikasikan di setiap unit layanan",
        ("Keputusan penetapan standar pelayanan", 50, "doc"),
        ("Foto publikasi standar pelayanan dan maklumat di unit layanan", 50, "shot"),
        opds=SERVICE_UNITS,
    ),
    "YANLIK.2.2": _i(
        "Survei Kepuasan Masyarakat dilaksanakan dan hasilnya ditindaklanjuti",
        ("Laporan hasil Survei Kepuasan Masyarakat", 60, "doc"),
        ("Rencana dan bukti tindak lanjut hasil survei", 40, "doc"),
        opds=SERVICE_UNITS,
    ),
    "YANLIK.2.3": _i(
        "Informasi pelayanan publik dimutakhirkan di SIPPN",
        ("Tangkapan layar profil layanan pemda di SIPPN", 100, "shot"),
        opds=["Biro Organisasi"],
        digital=True,
    ),
    "YANLIK.3.1": _i(
        "Pengaduan masyarakat dikelola melalui SP4N-LAPOR! dan ditindaklanjuti",
        ("Rekap pengaduan dan status tindak lanjut dari dasbor SP4N-LAPOR!", 60, "data"),
        ("Laporan pengelolaan pengaduan", 40, "doc"),
        opds=["Diskominfosan", "Biro Organisasi"],
        digital=True,
    ),
    "YANLIK.3.2": _i(
        "Admin dan penghubung SP4N-LAPOR! ditetapkan di setiap OPD",
        ("SK admin dan penghubung SP4N-LAPOR! per OPD", 100, "doc"),
        opds=["Diskominfosan"],
        all_opd=True,
        digital=True,
    ),
    "YANLIK.4.1": _i(
        "Mal Pelayanan Publik beroperasi dan terhubung dengan MPP Digital",
        ("Keputusan penetapan Mal Pelayanan Publik", 40, "doc"),
        ("Tangkapan layar layanan pemda pada MPP Digital", 30, "shot"),
        ("Rekap layanan dan pengunjung MPP", 30, "data"),
        opds=["DPMPTSP"],
        digital=True,
        applies_to=KABUPATEN_KOTA,
    ),
    "YANLIK.4.2": _i(
        "Pendaftaran pasien daring dan rekam medis elektronik di RSUD",
        ("Tangkapan layar pendaftaran pasien daring", 50, "shot"),
        ("SK penerapan rekam medis elektronik", 50, "doc"),
        opds=["RSUD CB", "Dinkes"],
        digital=True,
    ),
    "YANLIK.4.3": _i(
        "Penerimaan murid baru dilaksanakan secara daring dan transparan",
        ("Petunjuk teknis penerimaan murid baru", 40, "doc"),
        ("Tangkapan layar laman pendaftaran daring", 30, "shot"),
        ("Pengumuman hasil seleksi", 30, "doc"),
        opds=["Dikbud"],
        digital=True,
    ),
    "YANLIK.4.4": _i(
        "Layanan administrasi kependudukan daring dan Identitas Kependudukan Digital",
        ("Rekap aktivasi Identitas Kependudukan Digital", 50, "data"),
        ("Tangkapan layar layanan adminduk daring", 50, "shot"),
        opds=["Disdukcapil"],
        digital=True,
        applies_to=KABUPATEN_KOTA,
    ),
    # -- Pengawasan APIP --------------------------------------------------------------------------------------
    "APIP.1.1": _i(
        "Level kapabilitas APIP paling rendah level 3",
        ("Hasil penilaian kapabilitas APIP (IACM) oleh BPKP", 100, "doc"),
        opds=["Inspektorat"],
    ),
    "APIP.1.2": _i(
        "Jumlah auditor dan P2UPD memenuhi analisis beban kerja",
        ("Dokumen analisis beban kerja Inspektorat", 50, "doc"),
        ("SK pengangkatan jabatan fungsional Auditor dan P2UPD", 50, "doc"),
        opds=["Inspektorat", "BKD"],
    ),
    "APIP.2.1": _i(
        "PKPT berbasis risiko disusun dan direalisasikan",
        ("Program Kerja Pengawasan Tahunan berbasis risiko", 50, "doc"),
        ("Laporan realisasi PKPT", 50, "doc"),
        opds=["Inspektorat"],
    ),
    "APIP.2.2": _i(
        "Pengawasan dikelola melalui aplikasi e-audit",
        ("Tangkapan layar aplikasi e-audit", 50, "shot"),
        ("Laporan hasil pengawasan yang dicetak dari aplikasi", 50, "doc"),
        opds=["Inspektorat"],
        digital=True,
    ),
    "APIP.2.3": _i(
        "Rekomendasi hasil pemeriksaan BPK dan APIP ditindaklanjuti",
        ("Rekap status tindak lanjut hasil pemeriksaan", 60, "data"),
        ("Bukti tindak lanjut rekomendasi", 40, "doc"),
        opds=["Inspektorat"],
        all_opd=True,
    ),
    "APIP.3.1": _i(
        "Unit Pengendalian Gratifikasi melaporkan gratifikasi melalui GOL KPK",
        ("Rekap laporan gratifikasi dari aplikasi GOL KPK", 60, "data"),
        ("Laporan UPG kepada KPK", 40, "doc"),
        opds=["Inspektorat"],
        digital=True,
    ),
    "APIP.3.2": _i(
        "Whistleblowing system diterapkan",
        ("Peraturan Kepala Daerah tentang whistleblowing system", 40, "reg"),
        ("Tangkapan layar aplikasi whistleblowing system", 30, "shot"),
        ("Rekap pengaduan yang diterima dan ditangani", 30, "data"),
        opds=["Inspektorat", "Diskominfosan"],
        digital=True,
    ),
    "APIP.3.3": _i(
        "Benturan kepentingan diatur dan ditangani",
        ("Peraturan Kepala Daerah tentang penanganan benturan kepentingan", 50, "reg"),
        ("Laporan penanganan benturan kepentingan", 50, "doc"),
        opds=["Inspektorat"],
    ),
    # -- Manajemen ASN ----------------------------------------------------------------------------------------
    "ASN.1.1": _i(
        "Data ASN dimutakhirkan di SIASN",
        ("Tangkapan layar dasbor pemutakhiran data di SIASN", 50, "shot"),
        ("Rekap pemutakhiran data ASN", 50, "data"),
        opds=["BKD"],
        digital=True,
    ),
    "ASN.1.2": _i(
        "SIMPEG daerah terintegrasi dengan SIASN",
        ("Tangkapan layar SIMPEG daerah yang menampilkan data SIASN", 50, "shot"),
        ("Dokumen integrasi atau perjanjian pertukaran data dengan BKN", 50, "doc"),
        opds=["BKD", "Diskominfosan"],
        digital=True,
    ),
    "ASN.2.1": _i(
        "Kinerja ASN dinilai melalui e-kinerja",
        ("Tangkapan layar e-kinerja", 50, "shot"),
        ("Rekap penilaian SKP per OPD", 50, "data"),
        opds=["BKD"],
        all_opd=True,
        digital=True,
    ),
    "ASN.2.2": _i(
        "TPP dibayarkan berdasarkan kinerja dan kehadiran melalui e-TPP",
        ("Rekap perhitungan TPP dari aplikasi e-TPP", 60, "data"),
        ("Tangkapan layar aplikasi e-TPP", 40, "shot"),
        opds=["BKD", "BPKAD"],
        digital=True,
    ),
    "ASN.3.1": _i(
        "Sistem merit dinilai dan berkategori baik",
        ("Hasil penilaian sistem merit oleh BKN/KASN", 100, "doc"),
        opds=["BKD"],
    ),
    "ASN.3.2": _i(
        "Seleksi terbuka JPT dan mutasi sesuai manajemen talenta",
        ("Laporan panitia seleksi terbuka JPT", 50, "doc"),
        ("SK pelantikan beserta rekomendasi/persetujuan teknis", 50, "doc"),
        opds=["BKD"],
    ),
    "ASN.3.3": _i(
        "Wajib lapor menyampaikan LHKPN melalui e-LHKPN",
        ("Rekap kepatuhan LHKPN dari e-LHKPN", 100, "data"),
        opds=["Inspektorat", "BKD"],
        digital=True,
    ),
    # -- Pengelolaan BMD --------------------------------------------------------------------------------------
    "BMD.1.1": _i(
        "BMD dicatat melalui aplikasi e-BMD atau SIMDA-BMD",
        ("Tangkapan layar aplikasi pencatatan BMD", 50, "shot"),
        ("Kartu inventaris barang dari aplikasi", 50, "data"),
        opds=["BPKAD"],
        all_opd=True,
        digital=True,
    ),
    "BMD.1.2": _i(
        "Data BMD direkonsiliasi dengan laporan keuangan",
        ("Berita acara rekonsiliasi BMD dan laporan keuangan", 100, "doc"),
        opds=["BPKAD"],
    ),
    "BMD.1.3": _i(
        "Inventarisasi BMD dilaksanakan di setiap OPD",
        ("Laporan hasil inventarisasi BMD", 60, "doc"),
        ("Berita acara inventarisasi", 40, "doc"),
        opds=["BPKAD"],
        all_opd=True,
    ),
    "BMD.2.1": _i(
        "Tanah milik pemda bersertifikat",
        ("Rekap bidang tanah bersertifikat dan belum", 60, "data"),
        ("Salinan sertifikat yang terbit pada tahun berjalan", 40, "doc"),
        opds=["BPKAD"],
    ),
    "BMD.2.2": _i(
        "Kendaraan dinas dan aset yang dikuasai pihak lain ditertibkan",
        ("Berita acara serah terima atau penarikan aset", 50, "doc"),
        ("Rekap penertiban kendaraan dinas dan aset", 50, "data"),
        opds=["BPKAD"],
    ),
    "BMD.2.3": _i(
        "Aset bermasalah atau bersengketa diselesaikan",
        ("Rekap aset bermasalah dan status penyelesaiannya", 50, "data"),
        ("Dokumen penyelesaian (putusan, perjanjian, berita acara)", 50, "doc"),
        opds=["BPKAD", "Biro Hukum"],
    ),
    "BMD.3.1": _i(
        "BMD dimanfaatkan dengan perjanjian dan menghasilkan PAD",
        ("Perjanjian pemanfaatan BMD (sewa, pinjam pakai, KSP)", 50, "doc"),
        ("Bukti setor kontribusi pemanfaatan BMD", 50, "doc"),
        opds=["BPKAD"],
    ),
    "BMD.3.2": _i(
        "Penghapusan BMD sesuai ketentuan",
        ("Keputusan penghapusan BMD", 100, "doc"),
        opds=["BPKAD"],
    ),
    # -- Optimalisasi Pajak Daerah ----------------------------------------------------------------------------
    "PAJAK.1.1": _i(
        "Perda pajak dan retribusi daerah sesuai UU HKPD",
        ("Peraturan Daerah tentang Pajak Daerah dan Retribusi Daerah", 60, "reg"),
        ("Hasil evaluasi Raperda oleh Kemendagri dan Kemenkeu", 40, "doc"),
        opds=["Bapenda", "Biro Hukum"],
    ),
    "PAJAK.1.2": _i(
        "Basis data wajib pajak dimutakhirkan dalam sistem informasi pajak daerah",
        ("Tangkapan layar sistem informasi pajak daerah", 50, "shot"),
        ("Rekap pemutakhiran data wajib pajak", 50, "data"),
        opds=["Bapenda"],
        digital=True,
    ),
    "PAJAK.2.1": _i(
        "Alat perekam transaksi usaha (tapping box/e-tax) terpasang pada wajib pajak",
        ("Berita acara pemasangan alat perekam transaksi", 50, "doc"),
        ("Rekap data transaksi dari alat perekam", 50, "data"),
        opds=["Bapenda"],
        digital=True,
        applies_to=KABUPATEN_KOTA,
    ),
    "PAJAK.2.2": _i(
        "Pembayaran pajak daerah non-tunai melalui QRIS dan kanal bank",
        ("Rekap penerimaan pajak melalui kanal non-tunai", 60, "data"),
        ("Tangkapan layar atau foto QRIS pembayaran pajak", 40, "shot"),
        opds=["Bapenda"],
        digital=True,
    ),
    "PAJAK.2.3": _i(
        "Pajak kendaraan bermotor dilayani melalui e-Samsat",
        ("Rekap transaksi e-Samsat", 100, "data"),
        opds=["Bapenda"],
        digital=True,
        applies_to=PROVINSI,
    ),
    "PAJAK.2.4": _i(
        "PBB-P2 dikelola secara elektronik (e-PBB-P2; kabupaten/kota)",
        ("Tangkapan layar aplikasi e-PBB-P2 dan rekap ketetapan", 100, "shot"),
        opds=["Bapenda"],
        digital=True,
        applies_to=KABUPATEN_KOTA,
    ),
    "PAJAK.2.5": _i(
        "BPHTB dikelola melalui e-BPHTB yang terintegrasi dengan BPN dan bank (kabupaten/kota)",
        ("Tangkapan layar e-BPHTB dan bukti integrasi dengan BPN dan bank", 100, "shot"),
        opds=["Bapenda"],
        digital=True,
        applies_to=KABUPATEN_KOTA,
    ),
    "PAJAK.3.1": _i(
        "Tunggakan pajak ditagih dan wajib pajak diperiksa",
        ("Laporan penagihan tunggakan pajak", 50, "doc"),
        ("Laporan hasil pemeriksaan wajib pajak", 50, "doc"),
        opds=["Bapenda"],
    ),
    "PAJAK.3.2": _i(
        "Realisasi penerimaan pajak daerah mencapai target",
        ("Laporan realisasi pendapatan pajak daerah", 100, "data"),
        opds=["Bapenda", "BPKAD"],
    ),
}

Area = tuple[str, str, str]  # code, name, English name
AREAS: list[Area] = [
    ("PRC", "Perencanaan", "Planning"),
    ("ANG", "Penganggaran", "Budgeting"),
    ("PBJ", "Pengadaan Barang/Jasa", "Procurement of goods and services"),
    ("YANLIK", "Pelayanan Publik", "Public services"),
    ("APIP", "Pengawasan APIP", "Internal audit (APIP)"),
    ("ASN", "Manajemen ASN", "Civil service management"),
    ("BMD", "Pengelolaan BMD", "Regional asset management"),
    ("PAJAK", "Optimalisasi Pajak Daerah", "Local tax optimisation"),
]

# 2024: area -> indicator -> sub-indicators (codes of ITEMS).
INDICATORS_2024: dict[str, list[tuple[str, str, list[str]]]] = {
    "PRC": [
        ("PRC.1", "Penyusunan RKPD dan Renja melalui SIPD", ["PRC.1.1", "PRC.1.2", "PRC.1.3"]),
        ("PRC.2", "Pokok-pokok pikiran DPRD", ["PRC.2.1", "PRC.2.2"]),
        ("PRC.3", "Keselarasan dan transparansi perencanaan", ["PRC.3.1", "PRC.3.2", "PRC.3.3"]),
    ],
    "ANG": [
        ("ANG.1", "Ketepatan waktu penetapan APBD", ["ANG.1.1", "ANG.1.2"]),
        ("ANG.2", "Penganggaran dan penatausahaan melalui SIPD", ["ANG.2.1", "ANG.2.2", "ANG.2.3"]),
        ("ANG.3", "Transparansi anggaran", ["ANG.3.1", "ANG.3.2"]),
    ],
    "PBJ": [
        ("PBJ.1", "Perencanaan pengadaan", ["PBJ.1.1", "PBJ.1.2"]),
        ("PBJ.2", "Pengadaan secara elektronik", ["PBJ.2.1", "PBJ.2.2", "PBJ.2.3", "PBJ.2.4"]),
        ("PBJ.3", "Kelembagaan dan SDM pengadaan", ["PBJ.3.1", "PBJ.3.2"]),
        ("PBJ.4", "Pengendalian pengadaan dan produk dalam negeri", ["PBJ.4.1", "PBJ.4.2"]),
    ],
    "YANLIK": [
        ("YANLIK.1", "Pelayanan perizinan (PTSP)", ["YANLIK.1.1", "YANLIK.1.2"]),
        ("YANLIK.2", "Standar pelayanan publik", ["YANLIK.2.1", "YANLIK.2.2", "YANLIK.2.3"]),
        ("YANLIK.3", "Pengelolaan pengaduan", ["YANLIK.3.1", "YANLIK.3.2"]),
        (
            "YANLIK.4",
            "Pelayanan terpadu dan digital",
            ["YANLIK.4.1", "YANLIK.4.2", "YANLIK.4.3", "YANLIK.4.4"],
        ),
    ],
    "APIP": [
        ("APIP.1", "Kapabilitas APIP", ["APIP.1.1", "APIP.1.2"]),
        ("APIP.2", "Pelaksanaan pengawasan", ["APIP.2.1", "APIP.2.2", "APIP.2.3"]),
        ("APIP.3", "Pengendalian gratifikasi dan benturan kepentingan", ["APIP.3.1", "APIP.3.2", "APIP.3.3"]),
    ],
    "ASN": [
        ("ASN.1", "Sistem informasi kepegawaian", ["ASN.1.1", "ASN.1.2"]),
        ("ASN.2", "Manajemen kinerja dan TPP", ["ASN.2.1", "ASN.2.2"]),
        ("ASN.3", "Sistem merit dan integritas ASN", ["ASN.3.1", "ASN.3.2", "ASN.3.3"]),
    ],
    "BMD": [
        ("BMD.1", "Database BMD", ["BMD.1.1", "BMD.1.2", "BMD.1.3"]),
        ("BMD.2", "Pengamanan BMD", ["BMD.2.1", "BMD.2.2", "BMD.2.3"]),
        ("BMD.3", "Pemanfaatan dan penghapusan BMD", ["BMD.3.1", "BMD.3.2"]),
    ],
    "PAJAK": [
        ("PAJAK.1", "Regulasi dan basis data pajak daerah", ["PAJAK.1.1", "PAJAK.1.2"]),
        (
            "PAJAK.2",
            "Digitalisasi pemungutan pajak daerah",
            ["PAJAK.2.1", "PAJAK.2.2", "PAJAK.2.3", "PAJAK.2.4", "PAJAK.2.5"],
        ),
        ("PAJAK.3", "Penagihan dan penerimaan pajak daerah", ["PAJAK.3.1", "PAJAK.3.2"]),
    ],
}

ASPECTS = [
    ("T", "Transparansi", "Transparency"),
    ("R", "Regulasi dan Kebijakan", "Regulation and policy"),
    ("A", "Akuntabilitas", "Accountability"),
]
Entry = str | Item  # a code of ITEMS (same item as 2024) or a new item
Sasaran = tuple[str, dict[str, list[Entry]]]  # name, aspect letter -> indicators

# 2025: area -> 2 sasaran -> aspects (Transparansi, Regulasi & Kebijakan, Akuntabilitas) -> indicators.
SASARAN_2025: dict[str, list[Sasaran]] = {
    "PRC": [
        (
            "Perencanaan pembangunan daerah yang partisipatif dan terdokumentasi di SIPD",
            {
                "T": [
                    "PRC.3.3",
                    _i(
                        "Hasil Musrenbang dan usulan yang diakomodasi dipublikasikan",
                        ("Berita acara Musrenbang yang dipublikasikan", 50, "doc"),
                        ("Tangkapan layar publikasi daftar usulan yang diakomodasi", 50, "shot"),
                        opds=["Bappeda"],
                    ),
                ],
                "R": [
                    _i(
                        "Peraturan Kepala Daerah tentang RKPD",
                        ("Peraturan Kepala Daerah tentang RKPD", 100, "reg"),
                        opds=["Bappeda", "Biro Hukum"],
                    ),
                    _i(
                        "Pedoman penyusunan dan verifikasi pokok-pokok pikiran DPRD",
                        ("Peraturan Kepala Daerah atau SOP pengelolaan pokir", 60, "reg"),
                        ("SK tim verifikasi pokir", 40, "doc"),
                        opds=["Bappeda", "Setwan"],
                    ),
                ],
                "A": ["PRC.1.1", "PRC.1.2", "PRC.1.3", "PRC.2.1"],
            },
        ),
        (
            "Perencanaan yang selaras dengan penganggaran",
            {
                "T": [
                    _i(
                        "KUA-PPAS yang disepakati dipublikasikan",
                        ("Tangkapan layar publikasi KUA-PPAS", 100, "shot"),
                        opds=["Bappeda", "BPKAD"],
                        aggregation="any",
                    ),
                    _i(
                        "Standar harga satuan dipublikasikan kepada OPD dan penyedia",
                        ("Tangkapan layar publikasi standar harga satuan", 100, "shot"),
                        opds=["BPKAD"],
                    ),
                ],
                "R": [
                    "PRC.3.2",
                    _i(
                        "Tata cara verifikasi keselarasan Renja dengan RKPD",
                        ("Peraturan Kepala Daerah atau SOP verifikasi Renja", 100, "reg"),
                        opds=["Bappeda"],
                    ),
                ],
                "A": [
                    "PRC.3.1",
                    "PRC.2.2",
                    _i(
                        "Pengendalian dan evaluasi pelaksanaan RKPD",
                        ("Laporan evaluasi pelaksanaan RKPD per triwulan", 60, "doc"),
                        ("Tangkapan layar modul pengendalian dan evaluasi SIPD", 40, "shot"),
                        opds=["Bappeda"],
                        digital=True,
                    ),
                ],
            },
        ),
    ],
    "ANG": [
        (
            "APBD ditetapkan tepat waktu dan transparan",
            {
                "T": [
                    "ANG.3.1",
                    _i(
                        "Ringkasan APBD yang mudah dipahami masyarakat dipublikasikan",
                        ("Tangkapan layar infografis atau ringkasan APBD", 100, "shot"),
                        opds=["BPKAD", "Diskominfosan"],
                        aggregation="any",
                    ),
                ],
                "R": [
                    "ANG.1.2",
                    _i(
                        "Kebijakan dan sistem akuntansi pemerintah daerah ditetapkan",
                        ("Peraturan Kepala Daerah tentang kebijakan akuntansi", 50, "reg"),
                        ("Peraturan Kepala Daerah tentang sistem akuntansi", 50, "reg"),
                        opds=["BPKAD"],
                    ),
                ],
                "A": ["ANG.1.1", "ANG.2.1"],
            },
        ),
        (
            "Penatausahaan dan pertanggungjawaban keuangan yang akuntabel",
            {
                "T": [
                    _i(
                        "Laporan keuangan yang telah diaudit dipublikasikan",
                        ("Tangkapan layar publikasi LKPD audited", 50, "shot"),
                        ("Laporan Hasil Pemeriksaan BPK atas LKPD", 50, "doc"),
                        opds=["BPKAD"],
                    ),
                    "ANG.3.2",
                ],
                "R": [
                    _i(
                        "Tata cara pemberian hibah dan bantuan sosial diatur",
                        ("Peraturan Kepala Daerah tentang hibah dan bantuan sosial", 100, "reg"),
                        opds=["BPKAD", "Biro Hukum"],
                    ),
                    _i(
                        "Pengelolaan kas daerah non-tunai diatur bersama bank",
                        ("Peraturan Kepala Daerah tentang transaksi non-tunai", 50, "reg"),
                        ("Perjanjian kerja sama Cash Management System dengan bank", 50, "doc"),
                        opds=["BPKAD"],
                        digital=True,
                    ),
                ],
                "A": [
                    "ANG.2.2",
                    "ANG.2.3",
                    _i(
                        "Kas dan realisasi anggaran direkonsiliasi setiap bulan",
                        ("Berita acara rekonsiliasi kas dan realisasi anggaran", 100, "doc"),
                        opds=["BPKAD"],
                        all_opd=True,
                    ),
                ],
            },
        ),
    ],
    "PBJ": [
        (
            "Perencanaan dan pelaksanaan pengadaan yang transparan",
            {
                "T": ["PBJ.1.1", "PBJ.2.1"],
                "R": [
                    _i(
                        "Pedoman pengadaan barang/jasa dan katalog elektronik lokal ditetapkan",
                        ("Peraturan Kepala Daerah tentang pedoman PBJ dan katalog lokal", 100, "reg"),
                        opds=["Biro PBJ"],
                        digital=True,
                    ),
                    _i(
                        "PA/KPA, PPK dan Pejabat Pengadaan ditetapkan",
                        ("SK penetapan PA/KPA, PPK dan Pejabat Pengadaan", 100, "doc"),
                        opds=["Biro PBJ"],
                        all_opd=True,
                    ),
                ],
                "A": ["PBJ.1.2", "PBJ.2.2", "PBJ.2.3"],
            },
        ),
        (
            "Kelembagaan dan pengendalian pengadaan yang akuntabel",
            {
                "T": [
                    "PBJ.2.4",
                    _i(
                        "Pemenang dan nilai kontrak diumumkan di LPSE",
                        ("Tangkapan layar pengumuman pemenang dan nilai kontrak", 100, "shot"),
                        opds=["Biro PBJ"],
                        digital=True,
                    ),
                ],
                "R": [
                    "PBJ.3.1",
                    _i(
                        "SOP penanganan sanggah dan pengaduan pengadaan",
                        ("SOP penanganan sanggah dan pengaduan", 100, "doc"),
                        opds=["Biro PBJ"],
                    ),
                ],
                "A": ["PBJ.3.2", "PBJ.4.1", "PBJ.4.2"],
            },
        ),
    ],
    "YANLIK": [
        (
            "Pelayanan perizinan yang mudah, cepat dan pasti",
            {
                "T": [
                    _i(
                        "Standar pelayanan perizinan dipublikasikan secara daring",
                        ("Tangkapan layar standar pelayanan perizinan di situs web DPMPTSP", 100, "shot"),
                        opds=["DPMPTSP"],
                        digital=True,
                    ),
                    "YANLIK.1.2",
                ],
                "R": [
                    _i(
                        "Kewenangan perizinan didelegasikan kepada Kepala DPMPTSP",
                        ("Peraturan Kepala Daerah tentang pendelegasian kewenangan perizinan", 100, "reg"),
                        opds=["DPMPTSP", "Biro Hukum"],
                    ),
                    _i(
                        "Penyelenggaraan Mal Pelayanan Publik diatur",
                        ("Peraturan atau Keputusan Kepala Daerah tentang MPP", 100, "reg"),
                        opds=["DPMPTSP"],
                        applies_to=KABUPATEN_KOTA,
                    ),
                ],
                "A": ["YANLIK.1.1", "YANLIK.4.1"],
            },
        ),
        (
            "Pelayanan publik yang berstandar dan responsif terhadap pengaduan",
            {
                "T": ["YANLIK.2.3", "YANLIK.2.1"],
                "R": [
                    _i(
                        "Pengelolaan pengaduan pelayanan publik melalui SP4N-LAPOR! diatur",
                        ("Peraturan Kepala Daerah tentang pengelolaan pengaduan", 60, "reg"),
                        ("SK tim pengelola SP4N-LAPOR!", 40, "doc"),
                        opds=["Diskominfosan", "Biro Organisasi"],
                        digital=True,
                    ),
                    _i(
                        "Pelayanan bagi kelompok rentan dan penyandang disabilitas disediakan",
                        ("SOP pelayanan bagi kelompok rentan", 50, "doc"),
                        ("Foto sarana pelayanan bagi penyandang disabilitas", 50, "shot"),
                        opds=SERVICE_UNITS,
                    ),
                ],
                "A": ["YANLIK.3.1", "YANLIK.2.2", "YANLIK.4.2", "YANLIK.4.3", "YANLIK.4.4"],
            },
        ),
    ],
    "APIP": [
        (
            "Kapabilitas APIP yang memadai",
            {
                "T": [
                    _i(
                        "Laporan kinerja dan ringkasan hasil pengawasan dipublikasikan",
                        ("Tangkapan layar publikasi di situs web Inspektorat", 100, "shot"),
                        opds=["Inspektorat"],
                    ),
                ],
                "R": [
                    _i(
                        "Piagam audit internal dan kode etik APIP ditetapkan",
                        ("Piagam audit internal", 50, "doc"),
                        ("Kode etik APIP", 50, "doc"),
                        opds=["Inspektorat"],
                    ),
                    _i(
                        "Kebijakan pengawasan daerah ditetapkan",
                        ("Peraturan Kepala Daerah tentang kebijakan pengawasan", 100, "reg"),
                        opds=["Inspektorat"],
                    ),
                ],
                "A": [
                    "APIP.1.1",
                    "APIP.1.2",
                    _i(
                        "Anggaran pengawasan memenuhi ketentuan",
                        ("DPA Inspektorat", 50, "doc"),
                        ("Perhitungan persentase anggaran pengawasan terhadap APBD", 50, "data"),
                        opds=["Inspektorat", "BPKAD"],
                    ),
                    "APIP.2.1",
                ],
            },
        ),
        (
            "Pengendalian gratifikasi, benturan kepentingan dan tindak lanjut pemeriksaan",
            {
                "T": [
                    "APIP.3.2",
                    _i(
                        "Pengendalian gratifikasi disosialisasikan kepada ASN",
                        ("Laporan sosialisasi pengendalian gratifikasi", 100, "doc"),
                        opds=["Inspektorat"],
                    ),
                ],
                "R": [
                    _i(
                        "Pengendalian gratifikasi diatur dan UPG dibentuk",
                        ("Peraturan Kepala Daerah tentang pengendalian gratifikasi", 50, "reg"),
                        ("SK Unit Pengendalian Gratifikasi", 50, "doc"),
                        opds=["Inspektorat"],
                    ),
                    "APIP.3.3",
                ],
                "A": ["APIP.3.1", "APIP.2.2", "APIP.2.3"],
            },
        ),
    ],
    "ASN": [
        (
            "Manajemen ASN berbasis sistem merit",
            {
                "T": [
                    _i(
                        "Seleksi terbuka JPT dan hasilnya diumumkan secara daring",
                        ("Tangkapan layar pengumuman seleksi terbuka", 50, "shot"),
                        ("Pengumuman hasil seleksi terbuka", 50, "doc"),
                        opds=["BKD"],
                        digital=True,
                    ),
                ],
                "R": [
                    _i(
                        "Manajemen talenta ASN diatur",
                        ("Peraturan Kepala Daerah tentang manajemen talenta", 100, "reg"),
                        opds=["BKD"],
                    ),
                    _i(
                        "Kebutuhan ASN disusun dari analisis jabatan dan beban kerja",
                        ("Dokumen analisis jabatan dan analisis beban kerja", 60, "doc"),
                        ("Usulan kebutuhan formasi ASN", 40, "doc"),
                        opds=["BKD", "Biro Organisasi"],
                    ),
                ],
                "A": ["ASN.3.1", "ASN.3.2", "ASN.1.1", "ASN.1.2"],
            },
        ),
        (
            "Manajemen kinerja dan integritas ASN",
            {
                "T": [
                    _i(
                        "Kebijakan TPP (besaran dan kriteria) dipublikasikan",
                        ("Tangkapan layar publikasi kebijakan TPP", 100, "shot"),
                        opds=["BKD"],
                    ),
                ],
                "R": [
                    _i(
                        "TPP berbasis kinerja diatur",
                        ("Peraturan Kepala Daerah tentang TPP", 60, "reg"),
                        ("Persetujuan Kemendagri atas TPP", 40, "doc"),
                        opds=["BKD", "BPKAD"],
                    ),
                    _i(
                        "Kewajiban LHKPN dan LHKASN ditetapkan",
                        ("Keputusan Kepala Daerah tentang wajib lapor LHKPN dan LHKASN", 100, "doc"),
                        opds=["BKD", "Inspektorat"],
                        aggregation="any",
                    ),
                ],
                "A": [
                    "ASN.2.1",
                    "ASN.2.2",
                    "ASN.3.3",
                    _i(
                        "Wajib lapor menyampaikan LHKASN melalui SIHARKA",
                        ("Rekap kepatuhan LHKASN dari SIHARKA", 100, "data"),
                        opds=["BKD"],
                        digital=True,
                    ),
                    _i(
                        "Disiplin ASN ditegakkan",
                        ("Rekap penjatuhan hukuman disiplin ASN", 100, "data"),
                        opds=["BKD", "Inspektorat"],
                    ),
                ],
            },
        ),
    ],
    "BMD": [
        (
            "Penatausahaan BMD yang tertib dan akurat",
            {
                "T": [
                    _i(
                        "Daftar BMD yang dapat dimanfaatkan pihak ketiga dipublikasikan",
                        ("Tangkapan layar publikasi daftar BMD yang dapat dimanfaatkan", 100, "shot"),
                        opds=["BPKAD"],
                    ),
                ],
                "R": [
                    _i(
                        "Pengelolaan BMD diatur dalam Peraturan Kepala Daerah",
                        ("Peraturan Kepala Daerah tentang pengelolaan BMD", 100, "reg"),
                        opds=["BPKAD", "Biro Hukum"],
                    ),
                    _i(
                        "Pengurus barang ditetapkan di setiap OPD",
                        ("SK pengurus barang dan pembantu pengurus barang", 100, "doc"),
                        opds=["BPKAD"],
                        all_opd=True,
                    ),
                ],
                "A": [
                    _i(
                        "Database BMD",
                        ("Screenshot menu laporan BMD sesuai Permendagri 47/2021", 50, "shot"),
                        ("Laporan BMD format IV L.4.4", 50, "data"),
                        opds=["BPKAD"],
                        all_opd=True,
                        digital=True,
                        code="BMD.1",
                    ),
                    "BMD.1.2",
                    "BMD.1.3",
                ],
            },
        ),
        (
            "Pengamanan dan pemanfaatan BMD",
            {
                "T": [
                    _i(
                        "Kontribusi pemanfaatan BMD terhadap PAD dipublikasikan",
                        ("Laporan kontribusi pemanfaatan BMD yang dipublikasikan", 100, "doc"),
                        opds=["BPKAD"],
                    ),
                ],
                "R": [
                    _i(
                        "Tarif sewa BMD ditetapkan",
                        ("Peraturan Kepala Daerah tentang tarif sewa BMD", 100, "reg"),
                        opds=["BPKAD"],
                    ),
                    _i(
                        "SOP penertiban kendaraan dinas dan rumah dinas",
                        ("SOP penertiban kendaraan dinas dan rumah dinas", 100, "doc"),
                        opds=["BPKAD"],
                    ),
                ],
                "A": ["BMD.2.1", "BMD.2.2", "BMD.2.3", "BMD.3.1", "BMD.3.2"],
            },
        ),
    ],
    "PAJAK": [
        (
            "Regulasi dan basis data pajak daerah yang mutakhir",
            {
                "T": [
                    _i(
                        "Target dan realisasi penerimaan pajak daerah dipublikasikan",
                        ("Tangkapan layar publikasi target dan realisasi pajak daerah", 100, "shot"),
                        opds=["Bapenda"],
                    ),
                ],
                "R": [
                    "PAJAK.1.1",
                    _i(
                        "Tata cara pemungutan pajak daerah secara elektronik diatur",
                        ("Peraturan Kepala Daerah tentang pemungutan pajak secara elektronik", 100, "reg"),
                        opds=["Bapenda"],
                        digital=True,
                    ),
                ],
                "A": [
                    "PAJAK.1.2",
                    _i(
                        "Dasar pengenaan pajak (NJOP/NJKB) dimutakhirkan",
                        ("Keputusan penetapan dasar pengenaan pajak yang dimutakhirkan", 100, "doc"),
                        opds=["Bapenda"],
                    ),
                ],
            },
        ),
        (
            "Pemungutan dan pengawasan pajak daerah secara elektronik",
            {
                "T": [
                    _i(
                        "Kanal pembayaran pajak daerah daring diumumkan kepada masyarakat",
                        ("Tangkapan layar publikasi kanal pembayaran pajak daring", 100, "shot"),
                        opds=["Bapenda"],
                        digital=True,
                    ),
                ],
                "R": [
                    _i(
                        "Kerja sama pertukaran data pajak dengan DJP, BPN dan bank",
                        ("Perjanjian kerja sama pertukaran data perpajakan", 100, "doc"),
                        opds=["Bapenda"],
                    ),
                ],
                "A": [
                    "PAJAK.2.1",
                    "PAJAK.2.2",
                    "PAJAK.2.3",
                    "PAJAK.2.4",
                    "PAJAK.2.5",
                    "PAJAK.3.1",
                    "PAJAK.3.2",
                ],
            },
        ),
    ],
}

PERCENT_RULE = {"kind": "percent", "steps": [0, 50, 100]}


def _documents_rule(item: Item) -> dict[str, Any]:
    documents = [
        {"code": f"D{i}", "name": name, "points": points}
        for i, (name, points, _) in enumerate(item.documents, 1)
    ]
    return {"kind": "documents", "documents": documents}


def _catalog_head(year: int, source: str) -> dict[str, Any]:
    return {
        "key": f"mcp-{year}",
        "name": f"Monitoring Center for Prevention (MCP) KPK {year}",
        "name_en": f"KPK Monitoring Center for Prevention (MCP) {year}",
        "framework": "MCP",
        "year": year,
        "version": "1",
        "provenance": "provisional",
        "source": source,
        "aggregation": DEFAULT_AGGREGATION,
        "scale": {"min": 0, "max": 100},
        "zones": ZONES,
        "deadlines": DEADLINES,
    }


def build_2024() -> dict[str, Any]:
    areas = []
    for code, name, name_en in AREAS:
        indicators = [
            {
                "code": ind_code,
                "name": ind_name,
                "weight": 1,
                "children": [ITEMS[sub].leaf(sub, PERCENT_RULE) for sub in subs],
            }
            for ind_code, ind_name, subs in INDICATORS_2024[code]
        ]
        areas.append({"code": code, "name": name, "name_en": name_en, "weight": 1, "children": indicators})
    source = (
        "Provisional: the 8 MCP areas of 2024 (KPK); item wording, evidence and weights drafted by Lentera "
        "from public reports and the SPBE/MCP crosswalk; equal weights until the official ones are imported."
    )
    return {**_catalog_head(2024, source), "nodes": areas}


def build_2025() -> dict[str, Any]:
    areas = []
    for code, name, name_en in AREAS:
        sasaran_nodes = []
        for number, (sasaran_name, aspects) in enumerate(SASARAN_2025[code], 1):
            sasaran_code = f"{code}.S{number}"
            aspect_nodes = []
            for letter, aspect_name, aspect_en in ASPECTS:
                aspect_code = f"{sasaran_code}.{letter}"
                leaves = []
                for position, entry in enumerate(aspects[letter], 1):
                    if isinstance(entry, str):
                        item, leaf_code = ITEMS[entry], entry
                    else:
                        item, leaf_code = entry, entry.code or f"{aspect_code}.{position}"
                    leaves.append(item.leaf(leaf_code, _documents_rule(item)))
                aspect_nodes.append(
                    {
                        "code": aspect_code,
                        "name": aspect_name,
                        "name_en": aspect_en,
                        "weight": 1,
                        "children": leaves,
                    }
                )
            sasaran_nodes.append(
                {"code": sasaran_code, "name": sasaran_name, "weight": 1, "children": aspect_nodes}
            )
        areas.append({"code": code, "name": name, "name_en": name_en, "weight": 1, "children": sasaran_nodes})
    source = (
        "Provisional: MCP 2025 (IPKD-MCP) shape of KPK - 8 areas, 16 sasaran, 3 aspects each, documents with "
        "points per indicator; item wording drafted by Lentera except the reported BMD 'Database BMD' example."
    )
    return {**_catalog_head(2025, source), "nodes": areas}


def _header(year: int, shape: str) -> str:
    return (
        f"# Generated by scripts/build_mcp_catalogs.py: edit that script and re-run it (a test checks that\n"
        f"# this file matches it). A pemda's own variant is imported through the admin page instead.\n"
        f"# PROVISIONAL catalog of MCP {year}: {shape}\n"
        f"# The official KPK wording and weights were not found; weights are equal shares until an\n"
        f"# administrator imports the official ones. Codes are stable: MCP 2025 re-uses a 2024 code only for\n"
        f"# the same item.\n"
    )


def render(year: int) -> str:
    """The YAML text of the MCP catalog of a year, exactly as shipped."""
    if year == 2024:
        data, shape = build_2024(), "8 areas -> indicators -> sub-indicators scored 0/50/100."
    else:
        data, shape = build_2025(), "8 areas -> 2 sasaran -> 3 aspects -> indicators with documents."
    text = _header(year, shape) + dump_yaml(data)
    return text.replace("\nzones:\n", "\n" + ZONE_COMMENT + "zones:\n", 1)


def main() -> None:
    for year in (2024, 2025):
        text = render(year)
        path = ROOT / "indicators" / "catalogs" / f"mcp-{year}.yaml"
        parse_catalog(text, source=path.name)  # refuse to write a catalog the loader would reject
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
