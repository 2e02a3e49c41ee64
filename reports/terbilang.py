"""Numbers, days and dates written out in Indonesian words, as a berita acara states when it was made
("Pada hari Senin tanggal dua bulan Desember tahun dua ribu dua puluh enam"). Pure functions, no locale.
"""

from __future__ import annotations

from datetime import date

_UNITS = [
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
"""Monday first, as ``date.weekday()`` counts."""
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def number_words(n: int) -> str:
    """0 ≤ n < 10¹²: 11 → "sebelas", 21 → "dua puluh satu", 1000 → "seribu", 2026 → "dua ribu dua puluh enam"."""
    if n < 0 or n >= 10**12:
        raise ValueError(f"number out of range: {n}")
    if n < 12:
        return _UNITS[n]
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return _join(f"{_UNITS[tens]} puluh", rest)
    if n < 200:
        return _join("seratus", n - 100)
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return _join(f"{_UNITS[hundreds]} ratus", rest)
    if n < 2000:
        return _join("seribu", n - 1000)
    for size, word in ((10**9, "miliar"), (10**6, "juta"), (1000, "ribu")):
        if n >= size:
            head, rest = divmod(n, size)
            return _join(f"{number_words(head)} {word}", rest)
    raise AssertionError(n)  # pragma: no cover


def _join(head: str, rest: int) -> str:
    return head if rest == 0 else f"{head} {number_words(rest)}"


def day_date_words(day: date) -> str:
    """ "hari Senin tanggal dua bulan Desember tahun dua ribu dua puluh enam" (no leading "Pada")."""
    return (
        f"hari {DAYS[day.weekday()]} tanggal {number_words(day.day)} bulan {MONTHS[day.month - 1]} "
        f"tahun {number_words(day.year)}"
    )


def long_date(day: date) -> str:
    """ "2 Desember 2026": the date under a signature line."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
