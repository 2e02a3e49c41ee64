"""Every text the UI asks for is registered in Bahasa Indonesia and English, and the pages' keys are stable."""

from __future__ import annotations

import re
from pathlib import Path

import i18n
import ui.messages  # noqa: F401  (registers the UI's texts)
from indicators.diff import CHANGE_KINDS
from models.tables import Role
from ui.navigation import HOME, PAGE_SPECS, specs_for

UI = Path(__file__).resolve().parent.parent / "ui"
LITERAL_KEY = re.compile(r"""t\(\s*["'](ui\.[a-z0-9_.]+)["']""")


def test_every_literal_ui_key_has_indonesian_and_english_text() -> None:
    used: set[str] = set()
    for path in UI.rglob("*.py"):
        used |= set(LITERAL_KEY.findall(path.read_text()))
    assert len(used) > 150
    missing = sorted(key for key in used if key not in i18n.MESSAGES)
    assert missing == []
    incomplete = sorted(key for key in used if not {"id", "en"} <= set(i18n.MESSAGES[key]))
    assert incomplete == []


def test_templated_keys_cover_every_role_status_and_state() -> None:
    for role in Role:
        assert f"role.{role.value}" in i18n.MESSAGES
    for status in ("empty", "draft", "submitted", "verified", "returned", "reopened"):
        assert i18n.t(f"status.{status}", "en") != f"status.{status}"
    for state in ("open", "locked", "closed"):
        assert f"period_state.{state}" in i18n.MESSAGES
    for change in CHANGE_KINDS:
        assert f"ui.change.{change}" in i18n.MESSAGES


def test_session_expiry_message_says_sesi_berakhir_in_indonesian() -> None:
    assert "Sesi berakhir" in i18n.t("ui.session.expired", "id")
    assert "session ended" in i18n.t("ui.session.expired", "en")


def test_each_role_lands_on_its_own_work_and_every_page_is_a_function() -> None:
    for spec in PAGE_SPECS:
        assert callable(spec.render), spec.url_path
    assert len({spec.url_path for spec in PAGE_SPECS}) == len(PAGE_SPECS)
    assert [s.url_path for s in specs_for(Role.focal_point)] == [
        "daftar-periksa",
        "rencana-aksi",
        "inventaris-layanan",
        "akun",
    ]
    for role, home in HOME.items():
        assert home in {s.url_path for s in specs_for(role)}
    admin_only = {s.url_path for s in PAGE_SPECS if s.roles == frozenset({Role.admin})}
    for role in (Role.leader, Role.inspector, Role.focal_point):
        assert not admin_only & {s.url_path for s in specs_for(role)}
