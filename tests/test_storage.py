"""The evidence store on a real folder: what it accepts, what it refuses, and what it leaves on disk."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from i18n import LenteraError
from storage import EvidenceStore, safe_display_name
from storage.store import CHUNK_BYTES

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x11" * 64 + b"\xff\xd9"
CSV_TEXT = "kode;nama;nilai\n1.1;Perencanaan;80\n1.2;Penganggaran;75,5\n"


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["kode", "nilai"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", b"<office:document-content/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def ratio_bomb(office_folder: str) -> bytes:
    """20 MB of zeros inflating from ~20 KB, dressed as an office file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open(f"{office_folder}/bomb.xml", "w") as entry:
            for _ in range(20):
                entry.write(b"\x00" * 1024 * 1024)
    return buffer.getvalue()


def many_entries_bomb(office_folder: str) -> bytes:
    return zip_bytes(
        {"[Content_Types].xml": b"<Types/>"} | {f"{office_folder}/{i}.xml": b"" for i in range(6000)}
    )


@pytest.fixture
def store(tmp_path: Path) -> EvidenceStore:
    return EvidenceStore(tmp_path / "evidence", max_bytes=5 * 1024 * 1024)


def files_on_disk(store: EvidenceStore) -> list[Path]:
    return [p for p in store.root.rglob("*") if p.is_file()] if store.root.exists() else []


def refused(store: EvidenceStore, data: bytes, filename: str) -> str:
    with pytest.raises(LenteraError) as caught:
        store.save(io.BytesIO(data), filename)
    assert files_on_disk(store) == [], "a refused upload left a file behind"
    return caught.value.key


@pytest.mark.parametrize(
    ("filename", "data", "media_type"),
    [
        ("laporan.pdf", PDF, "application/pdf"),
        ("tangkapan.PNG", PNG, "image/png"),
        ("foto.jpg", JPEG, "image/jpeg"),
        ("foto.jpeg", JPEG, "image/jpeg"),
        ("rekap.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("sk.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("notulen.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
        ("data.csv", CSV_TEXT.encode(), "text/csv"),
        ("data-cp1252.csv", "nama,kota\nJosé,Ternate\nRené,Tidore\n".encode("cp1252"), "text/csv"),
    ],
)
def test_accepted_types_are_sniffed_and_stored_under_their_hash(
    store: EvidenceStore, filename: str, data: bytes, media_type: str
) -> None:
    stored = store.save(io.BytesIO(data), filename)
    digest = hashlib.sha256(data).hexdigest()
    assert (stored.sha256, stored.size, stored.media_type) == (digest, len(data), media_type)
    assert stored.storage_key == f"{digest[:2]}/{digest[2:4]}/{digest}"
    assert store.path(digest).read_bytes() == data
    assert store.exists(digest) and store.verify(digest)
    with store.open(digest) as handle:
        assert handle.read() == data


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("laporan.pdf", b"<!DOCTYPE html><html><body>Bukan PDF</body></html>"),
        ("gambar.png", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),
        ("foto.jpg", PNG),
        ("rekap.xlsx", docx_bytes()),
        ("sk.docx", xlsx_bytes()),
        ("data.csv", PDF),
        ("data.csv", b"<html><body>a,b\n1,2</body></html>"),
        ("data.csv", b"kolom,lain\n1,\x002\n"),
        ("notulen.odt", zip_bytes({"content.xml": b"<x/>"})),
    ],
)
def test_content_that_disagrees_with_the_extension_is_refused(
    store: EvidenceStore, filename: str, data: bytes
) -> None:
    assert refused(store, data, filename) == "evidence.type_mismatch"


@pytest.mark.parametrize("filename", ["program.exe", "halaman.html", "tanpa-ekstensi", "arsip.zip"])
def test_extensions_outside_the_list_are_refused_with_the_allowed_kinds(
    store: EvidenceStore, filename: str
) -> None:
    with pytest.raises(LenteraError) as caught:
        store.save(io.BytesIO(PDF), filename)
    assert caught.value.key == "evidence.unsupported_type"
    assert "PDF" in caught.value.message("id") and "XLSX" in caught.value.message("en")


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("rekap.xlsx", ratio_bomb("xl")),
        ("sk.docx", ratio_bomb("word")),
        ("rekap.xlsx", many_entries_bomb("xl")),
        ("sk.docx", many_entries_bomb("word")),
    ],
)
def test_zip_bombs_disguised_as_office_files_are_refused(
    store: EvidenceStore, filename: str, data: bytes
) -> None:
    assert len(data) < 1024 * 1024
    assert refused(store, data, filename) == "evidence.zip_bomb"


def test_truncated_pdf_is_refused_because_an_inspector_could_not_open_it(store: EvidenceStore) -> None:
    assert refused(store, PDF[: len(PDF) // 2], "laporan.pdf") == "evidence.pdf_incomplete"


def test_empty_file_is_refused(store: EvidenceStore) -> None:
    assert refused(store, b"", "kosong.pdf") == "evidence.empty"


class EndlessStream:
    """Yields bytes for ever, counting how much was read."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        size = CHUNK_BYTES if size is None or size < 0 else size
        self.read_bytes += size
        return b"%PDF-" + b"x" * (size - 5)


def test_oversize_upload_stops_reading_early_and_says_the_limit(store: EvidenceStore) -> None:
    stream = EndlessStream()
    with pytest.raises(LenteraError) as caught:
        store.save(stream, "besar.pdf")  # type: ignore[arg-type]
    assert caught.value.key == "evidence.too_large"
    assert "5 MB" in caught.value.message("id")
    assert stream.read_bytes <= store.max_bytes + CHUNK_BYTES
    assert files_on_disk(store) == []


def test_a_file_exactly_at_the_limit_is_accepted(tmp_path: Path) -> None:
    data = CSV_TEXT.encode()
    store = EvidenceStore(tmp_path, max_bytes=len(data))
    assert store.save(io.BytesIO(data), "data.csv").size == len(data)
    assert refused(EvidenceStore(tmp_path / "small", max_bytes=len(data) - 1), data, "data.csv") == (
        "evidence.too_large"
    )


def test_same_bytes_twice_are_stored_once(store: EvidenceStore) -> None:
    first = store.save(io.BytesIO(PDF), "a.pdf")
    second = store.save(io.BytesIO(PDF), "nama lain.pdf")
    assert first == second
    assert files_on_disk(store) == [store.path(first.sha256)]


def test_verify_notices_a_changed_file(store: EvidenceStore) -> None:
    stored = store.save(io.BytesIO(PDF), "a.pdf")
    store.path(stored.sha256).write_bytes(PDF + b"tampered")
    assert not store.verify(stored.sha256)
    assert not store.verify("0" * 64)


def test_paths_are_only_ever_built_from_a_hash(store: EvidenceStore) -> None:
    for bad in ("../../etc/passwd", "ABC", "0" * 63 + "g"):
        with pytest.raises(ValueError):
            store.path(bad)


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\operator\\Desktop\\SK Bupati.pdf", "SK Bupati.pdf"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("laporan\x00\x1b[31m\r\n.pdf", "laporan[31m.pdf"),
        ("tagihan\u202efdp.exe", "tagihanfdp.exe"),
        ("Лаборатория 実験 تقرير.pdf", "Лаборатория 実験 تقرير.pdf"),
        ("...", "berkas"),
        ("", "berkas"),
        ("a<b>c:d.pdf", "a_b_c_d.pdf"),
    ],
)
def test_display_names_are_sanitised(given: str, shown: str) -> None:
    assert safe_display_name(given) == shown


def test_long_display_names_are_cut_keeping_the_extension() -> None:
    name = safe_display_name("ж" * 500 + ".xlsx")
    assert len(name) == 120 and name.endswith(".xlsx") and name.startswith("жжж")
