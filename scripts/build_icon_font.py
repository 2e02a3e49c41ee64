"""Build ui/icons/: Streamlit's Material Symbols font cut to the icons Lentera and Streamlit draw (issue 16).

Streamlit ships Material Symbols Rounded whole (375 KB, about 4,300 icons) and every page that draws a
``:material/...:`` icon loads it: on a 1.5 Mbps island connection that alone is 2 s of the first visit. The
icons are drawn by ligature (the text ``search`` in that font becomes the magnifier), so the cut keeps the
letters, digits and underscore, and the ligatures and outlines of the icons in use only:

- every ``:material/...:`` icon in Lentera's own drawing code (``app.py`` and ``ui/``);
- every quoted word in Streamlit's frontend bundles that is an icon's name. That is more than Streamlit
  draws (``"search"`` or ``"close"`` may be an ordinary string there), but it cannot miss an icon the
  frontend names, which is what matters: a missing icon would show as a blank gap.

``ui/icon_font.py`` serves the cut in place of the original, and only while the installed font is the one it
was cut from (the hash in the JSON beside it): after a Streamlit upgrade the original is served until this
script is run again, and ``tests/test_icon_font.py`` fails until then.

Run after adding an icon or upgrading Streamlit: ``.venv/bin/python scripts/build_icon_font.py``.
Material Symbols is Google's, under the Apache License 2.0 (as Lentera is).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ui.icon_font import FONT_GLOB, OUTPUT, RECORD, source_font  # noqa: E402

LENTERA_SOURCES = ("app.py", "ui/**/*.py")
LENTERA_ICON = re.compile(r":material/([a-z0-9_]+):")
QUOTED_WORD = re.compile(r"""["'`:/]([a-z0-9_]+)["'`:]""")


def ligatures(font: TTFont) -> dict[str, str]:
    """Every text the font turns into an icon -> the icon's glyph (several texts may share one glyph)."""
    characters = {glyph: chr(code) for code, glyph in font.getBestCmap().items() if code < 128}
    texts: dict[str, str] = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = table.ExtSubTable if lookup.LookupType == 7 else table
            for first, entries in getattr(table, "ligatures", {}).items():
                for entry in entries:
                    glyphs = [first, *entry.Component]
                    if all(glyph in characters for glyph in glyphs):
                        texts["".join(characters[glyph] for glyph in glyphs)] = entry.LigGlyph
    return texts


def lentera_icons(root: Path = ROOT) -> set[str]:
    """The names of every ``:material/...:`` icon in Lentera's drawing code."""
    names: set[str] = set()
    for pattern in LENTERA_SOURCES:
        for path in sorted(root.glob(pattern)):
            names.update(LENTERA_ICON.findall(path.read_text(encoding="utf-8")))
    return names


def streamlit_words(static: Path) -> set[str]:
    """Every quoted lower-case word in Streamlit's frontend bundles (a superset of the icons it names)."""
    words: set[str] = set()
    for path in sorted(static.rglob("*.js")):
        words.update(QUOTED_WORD.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return words


def icons_in_use(texts: dict[str, str], static: Path) -> set[str]:
    """The icon names the cut must keep (a name no icon has, such as ``:material/name:`` in a docstring, is no
    icon to keep: Streamlit refuses to draw it)."""
    return (lentera_icons() | streamlit_words(static)) & texts.keys()


def build(source: Path, static: Path) -> tuple[bytes, list[str]]:
    """The cut font as WOFF2, and the names of the icons it keeps."""
    font = TTFont(source, recalcTimestamp=False)
    texts = ligatures(font)
    keep = icons_in_use(texts, static)
    options = subset.Options()
    options.layout_closure = False  # else every ligature whose letters are kept would stay, i.e. all of them
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(
        glyphs=sorted({texts[name] for name in keep}), text="".join(sorted(set("".join(keep))))
    )
    subsetter.subset(font)
    output = io.BytesIO()
    font.flavor = "woff2"
    font.save(output)
    return output.getvalue(), sorted(keep)


def main() -> None:
    source = source_font()
    if source is None:
        raise SystemExit(f"no {FONT_GLOB} in Streamlit's static folder")
    static = source.parent.parent.parent
    data, icons = build(source, static)
    record = {
        "source": source.name,
        "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "source_bytes": source.stat().st_size,
        "icons": icons,
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(data)
    RECORD.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(
        f"{OUTPUT.relative_to(ROOT)}: {len(data):,} bytes (from {source.stat().st_size:,}), {len(icons)} icons"
    )


if __name__ == "__main__":
    main()
