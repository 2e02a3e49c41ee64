"""Hostile workbooks, built in memory: what an upload to the offline sheet or the catalog Excel import may be.

Each is a few kilobytes. Read naively (openpyxl without ``read_only``, iterating every declared column) the
``xfd9999`` file alone took 375 s and 18.8 GiB; ``storage.workbook`` must refuse each one quickly, in bounded
memory, with a translated message. ``lying_dimension`` is not refused (its content lies beyond what any reader
looks at) but must cost no more than an honest file.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl

SHEET_PART = "xl/worksheets/sheet1.xml"


@dataclass(frozen=True)
class HostileWorkbook:
    name: str
    content: bytes
    reason: str | None  # the ``workbook.<reason>`` refusal expected; None: read, but cheaply


def base_workbook(
    sheet: str,
    *,
    header: tuple[str, ...] = ("a", "b"),
    far_cell: str | None = None,
    others: tuple[str, ...] = (),
) -> bytes:
    """A workbook whose first sheet (``sheet1.xml``) is ``sheet`` with a header row and optionally one value at
    ``far_cell``; ``others`` are further sheets with one row each, so a reader gets as far as ``sheet``."""
    book = openpyxl.Workbook()
    active = book.active
    assert active is not None
    active.title = sheet
    active.append(list(header))
    if far_cell:
        active[far_cell] = "x"
    for name in others:
        book.create_sheet(name).append(["period_id", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite(content: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The same archive with one part's bytes changed."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, change(data) if info.filename == part else data)
    return out.getvalue()


def with_dimension(content: bytes, ref: str) -> bytes:
    return rewrite(
        content,
        SHEET_PART,
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml),
    )


def with_zeros(content: bytes, megabytes: int) -> bytes:
    """An extra part of ``megabytes`` MB of zeros (deflates about 1000:1)."""
    out = io.BytesIO(content)
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("xl/media/image1.bin", "w") as handle,
    ):
        for _ in range(megabytes):
            handle.write(bytes(1024 * 1024))
    return out.getvalue()


def declared_huge(content: bytes) -> bytes:
    """The central directory claims every part inflates to ~4 GB (nothing does)."""
    data = bytearray(content)
    start = 0
    while (found := data.find(b"PK\x01\x02", start)) != -1:
        struct.pack_into("<I", data, found + 24, 0xFFFF_FFF0)
        start = found + 4
    return bytes(data)


ENTITIES = b"".join(
    f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode() for n in range(1, 10)
)
DOCTYPE = b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol "lol">' + ENTITIES + b"]>"


def hostile_workbooks(
    sheet: str, *, header: tuple[str, ...] = ("a", "b"), others: tuple[str, ...] = ()
) -> list[HostileWorkbook]:
    """The corpus for a reader of the sheet named ``sheet`` (``Isian``, ``Node``, ...) that also expects the
    sheets ``others``; with the reader's own ``header`` a naive reader goes on to iterate the rows."""

    def base(far_cell: str | None = None) -> bytes:
        return base_workbook(sheet, header=header, far_cell=far_cell, others=others)

    plain = base()
    far = base("XFD9999")
    return [
        HostileWorkbook("xfd9999.xlsx", far, "sheet_too_big"),
        HostileWorkbook("huge-dimension.xlsx", with_dimension(plain, "A1:XFD1048576"), "sheet_too_big"),
        HostileWorkbook("lying-dimension.xlsx", with_dimension(base("XFD1048576"), "A1:B1"), None),
        HostileWorkbook(
            "malformed-xml.xlsx",
            rewrite(
                plain,
                SHEET_PART,
                lambda xml: xml.replace(b"</sheetData>", b"<row r='2'><c r='A2'><v>1</sheetData>"),
            ),
            "malformed",
        ),
        HostileWorkbook("billion-laughs.xlsx", _laughs(plain), "malformed"),
        HostileWorkbook("zip-bomb.xlsx", with_zeros(plain, 100), "too_large"),
        HostileWorkbook("declared-huge.xlsx", declared_huge(plain), "too_large"),
        HostileWorkbook("not-a-zip.xlsx", b"PK\x03\x04" + bytes(200), "not_a_workbook"),
    ]


def _laughs(plain: bytes) -> bytes:
    """A cell whose text expands, entity by entity, to a billion "lol"s (an XML bomb)."""
    return rewrite(
        plain, SHEET_PART, lambda xml: DOCTYPE + re.sub(rb"<t>[^<]*</t>", b"<t>&lol9;</t>", xml, count=1)
    )
