"""The evidence store, on a real folder and in real PostgreSQL tables (every test runs on both backends): what it
accepts, what it refuses, and what it leaves behind."""

from __future__ import annotations

import hashlib
import io
import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from factories import damage
from sqlalchemy import text
from sqlalchemy.engine import Engine

from i18n import LenteraError
from models.database import engine_for
from storage import EvidenceStore, safe_display_name
from storage.db_store import DatabaseEvidenceStore
from storage.store import CHUNK_BYTES, EvidenceStorage

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


MakeStore = Callable[[int], EvidenceStorage]


@pytest.fixture(params=["filesystem", pytest.param("database", marks=pytest.mark.postgres)])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> MakeStore:
    """Stores with a given size limit: folders under ``tmp_path``, or the evidence tables of a fresh PostgreSQL
    database (each store in the same database starts empty: the previous one's objects are deleted)."""
    counter = iter(range(1000))
    if request.param == "filesystem":
        return lambda max_bytes: EvidenceStore(tmp_path / f"evidence-{next(counter)}", max_bytes=max_bytes)
    engine = engine_for(str(request.getfixturevalue("postgres_url")))

    def database_store(max_bytes: int) -> EvidenceStorage:
        _empty_evidence_tables(engine)
        return DatabaseEvidenceStore(engine, max_bytes, local_dir=tmp_path / f"local-{next(counter)}")

    return database_store


def _empty_evidence_tables(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM evidence_chunk"))
        connection.execute(text("DELETE FROM evidence_object"))


@pytest.fixture
def store(make_store: MakeStore) -> EvidenceStorage:
    return make_store(5 * 1024 * 1024)


def leftovers(store: EvidenceStorage) -> list[str]:
    """Every key the store holds (objects and upload temp files), and for a folder store any other file too."""
    if isinstance(store, EvidenceStore):
        files = store.root.rglob("*") if store.root.exists() else iter(())
        return sorted(p.relative_to(store.root).as_posix() for p in files if p.is_file())
    return [entry.key for entry in store.iter_entries()]


def refused(store: EvidenceStorage, data: bytes, filename: str) -> str:
    with pytest.raises(LenteraError) as caught:
        store.save(io.BytesIO(data), filename)
    assert leftovers(store) == [], "a refused upload left a file behind"
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
    store: EvidenceStorage, filename: str, data: bytes, media_type: str
) -> None:
    stored = store.save(io.BytesIO(data), filename)
    digest = hashlib.sha256(data).hexdigest()
    assert (stored.sha256, stored.size, stored.media_type) == (digest, len(data), media_type)
    assert stored.storage_key == f"{digest[:2]}/{digest[2:4]}/{digest}"
    assert store.local_path(digest).read_bytes() == data
    assert store.exists(digest) and store.verify(digest)
    with store.open(digest) as handle:
        assert handle.read() == data
    assert leftovers(store) == [stored.storage_key]


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
    store: EvidenceStorage, filename: str, data: bytes
) -> None:
    assert refused(store, data, filename) == "evidence.type_mismatch"


@pytest.mark.parametrize("filename", ["program.exe", "halaman.html", "tanpa-ekstensi", "arsip.zip"])
def test_extensions_outside_the_list_are_refused_with_the_allowed_kinds(
    store: EvidenceStorage, filename: str
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
    store: EvidenceStorage, filename: str, data: bytes
) -> None:
    assert len(data) < 1024 * 1024
    assert refused(store, data, filename) == "evidence.zip_bomb"


def test_truncated_pdf_is_refused_because_an_inspector_could_not_open_it(store: EvidenceStorage) -> None:
    assert refused(store, PDF[: len(PDF) // 2], "laporan.pdf") == "evidence.pdf_incomplete"


def test_empty_file_is_refused(store: EvidenceStorage) -> None:
    assert refused(store, b"", "kosong.pdf") == "evidence.empty"


class EndlessStream:
    """Yields bytes for ever, counting how much was read."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        size = CHUNK_BYTES if size is None or size < 0 else size
        self.read_bytes += size
        return b"%PDF-" + b"x" * (size - 5)


def test_oversize_upload_stops_reading_early_and_says_the_limit(store: EvidenceStorage) -> None:
    stream = EndlessStream()
    with pytest.raises(LenteraError) as caught:
        store.save(stream, "besar.pdf")  # type: ignore[arg-type]
    assert caught.value.key == "evidence.too_large"
    assert "5 MB" in caught.value.message("id")
    assert stream.read_bytes <= store.max_bytes + CHUNK_BYTES
    assert leftovers(store) == []


def test_a_file_exactly_at_the_limit_is_accepted(make_store: MakeStore) -> None:
    data = CSV_TEXT.encode()
    assert make_store(len(data)).save(io.BytesIO(data), "data.csv").size == len(data)
    assert refused(make_store(len(data) - 1), data, "data.csv") == "evidence.too_large"


def test_a_file_of_several_chunks_comes_back_whole(store: EvidenceStorage) -> None:
    """Bytes past the first chunk (a scanned SK of a few MB) are stored and read back in order."""
    data = PDF[:-6] + bytes(range(256)) * (CHUNK_BYTES * 2 // 256 + 7) + b"\n%%EOF\n"
    stored = store.save(io.BytesIO(data), "sk-pindaian.pdf")
    assert stored.size == len(data) and store.verify(stored.sha256)
    with store.open(stored.sha256) as handle:
        assert handle.read() == data
    assert store.local_path(stored.sha256).read_bytes() == data


@pytest.mark.postgres
def test_this_machines_copies_of_database_files_stay_within_their_bound(
    postgres_url: str, tmp_path: Path
) -> None:
    """Copies read from the database (the viewer's) are evicted least recently used first once they exceed the
    bound, never one used in the last minutes, and a half-written copy a crash left is removed; every object
    still reads back whole."""
    engine = engine_for(postgres_url)
    _empty_evidence_tables(engine)
    files = [PDF[:-6] + bytes([n]) * 100_000 + b"\n%%EOF\n" for n in range(5)]
    size = len(files[0])
    store = DatabaseEvidenceStore(engine, 1 << 20, local_dir=tmp_path / "local", copies_bytes=3 * size)
    stored = [store.save(io.BytesIO(data), f"sk-{n}.pdf").sha256 for n, data in enumerate(files)]
    hour_ago = time.time() - 3600
    crashed = store.local_dir / "ab" / ".deadbeef.part"
    crashed.parent.mkdir(parents=True)
    crashed.write_bytes(b"half")
    os.utime(crashed, (hour_ago - 1, hour_ago - 1))
    for n, sha256 in enumerate(stored[:4]):  # viewed an hour ago, in this order
        os.utime(store.local_path(sha256), (hour_ago + n, hour_ago + n))
    os.utime(store.local_path(stored[1]), (hour_ago + 10, hour_ago + 10))  # and the second again since
    assert store.local_path(stored[4]).read_bytes() == files[4]  # a new copy: the oldest make room for it
    kept = sorted(p.name for p in store.local_dir.rglob("*") if p.is_file())
    assert kept == sorted([stored[1], stored[3], stored[4]])

    everything = sum(len(data) for data in files)
    roomy = DatabaseEvidenceStore(engine, 1 << 20, local_dir=tmp_path / "roomy", copies_bytes=everything)
    for sha256, data in zip(stored, files, strict=True):
        assert roomy.local_path(sha256).read_bytes() == data
    recent = DatabaseEvidenceStore(engine, 1 << 20, local_dir=tmp_path / "roomy", copies_bytes=size)
    recent.local_path(stored[0]).unlink()  # read again, it is copied again: a copy that trims the others
    assert recent.local_path(stored[0]).read_bytes() == files[0]
    assert (
        len([p for p in recent.local_dir.rglob("*") if p.is_file()]) == 5
    )  # over the bound, all used just now


def test_same_bytes_twice_are_stored_once(store: EvidenceStorage) -> None:
    first = store.save(io.BytesIO(PDF), "a.pdf")
    second = store.save(io.BytesIO(PDF), "nama lain.pdf")
    assert first == second
    assert leftovers(store) == [first.storage_key]


def test_verify_notices_a_changed_file(store: EvidenceStorage) -> None:
    stored = store.save(io.BytesIO(PDF), "a.pdf")
    damage(store, stored.sha256, PDF + b"tampered")
    assert not store.verify(stored.sha256)
    assert not store.verify("0" * 64)


def test_a_damaged_copy_is_replaced_when_the_same_bytes_arrive_again(store: EvidenceStorage) -> None:
    stored = store.save(io.BytesIO(PDF), "a.pdf")
    damage(store, stored.sha256, PDF + b"tampered")
    store.save(io.BytesIO(PDF), "a lagi.pdf")
    assert store.verify(stored.sha256)


def test_a_missing_object_is_a_translated_error(store: EvidenceStorage) -> None:
    for read in (store.open, store.local_path):
        with pytest.raises(LenteraError) as caught:
            read("0" * 64)
        assert caught.value.key == "evidence.missing_file"
    assert not store.exists("0" * 64)


def test_keys_are_only_ever_built_from_a_hash(store: EvidenceStorage) -> None:
    for bad in ("../../etc/passwd", "ABC", "0" * 63 + "g"):
        for use in (store.key_for, store.exists, store.open, store.verify, store.local_path):
            with pytest.raises(ValueError):
                use(bad)


def test_export_and_import_carry_every_object_with_its_hash(make_store: MakeStore, tmp_path: Path) -> None:
    """What backup and restore do with a store: copy every object out in the folder layout, bring it back."""
    source = make_store(5 * 1024 * 1024)
    saved = {source.save(io.BytesIO(data), name).sha256 for name, data in (("a.pdf", PDF), ("b.png", PNG))}
    exported = source.export_to(tmp_path / "backup")
    assert {(e.key, e.sha256) for e in exported} == {(source.key_for(s), s) for s in saved}
    target = make_store(5 * 1024 * 1024)
    assert target.is_empty()
    for entry in exported:
        assert target.import_file(tmp_path / "backup" / entry.key, entry.sha256)
        assert not target.import_file(tmp_path / "backup" / entry.key, entry.sha256)  # a rerun resumes
    assert sorted(target.iter_objects()) == sorted(saved) and all(target.verify(s) for s in saved)


def test_move_out_and_remove_take_an_object_out_of_the_store(store: EvidenceStorage, tmp_path: Path) -> None:
    """fsck's repair: a quarantined object keeps its bytes outside the store; a removed one is gone."""
    kept = store.save(io.BytesIO(PDF), "a.pdf")
    gone = store.save(io.BytesIO(PNG), "b.png")
    store.move_out(kept.storage_key, tmp_path / "karantina" / kept.storage_key)
    store.remove(gone.storage_key)
    assert (tmp_path / "karantina" / kept.storage_key).read_bytes() == PDF
    assert store.is_empty() and not store.exists(kept.sha256) and not store.exists(gone.sha256)


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
