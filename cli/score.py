"""``lentera score``: score an assessment CSV against a catalog without a database (scoring/ as a library)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import i18n
from cli.common import EXIT_OK, Subparsers, fail
from i18n import t

if TYPE_CHECKING:
    import pandas as pd

# ``lentera score`` refuses bigger files after parsing at most this many rows + 1, so a runaway export is
# turned down in about a second with bounded memory; a whole province (~40 OPDs x 100 leaves) is ~4,000 rows.
SCORE_MAX_ROWS = 200_000

i18n.register(
    {
        "cli.no_such_file": {"id": "{path}: berkas tidak ditemukan", "en": "{path}: no such file"},
        "cli.unreadable_csv": {
            "id": "{path}: CSV tidak dapat dibaca: {detail}",
            "en": "{path}: cannot read CSV: {detail}",
        },
        "cli.catalog_rejected": {"id": "katalog ditolak: {detail}", "en": "catalog rejected: {detail}"},
        "cli.csv_not_utf8": {
            "id": '{path}: berkas bukan teks UTF-8. Di Excel pilih Simpan Sebagai \u2192 "CSV UTF-8 '
            '(dipisahkan koma)", lalu coba lagi.',
            "en": '{path}: the file is not UTF-8 text. In Excel choose Save As \u2192 "CSV UTF-8 '
            '(Comma delimited)", then try again.',
        },
        "cli.too_many_rows": {
            "id": "{path}: lebih dari {limit} baris; tidak dinilai. Pisahkan berkasnya atau naikkan --max-rows.",
            "en": "{path}: more than {limit} rows; not scored. Split the file or raise --max-rows.",
        },
    }
)


def add_score(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "score",
        help="score an assessment CSV against a catalog",
        description="Score assessments (CSV columns entity,code,value and optional self_value,status) "
        "against a catalog; print every entity's scores as JSON or the full result as CSV.",
    )
    parser.add_argument(
        "--catalog", required=True, help="shipped catalog key (spbe-2021, ...) or a YAML path"
    )
    parser.add_argument("assessments", type=Path, help="CSV file with columns entity,code,value[,self_value]")
    parser.add_argument("--format", choices=("json", "csv"), default="json", help="output format (json)")
    parser.add_argument("--tag", default=None, help="score only the leaves with this tag (e.g. digital)")
    parser.add_argument(
        "--max-rows",
        type=int,
        default=SCORE_MAX_ROWS,
        help=f"refuse files with more rows than this, before scoring (default {SCORE_MAX_ROWS:,})",
    )
    parser.set_defaults(handler=run_score)


def run_score(args: argparse.Namespace) -> int:
    import json

    import pandas as pd

    import scoring
    from indicators import CatalogError, load_catalog

    try:
        catalog = load_catalog(args.catalog)
    except CatalogError as exc:
        return fail(t("cli.catalog_rejected", detail=exc))
    try:
        frame = pd.read_csv(
            args.assessments,
            dtype={"entity": "str", "code": "str", "status": "str"},
            encoding="utf-8-sig",
            skipinitialspace=True,
            nrows=args.max_rows + 1,
        )
    except FileNotFoundError:
        return fail(t("cli.no_such_file", path=args.assessments))
    except UnicodeDecodeError:
        return fail(t("cli.csv_not_utf8", path=args.assessments))
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        return fail(t("cli.unreadable_csv", path=args.assessments, detail=exc))
    if len(frame) > args.max_rows:
        return fail(t("cli.too_many_rows", path=args.assessments, limit=i18n.format_number(args.max_rows, 0)))
    try:
        result = scoring.score(catalog, frame, tag=args.tag)
    except scoring.ScoringInputError as exc:
        # Row numbers become line numbers of the file (the header is line 1), as an editor or Excel shows them.
        return fail(f"{args.assessments}: {exc.renumbered(1).message()}")
    if args.format == "csv":
        result.to_csv(sys.stdout, index=False)
        return EXIT_OK
    json.dump(score_json(catalog.key, result), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return EXIT_OK


def score_json(catalog_key: str, result: pd.DataFrame) -> dict[str, object]:
    """``{"catalog", "entities": [{"entity", "score", "self_score", "projected", "zone", "nodes"}]}``."""
    from indicators import ROOT_CODE

    nodes = result.loc[result["code"] != ROOT_CODE]
    by_entity = {
        str(entity): dict(zip(group["code"].astype(str), group["score"].astype(float), strict=True))
        for entity, group in nodes.groupby("entity", sort=False, observed=True)
    }
    totals = result.loc[result["code"] == ROOT_CODE]
    entities = [
        {
            "entity": entity,
            "score": _number(score),
            "self_score": _number(self_score),
            "projected": _number(projected),
            "zone": None if zone is None or zone != zone else str(zone),
            "nodes": by_entity.get(entity, {}),
        }
        for entity, score, self_score, projected, zone in zip(
            totals["entity"].astype(str),
            totals["score"].tolist(),
            totals["self_score"].tolist(),
            totals["projected"].tolist(),
            totals["zone"].astype(object).tolist(),
            strict=True,
        )
    ]
    return {"catalog": catalog_key, "entities": entities}


def _number(value: float) -> float | None:
    """Full precision; NaN (no self assessment) becomes JSON null."""
    return None if value != value else float(value)
