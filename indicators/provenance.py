"""Whether a number is on provisional ground: the one rule every screen and report asks before showing a score.

A catalog is ``provisional`` when its item wording and weights were not found in an official text (every MCP
catalog shipped now); a node may be provisional inside an official catalog; a zone's edges may be provisional
even when the items are not (KPK published only "hijau from 78" for 2024–2025). A score or zone shown from such
a catalog carries the mark "katalog sementara" and/or "zona sementara" (``provenance_marks``), and a report says
where its catalog comes from in the reader's language (``source_note``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from i18n import format_date, register, t
from indicators.schema import Catalog

Mark = Literal["catalog", "zones"]

register(
    {
        "provenance.mark.catalog": {"id": "katalog sementara", "en": "provisional catalog"},
        "provenance.mark.zones": {"id": "zona sementara", "en": "provisional zones"},
        "provenance.help.catalog": {
            "id": "Rumusan butir dan bobot katalog ini belum dari teks resmi; angka dapat berubah saat katalog "
            "resmi diimpor.",
            "en": "This catalog's item wording and weights are not from an official text yet; the numbers may "
            "change when the official catalog is imported.",
        },
        "provenance.help.zones": {
            "id": "Batas zona belum dari teks resmi (KPK hanya mengumumkan hijau mulai 78); zona dapat berubah.",
            "en": "The zone edges are not from an official text (KPK only announced green from 78); zones may "
            "change.",
        },
        "provenance.note.provisional": {
            "id": "Sumber katalog {name} ({code}): katalog sementara. Susunan area mengikuti KPK; rumusan butir, "
            "bukti dukung dan bobot disusun dari sumber publik sambil menunggu buku indikator resmi, sehingga "
            "skor dapat berubah saat katalog resmi diimpor.",
            "en": "Source of the catalog {name} ({code}): provisional catalog. The areas follow KPK; item wording, "
            "evidence and weights were drafted from public sources until the official indicator book is "
            "available, so scores may change when the official catalog is imported.",
        },
        "provenance.note.provisional_reported": {
            "id": "Sumber katalog {name} ({code}): katalog sementara. Struktur, rumusan butir dan bobot diambil dari "
            "sumber yang dilaporkan, bukan dari teks peraturan ({source}), sehingga skor dapat berubah saat katalog "
            "resmi diimpor.",
            "en": "Source of the catalog {name} ({code}): provisional catalog. Structure, item wording and weights "
            "come from reported sources, not the regulation's text ({source}), so scores may change when the "
            "official catalog is imported.",
        },
        "provenance.note.official": {
            "id": "Sumber katalog {name} ({code}): {source}.",
            "en": "Source of the catalog {name} ({code}): {source}.",
        },
        "published.status.final": {"id": "final", "en": "final"},
        "published.status.provisional": {"id": "sementara", "en": "provisional"},
        "published.status.reported": {"id": "dilaporkan media", "en": "reported"},
        "published.level.pemda": {"id": "tingkat pemda", "en": "pemda level"},
        "published.level.area": {"id": "area {area}", "en": "area {area}"},
        "published.source": {
            "id": "Sumber: {publisher}, {date}, {status}, {level}{citation}",
            "en": "Source: {publisher}, {date}, {status}, {level}{citation}",
        },
        "published.no_date": {"id": "tanggal tidak diketahui", "en": "date unknown"},
        "provenance.note.zones": {
            "id": "Batas zona bersifat sementara.",
            "en": "The zone edges are provisional.",
        },
    }
)


_OLD_PROGRAMME = re.compile(r"Monitoring Center for Prevention \(MCP\)|(?<![\w(])MCP(?![\w)])")


def programme_name(name: str) -> str:
    """A name as users should read it: KPK's programme is "MCSP (MCP)" since 2025 (renamed from MCP); the
    catalog keys and stored names stay as they are.

    >>> programme_name("Monitoring Center for Prevention (MCP) KPK 2025")
    'MCSP (MCP) KPK 2025'
    """
    return _OLD_PROGRAMME.sub("MCSP (MCP)", name)


def status_label(status: object, lang: str | None = None) -> str:
    """A published score's status in words: final / sementara / dilaporkan media."""
    key = f"published.status.{status}"
    return t(key, lang) if str(status) in ("final", "provisional", "reported") else str(status)


def published_source(row: Mapping[Any, Any], lang: str | None = None) -> str:
    """Where a published score comes from, in the reader's language: "Sumber: KPK, 17 Desember 2025, final,
    tingkat pemda — Siaran pers (https://…)". ``row`` has publisher, published_on, status, level, area, source,
    source_url (missing ones are left out)."""

    def given(key: str) -> Any:
        value = row.get(key)
        return None if value is None or value != value else value  # NaN and NaT differ from themselves

    day = given("published_on")
    area = given("area")
    level = t("published.level.area", lang, area=area) if area else t("published.level.pemda", lang)
    citation = " — ".join(str(part) for part in (given("source"), given("source_url")) if part)
    return t(
        "published.source",
        lang,
        publisher=given("publisher") or "–",
        date=format_date(day, lang) if day is not None else t("published.no_date", lang),
        status=status_label(given("status") or "reported", lang),
        level=level,
        citation=f" — {citation}" if citation else "",
    )


def zones_provisional(catalog: Catalog) -> bool:
    """Whether any zone edge is provisional (a zone without its own provenance has the catalog's)."""
    return any((zone.provenance or catalog.provenance) == "provisional" for zone in catalog.zones)


def catalog_provisional(catalog: Catalog, code: str | None = None) -> bool:
    """Whether the catalog, or the node ``code`` (inherited down the tree), is provisional; for the overall
    score (no code), whether any node is."""
    if code is not None:
        try:
            return catalog.node(code).provenance == "provisional"
        except KeyError:
            pass
    return catalog.provenance == "provisional" or any(n.provenance == "provisional" for n in catalog.walk())


def provenance_marks(catalog: Catalog, code: str | None = None) -> tuple[Mark, ...]:
    """The marks a score or zone of ``catalog`` (at node ``code``, or overall) must carry: () when official."""
    marks: list[Mark] = []
    if catalog_provisional(catalog, code):
        marks.append("catalog")
    if zones_provisional(catalog):
        marks.append("zones")
    return tuple(marks)


def mark_labels(marks: tuple[Mark, ...], lang: str | None = None) -> list[str]:
    """The marks in words: ["katalog sementara", "zona sementara"]."""
    return [t(f"provenance.mark.{mark}", lang) for mark in marks]


def source_note(catalog: Catalog, lang: str | None = None) -> str:
    """Where the catalog comes from, in the reader's language (a report's cover)."""
    if catalog.provenance == "provisional" and catalog.framework != "MCP" and catalog.source:
        # Not KPK's areas: a reported structure (PEKPPP, Pemdi) names where it was reported.
        source = catalog.source.rstrip(".")
        note = t(
            "provenance.note.provisional_reported", lang, name=catalog.name, code=catalog.key, source=source
        )
    elif catalog.provenance == "provisional":
        note = t("provenance.note.provisional", lang, name=catalog.name, code=catalog.key)
    else:
        source = (catalog.source or catalog.name).rstrip(".")
        note = t("provenance.note.official", lang, name=catalog.name, code=catalog.key, source=source)
    if zones_provisional(catalog) and catalog.provenance != "provisional":
        note += " " + t("provenance.note.zones", lang)
    return note
