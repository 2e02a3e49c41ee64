"""The small catalog the score tests share, with numbers computable by hand (no database needed to read it).

A (weight 60): A1 (1, digital, OPD1+OPD2), A2 (3, OPD1), A3 (1, OPD2)      percent 0/50/100
B (weight 40): B1 (1, digital, every dinas)                                 levels 1..5
"""

from __future__ import annotations

from indicators import Catalog, parse_catalog

CATALOG = """
key: uji-2026
name: Katalog uji dasbor
framework: MCP
year: 2026
scale: {min: 0, max: 100}
zones:
- {name: merah, min: 0, max: 50}
- {name: hijau, min: 50, max: 100}
nodes:
- code: A
  name: Area A
  weight: 60
  children:
  - code: A1
    name: Aplikasi perencanaan
    weight: 1
    rule: {kind: percent, steps: [0, 50, 100]}
    responsible: {opds: [OPD1, OPD2]}
    tags: [digital]
  - code: A2
    name: Dokumen perencanaan
    weight: 3
    rule: {kind: percent, steps: [0, 50, 100]}
    responsible: {opds: [OPD1]}
  - code: A3
    name: Rapat koordinasi
    weight: 1
    rule: {kind: percent, steps: [0, 50, 100]}
    responsible: {opds: [OPD2]}
- code: B
  name: Area B
  weight: 40
  children:
  - code: B1
    name: Layanan daring
    rule:
      kind: levels
      levels: {1: Informasi, 2: Interaksi, 3: Transaksi, 4: Kolaborasi, 5: Optimum}
    responsible: {opd_kinds: [dinas]}
    tags: [digital]
"""


def uji_catalog() -> Catalog:
    return parse_catalog(CATALOG, source="uji.yaml")
