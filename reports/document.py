"""A document's content, built once and rendered to PDF (``reports.document_pdf``) and .docx
(``reports.document_docx``): the berita acara and the rekapitulasi say the same thing in both formats because
both renderers read this one model. Blocks hold finished text (numbers already formatted); nothing is cut here or
in a renderer: a long reason wraps, a long table breaks across pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1
    """1: the document's title (centred), 2: a section, 3: a sub-section."""
    centred: bool = False


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "L"
    """"L", "C", "R" or "J" (justified)."""
    size: float = 10.0


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]
    """Relative column widths (any unit; the renderers scale them to the page)."""
    align: list[str] = field(default_factory=list)
    """Per column "L" / "C" / "R"; left when absent."""
    fills: list[list[str | None]] | None = None
    """Per cell background "#rrggbb" (zones) or None."""
    size: float = 8.0


@dataclass(frozen=True)
class Signer:
    name: str
    nip: str
    position: str


BLANK = "(" + "." * 36 + ")"
"""A name left to be written by hand under a signature."""


def nip_line(nip: str | None) -> str:
    """The line under a signer's name: "NIP 19…", or a dotted line to fill in by hand where none is recorded."""
    return f"NIP {nip}" if nip else "NIP " + "." * 24


@dataclass(frozen=True)
class SignatureGroup:
    title: str
    """Who signs, above the names ("Tim Reviu Inspektorat", "Perangkat Daerah")."""
    signers: list[Signer]


@dataclass(frozen=True)
class Signatures:
    place_date: str
    """"Sofifi, 2 Desember 2026", above the blocks."""
    groups: list[SignatureGroup]


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Table | Signatures | PageBreak


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False
    footer: str = ""
    """A short line at the foot of every page after the first (the document's title and number)."""

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def texts(self) -> list[str]:
        """Every piece of text in reading order (for tests and search)."""
        out: list[str] = []
        for block in self.blocks:
            if isinstance(block, Heading | Paragraph):
                out.append(block.text)
            elif isinstance(block, Table):
                out.extend(block.headers)
                out.extend(cell for row in block.rows for cell in row)
            elif isinstance(block, Signatures):
                out.append(block.place_date)
                for group in block.groups:
                    out.append(group.title)
                    out.extend(text for s in group.signers for text in (s.name, s.nip, s.position))
        return out
