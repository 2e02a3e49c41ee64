"""The answers of a demo period: self values, submissions, reviews, their audit history and the evidence PDFs.

``seed_data.demo`` creates the accounts, OPDs and periods through ``services``; this module then writes each
period's workflow history directly (the previous period is already past its deadline, so replaying it through
``submit``/``approve`` would be refused, and the demo must stay fast). Every row written has the shape the
services write, and keeps their rules: an item with cumulative levels (Pemdi 2026) is submitted only with a file
tagged for every level up to its claim, and its reviu ticks the evidence of every level up to the approved one.
"""

from __future__ import annotations

import io
import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from indicators import Catalog, Node
from indicators.rules import LevelsRule
from models.tables import (
    Assignment,
    AuditEvent,
    Decision,
    Evidence,
    Organisation,
    Period,
    Review,
    Role,
    Submission,
    SubmissionStatus,
    User,
)
from seed_data.evidence_pdfs import DOCUMENT_KINDS, PDF_MEDIA_TYPE, evidence_pdf
from storage import safe_display_name
from storage.files import sha256_bytes

EXPIRED_REASON = "SK sudah kedaluwarsa; unggah SK yang berlaku untuk tahun berjalan."
RETURN_REASONS = [
    "Dokumen belum ditandatangani pejabat yang berwenang.",
    EXPIRED_REASON,
    "Tangkapan layar tidak menampilkan tanggal dan alamat aplikasi.",
    "Dokumen yang diunggah tidak sesuai dengan indikator yang dinilai.",
    "Lampiran laporan tidak lengkap: halaman pengesahan tidak ada.",
    "Masih berupa draf; belum ada bukti penetapan atau pengesahan.",
    "Hasil pindaian buram dan tidak terbaca; mohon unggah ulang.",
]

# Lead OPDs work harder on the items they lead.
_DILIGENT = {"BPKAD": 0.9, "Bappeda": 0.85, "Inspektorat": 0.85, "Diskominfosan": 0.8, "Bapenda": 0.75}


# -- values --------------------------------------------------------------------------------------------------


def _choices(node: Node) -> list[float]:
    """Values an OPD can record for a leaf, ascending (document sums for a documents rule)."""
    rule = node.rule
    assert rule is not None
    allowed = rule.scoring_steps() or rule.allowed_values()  # a documents rule: the sums its subsets reach
    if allowed:
        return sorted(float(v) for v in allowed)
    return [0.0, rule.maximum / 2, rule.maximum]


def _claim(rng: random.Random, choices: list[float], diligence: float) -> float:
    """A self value, skewed to the top: OPDs claim generously."""
    top = choices[1:] or choices
    weights = [(i + 1) ** (1 + 3 * diligence) for i in range(len(top))]
    return rng.choices(top, weights=weights)[0]


def _verified(rng: random.Random, choices: list[float], claimed: float) -> float:
    """Usually what was claimed, sometimes a step lower, now and then far lower (an over-claim)."""
    below = [c for c in choices if c < claimed]
    roll = rng.random()
    if below and roll < 0.12:
        return below[0] if len(below) < 3 else rng.choice(below[: len(below) // 2 + 1])
    if below and roll < 0.32:
        return below[-1]
    return claimed


def _area_code(nodes: dict[str, Node], node: Node) -> str:
    while node.parent_code is not None:
        node = nodes[node.parent_code]
    return node.code


@dataclass
class Uploads:
    """Evidence made while filling periods: files to write and links to add once the rows have ids."""

    files: list[tuple[bytes, str, str]] = field(default_factory=list)  # content, file name, sha256
    # evidence, submission id, linked at, linked by, document tag ("L2" on a cumulative level's evidence)
    links: list[tuple[Evidence, int, datetime, int | None, str | None]] = field(default_factory=list)


@dataclass
class Fill:
    """How a period's items are filled in."""

    submitted_share: float  # items submitted at least once
    verified_share: float  # of the submitted: verified
    returned_share: float  # of the submitted: returned
    draft_share: float  # of the rest: drafts
    evidence: bool


def fill_period(
    session: Session,
    rng: random.Random,
    *,
    period_id: int,
    catalog: Catalog,
    fill: Fill,
    region_diligence: float,
    users: dict[str, User],
    now: datetime,
    store: Any,
    pending: Uploads,
) -> tuple[int, int, int]:
    """Give a period's submissions their workflow history. Returns (items, submitted, evidence files)."""
    period = session.get(Period, period_id)
    assert period is not None and period.opens_at is not None
    opens = period.opens_at if period.opens_at.tzinfo else period.opens_at.replace(tzinfo=UTC)
    until = min(now, opens + timedelta(days=120))
    organisations = {
        o.id: o
        for o in session.exec(select(Organisation).where(Organisation.region_id == period.region_id)).all()
    }
    assigned = set(
        session.exec(
            select(Assignment.organisation_id, Assignment.code).where(Assignment.period_id == period_id)
        ).all()
    )
    rows = session.exec(
        select(Submission).where(Submission.period_id == period_id).order_by(col(Submission.id))
    ).all()
    rows = [r for r in rows if (r.organisation_id, r.code) in assigned]
    focal = {u.organisation_id: u for u in users.values() if u.role == Role.focal_point}
    inspector, admin = users["inspektur"], users["admin"]
    submitted = evidence_files = 0
    uploaded: dict[tuple[int, str], Evidence] = {}
    nodes = {node.code: node for node in catalog.walk()}
    opd_diligence: dict[int, float] = {}
    for row in rows:
        organisation = organisations[row.organisation_id]
        diligence = opd_diligence.setdefault(
            row.organisation_id,
            min(0.98, max(0.05, rng.gauss(_DILIGENT.get(organisation.abbreviation, 0.55), 0.12))),
        )
        node = nodes[row.code]
        choices = _choices(node)
        chance = fill.submitted_share * (0.45 + diligence) * region_diligence / 0.9
        author = focal.get(row.organisation_id, admin)
        moment = opens + (until - opens) * rng.uniform(0.2, 0.95)
        if rng.random() < chance:
            submitted += 1
            row.self_value = _claim(rng, choices, diligence)
            row.submitted_at, row.submitted_by_id = moment, author.id
            row.note = rng.choice(
                [None, None, "Bukti dukung terlampir.", "Sudah ditetapkan; mohon diverifikasi."]
            )
            roll = rng.random()
            decided = moment + (until - moment) * rng.uniform(0.1, 0.9)
            if roll < fill.verified_share:
                value = _verified(rng, choices, row.self_value)
                row.status, row.verified_value, row.version = SubmissionStatus.verified, value, 3
                reason = None if value >= row.self_value else "Sebagian dokumen belum memenuhi ketentuan."
                decision = Decision.approve
            elif roll < fill.verified_share + fill.returned_share:
                row.status, row.version = SubmissionStatus.returned, 3
                reason, decision, value = rng.choice(RETURN_REASONS), Decision.return_, None
            else:
                row.status, row.version = SubmissionStatus.submitted, 2
                reason, decision, value = None, None, None
            hashes: list[str] = []
            if fill.evidence and store is not None:
                area = nodes[_area_code(nodes, node)]
                expired = reason == EXPIRED_REASON
                before = len(uploaded)
                if _cumulative(node):
                    hashes = _attach_level_evidence(
                        session, rng, store, row, node, row.self_value, organisation, author, moment, uploaded,
                        pending,
                    )  # fmt: skip
                else:
                    hashes = _attach_evidence(
                        session,
                        rng,
                        store,
                        row,
                        area,
                        organisation,
                        author,
                        moment,
                        uploaded,
                        pending,
                        expired,
                    )
                evidence_files += len(uploaded) - before
            _history(session, row, author, moment, "submission.submit", {"status": "submitted"})
            if decision is not None:
                _history(
                    session, row, inspector, decided, f"review.{decision.value}",
                    {"status": row.status, "verified_value": value, "reason": reason},
                )  # fmt: skip
                session.add(
                    Review(
                        submission_id=row.id or 0,
                        reviewer_id=inspector.id or 0,
                        decision=decision,
                        verified_value=value,
                        reason=reason,
                        evidence_hashes=hashes,
                        decided_at=decided,
                        accepted_documents=_level_ticks(node, value),
                    )
                )
                row.updated_at = decided
            else:
                row.updated_at = moment
        elif rng.random() < fill.draft_share:
            row.status, row.version, row.updated_at = SubmissionStatus.draft, 2, moment
            row.self_value = _claim(rng, choices, diligence * 0.7)
            if fill.evidence and store is not None and rng.random() < 0.5:  # uploaded, not yet submitted
                before = len(uploaded)
                area = nodes[_area_code(nodes, node)]
                if _cumulative(node):  # some of the levels' evidence is there, not necessarily all of it
                    _attach_level_evidence(
                        session, rng, store, row, node, rng.randint(1, int(row.self_value)), organisation,
                        author, moment, uploaded, pending,
                    )  # fmt: skip
                else:
                    _attach_evidence(
                        session, rng, store, row, area, organisation, author, moment, uploaded, pending, False
                    )
                evidence_files += len(uploaded) - before
        session.add(row)
    return len(rows), submitted, evidence_files


def _history(
    session: Session, row: Submission, user: User, at: datetime, action: str, after: dict[str, Any]
) -> None:
    """The audit event the workflow service would have written, at the time it happened."""
    session.add(
        AuditEvent(
            at=at, actor_id=user.id, actor_username=user.username, action=action, entity="submission",
            entity_id=str(row.id), after={**after, "self_value": row.self_value},
        )
    )  # fmt: skip


def _attach_evidence(
    session: Session,
    rng: random.Random,
    store: Any,
    row: Submission,
    area: Node,
    organisation: Organisation,
    author: User,
    moment: datetime,
    uploaded: dict[tuple[int, str], Evidence],
    pending: Uploads,
    expired: bool,
) -> list[str]:
    """Link the OPD's document for the item's area, uploading it the first time (one file serves many items).

    An item returned for an expired decree gets its own, three-year-old SK.
    """
    key = (organisation.id or 0, area.code if not expired else f"{area.code}:{row.code}")
    evidence = uploaded.get(key)
    if evidence is None:
        kind = rng.choice(DOCUMENT_KINDS)
        issued = (moment - timedelta(days=rng.randint(5, 200))).date()
        if expired:
            issued = issued.replace(year=issued.year - 3, day=min(issued.day, 28))
        number = f"{rng.randint(10, 899)}/{organisation.abbreviation.upper().replace(' ', '')}/{issued.year}"
        content = evidence_pdf(
            title=kind, number=number, organisation=organisation.name, subject=area.name, issued=issued
        )
        filename = f"{kind} {area.name} {organisation.abbreviation} {issued.year}.pdf"
        digest = sha256_bytes(content)
        pending.files.append((content, filename, digest))
        evidence = Evidence(
            sha256=digest,
            size=len(content),
            media_type=PDF_MEDIA_TYPE,
            display_name=safe_display_name(filename),
            storage_key=store.key_for(digest),
            organisation_id=organisation.id,
            uploaded_at=moment,
            uploaded_by_id=author.id,
            document_date=issued,
        )
        session.add(evidence)
        uploaded[key] = evidence
    pending.links.append((evidence, row.id or 0, moment, author.id, None))
    return [evidence.sha256]


def _cumulative(node: Node) -> bool:
    return isinstance(node.rule, LevelsRule) and node.rule.cumulative


def _level_ticks(node: Node, value: float | None) -> list[str] | None:
    """The evidence a reviu of a cumulative item ticked: every level's up to the approved level; None otherwise
    (as the seeded reviews of other items, whose value stands for their documents)."""
    if not _cumulative(node) or value is None:
        return None
    assert node.rule is not None
    ticked = node.rule.documents_for(value)
    return [d.code for d in node.rule.listed_documents() if d.code in ticked]


def _attach_level_evidence(
    session: Session,
    rng: random.Random,
    store: Any,
    row: Submission,
    node: Node,
    up_to: float,
    organisation: Organisation,
    author: User,
    moment: datetime,
    uploaded: dict[tuple[int, str], Evidence],
    pending: Uploads,
) -> list[str]:
    """One file per evidence of each level up to ``up_to`` of a cumulative item, tagged with it (as the focal
    point does before submitting that level)."""
    assert isinstance(node.rule, LevelsRule)
    hashes = []
    for document in node.rule.listed_documents():
        if document.level > up_to:
            continue
        key = (organisation.id or 0, f"{row.code}:{document.code}")
        evidence = uploaded.get(key)
        if evidence is None:
            issued = (moment - timedelta(days=rng.randint(5, 200))).date()
            number = (
                f"{rng.randint(10, 899)}/{organisation.abbreviation.upper().replace(' ', '')}/{issued.year}"
            )
            content = evidence_pdf(
                title=document.name, number=number, organisation=organisation.name, subject=node.name,
                issued=issued,
            )  # fmt: skip
            filename = (
                f"Bukti level {document.level} {node.code} {organisation.abbreviation} {issued.year}.pdf"
            )
            digest = sha256_bytes(content)
            pending.files.append((content, filename, digest))
            evidence = Evidence(
                sha256=digest, size=len(content), media_type=PDF_MEDIA_TYPE,
                display_name=safe_display_name(filename), storage_key=store.key_for(digest),
                organisation_id=organisation.id, uploaded_at=moment, uploaded_by_id=author.id,
                document_date=issued,
            )  # fmt: skip
            session.add(evidence)
            uploaded[key] = evidence
        pending.links.append((evidence, row.id or 0, moment, author.id, document.code))
        hashes.append(evidence.sha256)
    return sorted(set(hashes))


def store_files(store: Any, pending: list[tuple[bytes, str, str]]) -> None:
    """Write the PDFs through the evidence store, several at once (each write waits on fsync)."""

    def save(item: tuple[bytes, str, str]) -> None:
        content, filename, digest = item
        stored = store.save(io.BytesIO(content), filename)
        if stored.sha256 != digest or stored.media_type != PDF_MEDIA_TYPE:
            raise RuntimeError(f"evidence store disagrees about {filename}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(save, pending))
