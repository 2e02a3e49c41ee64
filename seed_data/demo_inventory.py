"""The demo's digital-services inventory: a few provincial OPDs of Maluku Utara with their services and
applications, recorded through ``services.inventory`` like a user would.

National services and applications keep their real names and public addresses (OSS RBA, SiCantik Cloud,
SP4N-LAPOR!, SRIKANDI, SATUSEHAT); everything the pemda itself would run is invented and named "(DATA DEMO)",
with an address under ``.invalid`` (a name that can never resolve) instead of a guessed real one. Dates count
back from the day the demo is built.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from models import session_scope
from models.tables import Organisation
from services import inventory
from services.actor import Actor
from services.inventory import ApplicationEntry, ServiceEntry
from vocabulary import DEMO_MARK

D = f"({DEMO_MARK})"


def _services(today: date) -> dict[str, list[ServiceEntry]]:
    week = today - timedelta(days=7)
    return {
        "DPMPTSP": [
            ServiceEntry("Perizinan Berusaha Berbasis Risiko (OSS RBA)", "layanan_publik", "both", "https://oss.go.id",
                         on_pemda_portal=True, on_ina_digital=True, sp4n_lapor=True, skm_survey=True, skm_result=84.2,
                         checked_on=week),
            ServiceEntry("Perizinan Non-Berusaha (SiCantik Cloud)", "layanan_publik", "both",
                         "https://sicantik.go.id", on_pemda_portal=True, digital_payment=False, sp4n_lapor=True,
                         skm_survey=True, skm_result=81.7, checked_on=week),
            ServiceEntry(f"Konsultasi Perizinan Tatap Muka {D}", "layanan_publik", "offline", skm_survey=True,
                         skm_result=86.0, checked_on=week),
        ],
        "Diskominfosan": [
            ServiceEntry("Pengaduan Masyarakat (SP4N-LAPOR!)", "layanan_publik", "online", "https://www.lapor.go.id",
                         on_pemda_portal=True, on_ina_digital=True, sso=True, sp4n_lapor=True, checked_on=week),
            ServiceEntry(f"Layanan Informasi Publik PPID {D}", "layanan_publik", "both",
                         "https://ppid.malut-demo.invalid", on_pemda_portal=True, sp4n_lapor=True, skm_survey=True,
                         skm_result=78.9, checked_on=today - timedelta(days=40)),
            ServiceEntry(f"Persuratan Dinas Elektronik {D}", "administrasi", "online",
                         "https://surat.malut-demo.invalid", sso=True, checked_on=week),
        ],
        "Bapenda": [
            ServiceEntry("Pembayaran Pajak Kendaraan Bermotor (Samsat)", "layanan_publik", "both",
                         "https://esamsat.malut-demo.invalid", digital_payment=True, sp4n_lapor=True,
                         skm_survey=True, skm_result=76.4, checked_on=today - timedelta(days=90)),
            ServiceEntry(f"Samsat Keliling {D}", "layanan_publik", "offline", skm_survey=True, skm_result=80.1),
        ],
        "RSUD CB": [
            ServiceEntry(f"Pendaftaran Pasien Rawat Jalan Daring {D}", "layanan_publik", "both",
                         "https://daftar.rsudcb-demo.invalid", sp4n_lapor=False, skm_survey=True, skm_result=74.3,
                         checked_on=today - timedelta(days=20)),
            ServiceEntry(f"Informasi Ketersediaan Tempat Tidur {D}", "layanan_publik", "online",
                         "https://bed.rsudcb-demo.invalid", checked_on=today - timedelta(days=20)),
        ],
    }  # fmt: skip


def _applications(today: date) -> dict[str, list[ApplicationEntry]]:
    months = lambda n: today - timedelta(days=30 * n)  # noqa: E731
    return {
        "DPMPTSP": [
            ApplicationEntry("SiCantik Cloud", "umum", "pdn", ("Perizinan Non-Berusaha (SiCantik Cloud)",),
                             ("OSS RBA",), months(14)),
        ],
        "Diskominfosan": [
            ApplicationEntry("SRIKANDI", "umum", "pdn", (f"Persuratan Dinas Elektronik {D}",), (), months(10)),
            ApplicationEntry(f"Portal Layanan Publik Malut {D}", "khusus", "pemda",
                             (f"Layanan Informasi Publik PPID {D}", "Pengaduan Masyarakat (SP4N-LAPOR!)"),
                             ("SP4N-LAPOR!", "INA Digital"), months(30)),
        ],
        "Bapenda": [
            ApplicationEntry(f"E-Samsat Malut {D}", "khusus", "third_party",
                             ("Pembayaran Pajak Kendaraan Bermotor (Samsat)",), ("Bank Daerah (DATA DEMO)",), None),
        ],
        "RSUD CB": [
            ApplicationEntry(f"SIMRS RSUD {D}", "khusus", "third_party",
                             (f"Pendaftaran Pasien Rawat Jalan Daring {D}", f"Informasi Ketersediaan Tempat Tidur {D}"),
                             ("SATUSEHAT",), None),
            ApplicationEntry(f"Antrean Poliklinik {D}", "khusus", "pemda", (), (), months(26)),
        ],
    }  # fmt: skip


def seed_inventory(admin: Actor, *, region_id: int, today: date) -> int:
    """Record the demo inventory of the province's OPDs (those present); returns the entries recorded."""
    with session_scope(write=False) as session:
        opds = {
            abbreviation: row_id
            for row_id, abbreviation in session.exec(
                select(Organisation.id, Organisation.abbreviation).where(Organisation.region_id == region_id)
            ).all()
        }
    recorded = 0
    applications = _applications(today)
    for abbreviation, services in _services(today).items():
        organisation_id = opds.get(abbreviation)
        if organisation_id is None:
            continue
        for entry in services:
            inventory.save_service(admin, organisation_id=organisation_id, entry=entry)
            recorded += 1
        for application in applications.get(abbreviation, []):
            inventory.save_application(admin, organisation_id=organisation_id, entry=application)
            recorded += 1
    return recorded
