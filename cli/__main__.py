"""``python -m cli``: the ``lentera`` command run from a checkout (the tests use it to run the code under test)."""

import sys

from cli import main

sys.exit(main())
