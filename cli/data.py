"""``lentera init``, ``seed``, ``backup`` and ``restore``: the database and data folder as a whole."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import EXIT_OK, Subparsers, fail


def add_init(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "init",
        help="create or upgrade the database (migrations) and the data folder",
        description="Run the database migrations (alembic upgrade head) on DATABASE_URL or the SQLite file in "
        "LENTERA_DATA_DIR, and create the evidence folder. Safe to run on every start. Without an administrator "
        "(outside demo mode) it prints a one-time setup token for the first-administrator screen.",
    )
    parser.add_argument(
        "--demo-if-empty",
        action="store_true",
        help="in demo mode (LENTERA_DEMO=true), also build the demo data when the database has no users",
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
        _init_demo(demo_mode=settings.demo)
    if not settings.demo:
        _print_setup_token()
    return EXIT_OK


def _init_demo(*, demo_mode: bool) -> None:
    """The demo on an empty database, only in demo mode (its passwords are shown on the login page)."""
    if not demo_mode:
        print("Demo not built: --demo-if-empty needs LENTERA_DEMO=true (demo passwords are public).")
        return
    from seed_data.accounts import demo_logins
    from seed_data.demo import logins_text, seed_demo_if_empty, summary_text

    summary = seed_demo_if_empty()
    if summary:
        print(summary_text(summary))
        return
    print("Demo not built: the database already has users.")
    logins = demo_logins()
    if logins:
        print(logins_text(logins))


def _print_setup_token() -> None:
    """Without an administrator, the first-administrator screen asks for this token (a new one each run)."""
    from services import install, signin

    if signin.first_admin_needed():
        token = install.new_setup_token()
        print(f"No administrator yet: open the app and create one with the one-time setup token {token}")


def add_seed(subparsers: Subparsers) -> None:
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


def add_backup(subparsers: Subparsers) -> None:
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


def add_restore(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "restore",
        help="restore a backup into an empty data folder and database",
        description="Check every file of the backup in DIR against its manifest, then restore it into the "
        "configured (empty) database and data folder. A backup with a changed file is refused whole (exit 2). "
        "An interrupted restore is finished by running the same command again.",
    )
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.set_defaults(handler=run_restore)


def run_restore(args: argparse.Namespace) -> int:
    from i18n import LenteraError
    from services.restore import restore

    try:
        summary = restore(args.folder)
    except LenteraError as error:
        return fail(error.message())
    rows = sum(summary.tables.values())
    print(f"Restored from {summary.folder}: {rows} rows, {summary.files} evidence files")
    return EXIT_OK
