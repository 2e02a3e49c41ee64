"""A realistic demo of Pemerintah Provinsi Maluku Utara, generated in a few seconds and the same every time.

What it builds (on top of the reference data and the shipped catalogs):
- one demo account per role, focal points for Diskominfosan, BPKAD, DPMPTSP and Dinkes; passwords are random
  per installation, stored and printed (seed_data/accounts.py), and outside demo mode the accounts must change
  them at their first sign-in: this is demo data, never a production setup;
- for the province: last year's MCSP period (closed, mostly reviewed; its total within a point of KPK's published
  final), the MCSP period of the cycle under way today (the catalog's deadlines, the upload deadline kept a few
  weeks ahead, WIT) with about 60% of items submitted, some reviewed (a few over-claimed), some returned with an
  inspector's reason, some still drafts; an SPBE period; and the digital-government periods of
  ``seed_data.demo_digital``: Pemdi 2026 (open, partly filled, external index values typed) and PEKPPP for the
  service units DPMPTSP, RSUD CB and Bapenda. Every period is named "... (DATA DEMO)" and the
  installation is marked as a demo (``services.install.is_demo``), so every screen and export says so;
- Kota Ternate, Kabupaten Halmahera Selatan and Kabupaten Pulau Taliabu, each with a handful of OPDs and the
  same two MCP periods, so the province view ranks pemda and shows their rank change;
- small real PDF files ("Surat Keputusan ...") stored through the evidence store and attached to the items;
- a digital-services inventory for DPMPTSP, Diskominfosan, Bapenda and RSUD CB (``seed_data.demo_inventory``:
  real national service names, the pemda's own marked "(DATA DEMO)").

Accounts, OPDs and periods (with their assignments) go through ``services`` here; each period's answers,
reviews and evidence are then written by ``seed_data.demo_answers``.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from i18n import WIT
from indicators import Catalog
from models import session_scope
from models.tables import (
    EvidenceLink,
    Organisation,
    Period,
    PeriodState,
    Region,
    User,
)
from seed_data.accounts import DEMO_SEED, DEMO_USERS, DemoLogin, new_demo_logins
from seed_data.demo_accounts import create_demo_users, mark_seeded, stored_or_rotated_logins
from seed_data.demo_answers import Fill, Uploads, fill_period, store_files
from seed_data.demo_cycle import CycleDates, calibrate, closed_cycle, demo_name, open_cycle, published_final
from seed_data.demo_digital import add_external_values, digital_periods, digital_rng
from seed_data.demo_inventory import seed_inventory
from seed_data.reference import PROVINCE_CODE, seed_reference
from services import audit, catalogs
from services.actor import Actor

CURRENT_MCP_KEYS = ("mcp-2025", "mcp-2024", "spbe-2021")
SPBE_KEY = "spbe-2021"

# (Kemendagri code, diligence, OPDs: abbreviation, name, kind) — diligence drives how far each pemda got.
KABKOTA: list[tuple[str, float, list[tuple[str, str, str]]]] = [
    ("82.71", 0.9, [
        ("Bappeda", "Badan Perencanaan Pembangunan Daerah Kota Ternate", "badan"),
        ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah Kota Ternate", "badan"),
        ("Bapenda", "Badan Pendapatan Daerah Kota Ternate", "badan"),
        ("Inspektorat", "Inspektorat Kota Ternate", "inspektorat"),
        ("BKD", "Badan Kepegawaian Daerah Kota Ternate", "badan"),
        ("DPMPTSP", "Dinas Penanaman Modal dan PTSP Kota Ternate", "dinas"),
        ("Bagian PBJ", "Bagian Pengadaan Barang dan Jasa Setda Kota Ternate", "bagian"),
        ("Bagian Organisasi", "Bagian Organisasi Setda Kota Ternate", "bagian"),
        ("Diskominfo", "Dinas Komunikasi dan Informatika Kota Ternate", "dinas"),
        ("Dinkes", "Dinas Kesehatan Kota Ternate", "dinas"),
        ("Dikbud", "Dinas Pendidikan dan Kebudayaan Kota Ternate", "dinas"),
        ("Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil Kota Ternate", "dinas"),
    ]),
    ("82.04", 0.7, [
        ("Bappeda", "Badan Perencanaan Pembangunan Daerah Kabupaten Halmahera Selatan", "badan"),
        ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah Kabupaten Halmahera Selatan", "badan"),
        ("Inspektorat", "Inspektorat Kabupaten Halmahera Selatan", "inspektorat"),
        ("BKD", "Badan Kepegawaian Daerah Kabupaten Halmahera Selatan", "badan"),
        ("DPMPTSP", "Dinas Penanaman Modal dan PTSP Kabupaten Halmahera Selatan", "dinas"),
        ("Bapenda", "Badan Pendapatan Daerah Kabupaten Halmahera Selatan", "badan"),
        ("Bagian PBJ", "Bagian Pengadaan Barang dan Jasa Setda Kabupaten Halmahera Selatan", "bagian"),
        ("Bagian Organisasi", "Bagian Organisasi Setda Kabupaten Halmahera Selatan", "bagian"),
        ("Diskominfo", "Dinas Komunikasi dan Informatika Kabupaten Halmahera Selatan", "dinas"),
        ("Dinkes", "Dinas Kesehatan Kabupaten Halmahera Selatan", "dinas"),
        ("Dikbud", "Dinas Pendidikan dan Kebudayaan Kabupaten Halmahera Selatan", "dinas"),
        ("Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Halmahera Selatan", "dinas"),
    ]),
    ("82.08", 0.35, [
        ("Bappeda", "Badan Perencanaan Pembangunan Daerah Kabupaten Pulau Taliabu", "badan"),
        ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah Kabupaten Pulau Taliabu", "badan"),
        ("Inspektorat", "Inspektorat Kabupaten Pulau Taliabu", "inspektorat"),
        ("Bapenda", "Badan Pendapatan Daerah Kabupaten Pulau Taliabu", "badan"),
    ]),
]  # fmt: skip


# Service units (unit penyelenggara pelayanan) the demo marks for PEKPPP: the one-stop licensing office, the
# provincial hospital and the revenue agency that runs Samsat (PKB is a provincial tax); in the kab/kota the
# licensing offices (Disdukcapil and RSUD of the kab/kota are not among the demo's OPDs).
SERVICE_UNITS: dict[str, tuple[str, ...]] = {
    PROVINCE_CODE: ("DPMPTSP", "RSUD CB", "Bapenda"),
    "82.71": ("DPMPTSP",),
    "82.04": ("DPMPTSP",),
}

# What a kab/kota calls the OPD a provincial catalog names: the leaves that name only these match no kab/kota OPD
# when a period is created ("belum ditugaskan"). In last year's closed cycle the demo's administrator assigned them
# by hand to the kab/kota's OPD (``_assign_by_hand``); in the cycle under way that is still to do.
KABKOTA_NAMES: dict[str, str] = {
    "Biro PBJ": "Bagian PBJ",
    "Biro Organisasi": "Bagian Organisasi",
    "Biro Hukum": "Bagian Hukum",
    "Diskominfosan": "Diskominfo",
    "RSUD CB": "Dinkes",
}

INVENTED_NOTE = (
    "OPD contoh DATA DEMO: nama disusun untuk demo, belum diverifikasi dengan SOTK kabupaten/kota."
)


@dataclass
class DemoSummary:
    created: bool
    logins: list[DemoLogin]
    periods: dict[str, int] = field(default_factory=dict)  # name -> id
    current: str = ""  # the province's open MCSP period (its name)
    previous: str = ""  # the province's closed MCSP period of last year
    calibrated: dict[str, tuple[float, float]] = field(
        default_factory=dict
    )  # closed period -> (final, total)
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


def _admin_actor(session: Session) -> Actor:
    user = session.exec(select(User).where(User.username == DEMO_USERS[0][0])).one()
    return Actor.from_user(user)


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
                    actor, region_id=region.id, name=name, abbreviation=abbreviation, kind=kind,
                    verified=False, note=INVENTED_NOTE,
                )  # fmt: skip
    return diligence


def _mark_service_units(actor: Actor) -> None:
    """Mark the demo's service units (``SERVICE_UNITS``) through the service, so the audit log shows it."""
    from services import organisations

    with session_scope() as session:
        found = session.exec(
            select(Organisation.id, Region.kemendagri_code, Organisation.abbreviation).join(
                Region, col(Region.id) == col(Organisation.region_id)
            )
        ).all()
    for organisation_id, code, abbreviation in found:
        if abbreviation in SERVICE_UNITS.get(code, ()) and organisation_id is not None:
            organisations.set_service_unit(actor, organisation_id=organisation_id, service_unit=True)


def _first_key(keys: tuple[str, ...]) -> str:
    with session_scope() as session:
        from models.tables import Catalog as CatalogRow

        present = set(session.exec(select(CatalogRow.key)).all())
    return next(key for key in keys if key in present)


def _at_wit(day: date, hour: int = 23, minute: int = 59) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIT)


def _create_period(
    actor: Actor, *, key: str, region: Region, name: str, dates: CycleDates, previous_id: int | None
) -> int:
    from services import periods

    info = periods.create_period(
        actor,
        catalog_key=key,
        region_id=region.id or 0,
        name=name,
        opens_at=_at_wit(dates.opens, 8, 0),
        submission_deadline=_at_wit(dates.due),
        verification_deadline=_at_wit(dates.verification),
        previous_period_id=previous_id,
    )
    return info.id


def _assign_by_hand(actor: Actor, *, period_id: int, region: Region) -> None:
    """Assign the period's unassigned leaves to the region's OPDs that do, in a kab/kota, what the catalog's
    provincial names say (``KABKOTA_NAMES``), through the service (audited), as an administrator would."""
    from services import assignments, periods

    unassigned = periods.get_period(actor, period_id=period_id).unassigned_codes
    if not unassigned:
        return
    with session_scope() as session:
        opds = {
            o.abbreviation: o.id or 0
            for o in session.exec(select(Organisation).where(Organisation.region_id == region.id)).all()
        }
    catalog = catalogs.catalog_for_period(period_id)
    for code in unassigned:
        responsible = catalog.node(code).responsible
        names = [KABKOTA_NAMES.get(name, name) for name in (responsible.opds if responsible else [])]
        for name in dict.fromkeys(names):
            if name in opds:
                assignments.set_assignment(
                    actor, period_id=period_id, organisation_id=opds[name], code=code, assigned=True
                )


def _catalog_for_year(year: int) -> str:
    """The stored MCP catalog of ``year``, else the newest before it, else the oldest there is."""
    with session_scope() as session:
        from models.tables import Catalog as CatalogRow

        rows = session.exec(
            select(CatalogRow.key, CatalogRow.year).where(CatalogRow.framework == "MCP")
        ).all()
    earlier = sorted((y, k) for k, y in rows if y <= year)
    return earlier[-1][1] if earlier else min((y, k) for k, y in rows)[1]


def _close(
    session: Session,
    rng: random.Random,
    *,
    period_id: int,
    region: Region,
    catalog: Catalog,
    year: int,
    summary: DemoSummary,
) -> None:
    """Close last year's period; where KPK published the pemda's final, its total lands within a point of it."""
    period = session.get(Period, period_id)
    assert period is not None and region.id is not None
    final = published_final(session, region_id=region.id, framework=catalog.framework, year=year)
    if final is not None:
        reviewer = session.exec(select(User).where(User.username == "inspektur")).one()
        reached = calibrate(session, rng, period=period, catalog=catalog, target=final, reviewer=reviewer)
        summary.calibrated[period.name] = (final, reached)
    period.state = PeriodState.closed
    session.add(period)


def seed_demo(*, seed: int = DEMO_SEED, now: datetime | None = None, evidence: bool = True) -> DemoSummary:
    """Build the demo (see the module docstring); does nothing but report when the demo is already there."""
    started = time.perf_counter()
    now = now or datetime.now(UTC)
    seed_reference()
    catalogs.ensure_shipped_catalogs()
    if demo_present():
        logins = stored_or_rotated_logins()
        return DemoSummary(created=False, logins=logins, seconds=time.perf_counter() - started)
    logins = new_demo_logins()
    summary = DemoSummary(created=True, logins=logins)
    rng = random.Random(seed)
    with session_scope() as session:
        province = session.exec(select(Region).where(Region.kemendagri_code == PROVINCE_CODE)).one()
    create_demo_users(logins, province)
    mark_seeded(logins)
    with session_scope() as session:
        admin = _admin_actor(session)
    diligence = _create_kabkota_opds(admin)
    _mark_service_units(admin)

    today = now.astimezone(WIT).date()
    seed_inventory(admin, region_id=province.id or 0, today=today)
    current_key = _first_key(CURRENT_MCP_KEYS)
    current_catalog = catalogs.catalog_by_key(current_key)
    assert current_catalog is not None
    current = open_cycle(current_catalog, today)
    previous_key = _catalog_for_year(current.year - 1)
    previous_catalog = catalogs.catalog_by_key(previous_key)
    assert previous_catalog is not None
    previous = closed_cycle(previous_catalog, current.year - 1)
    with session_scope() as session:
        regions = {r.id: r for r in session.exec(select(Region)).all()}
    plan: list[tuple[str, Region, str, int, Fill, float]] = []  # name, region, key, id, fill, diligence
    closing: set[int] = set()  # last year's periods
    current_fill = Fill(0.6, 0.5, 0.15, 0.35, evidence)
    previous_fill = Fill(0.95, 0.97, 0.0, 0.5, False)
    for region_id, level in [(province.id or 0, 0.9), *diligence.items()]:
        region = regions[region_id]
        short = "Provinsi" if region.id == province.id else region.name
        prev_name = demo_name("MCP", previous.year, short)
        cur_name = demo_name("MCP", current.year, short)
        prev_id = _create_period(
            admin, key=previous_key, region=region, name=prev_name, dates=previous, previous_id=None
        )
        cur_id = _create_period(
            admin, key=current_key, region=region, name=cur_name, dates=current, previous_id=prev_id
        )
        if region.id != province.id:
            _assign_by_hand(admin, period_id=prev_id, region=region)
        plan.append((prev_name, region, previous_key, prev_id, previous_fill, level * 0.85))
        closing.add(prev_id)
        plan.append((cur_name, region, current_key, cur_id, current_fill, level))
        if region.id == province.id:
            summary.current, summary.previous = cur_name, prev_name
    spbe_name = demo_name("SPBE", today.year, "Provinsi")
    spbe_dates = CycleDates(today.year, today - timedelta(days=30), today + timedelta(days=38),
                            today + timedelta(days=52))  # fmt: skip
    spbe_id = _create_period(
        admin, key=SPBE_KEY, region=province, name=spbe_name, dates=spbe_dates, previous_id=None
    )
    plan.append((spbe_name, province, SPBE_KEY, spbe_id, Fill(0.5, 0.4, 0.15, 0.3, evidence), 0.9))
    digital = digital_periods(
        admin, province=province, today=today, after=max(current.due, spbe_dates.due), evidence=evidence,
        create=_create_period,
    )  # fmt: skip
    plan.extend(digital)
    digital_ids = {row[3] for row in digital}
    digital_draws = digital_rng(seed)

    store = None
    if evidence:
        from services.evidence_storage import evidence_store

        store = evidence_store()
    pending = Uploads()
    with session_scope() as session:
        users = {u.username: u for u in session.exec(select(User)).all()}
        for name, _region, _key, period_id, fill, level in plan:
            catalog = catalogs.catalog_for_period(period_id)
            draws = digital_draws if period_id in digital_ids else rng
            items, submitted, files = fill_period(
                session, draws, period_id=period_id, catalog=catalog, fill=fill, region_diligence=level,
                users=users, now=now, store=store, pending=pending,
            )  # fmt: skip
            if period_id in digital_ids:
                session.flush()
                add_external_values(session, draws, period_id=period_id, catalog=catalog)
            summary.periods[name] = period_id
            summary.evidence_files += files
            if name == summary.current:
                summary.items, summary.submitted = items, submitted
        for _name, region, _key, period_id, _fill, _level in plan:
            if period_id in closing:
                _close(
                    session,
                    rng,
                    period_id=period_id,
                    region=region,
                    catalog=previous_catalog,
                    year=previous.year,
                    summary=summary,
                )
        if store is not None:
            session.flush()  # evidence ids, all at once
            session.add_all(
                EvidenceLink(
                    evidence_id=e.id or 0, submission_id=sid, linked_at=at, linked_by_id=by, document_code=tag
                )
                for e, sid, at, by, tag in pending.links
            )
            store_files(store, pending.files)
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
            f"  {summary.current}: {summary.submitted} of {summary.items} items submitted "
            f"({summary.submitted_share:.0%}); {summary.evidence_files} evidence files",
            *(
                f"  {name}: {reached:.2f} beside KPK's published final {final:g}"
                for name, (final, reached) in summary.calibrated.items()
            ),
            f"  took {summary.seconds:.1f} s",
        ]
    lines += [*summary.notes, "", logins_text(summary.logins)]
    return "\n".join(lines)


def logins_text(logins: list[DemoLogin]) -> str:
    """The demo logins as printed by ``lentera seed --demo`` and ``lentera init --demo-if-empty``."""
    lines = ["Demo logins (DEMO ONLY - change or remove before real use):"]
    width = max((len(login.username) for login in logins), default=0)
    for login in logins:
        where = f" ({login.organisation})" if login.organisation else ""
        lines.append(f"  {login.username:<{width}}  {login.password:<22}  {login.role}{where}")
    return "\n".join(lines)
