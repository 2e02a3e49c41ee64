"""The three stages and their gaps (``scoring.stages``), pinned with hand-computed numbers and no database.

The pemda totals are real pairs from the 2021 KPK data extract (seed_data/mcp-2021-self-vs-verified.csv): the
mean self value and the mean value KPK verified. Each pemda is given leaf values whose weighted means reproduce
its pair exactly, plus an internal reviu in between, so the over-claim (self − reviu) and the surprise
(reviu − KPK) can be checked by hand. Catalog: P (weight 60: P1, P2 equal) and Q (weight 40: Q1).

Halmahera Timur (95.4 self, 50.5 KPK):
  self   P1 100, P2 100, Q1 88.5  → P 100, Q 88.5, total 0.6·100 + 0.4·88.5 = 95.4
  reviu  P1 100, P2 50,  Q1 75    → P 75,  Q 75,   total 75
  KPK    P1 50,  P2 60,  Q1 43.75 → P 55,  Q 43.75, total 33 + 17.5 = 50.5
  over-claim: P 25, Q 13.5, total 20.4; surprise: P 20, Q 31.25, total 24.5 (self − KPK = 44.9)
Halmahera Barat (45.4 self, 49.2 KPK): KPK gave more than the pemda claimed
  self P1 40, P2 40, Q1 53.5 → total 24 + 21.4 = 45.4; reviu 45 everywhere; KPK 49.2 everywhere
  over-claim 0.4; surprise −4.2
Kota Ternate (81.9 self, 73.3 KPK recorded for P only): no KPK score for Q nor the total.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest

from indicators import ROOT_CODE, Catalog, parse_catalog
from scoring.aggregate import relaxed_catalog
from scoring.engine import score
from scoring.stages import STAGE_COLUMNS, external_scores, region_results, stages

CATALOG = """
key: tahap-2021
name: Katalog tiga tahap
framework: MCP
year: 2021
scale: {min: 0, max: 100}
zones:
- {name: merah, min: 0, max: 50}
- {name: hijau, min: 50, max: 100}
nodes:
- code: P
  name: Perencanaan
  weight: 60
  children:
  - {code: P1, name: Dokumen RKPD, rule: {kind: percent}}
  - {code: P2, name: Aplikasi e-planning, rule: {kind: percent}}
- code: Q
  name: Pajak daerah
  weight: 40
  children:
  - {code: Q1, name: Tapping box, rule: {kind: percent}}
"""
HALTIM, HALBAR, TERNATE = "Kabupaten Halmahera Timur", "Kabupaten Halmahera Barat", "Kota Ternate"
# entity: {leaf: (self, reviu, KPK)}
VALUES: dict[str, dict[str, tuple[float, float, float | None]]] = {
    HALTIM: {"P1": (100, 100, 50), "P2": (100, 50, 60), "Q1": (88.5, 75, 43.75)},
    HALBAR: {"P1": (40, 45, 49.2), "P2": (40, 45, 49.2), "Q1": (53.5, 45, 49.2)},
    TERNATE: {"P1": (81.9, 80, 73.3), "P2": (81.9, 80, 73.3), "Q1": (81.9, 80, None)},
}
PAIRS = Path(__file__).resolve().parents[1] / "seed_data" / "mcp-2021-self-vs-verified.csv"


@pytest.fixture(scope="module")
def relaxed() -> Catalog:
    return relaxed_catalog(parse_catalog(CATALOG, source="tahap.yaml"))


def _frames(relaxed: Catalog) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [(e, c, r, s) for e, leaves in VALUES.items() for c, (s, r, _) in leaves.items()]
    region_scores = score(relaxed, pd.DataFrame(rows, columns=["entity", "code", "value", "self_value"]))
    results = pd.DataFrame(
        [(e, c, k) for e, leaves in VALUES.items() for c, (_, _, k) in leaves.items() if k is not None],
        columns=["entity", "code", "value"],
    )
    return region_scores, results


def _table(relaxed: Catalog) -> pd.DataFrame:
    region_scores, results = _frames(relaxed)
    return stages(region_scores, external_scores(relaxed, region_scores, results)).set_index(
        ["entity", "code"]
    )


def cell(table: pd.DataFrame, entity: str, code: str, column: str) -> float:
    value = table.at[(entity, code), column]
    assert isinstance(value, int | float), value
    return float(value)


def test_the_totals_reproduce_the_2021_pairs(relaxed: Catalog) -> None:
    pairs = {row["entity"]: row for row in csv.DictReader(PAIRS.open(encoding="utf-8"))}
    table = _table(relaxed)
    for entity in (HALTIM, HALBAR):
        assert cell(table, entity, ROOT_CODE, "self_score") == pytest.approx(
            float(pairs[entity]["mean_self_value"])
        )
        assert cell(table, entity, ROOT_CODE, "external_score") == pytest.approx(
            float(pairs[entity]["mean_verified_value"])
        )
    assert cell(table, TERNATE, ROOT_CODE, "self_score") == pytest.approx(
        float(pairs[TERNATE]["mean_self_value"])
    )


def test_over_claim_and_surprise_by_hand(relaxed: Catalog) -> None:
    table = _table(relaxed)
    expected = {  # (self, reviu, KPK, over-claim, surprise)
        (HALTIM, "P"): (100, 75, 55, 25, 20),
        (HALTIM, "Q"): (88.5, 75, 43.75, 13.5, 31.25),
        (HALTIM, ROOT_CODE): (95.4, 75, 50.5, 20.4, 24.5),
        (HALTIM, "P2"): (100, 50, 60, 50, -10),
        (HALBAR, ROOT_CODE): (45.4, 45, 49.2, 0.4, -4.2),
        (HALBAR, "Q"): (53.5, 45, 49.2, 8.5, -4.2),
    }
    columns = ["self_score", "review_score", "external_score", "over_claim", "surprise"]
    for (entity, code), numbers in expected.items():
        assert [cell(table, entity, code, c) for c in columns] == pytest.approx(list(numbers)), (entity, code)
    gaps = cell(table, HALTIM, ROOT_CODE, "over_claim") + cell(table, HALTIM, ROOT_CODE, "surprise")
    assert gaps == pytest.approx(95.4 - 50.5)  # self − KPK, 44.9


def test_kpk_score_only_where_every_item_below_has_a_result(relaxed: Catalog) -> None:
    table = _table(relaxed)
    assert cell(table, TERNATE, "P", "external_score") == pytest.approx(73.3)
    assert cell(table, TERNATE, "P", "surprise") == pytest.approx(80 - 73.3)
    for code in ("Q", "Q1", ROOT_CODE):
        assert math.isnan(cell(table, TERNATE, code, "external_score")), code
        assert math.isnan(cell(table, TERNATE, code, "surprise")), code
    assert cell(table, TERNATE, ROOT_CODE, "over_claim") == pytest.approx(81.9 - 80)


def test_without_results_there_is_no_third_stage(relaxed: Catalog) -> None:
    region_scores, _ = _frames(relaxed)
    table = stages(
        region_scores,
        external_scores(relaxed, region_scores, pd.DataFrame(columns=["entity", "code", "value"])),
    )
    assert list(table.columns) == STAGE_COLUMNS
    assert table["external_score"].isna().all() and table["surprise"].isna().all()
    assert table["over_claim"].notna().all()
    assert stages(region_scores.iloc[0:0]).empty


def test_results_of_periods_become_pemda_rows() -> None:
    results = pd.DataFrame({"period_id": [7, 7, 9], "code": ["P1", "Q1", "P1"], "value": [50, 43.75, 10]})
    rows = region_results(results, {7: 82, 8: 83})
    assert rows.to_dict("list") == {"entity": ["82", "82"], "code": ["P1", "Q1"], "value": [50.0, 43.75]}


def test_under_the_lens_kpks_stage_counts_only_the_tagged_items() -> None:
    """Lens "digital" on P1 and Q1: KPK's P1 50 and Q1 43,75 complete P (50), Q (43,75) and the total
    0,6·50 + 0,4·43,75 = 47,5, although P2 has no result; without the lens P and the total wait for P2."""
    tagged = CATALOG.replace(
        "Dokumen RKPD, rule: {kind: percent}", "Dokumen RKPD, rule: {kind: percent}, tags: [digital]"
    )
    tagged = tagged.replace(
        "Tapping box, rule: {kind: percent}", "Tapping box, rule: {kind: percent}, tags: [digital]"
    )
    relaxed = relaxed_catalog(parse_catalog(tagged, source="tahap.yaml"))
    rows = [(HALTIM, c, r, s) for c, (s, r, _) in VALUES[HALTIM].items()]
    region_scores = score(relaxed, pd.DataFrame(rows, columns=["entity", "code", "value", "self_value"]))
    results = pd.DataFrame({"entity": [HALTIM, HALTIM], "code": ["P1", "Q1"], "value": [50, 43.75]})
    lens = external_scores(relaxed, region_scores, results, tag="digital").set_index("code")["external_score"]
    assert set(lens.index) == {ROOT_CODE, "P", "P1", "Q", "Q1"}
    assert [lens[c] for c in ("P", "Q", ROOT_CODE)] == pytest.approx([50, 43.75, 47.5])
    whole = external_scores(relaxed, region_scores, results).set_index("code")["external_score"]
    assert math.isnan(whole["P"]) and math.isnan(whole[ROOT_CODE]) and whole["Q"] == pytest.approx(43.75)
