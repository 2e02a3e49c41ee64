"""Per-installation state: the demo passwords, whether this is a demo installation, and the one-time token that
guards the first-administrator screen.

Demo passwords used to be derived from a fixed seed, so every demo installation shared them. Now each
installation draws its own once, stores them (demo data only: they are shown on its login page) and the seeded
accounts must replace them before real use. A demo installation (``is_demo``) says so on every screen and in every exported file ("DATA DEMO"): that is
one question, answered here from the configuration (``LENTERA_DEMO``) and the install state (the demo data was
built into this database), and read everywhere. The setup token is printed by ``lentera init`` on an installation
without an administrator; only its sha256 is stored, and creating the first administrator consumes it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

from sqlmodel import Session, col, select

from config import get_settings
from i18n import register
from models.database import session_scope
from models.tables import InstallSecret, User, utcnow
from vocabulary import DEMO_MARK

DEMO_PASSWORDS = "demo.passwords"
DEMO_DATA = "demo.data"  # written by the demo builder: this database holds demo data
SETUP_TOKEN = "setup.token_sha256"
_WORDS = ["Cengkeh", "Pala", "Kenari", "Gamalama", "Sofifi", "Maitara", "Jailolo", "Kie", "Raha", "Tidore"]


def read(session: Session, key: str) -> str | None:
    row = session.get(InstallSecret, key)
    return row.value if row is not None else None


def write(session: Session, key: str, value: str) -> None:
    row = session.get(InstallSecret, key) or InstallSecret(key=key, value=value, created_at=utcnow())
    row.value = value
    session.add(row)


register(
    {
        "install.demo_mark": {"id": DEMO_MARK, "en": DEMO_MARK},
        "install.demo_banner": {
            "id": "DATA DEMO: periode, OPD, nilai dan bukti di sini adalah data contoh, bukan data resmi pemda.",
            "en": "DEMO DATA: the periods, OPDs, values and evidence here are sample data, not official records.",
        },
    }
)


def is_demo() -> bool:
    """Whether this is a demo installation: demo mode is configured, or demo data was built into the database.

    Every screen's banner, every report's title and header and every exported file name ask this one question.
    """
    if get_settings().demo:
        return True
    with session_scope(write=False) as session:
        return any(read(session, key) is not None for key in (DEMO_DATA, DEMO_PASSWORDS))


def exported_name(name: str, *, demo: bool | None = None) -> str:
    """A downloaded or exported file's name, ``DATA-DEMO-`` first on a demo installation."""
    demo = is_demo() if demo is None else demo
    return f"DATA-DEMO-{name}" if demo else name


def mark_demo(session: Session) -> None:
    """Record that this database holds demo data (``seed_data.demo``)."""
    write(session, DEMO_DATA, "true")


def new_demo_password() -> str:
    """Readable but random (about 26 bits before throttling): ``Pala-402913-Kenari``."""
    first, second = secrets.SystemRandom().sample(_WORDS, 2)
    return f"{first}-{secrets.randbelow(10**6):06d}-{second}"


def demo_passwords() -> dict[str, str]:
    """The stored demo passwords by username; empty when this installation never built the demo."""
    with session_scope(write=False) as session:
        stored = read(session, DEMO_PASSWORDS)
    return dict(json.loads(stored)) if stored else {}


def demo_accounts_in_use() -> list[str]:
    """Active demo accounts that still have their published password (the banner lists them)."""
    names = list(demo_passwords())
    if not names:
        return []
    with session_scope(write=False) as session:
        query = select(User.username).where(
            col(User.username).in_(names),
            col(User.active).is_(True),
            col(User.must_change_password).is_(True),
        )
        return sorted(session.exec(query).all())


def new_setup_token() -> str:
    """A fresh one-time token for the first-administrator screen (the previous one stops working)."""
    token = secrets.token_urlsafe(18)
    with session_scope() as session:
        write(session, SETUP_TOKEN, _digest(token))
    return token


def consume_setup_token(session: Session, token: str) -> bool:
    """True (and the token is spent) when ``token`` is the stored one."""
    stored = read(session, SETUP_TOKEN)
    if not stored or not token or not hmac.compare_digest(stored, _digest(token.strip())):
        return False
    row = session.get(InstallSecret, SETUP_TOKEN)
    session.delete(row)
    return True


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
