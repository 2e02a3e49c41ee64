"""Rekapitulasi Hasil Reviu for a pemda: the report data of the scope (``services.report_data``), the document
progress per OPD (``services.document_progress``) and the outdated items (``services.freshness``), put into one
document (``reports.rekap``) for ``render_pdf`` / ``render_docx``. A read: no number is issued; the Inspektur
signs the printed copy.

The signature block names the region's Inspektur: the active inspector account of the pemda whose position
(jabatan, set on the users page) is "Inspektur" or "Inspektur <pemda>" (not an Inspektur Pembantu); without one,
a blank line to sign on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from i18n import LenteraError, register, to_wit
from models.database import session_scope
from models.tables import Region, User, utcnow
from reports.document import Document, Signer
from reports.rekap import RekapInput, build_rekap
from services import freshness
from services.action_views import list_actions
from services.actor import Actor
from services.document_numbers import settings
from services.document_progress import progress_frame
from services.permissions import require
from services.report_data import OPD_PREFIX, report_data, resolve_scope
from vocabulary import Role

register(
    {
        "rekap.pemda_only": {
            "id": "Rekapitulasi dibuat untuk satu pemda (cakupan provinsi atau kode wilayah), bukan untuk satu OPD.",
            "en": "The rekapitulasi is made for a pemda (province scope or a region code), not for one OPD.",
        },
    }
)


@dataclass(frozen=True)
class Rekap:
    document: Document
    file_stem: str


def _inspektur(session: Session, region: Region) -> Signer | None:
    users = session.exec(
        select(User)
        .where(User.region_id == region.id, User.role == Role.inspector, col(User.active).is_(True))
        .order_by(col(User.id))
    ).all()
    for user in users:
        position = " ".join((user.position or "").split()).casefold()
        if position == "inspektur" or (
            position.startswith("inspektur ") and not position.startswith("inspektur pembantu")
        ):
            return Signer(user.full_name, user.nip or "", user.position or "")
    return None


def rekap_document(
    actor: Actor, *, period_id: int, scope: str | int = "province", on: date | None = None
) -> Rekap:
    """The rekapitulasi of the pemda ``scope`` names (an OPD scope is refused), dated ``on`` (today in WIT)."""
    require(actor, "rekap")
    day = on or to_wit(utcnow()).date()
    with session_scope(write=False) as session:
        period, region, organisation_id = resolve_scope(session, actor, period_id, scope)
        if organisation_id is not None:
            raise LenteraError("rekap.pemda_only")
    data = report_data(actor, period_id=period_id, scope=scope)
    opds = set(data.entities.loc[data.entities["kind"] == "opd", "entity"].astype(str))
    with session_scope(write=False) as session:
        progress = progress_frame(session, period)
        progress = progress.assign(entity=OPD_PREFIX + progress["organisation_id"].astype(str))
        progress = progress[progress["entity"].isin(opds)]
        _, place = settings(session, region)
        signer = _inspektur(session, region)
    stale = freshness.stale_items(actor, period_id=period_id)
    counts = stale["organisation_id"].astype(int).value_counts()
    outdated = {f"{OPD_PREFIX}{opd}": int(count) for opd, count in zip(counts.index, counts, strict=True)}
    actions = list_actions(actor, region_id=region.id)
    actions = actions[actions["period_id"].isna() | (actions["period_id"] == period.id)]
    actions = actions[actions["organisation_id"].map(lambda opd: f"{OPD_PREFIX}{opd}" in opds)]
    document = build_rekap(
        RekapInput(
            data=data,
            progress=progress,
            outdated=outdated,
            signer=signer,
            on=day,
            place=place,
            actions=actions,
        )
    )
    return Rekap(document=document, file_stem=f"rekapitulasi-reviu-{period.id}-{day.isoformat()}")


def rekap_files(
    actor: Actor, *, period_id: int, scope: str | int = "province"
) -> dict[str, tuple[str, bytes]]:
    """Built once, rendered twice: {"pdf": (file name, bytes), "docx": (...)} with the same content."""
    from reports.document_docx import render_docx
    from reports.document_pdf import render_pdf

    rekap = rekap_document(actor, period_id=period_id, scope=scope)
    return {
        "pdf": (f"{rekap.file_stem}.pdf", render_pdf(rekap.document)),
        "docx": (f"{rekap.file_stem}.docx", render_docx(rekap.document)),
    }
