"""Every page of ``ui.navigation.PAGE_SPECS`` opened by its URL path as every kind of user, on the seeded demo.

The menu hides the pages a role lacks, but anyone can type a URL; and a page a role has must only ever show
what the services let that user see. So each (user, page) pair is opened the way a browser opens a typed or
bookmarked URL, and the test checks what the person would see: their home page instead of a page they lack; on
a page they have, a translated page without an exception, its lazy panels opened too, and no OPD or region
outside their scope in any text, option, metric or table cell. The pairs are built from ``PAGE_SPECS`` when the
tests are collected, so a page added later is tried as every user without touching this file.

Beyond the first screen: an item opened on a focal point's checklist, items drilled into on the OPD
drill-down, and the CSV/Excel files built on the reports page get the same scope check. A provincial user's
period list and report must name every kabupaten/kota, which shows the check looks where the names would be.

Every table header must be words, not a service frame's column name (``actor_username``, ``at``, ``opd``): on
every page, again after switching to English, and on the tables that only appear after an upload (a rejected
catalog, a draft's diff, the catalog and offline Excel round trips). Ids kept for row selection are hidden.

Users: the demo's provincial admin, leader, inspector and two focal points (Diskominfosan, BPKAD), plus a
leader, an administrator, an inspector and a focal point (BPKAD) of Kabupaten Halmahera Selatan made here.
The demo is seeded once for this module and only read (the fixture checks at the end that no row changed);
building a report writes an audit event, so those cases work on a private copy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pandas.io.formats.style import Styler
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

import i18n
from config import get_settings
from i18n import t
from models.database import engine_for
from models.migrate import upgrade_database
from models.tables import Role
from services import user_sessions
from services.actor import Actor
from ui.navigation import HOME, PAGE_SPECS, PageSpec, spec_at

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60
pytestmark = pytest.mark.usefixtures("browserless")  # AppTest has no browser to hold the session cookie
RAW_KEY = re.compile(r"[a-z_]+(\.[a-z_]+)+")
RAW_HEADER = re.compile(r"[a-z][a-z0-9]*")
KABUPATEN = "Kabupaten Halmahera Selatan"
REGIONS_WITH_PERIODS = ("Provinsi Maluku Utara", "Kota Ternate", KABUPATEN, "Kabupaten Pulau Taliabu")


@dataclass(frozen=True)
class Persona:
    """A signed-in user the pages are tried as."""

    key: str
    username: str
    role: Role


PERSONAS: tuple[Persona, ...] = (
    Persona("admin", "admin", Role.admin),
    Persona("leader", "sekda", Role.leader),
    Persona("inspector", "inspektur", Role.inspector),
    Persona("focal_point", "fp.diskominfosan", Role.focal_point),
    Persona("focal_point_bpkad", "fp.bpkad", Role.focal_point),
    Persona("admin_halsel", "admin.halsel", Role.admin),
    Persona("leader_halsel", "sekda.halsel", Role.leader),
    Persona("inspector_halsel", "apip.halsel", Role.inspector),
    Persona("focal_point_halsel", "fp.bpkad.halsel", Role.focal_point),
)
PROVINCIAL = {"admin", "leader", "inspector"}

LACKING = [
    pytest.param(persona, spec, id=f"{persona.key}-{spec.url_path}")
    for persona in PERSONAS
    for spec in PAGE_SPECS
    if persona.role not in spec.roles
]
HAVING = [
    pytest.param(persona, spec, id=f"{persona.key}-{spec.url_path}")
    for persona in PERSONAS
    for spec in PAGE_SPECS
    if persona.role in spec.roles
]


@dataclass(frozen=True)
class Demo:
    """The demo's users, OPDs and regions, read once after seeding."""

    data_dir: Path
    actors: dict[str, Actor]
    opds: dict[int, tuple[str, str, int]]  # OPD id → (name, abbreviation, region id)
    regions: dict[int, tuple[str, int | None]]  # region id → (name, parent id)


# -- the demo --------------------------------------------------------------------------------------------------


def _add_kabupaten_users() -> None:
    """A leader, an administrator and an inspector of Halmahera Selatan, and the focal point of its BPKAD."""
    from factories import make_user
    from sqlmodel import select

    from models import Organisation, Region, session_scope

    with session_scope() as session:
        region = session.exec(select(Region).where(Region.name == KABUPATEN)).one()
        bpkad = session.exec(
            select(Organisation).where(
                Organisation.region_id == region.id, Organisation.abbreviation == "BPKAD"
            )
        ).one()
        region_id, bpkad_id = region.id, bpkad.id
    make_user(username="sekda.halsel", role=Role.leader, region_id=region_id)
    make_user(username="admin.halsel", role=Role.admin, region_id=region_id)
    make_user(username="apip.halsel", role=Role.inspector, region_id=region_id)
    make_user(
        username="fp.bpkad.halsel", role=Role.focal_point, region_id=region_id, organisation_id=bpkad_id
    )


def _read_demo(data_dir: Path) -> Demo:
    from sqlmodel import select

    from models import Organisation, Region, User, session_scope

    with session_scope() as session:
        return Demo(
            data_dir=data_dir,
            actors={user.username: Actor.from_user(user) for user in session.exec(select(User)).all()},
            opds={
                o.id or 0: (o.name, o.abbreviation, o.region_id)
                for o in session.exec(select(Organisation)).all()
            },
            regions={r.id or 0: (r.name, r.parent_id) for r in session.exec(select(Region)).all()},
        )


def _as_if_passwords_were_changed() -> None:
    """The cases run outside demo mode, where seeded accounts must first change their password."""
    from sqlalchemy import update

    from models import User, session_scope

    with session_scope() as session:
        session.execute(update(User).values(must_change_password=False))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The seeded demo plus the Halmahera Selatan users, shared by every case; no case may change a row."""
    from factories import table_rows

    from seed_data.demo import seed_demo

    data_dir = tmp_path_factory.mktemp("pages-by-role") / "data"
    data_dir.mkdir()
    url = f"sqlite:///{(data_dir / 'lentera.db').as_posix()}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LENTERA_DATA_DIR", str(data_dir))
        patch.setenv("DATABASE_URL", url)
        patch.delenv("LENTERA_DEMO", raising=False)
        get_settings.cache_clear()
        try:
            upgrade_database(url)
            seed_demo()
            _add_kabupaten_users()
            _as_if_passwords_were_changed()
            before = table_rows()
            yield _read_demo(data_dir)
            after = table_rows()
            after.pop("user_session")  # the sign-ins of the cases themselves (open_url), not page effects
            before.pop("user_session")
            assert after == before, "opening pages changed the database"
        finally:
            engine_for(url).dispose()
            engine_for.cache_clear()
            from services.cache import clear_caches

            clear_caches()
            get_settings.cache_clear()
    get_settings.cache_clear()


# -- opening a page and reading it -----------------------------------------------------------------------------


def open_url(actor: Actor, url_path: str) -> AppTest:
    """The app as ``actor``, with a valid session, opened at ``/<url_path>`` (a typed or bookmarked URL).

    A browser sends the URL path and ``st.navigation`` runs the page registered under it. AppTest's public
    ``switch_page`` only takes page files, and a page the role lacks is registered as a redirect function, so
    the test asks for the page hash ``st.Page`` derives from the URL path, which is what the browser's path
    resolves to.
    """
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    # A signed-in browser: the session token ui.session.sign_in keeps (under BROWSERLESS) after a login.
    at.session_state["browserless_token"] = user_sessions.claim(code=user_sessions.start(user_id=actor.id))
    at.session_state["language"] = "id"
    at._page_hash = calc_hash(url_path)
    at.run()
    # An unknown URL would fall back to the home page and make a "lands on home" check pass for nothing.
    assert calc_hash(url_path) in at._registered_pages, f"/{url_path} is not a registered URL"
    return at


def open_panels(at: AppTest) -> AppTest:
    """Rerun with every lazy panel (``ui.widgets.lazy_panel``, keys ``panel_*``) open, as a user clicking them."""
    keys = [key for key in at.session_state if isinstance(key, str) and key.startswith("panel_")]
    for key in keys:
        at.session_state[key] = True
    return at.run() if keys else at


def errors(at: AppTest) -> list[str]:
    """The page's exceptions with the end of their stack trace, for a readable failure."""
    return [f"{e.message}\n" + "\n".join(e.stack_trace[-4:]) for e in at.exception]


def titles(at: AppTest) -> list[str]:
    return [str(e.value) for kind in ("title", "header", "subheader") for e in getattr(at, kind)]


def _frames(at: AppTest) -> list[Any]:
    """Every table's data; a styled table (zone colours) is read through its frame."""
    frames = []
    for element in [*at.dataframe, *at.get("table")]:
        value = element.value
        frames.append(value.data if isinstance(value, Styler) else value)  # type: ignore[attr-defined]
    return frames


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def chart_texts(at: AppTest) -> list[str]:
    """Every string of every plotly chart: axis labels (OPD abbreviations), trace names, hover texts."""
    return [text for chart in at.get("plotly_chart") for text in _strings(json.loads(chart.proto.spec))]


def cells_and_options(at: AppTest) -> list[str]:
    """Options of choice widgets, table cells and chart labels: where other OPDs' or regions' rows would show."""
    found = chart_texts(at)
    for kind in ("selectbox", "multiselect", "radio"):
        for widget in getattr(at, kind):
            found += [str(option) for option in widget.options]
    for frame in _frames(at):
        found += [str(cell) for cell in frame.to_numpy().ravel()]
    return found


def shown_texts(at: AppTest) -> list[str]:
    """Every text a person can read: prose, messages, labels, metrics, options, table headers and cells."""
    found: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "error",
                 "success", "code", "selectbox", "multiselect", "radio", "text_input", "text_area",
                 "number_input", "checkbox", "toggle", "button", "metric"):  # fmt: skip
        for element in getattr(at, kind) if hasattr(at, kind) else at.get(kind):
            for attribute in ("value", "label"):
                text = getattr(element, attribute, None)
                if isinstance(text, str):
                    found.append(text)
    found += [str(e.label) for e in at.expander] + [str(tab.label) for tab in at.tabs]
    found += [str(e.proto.label) for e in at.get("download_button")]
    for frame in _frames(at):
        found += [str(column) for column in frame.columns]
    return found + cells_and_options(at)


def table_headers(at: AppTest) -> list[str]:
    """The column headers a person sees over every table: a column's configured label, else its name; columns
    hidden through ``column_config`` (ids kept for selection) and a hidden index are left out."""
    headers: list[str] = []
    for element in at.dataframe:
        config: dict[str, Any] = json.loads(element.proto.columns or "{}")
        frame = element.value
        if not config.get("_index", {}).get("hidden", False):
            headers += [str(name) for name in frame.index.names if name is not None]
        order = list(element.proto.column_order) or [str(column) for column in frame.columns]
        for position, column in enumerate(frame.columns):
            settings = config.get(str(column)) or config.get(f"_pos:{position}") or {}
            if settings.get("hidden") or str(column) not in order:
                continue
            headers.append(str(settings.get("label") or column))
    for static in at.get("table"):
        value = static.value  # type: ignore[union-attr]
        frame = value.data if isinstance(value, Styler) else value  # type: ignore[attr-defined]
        headers += [str(column) for column in frame.columns]
    return headers


def raw_headers(at: AppTest) -> list[str]:
    """Headers that are a column's identifier rather than words: ``actor_username``, ``organisation_id``, or a
    lowercase ASCII word like ``at``, ``opd``, ``code``, ``status``. A translated header starts with a capital
    ("Waktu", "OPD", "Kode", "Status") and has no underscore."""
    return [header for header in table_headers(at) if "_" in header or RAW_HEADER.fullmatch(header)]


def raw_keys(texts: list[str]) -> list[str]:
    """Texts that are an untranslated message key (``ui.page.x``, ``foo``), not a username."""
    namespaces = {key.split(".")[0] for key in i18n.MESSAGES}
    return [
        text for text in texts if RAW_KEY.fullmatch(text.strip()) and text.strip().split(".")[0] in namespaces
    ]


# -- scope -----------------------------------------------------------------------------------------------------


def visible(demo: Demo, actor: Actor) -> tuple[set[int], set[int]]:
    """The OPD ids and region ids the permission rules (``services.permissions``) let ``actor`` see."""
    if actor.role == Role.focal_point:
        assert actor.organisation_id is not None
        return {actor.organisation_id}, {demo.opds[actor.organisation_id][2]}
    if actor.region_id is None:
        regions = set(demo.regions)
    else:
        regions = {actor.region_id} | {
            rid for rid, (_, parent) in demo.regions.items() if parent == actor.region_id
        }
    return {oid for oid, (_, _, region) in demo.opds.items() if region in regions}, regions


def ancestors(demo: Demo, region_ids: set[int]) -> set[int]:
    """The provinces above these regions: a kabupaten's own province may be named (as where it lies)."""
    return {parent for rid in region_ids if (parent := demo.regions[rid][1]) is not None} - region_ids


def hidden_names(demo: Demo, actor: Actor) -> list[str]:
    """The OPD and region names ``actor`` must not meet (see ``out_of_scope`` for the ones left out)."""
    opd_ids, region_ids = visible(demo, actor)
    named = region_ids | ancestors(demo, region_ids)
    allowed = [demo.opds[o][0] for o in opd_ids] + [demo.regions[r][0] for r in named]
    hidden = [name for oid, (name, _, _) in demo.opds.items() if oid not in opd_ids]
    hidden += [name for rid, (name, _) in demo.regions.items() if rid not in named]
    wording = [text for texts in i18n.MESSAGES.values() for text in texts.values()]
    return sorted(name for name in set(hidden) if not any(name in seen for seen in allowed + wording))


def out_of_scope(demo: Demo, actor: Actor, at: AppTest) -> list[str]:
    """OPD and region names outside the actor's scope found on the page: names in any text, abbreviations in
    table cells, options and charts, and (for all but focal points) other regions' usernames in cells.

    The province a kabupaten lies in may be named (the national ranking lists it as the pemda's province);
    its OPDs may not. A name that is part of a visible name ("Inspektorat" in "Inspektorat Kabupaten Halmahera
    Selatan") or of the UI's own wording ("menunggu pemeriksaan Inspektorat") cannot be told apart from it
    and is left out.
    """
    opd_ids, region_ids = visible(demo, actor)
    hidden = hidden_names(demo, actor)
    allowed_abbreviations = {demo.opds[o][1] for o in opd_ids}
    hidden_abbreviations = {abbr for oid, (_, abbr, _) in demo.opds.items() if oid not in opd_ids}
    hidden_abbreviations -= allowed_abbreviations
    texts = shown_texts(at)
    leaks = sorted({name for name in hidden for text in texts if name in text})
    if actor.role != Role.focal_point:
        people = {
            a.username
            for a in demo.actors.values()
            if a.region_id is not None and a.region_id not in region_ids
        }
        leaks += sorted(people & set(cells_and_options(at)))
    parts = {part.strip() for cell in cells_and_options(at) for part in cell.split(",")}
    return leaks + sorted(parts & hidden_abbreviations)


# -- the tests -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "spec"), LACKING)
def test_a_page_the_role_lacks_opens_the_home_page_instead(
    demo: Demo, persona: Persona, spec: PageSpec
) -> None:
    """Typing the URL of a page the role lacks shows the role's home page, never the page asked for."""
    at = open_url(demo.actors[persona.username], spec.url_path)
    assert not at.exception, errors(at)
    home = next(s for s in PAGE_SPECS if s.url_path == HOME[persona.role])
    assert [str(h.value) for h in at.header] == [t(home.title_key, "id")]
    assert t(spec.title_key, "id") not in titles(at)


@pytest.mark.parametrize(("persona", "spec"), HAVING)
def test_a_page_the_role_has_renders_translated_and_in_scope(
    demo: Demo, persona: Persona, spec: PageSpec
) -> None:
    """The page, lazy panels open, renders with no exception or raw message key and nothing out of scope."""
    actor = demo.actors[persona.username]
    at = open_url(actor, spec.url_path)
    assert not at.exception, errors(at)
    assert [str(h.value) for h in at.header] == [t(spec.title_key, "id")]
    open_panels(at)
    assert not at.exception, errors(at)
    assert [str(h.value) for h in at.header] == [t(spec.title_key, "id")]
    assert raw_keys(shown_texts(at)) == []
    assert out_of_scope(demo, actor, at) == []
    if actor.region_id is not None:  # a region-scoped user is never offered "all regions" to choose
        assert t("ui.scope.everywhere", "id") not in cells_and_options(at)
    periods = [box for box in at.selectbox if box.key == "period_select"]
    if persona.key in PROVINCIAL and periods:
        # A provincial user's period list reaches every kabupaten/kota the scoped users must not see.
        options = " | ".join(str(option) for option in periods[0].options)
        assert all(region in options for region in REGIONS_WITH_PERIODS), options
    raw = raw_headers(at)
    assert raw == [], f"/{spec.url_path}: untranslated table headers {raw}"


def _item_with_evidence(actor: Actor, period_id: int, organisation_id: int) -> tuple[str, int]:
    """Code and submission id of an item of the OPD with evidence (through the service, as that user)."""
    from services import submissions

    items = submissions.checklist(actor, period_id=period_id, organisation_id=organisation_id)
    with_files = items[items["evidence_count"] > 0]
    row = (with_files if not with_files.empty else items).iloc[0]
    return str(row["code"]), int(row["submission_id"])


@pytest.mark.parametrize(
    "persona", [pytest.param(p, id=p.key) for p in PERSONAS if p.role == Role.focal_point]
)
def test_a_focal_points_open_item_shows_only_their_opd(demo: Demo, persona: Persona) -> None:
    """An item opened on the checklist (evidence, reviews, crosswalk panel open) names no other OPD or region."""
    actor = demo.actors[persona.username]
    at = open_url(actor, HOME[Role.focal_point])
    assert actor.organisation_id is not None
    code, _ = _item_with_evidence(actor, int(at.session_state["period_id"]), actor.organisation_id)
    at.button(key=f"open_{code}").click().run()
    open_panels(at)
    assert not at.exception, errors(at)
    assert any(code in text for text in titles(at))
    assert out_of_scope(demo, actor, at) == []
    raw = raw_headers(at)
    assert raw == [], f"open item: untranslated table headers {raw}"


@pytest.mark.parametrize(
    "persona", [pytest.param(p, id=p.key) for p in PERSONAS if p.role in ("leader", "admin", "inspector")]
)
def test_a_drilled_down_item_shows_only_data_in_scope(demo: Demo, persona: Persona) -> None:
    """On the OPD drill-down, every OPD offered is in scope, and an item with its evidence shows nothing outside."""
    actor = demo.actors[persona.username]
    spec = next(s for s in PAGE_SPECS if s.url_path == "rincian-opd")
    from services import organisations, periods

    at = open_url(actor, spec.url_path)
    period_id = int(at.session_state["period_id"])
    region_id = periods.get_period(actor, period_id=period_id).region_id
    opds = organisations.list_organisations(actor, region_id=region_id, include_retired=True)
    assert len(at.selectbox(key="drill_opd").options) == len(opds) > 0
    for organisation_id in [int(i) for i in opds["id"]][:3]:
        at.selectbox(key="drill_opd").set_value(organisation_id).run()
        _, submission_id = _item_with_evidence(actor, period_id, organisation_id)
        at.selectbox(key="drill_item").set_value(submission_id).run()
        assert not at.exception, errors(at)
        assert out_of_scope(demo, actor, at) == []
        raw = raw_headers(at)
        assert raw == [], f"drill-down item: untranslated table headers {raw}"


ENGLISH = [
    pytest.param(persona, spec, id=f"{persona.key}-{spec.url_path}")
    for persona in PERSONAS
    if persona.key in {"admin", "leader", "inspector", "focal_point"}
    for spec in PAGE_SPECS
    if persona.role in spec.roles
]


@pytest.mark.parametrize(("persona", "spec"), ENGLISH)
def test_a_page_switched_to_english_has_english_table_headers(
    demo: Demo, persona: Persona, spec: PageSpec
) -> None:
    """After switching to English, every table header (lazy panels open) is an English word, not an identifier."""
    at = open_url(demo.actors[persona.username], spec.url_path)
    at.selectbox(key="language_select").set_value("en").run()
    open_panels(at)
    assert not at.exception, errors(at)
    assert [str(h.value) for h in at.header] == [t(spec.title_key, "en")]
    assert raw_keys(shown_texts(at)) == []
    headers = table_headers(at)
    raw = raw_headers(at)
    assert raw == [], f"/{spec.url_path}: untranslated table headers {raw}"
    english = {texts.get("en") for texts in i18n.MESSAGES.values()}
    indonesian = {texts["id"] for texts in i18n.MESSAGES.values() if "id" in texts} - english
    untranslated = [header for header in headers if header in indonesian]
    assert untranslated == [], f"/{spec.url_path}: Indonesian headers {untranslated}"


@pytest.fixture
def own_copy(demo: Demo, tmp_path: Path) -> Iterator[Demo]:
    """A private copy of the demo (database and evidence) for a case that writes, e.g. a report's audit event."""
    import shutil

    data_dir = tmp_path / "data"
    shutil.copytree(demo.data_dir, data_dir)
    url = f"sqlite:///{(data_dir / 'lentera.db').as_posix()}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LENTERA_DATA_DIR", str(data_dir))
        patch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()
        try:
            yield demo
        finally:
            engine_for(url).dispose()
            engine_for.cache_clear()
    get_settings.cache_clear()


def _file_text(data: bytes) -> str:
    """A built report as text: a CSV as it is, an Excel workbook or a ZIP of CSVs through its members."""
    import io
    import zipfile

    if not data.startswith(b"PK"):
        return data.decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8-sig", errors="replace")
            for name in archive.namelist()
            if name.endswith((".csv", ".xml"))
        )


READERS_HAVING_REPORTS = [
    pytest.param(persona, scope, fmt, id=f"{persona.key}-{scope}-{fmt}")
    for persona in PERSONAS
    if persona.role in spec_at("laporan").roles
    for scope in ("province", "own")
    for fmt in ("csv", "xlsx")
]


@pytest.mark.parametrize(("persona", "scope", "fmt"), READERS_HAVING_REPORTS)
def test_a_report_built_on_the_reports_page_names_nothing_outside_scope(
    own_copy: Demo, persona: Persona, scope: str, fmt: str
) -> None:
    """The CSV and Excel files a user builds on the reports page name no OPD or region outside their scope."""
    actor = own_copy.actors[persona.username]
    at = open_url(actor, "laporan")
    at.selectbox(key="report_scope").set_value(scope).run()
    at.button(key=f"report_build_{fmt}").click().run()
    assert not at.exception, errors(at)
    assert not at.error, [e.value for e in at.error]
    text = _file_text(at.session_state["report_built"]["data"])
    assert actor_region_name(own_copy, actor) in text  # the report is about the user's own pemda
    assert [name for name in hidden_names(own_copy, actor) if name in text] == []
    if persona.key in PROVINCIAL and scope == "province":
        # The provincial report compares the kabupaten/kota: the names the check looks for do appear in files.
        assert all(region in text for region in REGIONS_WITH_PERIODS)


def actor_region_name(demo: Demo, actor: Actor) -> str:
    assert actor.region_id is not None
    return demo.regions[actor.region_id][0]


# -- tables that appear only after an upload -------------------------------------------------------------------

BROKEN_CATALOG = (
    "key: rusak\nname: Rusak\nframework: spbe\nyear: 2026\nversion: 1\nzones: []\nnodes:\n  - code: A\n"
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _edit_first_row(content: bytes, sheet_name: str, changes: dict[str, object]) -> bytes:
    """The workbook with the first data row of ``sheet_name`` changed (header → new value), as Excel would save it."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book[sheet_name]
    header = [cell.value for cell in sheet[1]]
    for column, value in changes.items():
        sheet.cell(2, header.index(column) + 1).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _switch_language(at: AppTest, language: str) -> AppTest:
    return at.selectbox(key="language_select").set_value(language).run() if language != "id" else at


def _upload(at: AppTest, key: str, name: str, data: bytes, mime: str) -> list[str]:
    """Upload a file as the user and return the table headers of the page that results."""
    at.file_uploader(key=key).set_value((name, data, mime))
    at.run()
    assert not at.exception, errors(at)
    return table_headers(at)


@pytest.mark.parametrize("language", ["id", "en"])
def test_catalog_uploads_show_translated_headers(own_copy: Demo, language: str) -> None:
    """A rejected catalog's problems, an imported draft's diff and the Excel round trip's tables have words as
    headers, in the language chosen."""
    from services.catalog_excel import export_catalog_xlsx

    admin = own_copy.actors["admin"]
    at = _switch_language(open_url(admin, "katalog"), language)
    headers = _upload(at, "catalog_upload", "rusak.yaml", BROKEN_CATALOG.encode(), "application/x-yaml")
    assert t("ui.col.problem", language) in headers
    assert raw_headers(at) == []

    shipped = (
        Path(__file__).resolve().parent.parent / "indicators" / "catalogs" / "spbe-2021.yaml"
    ).read_text()
    renamed = shipped.replace("key: spbe-2021", "key: spbe-2021-v2", 1).replace(
        "name: Domain Kebijakan Internal SPBE", "name: Domain Kebijakan SPBE", 1
    )
    _upload(at, "catalog_upload", "spbe-v2.yaml", renamed.encode(), "application/x-yaml")
    at.button(key="catalog_import").click().run()
    assert not at.exception, errors(at)
    headers = table_headers(at)
    assert t("ui.col.change", language) in headers  # the draft's diff against the active SPBE catalog
    assert raw_headers(at) == []

    open_panels(at)
    picked = at.selectbox(key="catalog_excel_pick").value
    assert picked is not None
    catalog_id = int(picked)
    workbook = export_catalog_xlsx(admin, catalog_id=catalog_id)
    upload_key = f"catalog-up-{catalog_id}"
    _upload(at, upload_key, "katalog.xlsx", _edit_first_row(workbook, "Node", {"name": "Nama baru"}), XLSX)
    assert t("ui.col.change", language) in table_headers(at)
    assert raw_headers(at) == []
    _upload(at, upload_key, "katalog.xlsx", _edit_first_row(workbook, "Node", {"weight": -1}), XLSX)
    assert at.error and t("ui.col.sheet", language) in table_headers(at)
    assert raw_headers(at) == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_offline_sheet_preview_shows_translated_headers(own_copy: Demo, language: str) -> None:
    """The offline sheet's preview of changes and its list of problems have words as headers, ids left out."""
    import io

    import openpyxl

    from services.offline import offline_sheet

    actor = own_copy.actors["fp.bpkad"]
    at = open_url(actor, HOME[Role.focal_point])
    open_panels(_switch_language(at, language))
    period_id = int(at.session_state["period_id"])
    assert actor.organisation_id is not None
    sheet = offline_sheet(actor, period_id=period_id, organisation_id=actor.organisation_id)
    header = [cell.value for cell in openpyxl.load_workbook(io.BytesIO(sheet))["Isian"][1]]
    note, value = header[header.index("catatan")], header[header.index("nilai mandiri")]

    _upload(
        at,
        f"offline-up-{period_id}",
        "isian.xlsx",
        _edit_first_row(sheet, "Isian", {note: "Dari Excel"}),
        XLSX,
    )
    assert t("ui.col.new_note", language) in table_headers(at)
    assert raw_headers(at) == []
    _upload(
        at, f"offline-up-{period_id}", "isian.xlsx", _edit_first_row(sheet, "Isian", {value: "banyak"}), XLSX
    )
    assert at.error and t("ui.col.problem", language) in table_headers(at)
    assert raw_headers(at) == []
