"""Document numbers and the settings of the signed documents, per region: the numbering scheme an admin sets
(``700/{seq}/BA-REVIU/{year}``) and the place a berita acara is made.

A number is issued inside the caller's transaction and kept in ``issued_number`` for good: a file thrown away
still used its number, and the next berita acara gets the next one. Two exports racing for the same sequence
both insert; the unique constraints refuse one, which retries with the next sequence.
"""

from __future__ import annotations

import string
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from i18n import LenteraError, register
from models.database import session_scope
from models.document_tables import DocumentSetting, IssuedNumber
from models.tables import Region, utcnow
from services.actor import Actor
from services.audit import record
from services.permissions import OPERATOR_ID, require, require_region

register(
    {
        "documents.bad_scheme": {
            "id": "Pola nomor harus memuat {{seq}} dan hanya boleh memakai {{seq}}, {{year}}, {{month}}, "
            "{{opd}}: {scheme}",
            "en": "A numbering scheme must contain {{seq}} and may only use {{seq}}, {{year}}, {{month}}, "
            "{{opd}}: {scheme}",
        },
        "documents.bad_place": {
            "id": "Tempat penandatanganan harus diisi (paling banyak 100 karakter).",
            "en": "The place of signing is required (at most 100 characters).",
        },
    }
)

BA_KIND = "ba_reviu"
DEFAULT_SCHEME = "700/{seq}/BA-REVIU/{year}"
FIELDS = {"seq", "year", "month", "opd"}
SCHEME_KEY = "ba_number_scheme"
PLACE_KEY = "ba_place"
_RETRIES = 20


def check_scheme(scheme: str) -> str:
    """The scheme, stripped, if it names ``{seq}`` and only known fields; a translated refusal otherwise."""
    scheme = (scheme or "").strip()
    try:
        names = {name for _, name, spec, conv in string.Formatter().parse(scheme) if name is not None}
    except ValueError:
        raise LenteraError("documents.bad_scheme", scheme=scheme) from None
    if "seq" not in names or not names <= FIELDS or len(scheme) > 80:
        raise LenteraError("documents.bad_scheme", scheme=scheme)
    return scheme


def _setting(session: Session, region_id: int, key: str) -> str | None:
    row = session.exec(
        select(DocumentSetting).where(DocumentSetting.region_id == region_id, DocumentSetting.key == key)
    ).first()
    return row.value if row else None


def settings(session: Session, region: Region) -> tuple[str, str]:
    """(numbering scheme, place) of a region's berita acara; the default scheme and the capital when unset."""
    scheme = _setting(session, region.id or 0, SCHEME_KEY) or DEFAULT_SCHEME
    place = _setting(session, region.id or 0, PLACE_KEY) or region.capital or region.name
    return scheme, place


def document_settings(actor: Actor, *, region_id: int) -> dict[str, str]:
    """The scheme and place a region's berita acara use now (for the admin's form)."""
    require(actor, "document_settings")
    with session_scope() as session:
        require_region(session, actor, region_id)
        region = session.get(Region, region_id)
        if region is None:
            raise LenteraError("perm.not_found")
        scheme, place = settings(session, region)
        return {"scheme": scheme, "place": place}


def set_document_settings(actor: Actor, *, region_id: int, scheme: str, place: str) -> None:
    """Set a region's numbering scheme and place; numbers already issued stay as they are."""
    require(actor, "document_settings")
    scheme = check_scheme(scheme)
    place = (place or "").strip()
    if not place or len(place) > 100:
        raise LenteraError("documents.bad_place")
    with session_scope() as session:
        require_region(session, actor, region_id)
        for key, value in ((SCHEME_KEY, scheme), (PLACE_KEY, place)):
            row = session.exec(
                select(DocumentSetting).where(
                    DocumentSetting.region_id == region_id, DocumentSetting.key == key
                )
            ).first()
            before = row.value if row else None
            if row is None:
                row = DocumentSetting(region_id=region_id, key=key, value=value)
            row.value, row.updated_at, row.updated_by_id = value, utcnow(), actor.id
            session.add(row)
            record(
                session,
                actor=actor,
                action="documents.setting",
                entity="region",
                entity_id=region_id,
                before={key: before},
                after={key: value},
            )


def issue_number(
    session: Session,
    actor: Actor,
    *,
    scheme: str,
    on: date,
    opd: str,
    period_id: int | None,
    organisation_id: int | None,
    kind: str = BA_KIND,
) -> str:
    """The next number of ``kind`` in ``on``'s year, written by ``scheme``, recorded as issued."""
    person = None if actor.id == OPERATOR_ID else actor  # the CLI operator has no user row
    for _ in range(_RETRIES):
        seq = (
            session.exec(
                select(func.max(IssuedNumber.seq)).where(
                    IssuedNumber.kind == kind, IssuedNumber.year == on.year
                )
            ).one()
            or 0
        ) + 1
        while True:
            number = scheme.format(seq=seq, year=on.year, month=on.month, opd=opd)
            taken = session.exec(select(col(IssuedNumber.id)).where(IssuedNumber.number == number)).first()
            if taken is None:
                break
            seq += 1
        try:
            with session.begin_nested():
                session.add(
                    IssuedNumber(
                        kind=kind,
                        year=on.year,
                        seq=seq,
                        number=number,
                        period_id=period_id,
                        organisation_id=organisation_id,
                        issued_at=utcnow(),
                        issued_by_id=person.id if person else None,
                    )
                )
        except IntegrityError:
            continue  # someone else took this sequence meanwhile: take the next
        record(
            session, actor=person, action="documents.number_issued", entity="issued_number", entity_id=number
        )
        return number
    raise LenteraError("perm.not_found")  # pragma: no cover - twenty lost races in a row
