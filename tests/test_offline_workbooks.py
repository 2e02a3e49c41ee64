"""Hostile offline workbooks (issue 12 #2): a 10 KiB upload must not take the server down.

Before the fix one cell at ``XFD9999`` took 375 s and 18.8 GiB, and the panel parsed it again on every rerun.
Each file of ``tests/corpus/workbooks.py`` is refused with a translated message, the ``XFD9999`` file in bounded
memory (measured in a subprocess, under an address-space limit so a regression fails instead of swapping), and
an upload is parsed once however often the page reruns.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from corpus.workbooks import HostileWorkbook, hostile_workbooks
from factories import World, build_world, table_rows

import services.offline
from i18n import LenteraError
from services.offline import COLUMNS, import_offline_sheet, offline_sheet

CASES = hostile_workbooks("Isian", header=tuple(COLUMNS.values()), others=("_lentera",))
MB = 1024 * 1024
MEASURE = """
import json, resource, sys, tracemalloc
from pathlib import Path

import services.offline
from i18n import LenteraError

content = Path(sys.argv[1]).read_bytes()
vm = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmSize:"))
resource.setrlimit(resource.RLIMIT_AS, (vm + 1024**3, resource.RLIM_INFINITY))  # a regression fails fast
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
tracemalloc.start()
try:
    services.offline._read(content)
    outcome = "read"
except LenteraError as error:
    outcome = error.key
except MemoryError:
    outcome = "MemoryError"
peak = tracemalloc.get_traced_memory()[1]
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
print(json.dumps({"outcome": outcome, "traced_peak": peak, "rss_growth": grown}))
"""


@pytest.fixture
def world(db_url: str) -> World:
    return build_world()


def expected_key(reason: str | None) -> str:
    if reason is None:
        return "offline.wrong_sheet"  # read (cheaply): not this OPD's sheet
    return "offline.bad_file" if reason == "not_a_workbook" else f"workbook.{reason}"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_hostile_workbook_is_refused_with_a_translated_message(
    world: World, case: HostileWorkbook
) -> None:
    before = table_rows()
    with pytest.raises(LenteraError) as caught:
        import_offline_sheet(
            world.focal_a,
            period_id=world.period_id,
            organisation_id=world.opd_a,
            content=case.content,
            apply=True,
        )
    assert caught.value.key == expected_key(case.reason)
    message = caught.value.message("id")
    assert message != caught.value.key and "Traceback" not in message
    assert table_rows() == before


def test_the_xfd9999_workbook_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "xfd9999.xlsx"
    path.write_bytes(next(case.content for case in CASES if case.name == "xfd9999.xlsx"))
    assert path.stat().st_size < 10 * 1024
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    assert measured["outcome"] == "workbook.sheet_too_big"
    assert measured["traced_peak"] < 200 * MB and measured["rss_growth"] < 200 * MB, measured
    assert measured["traced_peak"] < 5 * MB, (
        measured
    )  # refused from the declared size, before any row is read


def test_the_sheet_is_parsed_once_however_often_the_page_reruns(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = services.offline.read_workbook

    def counting(content: bytes, **kwargs: object) -> object:
        calls.append(len(content))
        return real(content, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services.offline, "read_workbook", counting)
    services.offline._parsed.clear()
    content = offline_sheet(world.focal_a, period_id=world.period_id, organisation_id=world.opd_a)
    bomb = next(case.content for case in CASES if case.name == "xfd9999.xlsx")
    for _ in range(3):  # three reruns of the panel with the same upload
        preview = import_offline_sheet(
            world.focal_a,
            period_id=world.period_id,
            organisation_id=world.opd_a,
            content=content,
            apply=False,
        )
        assert preview.changes.empty and not preview.problems
        with pytest.raises(LenteraError) as caught:
            import_offline_sheet(
                world.focal_a,
                period_id=world.period_id,
                organisation_id=world.opd_a,
                content=bomb,
                apply=False,
            )
        assert caught.value.key == "workbook.sheet_too_big"
    assert len(calls) == 2  # one parse of the sheet, one refusal of the bomb
