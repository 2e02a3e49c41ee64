"""Who may do what with rencana aksi: every action × every role, as designed, against the permission table.

Leaders instruct (create) and read; inspectors and admins manage in their region; a focal point works their
own OPD's actions forward. ``@B`` names an action of OPD B while acting as anyone (OPD A's focal point must
never reach it by guessing ids); ``inspector_kab`` inspects a kabupaten, outside the province used here. A
refused action changes no row. Each case starts from a copy of one seeded SQLite database, as in
tests/test_permissions.py.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from factories import PDF_BYTES, World, build_world, table_rows, wit

from config import get_settings
from i18n import LenteraError
from models.database import engine_for
from models.migrate import upgrade_database
from services import action_evidence, action_views, actions
from services.actions import ActionDraft, Owner
from services.actor import Actor
from services.permissions import allowed
from vocabulary import Role

ROLES = ("admin", "leader", "inspector", "inspector_kab", "focal_a")
REFUSALS = {"perm.denied", "perm.other_opd", "perm.out_of_region"}
OWNER = Owner(name="Hasan", nip="198001012005011001", phone="081234567890")
DUE = wit(2099, 6, 30, 23, 59)

MATRIX = """
action                      admin  leader  inspector  inspector_kab  focal_a
list_actions                 yes    yes      yes          yes          yes
list_actions@B               yes    yes      yes           -            -
action_detail                yes    yes      yes           -           yes
action_detail@B              yes    yes      yes           -            -
create_action                yes    yes      yes           -            -
edit_action                  yes     -       yes           -            -
set_action_status            yes     -       yes           -           yes
set_action_status@B          yes     -       yes           -            -
add_action_note              yes     -       yes           -           yes
add_action_note@B            yes     -       yes           -            -
upload_action_evidence       yes     -       yes           -           yes
upload_action_evidence@B     yes     -       yes           -            -
detach_action_evidence       yes     -       yes           -           yes
"""


def _parse(table: str) -> dict[str, dict[str, bool]]:
    header, *lines = [line.split() for line in table.strip().splitlines()]
    assert tuple(header[1:]) == ROLES
    return {cells[0]: {r: c == "yes" for r, c in zip(ROLES, cells[1:], strict=True)} for cells in lines}


EXPECTED = _parse(MATRIX)
ROLE_OF = {"admin": Role.admin, "leader": Role.leader, "inspector": Role.inspector,
           "inspector_kab": Role.inspector, "focal_a": Role.focal_point}  # fmt: skip


@dataclass(frozen=True)
class Targets:
    action_a: int
    action_b: int
    link_a: int


Act = Callable[[World, Targets, Actor], object]


def _upload(action_id: int) -> Act:
    return lambda w, t, a: action_evidence.upload_action_evidence(
        a, action_id=action_id, filename="bukti.pdf", stream=io.BytesIO(PDF_BYTES + b"%x\n")
    )


ACTIONS: dict[str, Act] = {
    "list_actions": lambda w, t, a: action_views.list_actions(a),
    "list_actions@B": lambda w, t, a: action_views.list_actions(a, organisation_id=w.opd_b),
    "action_detail": lambda w, t, a: action_views.action_detail(a, action_id=t.action_a),
    "action_detail@B": lambda w, t, a: action_views.action_detail(a, action_id=t.action_b),
    "create_action": lambda w, t, a: actions.create_actions(
        a, organisation_id=w.opd_a, drafts=[ActionDraft(title="Baru")], owner=OWNER, due_at=DUE
    ),
    "edit_action": lambda w, t, a: actions.edit_action(
        a, action_id=t.action_a, title="Diubah", owner=OWNER, due_at=DUE
    ),
    "set_action_status": lambda w, t, a: actions.set_action_status(
        a, action_id=t.action_a, status="berjalan"
    ),
    "set_action_status@B": lambda w, t, a: actions.set_action_status(
        a, action_id=t.action_b, status="berjalan"
    ),
    "add_action_note": lambda w, t, a: actions.add_action_note(a, action_id=t.action_a, text="maju"),
    "add_action_note@B": lambda w, t, a: actions.add_action_note(a, action_id=t.action_b, text="maju"),
    "upload_action_evidence": lambda w, t, a: _upload(t.action_a)(w, t, a),
    "upload_action_evidence@B": lambda w, t, a: _upload(t.action_b)(w, t, a),
    "detach_action_evidence": lambda w, t, a: action_evidence.detach_action_evidence(a, link_id=t.link_a),
}


def test_the_matrix_names_every_action_once() -> None:
    assert list(EXPECTED) == list(ACTIONS)


def test_the_permission_table_agrees_with_the_matrix() -> None:
    """In their own scope only the role decides; the table must give exactly the matrix's answer there."""
    for name, row in EXPECTED.items():
        action, _, other = name.partition("@")
        permission = "list_actions" if action == "action_detail" else action
        for column, expected in row.items():
            if column == "inspector_kab" or other:
                continue
            assert allowed(ROLE_OF[column], permission) == expected, (name, column)


def _point_at(monkeypatch: pytest.MonkeyPatch, data: Path) -> str:
    url = f"sqlite:///{(data / 'lentera.db').as_posix()}"
    monkeypatch.setenv("LENTERA_DATA_DIR", str(data))
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    return url


def _release(url: str) -> None:
    engine_for(url).dispose()
    engine_for.cache_clear()
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World, Targets]:
    data = tmp_path_factory.mktemp("action-permissions") / "data"
    data.mkdir()
    with pytest.MonkeyPatch.context() as monkeypatch:
        url = _point_at(monkeypatch, data)
        upgrade_database(url)
        world = build_world()
        made = {
            organisation: actions.create_actions(
                world.inspector, organisation_id=organisation, drafts=[ActionDraft(title="Unggah SK")],
                owner=OWNER, due_at=DUE,
            )[0]
            for organisation in (world.opd_a, world.opd_b)
        }  # fmt: skip
        info = action_evidence.upload_action_evidence(
            world.focal_a, action_id=made[world.opd_a], filename="sk.pdf", stream=io.BytesIO(PDF_BYTES)
        )
        assert info.link_id is not None
        _release(url)
    return data, world, Targets(made[world.opd_a], made[world.opd_b], info.link_id)


@pytest.fixture
def fresh(
    seeded: tuple[Path, World, Targets], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[World, Targets]]:
    template, world, targets = seeded
    data = tmp_path / "data"
    shutil.copytree(template, data)
    url = _point_at(monkeypatch, data)
    yield world, targets
    _release(url)


@pytest.mark.parametrize(
    ("action", "role"),
    [(action, role) for action in EXPECTED for role in ROLES],
    ids=[f"{action}-{role}" for action in EXPECTED for role in ROLES],
)
def test_action_permission_matrix(fresh: tuple[World, Targets], action: str, role: str) -> None:
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


def test_each_role_lists_exactly_the_actions_in_its_scope(fresh: tuple[World, Targets]) -> None:
    world, targets = fresh
    both = {targets.action_a, targets.action_b}
    seen = {role: set(action_views.list_actions(world.actor(role))["action_id"]) for role in ROLES}
    assert seen == {"admin": both, "leader": both, "inspector": both, "inspector_kab": set(),
                    "focal_a": {targets.action_a}}  # fmt: skip
