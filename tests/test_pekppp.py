"""PEKPPP (issue 17 §2): the catalog loads with its 6 aspects, 30 scored indicators and nine bands; an
administrator marks which OPDs are service units; a PEKPPP period assesses only those, and its index for a small
constructed pemda matches the numbers worked out by hand."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pandas as pd
import pytest
from factories import World, build_world, make_catalog, make_organisation, make_user, wit
from sqlmodel import col, select

from i18n import LenteraError
from indicators import ROOT_CODE, load_catalog
from indicators.provenance import source_note
from models.database import session_scope
from models.tables import AuditEvent, Organisation, Submission
from scoring import score
from services import assignments, organisations, periods, submissions
from services.overview import period_overview
from vocabulary import Role

# -- the catalog ---------------------------------------------------------------------------------------------


def test_pekppp_has_six_aspects_thirty_indicators_with_weights_within_each_aspect() -> None:
    """The aspects weigh 24/25/18/11/10/12; each aspect's indicator weights add up to 100; item 31 is left out."""
    catalog = load_catalog("pekppp-2022")
    assert (catalog.provenance, catalog.assessed, catalog.scale.min, catalog.scale.max) == (
        "provisional",
        "service_unit",
        0,
        5,
    )
    assert [(a.name, a.weight) for a in catalog.top_level] == [
        ("Kebijakan Pelayanan", 24),
        ("Profesionalisme SDM", 25),
        ("Sarana dan Prasarana", 18),
        ("Sistem Informasi Pelayanan Publik", 11),
        ("Konsultasi dan Pengaduan", 10),
        ("Inovasi Pelayanan Publik", 12),
    ]
    assert [leaf.code for leaf in catalog.leaves()] == [str(n) for n in range(1, 31)]
    for aspect in catalog.top_level:
        assert sum(child.weight for child in aspect.children) == 100, aspect.name
    assert all(
        leaf.rule is not None and leaf.rule.allowed_values() == [0, 1, 2, 3, 4, 5]
        for leaf in catalog.leaves()
    )
    assert catalog.source and "pekppp-2022-indicators.csv" in catalog.source


def test_shipped_pekppp_yaml_matches_its_generator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """scripts/build_pekppp_catalog.py on the shipped CSV writes exactly the shipped YAML."""
    repo = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location(
        "build_pekppp_catalog", repo / "scripts" / "build_pekppp_catalog.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "seed_data").mkdir()
    (tmp_path / "indicators" / "catalogs").mkdir(parents=True)
    for name in ("pekppp-2022-indicators.csv", "pekppp-2022-levels.csv"):
        shutil.copy(repo / "seed_data" / name, tmp_path / "seed_data")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    module.main()
    built = (tmp_path / "indicators" / "catalogs" / "pekppp-2022.yaml").read_text(encoding="utf-8")
    assert built == (repo / "indicators" / "catalogs" / "pekppp-2022.yaml").read_text(encoding="utf-8")


def test_answer_options_read_as_the_instrument_words_them_where_a_source_reports_it() -> None:
    """All 30 indicators carry the reported wording of each score 0–5 (each row with its sources), none the
    neutral names: 1–17 from one tool's seed, 18–30 where at least two PEKPPP tools agree."""
    catalog = load_catalog("pekppp-2022")
    sp = catalog.node("1").rule
    names = (sp.level_names() if sp is not None else None) or {}
    assert names[0] == "Tidak tersedia Standar Pelayanan"
    assert names[3] == "Tersedia SP yang memenuhi 14 komponen dan dilakukan penetapan"
    skm = catalog.node("8").rule
    assert skm is not None and (skm.level_names() or {})[5].startswith(
        "Tindak lanjut hasil SKM dilaksanakan 100%"
    )
    neutral = {0: "Tidak ada", 1: "Sangat kurang", 2: "Kurang", 3: "Cukup", 4: "Baik", 5: "Sangat baik"}
    worded = {
        leaf.code for leaf in catalog.leaves() if leaf.rule is not None and leaf.rule.level_names() != neutral
    }
    assert worded == {str(n) for n in range(1, 31)}
    vulnerable = catalog.node("18").rule
    assert vulnerable is not None and (vulnerable.level_names() or {})[5] == (
        "Tersedia 13 atau lebih sarana prasarana bagi pengguna layanan kelompok rentan"
    )
    complaints = catalog.node("28").rule
    assert complaints is not None and "SP4N-LAPOR!" in (complaints.level_names() or {})[5]
    rows = pd.read_csv(Path(__file__).resolve().parent.parent / "seed_data" / "pekppp-2022-levels.csv")
    assert len(rows) == 30 * 6 and rows["source"].str.contains("github:").all()
    later = rows[rows["indicator_no"] >= 18]
    assert all(len(source.split(" | ")) >= 2 for source in later["source"])  # two agreeing sources a row


def test_a_pekppp_report_names_its_reported_sources_not_kpk() -> None:
    """The source note of a report on PEKPPP says the catalog is provisional and where it was reported from."""
    note = source_note(load_catalog("pekppp-2022"), "id")
    assert "katalog sementara" in note and "PermenPANRB 29/2022" in note and "KPK" not in note


@pytest.mark.parametrize(
    ("index", "band"),
    [
        (0.0, "F – Gagal"),
        (1.0, "F – Gagal"),
        (1.01, "E – Sangat Buruk"),
        (1.5, "E – Sangat Buruk"),
        (2.51, "C – Cukup"),
        (3.5, "B- – Baik (Dengan Catatan)"),
        (4.0, "B – Baik"),
        (4.5, "A- – Sangat Baik"),
        (4.51, "A – Pelayanan Prima"),
        (5.0, "A – Pelayanan Prima"),
    ],
)
def test_the_nine_bands_read_as_published_on_two_decimals(index: float, band: str) -> None:
    """F 0–1,00, E 1,01–1,50 … A 4,51–5,00: an index on a published edge falls in the lower band."""
    catalog = load_catalog("pekppp-2022")
    assert len(catalog.zones) == 9
    assert catalog.zone_for(index) == band


def test_an_unanswered_indicator_counts_zero() -> None:
    """Nothing answered scores 0 (band F); every indicator at 3 but indicator 1 unanswered: 3 − 3 × 0,24 × 0,17."""
    catalog = load_catalog("pekppp-2022")
    codes = [leaf.code for leaf in catalog.leaves()]
    empty = pd.DataFrame({"entity": "u", "code": codes, "value": float("nan")})
    total = score(catalog, empty).set_index("code").loc[ROOT_CODE]
    assert (total["score"], total["zone"]) == (0, "F – Gagal")
    answered = empty.assign(value=3.0)
    answered.loc[0, "value"] = float("nan")
    total = score(catalog, answered).set_index("code").loc[ROOT_CODE]
    assert total["score"] == pytest.approx(3 - 3 * 0.24 * 0.17)


# -- service units -------------------------------------------------------------------------------------------


@pytest.fixture
def world(db_url: str) -> World:
    return build_world()


def test_only_an_admin_marks_a_service_unit_and_the_change_is_audited(world: World) -> None:
    """The admin sets and clears the flag (one audit event each); leader, inspector and focal point are refused."""
    for actor in (world.leader, world.inspector, world.focal_a):
        with pytest.raises(LenteraError) as caught:
            organisations.set_service_unit(actor, organisation_id=world.opd_a, service_unit=True)
        assert caught.value.key in {"perm.denied", "perm.other_opd"}
    with pytest.raises(LenteraError) as caught:
        organisations.set_service_unit(world.inspector_kab, organisation_id=world.opd_kab, service_unit=True)
    assert caught.value.key == "perm.denied"

    info = organisations.set_service_unit(world.admin, organisation_id=world.opd_a, service_unit=True)
    assert info.service_unit
    frame = organisations.list_organisations(world.admin).set_index("id")
    assert bool(frame.loc[world.opd_a, "service_unit"]) and not bool(frame.loc[world.opd_b, "service_unit"])
    organisations.set_service_unit(world.admin, organisation_id=world.opd_a, service_unit=True)  # no change
    organisations.set_service_unit(world.admin, organisation_id=world.opd_a, service_unit=False)
    with session_scope() as session:
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.action == "organisation.service_unit")
            .order_by(col(AuditEvent.id))
        ).all()
        assert [(e.entity_id, e.before, e.after) for e in events] == [
            (str(world.opd_a), {"service_unit": False}, {"service_unit": True}),
            (str(world.opd_a), {"service_unit": True}, {"service_unit": False}),
        ]
        assert not session.get(Organisation, world.opd_a).service_unit  # type: ignore[union-attr]


def _unit(world: World, abbreviation: str, name: str, kind: str) -> tuple[int, object]:
    organisation_id = make_organisation(
        region_id=world.province_id, abbreviation=abbreviation, name=name, kind=kind
    )
    organisations.set_service_unit(world.admin, organisation_id=organisation_id, service_unit=True)
    focal = make_user(
        username=f"op.{abbreviation.lower()}",
        role=Role.focal_point,
        organisation_id=organisation_id,
        region_id=world.province_id,
    )
    return organisation_id, focal


def test_a_pekppp_period_assesses_service_units_only_and_its_index_matches_the_hand_computation(
    world: World,
) -> None:
    """Two units: RSUD all 4 → 4,00 (B); DPMPTSP all 5 but indicator 1 at 0 and 29 at 2 → 4,616 (A); the pemda
    (mean of the units' values per indicator) 4,308 (A-); BKD, not a unit, has no item and is not ranked."""
    rsud, focal_rsud = _unit(world, "RSUD", "RSUD Dr. H. Chasan Boesoirie", "rsud")
    dpmptsp, focal_dpmptsp = _unit(world, "DPMPTSP", "Dinas Penanaman Modal dan PTSP", "dinas")
    make_catalog("pekppp-2022")
    period = periods.create_period(
        world.admin,
        catalog_key="pekppp-2022",
        region_id=world.province_id,
        name="PEKPPP 2026",
        opens_at=wit(2026, 1, 5, 8),
        submission_deadline=wit(2099, 5, 31, 23, 59),
        verification_deadline=wit(2099, 7, 31, 23, 59),
    )
    period_id = int(period.id)
    matrix = assignments.assignment_matrix(world.admin, period_id=period_id).set_index("opd")
    codes = [str(n) for n in range(1, 31)]
    assert matrix.loc[["DPMPTSP", "RSUD"], codes].all().all()
    assert not matrix.drop(index=["DPMPTSP", "RSUD"])[codes].any().any()  # Diskominfosan, BKD: not units
    with pytest.raises(LenteraError) as caught:
        assignments.set_assignment(
            world.admin, period_id=period_id, organisation_id=world.opd_b, code="1", assigned=True
        )
    assert caught.value.key == "period.not_a_service_unit"

    values = {rsud: dict.fromkeys(codes, 4.0), dpmptsp: {**dict.fromkeys(codes, 5.0), "1": 0.0, "29": 2.0}}
    actors = {rsud: focal_rsud, dpmptsp: focal_dpmptsp}
    with session_scope() as session:
        rows = session.exec(select(Submission).where(Submission.period_id == period_id)).all()
        ids = [(s.id, s.organisation_id, s.code) for s in rows]
    assert {organisation for _, organisation, _ in ids} == {rsud, dpmptsp}
    for submission_id, organisation, code in ids:
        submissions.save_draft(
            actors[organisation],  # type: ignore[arg-type]
            submission_id=int(submission_id or 0),
            self_value=values[organisation][code],
            note=None,
        )

    overview = period_overview(world.leader, period_id=period_id)
    totals = overview.opd_scores.loc[overview.opd_scores["code"].astype(str) == ROOT_CODE].set_index("entity")
    assert totals.loc[str(rsud), "self_score"] == pytest.approx(4.0)
    # aspect 1 = 83 % × 5 = 4,15; aspect 6 = (2 + 5) / 2 = 3,5; index = 0,24 × 4,15 + 0,64 × 5 + 0,12 × 3,5
    assert totals.loc[str(dpmptsp), "self_score"] == pytest.approx(4.616)
    catalog = load_catalog("pekppp-2022")
    assert catalog.zone_for(4.0) == "B – Baik" and catalog.zone_for(4.616) == "A – Pelayanan Prima"
    assert set(overview.opd_ranking["entity"]) == {str(rsud), str(dpmptsp)}
    pemda = overview.region_scores.loc[
        (overview.region_scores["code"].astype(str) == ROOT_CODE)
        & (overview.region_scores["entity"].astype(str) == str(world.province_id))
    ]
    # per indicator the mean of the two units: 1 → 2; 29 → 3; the rest 4,5
    # aspect 1 = 0,17 × 2 + 0,83 × 4,5 = 4,075; aspect 6 = 3,75; index = 0,24 × 4,075 + 0,64 × 4,5 + 0,12 × 3,75
    assert float(pemda["self_score"].iloc[0]) == pytest.approx(4.308)
    assert catalog.zone_for(4.308) == "A- – Sangat Baik"


# -- the admin's control ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("browserless")
def test_admin_marks_an_opd_as_a_service_unit_on_the_opd_page(demo: dict[str, str]) -> None:
    """On /opd the admin picks Disdukcapil, ticks "unit penyelenggara pelayanan" and saves; the table shows it."""
    from app_driver import actor_of, go_to, sign_in, texts

    from i18n import t

    admin = actor_of("admin")
    frame = organisations.list_organisations(admin)
    demo_units = set(frame.loc[frame["service_unit"].astype(bool), "abbreviation"])
    assert {"DPMPTSP", "RSUD CB", "Bapenda"} <= demo_units  # the demo's service units
    target = frame[(frame["abbreviation"] == "Disdukcapil") & ~frame["service_unit"].astype(bool)].iloc[0]

    at = sign_in("admin", demo["admin"])
    go_to(at, "opd").run()
    at.selectbox(key="unit_opd").set_value(int(target["id"])).run()
    at.checkbox(key=f"unit_flag_{int(target['id'])}").check()
    at.button(key="unit_submit").click().run()
    assert not at.exception
    assert texts(at.success) == [t("ui.opd.service_unit_saved", "id")]
    after = organisations.list_organisations(admin).set_index("id")
    assert bool(after.loc[int(target["id"]), "service_unit"])


@pytest.mark.usefixtures("browserless")
def test_the_sekda_sees_a_service_unit_ranking_for_a_pekppp_period(demo: dict[str, str]) -> None:
    """A PEKPPP period of the province ranks its service units: the first tab reads "Peringkat unit layanan"."""
    from app_driver import actor_of, go_to, sign_in

    from i18n import t
    from models.tables import Region
    from services import catalogs

    catalogs.ensure_shipped_catalogs()
    with session_scope() as session:
        province = session.exec(select(Region).where(Region.kemendagri_code == "82")).one()
    info = periods.create_period(
        actor_of("admin"),
        catalog_key="pekppp-2022",
        region_id=int(province.id or 0),
        name="PEKPPP 2026 (DATA DEMO)",
        opens_at=wit(2026, 1, 5, 8),
        submission_deadline=wit(2099, 5, 31, 23, 59),
        verification_deadline=wit(2099, 7, 31, 23, 59),
    )
    at = sign_in("sekda", demo["sekda"])
    go_to(at, "ikhtisar").run()
    at.selectbox(key="period_select").set_value(int(info.id)).run()
    assert not at.exception
    labels = [tab.label for tab in at.tabs]
    assert t("ui.tab.unit_ranking", "id") in labels and t("ui.tab.opd_ranking", "id") not in labels
