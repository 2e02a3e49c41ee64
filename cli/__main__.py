"""``python -m cli``: the ``lentera`` command run from a checkout (the tests use it to run the code under test)."""

from cli import run

run()
