"""The Sekda's view of the digital-services inventory: per OPD and for the pemda, how many services are online,
reachable from the portal, take complaints through SP4N-LAPOR!; applications without a data exchange; security
audits older than two years (or never done); and these numbers beside the Pemdi 2026 aspects they feed.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlmodel import col, select

from i18n import register
from models.database import session_scope
from models.tables import Organisation
from services.actor import Actor
from services.catalogs import catalog_by_key
from services.inventory import application_frame, service_frame
from services.organisations import today_wit
from services.permissions import regions_in_scope, require

AUDIT_MAX_AGE = timedelta(days=730)
"""A security audit older than this (two years) counts as stale."""

PER_OPD_COLUMNS = ["organisation_id", "opd", "services", "online", "on_portal", "on_ina_digital", "with_lapor",
                   "with_skm", "skm_mean", "applications", "without_exchange", "audit_stale"]  # fmt: skip
TOTALS = ("services", "online", "on_portal", "on_ina_digital", "with_lapor", "with_skm", "applications",
          "without_exchange", "audit_stale")  # fmt: skip

PEMDI_CATALOG = "pemdi-2026"
PEMDI_ASPECTS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("A6", "IK-17", "Keterpaduan Layanan Digital Pemerintah", "Portal Layanan Digital Pemerintah", "on_portal",
     "online"),
    ("A6", "IK-17", "Keterpaduan Layanan Digital Pemerintah", "Portal Layanan Digital Pemerintah",
     "on_ina_digital", "online"),
    ("A6", "IK-16", "Keterpaduan Layanan Digital Pemerintah", "Integrasi Aplikasi", "with_exchange", "applications"),
    ("A7", "IK-19", "Kepuasan Pengguna Layanan Digital Pemerintah",
     "Fasilitas Dukungan Pengguna Layanan Digital Pemerintah", "with_lapor", "services"),
    ("A7", "IK-20", "Kepuasan Pengguna Layanan Digital Pemerintah",
     "Tingkat Pengelolaan Kepuasan Pengguna Layanan Digital Pemerintah", "with_skm", "services"),
    ("A4", "IK-09", "Keamanan Pemdi", "Tingkat Kematangan Pelaksanaan Audit Keamanan Pemdi dan Teknologi Pemdi",
     "audit_recent", "applications"),
)  # fmt: skip
"""(aspect code, indicator code, aspect, indicator, measure, out of): which inventory number feeds which Pemdi
2026 indicator. The names are read from the stored ``pemdi-2026`` catalog; without it, those of the reported
structure (../shared/domain/pemdi-2026-indicators.csv, PermenPANRB 8/2026 as reported) stand in."""

register(
    {
        "inventory.measure.on_portal": {
            "id": "Layanan daring yang terhubung ke portal pemda",
            "en": "Online services reachable from the pemda portal",
        },
        "inventory.measure.on_ina_digital": {
            "id": "Layanan daring yang terhubung ke INA Digital",
            "en": "Online services reachable from INA Digital",
        },
        "inventory.measure.with_exchange": {
            "id": "Aplikasi yang bertukar data dengan aplikasi lain",
            "en": "Applications exchanging data with other applications",
        },
        "inventory.measure.with_lapor": {
            "id": "Layanan dengan pengaduan SP4N-LAPOR!",
            "en": "Services taking complaints through SP4N-LAPOR!",
        },
        "inventory.measure.with_skm": {
            "id": "Layanan dengan survei kepuasan (SKM)",
            "en": "Services with a satisfaction survey (SKM)",
        },
        "inventory.measure.audit_recent": {
            "id": "Aplikasi dengan audit keamanan dalam dua tahun terakhir",
            "en": "Applications with a security audit in the last two years",
        },
    }
)


@dataclass(frozen=True)
class InventorySummary:
    """``per_opd`` (``PER_OPD_COLUMNS``, every OPD in the region, also those with an empty register),
    ``totals`` (the pemda's sums of ``TOTALS``), ``pemdi`` (aspect, indicator, measure, count, total)."""

    per_opd: pd.DataFrame
    totals: dict[str, int]
    pemdi: pd.DataFrame


def inventory_summary(
    actor: Actor, *, region_id: int | None = None, today: date | None = None
) -> InventorySummary:
    """The inventory's numbers for a pemda's OPDs (``region_id``, default the actor's; None for an admin of
    every region: every OPD)."""
    region_id = region_id if region_id is not None else actor.region_id
    with session_scope(write=False) as session:
        if region_id is not None:
            require(actor, "inventory_summary", region=region_id, session=session)
        else:
            require(actor, "inventory_summary")
        query = select(Organisation.id, Organisation.abbreviation, Organisation.name).order_by(
            col(Organisation.name)
        )
        if region_id is not None:
            query = query.where(Organisation.region_id == region_id)
        else:
            scope = regions_in_scope(session, actor)
            if scope is not None:
                query = query.where(col(Organisation.region_id).in_(scope))
        organisations = session.exec(query).all()
        ids = [row_id for row_id, _, _ in organisations if row_id is not None]
        services = service_frame(session, ids)
        applications = application_frame(session, ids)
    names = {row_id: abbreviation or name for row_id, abbreviation, name in organisations}
    per_opd = _per_opd(ids, names, services, applications, today or today_wit())
    totals = {name: int(per_opd[name].sum()) for name in TOTALS}
    return InventorySummary(per_opd, totals, _pemdi(totals))


def _per_opd(ids: list[int], names: dict[int | None, str], services: pd.DataFrame, applications: pd.DataFrame,
             today: date) -> pd.DataFrame:  # fmt: skip
    rows = []
    for organisation_id in ids:
        own = services.loc[services["organisation_id"] == organisation_id]
        apps = applications.loc[applications["organisation_id"] == organisation_id]
        online = own["channel"].isin(("online", "both"))
        skm = pd.to_numeric(own["skm_result"], errors="coerce").dropna()
        rows.append({
            "organisation_id": organisation_id, "opd": names[organisation_id], "services": len(own),
            "online": int(online.sum()), "on_portal": int((online & own["on_pemda_portal"].astype(bool)).sum()),
            "on_ina_digital": int((online & own["on_ina_digital"].astype(bool)).sum()),
            "with_lapor": int(own["sp4n_lapor"].astype(bool).sum()),
            "with_skm": int(own["skm_survey"].astype(bool).sum()),
            "skm_mean": float(skm.mean()) if not skm.empty else None, "applications": len(apps),
            "without_exchange": int(sum(1 for partners in apps["exchanges_with"] if not partners)),
            "audit_stale": int(sum(1 for day in apps["security_audit_on"] if _stale(day, today))),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=PER_OPD_COLUMNS)


def _stale(day: object, today: date) -> bool:
    """Never audited, or audited more than two years before ``today``."""
    if day is None or not isinstance(day, date):
        return True
    return today - day > AUDIT_MAX_AGE


def _names() -> dict[str, str]:
    """Code → name of the Pemdi aspects and indicators above, from the stored catalog when there is one."""
    catalog = catalog_by_key(PEMDI_CATALOG)
    names: dict[str, str] = {}
    for aspect_code, code, aspect, indicator, _, _ in PEMDI_ASPECTS:
        names[aspect_code], names[code] = aspect, indicator
        if catalog is not None:
            for wanted in (aspect_code, code):
                with contextlib.suppress(KeyError):
                    names[wanted] = catalog.node(wanted).name
    return names


def _pemdi(totals: dict[str, int]) -> pd.DataFrame:
    names = _names()
    counts = {
        **totals,
        "with_exchange": totals["applications"] - totals["without_exchange"],
        "audit_recent": totals["applications"] - totals["audit_stale"],
    }
    rows = [
        {"aspect": names[aspect_code], "code": code, "indicator": names[code], "measure": measure,
         "count": counts[measure], "total": counts[out_of]}
        for aspect_code, code, _, _, measure, out_of in PEMDI_ASPECTS
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["aspect", "code", "indicator", "measure", "count", "total"])
