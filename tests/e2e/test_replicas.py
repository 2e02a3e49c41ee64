"""Several replicas behind nginx on one PostgreSQL (issue 16, scale-out), in Chromium: the shipped nginx site
(``deploy/nginx/lentera.conf``, over HTTPS on loopback) in front of two ``streamlit run`` replicas that share
nothing but the database (``LENTERA_EVIDENCE_STORE=database``).

The demo gets into PostgreSQL by ``backup`` of the SQLite demo and ``restore`` with the evidence in the
database, the way an installation moves to replicas. A focal point uploads evidence through the proxy and saves a draft. Then each replica in turn is killed
(``SIGKILL``) while the other runs, so whichever one held the browser's session went away once: the focal point
reloads and is still signed in, with the saved draft and the uploaded file there. Then the item is submitted,
the inspector accepts it and the Sekda sees the new score.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import DemoTemplate, sqlite_url_of
from nginx_proxy import SITE, running_proxy
from pg_server import PostgresServer
from playwright.sync_api import Browser, Page, expect
from ports import free_port, retry_on_port_clash
from streamlit_server import _serve, _stop, app_env

from config import get_settings
from e2e.conftest import RESULTS_DIR
from e2e.demo_items import (
    FOCAL,
    INSPECTOR,
    LEADER,
    leader_sees,
    open_item,
    points,
    set_document_boxes,
    small_pdf,
    untouched_item,
    upload,
    verified_total,
)
from e2e.steps import (
    RUN_COUNTER_SCRIPT,
    alerts,
    by_key_prefix,
    choose,
    click,
    metric_value,
    sign_in_ok,
    sign_out,
    wait_for_app_run,
)
from i18n import format_number, t
from models.database import engine_for
from services.backup import backup
from services.evidence_storage import evidence_store
from services.restore import restore
from storage.files import sha256_file

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

FAIL_TIMEOUT_SECONDS = int(re.findall(r"fail_timeout=(\d+)s", SITE.read_text(encoding="utf-8"))[0])


@dataclass
class Cluster:
    url: str  # the proxy's
    envs: list[dict[str, str]]
    ports: list[int] = field(default_factory=list)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    folder: Path = Path()
    starts: int = 0  # every start writes its own log

    def start(self, index: int) -> None:
        """Start replica ``index`` and return once it answers its health check (a restart: on its old port)."""
        self.starts += 1
        log = self.folder / f"replica-{index}-{self.starts}.log"
        _url, self.processes[index] = _serve(self.ports[index], self.envs[index], log)

    def start_all(self) -> None:
        """Every replica at once (each on a free port; another on the port first: again on another)."""
        self.ports = [0] * len(self.envs)
        self.processes = [None] * len(self.envs)  # type: ignore[list-item]

        def launch(index: int) -> None:
            def on(port: int) -> tuple[str, subprocess.Popen[bytes]]:
                self.ports[index] = port
                return _serve(port, self.envs[index], self.folder / f"replica-{index}-0.log")

            _url, self.processes[index] = retry_on_port_clash(on)

        with ThreadPoolExecutor(len(self.envs)) as pool:
            for done in [pool.submit(launch, index) for index in range(len(self.envs))]:
                done.result()

    def kill(self, index: int) -> None:
        """As a crash would: no chance to close anything."""
        self.processes[index].send_signal(signal.SIGKILL)
        self.processes[index].wait(timeout=15)


@pytest.fixture
def cluster(
    tmp_path: Path,
    postgres_server: PostgresServer,
    demo_template: DemoTemplate,
    chromium: str,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Cluster]:
    """The demo moved into a fresh PostgreSQL database, two replicas, nginx; this process's settings on that
    database. The demo gets there the way an installation moves to replicas: ``lentera backup`` of the seeded
    SQLite demo with its evidence folder, ``lentera restore`` into PostgreSQL with the evidence in the database
    (seeding the demo into PostgreSQL directly takes minutes on a busy machine)."""
    backup(tmp_path / "cadangan", url=sqlite_url_of(demo_template.data_dir), data_dir=demo_template.data_dir)
    name = f"lentera_replicas_{uuid.uuid4().hex[:10]}"
    url = postgres_server.create_database(name)
    shared = {"DATABASE_URL": url, "LENTERA_EVIDENCE_STORE": "database", "LENTERA_SECURE_COOKIES": "true",
              "LENTERA_CLIENT_ADDRESS_HEADER": "X-Real-IP"}  # fmt: skip
    for name_, value in {**shared, "LENTERA_DATA_DIR": str(tmp_path / "tests")}.items():
        monkeypatch.setenv(name_, value)
    get_settings.cache_clear()
    restore(tmp_path / "cadangan")
    assert not evidence_store().is_empty()
    envs = [app_env(tmp_path / f"replica-{index}", shared) for index in (0, 1)]
    replicas = Cluster(url="", envs=envs, folder=tmp_path)
    try:
        replicas.start_all()
        proxy_folder = tmp_path / "nginx"
        proxy_folder.mkdir()
        with running_proxy(proxy_folder, free_port(), replicas.ports) as proxy_url:
            replicas.url = proxy_url
            yield replicas
    finally:
        for process in replicas.processes:
            if process.poll() is None:
                _stop(process)
        _keep_logs(tmp_path)
        engine_for(get_settings().sqlalchemy_url).dispose()
        engine_for.cache_clear()
        get_settings.cache_clear()
        postgres_server.drop_database(name)


def _keep_logs(folder: Path) -> None:
    """The replicas' and nginx's logs, into test-results/ (gitignored), to read after a failure."""
    RESULTS_DIR.mkdir(exist_ok=True)
    for log in (*sorted(folder.glob("replica-*.log")), folder / "nginx" / "error.log"):
        if log.exists():
            shutil.copyfile(log, RESULTS_DIR / f"replicas-{log.parent.name}-{log.name}")


@pytest.fixture
def open_tab(browser: Browser, cluster: Cluster) -> Iterator[Callable[[], Page]]:
    contexts = []

    def opener() -> Page:
        context = browser.new_context(
            viewport={"width": 1440, "height": 1000}, locale="id-ID", ignore_https_errors=True
        )
        context.set_default_timeout(30_000)
        context.add_init_script(RUN_COUNTER_SCRIPT)
        contexts.append(context)
        tab = context.new_page()
        tab.goto(f"{cluster.url}/")
        wait_for_app_run(tab)
        return tab

    yield opener
    for context in contexts:
        context.close()


def test_a_user_stays_signed_in_with_the_saved_draft_when_a_replica_dies(
    cluster: Cluster,
    open_tab: Callable[[], Page],
    tmp_path: Path,
    demo_template: DemoTemplate,
) -> None:
    """Upload and draft through the proxy, each replica killed in turn, then reviu and the Sekda's new score."""
    passwords = demo_template.logins
    item = untouched_item(FOCAL)
    score_before, _, _ = verified_total(item)
    total_points = sum(p for _, p in item.documents)

    page = open_tab()
    sign_in_ok(page, FOCAL, passwords[FOCAL])
    cookie = next(c for c in page.context.cookies() if c["name"] == "lentera_session")
    assert cookie["secure"] and cookie["httpOnly"]  # behind TLS the cookie is Secure (LENTERA_SECURE_COOKIES)
    open_item(page, item)
    pdf = small_pdf(tmp_path / "SK Tim Perencanaan 2025.pdf")
    upload(page, item, pdf)
    expect(alerts(page).filter(has_text=t("ui.evidence.uploaded", "id", count=1))).to_be_visible()
    assert sha256_file(pdf) in set(evidence_store().iter_objects())  # in PostgreSQL, not on a replica's disk
    set_document_boxes(page, f"value_{item.code}_", [True] * len(item.documents))
    click(page, f"save_{item.code}")
    expect(alerts(page).filter(has_text=t("ui.checklist.saved", "id", code=item.code))).to_be_visible()

    for index in (0, 1):
        cluster.kill(index)
        page.reload()
        wait_for_app_run(page)
        expect(page.get_by_test_id("stSidebar")).to_contain_text(FOCAL)  # no password asked again
        open_item(page, item)
        expect(by_key_prefix(page, "download_")).to_have_count(1)  # the uploaded file, served by the survivor
        boxes = by_key_prefix(page, f"value_{item.code}_").get_by_role("checkbox")
        expect(boxes).to_have_count(len(item.documents))
        for box in boxes.all():
            expect(box).to_be_checked()  # the saved draft
        if index == 0:
            # Back before the other one goes; not earlier, or nginx would send this browser's requests to the
            # restarted replica while its Streamlit session lives on the survivor. nginx skips a server for
            # fail_timeout after its last failed attempt (passive checks; a reply of a replica still starting
            # counts too, and is not logged): only once that has passed since the replica answered its health
            # check is it sure to send browsers to it again (a rolling restart waits as long).
            cluster.start(0)
            time.sleep(FAIL_TIMEOUT_SECONDS)

    click(page, f"submit_{item.code}")
    expect(alerts(page).filter(has_text=t("ui.checklist.submitted", "id", code=item.code))).to_be_visible()
    sign_out(page)

    verified_value = total_points - item.documents[0][1]
    sign_in_ok(page, INSPECTOR, passwords[INSPECTOR])
    choose(page, "queue_opd", f"{item.abbreviation} · ")
    choose(page, "queue_pick", f" · {item.code} · ")
    set_document_boxes(
        page, f"verify_docs_{item.submission_id}_", [i != 0 for i in range(len(item.documents))]
    )
    click(page, f"approve_{item.submission_id}")
    approved = t("ui.queue.approved", "id", code=item.code, value=points(verified_value))
    expect(alerts(page).filter(has_text=approved)).to_be_visible()
    sign_out(page)

    score_after, _, _ = verified_total(item)
    assert score_after > score_before
    sign_in_ok(page, LEADER, passwords[LEADER])
    leader_sees(page, item)
    verified_label = t("ui.metric.verified_score", "id", reviewer="Inspektorat")
    expect(metric_value(page, verified_label)).to_have_text(format_number(score_after, 2))
