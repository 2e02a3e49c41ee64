"""The inspector's and the administrator's work in the app (``AppTest`` on a copy of the seeded demo): approving
and returning an item from the queue, creating an account, and a catalog upload from its line-numbered errors to
the activated draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_driver import actor_of, go_to, sign_in, texts
from streamlit_internals import html_sources

from i18n import t

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie

# -- inspector ------------------------------------------------------------------------------------------------------


def enter_lower_value(at, node, key: str, claimed: float | None) -> float:
    """In the inspector's (empty) value control, enter a value below the claim where the rule allows one."""
    rule = node.rule
    if rule.kind == "documents":  # tick the first document only
        for index, document in enumerate(rule.documents):
            at.checkbox(key=f"{key}_{document.code}").set_value(index == 0)
        return float(rule.documents[0].points)
    if rule.kind == "levels":
        levels = sorted(rule.levels)
        level = next((lv for lv in reversed(levels) if claimed is None or lv < claimed), levels[0])
        at.radio(key=key).set_value(level)
        return float(level)
    if rule.kind == "binary" or (rule.kind == "percent" and rule.steps):
        options = sorted(rule.allowed_values())
        value = next((v for v in reversed(options) if claimed is None or v < claimed), options[0])
        at.segmented_control(key=key).set_value(value)
        return float(value)
    value = max(0.0, (claimed or 0.0) - 10.0)
    at.number_input(key=key).set_value(value)
    return value


def test_inspector_approves_with_an_entered_value_and_the_next_item_opens(demo: dict[str, str]) -> None:
    """Approve starts empty (no one-click approval of the claim); after approving, the next queued item opens."""
    from services import catalogs, submission_views

    at = sign_in("inspektur", demo["inspektur"])
    assert texts(at.header) == ["Antrean Reviu"]
    queue = list(at.selectbox(key="queue_pick").options)
    submission_id = at.selectbox(key="queue_pick").value
    assert submission_id is not None and len(queue) >= 2

    inspector = actor_of("inspektur")
    before = submission_views.item_detail(inspector, submission_id=submission_id)
    assert before.status == "submitted"
    at.button(key=f"approve_{submission_id}").click().run()
    assert texts(at.error) == [t("ui.queue.value_needed", "id")]
    assert submission_views.item_detail(inspector, submission_id=submission_id).status == "submitted"

    node = catalogs.catalog_for_period(before.period_id).node(before.code)
    assert node.rule is not None
    prefix = "verify_docs" if node.rule.kind == "documents" else "verify_value"
    value = enter_lower_value(at, node, f"{prefix}_{submission_id}_{before.version}", before.self_value)
    at.button(key=f"approve_{submission_id}").click().run()
    assert not at.exception
    after = submission_views.item_detail(inspector, submission_id=submission_id)
    assert after.status == "verified"
    assert after.verified_value == pytest.approx(value)
    assert len(at.success) == 1 and before.code in at.success[0].value
    opened = at.selectbox(key="queue_pick").value
    assert opened != submission_id and opened is not None
    assert t("ui.queue.next_opened", "id", item="")[:20] in at.success[0].value
    # the page scrolls to the confirmation, wherever the approve button left the user (Chromium: test_screens)
    assert any(".st-key-queue_confirmation" in h and "scrollIntoView" in h for h in html_sources(at))
    assert any(
        f"· {submission_views.item_detail(inspector, submission_id=opened).code} ·" in h
        for h in texts(at.subheader)
    )


def test_inspector_returning_without_a_reason_is_refused_with_a_message(demo: dict[str, str]) -> None:
    at = sign_in("inspektur", demo["inspektur"])
    submission_id = at.selectbox(key="queue_pick").value
    assert submission_id is not None
    at.button(key=f"return_{submission_id}").click().run()
    assert texts(at.error) == [t("workflow.reason_required", "id")]
    at.text_area(key=f"return_reason_{submission_id}").input("SK belum ditandatangani.")
    at.button(key=f"return_{submission_id}").click().run()
    assert len(at.success) == 1

    from services import submission_views

    detail = submission_views.item_detail(actor_of("inspektur"), submission_id=submission_id)
    assert detail.status == "returned"
    assert detail.reviews[-1].reason == "SK belum ditandatangani."


# -- admin ----------------------------------------------------------------------------------------------------------


def test_admin_creates_a_leader_account(demo: dict[str, str]) -> None:
    from models.tables import Role

    at = sign_in("admin", demo["admin"])
    go_to(at, "pengguna").run()
    assert texts(at.header) == ["Pengguna"]
    at.text_input(key="new_user_username").input("asisten1")
    at.text_input(key="new_user_full_name").input("Asisten Pemerintahan")
    at.text_input(key="new_user_password").input("Sofifi-2026-asisten")
    at.selectbox(key="new_user_role").set_value(Role.leader)
    at.button(key="new_user_submit").click().run()
    assert not at.exception
    assert texts(at.success) == [t("ui.users.created", "id", username="asisten1")]

    from services import users

    listed = users.list_users(actor_of("admin"))
    created = listed[listed["username"] == "asisten1"].iloc[0]
    assert created["role"] == "leader" and bool(created["active"])


def test_the_create_form_starts_with_the_least_privileged_role_and_clears_after_saving(
    demo: dict[str, str],
) -> None:
    from models.tables import Role

    at = sign_in("admin", demo["admin"])
    go_to(at, "pengguna").run()
    assert at.selectbox(key="new_user_role").value == Role.focal_point
    at.text_input(key="new_user_username").input("asisten2")
    at.text_input(key="new_user_full_name").input("Asisten Dua")
    at.text_input(key="new_user_password").input("Sofifi-2026-asisten")
    at.selectbox(key="new_user_role").set_value(Role.leader)
    at.button(key="new_user_submit").click().run()
    assert texts(at.success) == [t("ui.users.created", "id", username="asisten2")]
    assert at.text_input(key="new_user_username").value == ""
    assert at.text_input(key="new_user_password").value == ""
    assert at.selectbox(key="new_user_role").value == Role.focal_point


def test_admin_edits_a_users_name_role_and_email(demo: dict[str, str]) -> None:
    from models.tables import Role
    from services import users

    at = sign_in("admin", demo["admin"])
    go_to(at, "pengguna").run()
    listed = users.list_users(actor_of("admin"))
    user_id = int(listed[listed["username"] == "inspektur"].iloc[0]["id"])
    at.selectbox(key="manage_user_pick").set_value(user_id).run()
    assert at.text_input(key=f"edit_user_full_name_{user_id}").value
    at.text_input(key=f"edit_user_full_name_{user_id}").input("Inspektur Pembantu")
    at.text_input(key=f"edit_user_email_{user_id}").input("irban@malut.go.id")
    at.selectbox(key=f"edit_user_role_{user_id}").set_value(Role.leader)
    at.button(key=f"edit_user_submit_{user_id}").click().run()
    assert not at.exception
    assert texts(at.success) == [t("ui.users.updated", "id")]
    listed = users.list_users(actor_of("admin"))
    edited = listed[listed["id"] == user_id].iloc[0]
    assert (edited["full_name"], edited["role"], edited["email"]) == (
        "Inspektur Pembantu",
        "leader",
        "irban@malut.go.id",
    )


def test_admin_sets_an_inspectors_nip_and_position_for_the_berita_acara(demo: dict[str, str]) -> None:
    """The users page's edit form stores the NIP (as printed) and the jabatan; a wrong NIP is refused."""
    from services import users

    at = sign_in("admin", demo["admin"])
    go_to(at, "pengguna").run()
    listed = users.list_users(actor_of("admin"))
    user_id = int(listed[listed["username"] == "inspektur"].iloc[0]["id"])
    at.selectbox(key="manage_user_pick").set_value(user_id).run()
    at.text_input(key=f"edit_user_nip_{user_id}").input("1234")
    at.button(key=f"edit_user_submit_{user_id}").click().run()
    assert any("18 angka" in e for e in texts(at.error))
    at.text_input(key=f"edit_user_nip_{user_id}").input("198001012005011001")
    at.text_input(key=f"edit_user_position_{user_id}").input("Inspektur Pembantu Wilayah I")
    at.button(key=f"edit_user_submit_{user_id}").click().run()
    assert not at.exception
    assert texts(at.success) == [t("ui.users.updated", "id")]
    edited = users.list_users(actor_of("admin")).set_index("id").loc[user_id]
    assert (edited["nip"], edited["position"]) == ("19800101 200501 1 001", "Inspektur Pembantu Wilayah I")


# -- catalogs -------------------------------------------------------------------------------------------------------

BROKEN_CATALOG = """\
key: rusak-2026
name: Katalog rusak
framework: MCP
year: 2026
scale: {min: 0, max: 100}
zones:
  - {name: merah, min: 0, max: 50}
  - {name: hijau, min: 50, max: 100}
nodes:
  - code: A
    name: Area A
    children:
      - code: A.1
        name: Butir tanpa aturan
      - code: A.2
        name: Butir berbobot negatif
        weight: -1
        rule: {kind: binary}
"""


def test_admin_sees_catalog_errors_with_line_numbers_then_imports_diffs_and_activates(
    demo: dict[str, str],
) -> None:
    at = sign_in("admin", demo["admin"])
    go_to(at, "katalog").run()
    assert texts(at.header) == ["Katalog Indikator"]

    at.file_uploader(key="catalog_upload").upload("rusak.yaml", BROKEN_CATALOG.encode(), "application/x-yaml")
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    problems = at.dataframe[-1].value
    assert len(problems) >= 2
    assert set(problems["Baris"].dropna().astype(int)) & {14, 15, 17}

    shipped = (
        Path(__file__).resolve().parent.parent / "indicators" / "catalogs" / "spbe-2021.yaml"
    ).read_text()
    renamed = shipped.replace("key: spbe-2021", "key: spbe-2021-v2", 1).replace(
        "name: Domain Kebijakan Internal SPBE", "name: Domain Kebijakan SPBE", 1
    )
    at.file_uploader(key="catalog_upload").set_value(("spbe-v2.yaml", renamed.encode(), "application/x-yaml"))
    at.run()
    assert not at.error
    at.button(key="catalog_import").click().run()
    assert t("ui.catalog.imported", "id", catalog="spbe-2021-v2") in texts(at.success)
    # The draft is shown with its differences against the active SPBE catalog before anyone activates it.
    diff = at.dataframe[-1].value
    assert list(diff[t("ui.col.code", "id")]) == ["D1"]
    assert list(diff[t("ui.col.change", "id")]) == [t("ui.change.renamed", "id")]
    assert list(diff["Yang berubah"]) == ["nama: Domain Kebijakan Internal SPBE → Domain Kebijakan SPBE"]

    from services import catalogs

    listed = catalogs.list_catalogs(actor_of("admin"))
    draft_id = int(listed[listed["key"] == "spbe-2021-v2"].iloc[0]["id"])
    assert listed[listed["key"] == "spbe-2021-v2"].iloc[0]["status"] == "draft"
    at.button(key=f"catalog_activate_{draft_id}").click().run()
    assert t("ui.catalog.activated", "id", catalog="spbe-2021-v2") in texts(at.success)
    listed = catalogs.list_catalogs(actor_of("admin"))
    assert listed[listed["key"] == "spbe-2021-v2"].iloc[0]["status"] == "active"
