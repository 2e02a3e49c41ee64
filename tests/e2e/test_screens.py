"""The daily work screens on a phone (390×844) and a desktop (1440×900), in Chromium against the demo (issue 14).

The focal point opens an item at the bottom of the checklist and sees it without scrolling, uploads a dated
document and submits; the inspector sees the PDF drawn, approves a lower value with a note and lands on the next
item; the focal point then reads the note and the reviewed value on the list row and on the item; a reload keeps
the sign-in and signing out ends it. Each role's landing page is saved as a PNG under
``test-results/screens/`` (gitignored artifacts), and the focal checklist must not be wider than a phone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest
from fpdf import FPDF
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from streamlit_server import stored_demo_passwords

import ui.messages  # noqa: F401  (registers the UI's texts, so t() below reads what the browser shows)
from e2e.conftest import RESULTS_DIR, E2EApp
from e2e.demo_items import (
    Item,
    actor_of,
    approve_elsewhere,
    current_period,
    set_document_boxes,
    upload_elsewhere,
)
from e2e.steps import (
    NAV,
    act,
    alerts,
    by_key,
    by_key_prefix,
    choose,
    click,
    expect_chosen,
    sign_in,
    sign_out,
    upload_evidence,
    wait_for_app_run,
)
from i18n import format_date, format_number, t
from indicators.rules import DocumentsRule
from seed_data.accounts import DEMO_USERS
from services import catalogs, document_progress, freshness, submission_views, verification
from services.overview import period_overview
from vocabulary import Role

pytestmark = pytest.mark.e2e

PHONE, DESKTOP = (390, 844), (1440, 900)
SIZES = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
FOCAL = "fp.dpmptsp"  # the other journeys work with other OPDs
INSPECTOR = "inspektur"
E2E_FOCAL_POINTS = tuple(name for name, _, role, _ in DEMO_USERS if role == Role.focal_point)
"""The demo's focal points, whose OPDs' items the journeys work with: a write elsewhere leaves them alone."""
LANDING = {"admin": "admin", "sekda": "leader", INSPECTOR: "inspector", FOCAL: "focal"}
SHOTS = RESULTS_DIR / "screens"
OVERFLOW_SCRIPT = """() => {
    const limit = window.innerWidth + 1;
    const scroller = (el) => {
        for (let node = el.parentElement; node; node = node.parentElement) {
            if (node === document.body || node === document.documentElement) return null;
            if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(node).overflowX)) return node;
        }
        return null;
    };
    const name = (el) => `${el.tagName.toLowerCase()}[${el.getAttribute("data-testid") || el.getAttribute("class") || ""}]`;
    const wide = new Set();
    for (const el of document.querySelectorAll("[data-testid='stMain'] *")) {
        if (el.ownerSVGElement) continue;  // a drawing's shapes are measured through their <svg>
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || box.right <= limit) continue;
        // A table may scroll sideways inside its own box, but that box must itself fit in the window.
        const box_of = scroller(el);
        const outer = box_of ? box_of.getBoundingClientRect() : box;
        if (outer.right <= limit) continue;
        wide.add(`${name(box_of || el)} right=${Math.round(outer.right)}`);
    }
    return {page: document.documentElement.scrollWidth, wide: [...wide].slice(0, 10)};
}"""


UPLOADER_WORDS = """zone => {
    const label = zone.querySelector("button [data-testid='stMarkdownContainer']");
    const hint = zone.querySelector("[data-testid='stFileUploaderDropzoneInstructions'] > div");
    return {
        button: getComputedStyle(label, "::after").content,
        english_button: getComputedStyle(label.querySelector("p")).display,
        hint: getComputedStyle(hint, "::after").content,
        english_limit: getComputedStyle(hint.querySelector("span")).display,
    };
}"""


def editable_code(username: str) -> str:
    """The last item of the user's checklist that is still empty (other tests take the first ones)."""
    actor = actor_of(username)
    assert actor.organisation_id is not None
    period_id, _ = current_period(actor)
    frame = submission_views.checklist(actor, period_id=period_id, organisation_id=actor.organisation_id)
    return str(frame[frame["status"] == "empty"].iloc[-1]["code"])


@pytest.fixture(scope="module")
def passwords(e2e_app: E2EApp) -> dict[str, str]:
    return stored_demo_passwords(e2e_app.data_dir)


def documents_item(username: str, *, skip: int = 0) -> Item:
    """An untouched documents item (2+ documents) of the user's OPD whose evidence has a maximum age."""
    actor = actor_of(username)
    assert actor.organisation_id is not None
    period_id, period_name = current_period(actor)
    catalog = catalogs.catalog_for_period(period_id)
    frame = submission_views.checklist(actor, period_id=period_id, organisation_id=actor.organisation_id)
    found = []
    for _, row in frame[(frame["status"] == "empty") & (frame["evidence_count"] == 0)].iterrows():
        node = catalog.node(str(row["code"]))
        if (
            isinstance(node.rule, DocumentsRule)
            and len(node.rule.documents) >= 2
            and freshness.max_age_days(node)
        ):
            found.append((row, node.rule))
    assert len(found) > skip, f"the demo has too few untouched dated documents items for {username}"
    row, rule = found[skip]
    return Item(
        code=str(row["code"]),
        submission_id=int(row["submission_id"]),
        period_id=period_id,
        period_name=period_name,
        organisation_id=actor.organisation_id,
        abbreviation="",
        documents=[(d.code, float(d.points)) for d in rule.documents],
    )


def pdf_file(path: Path, title: str) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=24)
    pdf.cell(text=title)
    pdf.output(str(path))
    return path


def heading(page: Page, text: str) -> Locator:
    return page.get_by_test_id("stHeading").filter(has_text=text)


def close_item(page: Page) -> None:
    click(page, "close_item")
    expect(page.get_by_role("dialog")).to_have_count(0)


def shoot(page: Page, name: str) -> None:
    """Save what the viewport shows, once lazily loaded elements (tables, selects) have replaced their skeletons."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(PlaywrightTimeoutError):  # a slow skeleton makes a poorer picture, not a failure
        page.wait_for_function(
            "() => !document.querySelector(\"[data-testid='stSkeleton']\")", timeout=15_000
        )
    page.wait_for_timeout(500)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=False)


def sign_in_as(page: Page, username: str, password: str) -> None:
    """Sign in; on a phone the menu is folded away, so only check it holds the user's name."""
    sign_in(page, username, password)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(username)
    expect(by_key(page, "login_username")).to_have_count(0)
    viewport = page.viewport_size
    fold = page.get_by_test_id("stSidebarCollapseButton")
    if viewport and viewport["width"] < 600 and fold.count() and fold.is_visible():
        fold.click()  # a phone keeps the menu open from signing out; it would cover the page
        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")


def sign_out_anywhere(page: Page) -> None:
    """Sign out, unfolding the menu first where a phone folded it."""
    unfold = page.get_by_test_id("stExpandSidebarButton")
    if unfold.count() and unfold.is_visible():
        unfold.click()
        expect(by_key(page, "logout")).to_be_visible()
    sign_out(page)


def reload(page: Page) -> None:
    page.reload()
    wait_for_app_run(page)


# -- every role's main page, both sizes ------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_each_roles_main_page_is_saved_as_a_screenshot(
    open_app: Callable[..., Page], passwords: dict[str, str], size: tuple[int, int]
) -> None:
    """Each role signs in at this size and lands on a page without an error; its screenshot is kept."""
    for username, role in LANDING.items():
        page = open_app(viewport=size)
        sign_in_as(page, username, passwords[username])
        expect(page.get_by_test_id("stException")).to_have_count(0)
        shoot(page, f"{role}-{size[0]}x{size[1]}")
        assert (SHOTS / f"{role}-{size[0]}x{size[1]}.png").stat().st_size > 10_000
        page.context.close()


def test_the_focal_checklist_is_no_wider_than_a_phone(
    open_app: Callable[..., Page], app_database: Path, passwords: dict[str, str]
) -> None:
    """At 390 px nothing on the focal point's checklist or its open item sticks out to the right (a table may
    scroll inside its own box, which must fit), and the uploader's own words read Indonesian."""
    page = open_app(viewport=PHONE)
    sign_in_as(page, FOCAL, passwords[FOCAL])
    expect(heading(page, t("ui.page.checklist", "id"))).to_be_visible()
    found = page.evaluate(OVERFLOW_SCRIPT)
    assert found["wide"] == [] and found["page"] <= PHONE[0], found
    # the open item as well, one the focal point can still upload to
    code = editable_code(FOCAL)
    by_key(page, "checklist_search").locator("input").fill(code)
    act(page, lambda: by_key(page, "checklist_search").locator("input").press("Enter"))
    click(page, f"open_{code}")
    expect(page.get_by_role("dialog")).to_be_visible()
    found = page.evaluate(OVERFLOW_SCRIPT.replace("[data-testid='stMain'] *", "[role='dialog'] *"))
    assert found["wide"] == [] and found["page"] <= PHONE[0], found
    # Streamlit's own uploader words are drawn in Indonesian (ui.builtin_texts.style): the button and the hint
    zone = page.get_by_role("dialog").get_by_test_id("stFileUploaderDropzone").first
    expect(zone).to_be_visible()
    assert zone.evaluate(UPLOADER_WORDS) == {
        "button": f'"{t("ui.builtin.upload_button", "id")}"',
        "english_button": "none",
        "hint": f'"{t("ui.builtin.drop_hint", "id")}"',
        "english_limit": "none",
    }


def test_the_overflow_check_sees_a_scrolling_box_wider_than_the_phone(browser: Browser) -> None:
    """A table that scrolls sideways inside its box passes only while that box fits in 390 px: a box of 600 px
    is reported, the same table in a box of the window's width is not; so is a drawing (its shapes are measured
    through their <svg>)."""
    page = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]}).new_page()
    table = "<table style='width:900px'><tr><td>Kode</td><td>Nama butir</td></tr></table>"
    box = "<div data-testid='{test_id}' style='overflow-x:auto;width:{width}'>" + table + "</div>"
    page.set_content(f"<div data-testid='stMain'>{box.format(test_id='stDataFrame', width='600px')}</div>")
    found = page.evaluate(OVERFLOW_SCRIPT)
    assert [w.split(" right=")[0] for w in found["wide"]] == ["div[stDataFrame]"], found
    page.set_content(f"<div data-testid='stMain'>{box.format(test_id='stDataFrame', width='100%')}</div>")
    assert page.evaluate(OVERFLOW_SCRIPT)["wide"] == []
    drawing = "<svg class='chart' width='600' height='50'><rect x='500' width='100' height='50'/></svg>"
    scrolling = f"<div style='overflow-x:auto;width:100%'>{drawing}</div>"
    page.set_content(f"<div data-testid='stMain'>{scrolling}</div>")
    assert page.evaluate(OVERFLOW_SCRIPT)["wide"] == []  # a drawing scrolling inside a box that fits
    page.set_content(f"<div data-testid='stMain'>{drawing}</div>")
    assert [w.split(" right=")[0] for w in page.evaluate(OVERFLOW_SCRIPT)["wide"]] == ["svg[chart]"]
    page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_the_heatmap_gives_way_to_the_ranking_list_on_a_phone(
    open_app: Callable[..., Page], passwords: dict[str, str], size: tuple[int, int]
) -> None:
    """At 390 px the heatmap tab shows the OPD ranking list (within the phone's width) instead of the heatmap; at
    1440 px the heatmap and not the list."""
    page = open_app(viewport=size)
    sign_in_as(page, "sekda", passwords["sekda"])
    act(page, page.get_by_role("tab", name=t("ui.tab.heatmap", "id")).click)  # a lazy tab: drawn by the rerun
    wide, phone = page.locator(".st-key-heatmap_wide"), page.locator(".st-key-heatmap_phone")
    if size == PHONE:
        expect(phone).to_be_visible()
        expect(phone).to_contain_text(t("ui.overview.heatmap_phone", "id"))
        expect(phone.get_by_test_id("stDataFrame")).to_be_visible()
        expect(wide).to_be_hidden()
        box = phone.get_by_test_id("stDataFrame").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0] + 1, box
        found = page.evaluate(OVERFLOW_SCRIPT.replace("[data-testid='stMain'] *", ".st-key-heatmap_phone *"))
        assert found["wide"] == [], found
    else:
        expect(wide.locator("svg rect").first).to_be_visible()
        expect(phone).to_be_hidden()
    page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_the_overviews_charts_are_drawn_without_fetching_a_chart_library(
    open_app: Callable[..., Page], passwords: dict[str, str], size: tuple[int, int]
) -> None:
    """The heatmap (wide screens), trend and three-stages tabs each draw their chart as SVG, within the window
    (a wide drawing scrolls inside its own box), and the browser never asks for a chart library's script."""
    page = open_app(viewport=size)
    scripts: list[str] = []
    page.on(
        "request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None
    )
    sign_in_as(page, "sekda", passwords["sekda"])
    tabs = [("ui.tab.trend", "trend_chart"), ("ui.tab.stages", "stages_chart")]
    if size == DESKTOP:
        tabs.insert(0, ("ui.tab.heatmap", "heatmap_chart"))
    for tab, key in tabs:
        act(page, page.get_by_role("tab", name=t(tab, "id")).click)
        expect(page.locator(f".st-key-{key} svg rect").first).to_be_visible()
        found = page.evaluate(OVERFLOW_SCRIPT)
        assert found["wide"] == [], (tab, found)
    assert scripts and not [url for url in scripts if "plotly" in url.lower()], scripts
    page.context.close()


def test_the_digital_lens_redraws_what_it_changes_and_keeps_the_rest(
    open_app: Callable[..., Page], app_database: Path, passwords: dict[str, str]
) -> None:
    """Switching the digital lens on the heatmap tab shows the lensed pemda score, its notice and the heatmap
    again, keeps the period and the documents' progress as they were (its per-OPD table too, once unfolded),
    lets the tabs switch afterwards, and switching it off brings back the first numbers."""
    actor = actor_of("sekda")
    period_id, period_name = current_period(actor)
    plain, lensed = (
        period_overview(actor, period_id=period_id, tag=tag).pemda_total["score"] for tag in (None, "digital")
    )
    assert format_number(plain, 2) != format_number(lensed, 2)  # the demo's lens changes the pemda's score
    page = open_app(viewport=DESKTOP)
    sign_in_as(page, "sekda", passwords["sekda"])
    score = by_key(page, "overview_verified_score").get_by_test_id("stMetricValue")
    documents = page.get_by_test_id("stMetric").filter(has_text=t("ui.docs.required", "id"))
    expect(score).to_have_text(format_number(plain, 2))
    required = documents.get_by_test_id("stMetricValue").inner_text()
    act(page, page.get_by_role("tab", name=t("ui.tab.heatmap", "id")).click)
    lens = by_key(page, "digital_lens").locator("label").first
    act(page, lens.click)
    expect(by_key(page, "lens_active")).to_contain_text(t("ui.lens.active", "id"))
    expect(score).to_have_text(format_number(lensed, 2))
    expect(by_key(page, "heatmap_chart").locator("svg rect").first).to_be_visible()
    expect_chosen(page, "period_select", period_name)
    expect(documents.get_by_test_id("stMetricValue")).to_have_text(required)
    act(page, page.get_by_role("tab", name=t("ui.tab.opd_ranking", "id")).click)
    expect(by_key(page, "opd_ranking_table").get_by_test_id("stDataFrame")).to_be_visible()
    act(page, lens.click)
    expect(by_key(page, "lens_active")).to_have_count(0)
    expect(score).to_have_text(format_number(plain, 2))
    expect(by_key(page, "opd_ranking_table").get_by_test_id("stDataFrame")).to_be_visible()
    for expected in (lensed, plain, lensed):  # redrawn in place: nothing the lens draws piles up
        act(page, lens.click)
        expect(score).to_have_text(format_number(expected, 2))
    panel = page.get_by_test_id("stExpander").filter(has_text=t("ui.docs.per_opd", "id"))
    per_opd = panel.get_by_test_id("stDataFrame")
    expect(per_opd).to_have_count(0)  # folded: not written
    act(page, panel.get_by_text(t("ui.docs.per_opd", "id"), exact=True).click)
    expect(per_opd).to_be_visible()
    act(page, lens.click)
    expect(score).to_have_text(format_number(plain, 2))
    expect(per_opd).to_be_visible()  # still unfolded, drawn again under the other lens
    expect(by_key(page, "overview_verified_score")).to_have_count(1)
    expect(page.get_by_role("tab", name=t("ui.tab.opd_ranking", "id"))).to_have_count(1)
    expect(heading(page, t("ui.behind.title", "id"))).to_have_count(1)
    expect(documents).to_have_count(1)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.context.close()


ELSEWHERE_WRITES = {  # another office's write while the Sekda's page is open → the documents' count it moves
    "approval": ("documents_accepted", "ui.docs.accepted"),  # changes the scores too
    "upload": ("documents_uploaded", "ui.docs.uploaded"),  # does not: only the documents token moves
}


@pytest.mark.parametrize("write", list(ELSEWHERE_WRITES))
def test_a_lens_switch_after_another_offices_write_shows_the_documents_as_they_are_now(
    open_app: Callable[..., Page], app_database: Path, passwords: dict[str, str], tmp_path: Path, write: str
) -> None:
    """After another office's approval or upload, switching the lens shows the documents' count as it is now,
    not as the page's last full run drew it (the upload moves no change token: 419 shown, 420 true, before the
    lensed part drew the documents' progress too)."""
    actor = actor_of("sekda")
    period_id, _ = current_period(actor)
    column, label = ELSEWHERE_WRITES[write]

    def count() -> int:
        return int(document_progress.document_progress(actor, period_id=period_id)[column].sum())

    page = open_app(viewport=DESKTOP)
    sign_in_as(page, "sekda", passwords["sekda"])
    shown = page.get_by_test_id("stMetric").filter(has_text=t(label, "id"))
    before = count()
    expect(shown.get_by_test_id("stMetricValue")).to_have_text(format_number(before, 0))
    scores = period_overview(actor, period_id=period_id).data_version
    if write == "approval":
        approve_elsewhere(period_id, sparing=E2E_FOCAL_POINTS, until=lambda: count() != before)
    else:
        upload_elsewhere(
            period_id, sparing=E2E_FOCAL_POINTS, until=lambda: count() != before, folder=tmp_path
        )
    assert (period_overview(actor, period_id=period_id).data_version == scores) == (write == "upload")
    act(page, by_key(page, "digital_lens").locator("label").first.click)
    expect(by_key(page, "lens_active")).to_contain_text(t("ui.lens.active", "id"))
    expect(shown.get_by_test_id("stMetricValue")).to_have_text(format_number(count(), 0))
    page.context.close()


# -- the review loop, both sizes -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_the_review_loop_on_a_phone_and_a_desktop(
    open_app: Callable[..., Page],
    app_database: Path,
    passwords: dict[str, str],
    tmp_path: Path,
    size: tuple[int, int],
) -> None:
    """Open the last item in view, upload a dated PDF and submit; the inspector sees it drawn, approves less with a
    note and lands on the next item; the OPD reads the note and the reviewed value; reload keeps, sign-out ends."""
    item = documents_item(FOCAL, skip=0 if size == PHONE else 1)
    total = sum(p for _, p in item.documents)
    reviewed = total - item.documents[0][1]
    note = f"SK belum memuat lampiran {size[0]}"

    # The focal point: the item at the bottom of the list opens in view.
    page = open_app(viewport=size)
    sign_in_as(page, FOCAL, passwords[FOCAL])
    last = by_key_prefix(page, "open_").get_by_role("button").last
    last.scroll_into_view_if_needed()
    act(page, last.click)
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("stHeading").first).to_be_in_viewport()
    close_item(page)

    # ...and so does the one to fill in, found by its code.
    by_key(page, "checklist_search").locator("input").fill(item.code)
    act(page, lambda: by_key(page, "checklist_search").locator("input").press("Enter"))
    click(page, f"open_{item.code}")
    expect(heading(page, f"{item.code} · ")).to_be_in_viewport()
    pdf = pdf_file(tmp_path / f"SK Tim {size[0]}.pdf", f"Surat Keputusan {item.code}")
    upload_evidence(page, item.code, pdf, freshness.today_wit())
    expect(alerts(page).filter(has_text=t("ui.evidence.uploaded", "id", count=1))).to_be_visible()
    dated = t("ui.evidence.dated_as", "id", date=format_date(freshness.today_wit(), "id"))
    expect(dialog.get_by_text(dated, exact=True)).to_be_visible()
    set_document_boxes(page, f"value_{item.code}_", [True] * len(item.documents))
    click(page, f"submit_{item.code}")
    expect(alerts(page).filter(has_text=t("ui.checklist.submitted", "id", code=item.code))).to_be_visible()
    detail = submission_views.item_detail(actor_of(FOCAL), submission_id=item.submission_id)
    assert detail.status == "submitted" and detail.evidence[0].document_date == freshness.today_wit()
    sign_out_anywhere(page)

    # The inspector: the PDF is drawn, the value starts empty, approve less with a note, the next item opens.
    inspector = actor_of(INSPECTOR)
    queue = verification.queue(inspector, period_id=item.period_id, organisation_id=item.organisation_id)
    abbreviation = str(queue.iloc[0]["opd"])
    sign_in_as(page, INSPECTOR, passwords[INSPECTOR])
    choose(page, "queue_opd", f"{abbreviation} · ")
    choose(page, "queue_pick", f" · {item.code} · ")
    expect(heading(page, f" · {item.code} · ")).to_be_visible()
    preview = by_key_prefix(page, "pdf_preview_").locator("img").first
    expect(preview).to_be_visible()
    assert preview.evaluate("img => img.complete && img.naturalWidth > 300")
    boxes = by_key_prefix(page, f"verify_docs_{item.submission_id}_").get_by_role("checkbox")
    expect(boxes.first).not_to_be_checked()  # no one-click approval of the claim
    set_document_boxes(
        page, f"verify_docs_{item.submission_id}_", [i != 0 for i in range(len(item.documents))]
    )
    by_key(page, f"approve_note_{item.submission_id}").locator("input").fill(note)
    click(page, f"approve_{item.submission_id}")
    approved = t("ui.queue.approved", "id", code=item.code, value=points(reviewed))
    confirmation = alerts(page).filter(has_text=approved)
    expect(confirmation).to_be_visible()
    expect(confirmation).to_be_in_viewport()  # where the user is, not above the page's top edge
    after = submission_views.item_detail(inspector, submission_id=item.submission_id)
    assert (after.status, after.verified_value) == ("verified", reviewed)
    expect(by_key_prefix(page, f"approve_{item.submission_id}")).to_have_count(0)  # another item is open
    expect(by_key_prefix(page, "approve_note_")).to_have_count(1)
    expect(confirmation).to_contain_text(t("ui.queue.next_opened", "id", item="")[:20])
    sign_out_anywhere(page)

    # The focal point: the note and the reviewed value on the row and on the item.
    sign_in_as(page, FOCAL, passwords[FOCAL])
    row = by_key(page, f"row_{item.code}")
    expect(row).to_contain_text(
        t("ui.checklist.claimed_reviewed", "id", claimed=points(total), reviewed=points(reviewed))
    )
    expect(row).to_contain_text(note)
    click(page, f"open_{item.code}")
    expect(page.get_by_role("dialog")).to_contain_text(note)
    expect(page.get_by_role("dialog")).to_contain_text(points(reviewed))
    close_item(page)

    # A reload keeps the sign-in; signing out ends it, and a reload then asks for the password.
    reload(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(FOCAL)
    expect(by_key(page, "login_username")).to_have_count(0)
    sign_out_anywhere(page)
    reload(page)
    expect(by_key(page, "login_username")).to_be_visible()
    expect(page.locator(NAV)).to_have_count(0)


def points(value: float) -> str:
    return t("ui.value.points", "id", points=format_number(value, 0))
