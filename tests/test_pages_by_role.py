"""Every page of ``ui.navigation.PAGE_SPECS`` opened by its URL path as every kind of user, on the seeded demo.

The menu hides the pages a role lacks, but anyone can type a URL; and a page a role has must only ever show
what the services let that user see. So each (user, page) pair is opened the way a browser opens a typed or
bookmarked URL, and the test checks what the person would see: their home page instead of a page they lack; on
a page they have, a translated page without an exception, its lazy panels and each of its lazy tabs opened too,
and no OPD or region outside their scope in any text, option, metric or table cell. The pairs are built from
``PAGE_SPECS`` when the tests are collected, so a page added later is tried as every user without touching this
file. A provincial user's period list must name every kabupaten/kota, which shows the check looks where the names
would be.

Every table header must be words, not a service frame's column name (``actor_username``, ``at``, ``opd``), in
Indonesian and again after switching to English. A few exact Indonesian words per page (``WORDING``) must show,
so a wrong translation fails too. Ids kept for row selection are hidden. The users are
``demo_scope.PERSONAS``, on the module's copy of the demo (``role_demo``), only read.
"""

from __future__ import annotations

import pytest
from app_driver import (
    cells_and_options,
    each_tab,
    errors,
    open_panels,
    open_url,
    raw_headers,
    raw_keys,
    shown_texts,
    table_headers,
    titles,
)
from demo_scope import PERSONAS, PROVINCIAL, REGIONS_WITH_PERIODS, Demo, Persona, out_of_scope

import i18n
from i18n import t
from ui.navigation import HOME, PAGE_SPECS, PageSpec

pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie

LACKING = [
    pytest.param(persona, spec, id=f"{persona.key}-{spec.url_path}")
    for persona in PERSONAS
    for spec in PAGE_SPECS
    if persona.role not in spec.roles
]
# A few exact Indonesian words per page (its title first), so a wrong or missing translation fails, not only a
# raw key. Every user who has the page sees them, with the lazy panels closed and open. The shell's words too.
WORDING: dict[str, tuple[str, ...]] = {
    "ikhtisar": (
        "Ikhtisar Pemda",
        "Skor hasil reviu Inspektorat",
        "Hari menuju tenggat",
        "Lensa layanan digital",
    ),
    "rincian-opd": ("Rincian OPD", "Skor per area", "Butir dan bukti dukung"),
    "peringkat-nasional": ("Peringkat Kesiapan Pemda", "Lensa layanan digital", "Katalog"),
    "daftar-periksa": ("Daftar Periksa OPD", "Belum diajukan", "Kerja luring dengan Excel"),
    "verifikasi": ("Antrean Reviu", "Setujui", "Kembalikan ke OPD"),
    "tindak-lanjut": ("Tindak Lanjut", "Per OPD", "Poin dipertaruhkan", "Rencana aksi per status"),
    "rencana-aksi": ("Rencana Aksi", "Hanya yang belum selesai"),
    "inventaris-layanan": ("Inventaris Layanan Digital", "Layanan", "Aplikasi", "Isi lewat Excel"),
    "laporan": ("Laporan", "Cakupan laporan", "ZIP bukti dukung"),
    "pengguna": ("Pengguna", "Tambah pengguna", "Kelola pengguna", "Buka kunci"),
    "opd": ("OPD", "Gabung OPD", "Tampilkan OPD yang sudah tidak aktif", "Singkatan"),
    "periode": (
        "Periode dan Tenggat",
        "Perpanjang tenggat OPD",
        "Tenggat berlaku pukul 23.59 WIT pada tanggal yang dipilih.",
    ),
    "penugasan": ("Penugasan Butir", "OPD pengampu per butir"),
    "katalog": ("Katalog Indikator", "Impor katalog", "Unduh atau unggah katalog sebagai Excel"),
    "log-audit": ("Log Audit", "Jumlah baris", "Jenis kejadian"),
    "akun": ("Akun Saya", "Ganti kata sandi", "Kata sandi lama", "Ulangi kata sandi"),
}
SHELL_WORDING = ("Keluar", "Bahasa / Language")

HAVING = [
    pytest.param(persona, spec, id=f"{persona.key}-{spec.url_path}")
    for persona in PERSONAS
    for spec in PAGE_SPECS
    if persona.role in spec.roles
]


def test_every_page_has_its_indonesian_words_listed() -> None:
    assert sorted(WORDING) == sorted(spec.url_path for spec in PAGE_SPECS)


@pytest.mark.parametrize(("persona", "spec"), LACKING)
def test_a_page_the_role_lacks_opens_the_home_page_instead(
    role_demo: Demo, persona: Persona, spec: PageSpec
) -> None:
    """Typing the URL of a page the role lacks shows the role's home page, never the page asked for."""
    at = open_url(role_demo.actors[persona.username], spec.url_path)
    assert not at.exception, errors(at)
    home = next(s for s in PAGE_SPECS if s.url_path == HOME[persona.role])
    assert [str(h.value) for h in at.header] == [t(home.title_key, "id")]
    assert t(spec.title_key, "id") not in titles(at)


@pytest.mark.parametrize(("persona", "spec"), HAVING)
def test_a_page_the_role_has_renders_translated_and_in_scope(
    role_demo: Demo, persona: Persona, spec: PageSpec
) -> None:
    """The page, lazy panels open and each tab in turn, renders with no exception or raw key, nothing out of scope."""
    actor = role_demo.actors[persona.username]
    at = open_url(actor, spec.url_path)
    assert not at.exception, errors(at)
    assert [str(h.value) for h in at.header] == [t(spec.title_key, "id")] == [WORDING[spec.url_path][0]]
    words = [*WORDING[spec.url_path], *SHELL_WORDING]
    assert [word for word in words if word not in shown_texts(at)] == []
    for view in each_tab(open_panels(at)):  # a lazy tab draws only while open: each in turn
        assert not view.exception, errors(view)
        assert [str(h.value) for h in view.header] == [t(spec.title_key, "id")]
        assert [word for word in words if word not in shown_texts(view)] == []
        assert raw_keys(shown_texts(view)) == []
        assert out_of_scope(role_demo, actor, view) == []
        if actor.region_id is not None:  # a region-scoped user is never offered "all regions" to choose
            assert t("ui.scope.everywhere", "id") not in cells_and_options(view)
        raw = raw_headers(view)
        assert raw == [], f"/{spec.url_path}: untranslated table headers {raw}"
    periods = [box for box in at.selectbox if box.key == "period_select"]
    if persona.key in PROVINCIAL and periods:
        # A provincial user's period list reaches every kabupaten/kota the scoped users must not see.
        options = " | ".join(str(option) for option in periods[0].options)
        assert all(region in options for region in REGIONS_WITH_PERIODS), options


ENGLISH = [
    pytest.param(persona, spec, id=f"{persona.key}-{spec.url_path}")
    for persona in PERSONAS
    if persona.key in {"admin", "leader", "inspector", "focal_point"}
    for spec in PAGE_SPECS
    if persona.role in spec.roles
]


@pytest.mark.parametrize(("persona", "spec"), ENGLISH)
def test_a_page_switched_to_english_has_english_table_headers(
    role_demo: Demo, persona: Persona, spec: PageSpec
) -> None:
    """After switching to English, every table header (lazy panels open, each tab) is an English word."""
    at = open_url(role_demo.actors[persona.username], spec.url_path)
    at.selectbox(key="language_select").set_value("en").run()
    english = {texts.get("en") for texts in i18n.MESSAGES.values()}
    indonesian = {texts["id"] for texts in i18n.MESSAGES.values() if "id" in texts} - english
    for view in each_tab(open_panels(at)):  # a lazy tab draws only while open: each in turn
        assert not view.exception, errors(view)
        assert [str(h.value) for h in view.header] == [t(spec.title_key, "en")]
        assert raw_keys(shown_texts(view)) == []
        headers = table_headers(view)
        raw = raw_headers(view)
        assert raw == [], f"/{spec.url_path}: untranslated table headers {raw}"
        untranslated = [header for header in headers if header in indonesian]
        assert untranslated == [], f"/{spec.url_path}: Indonesian headers {untranslated}"
