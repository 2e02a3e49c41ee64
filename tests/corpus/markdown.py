"""Hostile user text (issue 12, Markdown injection): what a note, a return reason, a full name or a file name may
hold. Each entry must reach the screen literally: no image loaded, no link, no colour, no formula, no emoji.
"""

from __future__ import annotations

HOSTILE: list[str] = [
    "![pelacak](http://203.0.113.7/t.png?korban=opd)",
    "[Verifikasi ulang akun Anda](http://203.0.113.7/login)",
    "<https://203.0.113.7/login>",
    ":red[**Akun diblokir**] hubungi 0812-0000-0000",
    ":rainbow-background[penting] :blue[biru]",
    "$\\frac{1}{0}$ dan $$x^2$$",
    ":smile: :warning: :material/lock:",
    "<img src=x onerror=alert(1)> <b>tebal</b>",
    "# Judul palsu\n- butir\n> kutipan",
    "**tebal** _miring_ ~~coret~~ `kode` | a | b |",
    "Alasan: \\*bukan* bintang\\",
]
