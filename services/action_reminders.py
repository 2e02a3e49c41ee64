"""Rencana aksi in the daily e-mail digest: the actions a user may see that are overdue or due within a week,
each with its person in charge and, when a phone is known, the WhatsApp click-to-chat link (the reader opens it
in their own WhatsApp; nothing is sent automatically).

The digest's day is read at its start in WIT: an action is overdue once its due minute ended before that day
began, "due" when its due date falls within ``DUE_WITHIN_DAYS`` days.
"""

from __future__ import annotations

from datetime import date, datetime, time

from i18n import WIT, format_datetime, register, t, to_wit
from models.tables import utcnow
from services.action_views import list_actions
from services.actor import Actor

DUE_WITHIN_DAYS = 7
MAX_LINES = 30

register(
    {
        "reminder.title": {"id": "Rencana aksi", "en": "Action plans"},
        "reminder.overdue": {
            "id": "TERLAMBAT: {title} ({opd}), batas {due}; penanggung jawab {owner}{phone}",
            "en": "OVERDUE: {title} ({opd}), due {due}; person in charge {owner}{phone}",
        },
        "reminder.due": {
            "id": "Jatuh tempo {days} hari lagi: {title} ({opd}), batas {due}; penanggung jawab {owner}{phone}",
            "en": "Due in {days} day(s): {title} ({opd}), due {due}; person in charge {owner}{phone}",
        },
        "reminder.whatsapp": {"id": " · WhatsApp: {link}", "en": " · WhatsApp: {link}"},
        "reminder.more": {"id": "… dan {count} lainnya di Lentera.", "en": "… and {count} more in Lentera."},
    }
)


def digest_moment(today: date | None) -> datetime:
    """The digest's reference moment: now, or the start of the given day in WIT."""
    return utcnow() if today is None else datetime.combine(today, time(0, 0), tzinfo=WIT)


def due_action_lines(actor: Actor, *, today: date | None = None) -> list[str]:
    """One line per overdue or soon-due open action the actor sees (overdue first), in their language."""
    now = digest_moment(today)
    frame = list_actions(actor, open_only=True, now=now)
    if frame.empty:
        return []
    day = to_wit(now).date()
    frame = frame.loc[
        frame["overdue"] | (frame["due_at"].map(lambda d: (to_wit(d).date() - day).days) <= DUE_WITHIN_DAYS)
    ]
    lines = []
    for _, row in frame.head(MAX_LINES).iterrows():
        params = {
            "title": row["title"], "opd": row["opd"], "due": format_datetime(row["due_at"]),
            "owner": row["owner"] or "–", "phone": f" {row['owner_phone']}" if row["owner_phone"] else "",
            "days": max(0, (to_wit(row["due_at"]).date() - day).days),
        }  # fmt: skip
        line = t("reminder.overdue" if row["overdue"] else "reminder.due", **params)
        if row["whatsapp"]:
            line += t("reminder.whatsapp", link=row["whatsapp"])
        lines.append(line)
    if len(frame) > MAX_LINES:
        lines.append(t("reminder.more", count=len(frame) - MAX_LINES))
    return lines
