"""Who may do what: every role × every service action, as designed, read straight off one table.

``@B`` rows name OPD B's submission or evidence by id while acting as OPD A's focal point (or anyone else):
a focal point must never reach another OPD's data by guessing ids. ``inspector_kab`` is an inspector of a
kabupaten, outside the province whose period is used. A refused action must change no row in any table.

Each test starts from a copy of one seeded SQLite database (a state with a draft, a submitted and a verified
item of OPD A, and a draft of OPD B, each with evidence), so the 100+ cases run in seconds.
"""

from __future__ import annotations

import ast
import io
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from factories import PDF_BYTES, World, attach_evidence, build_world, submission_id, table_rows, wit

from config import get_settings
from i18n import LenteraError
from models.database import engine_for
from models.migrate import upgrade_database
from services import (
    assignments,
    audit,
    berita_acara,
    document_numbers,
    document_progress,
    evidence,
    exports,
    freshness,
    inventory,
    inventory_links,
    inventory_summary,
    offline,
    periods,
    rekap,
    submission_views,
    submissions,
    users,
    verification,
)
from services.actor import Actor
from services.national import national_ranking
from services.overview import opd_overview, period_overview
from services.permissions import PERMISSIONS, allowed
from vocabulary import Role

ROLES = ("admin", "leader", "inspector", "inspector_kab", "focal_a")

MATRIX = """
action               admin  leader  inspector  inspector_kab  focal_a
save_draft             -      -        -            -           yes
save_draft@B           -      -        -            -            -
submit                 -      -        -            -           yes
submit@B               -      -        -            -            -
approve               yes     -       yes           -            -
return                yes     -       yes           -            -
reopen                yes     -       yes           -            -
checklist             yes    yes      yes           -           yes
checklist@B           yes    yes      yes           -            -
item_detail           yes    yes      yes           -           yes
item_detail@B         yes    yes      yes           -            -
queue                 yes     -       yes           -            -
list_periods          yes    yes      yes          yes          yes
get_period            yes    yes      yes           -           yes
create_period         yes     -        -            -            -
extend_deadline       yes     -        -            -            -
set_state             yes     -        -            -            -
set_assignment        yes     -        -            -            -
assignment_matrix     yes    yes      yes           -            -
set_lead              yes     -       yes           -            -
upload                 -      -        -            -           yes
upload@B               -      -        -            -            -
detach                 -      -        -            -           yes
list_evidence         yes    yes      yes           -           yes
evidence_file         yes    yes      yes           -           yes
evidence_file@B       yes    yes      yes           -            -
create_user           yes     -        -            -            -
save_and_submit        -      -        -            -           yes
save_and_submit@B      -      -        -            -            -
period_overview       yes    yes      yes           -            -
opd_overview          yes    yes      yes           -           yes
opd_overview@B        yes    yes      yes           -            -
national_ranking      yes    yes      yes          yes           -
audit_log             yes     -        -            -            -
document_progress     yes    yes      yes           -           yes
document_progress@B   yes    yes      yes           -            -
rekap                 yes    yes      yes           -            -
stale_items           yes    yes      yes           -           yes
stale_items@B         yes    yes      yes           -            -
offline_sheet         yes    yes      yes           -           yes
offline_sheet@B       yes    yes      yes           -            -
export_province       yes    yes      yes           -            -
berita_acara          yes     -       yes           -            -
document_settings     yes     -        -            -            -
edit_inventory        yes     -       yes           -           yes
edit_inventory@B      yes     -       yes           -            -
inventory             yes    yes      yes           -           yes
inventory@B           yes    yes      yes           -            -
inventory_summary     yes    yes      yes           -            -
link_inventory_evidence   yes   -       yes           -           yes
link_inventory_evidence@B yes   -       yes           -            -
"""

REFUSALS = {"perm.denied", "perm.other_opd", "perm.out_of_region", "dashboard.focal_point_own_opd"}


def _parse(table: str) -> dict[str, dict[str, bool]]:
    header, *lines = [line.split() for line in table.strip().splitlines()]
    assert tuple(header[1:]) == ROLES
    return {
        cells[0]: {role: cell == "yes" for role, cell in zip(ROLES, cells[1:], strict=True)}
        for cells in lines
    }


EXPECTED = _parse(MATRIX)


@dataclass(frozen=True)
class Targets:
    """Ids in the seeded database."""

    draft_a: int  # OPD A, draft with a value and evidence
    submitted_a: int
    verified_a: int
    draft_b: int  # OPD B, draft with a value and evidence
    evidence_a: int
    evidence_b: int
    link_a: int
    service_a: int = 0  # OPD A's inventory service (``link_inventory_evidence``)
    service_b: int = 0


Action = Callable[[World, Targets, Actor], object]

ACTIONS: dict[str, Action] = {
    "save_draft": lambda w, t, a: submissions.save_draft(a, submission_id=t.draft_a, self_value=4, note="x"),
    "save_draft@B": lambda w, t, a: submissions.save_draft(
        a, submission_id=t.draft_b, self_value=4, note="x"
    ),
    "submit": lambda w, t, a: submissions.submit(a, submission_id=t.draft_a),
    "submit@B": lambda w, t, a: submissions.submit(a, submission_id=t.draft_b),
    "approve": lambda w, t, a: verification.approve(a, submission_id=t.submitted_a, verified_value=2),
    "return": lambda w, t, a: verification.return_item(a, submission_id=t.submitted_a, reason="kurang"),
    "reopen": lambda w, t, a: verification.reopen(a, submission_id=t.verified_a, reason="ulang"),
    "checklist": lambda w, t, a: submission_views.checklist(
        a, period_id=w.period_id, organisation_id=w.opd_a
    ),
    "checklist@B": lambda w, t, a: submission_views.checklist(
        a, period_id=w.period_id, organisation_id=w.opd_b
    ),
    "item_detail": lambda w, t, a: submission_views.item_detail(a, submission_id=t.draft_a),
    "item_detail@B": lambda w, t, a: submission_views.item_detail(a, submission_id=t.draft_b),
    "queue": lambda w, t, a: verification.queue(a, period_id=w.period_id),
    "list_periods": lambda w, t, a: periods.list_periods(a),
    "get_period": lambda w, t, a: periods.get_period(a, period_id=w.period_id),
    "create_period": lambda w, t, a: periods.create_period(
        a,
        catalog_key="spbe-2021",
        region_id=w.province_id,
        name="SPBE 2027",
        opens_at=wit(2027, 1, 4),
        submission_deadline=wit(2027, 5, 31, 23, 59),
        verification_deadline=wit(2027, 7, 31, 23, 59),
    ),
    "extend_deadline": lambda w, t, a: periods.extend_deadline(
        a, period_id=w.period_id, organisation_id=w.opd_a, until=wit(2099, 6, 30), reason="gangguan SIPD"
    ),
    "set_state": lambda w, t, a: periods.set_state(a, period_id=w.period_id, state="locked"),
    "set_assignment": lambda w, t, a: assignments.set_assignment(
        a, period_id=w.period_id, organisation_id=w.opd_b, code="32", assigned=True
    ),
    "assignment_matrix": lambda w, t, a: assignments.assignment_matrix(a, period_id=w.period_id),
    "set_lead": lambda w, t, a: assignments.set_lead(
        a, period_id=w.period_id, code="1", organisation_id=w.opd_a
    ),
    "upload": lambda w, t, a: evidence.upload_evidence(
        a, submission_id=t.draft_a, filename="tambahan.pdf", stream=io.BytesIO(PDF_BYTES + b"%2\n")
    ),
    "upload@B": lambda w, t, a: evidence.upload_evidence(
        a, submission_id=t.draft_b, filename="tambahan.pdf", stream=io.BytesIO(PDF_BYTES + b"%2\n")
    ),
    "detach": lambda w, t, a: evidence.detach_evidence(a, link_id=t.link_a),
    "list_evidence": lambda w, t, a: evidence.list_evidence(a, submission_id=t.draft_a),
    "evidence_file": lambda w, t, a: evidence.evidence_file(a, evidence_id=t.evidence_a),
    "evidence_file@B": lambda w, t, a: evidence.evidence_file(a, evidence_id=t.evidence_b),
    "create_user": lambda w, t, a: users.create_user(
        a, username="op.baru", full_name="Operator Baru", password="sandi-baru-2026", role="inspector"
    ),
    "save_and_submit": lambda w, t, a: submissions.save_and_submit(
        a, submission_id=t.draft_a, self_value=4, note="x"
    ),
    "save_and_submit@B": lambda w, t, a: submissions.save_and_submit(
        a, submission_id=t.draft_b, self_value=4, note="x"
    ),
    "period_overview": lambda w, t, a: period_overview(a, period_id=w.period_id),
    "opd_overview": lambda w, t, a: opd_overview(a, period_id=w.period_id, organisation_id=w.opd_a),
    "opd_overview@B": lambda w, t, a: opd_overview(a, period_id=w.period_id, organisation_id=w.opd_b),
    "national_ranking": lambda w, t, a: national_ranking(a, catalog_key="spbe-2021"),
    "audit_log": lambda w, t, a: audit.audit_log(a),
    "document_progress": lambda w, t, a: document_progress.document_progress(
        a, period_id=w.period_id, organisation_id=w.opd_a
    ),
    "document_progress@B": lambda w, t, a: document_progress.document_progress(
        a, period_id=w.period_id, organisation_id=w.opd_b
    ),
    "rekap": lambda w, t, a: rekap.rekap_document(a, period_id=w.period_id),
    "stale_items": lambda w, t, a: freshness.stale_items(a, period_id=w.period_id, organisation_id=w.opd_a),
    "stale_items@B": lambda w, t, a: freshness.stale_items(a, period_id=w.period_id, organisation_id=w.opd_b),
    "offline_sheet": lambda w, t, a: offline.offline_sheet(a, period_id=w.period_id, organisation_id=w.opd_a),
    "offline_sheet@B": lambda w, t, a: offline.offline_sheet(
        a, period_id=w.period_id, organisation_id=w.opd_b
    ),
    "export_province": lambda w, t, a: exports.export_bytes(a, period_id=w.period_id, fmt="csv"),
    "berita_acara": lambda w, t, a: berita_acara.issue_berita_acara(a, period_id=w.period_id),
    "document_settings": lambda w, t, a: document_numbers.document_settings(a, region_id=w.province_id),
    "edit_inventory": lambda w, t, a: inventory.save_service(
        a, organisation_id=w.opd_a, entry=inventory.ServiceEntry(name="Layanan Uji")
    ),
    "edit_inventory@B": lambda w, t, a: inventory.save_service(
        a, organisation_id=w.opd_b, entry=inventory.ServiceEntry(name="Layanan Uji")
    ),
    "inventory": lambda w, t, a: inventory.inventory(a, organisation_id=w.opd_a),
    "inventory@B": lambda w, t, a: inventory.inventory(a, organisation_id=w.opd_b),
    "inventory_summary": lambda w, t, a: inventory_summary.inventory_summary(a, region_id=w.province_id),
    "link_inventory_evidence": lambda w, t, a: inventory_links.link_inventory_evidence(
        a, submission_id=t.draft_a, service_id=t.service_a
    ),
    "link_inventory_evidence@B": lambda w, t, a: inventory_links.link_inventory_evidence(
        a, submission_id=t.draft_b, service_id=t.service_b
    ),
}


def test_the_matrix_names_every_action_once() -> None:
    assert list(EXPECTED) == list(ACTIONS)


# --------------------------------------------------------------------------- the table in services/permissions.py

ROLE_OF = {
    "admin": Role.admin,
    "leader": Role.leader,
    "inspector": Role.inspector,
    "inspector_kab": Role.inspector,
    "focal_a": Role.focal_point,
}
IN_SCOPE = ("admin", "leader", "inspector", "focal_a")  # their own province and OPD: only the role decides


def test_the_permission_table_agrees_with_the_matrix() -> None:
    """An own-scope row of the matrix is the table's answer; a row out of scope can only take away."""
    for name, row in EXPECTED.items():
        action, _, other = name.partition("@")
        assert action in PERMISSIONS, action
        for column, expected in row.items():
            role = ROLE_OF[column]
            if expected:
                assert allowed(role, action), (action, column)
            elif column in IN_SCOPE and not other:
                assert not allowed(role, action), (action, column)


_CHECKERS = {
    "require",
    "allowed",
    "roles_for",
    "PageSpec",
    "editable_submission",
    "load_action",
    "_open_action",
}


def _named_actions() -> set[str]:
    """Every string handed to a permission check (or naming a page's or a workflow move's permission)."""
    root = Path(__file__).resolve().parents[1]
    named: set[str] = set()
    for path in [*root.glob("services/**/*.py"), *root.glob("ui/**/*.py")]:
        if path.name == "permissions.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                function = (
                    node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                )
                if function in _CHECKERS:
                    values = [*node.args, *(k.value for k in node.keywords)]
                    named |= {
                        v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)
                    }
            elif isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "_PERMISSION_OF_MOVE" for target in node.targets
            ):
                assert isinstance(node.value, ast.Dict)
                named |= {
                    v.value
                    for v in node.value.values
                    if isinstance(v, ast.Constant) and isinstance(v.value, str)
                }
    return named


def test_every_action_in_the_table_is_checked_somewhere() -> None:
    named = _named_actions()
    assert set(PERMISSIONS) - named == set(), "actions no service or page checks"
    assert {n for n in named if n.startswith("page.")} <= set(PERMISSIONS)


# --------------------------------------------------------------------------- one seeded database, copied


def _point_settings_at(monkeypatch: pytest.MonkeyPatch, data: Path) -> str:
    url = f"sqlite:///{(data / 'lentera.db').as_posix()}"
    monkeypatch.setenv("LENTERA_DATA_DIR", str(data))
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    return url


def _release(url: str) -> None:
    engine_for(url).dispose()
    engine_for.cache_clear()
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World, Targets]:
    data = tmp_path_factory.mktemp("permissions") / "data"
    data.mkdir()
    with pytest.MonkeyPatch.context() as monkeypatch:
        url = _point_settings_at(monkeypatch, data)
        upgrade_database(url)
        world = build_world()
        focal_a, focal_b = world.focal_a, world.focal_b

        def drafted(actor: Actor, organisation_id: int, code: str) -> tuple[int, int]:
            item = submission_id(world, organisation_id=organisation_id, code=code)
            submissions.save_draft(actor, submission_id=item, self_value=3, note=None)
            return item, attach_evidence(actor, submission_id=item, content=PDF_BYTES + code.encode())

        draft_a, evidence_a = drafted(focal_a, world.opd_a, "1")
        submitted_a, _ = drafted(focal_a, world.opd_a, "2")
        submissions.submit(focal_a, submission_id=submitted_a)
        verified_a, _ = drafted(focal_a, world.opd_a, "3")
        submissions.submit(focal_a, submission_id=verified_a)
        verification.approve(world.inspector, submission_id=verified_a, verified_value=3)
        draft_b, evidence_b = drafted(focal_b, world.opd_b, "36")
        link_a = evidence.list_evidence(focal_a, submission_id=draft_a)[0].link_id
        assert link_a is not None
        service_a, service_b = (
            inventory.save_service(
                focal, organisation_id=opd, entry=inventory.ServiceEntry(name="Layanan Tautan Uji")
            )
            for focal, opd in ((focal_a, world.opd_a), (focal_b, world.opd_b))
        )
        _release(url)
    targets = Targets(
        draft_a, submitted_a, verified_a, draft_b, evidence_a, evidence_b, link_a, service_a, service_b
    )
    return data, world, targets


@pytest.fixture
def fresh(
    seeded: tuple[Path, World, Targets], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[World, Targets]]:
    template, world, targets = seeded
    data = tmp_path / "data"
    shutil.copytree(template, data)
    url = _point_settings_at(monkeypatch, data)
    yield world, targets
    _release(url)


# --------------------------------------------------------------------------- the matrix


@pytest.mark.parametrize(
    ("action", "role"),
    [(action, role) for action in EXPECTED for role in ROLES],
    ids=[f"{action}-{role}" for action in EXPECTED for role in ROLES],
)
def test_permission_matrix(fresh: tuple[World, Targets], action: str, role: str) -> None:
    world, targets = fresh
    actor = world.actor(role)
    if EXPECTED[action][role]:
        ACTIONS[action](world, targets, actor)
        return
    before = table_rows()
    with pytest.raises(LenteraError) as caught:
        ACTIONS[action](world, targets, actor)
    assert caught.value.key in REFUSALS, caught.value.message("en")
    assert table_rows() == before, "a refused action changed the database"


def test_a_focal_point_naming_another_opds_item_is_told_it_belongs_to_another_opd(
    fresh: tuple[World, Targets],
) -> None:
    world, targets = fresh
    for action in ("save_draft@B", "submit@B", "item_detail@B", "checklist@B", "upload@B", "evidence_file@B"):
        with pytest.raises(LenteraError) as caught:
            ACTIONS[action](world, targets, world.focal_a)
        assert caught.value.key == "perm.other_opd", action
        assert "OPD" in caught.value.message("id")


def test_list_periods_shows_only_the_periods_in_scope(fresh: tuple[World, Targets]) -> None:
    world, _ = fresh
    assert list(periods.list_periods(world.focal_a)["period_id"]) == [world.period_id]
    assert list(periods.list_periods(world.leader)["period_id"]) == [world.period_id]
    assert periods.list_periods(world.inspector_kab).empty


def test_an_inspector_never_changes_a_self_value(fresh: tuple[World, Targets]) -> None:
    world, targets = fresh
    verification.approve(world.inspector, submission_id=targets.submitted_a, verified_value=1)
    detail = submission_views.item_detail(world.inspector, submission_id=targets.submitted_a)
    assert (detail.self_value, detail.verified_value) == (3.0, 1.0)
    assert detail.actions == ["reopen"]
    assert submission_views.item_detail(world.leader, submission_id=targets.submitted_a).actions == []
