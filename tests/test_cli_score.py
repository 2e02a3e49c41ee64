"""``lentera score``: the installed console script run in a subprocess on real CSV files."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from scoring_frames import MCP_YAML

import scoring
from indicators import ROOT_CODE, load_catalog

LENTERA = Path(sys.executable).parent / "lentera"


def lentera(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LENTERA), *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


WORKED_EXAMPLE = """entity,code,value,self_value
Pemprov Maluku Utara,11,3,4
Pemprov Maluku Utara,12,4,4
Pemprov Maluku Utara,13,3,
Pemprov Maluku Utara,14,2,5
Diskominfosan,11,1,2
Diskominfosan,12,1,2
Diskominfosan,13,2,2
"""


def in_process_total(entity: str) -> float:
    frame = pd.read_csv(io.StringIO(WORKED_EXAMPLE), dtype={"entity": str, "code": str})
    result = scoring.score(load_catalog("spbe-2021"), frame)
    total = result.loc[(result["entity"] == entity) & (result["code"] == ROOT_CODE), "score"]
    assert len(str(total.item())) > 15  # a repeating fraction: any rounding would show
    return float(total.item())


def test_json_output_has_every_entity_with_full_precision(tmp_path: Path) -> None:
    assert LENTERA.exists(), "the lentera console script is not installed in the venv"
    done = lentera("score", "--catalog", "spbe-2021", write(tmp_path / "a.csv", WORKED_EXAMPLE), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["catalog"] == "spbe-2021"
    entities = {entity["entity"]: entity for entity in report["entities"]}
    assert set(entities) == {"Pemprov Maluku Utara", "Diskominfosan"}
    pemprov = entities["Pemprov Maluku Utara"]
    # Only aspect A2 applies: A2 = (3+4+3+2)/4 = 3.00 carries D2 and the index.
    assert (pemprov["score"], pemprov["zone"], pemprov["nodes"]["A2"], pemprov["nodes"]["D2"]) == (
        3.0, "Baik", 3.0, 3.0,
    )  # fmt: skip
    # the claimed 0 is below SPBE's scale (1–5) and counts at its floor, 1 ("Tingkat 1 diberi nilai 1")
    assert pemprov["self_score"] == pytest.approx((4 + 4 + 1 + 5) / 4)
    assert pemprov["nodes"]["14"] == 2.0 and "D1" not in pemprov["nodes"]
    # (1 + 1 + 2) / 3, printed in full: the very float the engine computes, not a rounded display value.
    assert entities["Diskominfosan"]["score"] == pytest.approx(4 / 3, abs=1e-12)
    assert entities["Diskominfosan"]["score"] == in_process_total("Diskominfosan")
    assert entities["Diskominfosan"]["zone"] == "Kurang"


def test_csv_output_is_the_long_result(tmp_path: Path) -> None:
    assessments = write(tmp_path / "a.csv", WORKED_EXAMPLE)
    done = lentera("score", "--catalog", "spbe-2021", assessments, "--format", "csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = pd.read_csv(io.StringIO(done.stdout), dtype={"code": str, "parent_code": str})
    for column in ("entity", "code", "parent_code", "depth", "is_leaf", "score", "self_score", "projected"):
        assert column in result.columns
    for column in ("max", "gap", "zone", "share", "gain"):
        assert column in result.columns
    # Pemprov: TOTAL, D2, A2 and four leaves; Diskominfosan: TOTAL, D2, A2 and three leaves.
    assert len(result) == 7 + 6
    row = result.loc[(result["entity"] == "Diskominfosan") & (result["code"] == "TOTAL")].iloc[0]
    assert row["score"] == in_process_total("Diskominfosan") and row["zone"] == "Kurang"


def test_catalog_from_a_yaml_path_and_tag_filter(tmp_path: Path) -> None:
    catalog = write(tmp_path / "mcp-test.yaml", MCP_YAML)
    rows = "entity,code,value\nPemda,SUB1,50\nPemda,SUB2,100\nPemda,DOC1,50\nPemda,SUB3,100\nPemda,SUB4,0\n"
    assessments = write(tmp_path / "mcp.csv", rows)
    done = lentera("score", "--catalog", catalog, assessments, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["catalog"] == "mcp-test"
    assert report["entities"][0]["score"] == pytest.approx(52.6)  # (60×71 + 40×25)/100
    digital = json.loads(
        lentera("score", "--catalog", catalog, assessments, "--tag", "digital", cwd=tmp_path).stdout
    )
    assert digital["entities"][0]["score"] == pytest.approx(60)  # (60×100 + 40×0)/100
    assert set(digital["entities"][0]["nodes"]) == {"AREA1", "IND1", "SUB2", "AREA2", "IND3", "SUB4"}


def test_invalid_rows_are_all_reported_with_file_line_numbers(tmp_path: Path) -> None:
    rows = "entity,code,value\nX,11,7\nX,12,3\nX,A2,3\nX,zz,1\nX,13,2.5\nX,14,tiga\n"
    done = lentera("score", "--catalog", "spbe-2021", write(tmp_path / "bad.csv", rows), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    errors = done.stderr
    assert "5 masalah" in errors
    for line, code in ((2, "11"), (4, "A2"), (5, "zz"), (6, "13"), (7, "14")):
        assert f"baris {line} · X · {code}:" in errors
    assert "baris 3 " not in errors


@pytest.mark.parametrize(
    ("catalog", "content", "expected"),
    [
        ("no-such-catalog", "entity,code,value\nX,11,3\n", "katalog tidak ada"),
        ("spbe-2021", None, "berkas tidak ditemukan"),
        ("spbe-2021", "", "CSV tidak dapat dibaca"),
        ("spbe-2021", "opd,kode\nX,11\n", "'value'"),
    ],
)
def test_bad_catalog_or_file_exits_2_with_the_reason(
    tmp_path: Path, catalog: str, content: str | None, expected: str
) -> None:
    path = tmp_path / "input.csv"
    if content is not None:
        write(path, content)
    done = lentera("score", "--catalog", catalog, path, cwd=tmp_path)
    assert done.returncode == 2
    assert expected in done.stderr
    assert done.stdout == ""
