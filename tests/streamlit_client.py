"""A minimal Streamlit browser for tests: the websocket protocol a browser speaks, without the browser.

Streamlit's frontend opens ``/_stcore/stream`` with the subprotocol list "streamlit, <xsrf token>, <session id
to resume>", sends ``BackMsg`` protobufs (a rerun with the widget values) and receives ``ForwardMsg``
protobufs (the page's elements, a redirect, the end of the run). This client does the same, so a test can act
as an attacker who knows nothing but a session id, and as the browser of the user who owns it.

``bench/bench_load.py`` runs many of these through the shipped nginx: over HTTPS with its throwaway certificate
(``verify_tls=False``), each from its own loopback address (``source_address``, e.g. 127.1.0.7), as browsers in
different offices connect from different addresses.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlparse

import requests
import urllib3
from google.protobuf.message import Message
from requests.adapters import HTTPAdapter
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect

XSRF_COOKIE = "_streamlit_xsrf"
RUN_TIMEOUT_SECONDS = 60.0


class _FromAddress(HTTPAdapter):
    """Every connection of a ``requests`` session from one local address."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


@dataclass
class Page:
    """What one script run sent: its elements (type, proto) and any navigation the server asked for."""

    elements: list[tuple[str, Any]] = field(default_factory=list)
    redirect: str | None = None

    def texts(self) -> list[str]:
        return [str(value) for _, element in self.elements for value in _strings(element)]

    def widget_id(self, key: str) -> str:
        """The id of the widget created with ``key`` (Streamlit ends user-keyed ids with the key)."""
        for _, element in self.elements:
            widget_id = getattr(element, "id", "")
            if isinstance(widget_id, str) and widget_id.endswith(f"-{key}"):
                return widget_id
        raise AssertionError(f"no widget with key {key!r} on the page: {self.texts()[:20]}")

    def has_widget(self, key: str) -> bool:
        try:
            self.widget_id(key)
        except AssertionError:
            return False
        return True


def _strings(element: Message) -> Iterator[str]:
    for descriptor, value in element.ListFields():
        if descriptor.name in {"body", "label", "value"} and isinstance(value, str):
            yield value


class StreamlitBrowser:
    """One browser: an HTTP session (its cookies) and at most one websocket connection at a time."""

    def __init__(
        self,
        base_url: str,
        *,
        source_address: str | None = None,
        verify_tls: bool = True,
        run_timeout: float = RUN_TIMEOUT_SECONDS,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.source_address = source_address
        self.run_timeout = run_timeout
        self.http = requests.Session()
        self.verify = verify_tls  # per request: a session's own would lose to $REQUESTS_CA_BUNDLE
        self.tls: ssl.SSLContext | None = None
        if self.base_url.startswith("https:"):
            self.tls = ssl.create_default_context()
            if not verify_tls:  # a loopback proxy's self-signed certificate
                self.tls.check_hostname = False
                self.tls.verify_mode = ssl.CERT_NONE
                urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        if source_address is not None:
            for prefix in ("http://", "https://"):
                self.http.mount(prefix, _FromAddress(source_address))
        # sets the XSRF cookie, as the frontend does
        self.http.get(f"{self.base_url}/_stcore/health", timeout=30, verify=self.verify)
        self.socket: ClientConnection | None = None
        self.session_id: str | None = None
        self.page_hash = ""
        self.query_string = ""  # the page's URL query, sent with every rerun as the frontend does

    def connect(self, *, resume: str | None = None) -> None:
        """Open the websocket; ``resume`` asks Streamlit to hand over that session id, as a reconnect does."""
        self.close()
        xsrf = self.http.cookies.get(XSRF_COOKIE) or ""
        protocols = ["streamlit", xsrf] + ([resume] if resume else [])
        host = urlparse(self.base_url).netloc
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        options: dict[str, Any] = {"ssl": self.tls} if self.tls else {}
        if self.source_address is not None:
            options["source_address"] = (self.source_address, 0)
        self.socket = connect(
            f"{'wss' if self.tls else 'ws'}://{host}/_stcore/stream",
            subprotocols=protocols,  # type: ignore[arg-type]
            additional_headers={"Cookie": cookie} if cookie else {},
            max_size=None,
            open_timeout=30,
            ping_interval=None,  # as a browser: no keepalive pings of its own (a busy server would fail them)
            **options,
        )

    def close(self) -> None:
        if self.socket is not None:
            self.socket.close()
            self.socket = None

    def rerun(self, widgets: Iterable[tuple[str, str, Any]] = ()) -> Page:
        """Run the script with ``widgets`` as (id, kind, value) — kind ``string_value`` or ``trigger_value``."""
        assert self.socket is not None, "connect() first"
        message = BackMsg()
        state = message.rerun_script
        state.page_script_hash = self.page_hash
        state.query_string = self.query_string
        for widget_id, kind, value in widgets:
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            setattr(widget, kind, value)
        self.socket.send(message.SerializeToString())
        return self._read_run()

    def _read_run(self) -> Page:
        assert self.socket is not None
        page = Page()
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(self.socket.recv(timeout=self.run_timeout))
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                self.session_id = forward.new_session.initialize.session_id
                self.page_hash = forward.new_session.page_script_hash or self.page_hash
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                element_type = element.WhichOneof("type")
                if element_type:
                    page.elements.append((element_type, getattr(element, element_type)))
            elif kind == "auth_redirect":
                page.redirect = forward.auth_redirect.url
            elif kind == "script_finished":
                if forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return page
                page.elements.clear()  # st.rerun() / st.switch_page(): the next run draws the page anew

    def follow(self, url: str) -> requests.Response:
        """Follow a redirect the app asked for (the claim and sign-out routes set or drop cookies)."""
        response = self.http.get(urljoin(f"{self.base_url}/", url), timeout=30, verify=self.verify)
        self.query_string = urlparse(response.url).query
        return response

    def sign_in(self, username: str, password: str) -> Page:
        """Fill the login form and submit it; follows the app's redirect and reconnects, as the browser does."""
        self.connect()
        form = self.rerun()
        page = self.rerun(
            [
                (form.widget_id("login_username"), "string_value", username),
                (form.widget_id("login_password"), "string_value", password),
                (form.widget_id("login_submit"), "trigger_value", True),
            ]
        )
        if page.redirect is None:
            return page
        self.follow(page.redirect)
        self.connect()  # a page load: a new websocket with the cookies it has now
        return self.rerun()
