"""Who an item applies to (issue 13 §2): ``applies_to`` in the catalog, inherited, honoured by a new period.

A provincial period must not ask for e-PBB-P2 or e-BPHTB (kabupaten/kota taxes), a kota's not for e-Samsat (a
provincial tax); the diff and the Excel round trip carry the field and the pemda rule (``aggregation``).
"""

from __future__ import annotations

from typing import Any

import pytest
from factories import make_catalog, make_organisation, make_region, make_user, wit
from pydantic import ValidationError

from i18n import LenteraError
from indicators import Catalog, diff_catalogs, load_catalog
from indicators.excel import catalog_to_xlsx
from models.tables import Role
from services import assignments, periods
from services.catalog_excel import catalog_from_xlsx

PROVINCIAL_ONLY = {"PAJAK.2.3"}  # e-Samsat (PKB)
LOCAL_ONLY = {
    "PAJAK.2.1",
    "PAJAK.2.4",
    "PAJAK.2.5",
    "YANLIK.4.1",
    "YANLIK.4.4",
}  # tapping box, PBB-P2, BPHTB, MPP, adminduk


def tiny(**leaf: Any) -> dict[str, Any]:
    return {
        "key": "uji",
        "name": "Uji",
        "framework": "MCP",
        "year": 2026,
        "scale": {"max": 100},
        "zones": [{"name": "semua", "min": 0, "max": 100}],
        "nodes": [
            {
                "code": "A",
                "name": "Pajak",
                "applies_to": ["kabupaten", "kota"],
                "aggregation": "all",
                "children": [{"code": "A.1", "name": "PBB-P2", "rule": {"kind": "binary"}, **leaf}],
            },
            {"code": "B", "name": "Lain", "rule": {"kind": "binary"}},
        ],
    }


def test_applies_to_and_the_pemda_rule_are_inherited_down_the_tree() -> None:
    catalog = Catalog.model_validate(tiny())
    leaf = catalog.node("A.1")
    assert leaf.applies("kota") and leaf.applies("kabupaten") and not leaf.applies("provinsi")
    assert leaf.rule_for_pemda == "all"
    assert catalog.node("B").rule_for_pemda == "mean"  # the catalog's default
    assert [n.code for n in catalog.leaves_for("provinsi")] == ["B"]
    assert [n.code for n in catalog.leaves_for("kota")] == ["A.1", "B"]
    narrower = Catalog.model_validate(tiny(applies_to=["kota"], aggregation="any"))
    assert [n.code for n in narrower.leaves_for("kabupaten")] == ["B"]
    assert narrower.node("A.1").rule_for_pemda == "any"


@pytest.mark.parametrize(
    ("leaf", "message"),
    [
        ({"applies_to": ["provinsi"]}, "padahal induknya tidak berlaku"),
        ({"applies_to": []}, "sedikitnya satu jenis pemda"),
        ({"applies_to": ["desa"]}, "applies_to"),
        ({"aggregation": "median"}, "aggregation"),
    ],
)
def test_bad_applies_to_or_rule_is_refused(leaf: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Catalog.model_validate(tiny(**leaf))


@pytest.mark.parametrize("key", ["mcp-2024", "mcp-2025"])
def test_shipped_mcp_catalogs_say_who_each_tax_and_service_applies_to(key: str) -> None:
    catalog = load_catalog(key)
    kinds = {leaf.code: set(leaf.kinds) for leaf in catalog.leaves()}
    for code in PROVINCIAL_ONLY:
        assert kinds[code] == {"provinsi"}
    for code in LOCAL_ONLY:
        assert kinds[code] == {"kabupaten", "kota"}
    mpp_rules = [leaf for leaf in catalog.leaves() if "Mal Pelayanan Publik" in leaf.name]
    assert mpp_rules and all(not leaf.applies("provinsi") for leaf in mpp_rules)
    rules = {leaf.code: leaf.rule_for_pemda for leaf in catalog.leaves()}
    assert catalog.aggregation == "lead"
    # Every OPD must comply: Renja, RKA/DPA, RUP, BMD inventory.
    assert {rules[c] for c in ("PRC.1.2", "ANG.2.1", "PBJ.1.1", "BMD.1.3")} == {"all"}
    # One pemda-level regulation suffices: the Perda APBD, the Perkada on standard prices, the tax Perda.
    assert {rules[c] for c in ("ANG.1.2", "PRC.3.2", "PAJAK.1.1")} == {"any"}
    assert rules["YANLIK.2.2"] == "mean"  # the satisfaction survey: coverage of the service units
    assert rules["PRC.1.1"] == "lead"


def _period(admin: Any, region_id: int, name: str) -> periods.PeriodInfo:
    return periods.create_period(
        admin,
        catalog_key="mcp-2024",
        region_id=region_id,
        name=name,
        opens_at=wit(2026, 1, 5),
        submission_deadline=wit(2099, 11, 30, 23, 59),
        verification_deadline=wit(2099, 12, 10),
    )


def test_a_period_asks_a_kota_and_a_province_only_what_applies_to_them(sqlite_url: str) -> None:
    make_catalog("mcp-2024")
    province = make_region(code="82", name="Provinsi Maluku Utara")
    kota = make_region(code="82.71", name="Kota Ternate", kind="kota", parent_id=province)
    for region in (province, kota):
        make_organisation(
            region_id=region, abbreviation="Bapenda", kind="badan", name="Badan Pendapatan Daerah"
        )
    kota_disdukcapil = make_organisation(region_id=kota, abbreviation="Disdukcapil", name="Dinas Dukcapil")
    admin = make_user(username="admin", role=Role.admin, region_id=province)

    on_province = _period(admin, province, "MCP Provinsi")
    on_kota = _period(admin, kota, "MCP Kota")

    catalog = load_catalog("mcp-2024")
    assert on_province.leaf_count == len(catalog.leaves()) - len(LOCAL_ONLY) == 63
    assert on_kota.leaf_count == len(catalog.leaves()) - len(PROVINCIAL_ONLY) == 67
    province_codes = set(assignments.assignment_matrix(admin, period_id=on_province.id).columns)
    kota_matrix = assignments.assignment_matrix(admin, period_id=on_kota.id).set_index("opd")
    assert province_codes >= PROVINCIAL_ONLY and not LOCAL_ONLY & province_codes
    assert set(kota_matrix.columns) >= LOCAL_ONLY and not PROVINCIAL_ONLY & set(kota_matrix.columns)
    assert bool(kota_matrix.loc["Bapenda", "PAJAK.2.4"]) and bool(
        kota_matrix.loc["Disdukcapil", "YANLIK.4.4"]
    )
    # What does not apply is neither assigned nor listed as waiting for an OPD.
    assert not LOCAL_ONLY & set(on_province.unassigned_codes)
    assert "PAJAK.2.3" not in on_kota.unassigned_codes and "YANLIK.4.4" not in on_province.unassigned_codes

    with pytest.raises(LenteraError) as refused:
        assignments.set_assignment(
            admin, period_id=on_kota.id, organisation_id=kota_disdukcapil, code="PAJAK.2.3", assigned=True
        )
    assert refused.value.key == "period.leaf_not_for_region"


def test_the_diff_and_the_excel_round_trip_carry_applies_to_and_the_pemda_rule() -> None:
    old = Catalog.model_validate(tiny())
    new = Catalog.model_validate(
        tiny(applies_to=["kota"], aggregation="any", responsible={"opds": ["Bapenda"]})
    )
    diff = diff_catalogs(old, new)
    assert [(c.code, c.old, c.new) for c in diff.applies_to_changed] == [("A.1", "kabupaten, kota", "kota")]
    assert [(c.code, c.old, c.new) for c in diff.aggregation_changed] == [("A.1", "all", "any")]
    moved_up = Catalog.model_validate(tiny(applies_to=["kabupaten", "kota"]))
    assert diff_catalogs(old, moved_up).is_empty  # the same kinds, written on the leaf: no change

    led = Catalog.model_validate(
        tiny(
            applies_to=["kota"],
            aggregation="lead",
            responsible={"opds": ["Bapenda", "BPKAD"], "lead": "BPKAD"},
        )
    )
    back = catalog_from_xlsx(catalog_to_xlsx(led))
    assert back == led
    leaf = back.node("A.1")
    assert (leaf.applies_to, leaf.aggregation, leaf.responsible and leaf.responsible.lead) == (
        ["kota"],
        "lead",
        "BPKAD",
    )
    assert diff_catalogs(led, back).is_empty
