"""Berita Acara Reviu per OPD: gathers, for a period and a time span, the last reviu decision on every item of
each OPD that has one, with the documents accepted and missing, the reviewers and the OPD's officials (name, NIP,
position from their accounts), issues each OPD's number, and returns the document content
(``reports.berita_acara``) ready for ``render_pdf`` / ``render_docx``. OPDs without a decision in the span get no
berita acara (an unsigned page of nothing is not a record).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from i18n import WIT, to_wit
from models.database import session_scope
from models.tables import Organisation, Period, Review, Submission, User, utcnow
from reports.berita_acara import BaItem, BaUnit, build_berita_acara
from reports.document import Document, Signer
from services import leaf_index
from services.actor import Actor
from services.document_numbers import issue_number, settings
from services.leaf_index import ParsedCatalog
from services.permissions import require
from services.report_data import resolve_scope
from vocabulary import Role


@dataclass(frozen=True)
class IssuedBeritaAcara:
    document: Document
    numbers: list[str]
    """One per OPD, in the document's order."""
    file_stem: str


def _bounds(since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
    start = datetime.combine(since, time.min, WIT) if since else None
    end = datetime.combine(until + timedelta(days=1), time.min, WIT) if until else None
    return start, end


def _signer(user: User) -> Signer:
    return Signer(user.full_name, user.nip or "", user.position or "")


def issue_berita_acara(
    actor: Actor,
    *,
    period_id: int,
    scope: str | int = "province",
    since: date | None = None,
    until: date | None = None,
    on: date | None = None,
) -> IssuedBeritaAcara:
    """A berita acara for each OPD in ``scope`` with reviu decisions between ``since`` and ``until`` (WIT days,
    both included; open ends: the whole period), dated ``on`` (today in WIT), each with a new number."""
    require(actor, "berita_acara")
    day = on or to_wit(utcnow()).date()
    with session_scope() as session:
        period, region, organisation_id = resolve_scope(session, actor, period_id, scope)
        catalog = leaf_index.catalog_of_period(session, period)
        decided = _decisions(session, period, organisation_id, since, until)
        scheme, place = settings(session, region)
        units: list[BaUnit] = []
        for organisation in _organisations(session, list(decided)):
            rows = decided[organisation.id or 0]
            items = _items(session, catalog, rows)
            reviewers = {user.id: user for _, _, user in rows}
            officials = session.exec(
                select(User)
                .where(
                    User.organisation_id == organisation.id,
                    User.role == Role.focal_point,
                    col(User.active).is_(True),
                )
                .order_by(col(User.full_name))
            ).all()
            first = min(to_wit(r.decided_at).date() for r, _, _ in rows if r.decided_at)
            last = max(to_wit(r.decided_at).date() for r, _, _ in rows if r.decided_at)
            number = issue_number(
                session,
                actor,
                scheme=scheme,
                on=day,
                opd=organisation.abbreviation,
                period_id=period.id,
                organisation_id=organisation.id,
            )
            units.append(
                BaUnit(
                    number=number,
                    organisation=organisation.name,
                    region=region.name,
                    catalog=catalog.doc.name,
                    period=period.name,
                    place=place,
                    on=day,
                    since=since or first,
                    until=until or last,
                    items=items,
                    reviewers=[_signer(u) for u in sorted(reviewers.values(), key=lambda u: u.full_name)],
                    officials=[_signer(u) for u in officials],
                )
            )
        title = f"Berita Acara Reviu · {period.name}"
        if len(units) == 1:
            title = f"Berita Acara Reviu {units[0].number} · {units[0].organisation}"
        return IssuedBeritaAcara(
            document=build_berita_acara(units, title=title),
            numbers=[u.number for u in units],
            file_stem=f"berita-acara-reviu-{period.id}-{day.isoformat()}",
        )


Row = tuple[Review, Submission, User]


def _decisions(
    session: Session, period: Period, organisation_id: int | None, since: date | None, until: date | None
) -> dict[int, list[Row]]:
    """OPD id → the last review in the span of each of its items, in catalog order later."""
    query = (
        select(Review, Submission, User)
        .join(Submission, col(Submission.id) == col(Review.submission_id))
        .join(User, col(User.id) == col(Review.reviewer_id))
        .where(Submission.period_id == period.id)
        .order_by(col(Review.id))
    )
    if organisation_id is not None:
        query = query.where(Submission.organisation_id == organisation_id)
    start, end = _bounds(since, until)
    if start is not None:
        query = query.where(col(Review.decided_at) >= start)
    if end is not None:
        query = query.where(col(Review.decided_at) < end)
    latest: dict[int, Row] = {}
    for review, submission, user in session.exec(query).all():
        latest[submission.id or 0] = (review, submission, user)
    by_opd: dict[int, list[Row]] = defaultdict(list)
    for row in latest.values():
        by_opd[row[1].organisation_id].append(row)
    return by_opd


def _organisations(session: Session, ids: list[int]) -> list[Organisation]:
    if not ids:
        return []
    rows = session.exec(select(Organisation).where(col(Organisation.id).in_(ids))).all()
    return sorted(rows, key=lambda o: o.name)


def _ticked(session: Session, review: Review) -> list[str] | None:
    """The documents ticked at this review, else at the latest earlier review of the item that ticked any."""
    if review.accepted_documents is not None:
        return list(review.accepted_documents)
    earlier = session.exec(
        select(Review.accepted_documents)
        .where(
            Review.submission_id == review.submission_id,
            col(Review.id) < (review.id or 0),
            col(Review.accepted_documents).is_not(None),
        )
        .order_by(col(Review.id).desc())
    ).all()
    # a JSON null (as seeded rows store "no ticks") passes IS NOT NULL in SQL: skipped here
    return next((list(ticks) for ticks in earlier if ticks is not None), None)


def _items(session: Session, catalog: ParsedCatalog, rows: list[Row]) -> list[BaItem]:
    items: list[tuple[int, BaItem]] = []
    for review, submission, user in rows:
        info = catalog.leaves.get(submission.code)
        if info is None or info.node.rule is None:
            continue
        rule = info.node.rule
        accepted = missing = None
        listed = rule.listed_documents()
        if listed:
            ticked = _ticked(session, review)
            if ticked is None and review.decision == "approve":
                ticked = sorted(rule.documents_for(review.verified_value))
            if ticked is not None:
                accepted = [f"{d.code} {d.name}" for d in listed if d.code in ticked]
                missing = [f"{d.code} {d.name}" for d in listed if d.code not in ticked]
        decided = review.decided_at or utcnow()
        items.append(
            (
                info.order,
                BaItem(
                    code=submission.code,
                    name=info.node.name,
                    area=info.area_name,
                    decision=review.decision,
                    self_value=submission.self_value,
                    reviewed_value=review.verified_value if review.decision == "approve" else None,
                    maximum=rule.maximum,
                    reason=review.reason,
                    reviewer=user.full_name,
                    decided_on=to_wit(decided).date(),
                    accepted=accepted,
                    missing=missing,
                ),
            )
        )
    return [item for _, item in sorted(items, key=lambda pair: pair[0])]


def berita_acara_files(
    actor: Actor, *, period_id: int, scope: str | int, since: date | None = None, until: date | None = None
) -> tuple[list[str], dict[str, tuple[str, bytes]]]:
    """Issue once, render twice: (numbers, {"pdf": (file name, bytes), "docx": (...)}) with the same numbers."""
    from reports.document_docx import render_docx
    from reports.document_pdf import render_pdf

    issued = issue_berita_acara(actor, period_id=period_id, scope=scope, since=since, until=until)
    files = {
        "pdf": (f"{issued.file_stem}.pdf", render_pdf(issued.document)),
        "docx": (f"{issued.file_stem}.docx", render_docx(issued.document)),
    }
    return issued.numbers, files
