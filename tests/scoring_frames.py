"""Catalogs and frame helpers the scoring-engine tests share (a helper module, not a test module).

``MCP_YAML`` has unequal weights at every level, percentages of the parent as in KPK's extract
(Σ bobot × value / 100); ``spbe_like`` builds SPBE-shaped catalogs of any size.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from indicators import Catalog, parse_catalog

MCP_YAML = """
key: mcp-test
name: MCP uji
framework: MCP
year: 2024
scale: {min: 0, max: 100}
zones:
  - {name: merah, min: 0, max: 25}
  - {name: kuning, min: 25, max: 50}
  - {name: biru, min: 50, max: 75}
  - {name: hijau, min: 75, max: 100}
nodes:
  - code: AREA1
    name: Perencanaan
    weight: 60
    children:
      - code: IND1
        name: Indikator 1
        weight: 70
        children:
          - {code: SUB1, name: Sub 1, weight: 40, rule: {kind: percent, steps: [0, 50, 100]}}
          - {code: SUB2, name: Sub 2, weight: 60, rule: {kind: percent, steps: [0, 50, 100]}, tags: [digital]}
      - code: IND2
        name: Indikator 2
        weight: 30
        children:
          - code: DOC1
            name: Dokumen
            weight: 100
            rule:
              kind: documents
              documents:
                - {code: d1, name: SK, points: 50}
                - {code: d2, name: Laporan, points: 50}
  - code: AREA2
    name: Pelayanan Publik
    weight: 40
    children:
      - code: IND3
        name: Indikator 3
        weight: 100
        children:
          - {code: SUB3, name: Sub 3, weight: 25, rule: {kind: percent}}
          - {code: SUB4, name: Sub 4, weight: 75, rule: {kind: binary}, tags: [digital]}
"""

SPBE_ZONES = """
zones:
  - {name: Kurang, min: 0, max: 1.8}
  - {name: Cukup, min: 1.8, max: 2.6}
  - {name: Baik, min: 2.6, max: 3.5}
  - {name: Sangat Baik, min: 3.5, max: 4.2}
  - {name: Memuaskan, min: 4.2, max: 5}
"""

LEVELS = "{kind: levels, levels: {1: Rintisan, 2: Terkelola, 3: Terdefinisi, 4: Terpadu, 5: Optimum}}"


def spbe_like(domains: dict[str, float], leaves_per_domain: int) -> Catalog:
    """Domains with the given weights, each with equally weighted level leaves D1-1, D1-2, ..."""
    lines = ["key: spbe-like", "name: SPBE uji", "framework: SPBE", "year: 2021", "scale: {min: 0, max: 5}"]
    lines += [*SPBE_ZONES.strip().splitlines(), "nodes:"]
    for domain, weight in domains.items():
        lines += [f"  - code: {domain}", f"    name: {domain}", f"    weight: {weight}", "    children:"]
        for i in range(1, leaves_per_domain + 1):
            lines.append(f"      - {{code: {domain}-{i}, name: x, weight: 1, rule: {LEVELS}}}")
    return parse_catalog("\n".join(lines))


def frame(rows: Sequence[tuple[object, ...]], columns: str = "entity,code,value") -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split(","))


def at(result: pd.DataFrame, entity: object, code: str, column: str = "score") -> float:
    match = result.loc[(result["entity"] == entity) & (result["code"] == code), column]
    assert len(match) == 1, f"expected one row for {entity}/{code}, got {len(match)}"
    return float(match.iloc[0])


def codes_of(result: pd.DataFrame, entity: object) -> set[str]:
    return set(result.loc[result["entity"] == entity, "code"].astype(str))


def self_assessed(entity: str = "A") -> pd.DataFrame:
    return frame(
        [
            (entity, "SUB1", 50, 100),
            (entity, "SUB2", 100, 100),
            (entity, "DOC1", np.nan, 100),  # claimed, not verified yet
            (entity, "SUB3", 100, 100),
            (entity, "SUB4", 0, 1),
        ],
        "entity,code,value,self_value",
    )
