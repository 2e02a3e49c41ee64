"""The ``lentera`` command line: one argparse parser, one small function pair per subcommand.

Each subcommand is an ``add_<name>(subparsers)`` that declares its arguments and points ``handler`` at a
``run_<name>(args) -> int``; adding one means writing that pair and listing ``add_<name>`` in ``COMMANDS``.
Handlers import their heavy modules (pandas, the database, ...) themselves, so ``lentera --help`` stays fast
and one subcommand's dependencies never slow another.

Exit codes: 0 success, 2 bad input (file, catalog, rows) with the reason on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import i18n
from i18n import t

if TYPE_CHECKING:
    import pandas as pd

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

EXIT_OK = 0
EXIT_INPUT = 2
EXIT_PROBLEMS = 1  # ``lentera fsck`` found something (a cron job can alert on it)
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


def fail(message: str) -> int:
    """Print an actionable message to stderr and return the bad-input exit code."""
    print(message, file=sys.stderr)
    return EXIT_INPUT


# --------------------------------------------------------------------------- score


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


# --------------------------------------------------------------------------- seed


def add_seed(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "seed",
        help="load Maluku Utara reference data and the shipped catalogs (and the demo)",
        description="Load the regions, provincial OPDs, published scores and shipped catalogs; idempotent. "
        "With --demo also build the demo (accounts, periods, submissions, evidence) and print its logins.",
    )
    parser.add_argument("--demo", action="store_true", help="also create the demo data and print demo logins")
    parser.set_defaults(handler=run_seed)


def run_seed(args: argparse.Namespace) -> int:
    from seed_data.demo import seed_demo, summary_text
    from seed_data.reference import seed_reference
    from services.catalogs import ensure_shipped_catalogs

    reference = seed_reference()
    created = ensure_shipped_catalogs()
    print(
        f"Reference data: {reference.regions} regions, {reference.organisations} OPDs, "
        f"{reference.published_scores} published scores added; catalogs added: {', '.join(created) or '-'}"
    )
    if args.demo:
        print(summary_text(seed_demo()))
    return EXIT_OK


# --------------------------------------------------------------------------- init, users, backup, restore


def add_init(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "init",
        help="create or upgrade the database (migrations) and the data folder",
        description="Run the database migrations (alembic upgrade head) on DATABASE_URL or the SQLite file in "
        "LENTERA_DATA_DIR, and create the evidence folder. Safe to run on every start.",
    )
    parser.add_argument(
        "--demo-if-empty", action="store_true", help="also build the demo data when the database has no users"
    )
    parser.set_defaults(handler=run_init)


def run_init(args: argparse.Namespace) -> int:
    from config import get_settings
    from models.migrate import current_revision, upgrade_database

    settings = get_settings()
    upgrade_database()
    settings.evidence_dir.mkdir(parents=True, exist_ok=True)
    print(f"Database at schema {current_revision()}; data folder {settings.data_dir.resolve()}")
    if args.demo_if_empty:
        from seed_data.demo import seed_demo_if_empty, summary_text

        summary = seed_demo_if_empty()
        print(summary_text(summary) if summary else "Demo not built: the database already has users.")
    return EXIT_OK


def _read_new_password(args: argparse.Namespace) -> str:
    """From stdin (``--password-stdin``, for scripts) or typed twice; never from the command line."""
    import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password / kata sandi: ")
    if getpass.getpass("Again / ulangi: ") != first:
        raise ValueError("the two passwords differ")
    return first


def add_create_user(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "create-user",
        help="create an account (e.g. the first admin)",
        description="Create a user. The password is typed twice, or read from stdin with --password-stdin.",
    )
    parser.add_argument("username")
    parser.add_argument("--name", required=True, help="full name")
    parser.add_argument("--role", required=True, choices=("admin", "leader", "inspector", "focal_point"))
    parser.add_argument("--region-id", type=int, default=None, help="region scope (default: everywhere)")
    parser.add_argument("--organisation-id", type=int, default=None, help="the OPD of a focal point")
    parser.add_argument("--email", default=None)
    parser.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    parser.set_defaults(handler=run_create_user)


def run_create_user(args: argparse.Namespace) -> int:
    from i18n import LenteraError
    from models.migrate import upgrade_database
    from services.users import operator_create_user

    try:
        password = _read_new_password(args)
        upgrade_database()
        info = operator_create_user(
            username=args.username, full_name=args.name, password=password, role=args.role,
            region_id=args.region_id, organisation_id=args.organisation_id, email=args.email,
        )  # fmt: skip
    except LenteraError as error:
        return fail(error.message())
    except ValueError as error:
        return fail(str(error))
    print(f"Created {info.role.value} {info.username} (id {info.id})")
    return EXIT_OK


def add_reset_password(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "reset-password",
        help="set a new password for a user and unlock the account",
        description="Set a user's password (typed twice, or --password-stdin) and clear any lockout.",
    )
    parser.add_argument("username")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    parser.set_defaults(handler=run_reset_password)


def run_reset_password(args: argparse.Namespace) -> int:
    from i18n import LenteraError
    from services.users import operator_reset_password

    try:
        operator_reset_password(username=args.username, new_password=_read_new_password(args))
    except LenteraError as error:
        return fail(error.message())
    except ValueError as error:
        return fail(str(error))
    print(f"Password of {args.username} changed; the account is unlocked.")
    return EXIT_OK


def add_backup(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "backup",
        help="back up the database and the evidence files into a new folder",
        description="Write a consistent copy of the database, every evidence file and manifest.json (sha256 "
        "of each file) into DIR, which must be new or empty. Safe while the app runs.",
    )
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.set_defaults(handler=run_backup)


def run_backup(args: argparse.Namespace) -> int:
    from i18n import LenteraError
    from services.backup import backup

    try:
        summary = backup(args.folder)
    except LenteraError as error:
        return fail(error.message())
    rows = sum(summary.tables.values())
    print(f"Backup in {summary.folder}: {rows} rows ({summary.database}), {summary.files} evidence files, "
          f"{summary.bytes / 1_048_576:.1f} MB")  # fmt: skip
    return EXIT_OK


def add_restore(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "restore",
        help="restore a backup into an empty data folder and database",
        description="Check every file of the backup in DIR against its manifest, then restore it into the "
        "configured (empty) database and data folder. A backup with a changed file is refused whole (exit 2).",
    )
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.set_defaults(handler=run_restore)


def run_restore(args: argparse.Namespace) -> int:
    from i18n import LenteraError
    from services.backup import restore

    try:
        summary = restore(args.folder)
    except LenteraError as error:
        return fail(error.message())
    rows = sum(summary.tables.values())
    print(f"Restored from {summary.folder}: {rows} rows, {summary.files} evidence files")
    return EXIT_OK


# --------------------------------------------------------------------------- digest


def add_digest(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "digest",
        help="e-mail every user what is due today",
        description="Build one e-mail per user with an e-mail address (what is due in each open period) and "
        "send it via the LENTERA_SMTP_* settings; --dry-run prints the messages instead.",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the messages, send nothing")
    parser.add_argument("--period-id", type=int, default=None, help="only this period")
    parser.set_defaults(handler=run_digest)


def run_digest(args: argparse.Namespace) -> int:
    from i18n import LenteraError
    from services.digest import daily_digest, send_configured

    messages = daily_digest(period_id=args.period_id)
    if args.dry_run:
        for message in messages:
            print(f"To: {message.to}\nSubject: {message.subject}\n\n{message.text}")
        print(f"{len(messages)} message(s) (dry run, nothing sent)")
        return EXIT_OK
    try:
        sent = send_configured(messages)
    except LenteraError as error:
        return fail(error.message())
    print(f"{sent} message(s) sent")
    return EXIT_OK


# --------------------------------------------------------------------------- export


def add_export(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write a period's report (Excel, PDF, CSV tables or the evidence ZIP)",
        description="Build the report of one assessment period as the operator (admin rights, every region). "
        "SCOPE is 'province' (the period's pemda with its kabupaten/kota), a Kemendagri region code "
        "(82.71) or an OPD as opd:ID. --format csv writes a zip of one CSV per table. --out is a file path "
        "or an existing folder (the file is then named after the period and scope).",
    )
    parser.add_argument("--period", type=int, required=True, metavar="ID", help="the period's id")
    parser.add_argument("--scope", default="province", help="province | REGION_CODE | opd:ID (province)")
    parser.add_argument("--format", required=True, choices=("xlsx", "pdf", "csv", "zip"), dest="fmt")
    parser.add_argument("--out", required=True, type=Path, metavar="PATH", help="output file or folder")
    parser.add_argument("--language", choices=("id", "en"), default="id", help="the report's language (id)")
    parser.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from i18n import LenteraError
    from services.exports import OPERATOR, export

    actor = OPERATOR if args.language == OPERATOR.language else replace(OPERATOR, language=args.language)
    try:
        path = export(actor, period_id=args.period, scope=args.scope, fmt=args.fmt, out=args.out)
    except LenteraError as error:
        return fail(error.message(args.language))
    print(f"{path} ({path.stat().st_size / 1024:.0f} KB)")
    return EXIT_OK


# --------------------------------------------------------------------------- fsck


def add_fsck(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "fsck",
        help="check the evidence files against the database (and --repair)",
        description="Report evidence rows whose file is missing, files whose bytes no longer match their "
        "sha256, orphan files and leftover upload temp files. --repair moves orphan/corrupt/unknown files to "
        "DATA_DIR/quarantine/ (never deletes evidence), deletes temp files older than an hour and records "
        "rows with missing files in the audit log. Exit 0 when consistent, 1 when problems were found.",
    )
    parser.add_argument("--repair", action="store_true", help="quarantine, tidy and record what was found")
    parser.set_defaults(handler=run_fsck)


def run_fsck(args: argparse.Namespace) -> int:
    from i18n import LenteraError
    from services.fsck import operator_check_store, summary_lines

    try:
        report = operator_check_store(repair=args.repair)
    except LenteraError as error:
        return fail(error.message())
    for line in summary_lines(report):
        print(line)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


# --------------------------------------------------------------------------- parser

COMMANDS: list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]] = [
    add_score,
    add_seed,
    add_init,
    add_create_user,
    add_reset_password,
    add_backup,
    add_restore,
    add_digest,
    add_export,
    add_fsck,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lentera", description="Lentera: kesiapan MCP KPK dan evaluasi SPBE (MCP and SPBE readiness)."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
