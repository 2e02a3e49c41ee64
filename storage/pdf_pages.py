"""Pages of a PDF drawn as PNG images, for the reviewer's inline preview.

Chromium does not run its PDF viewer inside the sandboxed frame Streamlit draws ``st.iframe`` in, so the preview
is a picture of the first pages, rendered by poppler's ``pdftoppm`` (poppler-utils; ``.ci/run`` installs it).
The file is untrusted: the renderer runs in a fresh temporary folder with a time limit, and a PDF it cannot draw
gives no pages rather than an error. Results are cached by the file's path, which in the evidence store names
its content.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

log = logging.getLogger("lentera.storage")

PDFTOPPM_TIMEOUT_S = 30


def renderer_available() -> bool:
    return shutil.which("pdftoppm") is not None


@lru_cache(maxsize=64)
def pdf_page_images(path: Path, *, pages: int = 2, width_px: int = 900) -> tuple[bytes, ...]:
    """The first ``pages`` pages of the PDF at ``path`` as PNG bytes, each ``width_px`` wide; () when not drawable."""
    program = shutil.which("pdftoppm")
    if program is None or pages < 1:
        return ()
    with tempfile.TemporaryDirectory(prefix="lentera-pdf-") as folder:
        prefix = Path(folder) / "page"
        command = [program, "-png", "-f", "1", "-l", str(pages), "-scale-to-x", str(width_px)]
        command += ["-scale-to-y", "-1", str(path), str(prefix)]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=PDFTOPPM_TIMEOUT_S)
        except (subprocess.SubprocessError, OSError) as err:
            log.info("pdftoppm could not draw %s: %s", path.name, err)
            return ()
        return tuple(image.read_bytes() for image in sorted(Path(folder).glob("page*.png")))
