"""The words for an item's three stages, checked over every message catalog (issue 13 §1).

The Inspektorat's check before upload is an internal **reviu** ("Skor hasil reviu Inspektorat" / "internal review
score"); "verifikasi" / "verification" is KPK's (or KemenPANRB's) stage after the upload deadline. A message that
calls the internal stage "terverifikasi" or "verified" tells the Sekda that KPK has already checked a number it
has not. This test imports every room that registers messages and fails on the old wording.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import i18n

PACKAGES = ("ui", "services", "reports", "storage", "scoring", "models", "indicators")

OLD_WORDS = re.compile(
    r"\b(terverifikasi|diverifikasi|verifikator|verified|verifier|verifikasi\s+ulang)\b", re.IGNORECASE
)
"""Words that name the internal stage as a verification."""
VERIFICATION = re.compile(r"verifi(kasi|cation)", re.IGNORECASE)
EXTERNAL = re.compile(r"KPK|KemenPANRB|eksternal|external", re.IGNORECASE)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _all_messages() -> dict[str, dict[str, str]]:
    for name in PACKAGES:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, f"{name}."):
            importlib.import_module(info.name)
    importlib.import_module("cli.score")
    return i18n.MESSAGES


def offending(text: str) -> str | None:
    """Why ``text`` names a stage wrongly, or None when it is fine."""
    words = PLACEHOLDER.sub("", text)
    found = OLD_WORDS.search(words)
    if found:
        return f"old word {found.group(0)!r}"
    if VERIFICATION.search(words) and not EXTERNAL.search(words):
        return "'verifikasi'/'verification' without naming KPK, KemenPANRB or the external stage"
    return None


def test_the_rule_catches_the_old_wording() -> None:
    assert offending("Skor terverifikasi") is not None
    assert offending("Verified score") is not None
    assert offending("Batas verifikasi") is not None
    assert offending("Antrean Verifikasi") is not None
    assert offending("Skor hasil reviu {reviewer}") is None
    assert offending("Internal review score ({reviewer})") is None
    assert offending("Hasil verifikasi KPK") is None
    assert offending("{verified} dari {total} item direviu") is None


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_no_message_calls_the_internal_reviu_a_verification(language: str) -> None:
    messages = _all_messages()
    assert len(messages) > 500  # every room's catalog was loaded
    wrong = {
        key: (texts[language], why)
        for key, texts in messages.items()
        if language in texts and (why := offending(texts[language])) is not None
    }
    assert wrong == {}


def test_the_internal_stage_has_its_name() -> None:
    _all_messages()
    assert i18n.t("ui.metric.verified_score", "id", reviewer="Inspektorat") == "Skor hasil reviu Inspektorat"
    assert i18n.t("ui.metric.verified_score", "en", reviewer="Inspektorat") == (
        "Internal review score (Inspektorat)"
    )
    assert i18n.t("report.col.score", "id", reviewer="Tim Asesor Internal") == (
        "Skor Hasil Reviu Tim Asesor Internal"
    )


OLD_PROGRAMME = re.compile(r"\bMCP\b")


def test_kpks_programme_is_named_mcsp_mcp() -> None:
    """KPK renamed MCP to MCSP in 2025: every message naming the programme says "MCSP (MCP)"."""
    messages = _all_messages()
    wrong = {
        key: text
        for key, texts in messages.items()
        for text in texts.values()
        if OLD_PROGRAMME.search(text.replace("MCSP (MCP)", ""))
    }
    assert wrong == {}
    assert "MCSP (MCP)" in i18n.t("ui.app.tagline", "id")
    assert OLD_PROGRAMME.search("Kesiapan MCP KPK".replace("MCSP (MCP)", ""))  # the old tagline is caught


def test_stored_catalog_names_are_shown_as_mcsp_mcp() -> None:
    """Catalog keys and stored names stay; what users read says MCSP (MCP)."""
    from indicators.provenance import programme_name

    assert programme_name("Monitoring Center for Prevention (MCP) KPK 2025") == "MCSP (MCP) KPK 2025"
    assert programme_name("KPK Monitoring Center for Prevention (MCP) 2024") == "KPK MCSP (MCP) 2024"
    assert programme_name("MCSP (MCP) KPK 2025") == "MCSP (MCP) KPK 2025"
    assert programme_name("SPBE 2024 (mcp-2024)") == "SPBE 2024 (mcp-2024)"
