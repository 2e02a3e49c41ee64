"""A realistic demo of Pemerintah Provinsi Maluku Utara, generated in a few seconds and the same every time.

What it builds (on top of the reference data and the shipped catalogs):
- one demo account per role, focal points for Diskominfosan, BPKAD, DPMPTSP and Dinkes; passwords are derived
  from the seed and printed: this is demo data, never a production setup;
- for the province: last year's MCP period (closed, mostly verified), this year's MCP period (deadline a few
  weeks ahead, WIT) with about 60% of items submitted, some verified (a few over-claimed), some returned with an
  inspector's reason, some still drafts; and an SPBE period;
- Kota Ternate, Kabupaten Halmahera Selatan and Kabupaten Pulau Taliabu, each with a handful of OPDs and the
  same two MCP periods, so the province view ranks pemda and shows their rank change;
- small real PDF files ("Surat Keputusan ...") stored through the evidence store and attached to the items.

Accounts and periods (with their assignments) go through ``services``. The workflow history is then written
directly: the previous period is already past its deadline, so replaying it through ``submit``/``approve``
would be refused, and the demo must stay fast. Every row written has the shape the services write.
"""

from __future__ import annotations

import hashlib
import io
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import combinations
from typing import Any

from sqlmodel import Session, col, select

from i18n import WIT
from indicators import Catalog, Node
from models import session_scope
from models.tables import (
    Assignment,
    AuditEvent,
    Decision,
    Evidence,
    EvidenceLink,
    Organisation,
    Period,
    PeriodState,
    Region,
    Review,
    Role,
    Submission,
    SubmissionStatus,
    User,
)
from seed_data.accounts import DEMO_SEED, DEMO_USERS, DemoLogin, demo_logins
from seed_data.evidence_pdfs import DOCUMENT_KINDS, PDF_MEDIA_TYPE, evidence_pdf
from seed_data.reference import PROVINCE_CODE, seed_reference
from services import audit, catalogs
from services.actor import Actor
from storage import safe_display_name

CURRENT_MCP_KEYS = ("mcp-2025", "mcp-2024", "spbe-2021")
PREVIOUS_MCP_KEYS = ("mcp-2024", "mcp-2025", "spbe-2021")
SPBE_KEY = "spbe-2021"

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
# (Kemendagri code, diligence, OPDs: abbreviation, name, kind) — diligence drives how far each pemda got.
KABKOTA: list[tuple[str, float, list[tuple[str, str, str]]]] = [
    ("82.71", 0.9, [
        ("Bappeda", "Badan Perencanaan Pembangunan Daerah Kota Ternate", "badan"),
        ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah Kota Ternate", "badan"),
        ("Bapenda", "Badan Pendapatan Daerah Kota Ternate", "badan"),
        ("Inspektorat", "Inspektorat Kota Ternate", "inspektorat"),
        ("BKD", "Badan Kepegawaian Daerah Kota Ternate", "badan"),
        ("DPMPTSP", "Dinas Penanaman Modal dan PTSP Kota Ternate", "dinas"),
    ]),
    ("82.04", 0.7, [
        ("Bappeda", "Badan Perencanaan Pembangunan Daerah Kabupaten Halmahera Selatan", "badan"),
        ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah Kabupaten Halmahera Selatan", "badan"),
        ("Inspektorat", "Inspektorat Kabupaten Halmahera Selatan", "inspektorat"),
        ("BKD", "Badan Kepegawaian Daerah Kabupaten Halmahera Selatan", "badan"),
        ("DPMPTSP", "Dinas Penanaman Modal dan PTSP Kabupaten Halmahera Selatan", "dinas"),
    ]),
    ("82.08", 0.35, [
        ("Bappeda", "Badan Perencanaan Pembangunan Daerah Kabupaten Pulau Taliabu", "badan"),
        ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah Kabupaten Pulau Taliabu", "badan"),
        ("Inspektorat", "Inspektorat Kabupaten Pulau Taliabu", "inspektorat"),
        ("Bapenda", "Badan Pendapatan Daerah Kabupaten Pulau Taliabu", "badan"),
    ]),
]  # fmt: skip


# Lead OPDs work harder on the items they lead.
_DILIGENT = {"BPKAD": 0.9, "Bappeda": 0.85, "Inspektorat": 0.85, "Diskominfosan": 0.8, "Bapenda": 0.75}


@dataclass
class DemoSummary:
    created: bool
    logins: list[DemoLogin]
    periods: dict[str, int] = field(default_factory=dict)  # name -> id
    items: int = 0  # items of the current provincial MCP period
    submitted: int = 0  # of those: submitted, verified or returned
    evidence_files: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def submitted_share(self) -> float:
        return self.submitted / self.items if self.items else 0.0


def demo_present() -> bool:
    with session_scope() as session:
        return session.exec(select(User.id).where(User.username == DEMO_USERS[0][0])).first() is not None


# -- values --------------------------------------------------------------------------------------------------


def _choices(node: Node) -> list[float]:
    """Values an OPD can record for a leaf, ascending (document sums for a documents rule)."""
    rule = node.rule
    assert rule is not None
    allowed = rule.allowed()
    if allowed:
        return sorted(float(v) for v in allowed)
    points = [d.points for d in getattr(rule, "documents", [])]
    if not points:
        return [0.0, rule.maximum / 2, rule.maximum]
    sums = {0.0}
    for size in range(1, min(len(points), 6) + 1):
        sums.update(float(sum(c)) for c in combinations(points, size))
    return sorted(sums)


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


def _admin_actor(session: Session) -> Actor:
    user = session.exec(select(User).where(User.username == DEMO_USERS[0][0])).one()
    return Actor.from_user(user)


def _create_users(logins: list[DemoLogin], province: Region) -> None:
    from services import users

    with session_scope() as session:
        opds = {
            o.abbreviation: o.id
            for o in session.exec(select(Organisation).where(Organisation.region_id == province.id)).all()
        }

    def create(login: DemoLogin) -> None:
        users.operator_create_user(
            username=login.username,
            full_name=login.full_name,
            password=login.password,
            role=login.role,
            region_id=province.id,
            organisation_id=opds.get(login.organisation) if login.organisation else None,
        )

    # Password hashing (argon2id) dominates; it releases the GIL, so the accounts are made side by side.
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(create, logins))


def _create_kabkota_opds(actor: Actor) -> dict[int, float]:
    """The kab/kota demo OPDs; returns region id -> diligence."""
    from services import organisations

    diligence: dict[int, float] = {}
    with session_scope() as session:
        regions = {r.kemendagri_code: r for r in session.exec(select(Region)).all()}
        existing = {(o.region_id, o.abbreviation) for o in session.exec(select(Organisation)).all()}
    for code, level, opds in KABKOTA:
        region = regions[code]
        assert region.id is not None
        diligence[region.id] = level
        for abbreviation, name, kind in opds:
            if (region.id, abbreviation) not in existing:
                organisations.create_organisation(
                    actor, region_id=region.id, name=name, abbreviation=abbreviation, kind=kind
                )
    return diligence


def _first_key(keys: tuple[str, ...]) -> str:
    with session_scope() as session:
        from models.tables import Catalog as CatalogRow

        present = set(session.exec(select(CatalogRow.key)).all())
    return next(key for key in keys if key in present)


def _at_wit(day: date, hour: int = 23, minute: int = 59) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIT)


def _create_period(
    actor: Actor, *, key: str, region: Region, name: str, opens: date, due: date, previous_id: int | None
) -> int:
    from services import periods

    info = periods.create_period(
        actor,
        catalog_key=key,
        region_id=region.id or 0,
        name=name,
        opens_at=_at_wit(opens, 8, 0),
        submission_deadline=_at_wit(due),
        verification_deadline=_at_wit(due + timedelta(days=14)),
        previous_period_id=previous_id,
    )
    return info.id


@dataclass
class _Uploads:
    """Evidence made while filling periods: files to write and links to add once the rows have ids."""

    files: list[tuple[bytes, str, str]] = field(default_factory=list)  # content, file name, sha256
    links: list[tuple[Evidence, int, datetime, int | None]] = field(default_factory=list)


@dataclass
class _Fill:
    """How a period's items are filled in."""

    submitted_share: float  # items submitted at least once
    verified_share: float  # of the submitted: verified
    returned_share: float  # of the submitted: returned
    draft_share: float  # of the rest: drafts
    evidence: bool


def _fill_period(
    session: Session,
    rng: random.Random,
    *,
    period_id: int,
    catalog: Catalog,
    fill: _Fill,
    region_diligence: float,
    users: dict[str, User],
    now: datetime,
    store: Any,
    pending: _Uploads,
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
                hashes = _attach_evidence(
                    session, rng, store, row, area, organisation, author, moment, uploaded, pending, expired
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
    pending: _Uploads,
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
        digest = hashlib.sha256(content).hexdigest()
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
    pending.links.append((evidence, row.id or 0, moment, author.id))
    return [evidence.sha256]


def _store_files(store: Any, pending: list[tuple[bytes, str, str]]) -> None:
    """Write the PDFs through the evidence store, several at once (each write waits on fsync)."""

    def save(item: tuple[bytes, str, str]) -> None:
        content, filename, digest = item
        stored = store.save(io.BytesIO(content), filename)
        if stored.sha256 != digest or stored.media_type != PDF_MEDIA_TYPE:
            raise RuntimeError(f"evidence store disagrees about {filename}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(save, pending))


def seed_demo(*, seed: int = DEMO_SEED, now: datetime | None = None, evidence: bool = True) -> DemoSummary:
    """Build the demo (see the module docstring); does nothing but report when the demo is already there."""
    started = time.perf_counter()
    now = now or datetime.now(UTC)
    logins = demo_logins(seed)
    seed_reference()
    catalogs.ensure_shipped_catalogs()
    if demo_present():
        return DemoSummary(created=False, logins=logins, seconds=time.perf_counter() - started)
    summary = DemoSummary(created=True, logins=logins)
    rng = random.Random(seed)
    with session_scope() as session:
        province = session.exec(select(Region).where(Region.kemendagri_code == PROVINCE_CODE)).one()
    _create_users(logins, province)
    with session_scope() as session:
        admin = _admin_actor(session)
    diligence = _create_kabkota_opds(admin)

    current_key, previous_key = _first_key(CURRENT_MCP_KEYS), _first_key(PREVIOUS_MCP_KEYS)
    if current_key != "mcp-2025":
        summary.notes.append(f"mcp-2025 not shipped yet: the current period uses {current_key}")
    today = now.astimezone(WIT).date()
    due = today + timedelta(days=24)
    last_year_due = due - timedelta(days=365)
    with session_scope() as session:
        regions = {r.id: r for r in session.exec(select(Region)).all()}
    plan: list[tuple[str, Region, str, int, _Fill, float]] = []  # name, region, key, id, fill, diligence
    current_fill = _Fill(0.6, 0.5, 0.15, 0.35, evidence)
    previous_fill = _Fill(0.85, 0.95, 0.0, 0.5, False)
    for region_id, level in [(province.id or 0, 0.9), *diligence.items()]:
        region = regions[region_id]
        short = "Provinsi" if region.id == province.id else region.name
        prev_name, cur_name = f"MCP 2024 {short}", f"MCP 2025 {short}"
        prev_id = _create_period(
            admin, key=previous_key, region=region, name=prev_name,
            opens=last_year_due - timedelta(days=75), due=last_year_due, previous_id=None,
        )  # fmt: skip
        cur_id = _create_period(
            admin, key=current_key, region=region, name=cur_name,
            opens=today - timedelta(days=60), due=due, previous_id=prev_id,
        )  # fmt: skip
        plan.append((prev_name, region, previous_key, prev_id, previous_fill, level * 0.85))
        plan.append((cur_name, region, current_key, cur_id, current_fill, level))
    spbe_name = "Evaluasi SPBE 2026 Provinsi"
    spbe_id = _create_period(
        admin, key=SPBE_KEY, region=province, name=spbe_name,
        opens=today - timedelta(days=30), due=today + timedelta(days=38), previous_id=None,
    )  # fmt: skip
    plan.append((spbe_name, province, SPBE_KEY, spbe_id, _Fill(0.5, 0.4, 0.15, 0.3, evidence), 0.9))

    store = None
    if evidence:
        from services.evidence import evidence_store

        store = evidence_store()
    pending = _Uploads()
    with session_scope() as session:
        users = {u.username: u for u in session.exec(select(User)).all()}
        for name, _region, _key, period_id, fill, level in plan:
            catalog = catalogs.catalog_for_period(period_id)
            items, submitted, files = _fill_period(
                session, rng, period_id=period_id, catalog=catalog, fill=fill, region_diligence=level,
                users=users, now=now, store=store, pending=pending,
            )  # fmt: skip
            summary.periods[name] = period_id
            summary.evidence_files += files
            if name == "MCP 2025 Provinsi":
                summary.items, summary.submitted = items, submitted
        for name, _region, _key, period_id, _fill, _level in plan:
            if name.startswith("MCP 2024"):
                period = session.get(Period, period_id)
                assert period is not None
                period.state = PeriodState.closed
                session.add(period)
        if store is not None:
            session.flush()  # evidence ids, all at once
            session.add_all(
                EvidenceLink(evidence_id=e.id or 0, submission_id=sid, linked_at=at, linked_by_id=by)
                for e, sid, at, by in pending.links
            )
            _store_files(store, pending.files)
        audit.record(
            session, actor=admin, action="demo.seed", entity="demo", entity_id=seed,
            after={"periods": len(plan), "evidence_files": summary.evidence_files},
        )  # fmt: skip
    summary.seconds = time.perf_counter() - started
    return summary


def database_has_users() -> bool:
    with session_scope() as session:
        return session.exec(select(User.id)).first() is not None


def seed_demo_if_empty(*, seed: int = DEMO_SEED) -> DemoSummary | None:
    """The demo on a database without any account (first start of a demo container); None otherwise."""
    if database_has_users():
        return None
    return seed_demo(seed=seed)


def summary_text(summary: DemoSummary) -> str:
    """What ``lentera seed --demo`` prints: periods, progress, timing and the demo logins (demo only!)."""
    lines = [
        "Demo data created." if summary.created else "Demo data was already present; nothing changed.",
    ]
    if summary.created:
        lines += [
            f"  periods: {', '.join(summary.periods)}",
            f"  MCP 2025 Provinsi: {summary.submitted} of {summary.items} items submitted "
            f"({summary.submitted_share:.0%}); {summary.evidence_files} evidence files",
            f"  took {summary.seconds:.1f} s",
        ]
    lines += [*summary.notes, "", "Demo logins (DEMO ONLY - change or remove before real use):"]
    width = max(len(login.username) for login in summary.logins)
    for login in summary.logins:
        where = f" ({login.organisation})" if login.organisation else ""
        lines.append(f"  {login.username:<{width}}  {login.password:<22}  {login.role}{where}")
    return "\n".join(lines)
