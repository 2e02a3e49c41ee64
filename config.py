"""Lentera's configuration: one settings class, read from the environment (prefix ``LENTERA_``) and ``.env``.

``DATABASE_URL`` is read without the prefix because that is the name every PostgreSQL host expects.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

WIT = "Asia/Jayapura"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LENTERA_", env_file=".env", extra="ignore")

    data_dir: Path = Path("./data")
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "LENTERA_DATABASE_URL")
    )
    max_upload_mb: int = 25
    # Where evidence files live: "filesystem" ($LENTERA_DATA_DIR/evidence, the default) or "database" (tables in
    # the PostgreSQL database, so several app replicas need no shared disk; storage/db_store.py).
    evidence_store: Literal["filesystem", "database"] = "filesystem"
    # With the database store: how much this machine keeps of the copies it reads from the database (the viewer
    # and the active-content check need a real file); the least recently used go first.
    evidence_cache_mb: int = 2048
    # What one browser session may hold in Streamlit's in-memory upload store at once (files chosen in upload
    # widgets, uploads under way); more is refused with 413 before it is read (ui/web.py).
    upload_quota_mb: int = 100
    session_idle_minutes: int = 30
    session_max_hours: int = 12  # a sign-in ends after this long even when used all the time
    # Mark the session cookie ``Secure`` (sent over HTTPS only): set true behind a TLS proxy.
    secure_cookies: bool = False
    # Sign-in throttling (services/throttle.py): failures of one username from one address before attempts must
    # wait, and the longest wait.
    lockout_failures: int = 5
    lockout_minutes: int = 15
    # Behind a reverse proxy every connection comes from the proxy: name the header it sets to the client's
    # address (e.g. X-Real-IP), so throttling is per client. Only set it when the proxy overwrites that header.
    client_address_header: str | None = None
    time_zone: str = WIT
    # Where users open Lentera: the link in WhatsApp reminders (services/whatsapp.py) points here.
    public_url: str = "http://localhost:8501"
    demo: bool = False
    default_language: str = "id"
    # Daily digest e-mail (``lentera digest``); no host means the digest is only built, never sent.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None  # SecretStr: never shown in logs, reprs or tracebacks
    smtp_sender: str = "lentera@localhost"
    smtp_starttls: bool = True

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            url = self.database_url
            # psycopg 3 is the PostgreSQL driver; accept the plain URLs hosts hand out.
            for prefix in ("postgres://", "postgresql://"):
                if url.startswith(prefix):
                    return "postgresql+psycopg://" + url[len(prefix) :]
            return url
        return f"sqlite:///{(self.data_dir / 'lentera.db').as_posix()}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
