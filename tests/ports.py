"""Free TCP ports for the servers the tests start (PostgreSQL, ``streamlit run``, SMTP).

The kernel picks a free port (bind to port 0); the port is then closed and handed to the server, so another
process (another pytest-xdist worker, another test run on the machine) may take it before the server binds.
Callers therefore retry with a new port when the server reports the address in use (``retry_on_port_clash``).
A port this process handed out once is never handed out again.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import TypeVar

_HANDED_OUT: set[int] = set()
ADDRESS_IN_USE = ("Address already in use", "already in use", "could not bind", "Errno 98")
ATTEMPTS = 5
T = TypeVar("T")


def free_port() -> int:
    """A port nobody listens on now, on 127.0.0.1, not handed out before by this process."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port


def port_clash(error: BaseException | str) -> bool:
    """Whether a server's failure to start says its port was taken."""
    text = str(error)
    return any(sign in text for sign in ADDRESS_IN_USE)


def retry_on_port_clash(start: Callable[[int], T], *, attempts: int = ATTEMPTS) -> T:
    """``start(port)`` on a free port; when it fails because the port was taken meanwhile, again on another."""
    for attempt in range(1, attempts + 1):
        try:
            return start(free_port())
        except (OSError, RuntimeError) as error:
            if attempt == attempts or not port_clash(error):
                raise
    raise AssertionError("unreachable")
