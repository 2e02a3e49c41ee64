"""The daily digest: one e-mail per user with an address, saying what is due in each open period they see,
and the rencana aksi they see that are overdue or due this week (with WhatsApp links, services/action_reminders.py).

Built from ``services.due`` in the user's language (Bahasa Indonesia by default), as plain text with a simple
HTML alternative, and sent with ``smtplib`` (STARTTLS when configured). Users with nothing to act on get no
mail. Run by ``lentera digest`` from cron; ``--dry-run`` prints what would be sent.

The SMTP password is a ``SecretStr`` in the settings and is only ever handed to ``SMTP.login``; nothing here
logs it, and errors are reported without it.
"""

from __future__ import annotations

import html
import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from sqlmodel import col, select

import i18n
from config import get_settings
from i18n import LenteraError, format_date, register, t, to_wit
from models.database import session_scope
from models.tables import Period, PeriodState, User
from services.action_reminders import digest_moment, due_action_lines
from services.actor import Actor
from services.due import DuePanel, due_panel

log = logging.getLogger("lentera.digest")
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})

register(
    {
        "digest.login_needs_tls": {
            "id": "Server surel {host} meminta kata sandi tanpa STARTTLS; aktifkan LENTERA_SMTP_STARTTLS.",
            "en": "The mail server {host} would receive the password without STARTTLS; enable LENTERA_SMTP_STARTTLS.",
        },
        "digest.subject": {"id": "Lentera: ringkasan harian {date}", "en": "Lentera: daily summary {date}"},
        "digest.greeting": {"id": "Yth. {name},", "en": "Dear {name},"},
        "digest.intro": {
            "id": "Berikut hal yang perlu Anda tindak lanjuti hari ini ({date}):",
            "en": "Here is what needs your attention today ({date}):",
        },
        "digest.footer": {
            "id": "Pesan ini dikirim otomatis oleh Lentera. Masuk ke aplikasi untuk melihat rinciannya.",
            "en": "This message was sent automatically by Lentera. Sign in to see the details.",
        },
        "digest.not_configured": {
            "id": "Server SMTP belum diatur (LENTERA_SMTP_HOST).",
            "en": "No SMTP server configured (LENTERA_SMTP_HOST).",
        },
        "digest.send_failed": {
            "id": "Pengiriman e-mail gagal: {detail}",
            "en": "Sending e-mail failed: {detail}",
        },
    }
)


@dataclass(frozen=True)
class DigestMessage:
    user_id: int
    to: str
    name: str
    language: str
    subject: str
    text: str
    html: str


def _sections(actor: Actor, today: date | None, period_id: int | None) -> list[DuePanel]:
    with session_scope() as session:
        query = select(Period.id).where(Period.state == PeriodState.open).order_by(col(Period.id))
        if period_id is not None:
            query = query.where(Period.id == period_id)
        ids = [i for i in session.exec(query).all() if i is not None]
    panels = []
    for pid in ids:
        try:
            panel = due_panel(actor, period_id=pid, today=today)
        except LenteraError:
            continue  # a period outside the user's region
        if panel.has_news:
            panels.append(panel)
    return panels


def daily_digest(*, today: date | None = None, period_id: int | None = None) -> list[DigestMessage]:
    """One message per active user with an e-mail address and something to act on, in their language."""
    with session_scope() as session:
        users = session.exec(
            select(User)
            .where(col(User.active).is_(True), col(User.email).is_not(None))
            .order_by(col(User.id))
        ).all()
        recipients = [(Actor.from_user(u), (u.email or "").strip()) for u in users if (u.email or "").strip()]
    previous = i18n.get_language()
    messages = []
    try:
        for actor, address in recipients:
            i18n.set_language(actor.language)
            panels = _sections(actor, today, period_id)
            reminders = due_action_lines(actor, today=today)
            if panels or reminders:
                messages.append(_compose(actor, address, panels, reminders, today=today))
    finally:
        i18n.set_language(previous)
    return messages


def _compose(
    actor: Actor, address: str, panels: list[DuePanel], reminders: list[str], *, today: date | None
) -> DigestMessage:
    day = format_date(panels[0].today if panels else to_wit(digest_moment(today)).date())
    subject = t("digest.subject", date=day)
    text_lines = [t("digest.greeting", name=actor.full_name), "", t("digest.intro", date=day), ""]
    html_parts = [
        f"<p>{html.escape(t('digest.greeting', name=actor.full_name))}</p>",
        f"<p>{html.escape(t('digest.intro', date=day))}</p>",
    ]
    for panel in panels:
        text_lines.append(panel.period_name)
        text_lines += [f"  - {line}" for line in panel.lines]
        text_lines.append("")
        items = "".join(f"<li>{html.escape(line)}</li>" for line in panel.lines)
        html_parts.append(f"<h3>{html.escape(panel.period_name)}</h3><ul>{items}</ul>")
    if reminders:  # rencana aksi due or overdue, each with its WhatsApp link (services/action_reminders.py)
        text_lines.append(t("reminder.title"))
        text_lines += [f"  - {line}" for line in reminders]
        text_lines.append("")
        items = "".join(f"<li>{html.escape(line)}</li>" for line in reminders)
        html_parts.append(f"<h3>{html.escape(t('reminder.title'))}</h3><ul>{items}</ul>")
    text_lines.append(t("digest.footer"))
    html_parts.append(f"<p><small>{html.escape(t('digest.footer'))}</small></p>")
    body = "<html><body>" + "".join(html_parts) + "</body></html>"
    return DigestMessage(
        user_id=actor.id,
        to=address,
        name=actor.full_name,
        language=actor.language,
        subject=subject,
        text="\n".join(text_lines) + "\n",
        html=body,
    )


def to_email(message: DigestMessage, *, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = formataddr((message.name, message.to))
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "lentera")
    email.set_content(message.text)
    email.add_alternative(message.html, subtype="html")
    return email


def send_digest(
    messages: list[DigestMessage],
    *,
    smtp_host: str,
    smtp_port: int,
    smtp_sender: str,
    smtp_user: str | None = None,
    smtp_password: str | None = None,
    smtp_starttls: bool = False,
    timeout: float = 30.0,
) -> int:
    """Send the messages over one SMTP connection; returns how many were accepted."""
    if not messages:
        return 0
    sent = 0
    try:
        with smtplib.SMTP(smtp_host, smtp_port, timeout=timeout) as client:
            client.ehlo()
            if smtp_starttls:
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if smtp_user:
                if not smtp_starttls and smtp_host not in LOOPBACK_HOSTS:
                    # A password is never sent in clear text over a network; a local relay may take it.
                    raise LenteraError("digest.login_needs_tls", host=smtp_host)
                client.login(smtp_user, smtp_password or "")
            for message in messages:
                client.send_message(to_email(message, sender=smtp_sender))
                sent += 1
    except (smtplib.SMTPException, OSError) as exc:
        # The exception text comes from the server or the socket; it never contains our password.
        log.warning(
            "digest: sending stopped after %d of %d messages: %s", sent, len(messages), type(exc).__name__
        )
        raise LenteraError("digest.send_failed", detail=type(exc).__name__) from None
    log.info("digest: %d message(s) sent via %s:%d", sent, smtp_host, smtp_port)
    return sent


def send_configured(messages: list[DigestMessage]) -> int:
    """``send_digest`` with the SMTP settings of ``config.Settings`` (``LENTERA_SMTP_*``)."""
    settings = get_settings()
    if not settings.smtp_host:
        raise LenteraError("digest.not_configured")
    return send_digest(
        messages,
        smtp_host=settings.smtp_host,
        smtp_port=settings.smtp_port,
        smtp_sender=settings.smtp_sender,
        smtp_user=settings.smtp_user,
        smtp_password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
        smtp_starttls=settings.smtp_starttls,
    )
