"""The audit log in words: every event code the code writes has a name, and before/after read as words."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from app_driver import open_url
from demo_scope import Demo

from i18n import t
from services.audit_words import EVENTS, entity_name, event_name
from services.exports import FORMATS
from services.transitions import ACTIONS
from ui.admin.audit import changes

ROOT = Path(__file__).resolve().parent.parent
FSCK_OUTCOMES = ("deleted", "kept_recent", "quarantined", "marked")  # services.fsck.Finding.action


def _written_codes() -> set[str]:
    """``action="..."`` of every ``record(...)`` / ``add_evidence_link(...)`` call and the latter's default."""
    found: set[object] = set()
    for path in [*ROOT.glob("services/*.py"), *ROOT.glob("seed_data/*.py"), *ROOT.glob("cli/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = (
                    node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                )
                if name in ("record", "add_evidence_link"):
                    found |= {
                        k.value.value
                        for k in node.keywords
                        if k.arg == "action" and isinstance(k.value, ast.Constant)
                    }
            if isinstance(node, ast.FunctionDef) and node.name == "add_evidence_link":
                found |= {d.value for d in node.args.kw_defaults if isinstance(d, ast.Constant)}
    return {code for code in found if isinstance(code, str) and "." in code}


def test_every_audit_event_the_code_writes_has_a_name_in_both_languages() -> None:
    """No event code reaches the audit page raw: each one written has an Indonesian and an English name."""
    codes = _written_codes() | {action.event for action in ACTIONS.values()}
    codes |= {f"export.{fmt}" for fmt in FORMATS} | {f"store.file_{outcome}" for outcome in FSCK_OUTCOMES}
    codes |= {"user.activated", "user.deactivated", "external_result.set"}  # written through a conditional
    codes |= {
        f"inventory.{kind}_{done}"
        for kind in ("service", "application")
        for done in ("created", "updated", "retired")
    }
    assert len(codes) > 40
    assert sorted(codes - set(EVENTS)) == []
    assert event_name("review.approve") == "Reviu: disetujui"
    assert t("audit.event.review.approve", "en") == "Review: approved"


def test_an_unknown_code_reads_as_other_event_never_as_the_code() -> None:
    """A code without a name shows "Kejadian lain", an unknown object "Objek lain"."""
    assert event_name("something.new") == "Kejadian lain"
    assert entity_name("gizmo") == "Objek lain"
    assert entity_name("submission") == "Isian butir"


def test_before_and_after_read_as_words() -> None:
    """A review's after reads "Status: direviu · Nilai mandiri: 100", not ``status=verified``."""
    assert changes({"status": "verified", "self_value": 100.0, "reason": None}, "review.approve") == (
        "Status: direviu · Nilai mandiri: 100 · Alasan: –"
    )
    assert (
        changes({"role": "focal_point", "active": True}, "user.updated") == "Peran: Operator OPD · Aktif: Ya"
    )
    assert changes({"status": "active"}, "catalog.activate") == "Status: aktif"
    assert changes(None) == ""


@pytest.mark.usefixtures("browserless")
def test_the_audit_page_names_events_and_objects_in_words(role_demo: Demo) -> None:
    """The admin's audit log shows "Reviu: disetujui" on "Isian butir" and the filter offers families of events."""
    at = open_url(role_demo.actors["admin"], "log-audit")
    assert not at.exception
    frame = at.dataframe[0].value
    shown = set(frame[t("ui.col.action", "id")])
    assert "Reviu: disetujui" in shown and not any("." in name for name in shown)
    assert "Isian butir" in set(frame[t("ui.col.entity", "id")])
    assert not any("verified" in str(cell) for cell in frame[t("ui.col.after", "id")])
    at.selectbox(key="audit_action").set_value("review.").run()
    assert set(at.dataframe[0].value[t("ui.col.action", "id")]) <= {
        "Reviu: disetujui", "Reviu: dikembalikan ke OPD", "Reviu: dibuka kembali",
    }  # fmt: skip
