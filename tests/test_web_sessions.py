"""The sign-in belongs to the browser's cookie, against a real ``streamlit run app.py`` (issue 12, High 1 and 3).

Each test talks to the server as browsers and an attacker would, over the websocket protocol
(``streamlit_client.py``) and the HTTP endpoints: a stolen session id opens only the login form, a reload keeps
the cookie's owner signed in and sign-out ends it, uploads need a signed-in session and stay under a quota,
and ``/media`` files need the cookie of a session that shows them.
"""

from __future__ import annotations

import gzip
import re
import uuid
from collections.abc import Iterator

import brotli
import pytest
import requests
from streamlit_client import XSRF_COOKIE, Page, StreamlitBrowser
from streamlit_internals import page_hash
from streamlit_server import running_app, stored_demo_passwords

from ui.static_compression import static_folder

FOCAL = "fp.bpkad"
LEADER = "sekda"
QUOTA_MB = 2


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``streamlit run app.py`` on a fresh demo (``lentera init --demo-if-empty``), with a small upload quota."""
    data_dir = tmp_path_factory.mktemp("web-sessions") / "data"
    with running_app(data_dir, {"LENTERA_UPLOAD_QUOTA_MB": str(QUOTA_MB)}) as url:
        PASSWORDS.update(stored_demo_passwords(data_dir))
        yield url


PASSWORDS: dict[str, str] = {}  # the demo passwords `lentera init` drew for this server's database


def password(username: str) -> str:
    return PASSWORDS[username]


def signed_in_as(page: Page, username: str) -> bool:
    return page.has_widget("logout") and any(username in text for text in page.texts())


def login_form(page: Page) -> bool:
    return page.has_widget("login_username") and not page.has_widget("logout")


def signed_in(server: str, username: str) -> tuple[StreamlitBrowser, Page]:
    browser = StreamlitBrowser(server)
    page = browser.sign_in(username, password(username))
    assert signed_in_as(page, username), page.texts()[:20]
    return browser, page


# -- High 1: the session belongs to the browser that signed in --------------------------------------------------


def test_a_stolen_session_id_opens_the_login_form_not_the_users_session(server: str) -> None:
    victim, _ = signed_in(server, FOCAL)
    stolen = victim.session_id
    assert stolen

    attacker = StreamlitBrowser(server)
    attacker.connect(resume=stolen)
    page = attacker.rerun()
    assert login_form(page), page.texts()[:20]
    assert not any(FOCAL in text for text in page.texts())
    attacker.close()

    victim.connect(resume=stolen)  # the owner's browser reconnects as usual and is still signed in
    assert signed_in_as(victim.rerun(), FOCAL)
    assert victim.session_id == stolen
    victim.close()


def test_a_reload_keeps_the_user_signed_in_and_sign_out_ends_it(server: str) -> None:
    browser, _ = signed_in(server, FOCAL)
    token = browser.http.cookies.get("lentera_session")
    browser.connect()  # a reload or a second tab: a new page, a new session, the same cookie
    page = browser.rerun()
    assert signed_in_as(page, FOCAL)

    page = browser.rerun([(page.widget_id("logout"), "trigger_value", True)])
    assert page.redirect is not None
    browser.follow(page.redirect)  # the browser drops the cookie on the way back to the login form
    assert "lentera_session" not in browser.http.cookies
    browser.connect()
    page = browser.rerun()
    assert login_form(page)
    assert any("keluar" in text.lower() for text in page.texts())  # "Anda telah keluar."

    copied = StreamlitBrowser(server)  # whoever copied the cookie before the sign-out gets nothing from it
    assert token
    copied.http.cookies.set("lentera_session", token)
    copied.connect()
    assert login_form(copied.rerun())
    browser.close()
    copied.close()


def test_the_cookie_is_http_only_and_same_site_strict(server: str) -> None:
    browser = StreamlitBrowser(server)
    browser.connect()
    form = browser.rerun()
    page = browser.rerun(
        [
            (form.widget_id("login_username"), "string_value", FOCAL),
            (form.widget_id("login_password"), "string_value", password(FOCAL)),
            (form.widget_id("login_submit"), "trigger_value", True),
        ]
    )
    assert page.redirect is not None
    response = browser.http.get(f"{server}{page.redirect}", allow_redirects=False, timeout=30)
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("lentera_session=") and "httponly" in cookie and "samesite=strict" in cookie
    again = requests.get(f"{server}{page.redirect}", allow_redirects=False, timeout=30)
    assert "set-cookie" not in again.headers  # the one-time code works once
    browser.close()


def test_a_claim_link_signs_in_only_the_browser_that_typed_the_password(server: str) -> None:
    """Login CSRF: the attacker's claim link opened in a victim's browser sets no session cookie there."""
    attacker = StreamlitBrowser(server)
    browser_cookie = attacker.http.cookies.get("lentera_browser")
    assert browser_cookie  # given with the first request, before the login form
    attacker.connect()
    form = attacker.rerun()
    page = attacker.rerun(
        [
            (form.widget_id("login_username"), "string_value", FOCAL),
            (form.widget_id("login_password"), "string_value", password(FOCAL)),
            (form.widget_id("login_submit"), "trigger_value", True),
        ]
    )
    assert page.redirect is not None

    victim = StreamlitBrowser(server)
    assert victim.http.cookies.get("lentera_browser") not in (None, browser_cookie)
    response = victim.http.get(f"{server}{page.redirect}", allow_redirects=False, timeout=30)
    assert response.status_code == 303 and "lentera_session" not in response.headers.get("set-cookie", "")
    cross_site = requests.get(
        f"{server}{page.redirect}", allow_redirects=False, timeout=30
    )  # no cookie at all
    assert "lentera_session" not in cross_site.headers.get("set-cookie", "")

    attacker.follow(
        page.redirect
    )  # the browser that typed the password still can: the refusals used nothing up
    assert attacker.http.cookies.get("lentera_session")
    attacker.connect()
    assert signed_in_as(attacker.rerun(), FOCAL)
    attacker.close()
    victim.close()


def test_the_browser_cookie_is_http_only_and_same_site_strict(server: str) -> None:
    """The page document gives a new browser its lentera_browser cookie; assets and a browser that has one don't."""
    first = requests.get(f"{server}/", timeout=30)
    cookie = first.headers.get("set-cookie", "").lower()
    assert cookie.startswith("lentera_browser=") and "httponly" in cookie and "samesite=strict" in cookie
    again = requests.get(f"{server}/", cookies={"lentera_browser": "x" * 43}, timeout=30)
    assert "set-cookie" not in again.headers


# -- High 3: uploads only into a signed-in session, within a quota ----------------------------------------------


def upload(browser: StreamlitBrowser, session_id: str, size: int) -> int:
    xsrf = browser.http.cookies.get(XSRF_COOKIE) or ""
    response = browser.http.put(
        f"{browser.base_url}/_stcore/upload_file/{session_id}/{uuid.uuid4()}",
        files={"UploadedFile": ("bukti.pdf", b"%PDF-1.4\n" + b"0" * size, "application/pdf")},
        headers={"X-Xsrftoken": xsrf},
        timeout=60,
    )
    return response.status_code


def test_an_anonymous_upload_is_refused(server: str) -> None:
    visitor = StreamlitBrowser(server)
    visitor.connect()
    assert login_form(visitor.rerun())
    assert visitor.session_id
    assert upload(visitor, visitor.session_id, 1024) == 403
    visitor.close()


def test_uploads_need_the_sessions_own_cookie_and_stay_under_the_quota(server: str) -> None:
    owner, _ = signed_in(server, FOCAL)
    assert owner.session_id
    stranger = StreamlitBrowser(server)  # knows the session id from a log, but has no cookie
    assert upload(stranger, owner.session_id, 1024) == 403
    other_user, _ = signed_in(server, LEADER)  # signed in, but not in that session
    assert upload(other_user, owner.session_id, 1024) == 403

    assert upload(owner, owner.session_id, 1024) in {200, 204}
    half = QUOTA_MB * 1024 * 1024 // 2
    assert upload(owner, owner.session_id, half) in {200, 204}
    assert upload(owner, owner.session_id, half) == 413  # the session's uploads would exceed the quota
    owner.close()
    other_user.close()


# -- Medium: evidence and reports only to the signed-in browser that is shown them -----------------------------


def test_media_needs_the_cookie_of_a_session_that_shows_it(server: str) -> None:
    leader, page = signed_in(server, LEADER)
    leader.page_hash = page_hash("peringkat-nasional")  # the national ranking offers its CSV as a download
    page = leader.rerun()
    urls = [element.url for kind, element in page.elements if kind == "download_button" and element.url]
    assert urls, page.texts()[:30]
    url = f"{server}{urls[0]}"
    assert leader.http.get(url, timeout=30).status_code == 200

    assert requests.get(url, timeout=30).status_code == 403  # no cookie
    focal, _ = signed_in(server, FOCAL)
    assert focal.http.get(url, timeout=30).status_code == 403  # signed in, but not shown that file

    logout = leader.rerun()
    leader.rerun([(logout.widget_id("logout"), "trigger_value", True)])
    cookie = leader.http.cookies.get("lentera_session")
    assert requests.get(url, cookies={"lentera_session": cookie or ""}, timeout=30).status_code == 403
    leader.close()
    focal.close()


def test_every_response_forbids_framing_and_sniffing_and_metrics_stay_private(server: str) -> None:
    """The page, Streamlit's health check and a refusal all carry the framing and sniffing headers; no metrics."""
    for path in ("/", "/_stcore/health", "/_stcore/upload_file/unknown/x"):
        response = requests.get(server + path, timeout=30)
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN", path
        assert response.headers["Content-Security-Policy"] == "frame-ancestors 'self'", path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] == "same-origin", path
    metrics = requests.get(server + "/_stcore/metrics", timeout=30)
    assert metrics.status_code == 404 and "session" not in metrics.text


def test_streamlits_bundles_arrive_compressed_and_unchanged_for_a_browser_that_accepts_it(
    server: str,
) -> None:
    """The page's main script comes gzip-compressed (a fraction of its size), or smaller still in brotli to a client
    that accepts it, decodes to Streamlit's own file and keeps the security headers; a client that accepts neither
    gets the file as it is."""
    index = requests.get(server + "/", timeout=30).text
    script = re.findall(r'src="\.?(/static/js/[^"]+\.js)"', index)[0]
    original = (static_folder() / script.lstrip("/")).read_bytes()
    packed = requests.get(server + script, headers={"Accept-Encoding": "gzip"}, timeout=30, stream=True)
    raw = packed.raw.read(decode_content=False)
    assert packed.headers["Content-Encoding"] == "gzip" and "immutable" in packed.headers["Cache-Control"]
    assert gzip.decompress(raw) == original and len(raw) < len(original) / 2
    assert packed.headers["X-Content-Type-Options"] == "nosniff"
    smaller = requests.get(server + script, headers={"Accept-Encoding": "gzip, br"}, timeout=30, stream=True)
    raw_br = smaller.raw.read(decode_content=False)
    assert smaller.headers["Content-Encoding"] == "br" and brotli.decompress(raw_br) == original
    assert len(raw_br) < len(raw)
    plain = requests.get(server + script, headers={"Accept-Encoding": "identity"}, timeout=30)
    assert "Content-Encoding" not in plain.headers and plain.content == original
