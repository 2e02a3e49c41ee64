"""Pemdi 2026 (issue 17 §1): the catalog, its external-index conversion, a hand-computed index, the cycle calendar
that pre-fills a new period, and the SPBE → Pemdi map along which evidence carries forward."""

from __future__ import annotations

import importlib.util
import math
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from factories import World, attach_evidence, build_world, make_catalog, submission_id, wit
from pydantic import ValidationError
from sqlmodel import select
from streamlit.testing.v1 import AppTest
from workflow_steps import refused

from indicators import ROOT_CODE, load_catalog
from indicators.framework_map import framework_changes, load_framework_map, map_problems
from indicators.rules import ExternalIndexRule, ValueRefused
from models.database import session_scope
from models.tables import EvidenceLink, Submission
from scoring import score
from services import periods
from services.carry_forward import carry_forward
from services.framework_changes import available_framework_maps
from services.framework_changes import framework_changes as framework_changes_frame
from services.period_calendar import period_calendar

REPO = Path(__file__).resolve().parent.parent
EXTERNAL = {"IK-05", "IK-06", "IK-07", "IK-10", "IK-11", "IK-12", "IK-18"}


def test_the_catalog_has_seven_aspects_twenty_indicators_and_the_reported_predicates() -> None:
    """7 aspects, 20 indicators whose weights are % of the total, five predicates, provisional with a source."""
    pemdi = load_catalog("pemdi-2026")
    assert [a.weight for a in pemdi.nodes] == [10, 10, 15, 15, 10, 15, 25]
    assert len(pemdi.leaves()) == 20 and sum(leaf.weight for leaf in pemdi.leaves()) == 100
    for aspect in pemdi.nodes:
        assert sum(child.weight for child in aspect.children) == aspect.weight
    assert pemdi.provenance == "provisional" and pemdi.source and "8/2026" in pemdi.source
    assert pemdi.framework == "Pemdi" and periods.reviewer_label(pemdi.framework) == "Tim Asesor Internal"
    assert [(z.name, z.min, z.max) for z in pemdi.zones] == [
        ("Kurang", 1, 1.5),
        ("Cukup", 1.5, 2.5),
        ("Baik", 2.5, 3.5),
        ("Sangat Baik", 3.5, 4.0),
        ("Memuaskan", 4.0, 5),
    ]
    assert pemdi.zone_for(2.49) == "Cukup" and pemdi.zone_for(4.0) == "Memuaskan"
    kinds = {leaf.code: leaf.rule.kind for leaf in pemdi.leaves() if leaf.rule is not None}
    assert {code for code, kind in kinds.items() if kind == "external_index"} == EXTERNAL
    assert all(
        leaf.rule is not None and leaf.rule.level_names() == {1: "Rintisan", 2: "Terkelola", 3: "Terdefinisi",
                                                              4: "Terpadu dan Terukur", 5: "Optimum"}
        for leaf in pemdi.leaves()
    )  # fmt: skip


def test_shipped_pemdi_yaml_matches_its_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    """The YAML is what scripts/build_pemdi_catalog.py writes from the domain CSV."""
    spec = importlib.util.spec_from_file_location(
        "build_pemdi_catalog", REPO / "scripts" / "build_pemdi_catalog.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    shipped = (REPO / "indicators" / "catalogs" / "pemdi-2026.yaml").read_text(encoding="utf-8")
    assert module.render() == shipped, "run scripts/build_pemdi_catalog.py after editing it"


def test_an_external_index_value_converts_to_a_level_and_none_counts_one() -> None:
    """Indeks Satu Data 2,7 → level 3; 1,8 → 2; 4,2 → 5; no external value → level 1; off the index's scale refused."""
    rule = load_catalog("pemdi-2026").node("IK-05").rule
    assert isinstance(rule, ExternalIndexRule) and rule.index == "Indeks Satu Data Indonesia"
    cases = {None: 1, 0.0: 1, 1.79: 1, 1.8: 2, 2.59: 2, 2.7: 3, 3.5: 4, 4.19: 4, 4.2: 5, 5.0: 5}
    assert {value: rule.level_for(value) for value in cases} == cases
    with pytest.raises(ValueRefused):
        rule.level_for(5.5)
    assert rule.check(3) == 3.0
    with pytest.raises(ValueRefused):
        rule.check(2.7)  # the level is recorded, not the external value


def test_a_conversion_table_that_does_not_rise_is_refused() -> None:
    """A table whose thresholds fall, or skip a level, is a catalog error."""
    levels = {1: "a", 2: "b", 3: "c"}
    with pytest.raises(ValidationError, match="naik bersama tingkatnya"):
        ExternalIndexRule(kind="external_index", index="X", levels=levels, thresholds={2: 3.0, 3: 2.0})
    with pytest.raises(ValidationError, match=r"2\.\.N"):
        ExternalIndexRule(kind="external_index", index="X", levels=levels, thresholds={2: 1.0})


def test_a_small_pemda_scores_the_hand_computed_index() -> None:
    """Levels and external values of one constructed pemda give Σ w·N / 100 = 246 / 100 = 2,46 (Cukup)."""
    pemdi = load_catalog("pemdi-2026")

    def external(code: str, value: float | None) -> float:
        rule = pemdi.node(code).rule
        assert isinstance(rule, ExternalIndexRule)
        return rule.level_for(value)

    values = {
        "IK-01": 3, "IK-02": 2, "IK-03": 2, "IK-04": 1,
        "IK-05": external("IK-05", 2.7),  # Indeks Satu Data 2,7 → 3
        "IK-06": external("IK-06", None),  # no SJIG value → 1
        "IK-07": external("IK-07", 1.9),  # EPSS 1,9 → 2
        "IK-08": 2, "IK-09": 1,
        "IK-10": external("IK-10", 3.6),  # IKASANDI 3,6 → 4
        "IK-11": np.nan,  # nothing recorded: counts 1
        "IK-12": external("IK-12", 2.0),  # IKASANDI 2,0 → 2
        "IK-13": 3, "IK-14": 4, "IK-15": 2, "IK-16": 2, "IK-17": 3,
        "IK-18": external("IK-18", 4.5),  # Indeks Satu Data 4,5 → 5
        "IK-19": 2, "IK-20": 3,
    }  # fmt: skip
    frame = pd.DataFrame({"entity": "Pemda X", "code": list(values), "value": list(values.values())})
    result = score(pemdi, frame).set_index("code")
    scores = result["score"].astype(float).to_dict()
    # aspect index = Σ w·N / w_aspect, by hand
    expected_aspects = {"A1": 25 / 10, "A2": 15 / 10, "A3": 32 / 15, "A4": 31 / 15, "A5": 35 / 10,
                        "A6": 43 / 15, "A7": 65 / 25}  # fmt: skip
    for code, expected in expected_aspects.items():
        assert math.isclose(scores[code], expected), code
    assert math.isclose(scores[ROOT_CODE], 2.46)
    assert result.loc[ROOT_CODE, "zone"] == "Cukup"


def test_a_new_period_is_pre_filled_from_its_catalogs_calendar(db_url: str) -> None:
    """Pemdi 2026: opens 1 Aug, uploads by 15 Sep, visits by 31 Oct, results 15 Dec; MCP: 30 Nov, 10 Dec, 17 Dec."""
    world = build_world(with_period=False)
    make_catalog("pemdi-2026")
    make_catalog("mcp-2025")
    pemdi = period_calendar(world.admin, catalog_key="pemdi-2026", today=date(2026, 7, 1))
    assert (pemdi.year, pemdi.opens, pemdi.submission, pemdi.verification, pemdi.publication) == (
        2026, date(2026, 8, 1), date(2026, 9, 15), date(2026, 10, 31), date(2026, 12, 15)
    )  # fmt: skip
    assert [e.day for e in pemdi.entries] == sorted(e.day for e in pemdi.entries) and len(pemdi.entries) == 5
    after = period_calendar(world.admin, catalog_key="pemdi-2026", today=date(2026, 12, 20))
    assert after.year == 2027 and after.submission == date(2027, 9, 15)
    mcp = period_calendar(world.admin, catalog_key="mcp-2025", today=date(2026, 12, 5))
    assert (mcp.opens, mcp.submission, mcp.verification, mcp.publication) == (
        None, date(2026, 11, 30), date(2026, 12, 10), date(2026, 12, 17)
    )  # fmt: skip
    spbe = period_calendar(world.admin, catalog_key="spbe-2021", today=date(2026, 3, 1))
    assert (spbe.submission, spbe.verification) == (date(2026, 5, 31), date(2026, 7, 31))
    # the pre-filled days make a valid period, reviewed by the Tim Asesor Internal
    created = periods.create_period(
        world.admin,
        catalog_key="pemdi-2026",
        region_id=world.province_id,
        name="Pemdi 2026",
        opens_at=wit(2026, 8, 1),
        submission_deadline=wit(2026, 9, 15, 23, 59),
        verification_deadline=wit(2026, 10, 31, 23, 59),
    )
    assert created.reviewer_label == "Tim Asesor Internal"
    refused("perm.denied", lambda: period_calendar(world.focal_a, catalog_key="pemdi-2026"))


def test_every_spbe_pair_names_real_indicators_with_a_reason() -> None:
    """The SPBE 2021 → Pemdi 2026 map: real leaves only, a reason each; six Pemdi indicators have no predecessor."""
    spbe, pemdi = load_catalog("spbe-2021"), load_catalog("pemdi-2026")
    pairs = load_framework_map("spbe-2021", "pemdi-2026")
    assert pairs and map_problems(spbe, pemdi, pairs) == []
    rows = framework_changes(spbe, pemdi, pairs)
    new = [r["to_code"] for r in rows if r["change"] == "new"]
    assert new == ["IK-06", "IK-07", "IK-08", "IK-11", "IK-12", "IK-20"]
    continues = {(r["from_code"], r["to_code"]) for r in rows if r["change"] == "continues"}
    assert ("28", "IK-02") in continues and ("42", "IK-19") in continues and ("18", "IK-16") in continues
    assert all(r["reason"] for r in rows if r["change"] == "continues")


def test_evidence_of_spbe_items_carries_to_the_pemdi_items_they_map_to(db_url: str) -> None:
    """Files on SPBE 1 and 11 appear on Pemdi IK-01 after the carry-forward; no value is copied across rules."""
    world: World = build_world()
    make_catalog("pemdi-2026")
    assert available_framework_maps(world.admin) == [("spbe-2021", "pemdi-2026")]
    shown = framework_changes_frame(world.admin, from_key="spbe-2021", to_key="pemdi-2026")
    assert set(shown["change_label"]) >= {"berlanjut", "indikator baru"}
    files = {
        code: attach_evidence(
            world.focal_a,
            submission_id=submission_id(world, organisation_id=world.opd_a, code=code),
            filename=f"spbe-{code}.pdf",
        )
        for code in ("1", "11")
    }
    target = periods.create_period(
        world.admin,
        catalog_key="pemdi-2026",
        region_id=world.province_id,
        name="Pemdi 2026",
        opens_at=wit(2026, 8, 1),
        submission_deadline=wit(2099, 9, 15, 23, 59),
        verification_deadline=wit(2099, 10, 31, 23, 59),
        previous_period_id=world.period_id,
    )
    result = carry_forward(
        world.admin, from_period_id=world.period_id, to_period_id=target.id, copy_values=True
    )
    report = result.report[result.report["organisation_id"] == world.opd_a].set_index("code")
    assert report.loc["IK-01", "outcome"] == "mapped" and report.loc["IK-01", "evidence_linked"] == 2
    assert "1, 2, 10, 11" in str(report.loc["IK-01", "outcome_label"])
    assert report.loc["IK-06", "outcome"] == "new"
    assert result.values_copied == 0
    with session_scope() as session:
        ik01 = session.exec(
            select(Submission).where(
                Submission.period_id == target.id,
                Submission.organisation_id == world.opd_a,
                Submission.code == "IK-01",
            )
        ).one()
        linked = set(
            session.exec(select(EvidenceLink.evidence_id).where(EvidenceLink.submission_id == ik01.id))
        )
    assert linked == set(files.values()) and ik01.self_value is None
    again = carry_forward(
        world.admin, from_period_id=world.period_id, to_period_id=target.id, copy_values=False
    )
    assert again.links_created == 0


def _external_control(code: str, current: float | None = None) -> None:
    import streamlit as st

    from indicators import load_catalog
    from ui.rule_values import rule_value_label, value_input

    node = load_catalog("pemdi-2026").node(code)
    chosen = value_input(node, current, key="v")
    st.session_state["chosen"] = chosen
    st.write(rule_value_label(node, chosen))


def test_the_focal_point_types_the_external_value_and_sees_its_level() -> None:
    """Typing Indeks Satu Data 2,7 records level 3 and says so; "no value yet" records level 1."""
    at = AppTest.from_function(_external_control, args=("IK-05",), default_timeout=30).run()
    assert at.session_state["chosen"] is None
    at.number_input(key="v_external").set_value(2.7).run()
    assert at.session_state["chosen"] == 3.0
    assert any("2,70" in c.value and "3 – Terdefinisi" in c.value for c in at.caption)
    assert any("3 – Terdefinisi" in m.value and "Indeks Satu Data Indonesia" in m.value for m in at.markdown)
    at.checkbox(key="v_none").check().run()
    assert at.session_state["chosen"] == 1.0
    reopened = AppTest.from_function(_external_control, args=("IK-05", 4.0), default_timeout=30).run()
    assert reopened.session_state["chosen"] == 4.0  # the recorded level stays until a new value is typed


@pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie
def test_admin_choosing_pemdi_sees_its_calendar_in_the_new_period_form(demo: dict[str, str]) -> None:
    """On the periods page, picking Pemdi 2026 fills the form with 1 Aug / 15 Sep / 31 Oct and lists the calendar."""
    from app_driver import go_to, sign_in

    from services.organisations import today_wit

    year = load_catalog("pemdi-2026").cycle_year(today_wit())
    at = sign_in("admin", demo["admin"])
    go_to(at, "periode").run()
    at.selectbox(key="new_period_catalog").set_value("pemdi-2026").run()
    assert not at.exception
    assert at.date_input(key="new_period_opens").value == date(year, 8, 1)
    assert at.date_input(key="new_period_submission").value == date(year, 9, 15)
    assert at.date_input(key="new_period_verification").value == date(year, 10, 31)
    assert any(f"15 Desember {year}" in c.value for c in at.caption)
    at.selectbox(key="new_period_catalog").set_value("mcp-2025").run()
    mcp_year = load_catalog("mcp-2025").cycle_year(today_wit())
    assert at.date_input(key="new_period_submission").value == date(mcp_year, 11, 30)
