"""What a file really is, told from its bytes, never from its name.

An upload is accepted only when the sniffed type agrees with the extension, so an HTML page renamed to
``.pdf`` or a program renamed to ``.png`` never reaches an inspector's browser. ZIP-based office files are told
apart by their inner names without decompressing anything, and a ZIP with too many entries or an absurd
declared size (a zip bomb) is refused before any reader could inflate it.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

MEDIA_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".csv": "text/csv",
}
ALLOWED_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg", ".xlsx", ".docx", ".odt", ".csv")

ZIP_MAX_ENTRIES = 5_000
ZIP_MAX_DECLARED_BYTES = 300 * 1024 * 1024
ZIP_MAX_RATIO = 150  # declared uncompressed size / compressed size, for archives over a few MB inflated
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
CSV_SAMPLE_BYTES = 64 * 1024
CSV_DELIMITERS = ",;\t|"
PDF_EOF_WINDOW = 2048


class SniffError(Exception):
    """Why the bytes were refused: ``reason`` is one of ``zip_bomb``, ``pdf_incomplete``."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Sniffed:
    media_type: str
    extension: str  # canonical: ".jpg" for every JPEG


def sniff(path: Path) -> Sniffed | None:
    """The type of the file at ``path``; None when it is none of the accepted types."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    if head.startswith(b"%PDF-"):
        _require_pdf_end(path)
        return Sniffed(MEDIA_TYPES[".pdf"], ".pdf")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed(MEDIA_TYPES[".png"], ".png")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed(MEDIA_TYPES[".jpg"], ".jpg")
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    if _looks_like_csv(path):
        return Sniffed(MEDIA_TYPES[".csv"], ".csv")
    return None


def _require_pdf_end(path: Path) -> None:
    """A PDF whose ``%%EOF`` marker is missing was cut off (an interrupted scan or upload): refused, because
    an inspector could not open it and the focal point would only learn that at verification."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size - PDF_EOF_WINDOW))
        tail = handle.read()
    if b"%%EOF" not in tail:
        raise SniffError("pdf_incomplete")


def _sniff_zip(path: Path) -> Sniffed | None:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > ZIP_MAX_ENTRIES:
                raise SniffError("zip_bomb")
            declared = sum(entry.file_size for entry in entries)
            compressed = sum(entry.compress_size for entry in entries)
            if declared > ZIP_MAX_DECLARED_BYTES or (
                declared > 10 * 1024 * 1024 and declared > ZIP_MAX_RATIO * max(compressed, 1)
            ):
                raise SniffError("zip_bomb")
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" in names:
                if any(name.startswith("xl/") for name in names):
                    return Sniffed(MEDIA_TYPES[".xlsx"], ".xlsx")
                if any(name.startswith("word/") for name in names):
                    return Sniffed(MEDIA_TYPES[".docx"], ".docx")
                return None
            mimetype = archive.getinfo("mimetype") if "mimetype" in names else None
            if (
                mimetype is not None
                and mimetype.file_size <= 100
                and archive.read(mimetype).strip() == ODT_MIMETYPE
            ):
                return Sniffed(MEDIA_TYPES[".odt"], ".odt")
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        return None


def _decode_whole_file(path: Path) -> str | None:
    """The first ``CSV_SAMPLE_BYTES`` as text, if the whole file is NUL-free UTF-8 (or cp1252) text."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        sample: list[str] = []
        taken = 0
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(1024 * 1024):
                    if b"\x00" in chunk:
                        return None
                    text = decoder.decode(chunk)
                    if taken < CSV_SAMPLE_BYTES:
                        sample.append(text[: CSV_SAMPLE_BYTES - taken])
                        taken += len(sample[-1])
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return "".join(sample)
    return None


def _looks_like_csv(path: Path) -> bool:
    text = _decode_whole_file(path)
    if text is None or text.lstrip().startswith("<"):  # markup (HTML, XML, SVG) is not a table
        return False
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
        return False
    complete = path.stat().st_size <= CSV_SAMPLE_BYTES
    lines = text.splitlines()
    if not complete and len(lines) > 1:
        lines = lines[:-1]  # the sample may end mid-line
    lines = [line for line in lines if line.strip()]
    if not lines:
        return False
    for delimiter in CSV_DELIMITERS:
        if delimiter not in lines[0]:
            continue
        widths = [len(row) for row in csv.reader(io.StringIO("\n".join(lines[:200])), delimiter=delimiter)]
        if widths and widths[0] >= 2 and sum(w == widths[0] for w in widths) >= 0.8 * len(widths):
            return True
    return False
