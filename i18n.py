"""One translation function for every user-facing text: Bahasa Indonesia first, English second.

Messages live in ``MESSAGES`` keyed by a stable English identifier. Each room adds its own keys with
``register({...})`` at import time, so a page and the service it calls share one vocabulary. A missing key falls
back to Indonesian, then to the key itself, so a forgotten translation shows up in review instead of crashing.

Also here: Indonesian number and date formats (decimal comma, thousands dot, WIT), because every screen and
report needs them and they are part of the language, not of the layout.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextvars import ContextVar
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from vocabulary import LABEL_FAMILY, LABELS, SubmissionStatus

LANGUAGES = ("id", "en")
WIT = ZoneInfo("Asia/Jayapura")
_current_language: ContextVar[str] = ContextVar("lentera_language", default="id")

MESSAGES: dict[str, dict[str, str]] = {
    "error.generic": {"id": "Terjadi kesalahan: {detail}", "en": "Something went wrong: {detail}"},
}

MONTHS_ID = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
MONTHS_EN = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def register(messages: dict[str, dict[str, str]]) -> None:
    """Add a room's messages; a key registered twice with other text is a programming error."""
    for key, texts in messages.items():
        if key in MESSAGES and MESSAGES[key] != texts:
            raise ValueError(f"message {key!r} registered twice with different text")
        MESSAGES[key] = texts


register(LABELS)


def label(
    word: object, lang: str | None = None, *, kind: type[StrEnum] | None = None, capital: bool = False
) -> str:
    """The name in words of a shared word (``vocabulary``): a role, status, decision, state or kind.

    ``word`` is a member, or its stored text with ``kind`` naming the enum. None (or NaN) gives "", text that no
    member of ``kind`` has comes back as it is. ``capital`` starts the name with a capital (a badge, a cell).
    """
    if word is None or (isinstance(word, float) and math.isnan(word)):
        return ""
    enum = kind or (type(word) if isinstance(word, StrEnum) else None)
    family = LABEL_FAMILY.get(enum) if enum is not None else None
    if enum is None or family is None:
        return str(word)
    try:
        member = enum(str(word))
    except ValueError:
        return str(word)
    text = t(f"{family}.{member.value}", lang)
    return text[:1].upper() + text[1:] if capital else text


def status_label(status: object, lang: str | None = None, *, capital: bool = False) -> str:
    """A submission status (member or stored text) in words: ``label(status, kind=SubmissionStatus)``."""
    return label(status, lang, kind=SubmissionStatus, capital=capital)


def set_language(language: str) -> None:
    _current_language.set(language if language in LANGUAGES else "id")


def get_language() -> str:
    return _current_language.get()


class Phrase:
    """A message parameter rendered in the language of the message it fills (a status name, a date).

    ``LenteraError("x", status=Phrase.of("status.draft"))`` reads "draf" in Indonesian and "draft" in
    English, whichever language ``message(lang)`` asks for later.
    """

    def __init__(self, render: Callable[[str], str]) -> None:
        self.render = render

    @classmethod
    def of(cls, key: str, **params: object) -> Phrase:
        return cls(lambda lang: t(key, lang, **params))

    @classmethod
    def moment(cls, moment: datetime) -> Phrase:
        return cls(lambda lang: format_datetime(moment, lang))

    def __str__(self) -> str:
        return self.render(get_language())


def t(key: str, lang: str | None = None, **params: object) -> str:
    """The text for ``key`` in the current (or given) language, with ``{params}`` filled in."""
    texts = MESSAGES.get(key)
    if texts is None:
        return key
    language = lang or get_language()
    template = texts.get(language) or texts.get("id") or key
    params = {k: v.render(language) if isinstance(v, Phrase) else v for k, v in params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


class LenteraError(Exception):
    """An error a user can act on: carries a message key and parameters, translated where it is shown."""

    def __init__(self, key: str, **params: object):
        self.key = key
        self.params = params
        super().__init__(t(key, "en", **params))

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.params)


def format_number(value: float | int | None, decimals: int = 2, lang: str | None = None) -> str:
    """1234.5 → "1.234,50" in Indonesian, "1,234.50" in English; None or NaN → "–"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if (lang or get_language()) == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_percent(value: float | None, decimals: int = 0, lang: str | None = None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{format_number(value, decimals, lang)}%"


def to_wit(moment: datetime) -> datetime:
    """A moment in WIT; naive datetimes are taken as UTC (how the database stores them)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(WIT)


def format_date(day: date | datetime | None, lang: str | None = None) -> str:
    """27 November 2026."""
    if day is None:
        return "–"
    if isinstance(day, datetime):
        day = to_wit(day).date()
    months = MONTHS_ID if (lang or get_language()) == "id" else MONTHS_EN
    return f"{day.day} {months[day.month - 1]} {day.year}"


def format_datetime(moment: datetime | None, lang: str | None = None) -> str:
    """27 November 2026 23.59 WIT (Indonesian uses a dot between hours and minutes)."""
    if moment is None:
        return "–"
    local = to_wit(moment)
    separator = "." if (lang or get_language()) == "id" else ":"
    return f"{format_date(local.date(), lang)} {local.hour:02d}{separator}{local.minute:02d} WIT"
