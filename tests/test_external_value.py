"""The external index value a focal point types for a Pemdi external-index indicator (issue 17): stored beside the
level it converts to, shown with it, carried into the exports and the audit log."""

from __future__ import annotations

from factories import attach_evidence, build_world
from pemdi_world import pemdi_item
from streamlit.testing.v1 import AppTest
from workflow_steps import last_event, refused

from indicators import load_catalog
from reports.csv_bundle import csv_tables
from services import report_data, submissions
from services.submission_views import checklist, item_detail
from ui.focal import row_text


def test_the_typed_index_value_is_stored_beside_its_level_and_audited(db_url: str) -> None:
    """Indeks Satu Data 2,7 saves level 3 with 2,7 kept; the item shows both; the audit event records 2,7."""
    world = build_world()
    item = pemdi_item(world, "IK-05")
    submissions.save_draft(world.focal_a, submission_id=item, self_value=None, note=None, external_value=2.7)
    detail = item_detail(world.focal_a, submission_id=item)
    assert (detail.self_value, detail.external_value) == (3.0, 2.7)
    rows = checklist(world.focal_a, period_id=world.period_id, organisation_id=world.opd_a)
    row = rows[rows["code"] == "IK-05"].iloc[0]
    assert row["external_value"] == 2.7
    line = row_text(row, load_catalog("pemdi-2026"))
    assert "3 – Terdefinisi (nilai Indeks Satu Data Indonesia 2,70)" in line  # the item's line in the list
    event = last_event(item)
    assert event.after is not None and event.before is not None
    assert event.after["external_value"] == 2.7 and event.before["external_value"] is None
    # a level typed beside the index value must be the level it converts to; nothing is written otherwise
    refused(
        "workflow.external_level_mismatch",
        lambda: submissions.save_draft(
            world.focal_a, submission_id=item, self_value=5, note=None, external_value=1.9
        ),
    )
    refused(
        "workflow.external_out_of_range",
        lambda: submissions.save_draft(
            world.focal_a, submission_id=item, self_value=None, note=None, external_value=7.5
        ),
    )
    # "no value yet" (level 1, no index value) clears the stored index value
    submissions.save_draft(world.focal_a, submission_id=item, self_value=1, note=None)
    cleared = item_detail(world.focal_a, submission_id=item)
    assert (cleared.self_value, cleared.external_value) == (1.0, None)


def test_a_leaf_not_scored_from_an_index_refuses_an_index_value(db_url: str) -> None:
    """IK-01 is a maturity level entered directly: an external value for it is refused and nothing is written."""
    world = build_world()
    item = pemdi_item(world, "IK-01")
    refused(
        "workflow.external_not_index",
        lambda: submissions.save_draft(
            world.focal_a, submission_id=item, self_value=None, note=None, external_value=2.0
        ),
    )


def test_the_exports_print_the_index_value_beside_the_level(db_url: str) -> None:
    """The CSV's Rincian Item has 'Nilai Indeks Eksternal' 3,6 on IKASANDI's row (IK-10, level 4)."""
    world = build_world()
    item = pemdi_item(world, "IK-10")
    attach_evidence(world.focal_a, submission_id=item, filename="ikasandi-2026.pdf")
    submissions.save_and_submit(
        world.focal_a, submission_id=item, self_value=4, note=None, external_value=3.6
    )
    data = report_data.report_data(world.admin, period_id=world.period_id)
    items = csv_tables(data)["items"]
    headers = list(items.columns)
    assert headers.index("Nilai Indeks Eksternal") == headers.index("Nilai Mandiri") + 1
    row = items[items["Kode"].astype(str) == "IK-10"].iloc[0]
    assert (row["Nilai Mandiri"], row["Nilai Indeks Eksternal"]) == (4.0, 3.6)


def _answer_control(current: float | None, external: float | None) -> None:
    import streamlit as st

    from indicators import load_catalog
    from ui.rule_values import answer_input, rule_value_label

    node = load_catalog("pemdi-2026").node("IK-05")
    value, typed = answer_input(node, current, external, key="v")
    st.session_state["answer"] = (value, typed)
    st.write(rule_value_label(node, value, typed))


def test_a_reopened_item_shows_the_typed_value_and_keeps_it() -> None:
    """Reopening IK-05 saved as 2,7 starts the index box at 2,70, answers (3, 2,7) and reads 'nilai ... 2,70'."""
    at = AppTest.from_function(_answer_control, args=(3.0, 2.7), default_timeout=30).run()
    assert at.session_state["answer"] == (3.0, 2.7)
    assert at.number_input(key="v_external").value == 2.7
    assert any("3 – Terdefinisi (nilai Indeks Satu Data Indonesia 2,70)" in m.value for m in at.markdown)
    at.number_input(key="v_external").set_value(4.3).run()
    assert at.session_state["answer"] == (5.0, 4.3)
    node = load_catalog("pemdi-2026").node("IK-01")
    from ui.rule_values import rule_value_label

    assert rule_value_label(node, 3.0, 2.5) == "3 – Terdefinisi"  # not an index leaf: the level only
