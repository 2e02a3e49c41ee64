"""The daily digest against a real SMTP server (aiosmtpd on 127.0.0.1): the right people get the right mail,
in their language, and the SMTP password never shows up in logs or output."""

from __future__ import annotations

import email
import logging
from collections.abc import Iterator
from datetime import timedelta
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from factories import World, attach_evidence, build_world, make_period, submission_id
from ports import retry_on_port_clash
from sqlalchemy import update
from sqlmodel import col

import cli
from config import get_settings
from i18n import LenteraError, to_wit
from models.database import session_scope
from models.tables import User, utcnow
from services import submissions
from services.digest import daily_digest, send_digest

PASSWORD = "rahasia-smtp-9f3k"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []
        self.logins: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content)))
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login == b"lentera"
            and data.password == PASSWORD.encode()
        )
        if ok:
            self.logins.append(data.login.decode())
        # handled=False: the server answers "535" itself at once (the default leaves the client waiting).
        return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()

    def start(port: int) -> tuple[Controller, int]:
        controller = Controller(
            inbox, hostname="127.0.0.1", port=port, authenticator=inbox.authenticate, auth_require_tls=False
        )
        controller.start()
        return controller, port

    controller, port = retry_on_port_clash(start)
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def world(db_url: str) -> World:
    world = build_world(with_period=False)
    world.period_id = make_period(world, submission_deadline=to_wit(utcnow() + timedelta(days=2))).id
    emails = {
        "op.kominfo": "kominfo@malutprov.go.id",
        "inspektur": "inspektur@malutprov.go.id",
        "sekda": None,
    }
    with session_scope() as session:
        for username, address in emails.items():
            session.execute(update(User).where(col(User.username) == username).values(email=address))
        session.execute(update(User).where(col(User.username) == "inspektur").values(language="en"))
    return world


def body(message: Message, subtype: str) -> str:
    for part in message.walk():
        if part.get_content_type() == f"text/{subtype}":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError(subtype)


def test_digest_reaches_the_right_people_in_their_language(
    world: World, smtp: tuple[Inbox, int], caplog: pytest.LogCaptureFixture
) -> None:
    inbox, port = smtp
    messages = daily_digest()
    # the focal point has items due; the inspector an (empty) queue: nothing to say; the leader has no address
    assert [m.to for m in messages] == ["kominfo@malutprov.go.id"]
    caplog.set_level(logging.DEBUG)
    sent = send_digest(
        messages,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_sender="lentera@malutprov.go.id",
        smtp_user="lentera",
        smtp_password=PASSWORD,
    )
    assert sent == 1 and inbox.logins == ["lentera"]
    ((recipients, message),) = inbox.messages
    assert recipients == ["kominfo@malutprov.go.id"]
    assert message["Subject"].startswith("Lentera: ringkasan harian")
    text, html = body(message, "plain"), body(message, "html")
    assert "Yth. Op.Kominfo," in text and "SPBE 2026" in text and "butir belum diajukan" in text
    assert "<li>" in html and "butir belum diajukan" in html
    assert PASSWORD not in caplog.text


def test_english_user_gets_english_and_users_without_news_get_nothing(world: World) -> None:
    sid = submission_id(world, organisation_id=world.opd_a, code="1")
    submissions.save_draft(world.focal_a, submission_id=sid, self_value=2, note=None)
    attach_evidence(world.focal_a, submission_id=sid)
    submissions.submit(world.focal_a, submission_id=sid)
    by_address = {m.to: m for m in daily_digest()}
    english = by_address["inspektur@malutprov.go.id"]
    assert english.subject.startswith("Lentera: daily summary")
    assert "1 item(s) waiting for review" in english.text


def test_wrong_password_is_refused_without_leaking_it(
    world: World, smtp: tuple[Inbox, int], caplog: pytest.LogCaptureFixture
) -> None:
    inbox, port = smtp
    caplog.set_level(logging.DEBUG)
    with pytest.raises(LenteraError) as caught:
        send_digest(
            daily_digest(),
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_sender="lentera@malutprov.go.id",
            smtp_user="lentera",
            smtp_password=PASSWORD + "-salah",
        )
    assert caught.value.key == "digest.send_failed"
    assert caught.value.params["detail"] == "SMTPAuthenticationError"  # refused with 535, not a timeout
    assert inbox.messages == []
    assert PASSWORD not in caplog.text and PASSWORD not in caught.value.message()


def test_cli_digest_dry_run_and_send(
    world: World,
    smtp: tuple[Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    inbox, port = smtp
    assert cli.main(["digest", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "To: kominfo@malutprov.go.id" in out and "nothing sent" in out
    assert inbox.messages == []

    assert cli.main(["digest"]) == 2  # no SMTP host configured
    assert "LENTERA_SMTP_HOST" in capsys.readouterr().err

    for name, value in {
        "LENTERA_SMTP_HOST": "127.0.0.1",
        "LENTERA_SMTP_PORT": str(port),
        "LENTERA_SMTP_USER": "lentera",
        "LENTERA_SMTP_PASSWORD": PASSWORD,
        "LENTERA_SMTP_STARTTLS": "false",
        "LENTERA_SMTP_SENDER": "lentera@malutprov.go.id",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    caplog.set_level(logging.DEBUG)
    assert cli.main(["digest"]) == 0
    captured = capsys.readouterr()
    assert "1 message(s) sent" in captured.out
    assert [r for r, _ in inbox.messages] == [["kominfo@malutprov.go.id"]]
    assert PASSWORD not in captured.out + captured.err + caplog.text + repr(get_settings())
