"""``lentera create-user`` and ``reset-password``: accounts from the shell (the first admin, a lost password)."""

from __future__ import annotations

import argparse
import sys

from cli.common import EXIT_OK, Subparsers, fail


def _read_new_password(args: argparse.Namespace) -> str:
    """From stdin (``--password-stdin``, for scripts) or typed twice; never from the command line."""
    import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password / kata sandi: ")
    if getpass.getpass("Again / ulangi: ") != first:
        raise ValueError("the two passwords differ")
    return first


def add_create_user(subparsers: Subparsers) -> None:
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


def add_reset_password(subparsers: Subparsers) -> None:
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
