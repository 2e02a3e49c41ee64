"""The ``lentera`` command line: one argparse parser, one small function pair per subcommand.

Each subcommand is an ``add_<name>(subparsers)`` that declares its arguments and points ``handler`` at a
``run_<name>(args) -> int``, in the module of its kind (``cli/score.py``, ``data.py``, ``users.py``,
``operations.py``); adding one means writing that pair and listing ``add_<name>`` in ``COMMANDS``.
Handlers import their heavy modules (pandas, the database, ...) themselves, so ``lentera --help`` stays fast
and one subcommand's dependencies never slow another.

Exit codes (``cli/common.py``): 0 success, 2 bad input (file, catalog, rows) with the reason on stderr.

The executable is ``run``: ``main`` (which the tests call in-process) with Python's cyclic garbage collector
off and without the interpreter's teardown at the end. A command lives for seconds; meanwhile the collector
walks the millions of objects the imports made (pandas, SQLAlchemy, the models) again and again and finds
almost nothing to free, and at exit the interpreter frees module by module what the operating system frees at
once. Measured on the demo (bench/README.md, "Fifth sitting"): the province xlsx export 1.85 s -> 1.37 s with
peak memory 204 -> 205 MB, the demo seed 6.6 s -> 5.6 s with 336 -> 341 MB.

``run`` also tells Python that pyarrow is not installed. No command reads or writes Arrow data; pyarrow is here
for Streamlit. But pandas 3 imports it whenever it can and then keeps every text column in Arrow arrays, which
for the few thousand rows of a report cost more than they save. Without it pandas keeps text in its own
Python-backed ``str`` dtype, its documented configuration when pyarrow is absent, and the files come out
byte for byte the same (``tests/test_startup.py``). Measured on the demo (bench/README.md, "Ninth sitting"):
the province xlsx export 1.15 s -> 0.98 s, 0.05 s of it the import.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import select
import sys
import threading
from collections.abc import Callable
from typing import NoReturn

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


def run(argv: list[str] | None = None) -> NoReturn:
    """The ``lentera`` executable (module docstring). An uncaught exception leaves the normal way (its traceback,
    exit code 1); a reader that closes the output early ends the command with code 1 and no traceback."""
    gc.disable()
    # None in sys.modules makes "import pyarrow" fail (Python documents it); pandas then keeps text Python-backed
    sys.modules.setdefault("pyarrow", None)  # type: ignore[arg-type]
    try:
        code = main(argv)
    except BrokenPipeError:
        if not _reader_gone():
            raise
        code = 1  # the reader stopped early (``lentera score ... | head``): not an error to report
    _leave(code)


def _reader_gone() -> bool:
    """Whether stdout is a pipe nobody reads any more (Linux reports an error condition on its write end)."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):  # no file descriptor, a closed stream, no poll()
        return False


def _leave(code: int) -> NoReturn:
    """Exit with ``code`` after everything a normal exit does except freeing the interpreter: other threads
    joined, ``atexit`` functions run (logging's flush, finalisers such as temporary folders), the database's
    connections closed, stdout and stderr flushed."""
    # What CPython's own exit does before it frees the modules, in its order: threading's exit hooks
    # (concurrent.futures' idle workers) and the join of non-daemon threads, then the atexit functions.
    threading._shutdown()  # type: ignore[attr-defined]
    atexit._run_exitfuncs()
    database = sys.modules.get("models.database")
    if database is not None:
        database.dispose_engines()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # the reader stopped early, a closed stream
            code = code or 1
    os._exit(code)
