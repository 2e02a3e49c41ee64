"""What every ``lentera`` subcommand shares: the exit codes and the one way to report bad input."""

from __future__ import annotations

import argparse
import sys
from typing import TypeAlias

EXIT_OK = 0
EXIT_INPUT = 2
EXIT_PROBLEMS = 1  # ``lentera fsck`` found something (a cron job can alert on it)

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def fail(message: str) -> int:
    """Print an actionable message to stderr and return the bad-input exit code."""
    print(message, file=sys.stderr)
    return EXIT_INPUT
