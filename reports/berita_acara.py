"""The content of a Berita Acara Reviu per OPD: the Inspektorat's record, signed with the OPD, of which items it
reviewed in a time span, what it decided, which required documents it accepted and which are missing, and why.

``build_berita_acara`` turns plain data (``BaUnit`` per OPD, assembled by ``services.berita_acara``) into one
``reports.document.Document``; ``reports.document_pdf`` and ``reports.document_docx`` render it, so the PDF and
the .docx say the same. Everything is printed whole: full item codes and names, every reason, every document.
The text is Indonesian only: the berita acara is an official Indonesian document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import i18n
from reports.document import (
    BLANK,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    SignatureGroup,
    Signatures,
    Signer,
    Table,
    nip_line,
)
from reports.terbilang import day_date_words, long_date

DECISIONS = {
    "approve": "Diterima",
    "return": "Dikembalikan untuk diperbaiki",
    "reopen": "Dibuka kembali",
}
REVIEWERS_TITLE = "Tim Reviu Inspektorat"
OPD_TITLE = "Perangkat Daerah yang direviu"


@dataclass(frozen=True)
class BaItem:
    code: str
    name: str
    area: str
    decision: str
    """``approve`` / ``return`` / ``reopen``: the last decision on the item in the span."""
    self_value: float | None
    reviewed_value: float | None
    maximum: float
    reason: str | None
    reviewer: str
    decided_on: date
    accepted: list[str] | None = None
    """Names of the required documents accepted (documents rule); None when the item is not scored by documents."""
    missing: list[str] | None = None


@dataclass(frozen=True)
class BaUnit:
    number: str
    organisation: str
    region: str
    catalog: str
    period: str
    place: str
    on: date
    since: date
    until: date
    items: list[BaItem]
    reviewers: list[Signer]
    officials: list[Signer] = field(default_factory=list)


def _value(value: float | None) -> str:
    return "–" if value is None else i18n.format_number(value, 2, "id")


def _span(unit: BaUnit) -> str:
    if unit.since == unit.until:
        return f"pada {long_date(unit.since)}"
    return f"antara {long_date(unit.since)} dan {long_date(unit.until)}"


def _unit(document: Document, unit: BaUnit) -> None:
    document.add(
        Heading("BERITA ACARA REVIU BUKTI DUKUNG", 1),
        Heading(unit.catalog, 2, centred=True),
        Paragraph(f"Nomor: {unit.number}", align="C"),
        Paragraph(
            f"Pada {day_date_words(unit.on)}, bertempat di {unit.place}, Tim Reviu Inspektorat {unit.region} "
            f"telah melaksanakan reviu atas bukti dukung {unit.catalog} periode {unit.period} yang disampaikan "
            f"oleh {unit.organisation}. Berita acara ini mencatat keputusan terakhir atas setiap butir yang "
            f"direviu {_span(unit)}.",
            align="J",
        ),
        Heading("A. Yang hadir", 2),
    )
    present = [(s, REVIEWERS_TITLE) for s in unit.reviewers] + [
        (s, "Perangkat Daerah") for s in unit.officials
    ]
    document.add(
        Table(
            ["No", "Nama", "NIP", "Jabatan", "Unsur"],
            [
                [str(i), s.name, s.nip or "–", s.position or "–", side]
                for i, (s, side) in enumerate(present, 1)
            ],
            [1.4, 6, 5, 7, 5],
            ["C", "L", "L", "L", "L"],
        ),
        Heading("B. Hasil reviu per butir", 2),
    )
    counts = {key: sum(1 for item in unit.items if item.decision == key) for key in DECISIONS}
    summary = ", ".join(
        f"{label.lower()} {counts[key]} butir" for key, label in DECISIONS.items() if counts[key]
    )
    document.add(
        Paragraph(f"Jumlah butir yang direviu: {len(unit.items)} ({summary})."),
        Table(
            ["No", "Kode", "Butir", "Keputusan", "Nilai mandiri", "Nilai hasil reviu"],
            [
                [
                    str(i),
                    item.code,
                    item.name,
                    DECISIONS[item.decision],
                    _value(item.self_value),
                    _value(item.reviewed_value),
                ]
                for i, item in enumerate(unit.items, 1)
            ],
            [1, 3.2, 9, 3.4, 2.4, 2.4],
            ["C", "L", "L", "L", "R", "R"],
        ),
        Heading("C. Dokumen dan alasan per butir", 2),
    )
    for i, item in enumerate(unit.items, 1):
        document.add(Paragraph(f"{i}. {item.code} — {item.name}", bold=True, size=9.5))
        document.add(
            Paragraph(
                f"Bidang: {item.area}. Keputusan: {DECISIONS[item.decision]}. Nilai hasil reviu: "
                f"{_value(item.reviewed_value)} dari {_value(item.maximum)}. Direviu oleh {item.reviewer} "
                f"pada {long_date(item.decided_on)}.",
                size=9,
            )
        )
        if item.accepted is not None:
            document.add(
                Paragraph("Dokumen diterima: " + ("; ".join(item.accepted) or "tidak ada") + ".", size=9)
            )
        if item.missing is not None:
            document.add(
                Paragraph("Dokumen belum diterima: " + ("; ".join(item.missing) or "tidak ada") + ".", size=9)
            )
        if item.reason:
            document.add(Paragraph(f"Alasan dan catatan: {item.reason}", size=9))
    reviewers = unit.reviewers or [Signer(BLANK, "", "Reviewer")]
    officials = unit.officials or [Signer(BLANK, "", f"Pejabat {unit.organisation}")]
    document.add(
        Paragraph(
            "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.",
            align="J",
        ),
        Signatures(
            f"{unit.place}, {long_date(unit.on)}",
            [
                SignatureGroup(REVIEWERS_TITLE, [_signer(s) for s in reviewers]),
                SignatureGroup(f"{OPD_TITLE}: {unit.organisation}", [_signer(s) for s in officials]),
            ],
        ),
    )


def _signer(signer: Signer) -> Signer:
    return Signer(signer.name, nip_line(signer.nip), signer.position)


def build_berita_acara(units: list[BaUnit], *, title: str) -> Document:
    """One document: a berita acara per OPD, each starting on a new page."""
    document = Document(title=title, footer=title)
    for i, unit in enumerate(units):
        if i:
            document.add(PageBreak())
        _unit(document, unit)
    if not units:
        document.add(Heading("BERITA ACARA REVIU BUKTI DUKUNG", 1))
        document.add(Paragraph("Tidak ada keputusan reviu dalam rentang waktu yang dipilih.", italic=True))
    return document
