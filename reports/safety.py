"""Two defences every export needs: spreadsheet formula injection and unsafe file names.

Notes, reasons and display names are typed by users. A note such as ``=HYPERLINK("http://evil", "klik")`` must
reach the inspector's spreadsheet as text, never as a formula (OWASP "CSV injection"). In xlsx the builders store
such strings as string cells with Excel's quote-prefix flag; in CSV, where there are no cell types, they get a
leading apostrophe, which Excel hides and every spreadsheet treats as "this is text".

Display names end up as paths inside the evidence zip, where ``../`` or a control character would escape the
folder or confuse an unzipper, so each path component goes through ``safe_component``.
"""

from __future__ import annotations

import re
import unicodedata

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_COMPONENT_CHARS = 100
MAX_COMPONENT_BYTES = 200
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
_SPACES = re.compile(r"\s+")
_WINDOWS_RESERVED = (
    {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}
)


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet would read as a formula (or that starts with a control character)."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def neutralise(value: object) -> object:
    """Text that a spreadsheet could evaluate gets a leading apostrophe; everything else passes unchanged."""
    if is_formula_like(value):
        return "'" + str(value)
    return value


def safe_component(name: object, fallback: str = "_", limit: int = MAX_COMPONENT_CHARS) -> str:
    """One path component that is safe on every file system: no separators, dots-only names, control
    characters or reserved device names, at most ``limit`` characters / 200 UTF-8 bytes, extension kept."""
    text = unicodedata.normalize("NFC", str(name) if name is not None else "")
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    text = _FORBIDDEN.sub("_", text)
    text = _SPACES.sub(" ", text).strip(" .")
    while ".." in text:
        text = text.replace("..", ".")
    if not text:
        text = fallback
    stem, dot, ext = text.rpartition(".")
    if not dot or not stem or len(ext) > 10:
        stem, ext = text, ""
    if stem.upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    return _cap(stem, ext, limit)


def _cap(stem: str, ext: str, limit: int = MAX_COMPONENT_CHARS) -> str:
    suffix = f".{ext}" if ext else ""
    budget_chars = limit - len(suffix)
    stem = stem[:budget_chars]
    while len((stem + suffix).encode("utf-8")) > MAX_COMPONENT_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip(" .") or "_"
    return stem + suffix


def unique_name(name: str, taken: set[str]) -> str:
    """``name`` or ``name (2).ext``, ``name (3).ext``... so no two files in one folder collide (case-blind, as
    on Windows and macOS); records the result in ``taken``."""
    candidate = name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    counter = 2
    while candidate.casefold() in taken:
        candidate = _cap(f"{stem[: MAX_COMPONENT_CHARS - 20]} ({counter})", ext)
        counter += 1
    taken.add(candidate.casefold())
    return candidate
