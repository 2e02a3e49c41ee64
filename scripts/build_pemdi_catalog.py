"""Build indicators/catalogs/pemdi-2026.yaml from seed_data/pemdi-2026-indicators.csv (PermenPANRB 8/2026).

The Indeks Pemerintah Digital replaces the SPBE evaluation from the 2026 cycle: 7 aspects, 20 indicators, each
scored at a level 1..5 that is cumulative (an indicator is at the highest level whose evidence, and that of every
level below it, is all accepted). The regulation's own text was not found: the structure, weights, predicates
and calendar are *reported* (agreeing secondary sources, among them a copy of KemenPANRB's assessor deck of
21 Sep 2026), so the catalog is provisional and an administrator replaces it with the official text by
uploading a new version, without touching code.

The other indicators' rule is ``levels`` with ``cumulative: true``: one evidence requirement per level (code
``L1``..``L5``), which the focal point tags files with and the Tim Asesor Internal ticks. The sources list no
documents per level (only what the evidence usually is, per indicator: ``EVIDENCE``), so each level asks for
"Bukti level N – <level name>"; an administrator may split or reword them in a new catalog version.

Indicators 5, 6, 7 and 18 are converted from external indices (Indeks Satu Data Indonesia, SJIG, EPSS) and 10-12
from BSSN's IKASANDI (rule ``external_index``): the pemda enters the external value and uploads its result; no
external value counts level 1. The conversion tables were not found either: they use the predicate edges the
EPSS and SPBE indices share (1,8 / 2,6 / 3,5 / 4,2 on 0..5), provisional like the rest.

Run after editing: ``.venv/bin/python scripts/build_pemdi_catalog.py``. The YAML file is what ships.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indicators.loader import dump_yaml  # noqa: E402

SOURCE_CSV = ROOT / "seed_data" / "pemdi-2026-indicators.csv"
TARGET = ROOT / "indicators" / "catalogs" / "pemdi-2026.yaml"

# The assessor deck's names (scale "1,00 (Rintisan) s.d. 5,00 (Optimum)"); other sources name the levels
# Merintis … Unggul. Level names are catalog data: an administrator may rename them.
LEVELS = {1: "Rintisan", 2: "Terkelola", 3: "Terdefinisi", 4: "Terpadu dan Terukur", 5: "Optimum"}
# Lowest external value of each level 2..5 (provisional: EPSS/SPBE predicate edges on a 0..5 index).
THRESHOLDS = {2: 1.8, 3: 2.6, 4: 3.5, 5: 4.2}
EXTERNAL = {
    5: "Indeks Satu Data Indonesia",
    6: "Indeks SJIG (Simpul Jaringan Informasi Geospasial)",
    7: "Indeks Pembangunan Statistik (EPSS)",
    10: "IKASANDI (BSSN)",
    11: "IKASANDI (BSSN)",
    12: "IKASANDI (BSSN)",
    18: "Indeks Satu Data Indonesia",
}
# Who answers for each indicator in a provincial government (the first is the lead OPD).
OWNERS: dict[int, list[str]] = {
    1: ["Diskominfosan", "Bappeda"],
    3: ["Diskominfosan", "BKD"],
    4: ["Diskominfosan", "Bappeda"],
    5: ["Diskominfosan", "Bappeda"],
    6: ["Bappeda", "Diskominfosan"],
    9: ["Diskominfosan", "Inspektorat"],
    15: ["Biro Organisasi", "Diskominfosan"],
    17: ["Diskominfosan", "DPMPTSP"],
    19: ["Diskominfosan", "Biro Organisasi"],
    20: ["Biro Organisasi", "Diskominfosan"],
}
# What the evidence usually is, per indicator (from the sources' evidence lists; wording ours).
EVIDENCE: dict[int, str] = {
    1: "Peta Rencana/Arsitektur Pemdi, RPJMD/Renstra yang memuat Pemdi, SK Tim Koordinasi Pemdi, notulen koordinasi",
    2: "SOP manajemen layanan (risiko, insiden, perubahan, aset TIK) dan bukti pelaksanaannya",
    3: "Rencana dan laporan pengembangan kompetensi ASN Pemdi (pelatihan, komunitas belajar, microlearning)",
    4: "Rencana dan bukti pelaksanaan kolaborasi Pemdi antar perangkat daerah dan instansi (PKS/MoU, notulen)",
    5: "Hasil penilaian Indeks Satu Data Indonesia (laporan/tangkapan layar resmi)",
    6: "Hasil penilaian SJIG dan metadata informasi geospasial",
    7: "Hasil EPSS (Indeks Pembangunan Statistik) dari BPS",
    8: "Kebijakan pelindungan data pribadi, penetapan pejabat PDP, bukti pelaksanaan",
    9: "SK tim audit, rencana dan laporan audit keamanan dan teknologi Pemdi, tindak lanjut",
    10: "Hasil pengukuran IKASANDI dari BSSN",
    11: "Hasil pengukuran IKASANDI (kriptografi) dari BSSN",
    12: "Hasil pengukuran IKASANDI (penanganan insiden/CSIRT) dari BSSN",
    13: "Dokumentasi pembangunan aplikasi (arsitektur di SIAP Digital, UAT, API), RKA/DPA terkait",
    14: "Bukti pemanfaatan Pusat Data Nasional/PDNS, JIP, arsitektur infrastruktur di SIAP Digital",
    15: "Peta dan model proses bisnis lintas unit (arsitektur proses bisnis di SIAP Digital)",
    16: "Rencana dan bukti integrasi aplikasi (SPLP, daftar layanan terintegrasi)",
    17: "Portal layanan digital pemda dan tautannya ke portal nasional (INA Digital) dan Dasbor Presiden",
    18: "Hasil penilaian interoperabilitas data (Satu Data Indonesia), daftar pertukaran data",
    19: "Helpdesk/sistem pengaduan dan dasbor SLA layanan digital (SP4N-LAPOR!)",
    20: "Hasil survei kepuasan pengguna (termasuk kelompok rentan) dan laporan tindak lanjutnya",
}
TAGS_SERVICE = {15, 16, 17, 18, 19, 20}


def _leaf(row: dict[str, str]) -> dict[str, Any]:
    number = int(row["indicator_no"])
    external = EXTERNAL.get(number)
    if external is None:
        rule: dict[str, Any] = {
            "kind": "levels",
            "levels": dict(LEVELS),
            "cumulative": True,
            "documents": [
                {"code": f"L{level}", "name": f"Bukti level {level} – {name}", "level": level}
                for level, name in LEVELS.items()
            ],
        }
        evidence = f"Bukti dukung tiap level sampai level yang diklaim (level kumulatif): {EVIDENCE[number]}"
    else:
        rule = {
            "kind": "external_index",
            "index": external,
            "levels": dict(LEVELS),
            "thresholds": dict(THRESHOLDS),
            "external_min": 0.0,
            "external_max": 5.0,
        }
        evidence = EVIDENCE[number]
    return {
        "code": f"IK-{number:02d}",
        "name": row["indicator"],
        "weight": float(row["indicator_weight"]),
        "rule": rule,
        "evidence": [{"description": evidence, "kinds": ["pdf", "png", "jpeg", "docx"]}],
        "responsible": {"opds": OWNERS.get(number, ["Diskominfosan"])},
        "tags": ["digital", "layanan" if number in TAGS_SERVICE else "proses"],
    }


def build() -> dict[str, Any]:
    with SOURCE_CSV.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    aspects: dict[str, dict[str, Any]] = {}
    for row in rows:
        aspect = aspects.setdefault(
            row["aspect_no"],
            {
                "code": f"A{row['aspect_no']}",
                "name": f"Aspek {row['aspect']}",
                "weight": float(row["aspect_weight"]),
                "children": [],
            },
        )
        aspect["children"].append(_leaf(row))
    return {
        "key": "pemdi-2026",
        "name": "Indeks Pemerintah Digital 2026 (PermenPANRB 8/2026)",
        "name_en": "Digital Government Index 2026 (PermenPANRB 8/2026)",
        "framework": "Pemdi",
        "year": 2026,
        "version": "1",
        "provenance": "provisional",
        "source": (
            "PermenPANRB 8/2026 tentang Evaluasi Kinerja Pemerintah Digital, seperti dilaporkan (teks peraturan "
            "belum ditemukan): Lampiran Tabel 1 dan Tabel 4 menurut salinan materi asesor KemenPANRB "
            "21 Sep 2026 dan sumber sekunder yang sepakat; tabel konversi indeks eksternal sementara"
        ),
        # Every indicator runs 1..5; an unanswered one, and one without its external index, counts 1.
        "scale": {"min": 1, "max": 5},
        "zones_for": "pemda",  # the predicates are defined for a government's index, not an OPD's
        "zones": [
            {"name": "Kurang", "min": 1, "max": 1.5, "color": "#c0392b"},
            {"name": "Cukup", "min": 1.5, "max": 2.5, "color": "#e67e22"},
            {"name": "Baik", "min": 2.5, "max": 3.5, "color": "#f1c40f"},
            {"name": "Sangat Baik", "min": 3.5, "max": 4.0, "color": "#27ae60"},
            {"name": "Memuaskan", "min": 4.0, "max": 5, "color": "#1e8449"},
        ],
        # The 2026 calendar as one pemda reported it: upload 1 Aug-15 Sep, interviews 21-30 Sep, site visits in
        # October, results November to mid December.
        "deadlines": [
            {"name": "Pembukaan unggah bukti dukung", "month": 8, "day": 1, "kind": "opens"},
            {
                "name": "Batas unggah bukti dukung (penilaian mandiri)",
                "month": 9,
                "day": 15,
                "kind": "submission",
            },
            {"name": "Interviu asesor", "month": 9, "day": 30, "kind": "other"},
            {"name": "Akhir visitasi lapangan", "month": 10, "day": 31, "kind": "verification"},
            {"name": "Pengumuman hasil evaluasi", "month": 12, "day": 15, "kind": "publication"},
        ],
        "nodes": list(aspects.values()),
    }


def render() -> str:
    header = "# Generated by scripts/build_pemdi_catalog.py from seed_data/pemdi-2026-indicators.csv.\n"
    return header + dump_yaml(build())


def main() -> None:
    TARGET.write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
