"""A focal point's work in the app (``AppTest`` on a copy of the seeded demo): opening an item, setting a value
with the control its rule asks for, uploading evidence, submitting, the refusals the services give, and the
outdated-evidence flag on the checklist and the gap list."""

from __future__ import annotations

import pytest
from app_driver import actor_of, open_tab, sign_in, texts, upload_file
from streamlit.testing.v1 import AppTest

from i18n import t
from ui.display import plain

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


# -- focal point ----------------------------------------------------------------------------------------------------


def _own_items(username: str):
    from services import periods, submission_views
    from ui.widgets import default_period

    actor = actor_of(username)
    period_id = default_period(periods.list_periods(actor), actor)
    assert actor.organisation_id is not None
    return actor, submission_views.checklist(
        actor, period_id=period_id, organisation_id=actor.organisation_id
    )


def test_focal_point_uploads_sets_a_value_and_submits_an_item(demo: dict[str, str]) -> None:
    from services import catalogs, submission_views

    username = "fp.diskominfosan"
    actor, items = _own_items(username)
    editable = items[items["status"].isin(["empty", "draft", "returned"])]
    assert not editable.empty
    row = editable.iloc[0]
    code, submission_id = str(row["code"]), int(row["submission_id"])
    detail = submission_views.item_detail(actor, submission_id=submission_id)
    node = catalogs.catalog_for_period(detail.period_id).node(code)

    at = sign_in(username, demo[username])
    at.button(key=f"open_{code}").click().run()
    assert any(code in s for s in texts(at.subheader))
    upload_file(at, code, "Bukti.pdf", PDF)
    version = submission_views.item_detail(actor, submission_id=submission_id).version
    expected = _set_rule_value(at, node, f"value_{code}_{version}", detail.self_value)
    at.button(key=f"submit_{code}").click().run()
    assert not at.exception
    assert texts(at.success) == [t("ui.checklist.submitted", "id", code=code)]
    after = submission_views.item_detail(actor, submission_id=submission_id)
    assert after.status == "submitted"
    assert after.self_value == pytest.approx(expected)
    assert "Bukti.pdf" in {e.display_name for e in after.evidence}


def test_submitting_without_evidence_is_refused_with_the_services_message(demo: dict[str, str]) -> None:
    username = "fp.dinkes"
    actor, items = _own_items(username)
    bare = items[items["status"].isin(["empty", "draft"]) & (items["evidence_count"] == 0)]
    assert not bare.empty
    row = bare.iloc[0]
    code = str(row["code"])

    from services import catalogs, submission_views

    detail = submission_views.item_detail(actor, submission_id=int(row["submission_id"]))
    node = catalogs.catalog_for_period(detail.period_id).node(code)
    at = sign_in(username, demo[username])
    at.button(key=f"open_{code}").click().run()
    _set_rule_value(at, node, f"value_{code}_{detail.version}", detail.self_value)
    at.button(key=f"submit_{code}").click().run()
    assert texts(at.error) == [t("workflow.evidence_required", "id")]
    # save_and_submit is one transaction: the refused submit leaves the item as it was, value and status alike
    after = submission_views.item_detail(actor, submission_id=detail.submission_id)
    assert (after.status, after.self_value, after.version) == (
        detail.status,
        detail.self_value,
        detail.version,
    )


def test_focal_point_saves_a_new_self_value_with_the_rule_control(demo: dict[str, str]) -> None:
    username = "fp.diskominfosan"
    actor, items = _own_items(username)
    editable = items[items["status"].isin(["empty", "draft"])]
    assert not editable.empty
    row = editable.iloc[0]
    code, submission_id, version = str(row["code"]), int(row["submission_id"]), int(row["version"])

    from services import catalogs, submission_views

    node = catalogs.catalog_for_period(
        int(submission_views.item_detail(actor, submission_id=submission_id).period_id)
    ).node(code)
    at = sign_in(username, demo[username])
    at.button(key=f"open_{code}").click().run()
    expected = _set_rule_value(at, node, f"value_{code}_{version}", row["self_value"])
    at.text_area(key=f"note_{code}_{version}").input("Bukti menyusul dari bidang aptika.")
    at.button(key=f"save_{code}").click().run()
    assert not at.exception
    assert texts(at.success) == [t("ui.checklist.saved", "id", code=code)]
    detail = submission_views.item_detail(actor, submission_id=submission_id)
    assert detail.status == "draft"
    assert detail.self_value == pytest.approx(expected)
    assert detail.note == "Bukti menyusul dari bidang aptika."


def _set_rule_value(at: AppTest, node, key: str, current) -> float:
    """Pick a value different from ``current`` in the control the node's rule uses; returns it."""
    rule = node.rule
    if rule.kind == "levels":
        level = next(lv for lv in sorted(rule.levels) if lv != current)
        at.radio(key=key).set_value(level)
        return float(level)
    if rule.kind == "binary":
        value = 0.0 if current == 1.0 else 1.0
        at.segmented_control(key=key).set_value(value)
        return value
    if rule.kind == "percent" and rule.steps:
        value = next(float(s) for s in reversed(rule.steps) if s != current)
        at.segmented_control(key=key).set_value(value)
        return value
    if rule.kind == "percent":
        value = 40.0 if current != 40.0 else 60.0
        at.number_input(key=key).set_value(value)
        return value
    # documents: tick exactly the first document
    for index, document in enumerate(rule.documents):
        at.checkbox(key=f"{key}_{document.code}").set_value(index == 0)
    return float(rule.documents[0].points)


# -- evidence -------------------------------------------------------------------------------------------------------


def test_focal_point_uploads_evidence_and_a_disguised_file_is_refused_with_a_message(
    demo: dict[str, str],
) -> None:
    username = "fp.diskominfosan"
    actor, items = _own_items(username)
    row = items[items["status"].isin(["empty", "draft"])].iloc[0]
    code, submission_id, count = str(row["code"]), int(row["submission_id"]), int(row["evidence_count"])

    at = sign_in(username, demo[username])
    at.button(key=f"open_{code}").click().run()
    upload_file(at, code, "SK Tim SPBE 2026.pdf", PDF)
    assert not at.exception
    assert texts(at.success) == [t("ui.evidence.uploaded", "id", count=1)]

    from services import evidence

    files = evidence.list_evidence(actor, submission_id=submission_id)
    assert len(files) == count + 1
    assert "SK Tim SPBE 2026.pdf" in {f.display_name for f in files}
    # The page lists the new file with a download button; a rerun does not upload it a second time.
    assert any(plain("SK Tim SPBE 2026.pdf") in m for m in texts(at.markdown))  # shown literally
    at.run()
    assert len(evidence.list_evidence(actor, submission_id=submission_id)) == count + 1

    upload_file(at, code, "foto.pdf", PNG)
    assert len(at.error) == 1 and at.error[0].value.startswith(plain("foto.pdf") + " ")
    assert len(evidence.list_evidence(actor, submission_id=submission_id)) == count + 1
    # the refused file does not stay in the uploader looking accepted, and neither does the stored one
    assert [bool(u.value) for u in at.file_uploader if (u.key or "").startswith(f"upload_{code}")] == [False]


# -- outdated evidence ----------------------------------------------------------------------------------------------


def test_checklist_and_gap_list_flag_outdated_evidence(demo: dict[str, str]) -> None:
    """Items whose evidence is older than the catalog allows carry a warning on the checklist and the gap list."""
    from services import freshness
    from ui.widgets import default_period

    flagged = None
    for username in ("fp.diskominfosan", "fp.bpkad", "fp.dpmptsp", "fp.dinkes"):
        actor, _ = _own_items(username)
        from services import periods

        period_id = default_period(periods.list_periods(actor), actor)
        stale = freshness.stale_items(actor, period_id=period_id, organisation_id=actor.organisation_id)
        if not stale.empty:
            flagged = username, str(stale.iloc[0]["code"])
            break
    assert flagged is not None, "the demo should hold at least one item with outdated evidence"
    username, code = flagged
    at = sign_in(username, demo[username])
    flag = t("ui.stale.flag", "id")
    assert any(f"**{code}**" in text and flag in text for text in texts(at.markdown))

    leader = open_tab(sign_in("sekda", demo["sekda"]), t("ui.tab.gaps", "id"))
    gap_tables = [frame.value for frame in leader.dataframe if t("ui.col.gain", "id") in frame.value.columns]
    assert len(gap_tables) == 1
    assert t("ui.col.stale", "id") in gap_tables[0].columns


def test_a_file_already_stored_for_another_item_is_offered_instead_of_stored_twice(
    demo: dict[str, str],
) -> None:
    """Uploading for a second item the file already uploaded for the first says "Berkas ini sudah diunggah untuk
    butir X" and stores nothing; "Pakai berkas yang tersimpan" attaches the stored file to the second item."""
    from services import evidence

    username = "fp.diskominfosan"
    actor, items = _own_items(username)
    editable = items[items["status"].isin(["empty", "draft"])]
    first, second = editable.iloc[0], editable.iloc[1]
    first_code, second_code = str(first["code"]), str(second["code"])
    second_id = int(second["submission_id"])
    content = PDF + b"% unik untuk uji berkas ganda\n"

    at = sign_in(username, demo[username])
    at.button(key=f"open_{first_code}").click().run()
    upload_file(at, first_code, "SK Tim.pdf", content)
    assert texts(at.success) == [t("ui.evidence.uploaded", "id", count=1)]
    before = len(evidence.list_evidence(actor, submission_id=second_id))

    at.button(key=f"open_{second_code}").click().run()
    upload_file(at, second_code, "SK Tim (salinan).pdf", content)
    assert not at.exception
    offer = t("ui.evidence.stored_elsewhere", "id", codes=first_code, name=plain("SK Tim (salinan).pdf"))
    assert offer in texts(at.warning)
    assert offer.startswith(f"Berkas ini sudah diunggah untuk butir {first_code}")
    assert len(evidence.list_evidence(actor, submission_id=second_id)) == before  # nothing stored yet
    assert [bool(u.value) for u in at.file_uploader if (u.key or "").startswith(f"upload_{second_code}")] == [
        False
    ]

    reuse = next(
        b
        for b in at.button
        if (b.key or "").startswith("reuse_") and not (b.key or "").startswith("reuse_no")
    )
    reuse.click().run()
    assert not at.exception
    files = evidence.list_evidence(actor, submission_id=second_id)
    assert len(files) == before + 1 and files[-1].display_name == "SK Tim.pdf"  # the stored one, linked
    first_files = evidence.list_evidence(actor, submission_id=int(first["submission_id"]))
    assert files[-1].id == first_files[-1].id  # one Evidence row for both items
    assert offer not in texts(at.warning)


def test_focal_point_tags_an_uploaded_file_with_the_document_it_answers(demo: dict[str, str]) -> None:
    """On an item scored by documents, each attached file offers the item's documents; the choice is stored."""
    from indicators.rules import DocumentsRule
    from services import catalogs, submission_views

    username = "fp.diskominfosan"
    actor, items = _own_items(username)
    editable = items[items["status"].isin(["empty", "draft", "returned"])]
    first = submission_views.item_detail(actor, submission_id=int(editable.iloc[0]["submission_id"]))
    catalog = catalogs.catalog_for_period(first.period_id)
    code, submission_id = next(
        (str(c), int(s))
        for c, s in zip(editable["code"], editable["submission_id"], strict=True)
        if isinstance(catalog.node(str(c)).rule, DocumentsRule)
    )
    rule = catalog.node(code).rule
    assert isinstance(rule, DocumentsRule)
    at = sign_in(username, demo[username])
    at.button(key=f"open_{code}").click().run()
    upload_file(at, code, "Bukti-dokumen.pdf", PDF + b"%tag\n")
    link = next(e for e in submission_views.item_detail(actor, submission_id=submission_id).evidence
                if e.display_name == "Bukti-dokumen.pdf")  # fmt: skip
    box = at.selectbox(key=f"answers_{link.link_id}")
    assert box.label == t("ui.evidence.answers", "id") and box.value is None
    last = rule.documents[-1]
    box.set_value(last.code).run()
    assert not at.exception
    after = next(e for e in submission_views.item_detail(actor, submission_id=submission_id).evidence
                 if e.link_id == link.link_id)  # fmt: skip
    assert after.document_code == last.code
