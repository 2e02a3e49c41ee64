"""The ``lentera`` command line: one argparse parser, one small function pair per subcommand.

Each subcommand is an ``add_<name>(subparsers)`` that declares its arguments and points ``handler`` at a
``run_<name>(args) -> int``, in the module of its kind (``cli/score.py``, ``data.py``, ``users.py``,
``operations.py``); adding one means writing that pair and listing ``add_<name>`` in ``COMMANDS``.
Handlers import their heavy modules (pandas, the database, ...) themselves, so ``lentera --help`` stays fast
and one subcommand's dependencies never slow another.

Exit codes (``cli/common.py``): 0 success, 2 bad input (file, catalog, rows) with the reason on stderr.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from cli.common import Subparsers
from cli.data import add_backup, add_init, add_restore, add_seed
from cli.operations import add_check_links, add_digest, add_export, add_fsck
from cli.score import add_score
from cli.users import add_create_user, add_reset_password

COMMANDS: list[Callable[[Subparsers], None]] = [
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
    add_check_links,
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
