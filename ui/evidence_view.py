"""Showing evidence: inline preview (images as they are, PDFs as pictures of their first pages) and a download button, for focal points and inspectors alike.

The bytes come from ``services.evidence.evidence_file`` (which checks the actor may see them); this module only
reads them to hand to the browser. The file name offered for download is the store's sanitised display name.
"""

from __future__ import annotations

import logging

import streamlit as st

from i18n import LenteraError, format_datetime, t
from services import evidence
from services.actor import Actor
from services.evidence import EvidenceInfo
from services.submission_views import LinkedEvidence
from ui.display import number, plain

log = logging.getLogger("lentera.ui")

IMAGE_TYPES = ("image/png", "image/jpeg")
PREVIEW_LIMIT_BYTES = 15 * 1024 * 1024


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{number(size / (1024 * 1024), 1)} MB"
    return f"{number(max(size, 1) / 1024, 0)} KB"


def evidence_caption(item: LinkedEvidence) -> str:
    who = item.uploaded_by or ""
    when = format_datetime(item.uploaded_at)
    return " · ".join(part for part in (size_label(int(item.size)), plain(who), when) if part)


def _read(actor: Actor, evidence_id: int) -> tuple[EvidenceInfo, bytes] | None:
    try:
        info, path = evidence.evidence_file(actor, evidence_id=evidence_id)
        return info, path.read_bytes()
    except LenteraError as err:
        st.error(err.message())
    except OSError as err:
        log.warning("evidence %s unreadable: %s", evidence_id, err)
        st.error(t("ui.evidence.unreadable"))
    return None


def show_evidence(actor: Actor, item: LinkedEvidence, *, preview: bool) -> None:
    """One evidence file: name, size, uploader, a download button and (when asked) an inline preview."""
    st.markdown(f"**{plain(item.display_name)}**")
    st.caption(evidence_caption(item))
    loaded = _read(actor, int(item.evidence_id))
    if loaded is None:
        return
    info, data = loaded
    if info.active_content:
        kinds = ", ".join(t(f"ui.evidence.active.{code}") for code in info.active_content)
        st.warning(t("ui.evidence.active_content", kinds=kinds), icon=":material/gpp_maybe:")
    st.download_button(
        t("ui.evidence.download"),
        data=data,
        file_name=item.display_name,
        mime=item.media_type,
        key=f"download_{item.evidence_id}_{item.link_id}",
        icon=":material/download:",
    )
    if not preview or len(data) > PREVIEW_LIMIT_BYTES:
        return
    if item.media_type in IMAGE_TYPES:
        st.image(data, caption=item.display_name)
    elif item.media_type == "application/pdf":
        _pdf(actor, item)


def _pdf(actor: Actor, item: LinkedEvidence) -> None:
    """The first pages drawn as images (``services.evidence.pdf_preview``): Chromium will not run its PDF viewer
    inside the sandboxed frame Streamlit gives ``st.iframe``, and a picture needs no plugin on a phone either."""
    try:
        pages = evidence.pdf_preview(actor, evidence_id=int(item.evidence_id))
    except LenteraError as err:
        st.error(err.message())
        return
    if not pages:
        st.caption(t("ui.evidence.no_preview"))
        return
    with st.container(key=f"pdf_preview_{item.evidence_id}_{item.link_id}"):
        for number_, page in enumerate(pages, start=1):
            st.image(page, caption=t("ui.evidence.preview_page", name=item.display_name, page=number_))
