"""Build indicators/catalogs/pekppp-2022.yaml from seed_data/pekppp-2022-indicators.csv (PermenPANRB 29/2022)
and the reported answer wording of seed_data/pekppp-2022-levels.csv.

PEKPPP (Pemantauan dan Evaluasi Kinerja Penyelenggaraan Pelayanan Publik) is evaluated per service unit (unit
penyelenggara pelayanan: DPMPTSP, RSUD, Disdukcapil, Samsat, ...), so the catalog says ``assessed:
service_unit``: a period assigns its items to the OPDs an administrator marked as service units, and to no other.

Six aspects with weights of the total (24 / 25 / 18 / 11 / 10 / 12), 30 scored indicators with weights *within*
their aspect (each aspect's add up to 100), every indicator scored 0–5; the index is the weighted mean on 0–5,
read in nine bands A … F. Item 31 (a queueing system, "informasi tambahan") is unscored and left out. The rows
are reported (2–4 agreeing secondary sources per row, listed in the CSV), not the regulation's own text: the
catalog is ``provisional``. Run once when the source CSV changes.
"""

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indicators.loader import dump_yaml  # noqa: E402

# The instrument words each indicator's answer options itself (0 … 5). Where sources report that wording
# (seed_data/pekppp-2022-levels.csv: all 30 indicators, each row with the sources it agrees with; 18–30 from at
# least two of three PEKPPP tools' F-02 forms) the levels carry it; an indicator without reported wording would
# keep these neutral names, which an administrator may replace with the official ones.
LEVELS = {0: "Tidak ada", 1: "Sangat kurang", 2: "Kurang", 3: "Cukup", 4: "Baik", 5: "Sangat baik"}
# Bands on the 0–5 index as published, on two decimals (F 0–1,00; E 1,01–1,50; …): an index is read on two
# decimals, so the edge between 1,00 and 1,01 is 1,005.
BANDS = [
    ("F – Gagal", 0.0, 1.005, "#7b241c"),
    ("E – Sangat Buruk", 1.005, 1.505, "#c0392b"),
    ("D – Buruk", 1.505, 2.005, "#e67e22"),
    ("C- – Cukup (Dengan Catatan)", 2.005, 2.505, "#f39c12"),
    ("C – Cukup", 2.505, 3.005, "#f1c40f"),
    ("B- – Baik (Dengan Catatan)", 3.005, 3.505, "#a9cce3"),
    ("B – Baik", 3.505, 4.005, "#5dade2"),
    ("A- – Sangat Baik", 4.005, 4.505, "#27ae60"),
    ("A – Pelayanan Prima", 4.505, 5.0, "#1e8449"),
]
# Indicators about an electronic information system or digital channel (aspect 4 and the digital media items).
DIGITAL = {3, 7, 21, 22, 23, 24, 26}
SOURCES = (
    "Dilaporkan (bukan teks resmi): PermenPANRB 29/2022 sebagaimana dirangkum KemenPANRB (Paparan Bimbingan "
    "Instrumen PEKPPP 2024) dan alat bantu PEKPPP pemda (Kab. Kutai Barat, Kota Probolinggo); sumber per butir di "
    "seed_data/pekppp-2022-indicators.csv"
)


def reported_levels() -> dict[int, dict[int, str]]:
    """Indicator number → level → the answer option's wording, from seed_data/pekppp-2022-levels.csv."""
    worded: dict[int, dict[int, str]] = {}
    with open(ROOT / "seed_data" / "pekppp-2022-levels.csv", encoding="utf-8") as source:
        for row in csv.DictReader(source):
            worded.setdefault(int(row["indicator_no"]), {})[int(row["level"])] = row["wording"]
    for number, levels in worded.items():
        if sorted(levels) != sorted(LEVELS):
            raise ValueError(f"pekppp-2022-levels.csv: indicator {number} needs the wording of levels 0 … 5")
    return worded


def main() -> None:
    with open(ROOT / "seed_data" / "pekppp-2022-indicators.csv", encoding="utf-8") as source:
        rows = [row for row in csv.DictReader(source) if float(row["indicator_weight"]) > 0]
    worded = reported_levels()
    aspects: dict[str, dict] = {}
    for row in rows:
        code = f"A{row['aspect_no']}"
        aspect = aspects.setdefault(
            code,
            {"code": code, "name": row["aspect"], "weight": float(row["aspect_weight"]), "children": []},
        )
        number = int(row["indicator_no"])
        aspect["children"].append(
            {
                "code": str(number),
                "name": row["indicator"].rstrip("."),
                "weight": float(row["indicator_weight"]),
                "rule": {"kind": "levels", "levels": worded.get(number, LEVELS)},
                "evidence": [
                    {
                        "description": "Bukti dukung sesuai instrumen PEKPPP untuk indikator ini",
                        "kinds": ["pdf", "png", "jpeg", "docx"],
                    }
                ],
                "tags": ["pelayanan", *(["digital"] if number in DIGITAL else [])],
            }
        )
    catalog = {
        "key": "pekppp-2022",
        "name": "PEKPPP – Evaluasi Pelayanan Publik (PermenPANRB 29/2022)",
        "name_en": "PEKPPP public-service evaluation (PermenPANRB 29/2022)",
        "framework": "PEKPPP",
        "year": 2022,
        "version": "1",
        "provenance": "provisional",
        "source": SOURCES,
        "assessed": "service_unit",
        "scale": {"min": 0, "max": 5},
        "zones": [
            {"name": name, "min": low, "max": high, "color": color} for name, low, high, color in BANDS
        ],
        "nodes": list(aspects.values()),
    }
    header = (
        "# Generated by scripts/build_pekppp_catalog.py from seed_data/pekppp-2022-indicators.csv and\n"
        "# seed_data/pekppp-2022-levels.csv.\n"
        "# PROVISIONAL: structure and weights as reported by secondary sources, not the regulation's text.\n"
    )
    text = dump_yaml(catalog)
    (ROOT / "indicators" / "catalogs" / "pekppp-2022.yaml").write_text(header + text, encoding="utf-8")


if __name__ == "__main__":
    main()
