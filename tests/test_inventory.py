"""The digital-services inventory on SQLite and PostgreSQL: who may keep which OPD's register, every change
audited, URLs that must be well-formed https addresses, the Excel round trip (all or nothing, problems named by
sheet, row and column), the Sekda's counts, and an entry linked as evidence to an item."""

from __future__ import annotations

import io
from datetime import date

import pytest
from factories import World, build_world, submission_id, table_rows
from openpyxl import Workbook, load_workbook
from sqlmodel import col, select

from i18n import LenteraError
from models.database import session_scope
from models.tables import AuditEvent
from services import inventory, inventory_excel, inventory_links, inventory_summary
from services.inventory import ApplicationEntry, ServiceEntry
from services.inventory_excel import InventoryFileError

PERIZINAN = ServiceEntry(
    name="Perizinan Berusaha",
    kind="layanan_publik",
    channel="both",
    url="https://sicantik.go.id",
    on_pemda_portal=True,
    sp4n_lapor=True,
    skm_survey=True,
    skm_result=82.5,
    checked_on=date(2026, 11, 30),
)
PENGADUAN = ServiceEntry(name="Pengaduan Masyarakat", channel="online", url="https://lapor.go.id")
SICANTIK = ApplicationEntry(
    name="SiCantik Cloud",
    kind="umum",
    hosting="pdn",
    services=("perizinan berusaha",),
    exchanges_with=("OSS RBA",),
    security_audit_on=date(2025, 3, 1),
)


@pytest.fixture
def world(db_url: str) -> World:
    return build_world()


def _audit(prefix: str) -> list[tuple[str, str | None]]:
    with session_scope() as session:
        rows = session.exec(
            select(AuditEvent.action, AuditEvent.actor_username)
            .where(col(AuditEvent.action).startswith(prefix))
            .order_by(col(AuditEvent.id))
        ).all()
    return [(action, user) for action, user in rows]


def _refusal(call: object) -> str:
    assert callable(call)
    with pytest.raises(LenteraError) as refused:
        call()
    return refused.value.key


def test_a_focal_point_registers_services_and_an_application_and_every_change_is_audited(
    world: World,
) -> None:
    """The register lists what the focal point entered; creating and changing each leaves an audit event."""
    focal = world.focal_a
    service_id = inventory.save_service(focal, organisation_id=world.opd_a, entry=PERIZINAN)
    inventory.save_service(focal, organisation_id=world.opd_a, entry=PENGADUAN)
    inventory.save_application(focal, organisation_id=world.opd_a, entry=SICANTIK)
    changed = ServiceEntry(**{**PERIZINAN.__dict__, "on_ina_digital": True})
    inventory.save_service(
        focal, organisation_id=world.opd_a, entry=changed, service_id=service_id, expected_version=1
    )

    register = inventory.inventory(focal, organisation_id=world.opd_a)
    assert list(register.services["name"]) == ["Pengaduan Masyarakat", "Perizinan Berusaha"]
    perizinan = register.services.set_index("name").loc["Perizinan Berusaha"]
    assert bool(perizinan["on_ina_digital"]) and perizinan["version"] == 2
    assert register.applications.iloc[0]["services"] == ["Perizinan Berusaha"]  # the register's spelling
    assert _audit("inventory.") == [
        ("inventory.service_created", "op.kominfo"),
        ("inventory.service_created", "op.kominfo"),
        ("inventory.application_created", "op.kominfo"),
        ("inventory.service_updated", "op.kominfo"),
    ]
    stale = _refusal(
        lambda: inventory.save_service(
            focal, organisation_id=world.opd_a, entry=PERIZINAN, service_id=service_id, expected_version=1
        )
    )
    assert stale == "inventory.changed_meanwhile"


def test_who_may_keep_which_register(world: World) -> None:
    """Focal points edit only their own OPD, inspectors their region's, leaders only read; refusals change nothing."""
    before = table_rows()
    assert _refusal(
        lambda: inventory.save_service(world.focal_b, organisation_id=world.opd_a, entry=PENGADUAN)
    ) == ("perm.other_opd")
    assert _refusal(
        lambda: inventory.save_service(world.leader, organisation_id=world.opd_a, entry=PENGADUAN)
    ) == ("perm.denied")
    kab = world.inspector_kab
    assert _refusal(lambda: inventory.save_service(kab, organisation_id=world.opd_a, entry=PENGADUAN)) == (
        "perm.out_of_region"
    )
    assert (
        _refusal(lambda: inventory.inventory(world.focal_b, organisation_id=world.opd_a)) == "perm.other_opd"
    )
    assert table_rows() == before

    inventory.save_service(world.inspector, organisation_id=world.opd_b, entry=PENGADUAN)
    inventory.save_service(world.admin, organisation_id=world.opd_a, entry=PENGADUAN)
    assert len(inventory.inventory(world.leader, organisation_id=world.opd_b).services) == 1
    assert _refusal(lambda: inventory_summary.inventory_summary(world.focal_a)) == "perm.denied"


@pytest.mark.parametrize(
    "url",
    [
        "http://sicantik.go.id",
        "sicantik.go.id",
        "https://",
        "https://localhost",
        "https://si cantik.go.id",
        "https://admin:rahasia@sicantik.go.id",
        "https://sicantik.go.id:99999",
        "ftp://sicantik.go.id",
        "https://-sicantik.go.id",
    ],
)
def test_a_url_that_is_not_a_well_formed_https_address_is_refused_in_both_languages(
    world: World, url: str
) -> None:
    """The refusal names the address and explains in Bahasa Indonesia and English; nothing is saved."""
    with pytest.raises(LenteraError) as refused:
        inventory.save_service(
            world.focal_a,
            organisation_id=world.opd_a,
            entry=ServiceEntry(name="Layanan X", channel="online", url=url),
        )
    assert refused.value.key == "inventory.url_invalid"
    assert "bukan alamat https yang sah" in refused.value.message("id")
    assert "not a well-formed https address" in refused.value.message("en")
    assert inventory.inventory(world.focal_a, organisation_id=world.opd_a).services.empty


def test_well_formed_https_addresses_are_kept(world: World) -> None:
    """A path, a query and a port are fine; surrounding spaces are trimmed."""
    for number, url in enumerate(
        [
            "https://malutprov.go.id/layanan?id=3",
            " https://dpmptsp.malutprov.go.id:8443/ ",
            "https://203.0.113.7/",
        ]
    ):
        inventory.save_service(
            world.focal_a, organisation_id=world.opd_a, entry=ServiceEntry(name=f"Layanan {number}", url=url)
        )
    urls = set(inventory.inventory(world.focal_a, organisation_id=world.opd_a).services["url"])
    assert "https://dpmptsp.malutprov.go.id:8443/" in urls


def test_other_entry_checks_name_the_field(world: World) -> None:
    """Duplicate names, unknown kinds, an SKM result without a survey and an unknown supported service."""
    inventory.save_service(world.focal_a, organisation_id=world.opd_a, entry=PERIZINAN)
    cases = [
        (ServiceEntry(name=" perizinan  berusaha "), "name", "inventory.duplicate_name"),
        (ServiceEntry(name="Baru", kind="rahasia"), "kind", "inventory.bad_choice"),
        (ServiceEntry(name="Baru", skm_result=90), "skm_result", "inventory.skm_without_survey"),
        (ServiceEntry(name="Baru", skm_survey=True, skm_result=120), "skm_result", "inventory.skm_range"),
        (ServiceEntry(name="Baru", checked_on=date(2999, 1, 1)), "checked_on", "inventory.date_in_future"),
    ]
    for entry, field, key in cases:
        with pytest.raises(inventory.EntryError) as refused:
            inventory.save_service(world.focal_a, organisation_id=world.opd_a, entry=entry)
        assert (refused.value.field, refused.value.key) == (field, key)
    with pytest.raises(inventory.EntryError) as refused:
        inventory.save_application(
            world.focal_a,
            organisation_id=world.opd_a,
            entry=ApplicationEntry(name="A", services=("Tidak Ada",)),
        )
    assert (refused.value.field, refused.value.key) == ("services", "inventory.unknown_service")


# --------------------------------------------------------------------------- the Excel round trip


def _book(content: bytes) -> Workbook:
    return load_workbook(io.BytesIO(content))


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_excel_round_trip_adds_and_changes_entries(world: World) -> None:
    """Download the register, change a row and add rows offline, upload: the register follows the file."""
    inventory.save_service(world.focal_a, organisation_id=world.opd_a, entry=PERIZINAN)
    book = _book(inventory_excel.inventory_workbook(world.focal_a, organisation_id=world.opd_a))
    services, applications = book["Layanan"], book["Aplikasi"]
    assert services["A2"].value == "Perizinan Berusaha" and services["B2"].value == "Layanan publik"
    services["F2"] = "ya"  # now on INA Digital
    services.append(["Izin Trayek", "Layanan publik", "Daring", "https://trayek.malutprov.go.id", "ya", "tidak",
                     "tidak", "ya", "ya", "ya", "78,4", "01-12-2026"])  # fmt: skip
    applications.append(["SiCantik Cloud", "Aplikasi umum", "PDN", "Perizinan Berusaha; Izin Trayek", "OSS RBA",
                         "15-03-2025"])  # fmt: skip
    summary = inventory_excel.import_inventory(
        world.focal_a, organisation_id=world.opd_a, content=_saved(book)
    )

    assert (summary.services_added, summary.services_changed, summary.applications_added) == (1, 1, 1)
    register = inventory.inventory(world.focal_a, organisation_id=world.opd_a)
    trayek = register.services.set_index("name").loc["Izin Trayek"]
    assert trayek["channel"] == "online" and trayek["skm_result"] == pytest.approx(78.4)
    assert trayek["checked_on"] == date(2026, 12, 1)
    assert register.applications.iloc[0]["services"] == ["Perizinan Berusaha", "Izin Trayek"]
    again = inventory_excel.import_inventory(
        world.focal_a,
        organisation_id=world.opd_a,
        content=inventory_excel.inventory_workbook(world.focal_a, organisation_id=world.opd_a),
    )
    assert (again.services_added, again.services_changed, again.applications_changed) == (0, 0, 0)


def test_a_file_with_bad_rows_is_refused_whole_with_each_problems_row_and_column(world: World) -> None:
    """Every problem is named by sheet, row and column heading; the good rows are not saved either."""
    book = _book(
        inventory_excel.inventory_workbook(world.focal_a, organisation_id=world.opd_a, template=True)
    )
    services, applications = book["Layanan"], book["Aplikasi"]
    services.append(["Layanan Baik", "Layanan publik", "Daring", "https://baik.malutprov.go.id"])
    services.append(["Layanan Buruk", "Layanan publik", "Daring", "http://buruk.malutprov.go.id"])
    services.append(["Layanan Lain", "Layanan publik", "Daring", None, "mungkin"])
    services.append(["layanan baik", "Layanan publik", "Hanya luring"])
    applications.append(["Aplikasi X", "Aplikasi khusus", "Awan", "Layanan Baik"])
    applications.append(["Aplikasi Y", "Aplikasi khusus", "PDN", "Layanan Hilang"])
    before = table_rows()
    with pytest.raises(InventoryFileError) as refused:
        inventory_excel.import_inventory(world.focal_a, organisation_id=world.opd_a, content=_saved(book))
    where = [(p.sheet, p.row, p.column, p.error.key) for p in refused.value.problems]
    assert where == [
        ("Layanan", 3, "Alamat (URL)", "inventory.url_invalid"),
        ("Layanan", 4, "Di portal pemda", "inventory.file.yes_no"),
        ("Layanan", 5, "Nama layanan", "inventory.file.twice"),
        ("Aplikasi", 2, "Hosting", "inventory.bad_choice"),
        ("Aplikasi", 3, "Layanan yang didukung (pisahkan dengan ;)", "inventory.unknown_service"),
    ]
    assert refused.value.problems[0].message("id").startswith("Lembar Layanan, baris 3, kolom Alamat (URL):")
    assert "row 3" in refused.value.problems[0].message("en")
    assert table_rows() == before


def test_a_file_of_another_opd_or_not_a_workbook_is_refused(world: World) -> None:
    """The hidden sheet names the OPD the file was made for; a damaged upload is one translated error."""
    theirs = inventory_excel.inventory_workbook(world.focal_b, organisation_id=world.opd_b)
    assert (
        _refusal(
            lambda: inventory_excel.import_inventory(
                world.focal_a, organisation_id=world.opd_a, content=theirs
            )
        )
        == "inventory.file.other_opd"
    )
    assert (
        _refusal(
            lambda: inventory_excel.import_inventory(
                world.focal_a, organisation_id=world.opd_a, content=b"bukan xlsx"
            )
        )
        == "workbook.not_a_workbook"
    )
    assert (
        _refusal(
            lambda: inventory_excel.import_inventory(
                world.leader, organisation_id=world.opd_a, content=theirs
            )
        )
        == "perm.denied"
    )


# --------------------------------------------------------------------------- the Sekda's numbers, evidence


def test_the_sekda_sees_the_counts_per_opd_and_beside_the_pemdi_aspects(world: World) -> None:
    """Online / total, on the portal, with SP4N-LAPOR!, applications without a data exchange, stale audits."""
    inventory.save_service(world.focal_a, organisation_id=world.opd_a, entry=PERIZINAN)
    inventory.save_service(world.focal_a, organisation_id=world.opd_a, entry=PENGADUAN)
    inventory.save_service(
        world.focal_b, organisation_id=world.opd_b, entry=ServiceEntry(name="Layanan Kepegawaian")
    )
    inventory.save_application(world.focal_a, organisation_id=world.opd_a, entry=SICANTIK)
    inventory.save_application(
        world.focal_b, organisation_id=world.opd_b, entry=ApplicationEntry(name="SIMPEG")
    )

    view = inventory_summary.inventory_summary(world.leader, today=date(2026, 12, 5))
    assert {k: view.totals[k] for k in ("services", "online", "on_portal", "with_lapor")} == {
        "services": 3, "online": 2, "on_portal": 1, "with_lapor": 1,
    }  # fmt: skip
    assert (view.totals["applications"], view.totals["without_exchange"], view.totals["audit_stale"]) == (
        2,
        1,
        1,
    )
    per_opd = view.per_opd.set_index("opd")
    assert list(per_opd.loc["BKD", ["services", "online", "applications", "audit_stale"]]) == [1, 0, 1, 1]
    assert per_opd.loc["Diskominfosan", "skm_mean"] == pytest.approx(82.5)
    pemdi = view.pemdi.set_index("measure")
    assert pemdi.loc["on_portal", "aspect"] == "Keterpaduan Layanan Digital Pemerintah"
    assert (pemdi.loc["on_portal", "count"], pemdi.loc["on_portal", "total"]) == (1, 2)
    assert (pemdi.loc["audit_recent", "count"], pemdi.loc["audit_recent", "total"]) == (1, 2)
    later = inventory_summary.inventory_summary(world.leader, today=date(2027, 6, 1))
    assert later.totals["audit_stale"] == 2  # the March 2025 audit is now older than two years


def test_an_entry_linked_as_evidence_shows_on_the_item_until_retired(world: World) -> None:
    """The focal point offers a service as evidence for an item and takes it off; retiring the service ends a link."""
    service_id = inventory.save_service(world.focal_a, organisation_id=world.opd_a, entry=PERIZINAN)
    item = submission_id(world, organisation_id=world.opd_a, code="1")
    items = inventory_links.linkable_items(
        world.focal_a, period_id=world.period_id, organisation_id=world.opd_a
    )
    assert item in set(items["submission_id"])
    link_id = inventory_links.link_inventory_evidence(
        world.focal_a, submission_id=item, service_id=service_id
    )
    shown = inventory_links.item_inventory_evidence(world.inspector, submission_id=item)
    assert list(shown["name"]) == ["Perizinan Berusaha"] and shown.iloc[0]["url"] == "https://sicantik.go.id"
    assert list(inventory_links.entry_links(world.focal_a, organisation_id=world.opd_a)["link_id"]) == [
        link_id
    ]
    assert (
        _refusal(
            lambda: inventory_links.link_inventory_evidence(
                world.focal_a, submission_id=item, service_id=service_id
            )
        )
        == "inventory.link.already"
    )
    other = submission_id(world, organisation_id=world.opd_b, code="36")
    assert (
        _refusal(
            lambda: inventory_links.link_inventory_evidence(
                world.focal_b, submission_id=other, service_id=service_id
            )
        )
        == "perm.other_opd"
    )

    inventory_links.detach_inventory_evidence(world.focal_a, link_id=link_id)
    assert inventory_links.item_inventory_evidence(world.focal_a, submission_id=item).empty
    assert _refusal(lambda: inventory_links.detach_inventory_evidence(world.focal_a, link_id=link_id)) == (
        "inventory.link.already_detached"
    )
    inventory_links.link_inventory_evidence(world.focal_a, submission_id=item, service_id=service_id)
    inventory.retire_entry(world.focal_a, organisation_id=world.opd_a, service_id=service_id)
    assert inventory_links.item_inventory_evidence(world.focal_a, submission_id=item).empty
    assert inventory.inventory(world.focal_a, organisation_id=world.opd_a).services.empty
    assert [a for a, _ in _audit("inventory.")][-2:] == [
        "inventory.evidence_linked",
        "inventory.service_retired",
    ]
