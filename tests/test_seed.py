"""Reference data and the demo: idempotent, realistic, the same every time, and quick."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from conftest import DEMO_NOW, DemoTemplate
from pypdf import PdfReader
from sqlmodel import col, func, select

import cli
from i18n import WIT
from models import session_scope
from models.tables import (
    AuditEvent,
    Evidence,
    EvidenceLink,
    Organisation,
    Period,
    PeriodState,
    PublishedScore,
    Region,
    Review,
    Submission,
    User,
    as_utc,
)
from seed_data import accounts, demo, demo_answers
from seed_data.reference import seed_reference
from services import catalogs, signin
from services.evidence_storage import evidence_store
from services.overview import period_overview

NOW = datetime(2026, 10, 22, 1, 0, tzinfo=UTC)  # 22 October 2026, 10:00 WIT


def _count(model: type) -> int:
    with session_scope() as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def test_reference_data_is_complete_and_idempotent(db_url: str) -> None:
    first = seed_reference()
    # 25 MCP figures; the 11 governments' SPBE results of 2023 and 2024, each an index and four domain indices.
    assert (first.regions, first.organisations, first.published_scores) == (11, 46, 25 + 22 * 5)
    assert seed_reference().total == 0
    assert (_count(Region), _count(Organisation), _count(PublishedScore)) == (11, 46, 25 + 22 * 5)
    with session_scope() as session:
        regions = {r.kemendagri_code: r for r in session.exec(select(Region)).all()}
        province = regions["82"]
        # Kemendagri 82.03 is Halmahera Utara, whose BPS code is 8205 (and the other way round for Sula).
        assert (regions["82.03"].name, regions["82.03"].bps_code) == ("Kabupaten Halmahera Utara", "8205")
        assert (regions["82.05"].name, regions["82.05"].bps_code) == ("Kabupaten Kepulauan Sula", "8203")
        assert {r.parent_id for code, r in regions.items() if code != "82"} == {province.id}
        assert regions["82.71"].kind == "kota" and province.kind == "provinsi"
        unverified = session.exec(select(Organisation).where(col(Organisation.verified).is_(False))).all()
        assert len(unverified) == 8
        assert all(o.note and "not confirmed" in o.note for o in unverified)
        # Unconfirmed units are stored inactive: no period gives them items.
        assert all(o.active_until is not None and o.active_until.year <= 2020 for o in unverified)
        kominfo = session.exec(select(Organisation).where(Organisation.abbreviation == "Diskominfosan")).one()
        assert kominfo.name == "Dinas Komunikasi, Informatika dan Persandian"
        final = session.exec(
            select(PublishedScore).where(
                PublishedScore.kemendagri_code == "82",
                PublishedScore.status == "final",
                PublishedScore.framework == "MCP",
            )
        ).one()
        assert final.score == 90 and final.region_id == province.id
        assert (final.publisher, final.level) == ("KPK", "pemda")
        spbe = session.exec(
            select(PublishedScore).where(PublishedScore.framework == "SPBE", PublishedScore.level == "pemda")
        ).all()
        assert len({row.kemendagri_code for row in spbe}) == 11
        province_2024 = next(r for r in spbe if r.kemendagri_code == "82" and r.year == 2024)
        assert (province_2024.score, province_2024.publisher, province_2024.status) == (
            2.69,
            "KemenPANRB",
            "final",
        )
        assert province_2024.source == "KemenPANRB, Laporan Hasil Evaluasi SPBE 2024, Tabel 48"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def seeded_demo(request: pytest.FixtureRequest) -> demo.DemoSummary:
    """The demo seeded at ``DEMO_NOW``: on SQLite a copy of the session's template, on PostgreSQL seeded here."""
    if request.param == "sqlite":
        request.getfixturevalue("demo")
        template: DemoTemplate = request.getfixturevalue("demo_template")
        return template.summary
    request.getfixturevalue("postgres_url")
    return demo.seed_demo(now=DEMO_NOW)


def test_demo_is_realistic(seeded_demo: demo.DemoSummary) -> None:
    summary, now = seeded_demo, DEMO_NOW
    assert summary.created and not summary.notes
    # About 60% of this year's provincial MCP items were submitted at least once.
    assert 0.5 <= summary.submitted_share <= 0.7
    assert summary.evidence_files > 50
    with session_scope() as session:
        period = session.exec(select(Period).where(Period.name == summary.current)).one()
        previous = session.get(Period, period.previous_period_id)
        assert previous is not None and previous.state == PeriodState.closed
        deadline = period.submission_deadline
        assert deadline is not None
        local = (as_utc(deadline) or now).astimezone(WIT)
        assert (local.hour, local.minute) == (23, 59)
        # The cycle under way follows the catalog's calendar; its upload deadline is kept a few weeks ahead.
        today = now.astimezone(WIT).date()
        catalog = catalogs.catalog_for_period(period.id or 0)
        template = catalog.deadline_dates(catalog.cycle_year(today))["submission"]
        assert local.date() == max(template, today + timedelta(days=24))
        assert period.name == f"MCSP (MCP) {catalog.cycle_year(today)} Provinsi (DATA DEMO)"
        rows = session.exec(select(Submission).where(Submission.period_id == period.id)).all()
        statuses = {s.status for s in rows}
        assert {"empty", "draft", "submitted", "verified", "returned"} <= statuses
        overclaims = [s for s in rows if s.status == "verified" and _overclaim(s) >= 50]
        assert len(overclaims) >= 3
        returned_ids = [s.id for s in rows if s.status == "returned"]
        reasons = session.exec(select(Review.reason).where(col(Review.submission_id).in_(returned_ids))).all()
        assert len(reasons) == len(returned_ids) and set(reasons) <= set(demo_answers.RETURN_REASONS)
        # An item returned for an expired decree carries a decree more than two years old.
        expired = session.exec(
            select(col(Evidence.document_date))
            .join(EvidenceLink, col(EvidenceLink.evidence_id) == col(Evidence.id))
            .join(Review, col(Review.submission_id) == col(EvidenceLink.submission_id))
            .where(Review.reason == demo_answers.EXPIRED_REASON, col(Review.submission_id).in_(returned_ids))
        ).all()
        assert expired and all(d is not None and (now.date() - d).days > 730 for d in expired)
        # The history is in the audit log, at the time it happened.
        reviews = session.exec(
            select(AuditEvent).where(col(AuditEvent.action).in_(["review.approve", "review.return"]))
        ).all()
        assert len(reviews) == _count(Review)
        assert all((as_utc(e.at) or now) < now for e in reviews)
        # Every submitted item carries a real PDF from the evidence store.
        linked = session.exec(
            select(Evidence)
            .join(EvidenceLink, col(EvidenceLink.evidence_id) == col(Evidence.id))
            .join(Submission, col(Submission.id) == col(EvidenceLink.submission_id))
            .where(Submission.period_id == period.id, col(Submission.status).in_(["submitted", "verified"]))
        ).all()
        submitted = [s for s in rows if s.status in ("submitted", "verified")]
        assert len({e.id for e in linked}) >= 10 and len(linked) >= len(submitted)
        sample = linked[0]
        kab_periods = session.exec(
            select(Period).where(col(Period.name).like(summary.current.split(" Provinsi")[0] + " K%"))
        ).all()
        assert len(kab_periods) == 3
    store = evidence_store()
    assert store.verify(sample.sha256)
    with store.open(sample.sha256) as handle:
        text = PdfReader(BytesIO(handle.read())).pages[0].extract_text()
    assert "PEMERINTAH PROVINSI MALUKU UTARA" in text

    # The dashboard reads it: OPD and pemda rankings with rank change against last year.
    admin = signin.get_actor(_user_id("sekda"))
    overview = period_overview(admin, period_id=period.id or 0, now=now)
    assert overview.counts["total"] == summary.items
    assert overview.opd_ranking["rank_change"].notna().sum() > 10
    assert len(overview.region_ranking) == 4  # the province and three kabupaten/kota
    assert overview.region_ranking["rank_change"].notna().all()
    assert 14 <= (overview.days_to_deadline or 0) <= 42


def _user_id(username: str) -> int:
    with session_scope() as session:
        user = session.exec(select(User).where(User.username == username)).one()
        assert user.id is not None
        return user.id


@pytest.mark.usefixtures("demo")
def test_demo_is_idempotent_and_its_logins_work(demo_template: DemoTemplate) -> None:
    summary = demo_template.summary
    counts = [_count(model) for model in (User, Period, Submission, Review, Evidence, Organisation)]
    again = demo.seed_demo(now=NOW)
    assert not again.created
    assert [_count(model) for model in (User, Period, Submission, Review, Evidence, Organisation)] == counts
    assert [login.password for login in again.logins] == [login.password for login in summary.logins]
    assert summary.logins == accounts.demo_logins()
    roles = {login.role for login in summary.logins}
    assert roles == {"admin", "leader", "inspector", "focal_point"}
    # The printed passwords work (one of each kind is enough: argon2 is slow on purpose).
    sekda = next(login for login in summary.logins if login.username == "sekda")
    assert signin.authenticate(username="sekda", password=sekda.password).role == "leader"
    bpkad = next(login for login in summary.logins if login.username == "fp.bpkad")
    focal = signin.authenticate(username="fp.bpkad", password=bpkad.password)
    with session_scope() as session:
        organisation = session.get(Organisation, focal.organisation_id)
        assert organisation is not None and organisation.abbreviation == "BPKAD"


def test_same_seed_same_demo(tmp_path: object, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from config import get_settings
    from models.database import engine_for
    from models.migrate import upgrade_database

    first_logins = demo.seed_demo(now=NOW, evidence=False).logins
    first = _snapshot()
    other = Path(str(tmp_path)) / "other"
    other.mkdir()
    url = f"sqlite:///{(other / 'lentera.db').as_posix()}"
    upgrade_database(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("LENTERA_DATA_DIR", str(other))
    get_settings.cache_clear()
    try:
        other_logins = demo.seed_demo(now=NOW, evidence=False).logins
        assert _snapshot() == first
        # The same data, but every installation draws its own demo passwords (a shared seed published them).
        assert [login.username for login in other_logins] == [login.username for login in first_logins]
        assert not {login.password for login in other_logins} & {login.password for login in first_logins}
    finally:
        engine_for(url).dispose()


def _overclaim(submission: Submission) -> float:
    """How far the OPD's own value is above the verified one (a verified item carries both)."""
    assert submission.self_value is not None and submission.verified_value is not None
    return submission.self_value - submission.verified_value


def _snapshot() -> list[tuple[object, ...]]:
    with session_scope() as session:
        return [
            (s.period_id, s.organisation_id, s.code, s.status, s.self_value, s.verified_value)
            for s in session.exec(select(Submission).order_by(col(Submission.id))).all()
        ]


def test_cli_seed_and_init_demo_if_empty(
    sqlite_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from config import get_settings

    monkeypatch.setenv("LENTERA_DEMO", "true")
    get_settings.cache_clear()
    assert cli.main(["seed"]) == 0
    assert "11 regions, 46 OPDs, 135 published scores" in capsys.readouterr().out
    assert _count(User) == 0
    assert cli.main(["init", "--demo-if-empty"]) == 0
    output = capsys.readouterr().out
    assert "Demo data created." in output and "DEMO ONLY" in output
    for login in accounts.demo_logins():
        assert login.username in output and login.password in output
    users = _count(User)
    assert cli.main(["seed", "--demo"]) == 0
    output = capsys.readouterr().out
    assert "already present" in output and "0 regions" in output
    assert cli.main(["init", "--demo-if-empty"]) == 0
    output = capsys.readouterr().out
    assert "already has users" in output
    for login in accounts.demo_logins():  # printed again, so `make run` always shows logins that work
        assert login.username in output and login.password in output
    assert _count(User) == users
