"""Driving the Streamlit app with ``AppTest`` on a copy of the seeded Maluku Utara demo: fixtures and helpers.

The demo is seeded once per test session (about 20 s) and copied into every test's own data folder (``demo``).
``sign_in`` fills the login form; AppTest has no browser to hold the session cookie, so test modules that use
these helpers run with the ``browserless`` fixture (``ui.session.BROWSERLESS``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from config import get_settings
from models.database import engine_for
from models.migrate import upgrade_database

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _point_at(data_dir: Path) -> str:
    url = f"sqlite:///{(data_dir / 'lentera.db').as_posix()}"
    os.environ["LENTERA_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    return url


def _forget(url: str) -> None:
    engine_for(url).dispose()
    engine_for.cache_clear()
    get_settings.cache_clear()
    from services.cache import clear_caches

    clear_caches()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A data folder (database + evidence files) holding the seeded demo; returns it and the demo logins."""
    from seed_data.demo import seed_demo

    data_dir = tmp_path_factory.mktemp("demo-template") / "data"
    data_dir.mkdir()
    saved = {key: os.environ.get(key) for key in ("LENTERA_DATA_DIR", "DATABASE_URL")}
    url = _point_at(data_dir)
    try:
        upgrade_database(url)
        summary = seed_demo()
        logins = {login.username: login.password for login in summary.logins}
        _as_if_passwords_were_changed()
    finally:
        _forget(url)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()
    yield data_dir, logins


def _as_if_passwords_were_changed() -> None:
    """These journeys run outside demo mode, where seeded accounts must first change their password."""
    from sqlalchemy import update

    from models import User, session_scope

    with session_scope() as session:
        session.execute(update(User).values(must_change_password=False))


@pytest.fixture
def demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_template: tuple[Path, dict[str, str]]
) -> Iterator[dict[str, str]]:
    """This test's own copy of the demo; the settings point at it. Yields username → password."""
    template, logins = demo_template
    data_dir = tmp_path / "data"
    shutil.copytree(template, data_dir)
    monkeypatch.setenv("LENTERA_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{(data_dir / 'lentera.db').as_posix()}")
    monkeypatch.delenv("LENTERA_DEMO", raising=False)
    get_settings.cache_clear()
    yield logins
    _forget(f"sqlite:///{(data_dir / 'lentera.db').as_posix()}")


def start() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT).run()


def sign_in(username: str, password: str) -> AppTest:
    at = start()
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    at.button(key="login_submit").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def go_to(at: AppTest, url_path: str) -> AppTest:
    """Ask for ``/<url_path>`` as a browser would; ``run()`` then opens it.

    Pages are functions registered by URL path (``ui.navigation.PAGE_SPECS``) and AppTest's public
    ``switch_page`` only takes page files, so this sets the page hash ``st.Page`` derives from the URL path.
    """
    assert calc_hash(url_path) in at._registered_pages, f"/{url_path} is not a registered URL"
    at._page_hash = calc_hash(url_path)
    return at


def texts(elements: object) -> list[str]:
    return [str(element.value) for element in elements]  # type: ignore[attr-defined]


def actor_of(username: str):  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from models import session_scope
    from models.tables import User
    from services.actor import Actor

    with session_scope() as session:
        return Actor.from_user(session.exec(select(User).where(User.username == username)).one())
