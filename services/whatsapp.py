"""Phone numbers and WhatsApp click-to-chat links for the people in charge of rencana aksi.

In Maluku Utara a late item is chased by messaging the OPD head on WhatsApp. Lentera never sends anything: a
person-in-charge row carries a ``https://wa.me/<number>?text=<message>`` link that opens the user's own
WhatsApp with an Indonesian message prefilled (the action, its items, the deadline in WIT, the Lentera link).
No WhatsApp API or account is involved. Numbers are stored in the international form (``+62…``) so the link
and every display agree; ``normalise_phone`` accepts what people type (08…, 62…, +62…, spaces, dashes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote

from config import get_settings
from i18n import LenteraError, Phrase, format_datetime, register

ACTIONS_URL_PATH = "rencana-aksi"
_SEPARATORS = re.compile(r"[\s\-.()/]")
# After the country code: a mobile number, 8 then 8 to 11 more digits (0812-3456-7890 → +6281234567890).
_MOBILE = re.compile(r"^\+628\d{8,11}$")
_NIP = re.compile(r"^\d{18}$")

register(
    {
        # the fields a malformed number or NIP is named by
        "actions.field.owner_phone": {"id": "Telepon penanggung jawab", "en": "Person in charge's phone"},
        "actions.field.owner_nip": {"id": "NIP penanggung jawab", "en": "Person in charge's NIP"},
        "phone.invalid": {
            "id": "{field}: nomor '{value}' tidak sah. Tulis nomor ponsel Indonesia, misalnya 0812-3456-7890, "
            "62 812 3456 7890 atau +62 812-3456-7890.",
            "en": "{field}: '{value}' is not a valid number. Enter an Indonesian mobile number, for example "
            "0812-3456-7890, 62 812 3456 7890 or +62 812-3456-7890.",
        },
        "nip.invalid": {
            "id": "{field}: NIP '{value}' tidak sah; NIP terdiri atas 18 angka.",
            "en": "{field}: NIP '{value}' is not valid; a NIP has 18 digits.",
        },
        "whatsapp.message": {
            "id": 'Yth. {name}, mohon tindak lanjut rencana aksi "{title}"{items} untuk {opd}. '
            "Batas waktu: {deadline}. Status saat ini: {status}. Silakan perbarui di Lentera: {link}",
            "en": 'Dear {name}, please follow up the action "{title}"{items} for {opd}. '
            "Deadline: {deadline}. Current status: {status}. Please update it in Lentera: {link}",
        },
        "whatsapp.items": {"id": " (butir {codes})", "en": " (items {codes})"},
    }
)


def normalise_phone(raw: str | None, *, field: str) -> str | None:
    """The number as ``+628…``, or None for an empty one; ``field`` is the message key of the field's name,
    named in the translated error when the number is malformed."""
    if raw is None or not raw.strip():
        return None
    compact = _SEPARATORS.sub("", raw.strip())
    if compact.startswith("+62"):
        number = compact
    elif compact.startswith("62"):
        number = "+" + compact
    elif compact.startswith("0"):
        number = "+62" + compact[1:]
    else:
        number = compact
    if not _MOBILE.match(number):
        raise LenteraError("phone.invalid", field=Phrase.of(field), value=raw.strip())
    return number


def normalise_nip(raw: str | None, *, field: str) -> str | None:
    """A civil servant's NIP: 18 digits once spaces are taken out; None for an empty one."""
    if raw is None or not raw.strip():
        return None
    compact = re.sub(r"\s", "", raw)
    if not _NIP.match(compact):
        raise LenteraError("nip.invalid", field=Phrase.of(field), value=raw.strip())
    return compact


def lentera_link(path: str = ACTIONS_URL_PATH) -> str:
    """The address of a Lentera page, from ``LENTERA_PUBLIC_URL``."""
    return f"{get_settings().public_url.rstrip('/')}/{path}"


def reminder_text(
    *, name: str, title: str, codes: Sequence[str], opd: str, due_at: datetime, status: str
) -> str:
    """The prefilled message, always in Bahasa Indonesia (the person in charge may have no account, hence no
    language setting); ``status`` is the status already in words."""
    items = Phrase.of("whatsapp.items", codes=", ".join(codes)).render("id") if codes else ""
    return Phrase.of(
        "whatsapp.message",
        name=name,
        title=title,
        items=items,
        opd=opd,
        deadline=format_datetime(due_at, "id"),
        status=status,
        link=lentera_link(),
    ).render("id")


def whatsapp_link(phone: str | None, text: str) -> str | None:
    """``https://wa.me/<digits>?text=<URL-encoded text>``; None without a number."""
    if not phone:
        return None
    return f"https://wa.me/{phone.lstrip('+')}?text={quote(text, safe='')}"
