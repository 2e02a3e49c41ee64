"""Active content inside accepted evidence: PDF actions and scripts, Word documents that fetch remote parts.

Such files are legitimate PDFs and DOCX files, so the store accepts them; but opened in a desktop reader an
inspector's machine could run the script, start a program or fetch a template from an attacker's server. The
findings are shown to the reviewer next to the file. PDF names are read after undoing ``#xx`` escapes
(``/J#61vaScript``) and inside Flate-compressed streams (object streams hide dictionaries there), with the
inflated total bounded so a compression bomb costs nothing.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

PDF_ACTIONS = {"JS": "pdf_javascript", "JavaScript": "pdf_javascript", "OpenAction": "pdf_open_action"}
PDF_ACTIONS |= {"Launch": "pdf_launch"}
PDF_INFLATE_LIMIT = 64 * 1024 * 1024
RELS_LIMIT = 1024 * 1024
REMOTE_PART_TYPES = ("/attachedTemplate", "/subDocument", "/frame", "/oleObject")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_NAME = re.compile(rb"/([A-Za-z0-9#]{2,40})")
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>", re.IGNORECASE)


def active_content(path: Path, media_type: str) -> tuple[str, ...]:
    """What in the file could act on its own, as sorted finding codes (empty for a plain file)."""
    if media_type == "application/pdf":
        return tuple(sorted(_pdf_findings(path.read_bytes())))
    if media_type == DOCX:
        return tuple(sorted(_docx_findings(path)))
    return ()


def _pdf_findings(data: bytes) -> set[str]:
    found = _names(data)
    budget = PDF_INFLATE_LIMIT
    for match in _STREAM.finditer(data):
        if budget <= 0:
            break
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(match.group(1), budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        found |= _names(inflated)
    return found


def _names(data: bytes) -> set[str]:
    found = set()
    for match in _NAME.finditer(data):
        name = _HEX.sub(lambda h: bytes([int(h.group(1), 16)]), match.group(1)).decode("latin-1")
        if name in PDF_ACTIONS:
            found.add(PDF_ACTIONS[name])
    return found


def _docx_findings(path: Path) -> set[str]:
    """External relationships to templates, sub-documents, frames or OLE objects (fetched when opened)."""
    found: set[str] = set()
    try:
        with zipfile.ZipFile(path) as archive:
            for entry in archive.infolist():
                if not entry.filename.endswith(".rels") or entry.file_size > RELS_LIMIT:
                    continue
                for tag in _RELATIONSHIP.findall(archive.read(entry)):
                    external = b'TargetMode="External"' in tag or b"TargetMode='External'" in tag
                    if external and any(kind.encode() in tag for kind in REMOTE_PART_TYPES):
                        found.add("docx_remote_part")
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        return found
    return found
